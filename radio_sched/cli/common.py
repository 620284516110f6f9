"""Small pieces shared by the subcommand modules."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from radio_sched.store import Store, open_store


def open_station_store() -> Store:
    return open_store()


def print_script(title: str, text: str, estimated_seconds: float, notes: Sequence[str]) -> None:
    minutes, seconds = divmod(round(estimated_seconds), 60)
    print(f"# {title}")
    print(f"# Thời lượng ước tính: {minutes} phút {seconds:02d} giây")
    print()
    print(text)
    for note in notes:
        print(f"Lưu ý: {note}", file=sys.stderr)
