"""Abbreviations a directive defines for itself. Pure: no files, no clock.

A Vietnamese administrative text coins abbreviations for the bodies and campaigns it talks
about, and spells each one out somewhere in the same text, in one of two ways:

* in brackets after the full name: "Ban Chỉ đạo Tổng điều tra (BCĐ TĐT)", "Chương trình
  phát triển lâm nghiệp bền vững (PTLNBV)"; a bracket may hold several abbreviations, whose
  letters follow the name's syllables in order, and "và", "các", "của" may be left out of the
  letters ("Văn hóa, Thể thao và Du lịch (VHTTDL)");
* by writing the name out elsewhere: an abbreviation of three letters or more whose letters are
  the initials of a phrase the text writes as a name (its first word capitalised, no word in
  capitals), "cuộc TĐT" beside "Tổng điều tra dân số" (T-Đ-T = "Tổng điều tra").

``document_acronyms`` finds these; ``expand_acronyms`` writes the words in place of the letters
so the script says what a listener understands. An abbreviation the text does not spell out is
left as it stands, for the spoken form's dictionary.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Collection, Mapping
from functools import cache

from radio_sched.directive.patterns import UPPER

_ACRONYM = rf"[{UPPER}]{{2,8}}"
ACRONYM = re.compile(rf"(?<![\w&/\\-]){_ACRONYM}(?![\w&/\\-])")
_BRACKET = re.compile(rf"\(\s*(?P<inside>{_ACRONYM}(?:\s*[,;]?\s+{_ACRONYM})*)\s*\)")
_WORD = re.compile(r"[^\W\d_]+")
# Little words a name's abbreviation may leave out.
_SKIPPABLE = frozenset({"và", "các", "của", "cho", "về", "với"})
_BACK_WORDS = 20  # how far before a bracket its name may start
_MIN_INITIALS = 3  # shorter abbreviations match too many phrases by chance


def document_acronyms(text: str, known: Collection[str] = ()) -> dict[str, str]:
    """Abbreviation → the words the text itself gives for it (see the module docstring).

    Abbreviations in ``known`` (the spoken form's dictionary) are taken from a bracket only:
    a phrase that merely fits their letters does not override the dictionary."""
    found: dict[str, str] = {}
    for match in _BRACKET.finditer(text):
        tokens = re.findall(_ACRONYM, match["inside"])
        sentence_start = max(text.rfind(mark, 0, match.start()) for mark in ".;:!?\n(")
        before = text[sentence_start + 1 : match.start()]
        for token, name in _bracket_names(before, tokens).items():
            found.setdefault(token, name)
    for token in dict.fromkeys(ACRONYM.findall(text)):
        if token in found or token in known or len(token) < _MIN_INITIALS:
            continue
        if re.fullmatch(r"[IVXLCDM]+", token):
            continue  # a Roman numeral ("khóa XIV"), not an abbreviation
        phrase = _phrase_for(token, text)
        if phrase is not None:
            found[token] = phrase
    return found


def expand_acronyms(text: str, acronyms: Mapping[str, str]) -> str:
    """The text with each abbreviation of ``acronyms`` written out; a bracket that only repeats
    abbreviations after their full name ("Tổng điều tra (TĐT)") goes."""
    if not acronyms:
        return text

    def bracket(match: re.Match[str]) -> str:
        tokens = re.findall(_ACRONYM, match["inside"])
        return "" if all(token in acronyms for token in tokens) else match.group(0)

    text = re.sub(rf"\s*{_BRACKET.pattern}", bracket, text)
    return ACRONYM.sub(lambda m: acronyms.get(m.group(0), m.group(0)), text)


def _bracket_names(before: str, tokens: list[str]) -> dict[str, str]:
    """The name each bracketed abbreviation stands for, from the words just before it."""
    words = [m for m in _WORD.finditer(before)][-_BACK_WORDS:]
    letters = [_initial(letter) for letter in "".join(tokens)]
    texts = tuple(m.group(0) for m in words)
    alignment = _align(texts, tuple(letters))
    if alignment is None:
        return {}
    names: dict[str, str] = {}
    position = 0
    for token in tokens:
        first, last = alignment[position], alignment[position + len(token) - 1]
        position += len(token)
        span = before[words[first].start() : words[last].end()]
        if span.isupper():
            return {}  # a heading in capitals: no words to say instead
        names[token] = " ".join(span.split())
    return names


def _align(words: tuple[str, ...], letters: tuple[str, ...]) -> list[int] | None:
    """Indexes of the words whose initials are ``letters``, the last letter on the last word;
    little words (``_SKIPPABLE``) between them may be skipped. The shortest name wins."""

    @cache
    def walk(word: int, letter: int) -> tuple[int, ...] | None:
        if letter < 0:
            return ()
        if word < 0 or word < letter:
            return None
        if _initial(words[word]) == letters[letter]:
            taken = walk(word - 1, letter - 1)
            if taken is not None:
                return (*taken, word)
        if words[word].lower() in _SKIPPABLE and letter < len(letters) - 1:
            return walk(word - 1, letter)
        return None

    result = walk(len(words) - 1, len(letters) - 1)
    return list(result) if result is not None else None


def _phrase_for(token: str, text: str) -> str | None:
    """The phrase, written as a name, whose syllables' initials spell ``token``."""
    letters = [_initial(letter) for letter in token]
    size = len(letters)
    counts: Counter[str] = Counter()
    forms: dict[str, str] = {}
    for piece in re.split(r"[,.;:!?()\n\"“”]", text):
        words = _WORD.findall(piece)
        for start in range(len(words) - size + 1):
            window = words[start : start + size]
            if not window[0][:1].isupper() or any(w.isupper() for w in window):
                continue
            if [_initial(w) for w in window] != letters:
                continue
            phrase = " ".join(window)
            key = phrase.lower()
            counts[key] += 1
            forms.setdefault(key, phrase)
    if not counts:
        return None
    ranked = counts.most_common(2)
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None  # two names fit equally: the text does not say which
    return forms[ranked[0][0]]


def _initial(word: str) -> str:
    """The first letter without its marks ("Ủy" → "u"); đ stays đ."""
    first = unicodedata.normalize("NFD", word[:1].lower())[:1]
    return first
