"""Alembic environment: always driven from radio_sched.store.migrate with a live connection.

Batch mode, because SQLite (every commune station) can only alter a table by copying it.
"""

from __future__ import annotations

from alembic import context

from radio_sched.store.migrate import target_metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=target_metadata(),
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
