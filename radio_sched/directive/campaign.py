"""When a directive's message is to be aired: the campaign window. Pure.

A directive states its dates in a few ways, all looked for line by line:

- a range: "từ ngày 07/9 đến ngày 14/9/2021", "Đợt 1: từ … đến …; Đợt 2: từ … đến …";
- an open start: "bắt đầu từ ngày 22/02/2006", "Từ ngày 24/7/2021, áp dụng …";
- a deadline: "trước ngày 20/01/2026", "từ nay đến hết ngày 31/3";
- an event day, a date with its hour or weekday: "từ 07h00 – 17h00 ngày 14/5/2020",
  "vào thứ bảy, ngày 26/3/2022", or on a "Thời gian …:" line.

The window runs from the earliest start to the latest end of the first date of each line, so
the phases of a campaign make one window while a date that only qualifies a phase ("trẻ có tên
trong danh sách từ ngày 15/5 đến ngày 30/6") is not taken. Dates that ended before the document
was signed are history, not the campaign. Dates of cited documents ("Công văn số … ngày …")
carry no hour, weekday or "từ", so they are never taken.
"""

from __future__ import annotations

import datetime as dt
import re

from radio_sched.models import DateRange, PartialDate

_SEP = r"\s*[/.\-]\s*"
RANGE = re.compile(
    r"từ\s+(?:ngày\s+)?(?P<start_day>\d{1,2})(?:" + _SEP + r"(?P<start_month>\d{1,2})"
    r"(?:" + _SEP + r"(?P<start_year>\d{4}))?)?\s*(?:đến|-|–)\s*(?:hết\s+)?(?:ngày\s+)?"
    r"(?P<end_day>\d{1,2})" + _SEP + r"(?P<end_month>\d{1,2})(?:" + _SEP + r"(?P<end_year>\d{4}))?",
    re.IGNORECASE,
)
# "(13/4 – 13/5/2021)": a period written as two dates, no "từ"; both days carry their month.
BARE_RANGE = re.compile(
    r"(?<![\d/])(?P<start_day>\d{1,2})/(?P<start_month>\d{1,2})(?:/(?P<start_year>\d{4}))?"
    r"\s*[–-]\s*(?P<end_day>\d{1,2})/(?P<end_month>\d{1,2})/(?P<end_year>\d{4})(?![\d/])"
)
UNTIL = re.compile(
    r"(?:từ\s+nay\s+(?:cho\s+)?đến\s+(?:hết\s+)?|trước\s+|chậm\s+nhất\s+(?:là\s+)?(?:trong\s+)?|"
    r"hạn\s+chót\s+(?:là\s+)?)ngày\s+(?P<day>\d{1,2})" + _SEP + r"(?P<month>\d{1,2})"
    r"(?:" + _SEP + r"(?P<year>\d{4}))?",
    re.IGNORECASE,
)
OPEN_START = re.compile(
    r"(?:^|bắt\s+đầu\s+|kể\s+)từ\s+ngày\s+(?P<day>\d{1,2})"
    + _SEP
    + r"(?P<month>\d{1,2})"
    + _SEP
    + r"(?P<year>\d{4})(?!\s*(?:đến|-|–))",
    re.IGNORECASE,
)
# A date that names a day something happens: after a clock time, a weekday or "vào".
EVENT = re.compile(
    r"(?:\d{1,2}\s*(?:h|giờ)\s*\d{0,2}\s*(?:phút|'|’)?|thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|"
    r"chủ\s+nhật)\s*,?\s*(?:sáng|chiều|tối|trưa)?\s*,?\s*(?:ngày\s+)?"
    r"(?P<day>\d{1,2})" + _SEP + r"(?P<month>\d{1,2})" + _SEP + r"(?P<year>\d{4})",
    re.IGNORECASE,
)
# A deadline in a sentence about reporting back is the agencies', not the campaign's.
REPORTING = re.compile(r"\bbáo cáo\b|\bgửi về\b|\btổng hợp\b", re.IGNORECASE)
POSTED_LINE = re.compile(
    r"^(?:(?:Thứ\s+\w+|Chủ\s+nhật)\s*,?\s*)?(?:ngày\s*)?\d{1,2}/\d{1,2}/\d{4}\b\W*"
    r"(?:\d{1,2}:\d{2}.*)?$",
    re.IGNORECASE,
)
# "trong hai ngày 19 và 20/5/2007", "các ngày 3, 4 và 5/9/2024": days listed before their month.
DAY_LIST = re.compile(
    r"ngày\s+(?P<first>\d{1,2})(?:\s*,\s*\d{1,2})*\s+(?:và|đến|-|–)\s+(?P<day>\d{1,2})"
    + _SEP
    + r"(?P<month>\d{1,2})"
    + _SEP
    + r"(?P<year>\d{4})",
    re.IGNORECASE,
)
TIME_LABEL = re.compile(r"^[-–+•*]?\s*(?:\d+\.\s*)?Thời gian\b", re.IGNORECASE)
ANY_DATE = re.compile(
    r"(?:ngày\s+)?(?P<day>\d{1,2})" + _SEP + r"(?P<month>\d{1,2})" + _SEP + r"(?P<year>\d{4})",
    re.IGNORECASE,
)
# "ngày 01 tháng 7 năm 2022", "ngày 9 tháng 4", and after "đến" often "15 tháng 7 năm 2022".
_TEXT_DATE = re.compile(
    r"(?:ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s+năm\s+(\d{4}))?|"
    r"\b(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4}))",
    re.IGNORECASE,
)


def spell_dates_as_numbers(text: str) -> str:
    """ "ngày 01 tháng 7 năm 2022" → "ngày 01/7/2022", so one set of patterns reads both."""

    def numeric(m: re.Match[str]) -> str:
        if m[1]:
            return f"ngày {m[1]}/{m[2]}" + (f"/{m[3]}" if m[3] else "")
        return f"{m[4]}/{m[5]}/{m[6]}"

    return _TEXT_DATE.sub(numeric, text)


def campaign_window(
    text: str, document_date: PartialDate | None, today: dt.date | None = None
) -> DateRange | None:
    """The campaign window the text states, or None; see the module docstring. A missing
    year comes from the same phrase's end, then from the document date; "từ nay" and a
    deadline start on the document date, else on ``today``."""
    year = document_date.year if document_date else None
    signed = document_date.to_date() if document_date else None
    starts: list[dt.date] = []
    ends: list[dt.date] = []
    for line in spell_dates_as_numbers(text).split("\n"):
        if POSTED_LINE.match(line.strip()):
            continue  # a web post's own date line, not the campaign's
        window = _line_window(line, year, signed or today, signed)
        if window is None or (signed is not None and window[1] < signed):
            continue
        if window[0] is not None:
            starts.append(window[0])
        ends.append(window[1])
    if not ends:
        return None
    start = min(starts) if starts else (signed or today or min(ends))
    end = max(ends)
    return DateRange(start, end) if start <= end else None


def _line_window(
    line: str, year: int | None, start_default: dt.date | None, signed: dt.date | None = None
) -> tuple[dt.date | None, dt.date] | None:
    """The dates of one line as (start or None, end): its first range or deadline, with
    every day named for an event, an open start or a list of days."""
    spans: list[tuple[int, tuple[dt.date | None, dt.date] | None]] = []
    match = RANGE.search(line) or BARE_RANGE.search(line)
    if match and not _born(line, match.start()):
        spans.append((match.start(), _range(match, year)))
    match = UNTIL.search(line)
    if (
        match
        and not _born(line, match.start())
        and not (REPORTING.search(line) and not match[0].lower().startswith("từ nay"))
    ):
        end = _date(match["year"] or year, match["month"], match["day"])
        spans.append((match.start(), (start_default, end) if end else None))
    found = [min(spans, key=lambda item: item[0])[1]] if spans else []
    for pattern in (OPEN_START, EVENT):
        match = pattern.search(line)
        if match and not _cited(line, match.start()):
            day = _date(match["year"], match["month"], match["day"])
            if day and signed and day < signed:
                continue  # what happened before the document was signed: its reason, not its days
            found.append((day, day) if day else None)
    match = DAY_LIST.search(line)
    if match:
        last = _date(match["year"], match["month"], match["day"])
        first = _date(match["year"], match["month"], match["first"])
        found.append((first, last) if first and last and first <= last else None)
    if TIME_LABEL.match(line):
        match = ANY_DATE.search(line)
        if match and not _cited(line, match.start()):
            day = _date(match["year"], match["month"], match["day"])
            found.append((day, day) if day else None)
    windows = [item for item in found if item is not None]
    if not windows:
        return None
    starts = [start for start, _ in windows if start is not None]
    return (min(starts) if starts else None), max(end for _, end in windows)


_CITATION_BEFORE = re.compile(r"(?:\bsố\s*:?\s*\d+\S*|\bhồi)[^,.;]{0,30}$", re.IGNORECASE)


# "nam công dân sinh từ ngày 01/01/2008 đến ngày 31/12/2008": who is meant, not when.
_BORN_BEFORE = re.compile(r"\bsinh(?:\s+năm)?\s*(?:từ\s*)?(?:ngày\s*)?$", re.IGNORECASE)


def _born(line: str, position: int) -> bool:
    """Is the range at ``position`` a range of birth dates?"""
    return bool(_BORN_BEFORE.search(line[:position]))


def _cited(line: str, position: int) -> bool:
    """Is the date at ``position`` a cited document's ("Công điện số 11 hồi 20 giờ ngày …")?"""
    return bool(_CITATION_BEFORE.search(line[:position]))


def _range(match: re.Match[str], year: int | None) -> tuple[dt.date | None, dt.date] | None:
    end_year = match["end_year"] or match["start_year"] or year
    if end_year is None:
        return None
    end = _date(end_year, match["end_month"], match["end_day"])
    start_month = match["start_month"] or match["end_month"]
    start_year = int(match["start_year"] or end_year)
    start = _date(start_year, start_month, match["start_day"])
    if start and end and start > end and not match["start_year"]:
        start = _date(start_year - 1, start_month, match["start_day"])
    if start and end and start <= end and (end - start).days <= _LONGEST_CAMPAIGN_DAYS:
        return start, end
    return None  # "(19/8/1945 - 19/8/2024)": an anniversary's years, not a period to act in


_LONGEST_CAMPAIGN_DAYS = 400


def _date(year: int | str | None, month: str, day: str) -> dt.date | None:
    if year is None:
        return None
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None
