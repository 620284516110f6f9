"""Broken words in text copied out of a PDF: lost letters ("lư ng", "ch đạo", "Phối h p") and
glued words ("văn bảnsố", "điểmbắn"). Pure.

A token that is not a Vietnamese syllable (``syllables.is_syllable``) is a candidate. Repairs are
tried in this order and kept only when one answer stands out:

1. glued: split the token where both halves are syllables ("bảnsố" → "bản số");
2. split: join a lone fragment to its neighbour ("ba n" → "ban");
3. lost letter: put back one vowel between a fragment and its neighbour ("lư ng" → "lượng"),
   or, when nothing joins, at the fragment's end ("ch đạo" → "chỉ đạo").
   A PDF font that drops a letter drops it everywhere, so only letters that the text never
   shows are tried, and among valid syllables the one most common in general Vietnamese
   (``syllable_frequencies``, from wordfreq) wins when it is clearly the most common.

A lone letter before a word that starts with it ("Thứ S Sáu") is a key struck twice, dropped
when it joins nothing. Anything else is returned with ``repair=None``: the word stays as read
and must not be aired (``typos.unairable``; the classifier holds its sentence back).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from radio_sched.directive.syllable_frequencies import count
from radio_sched.directive.syllables import has_vietnamese_marks, is_syllable

BrokenKind = Literal[
    "glued",
    "split",
    "lost_letter",
    "lost_mark",
    "unknown",
    "repeated_letter",
    # typos.py: a writer's typos rather than a PDF's damage
    "non_word",
    "impossible_date",
    "percent_temperature",
    "unit_typo",
    "repeated_word",
    "known_misspelling",
    "own_spelling",
]

_VOWELS = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵ"
_TOKEN = re.compile(r"[^\W\d_]+")
_CAMEL = re.compile(r"(?<=[^\W\d_])(?=[A-ZĐ][a-zđ\u00e0-\u1ef9])")

NOTES: dict[str, str] = {
    "glued": "Hai chữ bị dính liền khi chép từ tệp PDF; đã tách ra.",
    "split": "Một chữ bị tách đôi khi chép từ tệp PDF; đã ghép lại.",
    "lost_letter": "Chữ bị mất một ký tự khi chép từ tệp PDF; đã điền lại.",
    "lost_mark": "Chữ mất dấu thanh khi chép từ tệp PDF (dấu bị tách ra chỗ khác); cần sửa tay.",
    "unknown": "Chữ không phải tiếng Việt (có lẽ mất ký tự khi chép từ tệp PDF); cần sửa tay.",
    "repeated_letter": "Chữ cái gõ thừa trước một chữ bắt đầu bằng chính nó; đã bỏ.",
    "non_word": (
        "Lỗi gõ dấu: tiếng Việt không dùng chữ này; đã sửa thành chữ thông dụng duy nhất chỉ "
        "khác một dấu."
    ),
    "impossible_date": (
        "Ngày không có thật, có lẽ mất dấu gạch chéo; đã tách thành ngày/tháng theo tháng của "
        "các ngày khác trong văn bản."
    ),
    "percent_temperature": "Nhiệt độ bị ghi nhầm bằng dấu phần trăm; đã sửa thành độ C.",
    "unit_typo": (
        'Đơn vị đo gõ nhầm (độ C viết thành chữ o, chữ "giờ" lặp sau số phút, dấu chấm thừa '
        "trước đơn vị); đã sửa."
    ),
    "repeated_word": 'Chữ bị gõ lặp hai lần liền nhau ("thôn thôn"); đã bỏ chữ thừa.',
    "known_misspelling": (
        'Lỗi chính tả thường gặp ("vác xin", "sử lý"); đã sửa theo cách viết chuẩn.'
    ),
    "own_spelling": (
        "Gõ nhầm dấu thành một chữ khác; chỗ khác trong văn bản viết đúng cụm từ này, đã sửa theo."
    ),
}
UNREPAIRED_NOTES: dict[str, str] = {
    "non_word": (
        "Lỗi gõ dấu: tiếng Việt không dùng chữ này và có nhiều cách sửa; câu này không được "
        "đọc, cần sửa tay."
    ),
    "impossible_date": (
        "Ngày, tháng hoặc giờ không có thật (tháng không có ngày đó, tháng quá 12, giờ quá 24, "
        "phút quá 59); câu này không được đọc, cần sửa tay."
    ),
}


@dataclass(frozen=True)
class BrokenWord:
    """A word as read that is not Vietnamese, and its repair (None: not repaired)."""

    text: str  # as read: "lư ng", "bảnsố", "ch"
    repair: str | None  # "lượng", "bản số"; None when no single repair is certain
    kind: BrokenKind
    line: int  # 1-based line of the cleaned text

    @property
    def note(self) -> str:
        if self.repair is None and self.kind != "lost_mark":
            return UNREPAIRED_NOTES.get(self.kind, NOTES["unknown"])
        return NOTES[self.kind]


@dataclass(frozen=True)
class Fix:
    """A span of a line found broken, and its repair (None: marked, not repaired)."""

    start: int
    end: int
    replacement: str | None
    kind: BrokenKind


def apply_fixes(line: str, fixes: list[Fix], line_number: int) -> tuple[str, list[BrokenWord]]:
    """The line with its repairs made (a marked span stays as written), and what was found."""
    found: list[BrokenWord] = []
    pieces: list[str] = []
    position = 0
    for fix in fixes:
        original = line[fix.start : fix.end]
        found.append(BrokenWord(original, fix.replacement, fix.kind, line_number))
        pieces.append(line[position : fix.start])
        pieces.append(fix.replacement if fix.replacement is not None else original)
        position = fix.end
    pieces.append(line[position:])
    return "".join(pieces), found


def find_broken_words(text: str) -> tuple[str, list[BrokenWord]]:
    """The text with certain repairs applied, and every broken word found (repaired or not)."""
    lines = text.split("\n")
    suspects = [any(_suspect(token) for token in _TOKEN.findall(line)) for line in lines]
    if not any(suspects):
        return text, []
    absent = _absent_vowels(text)
    found: list[BrokenWord] = []
    for number, line in enumerate(lines):
        fixes = _line_fixes(line, absent) if suspects[number] else []
        if not fixes:
            continue
        lines[number], broken = apply_fixes(line, fixes, number + 1)
        found.extend(broken)
    return "\n".join(lines), found


_TONELESS_SPAN = re.compile(r"(?P<span>[^\u0300-\u036f]*?)(?P<marks>(?:\s[\u0300-\u036f]+)+)")


def words_missing_marks(line: str) -> list[str]:
    """Words that lost their tone mark to a group of detached marks (" ̀ ̣ ̣") in a PDF text
    layer: the words before each group, since the group before, that carry no tone and would
    still spell a syllable with one of the group's marks. Which word takes which mark cannot
    be told for sure, so they are reported, not repaired."""
    found: list[str] = []
    for match in _TONELESS_SPAN.finditer(line):
        marks = match["marks"].split()
        candidates = [
            token
            for token in _TOKEN.findall(match["span"])
            if not has_tone(token)
            and any(is_syllable(unicodedata.normalize("NFC", token + m)) for m in set(marks))
        ]
        found.extend(candidates[-2 * len(marks) :])  # the marks belong to the nearest words
    return found


def has_tone(token: str) -> bool:
    return any(ch in "\u0300\u0301\u0303\u0309\u0323" for ch in unicodedata.normalize("NFD", token))


def _absent_vowels(text: str) -> str:
    present = set(text.lower())
    return "".join(v for v in _VOWELS if v not in present)


def _suspect(token: str) -> bool:
    """Worth a closer look: not a syllable, and not an acronym or a foreign word in capitals."""
    if is_syllable(token):
        return False
    return len(token) <= 3 or has_vietnamese_marks(token) or bool(_CAMEL.search(token))


def _line_fixes(line: str, absent: str) -> list[Fix]:
    tokens = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(line)]
    fixes: list[Fix] = []
    used_until = -1
    for index, (start, end, token) in enumerate(tokens):
        if start < used_until or is_syllable(token):
            continue
        fix = _glued(start, end, token) or _fragment(line, tokens, index, absent)
        if fix is None or fix.replacement is None:
            fix = _repeated_initial(line, tokens, index) or fix
        if fix is None and _looks_vietnamese(token) and _free_standing(line, start, end):
            fix = Fix(start, end, None, "unknown")
        if fix is not None and fix.start >= used_until:
            fixes.append(fix)
            used_until = fix.end
    return fixes


def _looks_vietnamese(token: str) -> bool:
    """A lowercase token with Vietnamese letters that is not a syllable. Proper names and
    acronyms ("Kông", "BCĐ") are left alone."""
    return token.islower() and has_vietnamese_marks(token)


def _free_standing(line: str, start: int, end: int) -> bool:
    before = line[start - 1] if start else " "
    after = line[end] if end < len(line) else " "
    return before in ' ("“' and after in ' ,.;:)"”'


def _repeated_initial(line: str, tokens: list[tuple[int, int, str]], index: int) -> Fix | None:
    """A lone letter before a word that starts with it ("Thứ S Sáu"): a key struck twice, or
    a word begun again. The letter goes."""
    start, end, token = tokens[index]
    if len(token) != 1 or index + 1 >= len(tokens):
        return None
    after = tokens[index + 1]
    if line[end : after[0]] != " " or not _free_standing(line, start, end):
        return None
    if after[2][:1] != token or len(after[2]) < 2:
        return None
    return Fix(start, after[0], "", "repeated_letter")


def _glued(start: int, end: int, token: str) -> Fix | None:
    """ "bảnsố" → "bản số", "PHÒNGThái" → "PHÒNG Thái"."""
    if len(token) < 4 or not (has_vietnamese_marks(token) or _CAMEL.search(token)):
        return None
    camel = _CAMEL.split(token)
    if len(camel) == 2 and all(is_syllable(part) and count(part) for part in camel):
        return Fix(start, end, " ".join(camel), "glued")
    if token.isupper() or token[1:].isupper():
        return None
    splits = [
        (token[:cut], token[cut:])
        for cut in range(1, len(token))
        if is_syllable(token[:cut]) and is_syllable(token[cut:])
    ]
    best = _best([(f"{a} {b}", min(count(a), count(b))) for a, b in splits])
    return Fix(start, end, best, "glued") if best else None


_ROMAN = re.compile(r"I{1,3}|IV|VI{0,3}|IX|X{1,3}")


def _fragment(line: str, tokens: list[tuple[int, int, str]], index: int, absent: str) -> Fix | None:
    """A lone fragment of a syllable, between spaces: join it to a neighbour, with or without
    a lost vowel."""
    start, end, token = tokens[index]
    if re.search(r"\d\s*$", line[:start]):
        return None  # a unit after a number: "1 m", "5 km"
    after_char = line[end] if end < len(line) else " "
    if len(token) > 3 or not _free_standing(line, start, end) or after_char not in " ,;":
        return None
    if not (token.islower() or (len(token) == 1 and token.isupper())):
        return None
    if _ROMAN.fullmatch(token):
        return None  # "cấp V", "khu vực I": a level or a part in Roman numerals

    options: list[tuple[int, int, str, BrokenKind, int]] = []
    before = tokens[index - 1] if index else None
    after = tokens[index + 1] if index + 1 < len(tokens) else None
    if before and line[before[1] : start] == " ":
        left = before[2]
        _options(options, before[0], end, left, token, absent)
    if after and line[end : after[0]] == " ":
        _options(options, start, after[1], token, after[2], absent)
    if not options and (token.islower() or token.istitle()):
        # Nothing joins with a neighbour: the lost letter left no space ("ch đạo").
        for vowel in absent:
            for word in (token + vowel, vowel + token):
                if is_syllable(word) and count(word):
                    options.append((start, end, word, "lost_letter", count(word)))
    if not options:
        return None
    scored = [(f"{o[0]}:{o[1]}:{o[2]}:{o[3]}", o[4]) for o in options]
    best = _best(scored)
    if best is None:
        if len(token) == 1 and token.isascii():
            return None  # a label, not a broken word: "điểm b", "vitamin D", "nhóm máu O"
        return Fix(start, end, None, "unknown")
    first, last, word, kind = best.split(":", 3)
    return Fix(int(first), int(last), _case_like(line[int(first) : int(last)], word), kind)  # type: ignore[arg-type]


def _options(
    options: list[tuple[int, int, str, BrokenKind, int]],
    start: int,
    end: int,
    left: str,
    right: str,
    absent: str,
) -> None:
    joined = left + right
    if is_syllable(joined) and count(joined):
        options.append((start, end, joined, "split", count(joined)))
    for vowel in absent:
        word = left + vowel + right
        if is_syllable(word) and count(word):
            options.append((start, end, word, "lost_letter", count(word)))


def _best(scored: list[tuple[str, int]]) -> str | None:
    """The candidate that is clearly the most common (three times the next), if any."""
    ranked = sorted({s for s in scored if s[1] > 0}, key=lambda s: -s[1])
    if not ranked:
        return None
    if len(ranked) == 1 or ranked[0][1] >= 3 * ranked[1][1]:
        return ranked[0][0]
    return None


def _case_like(original: str, word: str) -> str:
    return word[:1].upper() + word[1:] if original[:1].isupper() else word.lower()
