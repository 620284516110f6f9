"""Copies of a station's SQLite database, taken and put back through SQLite's own backup API.

The backup API copies a consistent snapshot even while the daemon writes (WAL included), and
putting a copy back through it takes SQLite's locks, so no other program reads a half-copied
file. Copies live in ``backups/`` beside the database, newest last by name.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from contextlib import closing
from pathlib import Path

BACKUP_DIR = "backups"
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def backup_dir(database: Path) -> Path:
    return database.parent / BACKUP_DIR


def take(database: Path, label: str, now: dt.datetime | None = None) -> Path:
    """Copy ``database`` to ``backups/<name>-<when>-<label>.sqlite3`` and return the copy."""
    when = (now or dt.datetime.now(dt.UTC)).strftime("%Y%m%dT%H%M%S%fZ")
    folder = backup_dir(database)
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / f"{database.stem}-{when}-{_UNSAFE.sub('-', label)}.sqlite3"
    partial = copy.with_suffix(".partial")
    with closing(sqlite3.connect(database)) as source, closing(sqlite3.connect(partial)) as target:
        source.backup(target)
    partial.replace(copy)
    return copy


def restore(copy: Path, database: Path) -> None:
    """Put ``copy`` back as ``database``'s content."""
    with closing(sqlite3.connect(copy)) as source, closing(sqlite3.connect(database)) as target:
        source.backup(target)


def backups(database: Path) -> list[Path]:
    """The copies of ``database``, oldest first."""
    folder = backup_dir(database)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{database.stem}-*.sqlite3"))


def latest(database: Path) -> Path | None:
    found = backups(database)
    return found[-1] if found else None
