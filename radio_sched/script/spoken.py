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
  sentence anyway. "15/2020/NĐ-CP" is read "mười lăm năm hai nghìn không trăm hai mươi"; a blank
  draft number "Số: /STTTT-TTBCXB" leaves "Số:". A document type before a number is expanded
  ("KH số 04" → "kế hoạch số bốn", "QĐ 123" → "quyết định một trăm hai mươi ba").
* URLs are read as their host only, labels joined by "chấm"; scheme, "www" and path are dropped.
  A pronounceable label is kept ("langson"), a short or vowelless one is spelled with Vietnamese
  letter names ("stttt" → "ét tê tê tê tê", "vn" → "vê en", "gov" → "gờ o vê"). E-mail
  addresses are read "local a còng host". The "[email protected]" placeholder left by web
  scrapers is dropped.
* Phone numbers are read digit by digit in groups, a comma (short pause) between groups: numbers
  of 9–11 digits starting with 0, 1800/1900 numbers, +84 numbers, "(024) 3826 3477", any number
  after "điện thoại/hotline/đường dây nóng/tổng đài/fax", and 111–119 after "gọi", in a list or
  before punctuation — but "Công văn số 115" and "115 hộ" stay numbers.
* Parentheses become commas (a pause), quotes vanish, a spaced or long dash between words
  becomes a comma, a hyphen inside a word stays ("Cô-vít"), "&" is "và", "%" is "phần trăm",
  "/" between words is a comma, "x" between numbers is "nhân", bullets and "**" are removed,
  "./." is a full stop and "..." an ellipsis.
* "d/m" is a date when a date word (ngày, từ, đến, trước, …) or "(" precedes it, when it has a
  leading zero, or when punctuation follows it; otherwise it is a fraction "x trên y". "24/7"
  is a fraction unless a date word precedes it. Two-digit years are 20xx up to 69, else 19xx.
* Numbers read "tư" after tens ≥ 2 ("hai mươi tư"), except in fractions, where "24/24" is the
  fixed phrase "hai mươi bốn trên hai mươi bốn". Decimals read the fraction as a number
  ("3,75" → "ba phẩy bảy mươi lăm"); "2.5" with a dot that is not a thousands separator is a
  section number, "hai chấm năm". More than 15 digits are read one by one.
* Roman numerals are numbers only after khóa, thế kỷ, phần, chương, mục, đại hội, lần, kỳ họp,
  điều, thứ, quý, and as "I."/"II." headings at the start of a line ("Một.", "Hai.").
* Fullwidth digits count as digits; other non-ASCII digits are left alone.
* Abbreviations joined by "&", "-", "–" are one compound: a known one is read by its full name,
  found as written or with the joiners removed ("LĐ-TB&XH" → "Lao động, Thương binh và Xã
  hội"); otherwise each part is expanded ("TN&MT", "KT–VH–XH"). "BCH" is Ban Chỉ huy before or
  after military and disaster words, Ban Chấp hành otherwise (abbreviations.CONTEXTUAL).
* A proper fraction with a denominator up to ten is "phần" ("3/4 diện tích" → "ba phần tư");
  after ngõ, ngách, hẻm, kiệt, số (nhà), or before a street, "x/y" is a house number read
  "x trên y". "P.3", "Q.10", "P.Tân Thuận Đông" are phường and quận. "Km 20+500" is
  "ki-lô-mét hai mươi cộng năm trăm".
* Any other cluster of ASCII capitals is spelled with Vietnamese letter names, digits as
  numbers ("PDF" → "pê đê ép", "H7N9" → "hát bảy en chín", "VssID" → "vê ét ét i đê"), unless
  it is a Roman numeral, a Vietnamese syllable typed without marks ("BAN") or a camel-case
  brand whose parts all have a vowel ("TikTok", "MoMo").
* Party codes "05-CT/TW", "298 KH/TWĐTN" keep the number only, like state codes.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from radio_sched.models import Dialect
from radio_sched.script.abbreviations import (
    ABBREVIATIONS,
    ADDRESS_ABBREVIATIONS,
    COMPOUND_PARTS,
    CONTEXTUAL,
    DOCUMENT_TYPES,
    DOTTED_ABBREVIATIONS,
    SIGNING_AUTHORITIES,
    STANDING_BODY,
)
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

_log = logging.getLogger(__name__)

__all__ = ["count_syllables", "spoken_form"]

_Replacer = Callable[[re.Match[str], Dialect], str]

# Letters of Vietnamese words; \w minus digits and underscore.
_LETTER = r"[^\W\d_]"

# --- cleanup ------------------------------------------------------------------------------------

_ODD_HYPHEN = re.compile("[\u2010\u2011\u2012\u2212\ufe63\uff0d]")
_INVISIBLE = re.compile("[\xad\u200c\u200d\u2060\ufeff]")
_MARKDOWN = re.compile(r"\*\*|__|`")
_RULE_LINE = re.compile(r"^[ \t]*[-=_*~.•]{3,}[ \t]*$", re.MULTILINE)
_BULLET = re.compile(r"^[ \t]*(?:[-+•●▪◦*–—]|[0-9]{1,2}\))[ \t]+", re.MULTILINE)
_LETTER_MARKER = re.compile(r"^[ \t]*[a-zđ]\)[ \t]+", re.MULTILINE)
_HEADING_HASH = re.compile(r"^[ \t]*#+[ \t]+", re.MULTILINE)
_END_MARK = re.compile(r"\./\.")
_DOTS = re.compile(r"\.\.\.+")
_ELLIPSIS_DOTS = re.compile(r"…\.+")
_SCRAPED_EMAIL = re.compile(r"\[\s*email[\s\xa0]+protected\s*\]", re.IGNORECASE)
_SIGNER_AUTHORITY = re.compile(
    r"^([ \t]*)(" + "|".join(sorted(SIGNING_AUTHORITIES, key=len, reverse=True)) + r")\.[ \t]*",
    re.MULTILINE,
)

# Speed: Python's regex engine skips quickly to a possible start only when a pattern begins with
# a literal or a character class. A leading lookbehind defeats that, so "a number not preceded
# by a letter" is written as the first digit followed by a lookbehind over two characters.


def _first_digit(not_after: str) -> str:
    """An ASCII digit not preceded by any character of the class body ``not_after``."""
    return rf"[0-9](?<![{not_after}][0-9])"


# --- URLs and e-mail ----------------------------------------------------------------------------

# Bounded local part (RFC 5321: 64) so a long run of symbols cannot make the scan quadratic.
_EMAIL = re.compile(r"(?<![\w.])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")
_URL_SCHEME = re.compile(
    r"(?:[Hh](?<!\w[Hh])[Tt][Tt][Pp][Ss]?://|[Ff](?<!\w[Ff])[Tt][Pp]://|[Ww](?<!\w[Ww])[Ww][Ww]\.)"
    r"[^\s<>()\[\]\"“”]+>?"
)
_URL_BARE = re.compile(
    r"[\w-](?<![\w@.\-][\w-])[\w-]{0,62}\.(?:[\w-]{1,63}\.){0,8}(?i:vn|com|net|org|edu|gov|info)(?!\w)"
    r"(?:/[^\s<>()\[\]\"“”]*)?"
)

# --- tokens carrying digits that are not numbers -------------------------------------------------

_COVID = re.compile(r"[Cc](?<!\w[Cc])[Oo][Vv][Ii][Dd][ \t]?[-–]?[ \t]?19(?!\w)")
_SARS = re.compile(r"[Ss](?<!\w[Ss])[Aa][Rr][Ss][- \t]?[Cc][Oo][Vv][- \t]?2(?!\w)")
_F_CLASS = re.compile(r"F(?<!\wF)([0-9])(?!\w)")
_FIVE_K = re.compile(r"5(?<!\w5)K(?!\w)")
_ROAD = re.compile(r"([QĐT])(?<!\w[QĐT])([LTH])[ \t]?\.?[ \t]?([0-9]{1,4})([A-Z]?)(?!\w)")
_ROADS = {"QL": "quốc lộ", "ĐT": "đường tỉnh", "TL": "tỉnh lộ", "ĐH": "đường huyện"}
# A road marker: kilometre, then metres after "+" ("Km 20+500", "km 43+600", "Km120").
_ROAD_MARKER = re.compile(
    r"[Kk](?<![\w][Kk])m[ \t]?([0-9]{1,4})(?:[ \t]?\+[ \t]?([0-9]{1,4}))?(?![\w]|[.,][0-9])"
)
# Letters and digits mixed in one token: "H7N9", "MP4", "A4", "QH13" (spelled, digits as numbers).
_LETTERS_DIGITS = re.compile(r"[A-Z](?<![\w.\-][A-Z])[A-Za-z]*[0-9][A-Za-z0-9]*(?![\w]|[.,][0-9])")

_QUARTER = re.compile(
    r"([Qq]uý|QUÝ)(?<!\w...)[ \t]+(IV|I{1,3}|[1-4])(?:[ \t]*[/\-][ \t]*|[ \t]+năm[ \t]+)"
    r"([0-9]{4})(?![0-9])"
)
_QUARTERS = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_FULLWIDTH_DIGIT = re.compile("[０-９]")

# --- document references ------------------------------------------------------------------------

# An issuer code; a spaced hyphen joins only another all-capital part ("3464/ UBND- KGVX").
_CODE = r"[A-ZĐ][A-Za-zĐđ0-9&]*(?:-[A-Za-zĐđ0-9&]+|[ \t]?-[ \t]?[A-ZĐ][A-ZĐ0-9&]+(?!\w))*"
# Party and Đoàn style: number, then type and issuer ("05-CT/TW", "298 KH/TWĐTN", "367 - QĐ/TU").
_PARTY_DOC_NUMBER = re.compile(
    r"("
    + _first_digit(r"\w/.,")
    + r"[0-9]{0,4})[ \t]?(?:[-–][ \t]?|[ \t])([A-ZĐ][A-Za-zĐđ]{0,4})[ \t]?/[ \t]?("
    + _CODE
    + ")"
)
_DOC_NUMBER_YEAR = re.compile(
    r"("
    + _first_digit(r"\w/")
    + r"[0-9]{0,4})[ \t]?/[ \t]?((?:19|20)[0-9]{2})[ \t]?/[ \t]?("
    + _CODE
    + ")"
)
_DOC_NUMBER = re.compile(r"(" + _first_digit(r"\w/.,") + r"[0-9]{0,4})[ \t]?/[ \t]?(" + _CODE + ")")
_DOC_BLANK = re.compile(r"/[ \t]?" + _CODE)
_DOC_BLANK_BEFORE = re.compile(r"(?:[Ss]ố|SỐ):?[ \t]*$")

# --- phone numbers ------------------------------------------------------------------------------

_PHONE_ABBREVIATION = re.compile(
    r"(S(?<!\wS)ĐT|Đ(?<!\wĐ)T|s(?<!\ws)đt|đ(?<!\wđ)t)(?=[ \t]*:?[ \t]*\(?(?:\+84|0)[0-9]{2})"
)
_PHONE_CONTEXT = re.compile(
    r"(?:\+|" + _first_digit(r"\w.,/+") + r")[0-9]{1,11}(?:[ .\-][0-9]{2,8}){0,3}"
    r"(?!\w|[.,][0-9])"
)
_PHONE_CONTEXT_BEFORE = re.compile(
    r"(?i:số điện thoại|điện thoại|đường dây nóng|hotline|tổng đài|fax)[ \t]*:?[ \t]*$"
)
_PHONE_PLAIN = re.compile(r"0(?<![\w.,/+\-]0)[0-9]{1,4}(?:[ .\-][0-9]{2,8}){1,3}(?!\w|[.,\-][0-9])")
_PHONE_AREA = re.compile(r"\(0[0-9]{1,3}\)[ .]?[0-9]{3,4}[ .\-]?[0-9]{3,4}(?!\w|[.,][0-9])")
_PHONE_SOLID = re.compile(r"0(?<![\w.,/+]0)[0-9]{8,10}(?!\w|[.,][0-9])")
_PHONE_INTERNATIONAL = re.compile(r"\+84(?:[ .]?[0-9]{2,4}){2,4}(?!\w|[.,][0-9])")
_PHONE_SERVICE = re.compile(
    r"1(?<![\w.,/]1)[89]00([ .\-]?)([0-9]{3,4})(?:[ .]?[0-9]{2,4})?(?!\w|[.,\-][0-9])"
)
_EMERGENCY = re.compile(r"1(?<![\w.,/]1)1[1-9](?!\w|[.,/][0-9]|[ \t]?[-–][ \t]?[0-9])")
_EMERGENCY_BEFORE = re.compile(
    r"(?i:gọi|gọi số|gọi đến số|gọi tới số|tổng đài|đường dây nóng|hotline|điện thoại"
    r"|số điện thoại|cấp cứu|cứu hỏa|cứu hộ|công an|11[1-9])[ \t,:]*$"
)
_NUMBER_WORD_BEFORE = re.compile(
    r"(?i:văn bản|công văn|quyết định|kế hoạch|thông báo|chỉ thị|nghị quyết|nghị định|thông tư"
    r"|hướng dẫn|báo cáo|tờ trình|luật|điều|khoản|nhà|phòng|xe)[ \t]+(?:(?i:số)[ \t]*:?[ \t]*)?$"
)
_LOWER_WORD_AFTER = re.compile(r"[ \t]+[a-zđà-ỹ]")
_PHONE_LINKERS = re.compile(r"[ \t]+(?:hoặc|và|hay)(?!\w)")

# --- times --------------------------------------------------------------------------------------

_HOUR = r"(" + _first_digit(r"\w.,/:") + r"[0-9]?)"
_TIME_H = re.compile(
    _HOUR + r"[ \t]?[hHg][ \t]?([0-5][0-9])(?:[ \t]?(?:phút|ph|p|')(?!\w))?(?![0-9])"
)
_TIME_COLON = re.compile(
    _HOUR + r":([0-5][0-9])(?::([0-5][0-9]))?(?![0-9:]|[.,][0-9])"
    r"(?:[ \t]?(AM|PM|am|pm|SA|CH)(?!\w))?"
)

_ZERO_MINUTES = re.compile(r"([Gg]iờ)[ \t]+00(?![0-9]|[ \t]*(?:phút|giây))")  # "20 giờ 00"
_TIME_RANGE = re.compile(r"[-–](?=[ \t]*[0-9]{1,2}[hHg:])")
_TIME_END = re.compile(r"(?:[0-9][hHg](?:[0-5][0-9])?|:[0-5][0-9])$")

# --- addresses ----------------------------------------------------------------------------------

# "ngõ 5/2", "số 208/6 đường Bà Hạt", "41/60 Phạm Ngũ Lão": a house number, not a date or fraction.
_HOUSE_NUMBER = re.compile(
    _first_digit(r"\w/.,") + r"[0-9]{0,4}[A-Z]?(?:/[0-9]{1,4}[A-Z]?)+(?![\w/]|[.,][0-9])"
)
_HOUSE_WORD_BEFORE = re.compile(
    r"(?<!\w)(?i:số nhà|nhà số|căn nhà|nhà|ngõ|ngách|hẻm|kiệt|địa chỉ|số)[ \t]*:?[ \t]*$"
)
# A street follows: "đường …", "phố …", or a name of two capitalised words ("Bà Hạt").
_STREET_AFTER = re.compile(r"[ \t]+(?:(?i:đường|phố)(?!\w)|[A-ZĐ]\w*[ \t]+[A-ZĐ])")
_YEAR_PART = re.compile(r"/(?:1[89]|20)[0-9]{2}(?![0-9])")
# "P.3", "Q.10", "P.Tân Thuận Đông", "Q. Gò Vấp": a ward or district before a number or a name.
_WARD_DISTRICT = re.compile(
    "(" + "|".join(ADDRESS_ABBREVIATIONS) + ")"
    r"(?<![\w.][PQ])\.[ \t]?(?=[0-9]|[A-ZĐ][a-zà-ỹđ])"
)

# --- dates --------------------------------------------------------------------------------------

_DAY = r"(" + _first_digit(r"\w/.,") + r"[0-9]?)"
_DATE_RANGE_FULL = re.compile(
    _DAY + r"/([0-9]{1,2})(?:/([0-9]{4}))?[ \t]*[-–][ \t]*([0-9]{1,2})/([0-9]{1,2})"
    r"(?:/([0-9]{4}))?(?![0-9/])"
)
_DATE_RANGE_DAYS = re.compile(
    _DAY + r"[ \t]?[-–][ \t]?([0-9]{1,2})/([0-9]{1,2})(?:/([0-9]{4}))?(?![0-9/])"
)
_DATE_FULL = re.compile(_DAY + r"([/.\-])([0-9]{1,2})\2([0-9]{4}|[0-9]{2})(?!\w|[/.,][0-9])")
_MONTH_YEAR = re.compile(_DAY + r"(?:/([0-9]{4})|-((?:19|20)[0-9]{2}))(?!\w|[/.,][0-9])")
_DAY_MONTH = re.compile(_DAY + r"/([0-9]{1,2})(?!\w|[/.,][0-9])")
_DATE_WORD_BEFORE = re.compile(
    r"(?:(?i:ngày|từ|đến|tới|trước|sau|hôm|đêm|sáng|chiều|tối|trưa|dịp|và|hạn)[ \t]+|\()$"
)
# "chiếm 2/3", "đạt 1/3.": a share of something, not a date, even before punctuation.
_SHARE_WORD_BEFORE = re.compile(
    r"(?<!\w)(?i:chiếm|đạt|khoảng|gần|hơn|trên|dưới|tới|bằng|còn|mất|giảm|tăng)[ \t]+$"
)
_PUNCT_AFTER = re.compile(r"[ \t]*(?:[).;,:!?…\]\n]|$)")
_AFTER_TMONTH = re.compile(r"(?i:tháng)[ \t]+$")
# "ngày 7", "tháng 9", "thứ 2": found at the number (rare) rather than at the word (common).
_NUMBER_AFTER_SPACE = re.compile(r"[0-9](?<![^ \t][0-9])[0-9]{0,2}(?![0-9])")
_WORD_BEFORE_NUMBER = re.compile(r"(?<!\w)((?i:ngày|tháng|thứ))[ \t]+$")
_DAY_FOLLOWS = re.compile(
    r"(?![.,][0-9])(?:[ \t]+(?i:tháng|đến|tới|và|hoặc)(?!\w)|[ \t]*[-–,.;:)!?\n]|[ \t]*$)"
)
_NUMBER_ENDS = re.compile(r"(?!\w|[.,/][0-9])")

# --- ranges, units, fractions -------------------------------------------------------------------

_NUMBER = r"[0-9]+(?:[.,][0-9]+)*"
_RANGE = re.compile(
    r"("
    + _first_digit(r"\w/.,\-–")
    + r"[0-9]*(?:[.,][0-9]+)*)[ \t]?[-–—][ \t]?("
    + _NUMBER
    + r")(?!\w|[/.,\-–][0-9])"
)
_RATIO = re.compile(r"([0-9]):(?=[0-9])")  # what is left after times: a scale "1:25.000"
_TIMES_SIGN = re.compile(r"([0-9])[ \t]*[x×][ \t]*(?=[0-9])")
_PERCENT = re.compile(r"([0-9])[ \t]?%")
_DEGREE_ZERO_C = re.compile(r"(" + _first_digit(r"\w.,") + r"[0-9]?)(?: 0|0)C(?!\w)")
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
    "Km": "ki-lô-mét",
    "MB": "mê-ga-bai",
    "GB": "gi-ga-bai",
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
    r"([0-9])[ \t]?("
    + "|".join(re.escape(unit) for unit in sorted(_UNIT_WORDS, key=len, reverse=True))
    + r")(?![\w²³])"
)
# "hàng nghìn m3 đất đá": a unit after a number word rather than a digit.
_UNIT_AFTER_WORD = re.compile(
    r"(?<!\w)((?i:nghìn|ngàn|triệu|trăm|chục|vạn))[ \t]+(m3|m³|m2|m²|km2|km²|km|ha|kg)(?!\w)"
)
_PER_WORDS = (
    "ngày|tuần|tháng|năm|giờ|phút|giây|người|hộ|lượt|ca|chiếc|con|buổi|đợt|lần|suất|xã|thôn"
    "|kg|km|tấn|ha|m2|m²|m3|m³|lít"
)
_PER = re.compile(r"/[ \t]?(" + _PER_WORDS + r")(?!\w)")
_FRACTION = re.compile(
    r"(" + _first_digit(r"\w/.,") + r"[0-9]*)[ \t]?/[ \t]?([0-9]+)(?!\w|[/.,][0-9])"
)

# --- Roman numerals -----------------------------------------------------------------------------

_ROMAN_AFTER_SPACE = re.compile(r"[IVXLCDM](?<![^ \t][IVXLCDM])[IVXLCDM]*(?!\w)")
_ROMAN_WORD_BEFORE = re.compile(
    r"(?<!\w)((?i:khóa|khoá|thế kỷ|thế kỉ|phần|chương|mục|đại hội|lần|kỳ họp|kì họp|điều|thứ|quý"
    r"|báo động))"
    r"[ \t]+$"
)
# Headings use I, V, X only: a line starting "C. Mác" or "D." is an initial, not 100 or 500.
_ROMAN_HEADING = re.compile(r"[IVX](?<![^\n \t][IVX])[IVX]*[.)][ \t]+")

# --- plain numbers ------------------------------------------------------------------------------

_PLUS_NUMBER = re.compile(r"\+(?=[ \t]?[0-9])")
_HASH_NUMBER = re.compile(r"#(?=[ \t]?[0-9])")
_TILDE_NUMBER = re.compile(r"~(?=[ \t]?[0-9])")
_ANY_NUMBER = re.compile(_NUMBER)
_THOUSANDS_DOT = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?")
_THOUSANDS_COMMA = re.compile(r"[0-9]{1,3}(?:,[0-9]{3}){2,}")

# --- abbreviations ------------------------------------------------------------------------------

# Abbreviations written with a dot before a name (abbreviations.DOTTED_ABBREVIATIONS).
_STANDING = re.compile(
    STANDING_BODY[0][0]
    + r"(?<![\w.]"
    + STANDING_BODY[0][0]
    + ")"
    + STANDING_BODY[0][1:]
    + r"\.[ \t]*"
    r"(?=HĐND|UBND|UBMTTQ|MTTQ|Hội đồng|Ủy ban|Uỷ ban|Ban[ \t]|Mặt trận"
    r"|(?:Tỉnh|Huyện|Thành|Đảng)[ \t][uủ]y)"
)
_DOTTED_ABBREVIATION = re.compile(r"([BGKPT][A-Za-z]{1,2})\.(?=[ \t]*" + _LETTER + ")")


def _trie_pattern(words: Iterable[str]) -> str:
    """An alternation factored by common prefixes ("U(?:BND|BMTTQ)"), longest match first.

    A flat alternation of ~150 keys is tried key by key at every candidate position; the trie
    lets the engine drop all keys but a few after the first character (speed, ~5x here)."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict[str, Any]) -> str:
        branches = [
            re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:  # a key ends here: going on is optional, tried first (greedy)
            return body + "?" if len(branches) == 1 and len(branches[0]) == 1 else f"(?:{body})?"
        return body

    return pattern(trie)


# No leading lookbehind (speed); the replacer rejects a match that starts inside a word.
_ABBREVIATION = re.compile("(" + _trie_pattern(ABBREVIATIONS) + r")(?!\w)")
_DOC_TYPE = re.compile("(" + "|".join(DOCUMENT_TYPES) + r")(?!\w)(?=[ \t]+(?:(?i:số)(?!\w)|[0-9]))")
# Abbreviations joined by "&", "-", "–" or "," ("LĐ-TB&XH", "PCTT & TKCN", "VH,TT&DL").
_COMPOUND = re.compile(
    r"[A-ZĐƯ](?<![\w/.&\-–][A-ZĐƯ])[A-ZĐƯ]{0,9}"
    r"(?:(?:[ \t]?&[ \t]?|[-–]|,(?=[A-ZĐ]{2}))[A-ZĐƯ]{1,10})+(?![\w&]|[-–][A-ZĐƯ])"
)
_COMPOUND_JOINERS = re.compile(r"[ \t]?&[ \t]?|[-–,]")
_CONTEXTUAL = re.compile("(" + "|".join(CONTEXTUAL) + r")(?!\w)")
# A token of ASCII letters with two capitals or more: an initialism ("PDF") or a brand ("TikTok").
_INITIALISM = re.compile(r"[A-Z](?<![\w.][A-Z])[a-z]*[A-Z][A-Za-z]*(?!\w|\.[A-Za-z])")
_WOMEN_UNION = re.compile(r"(?<!\w)(Hội)[ \t]+PN(?!\w)")

# --- symbols and whitespace ---------------------------------------------------------------------

_DASH = re.compile(r"[-–—―]+")
_WORD_SLASH = re.compile(r"/")
_PARENS = re.compile(r"[()\[\]{}|•●▪◦]")  # brackets and mid-line bullets: a pause
_QUOTES = re.compile(r"[\"“”„«»‘’‹›']")
_DROPPED = re.compile(r"[*_\\^`<>~#$]")
# Symbols a voice would name or spell (espeak-ng reads some aloud): arrows, maths, boxes,
# dingbats, currency and trademark signs, emoji. Whatever meaning they had is already spoken.
_SYMBOL_BLOCKS = re.compile(
    "[©®™§¶†‡°±×÷€£¥¢¤\u2190-\u21ff\u2200-\u23ff\u2460-\u27bf\u2900-\u2bff"
    "\U0001f000-\U0001faff\ufe0f]+"
)
_SYMBOL_WORDS = {"&": " và ", "@": " a còng ", "=": " bằng ", "+": " cộng ", "%": " phần trăm "}
_SYMBOL = re.compile("[" + re.escape("".join(_SYMBOL_WORDS)) + "]")
_ODD_SPACE = "\t\f\v\xa0\u2000-\u200b\u202f\u205f\u3000"
_ODD_SPACES = re.compile(rf"[{_ODD_SPACE}]+")
_SPACES = re.compile(r"  +")
_SPACE_BEFORE_PUNCT = re.compile(r" +([.,;:!?…])")
_COMMA_RUNS = re.compile(r",(?: ?,)+")
_COMMA_BEFORE_STOP = re.compile(r", ?(?=[.;:!?…])")
_STOP_THEN_COMMA = re.compile(r"([.;:!?…]) ?,")
_BLANK_LINES = re.compile(r"\n\n\n+")
_MISSING_SPACE = re.compile(r"([,;:!?…])(?=" + _LETTER + ")")
_PUNCT_THEN_STOP = re.compile(r"[,;:] ?(?=[.!?…])")
_ASCII_DIGITS = re.compile(r"[0-9]+")
_ANY_DIGIT = re.compile(r"[0-9]")

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


_LETTER_NAMES = {
    "a": "a", "b": "bê", "c": "xê", "d": "dê", "đ": "đê", "e": "e", "f": "ép", "g": "gờ",
    "h": "hát", "i": "i", "j": "gi", "k": "ca", "l": "lờ", "m": "mờ", "n": "nờ", "o": "o",
    "p": "pê", "q": "quy", "r": "rờ", "s": "ét", "t": "tê", "u": "u", "v": "vê", "w": "vê kép",
    "x": "ích", "y": "i dài", "z": "dét",
}  # fmt: skip
_KNOWN_LABELS = {"vn": "vê en", "gov": "gờ o vê", "com": "com", "net": "nét", "org": "o rờ gờ"}
_VOWELS = frozenset("aeiouyàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ")


def _spoken_label(label: str) -> str:
    """One part of a host or e-mail name: a pronounceable word is kept ("langson"); a short or
    vowelless one is spelled letter by letter ("stttt" → "ét tê tê tê tê"), digits one by one."""
    lowered = label.lower()
    if lowered in _KNOWN_LABELS:
        return _KNOWN_LABELS[lowered]
    pronounceable = len(lowered) >= 4 and any(char in _VOWELS for char in lowered)
    if pronounceable and not any("0" <= char <= "9" for char in lowered):
        return label
    names = []
    for char in lowered:
        if "0" <= char <= "9":
            names.append(DIGITS[ord(char) - 48])
        elif char in _LETTER_NAMES:
            names.append(_LETTER_NAMES[char])
        elif char.isalpha():
            names.append(char)
    return " ".join(names)


# Letters of an initialism are said by their names, as in "u bê en đê", "pê đê ép", "ét em ét",
# "bốn giê": the names differ from the sounds used to spell a web address ("mờ", "gờ", "dê").
_INITIAL_NAMES = {**_LETTER_NAMES, "d": "đê", "g": "giê", "m": "em", "n": "en"}

# A Vietnamese syllable written without its marks ("BAN", "NGHIA", "QUOC" in a heading typed
# without diacritics) is read as a word; any other cluster of capitals is an initialism.
_SYLLABLE = re.compile(
    r"(?:ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdghklmnprstvx])?"
    r"(?:uye|uya|uyu|ieu|yeu|oai|oay|oeo|uay|uoi|uou|ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|oo|ua"
    r"|ue|ui|uo|uu|uy|ya|ye|[aeiouy])"
    r"(?:ch|ng|nh|[cmnpt])?"
)
_ROMAN_IVX = re.compile(r"[IVX]+")
_CAMEL_PART = re.compile(r"[A-Z]?[a-z]+|[A-Z]")


def _spelled(token: str, dialect: Dialect) -> str:
    """An initialism letter by letter with Vietnamese letter names; digit runs as numbers
    ("H7N9" → "hát bảy en chín", "MP4" → "em pê bốn")."""
    words: list[str] = []
    for run in re.findall(r"[0-9]+|[^0-9]", token):
        if run[0].isdigit():
            words.append(numeral_words(run, dialect) if run[0] != "0" else digit_words(run))
        else:
            words.append(_INITIAL_NAMES.get(run.lower(), run))
    return " ".join(words)


def _is_word(token: str) -> bool:
    """A pronounceable token, read as written: a Roman numeral of I, V, X; a Vietnamese syllable
    in capitals; a brand in camel case whose every part has a vowel ("TikTok", "MoMo")."""
    if token.isupper():
        lowered = token.lower()
        return bool(_ROMAN_IVX.fullmatch(token) and roman_value(token)) or bool(
            _SYLLABLE.fullmatch(lowered)
        )
    if re.search(r"[A-Z]{2}", token):
        return False  # an initialism inside ("VNeID", "VssID")
    return all(
        any(char in "aeiouy" for char in part.lower()) for part in _CAMEL_PART.findall(token)
    )


def _spoken_host(host: str) -> str:
    return " chấm ".join(_spoken_label(label) for label in host.split(".") if label)


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
    return _pad(match, _spoken_host(host)) + trailing


def _email(match: re.Match[str], dialect: Dialect) -> str:
    local, _, host = match.group(0).partition("@")
    return _pad(match, f"{_spoken_host(local)} a còng {_spoken_host(host)}")


def _road(match: re.Match[str], dialect: Dialect) -> str:
    first, second, number, letter = match.groups()
    kind = first + second
    if kind not in _ROADS or (kind in ("ĐT", "TL") and len(number) > 3):
        return match.group(0)  # "ĐT 0912…" is a phone number, handled elsewhere
    words = f"{_ROADS[kind]} {numeral_words(number, dialect)}"
    return _pad(match, words + (f" {letter}" if letter else ""))


def _road_marker(match: re.Match[str], dialect: Dialect) -> str:
    """ "Km 20+500" → "ki-lô-mét hai mươi cộng năm trăm" (kilometre post, then metres)."""
    kilometre, metres = match.groups()
    if metres is None:
        before = _preceding(match, 8).rstrip(" \t")
        if match.group(0)[0] == "k" or before[-1:].isdigit():
            return match.group(0)  # "5 km 20" is a distance; a bare marker is written "Km"
    words = "ki-lô-mét " + numeral_words(kilometre, dialect)
    if metres is not None:
        words += " cộng " + numeral_words(metres, dialect)
    return _pad(match, words)


def _letters_digits(match: re.Match[str], dialect: Dialect) -> str:
    return _pad(match, _spelled(match.group(0), dialect))


def _party_doc_number(match: re.Match[str], dialect: Dialect) -> str:
    """ "Chỉ thị 05-CT/TW" → "Chỉ thị năm": the number is kept, the type and issuer dropped."""
    number, kind, issuer = match.groups()
    if sum(1 for char in kind + issuer if char.isupper()) < 3:
        return match.group(0)
    return _pad(match, numeral_words(number, dialect))


def _house_number(match: re.Match[str], dialect: Dialect) -> str:
    """ "ngõ 5/2", "208/6 đường Bà Hạt" → "năm trên hai", "hai trăm linh tám trên sáu".

    The slash of a house number is read "trên": it is what listeners in every region
    understand and what the voice says for "24/7" too; "xuyệt" (North) and "xẹt" (South) are
    regional street words an announcer avoids on air."""
    text = match.string
    number = match.group(0)
    if _YEAR_PART.search(number):
        return number  # "9/2021" is a month
    before = _preceding(match, 24)
    if _DATE_WORD_BEFORE.search(before):
        return number
    after = text[match.end() : match.end() + 40]
    if not _HOUSE_WORD_BEFORE.search(before) and (
        number.startswith("0") or not _STREET_AFTER.match(after)
    ):
        return number
    parts = []
    for part in number.split("/"):
        digits = part.rstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        words = numeral_words(digits, dialect)
        parts.append(words + (" " + part[len(digits) :] if len(digits) < len(part) else ""))
    return _pad(match, " trên ".join(parts))


def _ward_district(match: re.Match[str], dialect: Dialect) -> str:
    """ "P.3" → "phường 3", "Q.Bình Thạnh" → "quận Bình Thạnh". Before a name only after a
    comma, a bracket or a lowercase word: "Nguyễn Q. Huy" and "Ảnh: P.Linh" are initials."""
    text = match.string
    if not text[match.end()].isdigit():
        before = _preceding(match, 40).rstrip(" \t")
        last_word = before.rsplit(None, 1)[-1] if before.strip() else ""
        if before and before[-1] not in ",(;\n" and not last_word[:1].islower():
            return match.group(0)
    return ADDRESS_ABBREVIATIONS[match.group(1)] + " "


def _doc_number_year(match: re.Match[str], dialect: Dialect) -> str:
    number, year, _code = match.groups()
    return _pad(match, f"{numeral_words(number, dialect)} năm {numeral_words(year, dialect)}")


def _doc_number(match: re.Match[str], dialect: Dialect) -> str:
    number, code = match.groups()
    if sum(1 for char in code if char.isupper()) < 2:
        return match.group(0)  # "5/Kg" is not an issuer code
    return _pad(match, numeral_words(number, dialect))


def _doc_blank(match: re.Match[str], dialect: Dialect) -> str:
    """ "Số: /STTTT-TTBCXB" on an unsigned draft: the blank number and its code say nothing."""
    if _DOC_BLANK_BEFORE.search(_preceding(match, 8)):
        return ""
    return match.group(0)


def _phone_abbreviation(match: re.Match[str], dialect: Dialect) -> str:
    return "số điện thoại" if match.group(1)[0] in "Ss" else "điện thoại"


def _phone_context(match: re.Match[str], dialect: Dialect) -> str:
    """A number right after "điện thoại", "hotline", "fax" … is read digit by digit."""
    number = match.group(0)
    if _digit_count(number) < 3 or not _PHONE_CONTEXT_BEFORE.search(_preceding(match, 30)):
        return number
    return _pad(match, _phone_words(number))


def _phone_plain(match: re.Match[str], dialect: Dialect) -> str:
    if not 9 <= _digit_count(match.group(0)) <= 11:
        return match.group(0)
    return _pad(match, _phone_words(match.group(0)))


def _phone_service(match: re.Match[str], dialect: Dialect) -> str:
    return _pad(match, _phone_words(match.group(0)))


def _service_number(match: re.Match[str], dialect: Dialect) -> str:
    """ "1900 9095", "1900-9095"; but "1900-1945" is a span of years."""
    separator, group = match.group(1), match.group(2)
    if separator == "-" and len(group) == 4 and group[:2] in ("18", "19", "20"):
        return match.group(0)
    return _pad(match, _phone_words(match.group(0)))


def _emergency(match: re.Match[str], dialect: Dialect) -> str:
    after = _following(match)
    before = _preceding(match)
    if _EMERGENCY_BEFORE.search(before):
        return _pad(match, digit_words(match.group(0)))
    if _NUMBER_WORD_BEFORE.search(before):
        return match.group(0)  # "Công văn số 115": a document number
    listed = _PHONE_LINKERS.match(after) is not None
    if listed or not _LOWER_WORD_AFTER.match(after):
        return _pad(match, digit_words(match.group(0)))
    return match.group(0)


def _time_range(match: re.Match[str], dialect: Dialect) -> str:
    """ "7h00 - 11h00": the dash between two times is "đến"."""
    if _TIME_END.search(_preceding(match, 12).rstrip(" \t")):
        return " đến "
    return match.group(0)


def _time_h(match: re.Match[str], dialect: Dialect) -> str:
    hour, minute = match.groups()
    if int(hour) > 24:
        return match.group(0)
    words = f"{number_words(int(hour), dialect)} giờ"
    if int(minute):
        words += f" {number_words(int(minute), dialect)} phút"
    return _pad(match, words)


def _time_colon(match: re.Match[str], dialect: Dialect) -> str:
    hour, minute, second, meridiem = match.groups()
    if int(hour) > 24:
        return match.group(0)
    words = f"{number_words(int(hour), dialect)} giờ"
    if int(minute) or second:
        words += f" {number_words(int(minute), dialect)} phút"
    if second and int(second):
        words += f" {number_words(int(second), dialect)} giây"
    if meridiem:
        words += " sáng" if meridiem.upper() in ("AM", "SA") else " chiều"
    return _pad(match, words)


def _quarter(match: re.Match[str], dialect: Dialect) -> str:
    word, quarter, year = match.groups()
    return f"{word} {number_words(_QUARTERS[quarter], dialect)} năm {numeral_words(year, dialect)}"


def _date_range_full(match: re.Match[str], dialect: Dialect) -> str:
    day1, month1, year1, day2, month2, year = match.groups()
    if not (_valid_day_month(int(day1), int(month1)) and _valid_day_month(int(day2), int(month2))):
        return match.group(0)
    first = _date_words(int(day1), int(month1), year1, dialect)
    second = _date_words(int(day2), int(month2), year, dialect)
    return _pad(match, f"{first} đến {second}")


def _date_range_days(match: re.Match[str], dialect: Dialect) -> str:
    day1, day2, month, year = match.groups()
    if not (_valid_day_month(int(day2), int(month)) and 1 <= int(day1) < int(day2)):
        return match.group(0)
    second = _date_words(int(day2), int(month), year, dialect)
    return _pad(match, f"{day_words(int(day1), dialect)} đến {second}")


def _date_full(match: re.Match[str], dialect: Dialect) -> str:
    day, separator, month, year = match.groups()
    if not _valid_day_month(int(day), int(month)):
        return match.group(0)
    if len(year) == 2:
        if separator == ".":
            return match.group(0)  # "1.5.20" is more likely a section number than a date
        year = str((2000 if int(year) <= 69 else 1900) + int(year))  # "07/9/21" is 2021
    return _pad(match, _date_words(int(day), int(month), year, dialect))


def _month_year(match: re.Match[str], dialect: Dialect) -> str:
    month, slash_year, dash_year = match.groups()
    year = slash_year or dash_year
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
    date_word = _DATE_WORD_BEFORE.search(_preceding(match)) is not None
    if (day, month) == ("24", "7") and not date_word:
        return match.group(0)  # "trực 24/7": round the clock, read as a fraction
    proper = day[0] != "0" and month[0] != "0" and int(day) < int(month) <= 10
    if proper and not date_word and _SHARE_WORD_BEFORE.search(_preceding(match, 16)):
        return match.group(0)  # "đạt 1/3.": a fraction
    is_date = (
        date_word
        or day.startswith("0")
        or month.startswith("0")
        or _PUNCT_AFTER.match(_following(match)) is not None
    )
    if not is_date:
        return match.group(0)
    return _pad(match, _date_words(int(day), int(month), None, dialect))


def _word_number(match: re.Match[str], dialect: Dialect) -> str:
    """ "ngày 7" → "ngày mùng bảy" (only where a date goes on: "ngày 7 tháng 9", not "mỗi ngày 2
    lần"), "tháng 4" → "tháng tư", "thứ 1" → "thứ nhất"."""
    number = match.group(0)
    context = _WORD_BEFORE_NUMBER.search(_preceding(match, 12))
    if context is None:
        return number
    word = context.group(1).lower()
    value = int(number)
    text, end = match.string, match.end()
    if word == "ngày":
        if 1 <= value <= 31 and len(number) <= 2 and _DAY_FOLLOWS.match(text, end):
            return day_words(value, dialect)
    elif word == "tháng":
        if 1 <= value <= 12 and len(number) <= 2 and _NUMBER_ENDS.match(text, end):
            return month_words(value, dialect)
    elif _NUMBER_ENDS.match(text, end):
        return ordinal_words(value, dialect)
    return number


def _range(match: re.Match[str], dialect: Dialect) -> str:
    return f"{match.group(1)} đến {match.group(2)}"


def _degree_zero_c(match: re.Match[str], dialect: Dialect) -> str:
    return _pad(match, f"{numeral_words(match.group(1), dialect)} độ xê")


_TIME_OF_DAY_AFTER = re.compile(r"[ \t]+(?:sáng|chiều|tối|trưa|đêm|ngày)(?!\w)")


def _unit(match: re.Match[str], dialect: Dialect) -> str:
    unit = match.group(2)
    if unit == "g" and _TIME_OF_DAY_AFTER.match(match.string, match.end()):
        return match.group(1) + " giờ"
    return match.group(1) + " " + _UNIT_WORDS[unit]


def _unit_after_word(match: re.Match[str], dialect: Dialect) -> str:
    return match.group(1) + " " + _UNIT_WORDS[match.group(2)]


def _per(match: re.Match[str], dialect: Dialect) -> str:
    """ "lần/ngày" → "lần một ngày"; only after a word (after a digit it is a fraction or date)."""
    before = match.string[max(0, match.start() - 2) : match.start()].rstrip(" \t")
    if not before or not (before[-1].isalpha() or before[-1] in "²³"):
        return match.group(0)
    unit = match.group(1)
    return " một " + _UNIT_WORDS.get(unit, unit)


def _fraction(match: re.Match[str], dialect: Dialect) -> str:
    """ "3/4 diện tích" → "ba phần tư" (a part of a whole: numerator below a denominator of at
    most ten); any other "x/y" is a ratio, "x trên y" ("24/24", "20/288 mét vuông")."""
    top, bottom = match.groups()
    if top[0] != "0" and bottom[0] != "0" and 1 <= int(top) < int(bottom) <= 10:
        whole = month_words(int(bottom), dialect)  # 4 is "tư": "ba phần tư"
        return _pad(match, f"{number_words(int(top), dialect)} phần {whole}")
    numerator, denominator = (
        number_words(int(part.lstrip("0") or "0"), dialect, plain_four=True)
        if len(part) <= 15
        else digit_words(part)
        for part in match.groups()
    )
    return _pad(match, f"{numerator} trên {denominator}")


def _roman_context(match: re.Match[str], dialect: Dialect) -> str:
    """Roman numerals only after khóa, thế kỷ, chương, đại hội, lần thứ …: "I", "V", "X"
    elsewhere are letters (vitamin C, loại V)."""
    numeral = match.group(0)
    context = _ROMAN_WORD_BEFORE.search(_preceding(match, 16))
    value = roman_value(numeral)
    if context is None or value is None:
        return numeral
    if context.group(1).lower() == "thứ":
        return ordinal_words(value, dialect)
    return number_words(value, dialect)


def _roman_heading(match: re.Match[str], dialect: Dialect) -> str:
    """ "II. NỘI DUNG" at the start of a line reads "Hai. NỘI DUNG"."""
    text = match.string
    line_start = text.rfind("\n", 0, match.start()) + 1
    numeral = match.group(0).rstrip(" \t")[:-1]
    value = roman_value(numeral)
    if value is None or text[line_start : match.start()].strip():
        return match.group(0)
    words = number_words(value, dialect)
    return f"{words[0].upper()}{words[1:]}. "


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


def _word_char_before(match: re.Match[str]) -> bool:
    start = match.start()
    return start > 0 and (match.string[start - 1].isalnum() or match.string[start - 1] == "_")


def _abbreviation(match: re.Match[str], dialect: Dialect) -> str:
    if _word_char_before(match):
        return match.group(0)  # inside a longer word or acronym
    return ABBREVIATIONS[match.group(1)]


def _compound(match: re.Match[str], dialect: Dialect) -> str:
    """ "LĐ-TB&XH" → "Lao động, Thương binh và Xã hội" (a known compound, looked up as written
    or with its joiners removed); otherwise each part from the dictionary, joiners kept for the
    symbol passes ("&" → "và"): "TN&MT", "KT–VH–XH" → "kinh tế, văn hóa, xã hội"."""
    token = match.group(0)
    written = token.replace(" ", "").replace("\t", "")
    for key in (written, _COMPOUND_JOINERS.sub("", written)):
        if key in ABBREVIATIONS:
            return ABBREVIATIONS[key]
    pieces = _COMPOUND_JOINERS.split(token)
    joiners = _COMPOUND_JOINERS.findall(token)
    out = [ABBREVIATIONS.get(piece) or COMPOUND_PARTS.get(piece) or piece for piece in pieces]
    return "".join(word + joiner for word, joiner in zip(out, [*joiners, ""], strict=True))


def _cue_pattern(cues: tuple[str, ...]) -> re.Pattern[str]:
    words = "|".join(re.escape(cue) for cue in sorted(cues, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{words})(?!\w)")


# Per ambiguous abbreviation: (words, cues right after it, cues earlier in the sentence).
_CONTEXT_CUES = {
    key: tuple(
        (reading.words, _cue_pattern(reading.after), _cue_pattern(reading.before))
        for reading in readings
    )
    for key, readings in CONTEXTUAL.items()
}


def _contextual(match: re.Match[str], dialect: Dialect) -> str:
    """ "BCH Quân sự" → "Ban Chỉ huy Quân sự", "BCH Đảng bộ" → "Ban Chấp hành Đảng bộ": the
    words right after the abbreviation decide, then the nearest cue before it in the sentence,
    else the first reading."""
    if _word_char_before(match):
        return match.group(0)
    readings = _CONTEXT_CUES[match.group(1)]
    after = match.string[match.end() : match.end() + 40].lstrip(" \t").lower()
    for words, cues_after, _cues_before in readings:
        if cues_after.match(after):
            return words
    before = _preceding(match, 48).lower()
    before = before[max(before.rfind(". "), before.rfind("\n")) + 1 :]  # this sentence only
    nearest, chosen = -1, readings[0][0]
    for words, _cues_after, cues_before in readings:
        for cue in cues_before.finditer(before):
            if cue.start() > nearest:
                nearest, chosen = cue.start(), words
    return chosen


def _initialism(match: re.Match[str], dialect: Dialect) -> str:
    """ "PDF" → "pê đê ép", "VssID" → "vê ét ét i đê"; a word or brand stays ("TikTok")."""
    token = match.group(0)
    if _is_word(token):
        return token
    return _pad(match, _spelled(token, dialect))


def _dash(match: re.Match[str], dialect: Dialect) -> str:
    """A hyphen inside a word stays ("Cô-vít", "KT-XH"); a spaced or long dash is a pause."""
    dash = match.group(0)
    text = match.string
    before = text[match.start() - 1] if match.start() > 0 else ""
    after = text[match.end()] if match.end() < len(text) else ""
    if set(dash) == {"-"} and before.isalnum() and after.isalnum():
        return dash
    if "–" in dash or "—" in dash or before in (" ", "\t") or after in (" ", "\t"):
        return ", "
    return " "


def _quote(match: re.Match[str], dialect: Dialect) -> str:
    text = match.string
    if (
        match.group(0) == "'"
        and _word_char_before(match)
        and match.end() < len(text)
        and text[match.end()].isalnum()
    ):
        return "'"  # an apostrophe inside a foreign name
    if (
        match.group(0) in '“"'
        and text[: match.start()].rstrip()[-1:].isalnum()
        and text[match.end() : match.end() + 1].isupper()
    ):
        return ", "  # announcers pause before a quoted slogan
    return ""


def _doc_type(match: re.Match[str], dialect: Dialect) -> str:
    if _word_char_before(match):
        return match.group(0)
    return DOCUMENT_TYPES[match.group(1)]


def _dotted_abbreviation(match: re.Match[str], dialect: Dialect) -> str:
    key = match.group(1)
    if key not in DOTTED_ABBREVIATIONS or _word_char_before(match):
        return match.group(0)
    return DOTTED_ABBREVIATIONS[key] + " "


def _signer_authority(match: re.Match[str], dialect: Dialect) -> str:
    return match.group(1) + SIGNING_AUTHORITIES[match.group(2)] + " "


def _stray_digits(match: re.Match[str], dialect: Dialect) -> str:
    return _pad(match, digit_words(match.group(0)))


def _const(text: str) -> _Replacer:
    return lambda _match, _dialect: text


@dataclass(frozen=True)
class _Pass:
    """One regex pass, skipped unless its cheap precondition holds (speed: most passes need a
    digit, a slash or a keyword, and a substring test is far cheaper than a regex scan)."""

    pattern: re.Pattern[str]
    replacer: _Replacer
    needs: tuple[str, ...] = ()  # run only if one of these occurs in the text
    lower: bool = False  # test ``needs`` against the lowercased text
    digits: bool = False  # run only if the text still has an ASCII digit

    def wanted(self, text: str, lowered: str, has_digit: bool) -> bool:
        if self.digits and not has_digit:
            return False
        if not self.needs:
            return True
        haystack = lowered if self.lower else text
        for needle in self.needs:  # noqa: SIM110 - a loop, not any(): this runs ~60 times per call
            if needle in haystack:
                return True
        return False


_DASHES = ("-", "–", "—", "―")
_ROMAN_WORDS = (
    "khóa",
    "khoá",
    "thế k",
    "phần",
    "chương",
    "mục",
    "đại hội",
    "lần",
    "họp",
    "điều",
    "thứ",
    "quý",
    "báo động",
)
_PHONE_WORDS = ("điện thoại", "đường dây nóng", "hotline", "tổng đài", "fax")

# The pipeline, most specific first. Order matters: see the module docstring.
_PASSES: tuple[_Pass, ...] = (
    # Cleanup
    _Pass(_ODD_HYPHEN, _const("-")),
    _Pass(_INVISIBLE, _const("")),
    _Pass(_ODD_SPACES, _const(" ")),
    _Pass(_MARKDOWN, _const(""), ("**", "__", "`")),
    _Pass(_RULE_LINE, _const(""), ("--", "==", "__", "**", "~~", "..", "••")),
    _Pass(_BULLET, _const(""), ("-", "+", "•", "●", "▪", "◦", "*", "–", "—", ")")),
    _Pass(_LETTER_MARKER, _const(""), (")",)),
    _Pass(_HEADING_HASH, _const(""), ("#",)),
    _Pass(_END_MARK, _const("."), ("./.",)),
    _Pass(_DOTS, _const("…"), ("...",)),
    _Pass(_ELLIPSIS_DOTS, _const("…"), ("….",)),
    _Pass(_SCRAPED_EMAIL, _const(""), ("email",), lower=True),
    _Pass(_SIGNER_AUTHORITY, _signer_authority, ("KT.", "TL.", "TM.", "TUQ.")),
    _Pass(_EMAIL, _email, ("@",)),
    _Pass(_URL_SCHEME, _url, ("://", "www.", "WWW."), lower=False),
    _Pass(_URL_BARE, _url, (".vn", ".com", ".net", ".org", ".edu", ".gov", ".info"), lower=True),
    # Tokens with digits that are names, not numbers
    _Pass(
        _FULLWIDTH_DIGIT,
        lambda match, _d: chr(ord(match.group(0)) - 0xFEE0),
        tuple("０１２３４５６７８９"),
    ),
    _Pass(_QUARTER, _quarter, ("quý", "QUÝ", "Quý")),
    _Pass(_COVID, _const("Cô-vít mười chín"), ("covid",), lower=True, digits=True),
    _Pass(_SARS, _const("Sa-cô-vi hai"), ("sars",), lower=True, digits=True),
    _Pass(_F_CLASS, lambda match, _d: "ép " + DIGITS[int(match.group(1))], ("F",), digits=True),
    _Pass(_FIVE_K, _const("năm ca"), ("5K",)),
    _Pass(_PARTY_DOC_NUMBER, _party_doc_number, ("/",), digits=True),
    _Pass(_DOC_NUMBER_YEAR, _doc_number_year, ("/",), digits=True),
    _Pass(_DOC_NUMBER, _doc_number, ("/",), digits=True),
    _Pass(_DOC_BLANK, _doc_blank, ("/",)),
    _Pass(_DOC_TYPE, _doc_type, tuple(DOCUMENT_TYPES)),
    _Pass(_PHONE_ABBREVIATION, _phone_abbreviation, ("ĐT", "đt"), digits=True),
    _Pass(_PHONE_CONTEXT, _phone_context, _PHONE_WORDS, lower=True, digits=True),
    _Pass(_ROAD, _road, ("QL", "ĐT", "TL", "ĐH"), digits=True),
    _Pass(_ROAD_MARKER, _road_marker, ("Km", "km"), digits=True),
    _Pass(_PHONE_INTERNATIONAL, _phone_service, ("+84",)),
    _Pass(_PHONE_SERVICE, _service_number, ("1800", "1900")),
    _Pass(_PHONE_PLAIN, _phone_plain, ("0",)),
    _Pass(_PHONE_SOLID, _phone_plain, ("0",)),
    _Pass(_PHONE_AREA, _phone_service, ("(0",)),
    _Pass(_EMERGENCY, _emergency, ("11",)),
    _Pass(_LETTERS_DIGITS, _letters_digits, digits=True),
    # Addresses
    _Pass(_WARD_DISTRICT, _ward_district, ("P.", "Q.")),
    _Pass(_HOUSE_NUMBER, _house_number, ("/",), digits=True),
    # Times and dates
    _Pass(_ZERO_MINUTES, lambda match, _d: match.group(1), ("giờ 00",), lower=True),
    _Pass(_TIME_RANGE, _time_range, _DASHES, digits=True),
    _Pass(_TIME_H, _time_h, ("h", "H", "g"), digits=True),
    _Pass(_TIME_COLON, _time_colon, (":",), digits=True),
    _Pass(_DATE_RANGE_FULL, _date_range_full, ("/",), digits=True),
    _Pass(_DATE_RANGE_DAYS, _date_range_days, ("/",), digits=True),
    _Pass(_DATE_FULL, _date_full, ("/", ".", "-"), digits=True),
    _Pass(_MONTH_YEAR, _month_year, ("/", "-"), digits=True),
    _Pass(_DAY_MONTH, _day_month, ("/",), digits=True),
    _Pass(_NUMBER_AFTER_SPACE, _word_number, ("ngày", "tháng", "thứ"), lower=True, digits=True),
    # Quantities
    _Pass(_RATIO, lambda match, _d: match.group(1) + " trên ", (":",), digits=True),
    _Pass(_TIMES_SIGN, lambda match, _d: match.group(1) + " nhân ", ("x", "×"), digits=True),
    _Pass(_PERCENT, lambda match, _d: match.group(1) + " phần trăm", ("%",)),
    _Pass(_DEGREE_ZERO_C, _degree_zero_c, ("0C",)),
    _Pass(_UNIT, _unit, digits=True),
    _Pass(_UNIT_AFTER_WORD, _unit_after_word, ("m3", "m³", "m2", "m²", "km", "ha", "kg")),
    _Pass(_RANGE, _range, _DASHES, digits=True),  # after units: "35-37oC", "5-10km"
    _Pass(_PER, _per, ("/",)),
    _Pass(_FRACTION, _fraction, ("/",), digits=True),
    _Pass(_ROMAN_AFTER_SPACE, _roman_context, _ROMAN_WORDS, lower=True),
    _Pass(_ROMAN_HEADING, _roman_heading, ("I", "V", "X")),
    _Pass(_PLUS_NUMBER, _const(" cộng "), ("+",)),
    _Pass(_HASH_NUMBER, _const(" số "), ("#",)),
    _Pass(_TILDE_NUMBER, _const(" khoảng "), ("~",)),
    _Pass(_ANY_NUMBER, _number, digits=True),
    # Words
    _Pass(
        _DOTTED_ABBREVIATION, _dotted_abbreviation, tuple(key + "." for key in DOTTED_ABBREVIATIONS)
    ),
    _Pass(_WOMEN_UNION, lambda match, _d: match.group(1) + " Phụ nữ", ("PN",)),
    _Pass(_CONTEXTUAL, _contextual, tuple(CONTEXTUAL)),
    _Pass(_COMPOUND, _compound, ("&", "-", "–", ",")),
    _Pass(_ABBREVIATION, _abbreviation),
    # after the dictionary, so the body it heads is spelled out: "TT.BCĐ"
    _Pass(_STANDING, _const(STANDING_BODY[1] + " "), (STANDING_BODY[0] + ".",)),
    _Pass(_INITIALISM, _initialism),
    # Symbols
    _Pass(_DASH, _dash, _DASHES),
    _Pass(_WORD_SLASH, _const(", "), ("/",)),
    _Pass(_PARENS, _const(", "), tuple("()[]{}|•●▪◦")),
    _Pass(_QUOTES, _quote, tuple("\"“”„«»‘’‹›'")),
    _Pass(_SYMBOL, lambda match, _d: _SYMBOL_WORDS[match.group(0)], tuple(_SYMBOL_WORDS)),
    _Pass(_DROPPED, _const(" "), tuple("*_\\^`<>~#$")),
    _Pass(_SYMBOL_BLOCKS, _const(" ")),
    _Pass(_ASCII_DIGITS, _stray_digits, digits=True),
)

_TIDY: tuple[tuple[re.Pattern[str], str], ...] = (
    (_ODD_SPACES, " "),
    (_SPACES, " "),
    (_COMMA_RUNS, ","),
    (_SPACE_BEFORE_PUNCT, r"\1"),
    (_COMMA_BEFORE_STOP, ""),
    (_PUNCT_THEN_STOP, ""),
    (_STOP_THEN_COMMA, r"\1"),
    (_MISSING_SPACE, r"\1 "),
    (_SPACES, " "),
)


def _apply(pattern: re.Pattern[str], replacer: _Replacer, text: str, dialect: Dialect) -> str:
    def replace(match: re.Match[str]) -> str:
        return replacer(match, dialect)

    return pattern.sub(replace, text)


def _transform(text: str, dialect: Dialect) -> str:
    # Both computed lazily and kept until a pass changes the text.
    lowered: str | None = None
    has_digit = _ANY_DIGIT.search(text) is not None
    for step in _PASSES:
        if step.digits and not has_digit:
            continue
        if step.lower and lowered is None:
            lowered = text.lower()
        if step.wanted(text, lowered or "", has_digit):
            changed = _apply(step.pattern, step.replacer, text, dialect)
            if changed != text:
                text, lowered = changed, None
                has_digit = _ANY_DIGIT.search(text) is not None
    for pattern, replacement in _TIDY:
        text = pattern.sub(replacement, text)
    # Per line: no pause mark opens a line, no comma closes one; at most one blank line.
    lines = [line.lstrip(" ,;:").rstrip(" ,") for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


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
    # An underscore joins the parts of a file or attachment name ("kỳ họp 4_NQ"); nobody says it.
    normalized = normalized.replace("_", " ")
    try:
        result = _transform(normalized, dialect)
    except Exception:  # noqa: BLE001 — a bug in a pass must not silence the broadcast
        _log.exception("spoken form failed; digits read one by one instead: %r", normalized[:200])
        result = " ".join(_digits_only(normalized).split(" "))
    result = unicodedata.normalize("NFC", result)
    if _ANY_DIGIT.search(result):
        result = _digits_only(result)
    if "\n\n" in result:
        # A paragraph of dots alone (". . . . ." under a signature) says nothing; dropped here
        # so that speaking spoken text again changes nothing.
        result = "\n\n".join(p for p in result.split("\n\n") if _HAS_WORD_CHAR.search(p))
    return result


def count_syllables(spoken: str) -> int:
    """Syllables of spoken text: tokens between spaces and hyphens that hold a letter or digit."""
    return sum(1 for token in _SYLLABLE_SPLIT.split(spoken) if _HAS_WORD_CHAR.search(token))
