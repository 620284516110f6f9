"""Helpers for driving the app with the Pilot (the tests and bench/bench_tui.py); not shipped."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable
from textual.worker import WorkerCancelled, WorkerFailed


async def settle(pilot: Pilot[Any], rounds: int = 50) -> None:
    """Wait until no worker is running and the messages they posted have been handled.

    Exclusive workers cancel the ones they replace, so a plain ``wait_for_complete`` can raise
    ``WorkerCancelled``; that is expected here. Workers can start more workers through the
    messages they post, hence the loop.
    """
    app = pilot.app
    for _ in range(rounds):
        running = _running(app)
        if not running:
            await pilot.pause()
            if not _running(app) and not _after_refresh(app):
                return
            continue
        with contextlib.suppress(WorkerCancelled, WorkerFailed):
            await app.workers.wait_for_complete(running)
        await pilot.pause()
    raise TimeoutError("workers kept starting more workers")


def _after_refresh(app: Any) -> bool:
    """Whether a ``call_after_refresh`` callback is still waiting (a pane starts its first load
    that way, from a pane mounted a moment ago): on a loaded machine the pauses above could end
    before it ran, and a test read "Đang tải …" where the loaded screen was due. Textual keeps
    such callbacks on the screen, and their messages in each widget's queue; likewise a table's
    columns not yet sized to its rows."""
    if any(getattr(screen, "_callbacks", None) for screen in app.screen_stack):
        return True
    widgets = [app, *app.screen.walk_children(with_self=True)]
    if any(widget._message_queue.qsize() for widget in widgets):
        return True
    # A DataTable sizes its columns to new rows when it is next idle: read before that, a loaded
    # machine showed the rows cut to the headers' widths ("Truyền th", "4:0").
    return any(
        isinstance(widget, DataTable)
        and (widget._require_update_dimensions or widget._updated_cells)
        for widget in widgets
    )


def _running(app: Any) -> list[Any]:
    # Textual's own private groups ("_loader" of DirectoryTree) run for the widget's lifetime.
    return [w for w in app.workers if not w.is_finished and not w.group.startswith("_")]


async def until(
    pilot: Pilot[Any], predicate: Callable[[], bool], what: str, timeout: float = 30.0
) -> None:
    """Let the app run until ``predicate()`` holds (a debounce timer fired, a file appeared);
    polls rather than sleeping a fixed time."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"still waiting for: {what}")
        await pilot.pause(0.05)
        await settle(pilot)


def widget_text(app: Any, selector: str) -> str:
    """The plain text a Static, Label or StatusLine shows."""
    return str(app.query_one(selector).render())


def table_text(app: Any, selector: str) -> str:
    """Every cell of a DataTable, a row per line, cells separated by " | "."""
    table = app.query_one(selector)
    return "\n".join(
        " | ".join(str(cell) for cell in table.get_row_at(row)) for row in range(table.row_count)
    )


def screen_text(app: Any) -> str:
    """What the screen shows, row by row, as the operator reads it (from the screenshot the
    app exports, so it holds exactly what is drawn: hidden widgets and clipped text excluded)."""
    import html
    import re

    svg = app.export_screenshot()
    rows: dict[float, list[tuple[float, str]]] = {}
    for x, y, text in re.findall(
        r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>', svg
    ):
        rows.setdefault(float(y), []).append((float(x), html.unescape(text).replace("\xa0", " ")))
    return "\n".join("".join(t for _, t in sorted(row)) for _, row in sorted(rows.items()))


def start_dry_run_daemon(home: Path) -> subprocess.Popen[str]:
    """The station's daemon in its own process, airing into the file sink. A generous grace lets
    a daemon slow to start (a loaded machine) still air what was declared a moment ago; the test
    stops it once it has seen what it waits for."""
    return subprocess.Popen(
        [sys.executable, "-m", "radio_sched", "daemon", "--dry-run", "--grace", "3600"],
        cwd=Path(__file__).resolve().parent.parent,
        env={**os.environ, "RADIO_SCHED_HOME": str(home)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
