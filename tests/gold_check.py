"""The gold checker's matching, vendored from ``../shared/tools/check_gold.py`` (behaviour
identical), and an in-process runner: each directive goes through the same pipeline as
``radio-sched script FILE --commune "Xã Tân Thành" --json``, without a subprocess per file.

    .venv/bin/python tests/gold_check.py [GOLD.json ...]   # prints the checker's report

CI runs in a clean clone where ``../shared`` is absent, so the corpus lives in ``tests/data``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
DIRECTIVES = DATA / "directives"
GOLD_FILES = (
    DATA / "gold_shared.json",
    DATA / "gold_extra.json",
    DATA / "gold_blind.json",
    DATA / "gold_blind2.json",
    DATA / "gold_blind3.json",
    DATA / "gold_blind4.json",
)
COMMUNE = "Xã Tân Thành"
# The pipeline reads "từ nay đến ngày …" against today; a fixed day keeps the runs repeatable.
TODAY = dt.date(2026, 12, 2)

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")
_QUOTES: dict[int, str | None] = {
    ord("\u201c"): '"',
    ord("\u201d"): '"',
    ord("\u201e"): '"',
    ord("\u2018"): "'",
    ord("\u2019"): "'",
    ord("\u00a0"): " ",
    ord("\u200b"): None,
    ord("\ufeff"): None,
}
# new-style tone placement -> old style, applied to both sides (oà -> òa, uỷ -> ủy, ...)
_TONE: dict[str, str] = {}
for _v, _marks in (("a", "àáảãạ"), ("e", "èéẻẽẹ")):
    for _plain, _marked in zip("òóỏõọ", _marks, strict=True):
        _TONE["o" + _marked] = _plain + _v
for _plain, _marked in zip("ùúủũụ", "ỳýỷỹỵ", strict=True):
    _TONE["u" + _marked] = _plain + "y"
_TONE_RE = re.compile("|".join(map(re.escape, _TONE)))


def norm(text: str) -> str:
    text = unicodedata.normalize("NFC", text or "").lower()
    text = text.translate(_DASHES).translate(_QUOTES)
    text = _TONE_RE.sub(lambda m: _TONE[m.group(0)], text)
    return " ".join(text.split())


_ABBR = [
    (r"ubmttqvn", "ủy ban mặt trận tổ quốc việt nam"),
    (r"mttqvn", "mặt trận tổ quốc việt nam"),
    (r"mttq", "mặt trận tổ quốc"),
    (r"ubnd", "ủy ban nhân dân"),
    (r"hđnd", "hội đồng nhân dân"),
    (r"stttt|sở tt&tt|sở tttt", "sở thông tin và truyền thông"),
    (r"vhtt&dl|vhttdl", "văn hóa thể thao và du lịch"),
    (r"tp\.?", "thành phố"),
]


def norm_org(text: str) -> str:
    text = norm(text)
    for pattern, full in _ABBR:
        text = re.sub(rf"(?<!\w)(?:{pattern})(?!\w)", full, text)
    text = re.sub(r"[,.;:()\"'“”]", " ", text)
    return " ".join(text.split())


def contains_word_bounded(text: str, frag: str) -> bool:
    pattern = rf"(?<![^\W\d_]){re.escape(frag)}(?![^\W\d_])"
    return re.search(pattern, text) is not None


def output_meta(directive: dict[str, Any]) -> dict[str, Any]:
    campaign = directive.get("campaign") or {}
    signer = directive.get("signer") or {}
    return {
        "number": directive.get("number"),
        "code": directive.get("code"),
        "issuer": directive.get("issuer"),
        "date": directive.get("date"),
        "campaign_start": campaign.get("start") if isinstance(campaign, dict) else None,
        "campaign_end": campaign.get("end") if isinstance(campaign, dict) else None,
        "frequency_per_day": directive.get("frequency_per_day"),
        "signer": signer.get("name") if isinstance(signer, dict) else signer,
    }


def meta_equal(field: str, want: Any, got: Any) -> bool:
    if field in ("number", "code"):
        return str(want).strip() == str(got).strip()
    if field == "issuer":
        a, b = norm_org(str(want)), norm_org(str(got))
        return bool(a) and bool(b) and (a in b or b in a)
    if field == "frequency_per_day":
        try:
            return int(want) == int(got)
        except (TypeError, ValueError):
            return False
    if field == "signer":
        return norm(str(want)) == norm(str(got))
    return str(want).strip() == str(got).strip()  # ISO dates


def check_entry(
    entry: dict[str, Any], data: dict[str, Any] | None, why: str = "", use_tail: bool = True
) -> tuple[bool, list[str], list[int]]:
    """(passed, report lines, [right, wrong, missing] meta counts), as check_gold.py."""
    lines: list[str] = []
    counts = [0, 0, 0]
    script = (data or {}).get("script") or {}
    text = script.get("text") if isinstance(script, dict) else None
    directive = (data or {}).get("directive") or {}
    if why:
        lines.append(f"   program: {why}")

    if not text:
        ok = entry["citizen_content"] == "none"
        lines.append("   no script" + (" (accepted: nothing for citizens)" if ok else ""))
    else:
        flat = norm(text)
        missing = [g for g in entry["must_include"] if not any(norm(a) in flat for a in g)]
        present = [e for e in entry["must_exclude"] if norm(e) in flat]
        tail = entry.get("cut_tail") if entry["kind"] == "excerpt" else None
        tail_read = bool(use_tail and tail and contains_word_bounded(flat, norm(tail)))
        for group in missing:
            lines.append(
                "   missing: " + " | ".join(json.dumps(a, ensure_ascii=False) for a in group)
            )
        for e in present:
            lines.append("   excluded present: " + json.dumps(e, ensure_ascii=False))
        if tail_read:
            lines.append("   cut-off tail read: " + json.dumps(tail, ensure_ascii=False))
        ok = not missing and not present and not tail_read

    got = output_meta(directive)
    for field, want in entry["meta"].items():
        value = got.get(field)
        if value in (None, ""):
            counts[2] += 1
            lines.append(f"   meta missing: {field} (want {want!r})")
        elif meta_equal(field, want, value):
            counts[0] += 1
        else:
            counts[1] += 1
            lines.append(f"   meta wrong: {field} = {value!r} (want {want!r})")
    return ok, lines, counts


def gold_entries() -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    for path in GOLD_FILES:
        if path.is_file():
            entries.extend(json.loads(path.read_text(encoding="utf-8")))
    return entries


def run_pipeline(path: Path) -> dict[str, Any]:
    """What ``radio-sched script PATH --commune COMMUNE --json`` prints, the parts the checker
    reads: the directive and the script text."""
    from radio_sched.directive.parse import parse_text
    from radio_sched.directive.read import read_directive_text
    from radio_sched.directive.serialize import directive_to_dict
    from radio_sched.script.compose import compose_script

    _, directive = parse_text(read_directive_text(path), today=TODAY)
    script = compose_script(directive, COMMUNE)
    return {"directive": directive_to_dict(directive), "script": {"text": script.text}}


def check_file(entry: dict[str, Any]) -> tuple[bool, list[str], list[int]]:
    path = DIRECTIVES / entry["file"]
    if not path.is_file():
        return check_entry(entry, None, "source file not found")
    try:
        data = run_pipeline(path)
    except Exception as err:  # noqa: BLE001 - reported like the checker's failed program
        return check_entry(entry, None, f"{type(err).__name__}: {err}")
    return check_entry(entry, data)


def main(argv: list[str]) -> int:
    entries = gold_entries()
    if argv:
        entries = [e for e in entries if any(e["file"].startswith(a) for a in argv)]
    passed, totals = 0, [0, 0, 0]
    for entry in entries:
        ok, lines, counts = check_file(entry)
        passed += ok
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
        print(f"{'PASS' if ok else 'FAIL'} {entry['file']} [{entry['kind']}]")
        for line in lines:
            print(line)
    print(f"gold: {passed}/{len(entries)} scripts pass; meta R/W/M = {'/'.join(map(str, totals))}")
    return 0 if passed == len(entries) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
