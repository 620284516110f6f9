"""Small pieces shared by the subcommand modules: the station's settings and store, dates and
spans as the operator types them, the script's frame."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import re
import sys
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, TextIO

from radio_sched import durations
from radio_sched.errors import UserError

if TYPE_CHECKING:
    from radio_sched.config import StationSettings
    from radio_sched.store import Store


def open_station_store(settings: StationSettings | None = None) -> Store:
    """The station's database (its settings' URL; loaded when not given)."""
    # Imported here so that `--help` and the TUI's start do not wait for SQLAlchemy.
    from radio_sched.store import open_store

    return open_store(settings.resolved_database_url if settings else None)


@contextlib.contextmanager
def station_store(settings: StationSettings | None = None) -> Iterator[Store]:
    """``with station_store(settings) as store:`` — the store, closed however the block ends."""
    store = open_station_store(settings)
    try:
        yield store
    finally:
        store.dispose()


def station_settings() -> StationSettings:
    from radio_sched.config import load_settings

    return load_settings()  # a bad file raises SettingsError, which names the file


def named_station_settings() -> StationSettings:
    """The settings of a station the operator has named; refused otherwise, so nothing is
    planned or aired under the default name."""
    from radio_sched import locations
    from radio_sched.config import station_is_named

    if not station_is_named():
        raise UserError(
            f"Đài chưa có tên (chưa có {locations.settings_file()}): chưa lập lịch, chưa phát gì. "
            'Hãy đặt tên đài trước: radio-sched station init --name "Xã …" '
            "(hoặc mở màn hình radio-sched và điền phần cài đặt lần đầu)."
        )
    return station_settings()


def parse_date(text: str) -> dt.date:
    text = text.strip()
    try:
        if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", text):
            day, month, year = (int(part) for part in text.split("/"))
            return dt.date(year, month, day)
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise UserError(
            f"Ngày không hợp lệ: {text!r}. Hãy viết 2021-09-07 hoặc 07/09/2021."
        ) from error


def parse_span(text: str) -> dt.timedelta:
    """ "10m", "2h", "90s", "1h30m" → timedelta."""
    match = re.fullmatch(r"\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m)?\s*(?:(\d+)\s*s)?\s*", text.lower())
    if not match or not any(match.groups()):
        raise UserError(f"Khoảng thời gian không hợp lệ: {text!r}. Hãy viết 10m, 2h hoặc 1h30m.")
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    return dt.timedelta(hours=hours, minutes=minutes, seconds=seconds)


def add_range_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="first", help="Từ ngày (mặc định: thứ Hai tuần này)")
    parser.add_argument("--to", dest="last", help="Đến ngày (mặc định: Chủ nhật tuần này)")


def date_range(args: argparse.Namespace, settings: StationSettings) -> tuple[dt.date, dt.date]:
    """``--from``/``--to`` as given; this week (Monday to Sunday) by default."""
    from radio_sched.schedule.service import week_of

    monday, sunday = week_of(settings.now().date())
    first = parse_date(args.first) if args.first else monday
    last = (
        parse_date(args.last)
        if args.last
        else (sunday if not args.first else first + dt.timedelta(days=6))
    )
    if last < first:
        raise UserError(f"Ngày kết thúc {last:%d/%m/%Y} trước ngày bắt đầu {first:%d/%m/%Y}.")
    return first, last


HEADER_MARK = "# "
"""Lines of the frame ``print_script`` puts above a script; never part of what is read aloud."""


def print_script(
    title: str,
    text: str,
    estimated_seconds: float,
    notes: Sequence[str],
    *,
    header_to: TextIO | None = None,
) -> None:
    """The script with its title and estimated length above it. ``header_to=sys.stderr`` keeps
    stdout to the script alone, so ``show 1 > s.txt`` gives a file ``edit`` takes back as is."""
    header = header_to or sys.stdout
    print(f"{HEADER_MARK}{title}", file=header)
    length = durations.in_words(estimated_seconds)
    print(f"{HEADER_MARK}Thời lượng ước tính: {length}", file=header)
    print(file=header)
    print(text)
    for note in notes:
        print(f"Lưu ý: {note}", file=sys.stderr)


def strip_script_frame(text: str) -> str:
    """The script without the frame ``print_script`` adds (title, estimated length, the blank
    line after them), however many times it was copied in: a script line never starts with
    "# " (the spoken form has nothing to read in a heading mark)."""
    lines = text.splitlines()
    while lines and (
        lines[0].startswith(HEADER_MARK)
        or lines[0].startswith("Thời lượng ước tính:")
        or not lines[0].strip()
    ):
        lines.pop(0)
    return "\n".join(lines).strip() + ("\n" if lines else "")
