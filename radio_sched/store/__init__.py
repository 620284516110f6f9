"""Storage: SQLAlchemy 2, SQLite (WAL) in the station home by default, any SQLAlchemy URL."""

from radio_sched.store.db import Base, Store, open_store

__all__ = ["Base", "Store", "open_store"]
