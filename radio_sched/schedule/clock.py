"""The one clock of the playback side: the runner, "what plays now" and the daemon take it.

``SystemClock`` reads the host's clock in the station's zone; ``FakeClock`` is moved by hand, so
tests drive the runner through a day of slots without sleeping.
"""

from __future__ import annotations

import datetime as dt
import threading
from typing import Protocol
from zoneinfo import ZoneInfo


class Clock(Protocol):
    def now(self) -> dt.datetime:
        """The current time, aware, in the station's zone."""
        ...

    def wait(self, event: threading.Event, seconds: float | None) -> bool:
        """Wait until ``event`` is set or ``seconds`` pass; True when the event was set."""
        ...


class SystemClock:
    def __init__(self, zone: ZoneInfo) -> None:
        self.zone = zone

    def now(self) -> dt.datetime:
        return dt.datetime.now(self.zone)

    def wait(self, event: threading.Event, seconds: float | None) -> bool:
        return event.wait(seconds)


class FakeClock:
    """A clock that only moves when told to; ``wait`` moves it by the time waited."""

    def __init__(self, start: dt.datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("FakeClock needs an aware datetime")
        self.moment = start

    def now(self) -> dt.datetime:
        return self.moment

    def advance(self, seconds: float) -> dt.datetime:
        self.moment += dt.timedelta(seconds=seconds)
        return self.moment

    def set(self, moment: dt.datetime) -> None:
        self.moment = max(self.moment, moment)

    def wait(self, event: threading.Event, seconds: float | None) -> bool:
        if event.is_set():
            return True
        if seconds is not None:
            self.advance(seconds)
        return event.is_set()
