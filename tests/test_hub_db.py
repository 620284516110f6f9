"""The hub's database: its own revisions build exactly its models, on PostgreSQL and SQLite."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from postgres_server import PostgresServer
from sqlalchemy import create_engine, inspect

from radio_sched.errors import UserError
from radio_sched.hub.db import HUB_SCHEMA, HubBase, open_hub_store
from radio_sched.store.db import Base
from radio_sched.store.migrate import current_revision, head_revision, upgrade_from_empty


def test_the_hub_revisions_build_exactly_the_hub_models_on_postgresql(
    postgres: PostgresServer,
) -> None:
    name = postgres.new_database()
    engine = create_engine(postgres.url(name))
    try:
        upgrade_from_empty(engine, HUB_SCHEMA)
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection,
                opts={"compare_type": True, "version_table": HUB_SCHEMA.version_table},
            )
            assert compare_metadata(context, HubBase.metadata) == []
            assert current_revision(connection, "hub_alembic_version") == head_revision(
                HUB_SCHEMA.script_location
            )
    finally:
        engine.dispose()
        postgres.drop_database(name)


def test_a_fresh_hub_database_has_the_hub_tables_and_none_of_a_station(
    hub_database_url: str,
) -> None:
    store = open_hub_store(hub_database_url)
    try:
        tables = set(inspect(store.engine).get_table_names())
    finally:
        store.dispose()
    assert set(HubBase.metadata.tables) | {"hub_alembic_version"} == tables
    assert not tables & set(Base.metadata.tables)


def test_a_hub_on_sqlite_works_for_a_quick_try(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'hub.sqlite3'}"
    open_hub_store(url).dispose()
    store = open_hub_store(url)  # the second open finds the newest revision and goes on
    try:
        with store.engine.connect() as connection:
            assert current_revision(connection, "hub_alembic_version") == "0001_hub"
            assert "alembic_version" not in inspect(connection).get_table_names()
    finally:
        store.dispose()


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("postgresql+psycopg://radio@127.0.0.1:1/radio_hub", "Không mở được cơ sở dữ liệu"),
        ("postgres-ish://nowhere", "không hợp lệ"),
    ],
)
def test_a_database_the_hub_cannot_open_is_one_vietnamese_line(url: str, said: str) -> None:
    with pytest.raises(UserError, match=said) as refused:
        open_hub_store(url)
    assert "database_url" in str(refused.value)
