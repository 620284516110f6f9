"""A rich progress bar on stderr for ``pack build``: one line per stage."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

from radio_sched.pack.build import Progress

_STAGES = {"synth": "Tổng hợp giọng đọc", "packs": "Làm gói cho các xã"}


@contextlib.contextmanager
def rich_progress() -> Iterator[Progress]:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        TaskID,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.progress import Progress as RichProgress

    bar = RichProgress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
    )
    tasks: dict[str, TaskID] = {}
    lock = threading.Lock()

    def update(stage: str, done: int, total: int) -> None:
        # Called from the build's thread and from the pool's workers as packs finish.
        with lock:
            if stage not in tasks:
                tasks[stage] = bar.add_task(_STAGES.get(stage, stage), total=total)
            bar.update(tasks[stage], completed=done, total=total)

    with bar:
        yield update
