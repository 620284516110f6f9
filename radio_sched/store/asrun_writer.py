"""Serial as-run writes for the daemon: playback never waits for the database, and a database
that cannot be written is reported once instead of retried in a loop.

- A busy database (another program holding the lock past SQLite's own bounded wait) is tried
  again with a growing delay, up to ``busy_deadline`` seconds per write.
- A lasting failure (read-only disk or database, full disk, damaged file) is not retried in a
  loop: the operator is told once, in one line naming the file and what to do (the same words as
  the CLI, from ``store.failures``), the writes wait in memory, and they are tried again every
  ``recheck`` seconds, so the log catches up by itself once the problem is fixed (which is said
  once too).
- ``close`` writes what is still waiting before it returns (within its timeout) and says how
  many rows could not be written, rather than dropping them silently.

The daemon submits ``job(session)`` callables; a job that hits the as-run table's unique key was
already written (a restart, a retry that committed) and counts as done.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from radio_sched.errors import StoreFailure
from radio_sched.store.db import Store
from radio_sched.store.failures import explain

log = logging.getLogger("radio_sched.daemon")

Job = Callable[[Session], None]


@dataclass
class _Pending:
    job: Job
    done: threading.Event = field(default_factory=threading.Event)


_STOP = object()


class AsRunWriter:
    def __init__(
        self,
        store: Store,
        *,
        report: Callable[[str], None],
        database: Path | str | None = None,
        busy_deadline: float = 60.0,
        recheck: float = 30.0,
        first_delay: float = 0.2,
        max_delay: float = 5.0,
    ) -> None:
        self.store = store
        self.report = report
        self.database = database if database is not None else _database_of(store)
        self.busy_deadline = busy_deadline
        self.recheck = recheck
        self.first_delay = first_delay
        self.max_delay = max_delay
        self._queue: queue.Queue[_Pending | object] = queue.Queue()
        self._backlog: deque[_Pending] = deque()
        self._stop = threading.Event()
        self._problem: str | None = None
        self._thread: threading.Thread | None = None
        self.unwritten = 0

    # -- the daemon's side -------------------------------------------------------------------

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="asrun-writer", daemon=True)
        self._thread.start()

    def submit(self, job: Job) -> threading.Event:
        """Queue a write; the event is set once it is committed (or found already written)."""
        pending = _Pending(job)
        self._queue.put(pending)
        return pending.done

    def close(self, timeout: float = 20.0) -> int:
        """Write what is waiting (within ``timeout``), stop, and return how many rows could not
        be written; those are reported."""
        self._stop.set()
        self._queue.put(_STOP)
        if self._thread is not None:
            self._thread.join(timeout)
        return self.unwritten

    @property
    def waiting(self) -> int:
        return len(self._backlog) + self._queue.qsize()

    # -- the writer thread -------------------------------------------------------------------

    def _run(self) -> None:
        next_try = 0.0  # while a problem lasts, the backlog is tried again only this late
        while True:
            wait = max(0.0, next_try - time.monotonic()) if self._backlog else None
            try:
                item = self._queue.get(timeout=wait)
            except queue.Empty:
                item = None
            if item is _STOP:
                break
            if isinstance(item, _Pending):
                self._backlog.append(item)
            if time.monotonic() >= next_try:
                self._drain(closing=False)
                next_try = time.monotonic() + self.recheck if self._backlog else 0.0
        self._flush()

    def _flush(self) -> None:
        while True:  # jobs submitted after close() began are written too
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                break
            if isinstance(item, _Pending):
                self._backlog.append(item)
        self._drain(closing=True)
        self.unwritten = len(self._backlog)
        if self._backlog:
            self.report(
                f"{len(self._backlog)} dòng nhật ký phát chưa ghi được khi dừng: "
                f"{self._problem or 'cơ sở dữ liệu không ghi được'}"
            )

    def _drain(self, *, closing: bool) -> None:
        """Write the backlog in order; stop at the first write that cannot be made now."""
        while self._backlog:
            pending = self._backlog[0]
            failure = self._write(pending, closing=closing)
            if failure is not None:
                self._tell(failure)
                return
            self._backlog.popleft()
            pending.done.set()
            if self._problem is not None:
                self.report(f"Đã ghi lại được nhật ký phát vào {self.database}.")
                self._problem = None

    def _write(self, pending: _Pending, *, closing: bool) -> StoreFailure | None:
        """None once written; else the failure that stopped it (after bounded retries if busy)."""
        delay = self.first_delay
        deadline = time.monotonic() + self.busy_deadline
        while True:
            try:
                with self.store.session() as session:
                    pending.job(session)
                return None
            except IntegrityError:
                log.warning("Bỏ qua một dòng nhật ký phát đã có (không ghi hai lần).")
                return None
            except Exception as error:  # classified below, never kills the thread
                failure = explain(error, self.database)
                if failure is None:
                    log.exception("Không ghi được một dòng nhật ký phát")
                    failure = StoreFailure(f"{self.database}: {type(error).__name__}: {error}")
            if not failure.transient or time.monotonic() + delay > deadline:
                return failure
            log.warning("Cơ sở dữ liệu đang bận, thử ghi lại sau %.1f giây.", delay)
            if closing:
                time.sleep(delay)
            elif self._stop.wait(delay):
                return failure  # stopping: the final flush tries again
            delay = min(delay * 2, self.max_delay)

    def _tell(self, failure: StoreFailure) -> None:
        message = str(failure)
        if message != self._problem:
            self._problem = message
            self.report(
                f"Chưa ghi được nhật ký phát ({self.waiting} dòng đang chờ, đài vẫn phát): "
                f"{message}"
            )


def _database_of(store: Store) -> str:
    url = store.engine.url
    if url.get_backend_name() == "sqlite" and url.database:
        return url.database
    return url.render_as_string(hide_password=True)
