"""Split script text into paragraphs and sentences — the units the voice speaks and caches."""

from __future__ import annotations

import re

from radio_sched.script.abbreviations import (
    ADDRESS_ABBREVIATIONS,
    DOTTED_ABBREVIATIONS,
    SIGNING_AUTHORITIES,
    STANDING_BODY,
)

_BLANK_LINES = re.compile(r"\n\s*\n")
# A sentence ends at . ! ? … (and ; when a sentence runs long) followed by space and a capital or
# a quote. Dates like 07/9 and numbers like 1.500.000 have no space after the dot, so they stay.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[”\"»)]?\s+(?=[“\"«(]?[A-ZÀ-Ỹ0-9Đ])")
# A dot after an abbreviation ends no sentence: the spoken form's own tables of dotted
# abbreviations (one list of them, in abbreviations.py), and two the voice reads as written.
_DOTTED = sorted(
    {*DOTTED_ABBREVIATIONS, *SIGNING_AUTHORITIES, *ADDRESS_ABBREVIATIONS, STANDING_BODY[0]}
    | {"St", "Mr"},
    key=len,
    reverse=True,
)
_ABBREVIATION_END = re.compile(rf"(?:\b(?:{'|'.join(map(re.escape, _DOTTED))}|v\.v)\.)$")
_ITEM_MARKER_ONLY = re.compile(r"^(?:[IVXLC]+|\d{1,2}(?:\.\d{1,2})*)\.$")
# Past this many words a sentence is too long to read in one breath: the composer cuts it at ";"
# and before "đặc biệt", "trong đó" …, and the voice pauses at its ";" and ":".
LONG_SENTENCE_WORDS = 40
_SOFT_BREAK = re.compile(r"(?<=[;:])\s+")


def split_paragraphs(text: str) -> list[str]:
    return [" ".join(block.split()) for block in _BLANK_LINES.split(text.strip()) if block.strip()]


def split_sentences(paragraph: str, *, breathe: bool = True) -> list[str]:
    """Sentences of a paragraph. With ``breathe``, very long ones are also cut at ; and : so the
    voice pauses there."""
    pieces: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(paragraph):
        candidate = paragraph[start : match.start()].rstrip()
        if _ABBREVIATION_END.search(candidate) or _ITEM_MARKER_ONLY.match(candidate.strip()):
            continue
        pieces.append(paragraph[start : match.end()].strip())
        start = match.end()
    pieces.append(paragraph[start:].strip())
    sentences: list[str] = []
    for piece in filter(None, pieces):
        if breathe and len(piece.split()) > LONG_SENTENCE_WORDS:
            sentences.extend(part for part in _SOFT_BREAK.split(piece) if part)
        else:
            sentences.append(piece)
    return sentences


def split_script(text: str) -> list[list[str]]:
    """Paragraphs, each a list of sentences."""
    return [split_sentences(paragraph) for paragraph in split_paragraphs(text)]
