"""The whole corpus of real directives through the gold checker's matching (tests/gold_check.py),
in process. A directive that still fails is listed with its reason in
tests/data/known_failures.toml; a listed one that passes must be taken off the list."""

from __future__ import annotations

import tomllib
from typing import Any

import gold_check
import pytest

KNOWN: dict[str, str] = tomllib.loads(
    (gold_check.DATA / "known_failures.toml").read_text(encoding="utf-8")
)["failures"]
ENTRIES = gold_check.gold_entries()


def test_the_corpus_is_here() -> None:
    assert len(ENTRIES) >= 31
    for entry in ENTRIES:
        assert (gold_check.DIRECTIVES / entry["file"]).is_file(), entry["file"]
    stale = set(KNOWN) - {e["file"] for e in ENTRIES}
    assert not stale or not gold_check.GOLD_FILES[1].is_file(), stale  # none left behind


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e["file"][:2])
def test_directive_against_gold(entry: dict[str, Any]) -> None:
    ok, lines, _ = gold_check.check_file(entry)
    report = "\n".join(lines)
    if entry["file"] in KNOWN:
        assert not ok, f"{entry['file']} passes now: remove it from known_failures.toml"
    else:
        assert ok, f"{entry['file']} fails the gold check:\n{report}"


def test_metadata_wrong_or_missing_is_at_most_a_tenth_of_the_stated_fields() -> None:
    totals = [0, 0, 0]
    for entry in ENTRIES:
        _, _, counts = gold_check.check_file(entry)
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
    right, wrong, missing = totals
    assert wrong + missing <= 0.10 * (right + wrong + missing), totals


def test_the_checker_matches_as_the_shared_tool_does() -> None:
    entry = {
        "file": "x.txt",
        "kind": "excerpt",
        "citizen_content": "partial",
        "cut_tail": "đ",
        "meta": {"issuer": "UBND xã Ia Yeng", "number": "91"},
        "must_include": [["hoà bình"], ["a–b", "không có"]],
        "must_exclude": ["“trích”"],
    }
    good = {"directive": {"issuer": "Ủy ban nhân dân xã Ia Yeng, tỉnh Gia Lai", "number": "91"}}
    ok, _, counts = gold_check.check_entry(entry, {**good, "script": {"text": "Hòa  bình A-B."}})
    assert ok and counts == [2, 0, 0]
    bad = {"directive": {"number": "92"}, "script": {"text": 'hòa bình, a-b "trích" đ.'}}
    ok, lines, counts = gold_check.check_entry(entry, bad)
    assert not ok and counts == [0, 1, 1]
    assert any("excluded present" in line for line in lines)
    assert any("cut-off tail read" in line for line in lines)
