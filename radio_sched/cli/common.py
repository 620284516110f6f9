"""Small pieces shared by the subcommand modules."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from radio_sched import durations

if TYPE_CHECKING:
    from radio_sched.config import StationSettings
    from radio_sched.store import Store


def open_station_store(settings: StationSettings | None = None) -> Store:
    """The station's database (its settings' URL; loaded when not given)."""
    # Imported here so that `--help` and the TUI's start do not wait for SQLAlchemy.
    from radio_sched.store import open_store

    return open_store(settings.resolved_database_url if settings else None)


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
