"""What every pane needs from the station: settings, the store, today's date, where to browse.

Built once by :func:`radio_sched.tui.app.make_app`. Time comes from one clock object, the same kind
the daemon's runner takes (``schedule.clock``): tests pass a ``FakeClock``, or fix only the day the
screens open on (``opening_day``) so snapshots never depend on the real date.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from radio_sched.config import StationSettings
from radio_sched.operator import operator_name

if TYPE_CHECKING:
    from radio_sched.audio.capture import CaptureSource
    from radio_sched.schedule.clock import Clock
    from radio_sched.store import Store


@dataclass
class TuiContext:
    settings: StationSettings
    clock: Clock
    browse_root: Path
    store_url: str | None = None
    player_kind: str | None = None
    """Overrides the station's player for previews (tests use "file")."""
    operator: str = ""
    first_start: bool = False
    """The station has no settings yet: the setup screen opens before anything else."""
    opening_day: dt.date | None = None
    """The day the screens show instead of the clock's (tests and snapshots)."""
    capture: CaptureSource | None = None
    """The microphone for Thu âm (tests pass generated audio); by default the one in settings."""
    _store: Store | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def store(self) -> Store:
        """The station database, opened on first use from a worker thread (never at start-up,
        so the first screen does not wait for SQLite). Every call site keeps its session short:
        the daemon writes to the same WAL database at the same time."""
        # SQLAlchemy is imported here, in a worker, not before the first screen.
        from radio_sched.store import open_store

        with self._lock:
            if self._store is None:
                self._store = open_store(self.store_url or self.settings.resolved_database_url)
            return self._store

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.dispose()
                self._store = None

    def now(self) -> dt.datetime:
        """Station time, from the one clock."""
        return self.clock.now()

    def today(self) -> dt.date:
        return self.opening_day or self.clock.now().date()

    @property
    def who(self) -> str:
        return operator_name(self.operator)
