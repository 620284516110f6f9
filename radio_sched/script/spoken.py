"""The spoken form of display text: what a reader says, so any voice (gTTS, espeak-ng) reads it.

``spoken_form`` is a fixed pipeline of precompiled regex passes, most specific first: tokens
that carry digits but are not numbers (COVID-19, F0, 5K, QL1A), document references, phone
numbers, times, dates, ranges, units, fractions, ordinals and Roman numerals, then plain
numbers, then abbreviations and symbols. Each pass turns what it recognises into words, so a
later, more general pass never sees it. A last pass reads any stray digit one by one, so no ASCII
digit survives whatever the input; any unexpected error falls back to that last pass alone.

Decisions (see also the tests, which are the specification):

* Document references "số 1558/STTTT-TTBCXB", "04/KH-TBTT", "10/CT-TTg" keep the number and
  drop the issuer code: a listener cannot use "ét tê tê tê tê" and the issuer is named in the
  sentence anyway. "15/2020/NĐ-CP" is read "mười lăm năm hai nghìn không trăm hai mươi".
* URLs are read as their host only, labels joined by "chấm" ("stttt chấm langson chấm gov chấm
  vn"); scheme and path are dropped. E-mail addresses are read "local a còng host chấm …".
  The "[email protected]" placeholder left by web scrapers is dropped.
* Parentheses become commas (a pause), quotes vanish, a spaced dash between words becomes a
  comma, "&" is "và", "%" is "phần trăm", "/" between words is a comma.
* "d/m" is a date when a date word (ngày, từ, đến, trước, …) or "(" precedes it, when it has a
  leading zero, or when punctuation follows it; otherwise it is a fraction "x trên y".
* Numbers read "tư" after tens ≥ 2 ("hai mươi tư"), except in fractions, where "24/24" is the
  fixed phrase "hai mươi bốn trên hai mươi bốn".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from radio_sched.models import Dialect
from radio_sched.script.abbreviations import ABBREVIATIONS
from radio_sched.script.numbers import (
    DIGITS,
    day_words,
    decimal_words,
    digit_words,
    month_words,
    number_words,
    numeral_words,
    ordinal_words,
    roman_value,
)

__all__ = ["count_syllables", "spoken_form"]

_Replacer = Callable[[re.Match[str], Dialect], str]

# Letters of Vietnamese words; \w minus digits and underscore.
_LETTER = r"[^\W\d_]"

# --- cleanup ------------------------------------------------------------------------------------

_MARKDOWN = re.compile(r"\*\*|__|`")
_RULE_LINE = re.compile(r"^[ \t]*[-=_*~.•]{3,}[ \t]*$", re.MULTILINE)
_BULLET = re.compile(r"^[ \t]*(?:[-+•●▪◦*–—]|\d{1,2}\))[ \t]+", re.MULTILINE)
_LETTER_MARKER = re.compile(r"^[ \t]*[a-zđ]\)[ \t]+", re.MULTILINE)
_HEADING_HASH = re.compile(r"^[ \t]*#+[ \t]+", re.MULTILINE)
_END_MARK = re.compile(r"\./\.")
_ELLIPSIS = re.compile(r"\.{3,}|…\.+")
_SCRAPED_EMAIL = re.compile(r"\[\s*email[\s\xa0]+protected\s*\]", re.IGNORECASE)
_SIGNER_AUTHORITY = re.compile(r"^([ \t]*)(KT|TL|TM|TUQ)\.[ \t]*", re.MULTILINE)
_AUTHORITIES = {"KT": "Ký thay ", "TL": "Thừa lệnh ", "TM": "Thay mặt ", "TUQ": "Thừa ủy quyền "}

# --- URLs and e-mail ----------------------------------------------------------------------------

_EMAIL = re.compile(r"(?<![\w.])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(
    r"<?(?:(?:https?|ftp)://|www\.)[^\s<>()\[\]\"“”]+>?"
    r"|(?<![\w@.])(?:[\w-]+\.)+(?:vn|com|net|org|edu|gov|info)\b(?:/[^\s<>()\[\]\"“”]*)?",
    re.IGNORECASE,
)

# --- tokens carrying digits that are not numbers -------------------------------------------------

_COVID = re.compile(r"(?<!\w)covid\s?[-–]?\s?19(?!\w)", re.IGNORECASE)
_SARS = re.compile(r"(?<!\w)SARS[-\s]?CoV[-\s]?2(?!\w)", re.IGNORECASE)
_F_CLASS = re.compile(r"(?<!\w)F([0-9])(?!\w)")
_FIVE_K = re.compile(r"(?<!\w)5K(?!\w)")
_ROAD = re.compile(r"(?<!\w)(QL|ĐT|TL|ĐH)\s?\.?\s?(\d{1,4})([A-Z]?)(?!\w)")
_ROADS = {"QL": "quốc lộ", "ĐT": "đường tỉnh", "TL": "tỉnh lộ", "ĐH": "đường huyện"}

# --- document references ------------------------------------------------------------------------

_CODE = r"[A-ZĐ][A-Za-zĐđ0-9&]*(?:-[A-Za-zĐđ0-9&]+)*"
_DOC_NUMBER_YEAR = re.compile(r"(?<![\w/])(\d{1,5})\s?/\s?((?:19|20)\d{2})\s?/\s?(" + _CODE + ")")
_DOC_NUMBER = re.compile(r"(?<![\w/.,])(\d{1,5})\s?/\s?(" + _CODE + ")")
_DOC_BLANK = re.compile(r"(?i:(số))(:?)[ \t]*/[ \t]?(" + _CODE + ")")

# --- phone numbers ------------------------------------------------------------------------------

_PHONE_CONTEXT = re.compile(
    r"(?P<ctx>(?i:số điện thoại|điện thoại|đường dây nóng|hotline|tổng đài|fax|đt|sđt))"
    r"(?P<sep>[ \t]*:?[ \t]*)"
    r"(?P<num>\+?\d{2,12}(?:[ .\-]\d{2,8}){0,3})(?![\w]|[.,]\d)"
)
_PHONE_PLAIN = re.compile(r"(?<![\w.,/+])0\d{1,4}(?:[ .]\d{2,8}){1,3}(?!\w|[.,]\d)")
_PHONE_SOLID = re.compile(r"(?<![\w.,/+])0\d{8,10}(?!\w|[.,]\d)")
_PHONE_INTERNATIONAL = re.compile(r"\+84(?:[ .]?\d{2,4}){2,4}(?!\w|[.,]\d)")
_PHONE_SERVICE = re.compile(r"(?<![\w.,/])1[89]00[ .]?\d{3,4}(?:[ .]?\d{2,4})?(?!\w|[.,]\d)")
_EMERGENCY = re.compile(r"(?<![\w.,/])11[1-9](?!\w|[.,/]\d)")
_EMERGENCY_BEFORE = re.compile(
    r"(?i:gọi|số|tổng đài|đường dây nóng|hotline|điện thoại|cấp cứu|cứu hỏa|cứu hộ|công an"
    r"|11[1-9])[ \t,:]*$"
)
_LOWER_WORD_AFTER = re.compile(r"[ \t]+[a-zđà-ỹ]")
_PHONE_LINKERS = re.compile(r"[ \t]+(?:hoặc|và|hay)\b")

# --- times --------------------------------------------------------------------------------------

_TIME_H = re.compile(
    r"(?<![\w.,/:])([01]?\d|2[0-4])[ \t]?[hH][ \t]?([0-5]\d)(?:[ \t]?(?:phút|ph|p|')(?!\w))?(?!\d)"
)
_TIME_COLON = re.compile(
    r"(?<![\w.,/:])([01]?\d|2[0-4]):([0-5]\d)(?::([0-5]\d))?(?![\d:])"
    r"(?:[ \t]?(AM|PM|am|pm|SA|CH)(?!\w))?"
)

# --- dates --------------------------------------------------------------------------------------

_DATE_RANGE_FULL = re.compile(
    r"(?<![\w/.,])(\d{1,2})/(\d{1,2})[ \t]?[-–][ \t]?(\d{1,2})/(\d{1,2})(?:/(\d{4}))?(?![\d/])"
)
_DATE_RANGE_DAYS = re.compile(
    r"(?<![\w/.,])(\d{1,2})[ \t]?[-–][ \t]?(\d{1,2})/(\d{1,2})(?:/(\d{4}))?(?![\d/])"
)
_DATE_FULL = re.compile(r"(?<![\w/.,])(\d{1,2})([/.\-])(\d{1,2})\2(\d{4})(?!\w|[/.,]\d)")
_MONTH_YEAR = re.compile(r"(?<![\w/.,])(\d{1,2})[/\-](\d{4})(?!\w|[/.,]\d)")
_DAY_MONTH = re.compile(r"(?<![\w/.,])(\d{1,2})/(\d{1,2})(?!\w|[/.,]\d)")
_DATE_WORD_BEFORE = re.compile(
    r"(?:(?i:ngày|từ|đến|tới|trước|sau|hôm|đêm|sáng|chiều|tối|trưa|dịp|và|hạn)[ \t]+|\()$"
)
_PUNCT_AFTER = re.compile(r"[ \t]*(?:[).;,:!?…\]\n]|$)")
_AFTER_TMONTH = re.compile(r"(?i:tháng)[ \t]+$")
_DAY_WORD = re.compile(
    r"(?<!\w)((?i:ngày))[ \t]+(\d{1,2})"
    r"(?=[ \t]+(?i:tháng|đến|tới|và|hoặc)(?!\w)|[ \t]*[-–,.;:)!?\n]|[ \t]*$)"
)
_MONTH_WORD = re.compile(r"(?<!\w)((?i:tháng))[ \t]+(\d{1,2})(?!\w|[.,/]\d)")

# --- ranges, units, fractions -------------------------------------------------------------------

_NUMBER = r"\d+(?:[.,]\d+)*"
_RANGE = re.compile(
    r"(?<![\w/.,\-–])(" + _NUMBER + r")[ \t]?[-–—][ \t]?(" + _NUMBER + r")(?!\w|[/.,\-–]\d)"
)
_PERCENT = re.compile(r"(?<=\d)[ \t]?%")
_DEGREE_ZERO_C = re.compile(r"(?<![\w.,])(\d{1,2})(?: 0|0)C(?!\w)")
_UNIT_WORDS = {
    "km/h": "ki-lô-mét một giờ",
    "m/s": "mét một giây",
    "km²": "ki-lô-mét vuông",
    "km2": "ki-lô-mét vuông",
    "m²": "mét vuông",
    "m2": "mét vuông",
    "m³": "mét khối",
    "m3": "mét khối",
    "km": "ki-lô-mét",
    "cm": "xen-ti-mét",
    "mm": "mi-li-mét",
    "ml": "mi-li-lít",
    "kg": "ki-lô-gam",
    "ha": "héc-ta",
    "kWh": "ki-lô-oát giờ",
    "kW": "ki-lô-oát",
    "MW": "mê-ga-oát",
    "°C": "độ xê",
    "oC": "độ xê",
    "độ C": "độ xê",
    "°": "độ",
    "m": "mét",
    "g": "gam",
    "l": "lít",
    "h": "giờ",
    "đ": "đồng",
}
_UNIT = re.compile(
    r"(?<=\d)[ \t]?("
    + "|".join(re.escape(unit) for unit in sorted(_UNIT_WORDS, key=len, reverse=True))
    + r")(?![\w²³])"
)
_PER_WORDS = (
    "ngày|tuần|tháng|năm|giờ|phút|giây|người|hộ|lượt|ca|chiếc|con|buổi|đợt|lần|suất|xã|thôn"
    "|kg|km|tấn|ha|m2|m²|m3|m³|lít"
)
_PER = re.compile(r"(?<=" + _LETTER + r")[ \t]?/[ \t]?(" + _PER_WORDS + r")(?!\w)")
_FRACTION = re.compile(r"(?<![\w/.,])(\d+)[ \t]?/[ \t]?(\d+)(?!\w|[/.,]\d)")
_ORDINAL = re.compile(r"(?<!\w)((?i:thứ))[ \t]+(\d{1,3})(?!\w|[.,/]\d)")

# --- Roman numerals -----------------------------------------------------------------------------

_ROMAN = r"[IVXLCDM]+"
_ROMAN_CONTEXT = re.compile(
    r"(?<!\w)((?i:khóa|khoá|thế kỷ|thế kỉ|phần|chương|mục|đại hội|lần|kỳ họp|kì họp|điều|thứ))"
    r"([ \t]+)(" + _ROMAN + r")(?!\w)"
)
_ROMAN_HEADING = re.compile(r"^([ \t]*)(" + _ROMAN + r")[.)][ \t]+", re.MULTILINE)

# --- plain numbers ------------------------------------------------------------------------------

_PLUS_NUMBER = re.compile(r"\+(?=[ \t]?\d)")
_HASH_NUMBER = re.compile(r"#(?=[ \t]?\d)")
_TILDE_NUMBER = re.compile(r"~(?=[ \t]?\d)")
_ANY_NUMBER = re.compile(_NUMBER)
_THOUSANDS_DOT = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_THOUSANDS_COMMA = re.compile(r"\d{1,3}(?:,\d{3}){2,}")

# --- abbreviations ------------------------------------------------------------------------------

_DOTTED_ABBREVIATION = re.compile(r"(?<!\w)(TP|Tp|TX|Tx)\.(?=[ \t]*" + _LETTER + ")")
_DOTTED_WORDS = {"TP": "thành phố", "Tp": "thành phố", "TX": "thị xã", "Tx": "thị xã"}
_ABBREVIATION = re.compile(
    r"(?<!\w)("
    + "|".join(re.escape(key) for key in sorted(ABBREVIATIONS, key=len, reverse=True))
    + r")(?!\w)"
)
_WOMEN_UNION = re.compile(r"(?<!\w)(Hội)[ \t]+PN(?!\w)")

# --- symbols and whitespace ---------------------------------------------------------------------

_SPACED_DASH = re.compile(r"[ \t]+[-–—]+[ \t]*|[ \t]*[-–—]+[ \t]+|[–—]")
_LOOSE_HYPHEN = re.compile(r"(?<!\w)-+|-+(?!\w)")
_WORD_SLASH = re.compile(r"[ \t]*/[ \t]*")
_PARENS = re.compile(r"[()\[\]{}|]")
_QUOTES = re.compile(r"[\"“”„«»‘’‹›]|(?<!\w)'|'(?!\w)")
_DROPPED = re.compile(r"[*_\\^`<>~#$]")
_SYMBOL_WORDS = {"&": " và ", "@": " a còng ", "=": " bằng ", "+": " cộng ", "%": " phần trăm "}
_SYMBOL = re.compile("[" + re.escape("".join(_SYMBOL_WORDS)) + "]")
_SPACES = re.compile(r"[ \t\f\v\xa0\u2000-\u200b\u202f\u205f\u3000]+")
_SPACE_BEFORE_PUNCT = re.compile(r"[ \t]+(?=[.,;:!?…])")
_COMMA_RUNS = re.compile(r",(?:[ \t]*,)+")
_COMMA_BEFORE_STOP = re.compile(r",[ \t]*(?=[.;:!?…])")
_STOP_THEN_COMMA = re.compile(r"(?<=[.;:!?…])[ \t]*,")
_LINE_LEAD_PUNCT = re.compile(r"^[ \t,;:]+", re.MULTILINE)
_LINE_TRAIL_COMMA = re.compile(r"[ \t,]+$", re.MULTILINE)
_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")
_MISSING_SPACE = re.compile(r"(?<=[,;:!?…])(?=" + _LETTER + ")")
_PUNCT_THEN_STOP = re.compile(r"[,;:][ \t]*(?=[.!?…])")
_ASCII_DIGITS = re.compile(r"\d*[0-9]\d*")

_SYLLABLE_SPLIT = re.compile(r"[\s\-–—]+")
_HAS_WORD_CHAR = re.compile(r"\w")


# --- helpers ------------------------------------------------------------------------------------


def _pad(match: re.Match[str], words: str) -> str:
    """Surround replacement words with spaces where they would touch a letter ("QH13")."""
    text = match.string
    before = match.start() > 0 and text[match.start() - 1].isalnum()
    after = match.end() < len(text) and text[match.end()].isalnum()
    return (" " if before else "") + words + (" " if after else "")


def _preceding(match: re.Match[str], width: int = 40) -> str:
    return match.string[max(0, match.start() - width) : match.start()]


def _following(match: re.Match[str], width: int = 40) -> str:
    return match.string[match.end() : match.end() + width]


def _valid_day_month(day: int, month: int) -> bool:
    return 1 <= day <= 31 and 1 <= month <= 12


def _date_words(day: int, month: int, year: str | None, dialect: Dialect) -> str:
    words = f"{day_words(day, dialect)} tháng {month_words(month, dialect)}"
    if year:
        words += f" năm {numeral_words(year, dialect)}"
    return words


def _chunk_digits(group: str) -> list[str]:
    """Split a long written digit group the way phone numbers are read aloud."""
    sizes = {5: (2, 3), 6: (3, 3), 7: (3, 4), 8: (4, 4), 9: (3, 3, 3), 10: (4, 3, 3)}
    sizes[11] = (4, 3, 4)
    sizes[12] = (4, 4, 4)
    if len(group) <= 4:
        return [group]
    pattern = sizes.get(len(group))
    if pattern is None:
        return [group[index : index + 3] for index in range(0, len(group), 3)]
    chunks: list[str] = []
    start = 0
    for size in pattern:
        chunks.append(group[start : start + size])
        start += size
    return chunks


def _phone_words(number: str) -> str:
    """Digit by digit, a comma (a short pause) between the groups as written or as usually read."""
    prefix = ""
    if number.startswith("+"):
        prefix = "cộng "
    groups = [group for group in re.split(r"[^0-9]+", number) if group]
    if len(groups) == 1:
        groups = _chunk_digits(groups[0])
    else:
        groups = [chunk for group in groups for chunk in _chunk_digits(group)]
    return prefix + ", ".join(digit_words(group) for group in groups)


def _digit_count(text: str) -> int:
    return sum(1 for char in text if "0" <= char <= "9")


# --- replacers ----------------------------------------------------------------------------------


def _url(match: re.Match[str], dialect: Dialect) -> str:
    raw = match.group(0).strip("<>")
    trailing = ""
    while raw and raw[-1] in ".,;:!?":
        trailing = raw[-1] + trailing
        raw = raw[:-1]
    host = re.sub(r"^[a-zA-Z]+://", "", raw)
    host = host.split("/", 1)[0].split("?", 1)[0].split(":", 1)[0]
    if host.lower().startswith("www."):
        host = host[4:]
    labels = [label for label in host.split(".") if label]
    return _pad(match, " chấm ".join(labels)) + trailing


def _email(match: re.Match[str], dialect: Dialect) -> str:
    local, _, host = match.group(0).partition("@")
    spoken_local = " chấm ".join(part for part in local.split(".") if part)
    spoken_host = " chấm ".join(part for part in host.split(".") if part)
    return _pad(match, f"{spoken_local} a còng {spoken_host}")


def _road(match: re.Match[str], dialect: Dialect) -> str:
    kind, number, letter = match.groups()
    if kind in ("ĐT", "TL") and len(number) > 3:
        return match.group(0)  # "ĐT 0912…" is a phone number, handled elsewhere
    words = f"{_ROADS[kind]} {numeral_words(number, dialect)}"
    return _pad(match, words + (f" {letter}" if letter else ""))


def _doc_number_year(match: re.Match[str], dialect: Dialect) -> str:
    number, year, _code = match.groups()
    return _pad(match, f"{numeral_words(number, dialect)} năm {numeral_words(year, dialect)}")


def _doc_number(match: re.Match[str], dialect: Dialect) -> str:
    number, code = match.groups()
    head = code.split("-", 1)[0]
    if sum(1 for char in head if char.isupper()) < 2 and not code.isupper():
        return match.group(0)
    return _pad(match, numeral_words(number, dialect))


def _doc_blank(match: re.Match[str], dialect: Dialect) -> str:
    return match.group(1) + match.group(2)


def _phone_context(match: re.Match[str], dialect: Dialect) -> str:
    context, separator, number = match.group("ctx", "sep", "num")
    if _digit_count(number) < 3:
        return match.group(0)
    if context in ("ĐT", "đt") or context.lower() == "sđt":
        if _digit_count(number) < 8:
            return match.group(0)  # a road number ("ĐT 605"), not a phone
        context = "số điện thoại" if context.lower() == "sđt" else "điện thoại"
    separator = " " if not separator.strip() else separator
    return context + separator + _phone_words(number)


def _phone_plain(match: re.Match[str], dialect: Dialect) -> str:
    if not 9 <= _digit_count(match.group(0)) <= 11:
        return match.group(0)
    return _pad(match, _phone_words(match.group(0)))


def _phone_service(match: re.Match[str], dialect: Dialect) -> str:
    return _pad(match, _phone_words(match.group(0)))


def _emergency(match: re.Match[str], dialect: Dialect) -> str:
    after = _following(match)
    listed = _PHONE_LINKERS.match(after) is not None
    if _EMERGENCY_BEFORE.search(_preceding(match)) or listed or not _LOWER_WORD_AFTER.match(after):
        return _pad(match, digit_words(match.group(0)))
    return match.group(0)


def _time_h(match: re.Match[str], dialect: Dialect) -> str:
    hour, minute = match.groups()
    words = f"{number_words(int(hour), dialect)} giờ"
    if int(minute):
        words += f" {number_words(int(minute), dialect)} phút"
    return _pad(match, words)


def _time_colon(match: re.Match[str], dialect: Dialect) -> str:
    hour, minute, second, meridiem = match.groups()
    words = f"{number_words(int(hour), dialect)} giờ"
    if int(minute) or second:
        words += f" {number_words(int(minute), dialect)} phút"
    if second and int(second):
        words += f" {number_words(int(second), dialect)} giây"
    if meridiem:
        words += " sáng" if meridiem.upper() in ("AM", "SA") else " chiều"
    return _pad(match, words)


def _date_range_full(match: re.Match[str], dialect: Dialect) -> str:
    day1, month1, day2, month2, year = match.groups()
    if not (_valid_day_month(int(day1), int(month1)) and _valid_day_month(int(day2), int(month2))):
        return match.group(0)
    first = _date_words(int(day1), int(month1), None, dialect)
    second = _date_words(int(day2), int(month2), year, dialect)
    return _pad(match, f"{first} đến {second}")


def _date_range_days(match: re.Match[str], dialect: Dialect) -> str:
    day1, day2, month, year = match.groups()
    if not (_valid_day_month(int(day2), int(month)) and 1 <= int(day1) < int(day2)):
        return match.group(0)
    second = _date_words(int(day2), int(month), year, dialect)
    return _pad(match, f"{day_words(int(day1), dialect)} đến {second}")


def _date_full(match: re.Match[str], dialect: Dialect) -> str:
    day, _separator, month, year = match.groups()
    if not _valid_day_month(int(day), int(month)):
        return match.group(0)
    return _pad(match, _date_words(int(day), int(month), year, dialect))


def _month_year(match: re.Match[str], dialect: Dialect) -> str:
    month, year = match.groups()
    if not 1 <= int(month) <= 12:
        return match.group(0)
    words = f"{month_words(int(month), dialect)} năm {numeral_words(year, dialect)}"
    if not _AFTER_TMONTH.search(_preceding(match)):
        words = "tháng " + words
    return _pad(match, words)


def _day_month(match: re.Match[str], dialect: Dialect) -> str:
    day, month = match.groups()
    if not _valid_day_month(int(day), int(month)):
        return match.group(0)
    is_date = (
        _DATE_WORD_BEFORE.search(_preceding(match)) is not None
        or day.startswith("0")
        or month.startswith("0")
        or _PUNCT_AFTER.match(_following(match)) is not None
    )
    if not is_date:
        return match.group(0)
    return _pad(match, _date_words(int(day), int(month), None, dialect))


def _day_word(match: re.Match[str], dialect: Dialect) -> str:
    word, day = match.groups()
    if not 1 <= int(day) <= 31:
        return match.group(0)
    return f"{word} {day_words(int(day), dialect)}"


def _month_word(match: re.Match[str], dialect: Dialect) -> str:
    word, month = match.groups()
    if not 1 <= int(month) <= 12:
        return match.group(0)
    return f"{word} {month_words(int(month), dialect)}"


def _range(match: re.Match[str], dialect: Dialect) -> str:
    return f"{match.group(1)} đến {match.group(2)}"


def _degree_zero_c(match: re.Match[str], dialect: Dialect) -> str:
    return _pad(match, f"{numeral_words(match.group(1), dialect)} độ xê")


def _unit(match: re.Match[str], dialect: Dialect) -> str:
    return " " + _UNIT_WORDS[match.group(1)]


def _per(match: re.Match[str], dialect: Dialect) -> str:
    unit = match.group(1)
    return " một " + _UNIT_WORDS.get(unit, unit)


def _fraction(match: re.Match[str], dialect: Dialect) -> str:
    numerator, denominator = (
        number_words(int(part.lstrip("0") or "0"), dialect, plain_four=True)
        if len(part) <= 15
        else digit_words(part)
        for part in match.groups()
    )
    return _pad(match, f"{numerator} trên {denominator}")


def _ordinal(match: re.Match[str], dialect: Dialect) -> str:
    word, value = match.groups()
    return _pad(match, f"{word} {ordinal_words(int(value), dialect)}")


def _roman_context(match: re.Match[str], dialect: Dialect) -> str:
    word, space, numeral = match.groups()
    value = roman_value(numeral)
    if value is None:
        return match.group(0)
    if word.lower() == "thứ":
        return f"{word}{space}{ordinal_words(value, dialect)}"
    return f"{word}{space}{number_words(value, dialect)}"


def _roman_heading(match: re.Match[str], dialect: Dialect) -> str:
    indent, numeral = match.groups()
    value = roman_value(numeral)
    if value is None:
        return match.group(0)
    words = number_words(value, dialect)
    return f"{indent}{words[0].upper()}{words[1:]}. "


def _number(match: re.Match[str], dialect: Dialect) -> str:
    token = match.group(0)
    if _THOUSANDS_DOT.fullmatch(token):
        integer, _, fraction = token.partition(",")
        digits = integer.replace(".", "")
        words = (
            decimal_words(digits, fraction, dialect) if fraction else numeral_words(digits, dialect)
        )
    elif _THOUSANDS_COMMA.fullmatch(token):
        words = numeral_words(token.replace(",", ""), dialect)
    elif token.count(",") == 1 and "." not in token:
        integer, fraction = token.split(",")
        words = decimal_words(integer, fraction, dialect)
    elif "." in token or "," in token:
        # "2.5", "3.2.1": a section number or a foreign decimal; read each part, "chấm" between.
        parts = re.split(r"([.,])", token)
        words = " ".join(
            numeral_words(part, dialect)
            if part[0].isdigit()
            else ("chấm" if part == "." else "phẩy")
            for part in parts
            if part
        )
    else:
        words = numeral_words(token, dialect)
    if _is_list_marker(match):
        words = words[:1].upper() + words[1:]  # "1. Tiếp tục" reads as a heading: "Một."
    return _pad(match, words)


def _is_list_marker(match: re.Match[str]) -> bool:
    text = match.string
    line_start = text.rfind("\n", 0, match.start()) + 1
    return (
        not text[line_start : match.start()].strip()
        and text[match.end() : match.end() + 1] == "."
        and text[match.end() + 1 : match.end() + 2] in (" ", "\t", "\n", "")
    )


def _abbreviation(match: re.Match[str], dialect: Dialect) -> str:
    return ABBREVIATIONS[match.group(1)]


def _dotted_abbreviation(match: re.Match[str], dialect: Dialect) -> str:
    return _DOTTED_WORDS[match.group(1)] + " "


def _signer_authority(match: re.Match[str], dialect: Dialect) -> str:
    return match.group(1) + _AUTHORITIES[match.group(2)]


def _stray_digits(match: re.Match[str], dialect: Dialect) -> str:
    return _pad(match, digit_words(match.group(0)))


def _const(text: str) -> _Replacer:
    return lambda _match, _dialect: text


# The pipeline, most specific first. Order matters: see the module docstring.
_PASSES: tuple[tuple[re.Pattern[str], _Replacer], ...] = (
    # Cleanup
    (_MARKDOWN, _const("")),
    (_RULE_LINE, _const("")),
    (_BULLET, _const("")),
    (_LETTER_MARKER, _const("")),
    (_HEADING_HASH, _const("")),
    (_END_MARK, _const(".")),
    (_ELLIPSIS, _const("…")),
    (_SCRAPED_EMAIL, _const("")),
    (_SIGNER_AUTHORITY, _signer_authority),
    (_EMAIL, _email),
    (_URL, _url),
    # Tokens with digits that are names, not numbers
    (_COVID, _const("Cô-vít mười chín")),
    (_SARS, _const("Sa-cô-vi hai")),
    (_F_CLASS, lambda match, _d: "ép " + DIGITS[int(match.group(1))]),
    (_FIVE_K, _const("năm ca")),
    (_DOC_NUMBER_YEAR, _doc_number_year),
    (_DOC_NUMBER, _doc_number),
    (_DOC_BLANK, _doc_blank),
    (_PHONE_CONTEXT, _phone_context),
    (_ROAD, _road),
    (_PHONE_INTERNATIONAL, _phone_service),
    (_PHONE_SERVICE, _phone_service),
    (_PHONE_PLAIN, _phone_plain),
    (_PHONE_SOLID, _phone_plain),
    (_EMERGENCY, _emergency),
    # Times and dates
    (_TIME_H, _time_h),
    (_TIME_COLON, _time_colon),
    (_DATE_RANGE_FULL, _date_range_full),
    (_DATE_RANGE_DAYS, _date_range_days),
    (_DATE_FULL, _date_full),
    (_MONTH_YEAR, _month_year),
    (_DAY_MONTH, _day_month),
    (_DAY_WORD, _day_word),
    (_MONTH_WORD, _month_word),
    # Quantities
    (_RANGE, _range),
    (_PERCENT, _const(" phần trăm")),
    (_DEGREE_ZERO_C, _degree_zero_c),
    (_UNIT, _unit),
    (_PER, _per),
    (_FRACTION, _fraction),
    (_ORDINAL, _ordinal),
    (_ROMAN_CONTEXT, _roman_context),
    (_ROMAN_HEADING, _roman_heading),
    (_PLUS_NUMBER, _const(" cộng ")),
    (_HASH_NUMBER, _const(" số ")),
    (_TILDE_NUMBER, _const(" khoảng ")),
    (_ANY_NUMBER, _number),
    # Words
    (_DOTTED_ABBREVIATION, _dotted_abbreviation),
    (_WOMEN_UNION, lambda match, _d: match.group(1) + " Phụ nữ"),
    (_ABBREVIATION, _abbreviation),
    # Symbols
    (_SPACED_DASH, _const(", ")),
    (_LOOSE_HYPHEN, _const(" ")),
    (_WORD_SLASH, _const(", ")),
    (_PARENS, _const(", ")),
    (_QUOTES, _const("")),
    (_SYMBOL, lambda match, _d: _SYMBOL_WORDS[match.group(0)]),
    (_DROPPED, _const(" ")),
    (_ASCII_DIGITS, _stray_digits),
)

_TIDY: tuple[tuple[re.Pattern[str], str], ...] = (
    (_SPACES, " "),
    (_COMMA_RUNS, ","),
    (_SPACE_BEFORE_PUNCT, ""),
    (_COMMA_BEFORE_STOP, ""),
    (_PUNCT_THEN_STOP, ""),
    (_STOP_THEN_COMMA, ""),
    (_MISSING_SPACE, " "),
    (_SPACES, " "),
    (_LINE_LEAD_PUNCT, ""),
    (_LINE_TRAIL_COMMA, ""),
    (_BLANK_LINES, "\n\n"),
)


def _apply(pattern: re.Pattern[str], replacer: _Replacer, text: str, dialect: Dialect) -> str:
    def replace(match: re.Match[str]) -> str:
        return replacer(match, dialect)

    return pattern.sub(replace, text)


def _transform(text: str, dialect: Dialect) -> str:
    for pattern, replacer in _PASSES:
        text = _apply(pattern, replacer, text, dialect)
    for pattern, replacement in _TIDY:
        text = pattern.sub(replacement, text)
    return text.strip()


def _digits_only(text: str) -> str:
    """Last resort: every ASCII digit as its word; cannot fail."""
    return "".join(f" {DIGITS[ord(char) - 48]} " if "0" <= char <= "9" else char for char in text)


def spoken_form(text: str, dialect: Dialect = Dialect.NORTH) -> str:
    """Display text → what a reader says: numbers, dates, times, units, abbreviations as words.

    Input and output are NFC. Pause punctuation (. , ; : ! ? … and paragraph breaks) is kept.
    Never raises; no ASCII digit survives.
    """
    try:
        normalized = (
            unicodedata.normalize("NFC", str(text)).replace("\r\n", "\n").replace("\r", "\n")
        )
    except Exception:  # noqa: BLE001 — a str subclass with a broken __str__; never raise
        return ""
    try:
        result = _transform(normalized, dialect)
    except Exception:  # a bug in a pass must not silence the broadcast
        result = " ".join(_digits_only(normalized).split(" "))
    result = unicodedata.normalize("NFC", result)
    if any("0" <= char <= "9" for char in result):
        result = _digits_only(result)
    return result


def count_syllables(spoken: str) -> int:
    """Syllables of spoken text: tokens between spaces and hyphens that hold a letter or digit."""
    return sum(1 for token in _SYLLABLE_SPLIT.split(spoken) if _HAS_WORD_CHAR.search(token))
