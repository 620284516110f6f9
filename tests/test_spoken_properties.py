"""Properties of the spoken form that must hold for any input: it never raises, its output is
NFC, and no ASCII digit survives (a voice would read it in English, or not at all)."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from radio_sched.models import Dialect
from radio_sched.script.spoken import _transform, count_syllables, spoken_form

_WORDS = [
    "ngày",
    "tháng",
    "năm",
    "thứ",
    "lần",
    "khóa",
    "số",
    "điện thoại",
    "hotline",
    "từ",
    "đến",
    "giờ",
    "UBND",
    "TP.",
    "COVID",
    "Covid",
    "SARS-CoV",
    "QL",
    "ĐT",
    "F",
    "K",
    "h",
    "km",
    "m",
    "oC",
    "°C",
    "XV",
    "I",
    "KH-TBTT",
    "STTTT-TTBCXB",
    "CT-TTg",
    "x",
    "http://",
    "www.",
    ".gov.vn",
    "@",
    "Ủy ban",
    "vắc-xin",
]
_SEPARATORS = [
    "/",
    ".",
    ",",
    "-",
    "–",
    ":",
    " ",
    "  ",
    "%",
    "h",
    "\n",
    "\n\n",
    "(",
    ")",
    "+",
    "&",
    "./.",
    "…",
    "²",
    "°",
    "**",
]

_PIECES = st.one_of(
    st.integers(min_value=0, max_value=10**16).map(str),
    st.text(alphabet="0123456789", min_size=1, max_size=14),
    st.sampled_from(_WORDS),
    st.sampled_from(_SEPARATORS),
)
_DIRECTIVE_LIKE = st.lists(_PIECES, max_size=40).map("".join)
_DIALECTS = st.sampled_from(list(Dialect))


def _check(text: str, dialect: Dialect) -> None:
    spoken = spoken_form(text, dialect)
    assert isinstance(spoken, str)
    assert unicodedata.is_normalized("NFC", spoken)
    assert not any("0" <= char <= "9" for char in spoken), spoken
    assert count_syllables(spoken) >= 0


@settings(max_examples=300, deadline=None)
@given(st.text(), _DIALECTS)
def test_arbitrary_text(text: str, dialect: Dialect) -> None:
    _check(text, dialect)


@settings(max_examples=500, deadline=None)
@given(_DIRECTIVE_LIKE, _DIALECTS)
def test_text_made_of_digits_separators_and_words(text: str, dialect: Dialect) -> None:
    _check(text, dialect)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200), _DIALECTS)
def test_any_unicode_including_combining_marks(text: str, dialect: Dialect) -> None:
    _check(unicodedata.normalize("NFD", text), dialect)


@settings(max_examples=200, deadline=None)
@given(_DIRECTIVE_LIKE)
def test_speaking_spoken_text_again_is_safe(text: str) -> None:
    """The renderer may see text that is already spoken: a second pass keeps the invariants.
    (Exact idempotence is tested on the real samples in test_spoken.py.)"""
    once = spoken_form(text)
    _check(once, Dialect.NORTH)


@settings(max_examples=500, deadline=None)
@given(st.one_of(_DIRECTIVE_LIKE, st.text()), _DIALECTS)
def test_pipeline_itself_does_not_fall_back(text: str, dialect: Dialect) -> None:
    """spoken_form catches errors and degrades to digit-by-digit; the passes should not need it."""
    _transform(unicodedata.normalize("NFC", text), dialect)
