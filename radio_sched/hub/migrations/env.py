"""Alembic environment of the hub's database (see ``store.migrate.run_environment``)."""

from __future__ import annotations

from radio_sched.store.migrate import run_environment

run_environment()
