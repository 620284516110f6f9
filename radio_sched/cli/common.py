"""Small pieces shared by the subcommand modules."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from radio_sched.config import StationSettings
    from radio_sched.store import Store


def open_station_store(settings: StationSettings | None = None) -> Store:
    """The station's database (its settings' URL; loaded when not given)."""
    # Imported here so that `--help` and the TUI's start do not wait for SQLAlchemy.
    from radio_sched.store import open_store

    return open_store(settings.resolved_database_url if settings else None)


def print_script(title: str, text: str, estimated_seconds: float, notes: Sequence[str]) -> None:
    minutes, seconds = divmod(round(estimated_seconds), 60)
    print(f"# {title}")
    print(f"# Thời lượng ước tính: {minutes} phút {seconds:02d} giây")
    print()
    print(text)
    for note in notes:
        print(f"Lưu ý: {note}", file=sys.stderr)
