"""Bring a station's database to the schema of this release, safely, every time the store opens.

- A new database gets the whole schema at once (the tables of the models, stamped at the newest
  revision: Alembic's recipe for a fresh install; a test checks that the revisions build the same
  schema as the models).
- A database from release 0.1.0, made before migrations existed, has tables but no version row:
  it is stamped at the baseline (which is that release's schema) and then upgraded.
- Before any upgrade of a SQLite file, a copy is taken with SQLite's own backup API; the upgrade
  runs in one transaction, and if it fails anyway the copy is put back, so nothing is left half
  migrated. The error names the copy.
- Two programs opening the same station at once (the TUI and the daemon) take turns: the first
  migrates, the second finds the newest revision and goes on.

The same machinery serves every database of the program: a ``Schema`` names its models, its
revisions and its version table (the station's is ``STATION``; the hub's lives in
``radio_sched.hub.db``).
"""

from __future__ import annotations

import functools
import importlib
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    MetaData,
    String,
    column,
    create_engine,
    event,
    inspect,
    select,
    table,
    text,
)

from radio_sched.errors import UserError
from radio_sched.store import backup
from radio_sched.store.db import BUSY_TIMEOUT_SECONDS, TABLE_MODULES, Base

MIGRATIONS = Path(__file__).with_name("migrations")
BASELINE = "0001_baseline"
VERSION_TABLE = "alembic_version"


class MigrationFailed(UserError):
    """The upgrade did not complete; the database is as it was before."""


@dataclass(frozen=True)
class Schema:
    """One kind of database: the models that define it and the revisions that build it."""

    name: str  # names the advisory lock, so two kinds of database never wait on each other
    script_location: Path
    metadata: MetaData
    table_modules: tuple[str, ...]  # imported before use, so every table is on ``metadata``
    version_table: str = VERSION_TABLE
    baseline: str = BASELINE  # what a database with tables but no version row is stamped at

    def target_metadata(self) -> MetaData:
        for module in self.table_modules:
            importlib.import_module(module)
        return self.metadata


STATION = Schema("radio_sched migrations", MIGRATIONS, Base.metadata, TABLE_MODULES)


def target_metadata() -> MetaData:
    return STATION.target_metadata()


def run_environment() -> None:
    """The body of every ``migrations/env.py``: always driven from ``_alembic`` below with a live
    connection. Batch mode, because SQLite (every commune station) can only alter a table by
    copying it."""
    from alembic import context

    schema: Schema = context.config.attributes["schema"]
    context.configure(
        connection=context.config.attributes["connection"],
        target_metadata=schema.target_metadata(),
        version_table=schema.version_table,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


@functools.cache
def head_revision(script_location: Path = MIGRATIONS) -> str:
    heads = revision_heads(script_location)
    if heads is None or len(heads) != 1:
        from alembic.script import ScriptDirectory

        heads = ScriptDirectory(str(script_location)).get_heads()
    if len(heads) != 1:  # two revisions written side by side: a developer's mistake, caught early
        raise RuntimeError(f"migrations have {len(heads)} heads, expected one: {heads}")
    return heads[0]


def revision_heads(script_location: Path) -> list[str] | None:
    """The heads of the revision files, read as Alembic reads them (``revision`` and
    ``down_revision`` of each ``versions/*.py``) without importing Alembic: every command and the
    daemon open the store, and importing Alembic (with Mako and Pygments) to learn that the
    database is already current cost each of them about 0.4 s. ``None`` when a file is not
    plain enough to read this way; Alembic decides then."""
    import ast

    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (script_location / "versions").glob("*.py"):
        if path.name == "__init__.py" or path.name.startswith(".#"):
            continue
        values: dict[str, object] = {}
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    if isinstance(target, ast.Name) and node.value is not None:
                        try:
                            values[target.id] = ast.literal_eval(node.value)
                        except (ValueError, TypeError, SyntaxError):
                            values[target.id] = node
        revision, down = values.get("revision"), values.get("down_revision")
        if not isinstance(revision, str):
            return None
        revisions.add(revision)
        if isinstance(down, str):
            parents.add(down)
        elif isinstance(down, tuple) and all(isinstance(d, str) for d in down):
            parents.update(down)
        elif down is not None:
            return None
    return sorted(revisions - parents) if revisions else None


def current_revision(connection: Connection, version_table: str = VERSION_TABLE) -> str | None:
    if not inspect(connection).has_table(version_table):
        return None
    version = column("version_num", String)
    return connection.execute(select(version).select_from(table(version_table))).scalar()


def prepare_schema(engine: Engine, schema: Schema | Path = STATION) -> None:
    """Create or upgrade the schema; a no-op (one query) when it is already current.

    A path instead of a schema means the station's models with the revisions in that folder."""
    schema = _as_schema(schema)
    script_location = schema.script_location
    head = head_revision(script_location)
    with engine.connect() as connection:
        if current_revision(connection, schema.version_table) == head:
            return
    with _migration_engine(engine) as migrator, _one_at_a_time(migrator, schema.name):
        with migrator.connect() as connection:
            revision = current_revision(connection, schema.version_table)
            has_tables = bool(inspect(connection).get_table_names())
        if revision == head:
            return
        if revision is None and not has_tables:
            _create_fresh(migrator, head, schema)
            return
        _refuse_unknown(engine, revision, script_location)
        _upgrade_with_backup(migrator, revision or schema.baseline, schema, stamp=revision is None)


def upgrade_from_empty(engine: Engine, schema: Schema | Path = STATION) -> None:
    """Run every revision from nothing (what the schema test compares with the models)."""
    with _migration_engine(engine) as migrator, migrator.begin() as connection:
        _alembic(connection, _as_schema(schema), "upgrade", "head")


def _as_schema(schema: Schema | Path) -> Schema:
    return schema if isinstance(schema, Schema) else replace(STATION, script_location=schema)


def _create_fresh(migrator: Engine, head: str, schema: Schema) -> None:
    with migrator.begin() as connection:
        schema.target_metadata().create_all(connection)
        _alembic(connection, schema, "stamp", head)


def _refuse_unknown(engine: Engine, revision: str | None, script_location: Path) -> None:
    from alembic.script import ScriptDirectory

    if revision is None:
        return
    try:
        ScriptDirectory(str(script_location)).get_revision(revision)
    except Exception as unknown:  # alembic raises several kinds for a revision it does not know
        raise MigrationFailed(
            f"{_where(engine)}: cơ sở dữ liệu do một phiên bản radio-sched mới hơn tạo ra "
            f"(bản cấu trúc {revision}). Hãy cài lại phiên bản mới đó; không mở bằng bản cũ "
            "để khỏi hỏng dữ liệu."
        ) from unknown


def _upgrade_with_backup(migrator: Engine, start: str, schema: Schema, *, stamp: bool) -> None:
    database = _sqlite_file(migrator)
    pending = start != head_revision(schema.script_location)
    copy = backup.take(database, label=f"truoc-nang-cap-{start}") if database and pending else None
    try:
        with migrator.begin() as connection:
            if stamp:
                _alembic(connection, schema, "stamp", start)
            _alembic(connection, schema, "upgrade", "head")
    except Exception as failure:
        migrator.dispose()
        if database and copy:
            backup.restore(copy, database)
        kept = f" Bản sao trước khi nâng cấp: {copy}." if copy else ""
        raise MigrationFailed(
            f"{_where(migrator)}: không nâng cấp được cấu trúc cơ sở dữ liệu ({failure})."
            f" Dữ liệu vẫn như trước.{kept} Hãy báo cho người quản trị kỹ thuật."
        ) from failure


def _alembic(connection: Connection, schema: Schema, command: str, revision: str) -> None:
    from alembic import command as commands
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(schema.script_location))
    config.attributes["connection"] = connection
    config.attributes["schema"] = schema
    getattr(commands, command)(config, revision)


@contextmanager
def _migration_engine(engine: Engine) -> Iterator[Engine]:
    """An engine whose transactions really enclose DDL.

    Python's sqlite3 driver runs CREATE/ALTER outside any transaction unless told otherwise;
    SQLAlchemy's documented fix is to take over BEGIN ourselves, done here only for migrations.
    """
    if engine.dialect.name != "sqlite":
        yield engine
        return
    migrator = create_engine(engine.url, connect_args={"timeout": BUSY_TIMEOUT_SECONDS})

    @event.listens_for(migrator, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        dbapi_connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_SECONDS * 1000}")

    @event.listens_for(migrator, "begin")
    def _begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    try:
        yield migrator
    finally:
        migrator.dispose()


@contextmanager
def _one_at_a_time(migrator: Engine, name: str) -> Iterator[None]:
    database = _sqlite_file(migrator)
    if database is not None:
        from filelock import FileLock

        with FileLock(str(database) + ".migrate.lock", timeout=BUSY_TIMEOUT_SECONDS):
            yield
        return
    if migrator.dialect.name == "postgresql":
        key = zlib.crc32(name.encode("utf-8"))
        with migrator.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": key})
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
        return
    yield


def _sqlite_file(engine: Engine) -> Path | None:
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        return None
    return Path(database)


def _where(engine: Engine) -> str:
    database = _sqlite_file(engine)
    return str(database) if database else engine.url.render_as_string(hide_password=True)
