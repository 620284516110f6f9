"""Typos the writer made, as opposed to words a PDF broke (``words.py``). Pure.

1. Non-words. A token may spell a well-formed syllable that general Vietnamese never uses
   ("Buổi sắng"): absent from the general frequency table (``syllable_frequencies``, from
   wordfreq: every syllable used about once in a million words or more). If one diacritic edit
   (a tone, or one letter's hat, breve or horn: a/ă/â, o/ô/ơ, u/ư, e/ê, d/đ) reaches a common
   syllable, the token is a typo of it, repaired when the answer is single: the hỏi/ngã twin
   when common (most speakers do not hear the difference, so it is the commonest slip: "dự
   trử"), else the common neighbour ten times as frequent as any other. Several common
   neighbours: marked, not aired. No common neighbour: a rare or foreign word ("băng zôn",
   "chằng néo"), left alone; so is a syllable that shares its onset or rhyme with a rare
   neighbour, half of a reduplicative word ("khấp khểnh", "lổn nhổn"). Capitalised words
   inside a sentence are names, never touched.
2. Impossible dates: a day the month does not have or a month above 12 ("ngày 133", "ngày
   31/4"), a clock time past 24 hours or 59 minutes ("17h75"). When a day's three digits
   split into one valid day/month whose month other dates of the text use ("ngày 15-3"), the
   slash was lost: repaired ("ngày 13/3"); otherwise marked, not aired.
3. Temperatures written as percentages ("nhiệt độ … dưới 13%", no "độ ẩm" between): a
   temperature is not a percentage, so the sign stands for degrees: "13 độ C". Units mistyped
   beside a number with one reading only: "38oC" (the degree sign typed as the letter o),
   "7 giờ 30 giờ đến" (the unit repeated after the minutes), "30.phút" (a stop glued before
   the unit).
4. Real words in the wrong place ("nhan dịp", "thánh phố") need context. Without word-pair
   frequencies from a general source, the only evidence is the writer's own spelling: the same
   text writes the word right between the same two neighbours ("giao thừa nhân dịp" beside
   "giao thừa nhan dịp", "tuyển sinh thành phố" beside "tuyển sinh thánh phố"), and the right
   syllable is ten times as common in general Vietnamese. Sharing one neighbour is no evidence
   ("gió lớn và" beside "lợn và", "chú trọng việc" beside "trong việc"). Missing words ("tất
   những ai") are not attempted.

Each finding is a ``BrokenWord`` (``repair`` None: not repaired, the sentence must not be aired).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from radio_sched.directive.syllable_frequencies import ZIPF10
from radio_sched.directive.syllables import (
    has_vietnamese_marks,
    is_syllable,
    onset_rhyme,
    split_tone,
)
from radio_sched.directive.words import (
    BrokenWord,
    Fix,
    apply_fixes,
    find_broken_words,
)

__all__ = ["find_typos", "unairable"]

_COMMON = 45  # Zipf × 10: about 30 uses per million words
_MARGIN = 10  # "clearly the one": ten times as frequent as the next neighbour
_HOI, _NGA = "\u0309", "\u0303"
_MODIFIERS = dict.fromkeys(map(ord, "\u0306\u0302\u031b"))

Signature = tuple[str, str | None]  # the syllable without its tone, and the tone


def _skeleton(base: str) -> str:
    return unicodedata.normalize("NFD", base).translate(_MODIFIERS).replace("đ", "d")


def _index() -> tuple[dict[Signature, int], dict[Signature, str], dict[str, list[Signature]]]:
    """Frequencies by signature (so "hoà" and "hòa" are one syllable), the commonest spelling
    of each, and the signatures sharing a skeleton (letters without any diacritic)."""
    frequency: dict[Signature, int] = {}
    spelling: dict[Signature, str] = {}
    for word, tenths in ZIPF10.items():
        base, tone, _ = split_tone(word)
        if tenths > frequency.get((base, tone), 0):
            frequency[(base, tone)] = tenths
            spelling[(base, tone)] = word
    by_skeleton: dict[str, list[Signature]] = {}
    for signature in frequency:
        by_skeleton.setdefault(_skeleton(signature[0]), []).append(signature)
    return frequency, spelling, by_skeleton


_FREQUENCY, _SPELLING, _BY_SKELETON = _index()


def non_word_repair(token: str) -> tuple[bool, str | None]:
    """(is a typo, its repair or None) for a token that spells a syllable."""
    base, tone, _ = split_tone(token.lower())
    if (base, tone) in _FREQUENCY:
        return False, None
    neighbours = sorted(
        (
            (_FREQUENCY[other], other)
            for other in _BY_SKELETON.get(_skeleton(base), ())
            if _one_edit((base, tone), other)
        ),
        reverse=True,
    )
    if not neighbours or neighbours[0][0] < _COMMON:
        return False, None
    twin = (base, _NGA if tone == _HOI else _HOI) if tone in (_HOI, _NGA) else None
    if twin is not None and _FREQUENCY.get(twin, 0) >= _COMMON:
        return True, _case_like(token, _SPELLING[twin])
    if len(neighbours) == 1 or neighbours[1][0] <= neighbours[0][0] - _MARGIN:
        return True, _case_like(token, _SPELLING[neighbours[0][1]])
    return True, None


def _one_edit(word: Signature, other: Signature) -> bool:
    if word[0] == other[0]:
        return word[1] != other[1]
    return word[1] == other[1] and sum(a != b for a, b in zip(word[0], other[0], strict=True)) == 1


def _case_like(original: str, word: str) -> str:
    if original.isupper() and len(original) > 1:
        return word.upper()
    return word[:1].upper() + word[1:] if original[:1].isupper() else word


_WORD = re.compile(r"[^\W\d_]+")
_TOKEN = re.compile(r"(?<![\w@/.\-])[^\W\d_]+(?![\w@/\-]|\.\w)")
_NAME_GOES_ON = re.compile(r"\s+(\w)")
_SENTENCE_START = re.compile(r"(?:^|[.!?:…]\s+|^[\W\d]*\s)$")


def _candidate(word: str) -> bool:
    return word.lower() not in ZIPF10 and not word.isupper() and has_vietnamese_marks(word)


def _non_words(line: str, skip: set[str]) -> list[Fix]:
    if not any(_candidate(word) for word in _WORD.findall(line)):
        return []  # the common case, cheaply
    fixes: list[Fix] = []
    for match in _TOKEN.finditer(line):
        token = match.group(0)
        if token.lower() in ZIPF10 or token in skip:
            continue
        if not has_vietnamese_marks(token) or not is_syllable(token):
            continue
        if not token.islower():
            if not (token.istitle() and _SENTENCE_START.search(line[: match.start()])):
                continue  # a name
            after = _NAME_GOES_ON.match(line, match.end())
            if after and after.group(1).isupper():
                continue  # a name opening the sentence: "Nặm Pồ …"
        if _echoed(token, line, match.start(), match.end()):
            continue
        typo, repair = non_word_repair(token)
        if typo:
            fixes.append(Fix(match.start(), match.end(), repair, "non_word"))
    return fixes


_BEFORE = re.compile(r"([^\W\d_]+)[ -]$")
_AFTER = re.compile(r"[ -]([^\W\d_]+)")
_RARE = 40  # Zipf × 10: rarer than about ten uses per million words


def _echoed(token: str, line: str, start: int, end: int) -> bool:
    """The token and a rare neighbour share their onset or their rhyme: a reduplicative word
    (từ láy: "khấp khểnh", "lổn nhổn", "sột soạt"), rare as a whole and not a typo."""
    onset, rhyme = onset_rhyme(token)
    before = _BEFORE.search(line, 0, start)
    after = _AFTER.match(line, end)
    for neighbour in (before.group(1) if before else "", after.group(1) if after else ""):
        if not neighbour or ZIPF10.get(neighbour.lower(), 0) >= _RARE:
            continue
        other_onset, other_rhyme = onset_rhyme(neighbour)
        if (onset and onset == other_onset) or (rhyme and rhyme == other_rhyme):
            return True
    return False


_NOT_AFTER_NUMBER = r"(?<!\d\s)(?<!\d)"
# A date reads on with a time, a link or punctuation ("ngày 133 từ 12 giờ"); "trong ngày 200
# ca mắc" is a count, not a date. A month above 12 is a date only with its day or its year
# ("lương tháng 13" is a bonus).
_DAY = re.compile(
    _NOT_AFTER_NUMBER + r"\b(ngày)\s+(\d{1,4})(?=\s*(?:$|[,;:.)(]\s|[,;:.)]$|"
    r"(?:từ|lúc|đến|tới|và|hoặc|năm|tháng|sáng|trưa|chiều|tối|đêm)\b))",
    re.IGNORECASE,
)
_DAY_MONTH = re.compile(r"\b(ngày)\s+(\d{1,2})\s*([/.\-–])\s*(\d{1,2})\b", re.IGNORECASE)
_DAY_OF_MONTH = re.compile(r"\b(ngày)\s+(\d{1,2})\s+(tháng)\s+(\d{1,2})\b", re.IGNORECASE)
_DATE_HINT = re.compile(r"ngày|tháng|\d\s*(?:h|giờ)\s*\d")
_DAYS_IN = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)  # February: a leap year may be meant
# "17h75", "17 giờ 75 phút": hours and minutes; "25 giờ 30 phút" may be a duration, "25h30" not
_TIME = re.compile(r"(?<![\d/.,:])(\d{1,2})\s*(?:h|giờ)\s*(\d{2})(?![\d/.,])", re.IGNORECASE)
_MONTH = re.compile(r"\b(tháng)\s+(\d{1,2})\b(?!\s*[/.\-–]\s*\d)", re.IGNORECASE)
_YEAR_AFTER = re.compile(r"^\s*(?:năm\s+\d|[/.\-]\s*\d{4})", re.IGNORECASE)
_DATE_BEFORE = re.compile(r"\bngày\s+\d{1,2}\s*$", re.IGNORECASE)
_USED_MONTH = re.compile(r"(?<![\d,.])(\d{1,2})\s*[/\-–]\s*(\d{1,2})(?![\d,])|tháng\s+(\d{1,2})\b")


def _used(text: str, cache: dict[str, set[int]]) -> set[int]:
    if "months" not in cache:
        cache["months"] = _months_used(text)
    return cache["months"]


def _months_used(text: str) -> set[int]:
    months: set[int] = set()
    for match in _USED_MONTH.finditer(text):
        if match.group(3):
            months.add(int(match.group(3)))
        elif 1 <= int(match.group(1)) <= 31:
            months.add(int(match.group(2)))
    return {m for m in months if 1 <= m <= 12}


def _dates(line: str, text: str, months: dict[str, set[int]]) -> list[Fix]:
    fixes: list[Fix] = []
    for match in _DAY.finditer(line):
        digits = match.group(2)
        if int(digits) <= 31:
            continue
        splits = [
            (int(digits[:cut]), int(digits[cut:]))
            for cut in range(1, len(digits))
            if 1 <= int(digits[:cut]) <= 31 and int(digits[cut:]) in _used(text, months)
        ]
        repair = f"{match.group(1)} {splits[0][0]}/{splits[0][1]}" if len(splits) == 1 else None
        fixes.append(Fix(match.start(), match.end(), repair, "impossible_date"))
    for pattern in (_DAY_MONTH, _DAY_OF_MONTH):
        for match in pattern.finditer(line):
            day, month = int(match.group(2)), int(match.group(4))
            if not 1 <= month <= 12 or not 1 <= day <= _DAYS_IN[month - 1]:
                fixes.append(Fix(match.start(), match.end(), None, "impossible_date"))
    for match in _TIME.finditer(line):
        clock = "giờ" not in match.group(0).lower()  # "25h30"
        if (clock and int(match.group(1)) > 24) or int(match.group(2)) > 59:
            fixes.append(Fix(match.start(), match.end(), None, "impossible_date"))
    for match in _MONTH.finditer(line):
        before = line[: match.start()]
        if not (_DATE_BEFORE.search(before) or _YEAR_AFTER.match(line[match.end() :])):
            continue  # not a date: "lương tháng 13", "3 tháng 15 ngày"
        if not 1 <= int(match.group(2)) <= 12:
            fixes.append(Fix(match.start(), match.end(), None, "impossible_date"))
    return fixes


_TEMPERATURE = re.compile(
    r"\bnhiệt độ(?P<between>[^.;!?%\n]{0,80}?)(?P<value>(?<![\d,.])\d{1,2}(?:,\d)?)\s*%",
    re.IGNORECASE,
)
_NOT_TEMPERATURE = re.compile(r"ẩm|tỷ lệ|tỉ lệ|phần trăm", re.IGNORECASE)


def _temperatures(line: str) -> list[Fix]:
    return [
        Fix(match.start("value"), match.end(), f"{match['value']} độ C", "percent_temperature")
        for match in _TEMPERATURE.finditer(line)
        if not _NOT_TEMPERATURE.search(match["between"])
    ]


# Units mistyped beside a number, each with one reading only:
# "38oC" / "38 0C" (the degree sign typed as a letter o or a zero before C) → "38 độ C";
# "7 giờ 30 giờ đến" (the unit repeated after the minutes) → "7 giờ 30";
# "16 giờ 30.phút" (a stop between a number and its unit) → "16 giờ 30 phút".
_DEGREE_LETTER = re.compile(r"(?<![\w,.])(?P<value>\d{1,2}(?:,\d)?)\s?[oº°]\s?C(?!\w)")
_HOUR_TWICE = re.compile(
    r"(?<![\d,.:/])(?P<keep>\d{1,2}\s*giờ\s+[0-5]\d)\s+giờ(?!\s*\d)(?!\w)", re.IGNORECASE
)
_STOP_BEFORE_UNIT = re.compile(
    r"(?<=\d)(?P<stop>\.)(?=(?:phút|giờ|ngày|tháng|năm|tuổi|người|hộ|km|m)(?!\w))"
)


_CURRENCY_TWICE = re.compile(r"(?<=\d)\s?đ\s+(?=đồng(?!\w))")
# A word typed twice in a row where Vietnamese never doubles it: an administrative unit before
# its name ("thôn thôn Cập Nhất 3") or a function word ("của của"). Reduplicated words
# ("nhà nhà", "từ từ", "người người") are left alone.
_REPEATED_WORD = re.compile(
    r"(?<!\w)(?P<word>thôn|xã|ấp|phường|huyện|tỉnh|tổ|khu|bản|xóm|của|và|các|những|được|để|"
    r"cho|trong|tại|với|là)\s+(?P=word)(?!\w)"
)
# Misspellings that lists of common Vietnamese spelling errors give, each a real word in the
# wrong place that no syllable table can catch: the phrase has one standard spelling.
KNOWN_MISSPELLINGS = {  # longest first: the alternation takes the first that matches
    "màn não mũ": "màng não mủ",
    "màng não mũ": "màng não mủ",
    "vác xin": "vắc xin",
    "vác-xin": "vắc-xin",
    "sử lý": "xử lý",
    "chuẩn đoán": "chẩn đoán",
    "sát nhập": "sáp nhập",
    "bổ xung": "bổ sung",
    "xuất xắc": "xuất sắc",
    "màn não": "màng não",
    "diễn biễn": "diễn biến",
    "giành cho": "dành cho",
    "văn hòa": "văn hóa",
    "gd đt": "GD&ĐT",  # "Bộ GD ĐT": the ampersand lost, read "giáo dục đường tỉnh"
}
_KNOWN_MISSPELLING = re.compile(
    r"(?<!\w)(?:" + "|".join(re.escape(k) for k in KNOWN_MISSPELLINGS) + r")(?!\w)",
    re.IGNORECASE,
)


def _phrases(line: str) -> list[Fix]:
    fixes = [
        Fix(m.start(), m.end(), m["word"], "repeated_word") for m in _REPEATED_WORD.finditer(line)
    ]
    for m in _KNOWN_MISSPELLING.finditer(line):
        right = KNOWN_MISSPELLINGS[m.group(0).lower()]
        fixes.append(Fix(m.start(), m.end(), _case_like(m.group(0), right), "known_misspelling"))
    return fixes


def _units(line: str) -> list[Fix]:
    fixes = [
        Fix(m.start(), m.end(), f"{m['value']} độ C", "unit_typo")
        for m in _DEGREE_LETTER.finditer(line)
    ]
    fixes += [Fix(m.start(), m.end(), m["keep"], "unit_typo") for m in _HOUR_TWICE.finditer(line)]
    fixes += [
        Fix(m.start("stop"), m.end("stop"), " ", "unit_typo")
        for m in _STOP_BEFORE_UNIT.finditer(line)
    ]
    fixes += [Fix(m.start(), m.end(), " ", "unit_typo") for m in _CURRENCY_TWICE.finditer(line)]
    return fixes


def _line_fixes(
    line: str, skip: set[str], text: str, months: dict[str, set[int]], extra: list[Fix]
) -> list[Fix]:
    lower = line.lower()
    dates = _dates(line, text, months) if _DATE_HINT.search(lower) else []
    temperatures = _temperatures(line) if "nhiệt độ" in lower else []
    units = _units(line) if re.search(r"\d", line) else []
    found = sorted(
        dates + temperatures + units + _phrases(line) + _non_words(line, skip) + extra,
        key=lambda fix: (fix.start, -fix.end),
    )
    fixes: list[Fix] = []
    for fix in found:
        if not fixes or fix.start >= fixes[-1].end:
            fixes.append(fix)
    return fixes


def _signature(word: str) -> Signature:
    base, tone, _ = split_tone(word.lower())
    return base, tone


def _own_spelling(lines: list[str]) -> dict[tuple[int, int], Fix]:
    """Real words in the wrong place, told by the writer's own spelling: a syllable between two
    others that the same text also writes, between the same two, one mark away ("thừa nhan dịp"
    beside "thừa nhân dịp"), where that spelling is at least as frequent in the text and ten
    times as common in general Vietnamese. Keyed by (line index, start)."""
    triples: list[tuple[int, re.Match[str], Signature, Signature]] = []
    for number, line in enumerate(lines):
        words = list(_WORD.finditer(line))
        for a, b, c in zip(words, words[1:], words[2:], strict=False):
            if line[a.end() : b.start()] == " " == line[b.end() : c.start()]:
                outer = (_signature(a.group(0)), _signature(c.group(0)))
                triples.append((number, b, outer[0], outer[1]))
    counts: dict[tuple[Signature, Signature, Signature], int] = {}
    written: dict[tuple[Signature, Signature, Signature], str] = {}
    alike: dict[tuple[Signature, str, Signature], set[Signature]] = {}
    for _, middle, before, after in triples:
        signature = _signature(middle.group(0))
        key = (before, signature, after)
        counts[key] = counts.get(key, 0) + 1
        written.setdefault(key, middle.group(0).lower())
        alike.setdefault((before, _skeleton(signature[0]), after), set()).add(signature)
    fixes: dict[tuple[int, int], Fix] = {}
    for number, middle, before, after in triples:
        word = middle.group(0)
        signature = _signature(word)
        if not word.islower():
            continue  # names keep their spelling
        for other in alike[(before, _skeleton(signature[0]), after)]:
            if other == signature or not _one_edit(signature, other):
                continue
            better = _FREQUENCY.get(other, 0)
            if counts[(before, other, after)] >= counts[
                (before, signature, after)
            ] and better >= max(_COMMON, _FREQUENCY.get(signature, 0) + _MARGIN):
                repair = _case_like(word, written[(before, other, after)])
                fixes[(number, middle.start())] = Fix(
                    middle.start(), middle.end(), repair, "own_spelling"
                )
    return fixes


def find_typos(text: str, skip: set[str] | None = None) -> tuple[str, list[BrokenWord]]:
    """The text with certain repairs applied, and every typo found (repaired or not). Tokens in
    ``skip`` (words already found broken) are left to their finder."""
    skip = skip or set()
    months: dict[str, set[int]] = {}  # the months the text's dates use, worked out when needed
    lines = text.split("\n")
    own = _own_spelling(lines)
    found: list[BrokenWord] = []
    for number, line in enumerate(lines):
        extra = [fix for (at, _), fix in own.items() if at == number]
        fixes = _line_fixes(line, skip, text, months, extra)
        if not fixes:
            continue
        lines[number], broken = apply_fixes(line, fixes, number + 1)
        found.extend(broken)
    return "\n".join(lines), found


@lru_cache(maxsize=4096)
def unairable(sentence: str) -> tuple[str, ...]:
    """The words of a cleaned sentence that must not be aired: broken words and typos that no
    single repair fixes (what the clean stage could repair is repaired already)."""
    _, broken = find_broken_words(sentence)
    _, typos = find_typos(sentence, {word.text for word in broken})
    return tuple(
        word.text for word in (*broken, *typos) if word.repair is None and word.kind != "lost_mark"
    )
