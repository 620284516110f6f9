"""Build ``radio_sched/directive/syllable_counts.py``: how often each Vietnamese syllable occurs
in the real directives under ``tests/data/directives`` (and any other folders given).

The cleaner uses the counts only to choose between valid repairs of a broken PDF word ("h p" →
"hợp" rather than "hẹp"); whether a word is Vietnamese at all is decided by spelling rules.
Rebuild after adding texts, then review the diff:

    .venv/bin/python tests/syllable_inventory.py [MORE_DIRS ...]
"""

from __future__ import annotations

import collections
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "radio_sched" / "directive" / "syllable_counts.py"
HEADER = '''"""Syllable counts in real directives (from tests/syllable_inventory.py; do not edit).

Used only to rank valid repairs of a broken word; see ``words.py``.
"""

from __future__ import annotations

_DATA = (
'''
FOOTER = ''')

COUNTS: dict[str, int] = {pair.split(":")[0]: int(pair.split(":")[1]) for pair in _DATA.split()}


def count(word: str) -> int:
    """How often ``word`` (any case) occurs in the reference texts; 0 when never."""
    return COUNTS.get(word.lower(), 0)
'''


def main(extra: list[str]) -> None:
    sys.path.insert(0, str(ROOT))
    from radio_sched.directive.syllables import is_syllable

    folders = [ROOT / "tests" / "data" / "directives", *map(Path, extra)]
    counts: collections.Counter[str] = collections.Counter()
    for folder in folders:
        for path in sorted(folder.glob("*.txt")):
            text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8", errors="replace"))
            for token in re.findall(r"[^\W\d_]+", text.lower()):
                if is_syllable(token):
                    counts[token] += 1
    pairs = [f"{word}:{n}" for word, n in sorted(counts.items())]
    lines: list[str] = []
    line = ""
    for pair in pairs:
        if len(line) + len(pair) > 88:
            lines.append(f'    "{line.strip()} "\n')
            line = ""
        line += pair + " "
    lines.append(f'    "{line.strip()}"\n')
    TARGET.write_text(HEADER + "".join(lines) + FOOTER, encoding="utf-8")
    print(f"{len(counts)} syllables from {len(folders)} folder(s) → {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
