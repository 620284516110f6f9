"""Errors meant for the user: one line that names the file and says what to do."""

from __future__ import annotations


class UserError(Exception):
    """Shown to the user as a single line, without a traceback; the command exits non-zero."""

    exit_code = 2


class StoreFailure(UserError):
    """The database or the disk under it failed; the message names the file and what to do.

    Made from the driver's or the operating system's error by ``store.failures.explain``, the one
    place that knows how SQLite and the disk say what went wrong."""

    exit_code = 3
    transient = False
    """True when trying again later can succeed without anyone doing anything (a busy lock)."""


class DatabaseBusy(StoreFailure):
    """Another program held the database longer than the bounded wait."""

    transient = True


class DatabaseCorrupt(StoreFailure):
    """The file is damaged or is not a database: restore a copy."""


class DiskFull(StoreFailure):
    """No space left where the station writes."""


class NotWritable(StoreFailure):
    """A read-only disk or a folder the program may not write to."""


class DiskFailure(StoreFailure):
    """Any other input/output error of the disk."""
