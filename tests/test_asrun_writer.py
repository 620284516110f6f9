"""The as-run writer: bounded retries while the database is busy, one report (no loop) when it
cannot be written, catching up once it can, and nothing dropped at shutdown.

Real conditions: a read-only database (SQLite opened read-only: chmod is no obstacle to root) and
an exclusive lock held by another process."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from radio_sched.store.asrun_writer import AsRunWriter
from radio_sched.store.db import Store, open_store
from radio_sched.store.programs import bump_revision, plan_revision


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "radio_sched.sqlite3"
    open_store(f"sqlite:///{path}").dispose()
    return path


def revision(database: Path) -> int:
    store = open_store(f"sqlite:///{database}")
    try:
        with store.session() as session:
            return plan_revision(session)
    finally:
        store.dispose()


class Counting:
    """A write that counts its attempts."""

    def __init__(self) -> None:
        self.attempts = 0
        self.lock = threading.Lock()

    def __call__(self, session: Session) -> None:
        with self.lock:
            self.attempts += 1
        bump_revision(session)


def test_a_read_only_database_is_reported_once_and_not_retried_in_a_loop(
    database: Path,
) -> None:
    store = open_store(f"sqlite:///file:{database}?mode=ro&uri=true")
    reports: list[str] = []
    writer = AsRunWriter(store, report=reports.append, database=database, recheck=3600)
    writer.start()
    job = Counting()
    events = [writer.submit(job) for _ in range(3)]
    # The first write fails at once (no busy wait); the others queue behind it.
    for _ in range(200):
        if reports and writer.waiting == 3:
            break
        threading.Event().wait(0.01)
    assert len(reports) == 1
    assert str(database) in reports[0] and "không ghi được" in reports[0]
    assert "\n" not in reports[0]
    assert job.attempts == 1
    assert writer.close(timeout=30) == 3
    assert not any(event.is_set() for event in events)
    assert "3 dòng nhật ký phát chưa ghi được" in reports[-1]
    assert job.attempts == 2  # one more try at shutdown, not a loop
    store.dispose()


@pytest.fixture
def held_lock(database: Path) -> Iterator[subprocess.Popen[str]]:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys\n"
            f"c = sqlite3.connect({str(database)!r}, isolation_level=None)\n"
            "c.execute('BEGIN EXCLUSIVE')\n"
            "print('held', flush=True)\n"
            "sys.stdin.readline()\n"
            "c.execute('COMMIT')\n"
            "print('released', flush=True)\n"
            "sys.stdin.read()\n",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    yield holder
    assert holder.stdin is not None
    holder.stdin.close()
    holder.wait(timeout=30)


def release(holder: subprocess.Popen[str]) -> None:
    assert holder.stdin is not None and holder.stdout is not None
    holder.stdin.write("\n")
    holder.stdin.flush()
    assert holder.stdout.readline().strip() == "released"


def busy_store(database: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.setattr("radio_sched.store.db.BUSY_TIMEOUT_SECONDS", 0.2)
    return open_store(f"sqlite:///{database}")


def test_a_lock_held_elsewhere_is_waited_out_then_the_log_catches_up(
    database: Path, held_lock: subprocess.Popen[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    store = busy_store(database, monkeypatch)
    reports: list[str] = []
    writer = AsRunWriter(
        store, report=reports.append, database=database, busy_deadline=0.5, recheck=0.2
    )
    writer.start()
    before = revision(database)  # readers are not blocked (WAL)
    events = [writer.submit(Counting()) for _ in range(3)]
    assert not events[0].wait(1.5)
    assert len(reports) == 1 and "chương trình khác" in reports[0]
    release(held_lock)
    assert all(event.wait(30) for event in events)
    assert revision(database) == before + 3
    assert "Đã ghi lại được" in reports[-1] and len(reports) == 2
    assert writer.close() == 0
    store.dispose()


def test_shutdown_writes_what_is_still_waiting(
    database: Path, held_lock: subprocess.Popen[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    store = busy_store(database, monkeypatch)
    reports: list[str] = []
    # No recheck during the test: only the shutdown can write the waiting rows.
    writer = AsRunWriter(
        store, report=reports.append, database=database, busy_deadline=0.3, recheck=3600
    )
    writer.start()
    before = revision(database)
    events = [writer.submit(Counting()) for _ in range(4)]
    assert not events[0].wait(1.0)
    release(held_lock)
    assert writer.close(timeout=30) == 0
    assert all(event.is_set() for event in events)
    assert revision(database) == before + 4
    store.dispose()
