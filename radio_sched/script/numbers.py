"""Vietnamese number words, written here rather than taken from a normalizer package.

The packages tried mangled document codes; the rules below are the few a reader applies:
"linh"/"lẻ" for a zero in the tens place, "mốt" for 1 after tens ≥ 2, "lăm" for 5 after any
tens, "tư" for 4 after tens ≥ 2, "không trăm" for an empty hundreds place inside a number,
"nghìn"/"ngàn" by dialect. Pure functions, no I/O.
"""

from __future__ import annotations

from radio_sched.models import Dialect

DIGITS: tuple[str, ...] = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")

# Past this many digits a number is not a quantity anybody says (an ID, a serial): read digits.
MAX_CARDINAL_DIGITS = 15


def _thousand(dialect: Dialect) -> str:
    return "ngàn" if dialect is Dialect.SOUTH else "nghìn"


def _zero_tens(dialect: Dialect) -> str:
    return "lẻ" if dialect is Dialect.SOUTH else "linh"


def _below_thousand(value: int, full: bool, dialect: Dialect, plain_four: bool) -> list[str]:
    """Words for 0 < value < 1000; ``full`` says "không trăm" when the hundreds place is empty
    (a group inside a bigger number: 2021 → hai nghìn *không trăm* hai mươi mốt)."""
    hundreds, rest = divmod(value, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append(_zero_tens(dialect))
            words.append(DIGITS[units])
        return words
    if tens == 1:
        words.append("mười")
    else:
        words += [DIGITS[tens], "mươi"]
    if units == 1 and tens >= 2:
        words.append("mốt")
    elif units == 4 and tens >= 2 and not plain_four:
        words.append("tư")
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(DIGITS[units])
    return words


_SCALES = ((10**9, "tỷ"), (10**6, "triệu"), (10**3, ""))  # "" → nghìn/ngàn by dialect


def _cardinal(value: int, full: bool, dialect: Dialect, plain_four: bool) -> list[str]:
    for scale, name in _SCALES:
        if value >= scale:
            head, rest = divmod(value, scale)
            # "tỷ" recurses so 10^12 is "một nghìn tỷ", as people say it.
            words = _cardinal(head, full, dialect, plain_four)
            words.append(name or _thousand(dialect))
            if rest:
                words += _cardinal(rest, True, dialect, plain_four)
            return words
    return _below_thousand(value, full, dialect, plain_four)


def number_words(value: int, dialect: Dialect = Dialect.NORTH, *, plain_four: bool = False) -> str:
    """Cardinal words: 105 → "một trăm linh năm", 1_500_000 → "một triệu năm trăm nghìn".

    ``plain_four`` keeps "bốn" after tens ("hai mươi bốn"), as in the fixed phrase "24/24".
    """
    if value < 0:
        return "âm " + number_words(-value, dialect, plain_four=plain_four)
    if value == 0:
        return DIGITS[0]
    if len(str(value)) > MAX_CARDINAL_DIGITS:
        return digit_words(str(value))
    return " ".join(_cardinal(value, False, dialect, plain_four))


def digit_words(digits: str) -> str:
    """Digit by digit, for phone numbers and codes: "113" → "một một ba". Non-digits are skipped."""
    return " ".join(DIGITS[ord(char) - 48] for char in digits if "0" <= char <= "9")


def numeral_words(digits: str, dialect: Dialect = Dialect.NORTH) -> str:
    """An ASCII digit string as a quantity; leading zeros are dropped ("02" → "hai")."""
    cleaned = "".join(char for char in digits if "0" <= char <= "9")
    if not cleaned:
        return ""
    if len(cleaned.lstrip("0")) > MAX_CARDINAL_DIGITS:
        return digit_words(cleaned)
    return number_words(int(cleaned), dialect)


def decimal_words(integer: str, fraction: str, dialect: Dialect = Dialect.NORTH) -> str:
    """ "3,75" → "ba phẩy bảy mươi lăm": the fraction is read as a number, its leading zeros as
    "không" ("0,05" → "không phẩy không năm"), the way people read figures aloud."""
    zeros = len(fraction) - len(fraction.lstrip("0"))
    tail = fraction.lstrip("0")
    parts = [numeral_words(integer, dialect) or DIGITS[0], "phẩy"]
    parts += [DIGITS[0]] * zeros
    if tail:
        parts.append(numeral_words(tail, dialect))
    return " ".join(parts)


def day_words(day: int, dialect: Dialect = Dialect.NORTH) -> str:
    """Day of month: 1–10 take "mùng" ("mùng một", "mùng mười"); 11+ are plain numbers."""
    if 1 <= day <= 10:
        return "mùng " + number_words(day, dialect)
    return number_words(day, dialect)


def month_words(month: int, dialect: Dialect = Dialect.NORTH) -> str:
    """Month name without "tháng": 4 is "tư"; 1 is "một" (not the lunar "giêng")."""
    if month == 4:
        return "tư"
    return number_words(month, dialect)


def ordinal_words(value: int, dialect: Dialect = Dialect.NORTH) -> str:
    """After "thứ": 1 → "nhất", 4 → "tư", otherwise the cardinal ("thứ hai", "thứ mười bốn")."""
    if value == 1:
        return "nhất"
    if value == 4:
        return "tư"
    return number_words(value, dialect)


_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def roman_value(numeral: str) -> int | None:
    """Value of a well-formed Roman numeral ("XXI" → 21), None when it is not one."""
    if not numeral or any(char not in _ROMAN_VALUES for char in numeral):
        return None
    total = 0
    for index, char in enumerate(numeral):
        value = _ROMAN_VALUES[char]
        following = _ROMAN_VALUES[numeral[index + 1]] if index + 1 < len(numeral) else 0
        total += -value if value < following else value
    # Round-trip check rejects "IIII", "VX" and other letter soup.
    return total if total > 0 and to_roman(total) == numeral else None


def to_roman(value: int) -> str:
    pairs = (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    )
    out: list[str] = []
    for amount, symbol in pairs:
        count, value = divmod(value, amount)
        out.append(symbol * count)
    return "".join(out)
