"""Helpers for driving the app with the Pilot (tests and the benchmark)."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
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
            if not _running(app):
                return
            continue
        try:
            await app.workers.wait_for_complete(running)
        except (WorkerCancelled, WorkerFailed):
            pass
        await pilot.pause()
    raise TimeoutError("workers kept starting more workers")


def _running(app: Any) -> list[Any]:
    # Textual's own private groups ("_loader" of DirectoryTree) run for the widget's lifetime.
    return [w for w in app.workers if not w.is_finished and not w.group.startswith("_")]
