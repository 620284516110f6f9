"""Engine and sessions; the schema is brought up to date by ``store.migrate`` on open.

Table modules register on ``Base``; ``TABLE_MODULES`` lists them so the schema is complete
whichever part of the program opens the store first.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

TABLE_MODULES = (
    "radio_sched.store.documents",
    "radio_sched.store.programs",
    "radio_sched.store.asrun",
    "radio_sched.store.renders",
    "radio_sched.store.packs",
    "radio_sched.store.takes",
    "radio_sched.store.link",
)
BUSY_TIMEOUT_SECONDS = 30


class Base(DeclarativeBase):
    pass


def utcnow() -> dt.datetime:
    """When a row was written; stored in UTC, shown in the station's zone."""
    return dt.datetime.now(dt.UTC)


class Store:
    """One database: an engine and a session factory."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed when the block ends, rolled back if it raises."""
        with self._sessions.begin() as session:
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def open_store(url: str | None = None) -> Store:
    if url is None:
        from radio_sched.config import load_settings

        url = load_settings().resolved_database_url
    engine = make_engine(url)
    for module in TABLE_MODULES:
        importlib.import_module(module)
    from radio_sched.store.migrate import prepare_schema

    prepare_schema(engine)
    return Store(engine)


def make_engine(url: str) -> Engine:
    """An engine for ``url``, with SQLite's settings for sharing a file when it is SQLite."""
    engine = create_engine(url, connect_args=_connect_args(url))
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _connect_args(url: str) -> dict[str, Any]:
    if url.startswith("sqlite"):
        return {"timeout": BUSY_TIMEOUT_SECONDS}
    return {}


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    # WAL lets the TUI read while the daemon writes; the busy timeout makes writers wait their
    # turn instead of failing with "database is locked".
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_SECONDS * 1000}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
