"""The spoken form on real phrases: a table of text found in real directives, news and public
pages (tests/data/spoken_phrases.tsv, each row with its source), and how an announcer says it.

The kinds are the hard ones of issue 10 item 7: agency names joined with "&" or "-", "BCH" by
context, slashes that are fractions, house numbers or wards, road markers, Latin letter clusters,
party and state document codes, units, hotlines and addresses.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import NamedTuple

import pytest

from radio_sched.script.spoken import spoken_form

TABLE = Path(__file__).parent / "data" / "spoken_phrases.tsv"
KINDS = {
    "compound",
    "bch",
    "fraction",
    "house_number",
    "ward_district",
    "address",
    "road_marker",
    "latin",
    "doc_code",
    "unit",
    "hotline",
}


class Phrase(NamedTuple):
    written: str
    spoken: str
    kind: str
    source: str


def _phrases() -> list[Phrase]:
    with TABLE.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    return [Phrase(row["written"], row["spoken"], row["kind"], row["source"]) for row in reader]


PHRASES = _phrases()


def test_table_is_big_enough_and_covers_every_kind() -> None:
    assert len(PHRASES) >= 60
    assert {phrase.kind for phrase in PHRASES} == KINDS
    assert all(phrase.source.strip() for phrase in PHRASES)
    assert len({phrase.written for phrase in PHRASES}) == len(PHRASES)


@pytest.mark.parametrize(
    "phrase", PHRASES, ids=[f"{index:02d}-{phrase.kind}" for index, phrase in enumerate(PHRASES)]
)
def test_real_phrase_is_read_as_an_announcer_would(phrase: Phrase) -> None:
    assert spoken_form(phrase.written) == phrase.spoken
