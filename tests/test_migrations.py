"""Schema migrations: stations in service keep their data through every upgrade."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, select

from radio_sched.store import backup, open_store
from radio_sched.store.asrun import AsRunRow
from radio_sched.store.documents import ScriptRow
from radio_sched.store.migrate import (
    BASELINE,
    MIGRATIONS,
    MigrationFailed,
    current_revision,
    head_revision,
    prepare_schema,
    revision_heads,
    target_metadata,
    upgrade_from_empty,
)
from radio_sched.store.programs import EmergencyRow, PinRow, ProgramRow

RELEASE_0_1_0 = Path(__file__).parent / "data" / "stations" / "release-0.1.0.sqlite3"
TABLES = (
    "directives",
    "scripts",
    "script_versions",
    "programs",
    "renders",
    "program_pins",
    "emergencies",
    "asrun",
    "daemon_state",
    "plan_state",
    "imported_packs",
)


@pytest.fixture
def release_db(tmp_path: Path) -> Path:
    database = tmp_path / "radio_sched.sqlite3"
    shutil.copyfile(RELEASE_0_1_0, database)
    return database


def counts(database: Path) -> dict[str, int]:
    with closing(sqlite3.connect(database)) as connection:
        # Table names from TABLES, our own schema; no input reaches the query.
        return {
            t: connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: S608
            for t in TABLES
        }


def revision_of(database: Path) -> str | None:
    engine = create_engine(f"sqlite:///{database}")
    try:
        with engine.connect() as connection:
            return current_revision(connection)
    finally:
        engine.dispose()


def test_a_release_0_1_0_station_upgrades_with_its_data_intact(release_db: Path) -> None:
    before = counts(release_db)
    assert revision_of(release_db) is None  # made with create_all, no version row

    store = open_store(f"sqlite:///{release_db}")
    try:
        assert revision_of(release_db) == head_revision()
        assert counts(release_db) == before
        with store.session() as session:
            script = session.get(ScriptRow, 1)
            assert script is not None
            assert [v.version for v in script.versions] == [1, 2]
            assert script.versions[-1].text.endswith("Xin trân trọng cảm ơn.")
            assert script.versions[-1].note == "sửa"
            audio = session.scalars(select(ProgramRow).where(ProgramRow.kind == "audio")).one()
            assert audio.duration_seconds == 312.5
            assert audio.approved_by == "cán bộ"
            played = session.scalars(select(AsRunRow)).one()
            assert (played.outcome, played.seconds_played) == ("played", 271.0)
            assert session.scalars(select(PinRow)).one().slot == "Sáng"
            assert session.scalars(select(EmergencyRow)).one().every_seconds == 600.0
    finally:
        store.dispose()


def test_an_upgrade_keeps_a_copy_of_the_database_as_it_was(release_db: Path) -> None:
    if head_revision() == BASELINE:
        pytest.skip("nothing to upgrade yet: release 0.1.0 is only stamped")
    before = counts(release_db)
    open_store(f"sqlite:///{release_db}").dispose()
    copy = backup.latest(release_db)
    assert copy is not None
    assert counts(copy) == before
    assert revision_of(copy) is None


def test_the_revisions_build_exactly_the_schema_of_the_models(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'migrated.sqlite3'}")
    try:
        upgrade_from_empty(engine)
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, target_metadata()) == []
    finally:
        engine.dispose()


def test_a_fresh_station_is_created_at_the_newest_revision(tmp_path: Path) -> None:
    database = tmp_path / "new.sqlite3"
    open_store(f"sqlite:///{database}").dispose()
    assert revision_of(database) == head_revision()
    assert counts(database)["directives"] == 0
    assert backup.backups(database) == []  # nothing to keep a copy of


BROKEN_REVISION = """
import sqlalchemy as sa
from alembic import op

revision = "9999_broken"
down_revision = {head!r}
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("programs") as batch:
        batch.add_column(sa.Column("half_done", sa.Integer(), nullable=True))
    op.execute("UPDATE programs SET title = 'hỏng'")
    raise RuntimeError("ổ đĩa đầy")


def downgrade() -> None:
    pass
"""


@pytest.fixture
def broken_migrations(tmp_path: Path) -> Iterator[Path]:
    location = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, location, ignore=shutil.ignore_patterns("__pycache__"))
    revision = BROKEN_REVISION.format(head=head_revision())
    (location / "versions" / "9999_broken.py").write_text(revision, encoding="utf-8")
    yield location
    head_revision.cache_clear()


def test_the_heads_read_without_alembic_are_alembics(broken_migrations: Path) -> None:
    from alembic.script import ScriptDirectory

    hub = MIGRATIONS.parent.parent / "hub" / "migrations"  # the hub's own database
    for location in (MIGRATIONS, hub, broken_migrations):
        heads = ScriptDirectory(str(location)).get_heads()
        assert revision_heads(location) == heads and len(heads) == 1


def test_two_heads_are_refused(broken_migrations: Path) -> None:
    fork = (broken_migrations / "versions" / "9999_broken.py").read_text(encoding="utf-8")
    fork = fork.replace('"9999_broken"', '"9998_fork"')
    (broken_migrations / "versions" / "9998_fork.py").write_text(fork, encoding="utf-8")
    assert revision_heads(broken_migrations) == ["9998_fork", "9999_broken"]
    with pytest.raises(RuntimeError, match="2 heads"):
        head_revision(broken_migrations)


def test_opening_a_current_station_imports_no_alembic(station_home: Path) -> None:
    open_store().dispose()
    code = (
        "import sys\n"
        "from radio_sched.store import open_store\n"
        "open_store().dispose()\n"
        "assert 'alembic' not in sys.modules, 'alembic imported to open a current station'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_a_failed_upgrade_leaves_the_database_as_it_was(
    release_db: Path, broken_migrations: Path
) -> None:
    open_store(f"sqlite:///{release_db}").dispose()
    before = counts(release_db)
    engine = create_engine(f"sqlite:///{release_db}")
    try:
        with pytest.raises(MigrationFailed) as failure:
            prepare_schema(engine, broken_migrations)
    finally:
        engine.dispose()
    message = str(failure.value)
    assert str(release_db) in message and "Dữ liệu vẫn như trước" in message
    assert "ổ đĩa đầy" in message
    copy = backup.latest(release_db)
    assert copy is not None and str(copy) in message
    assert revision_of(release_db) == head_revision()
    assert counts(release_db) == before
    with closing(sqlite3.connect(release_db)) as connection:
        columns = [row[1] for row in connection.execute("PRAGMA table_info(programs)")]
        titles = [row[0] for row in connection.execute("SELECT title FROM programs")]
    assert "half_done" not in columns
    assert "hỏng" not in titles


def test_a_database_from_a_newer_release_is_refused(release_db: Path) -> None:
    open_store(f"sqlite:///{release_db}").dispose()
    with closing(sqlite3.connect(release_db)) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
        connection.commit()
    with pytest.raises(MigrationFailed, match="phiên bản radio-sched mới hơn"):
        open_store(f"sqlite:///{release_db}")
    assert revision_of(release_db) == "9999_future"


OPEN_STORE = (
    "import sys; from radio_sched.store import open_store; open_store(sys.argv[1]).dispose()"
)


def test_two_programs_opening_one_station_at_once_migrate_it_once(release_db: Path) -> None:
    url = f"sqlite:///{release_db}"
    programs = [subprocess.Popen([sys.executable, "-c", OPEN_STORE, url]) for _ in range(2)]
    assert [program.wait(timeout=120) for program in programs] == [0, 0]
    with closing(sqlite3.connect(release_db)) as connection:
        versions = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    assert versions == [(head_revision(),)]
    assert len(backup.backups(release_db)) <= 1


def test_release_0_1_0_as_run_rows_gain_a_resume_position_and_the_station_its_first_run(
    release_db: Path,
) -> None:
    from radio_sched.store import asrun

    store = open_store(f"sqlite:///{release_db}")
    try:
        with store.session() as session:
            played = session.scalars(select(AsRunRow)).one()
            assert (played.position, played.resumes, played.resume_at) == (0.0, 0, None)
            assert asrun.states(session, [played.key])[played.key].position == 0.0
            # No first run was kept then: the last heartbeat stands in, as that release did.
            assert asrun.since(session) == asrun.last_heartbeat(session)
            assert session.get(asrun.DaemonStateRow, 1).since is None  # type: ignore[union-attr]
            played.position, played.resumes = 12.5, 1
        with store.session() as session:
            again = session.scalars(select(AsRunRow)).one()
            assert (again.position, again.resumes, again.seconds_played) == (12.5, 1, 271.0)
    finally:
        store.dispose()


def test_release_0_1_0_script_versions_gain_decisions_and_can_be_recomposed(
    release_db: Path,
) -> None:
    from radio_sched.script.operations import toggle_sentence
    from radio_sched.store.queries import script_version

    store = open_store(f"sqlite:///{release_db}")
    try:
        with store.session() as session:
            script = session.get(ScriptRow, 1)
            assert script is not None
            assert [v.decisions for v in script.versions] == [None, None]
        old = script_version(store, 1)
        assert old.decisions == () and not old.composed
        # A script of that release has no decisions stored: the composer decides afresh, and
        # the operator's edit (version 2) is carried over or reported.
        toggled = toggle_sentence(store, 1, 1)
        view = script_version(store, 1, toggled.version)
        assert view.decisions and any(d.forced and d.id == 1 for d in view.decisions)
        assert len(toggled.kept_edits) + len(toggled.lost_edits) >= 1
    finally:
        store.dispose()


def test_release_0_1_0_stations_gain_removable_airings(release_db: Path) -> None:
    from radio_sched.schedule import operations
    from radio_sched.store.programs import SkipRow

    store = open_store(f"sqlite:///{release_db}")
    try:
        with store.session() as session:
            program = session.scalars(select(ProgramRow)).first()
            assert program is not None
            program_id, day = program.id, dt.date(2021, 9, 8)
        operations.remove_airing(store, program_id, day, "Sáng")
        operations.remove_airing(store, program_id, day, None)
        with store.session() as session:
            assert session.query(SkipRow).count() == 2
        assert operations.restore_airings(store, day) == 2
    finally:
        store.dispose()
