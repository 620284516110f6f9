"""The link's tables: the migration on a release-0.1.0 station, the derived as-run outbox."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

from sqlalchemy import inspect, select

from radio_sched.store import link as link_store
from radio_sched.store import open_store
from radio_sched.store.asrun import AsRunRow

RELEASE_0_1_0 = Path(__file__).parent / "data" / "stations" / "release-0.1.0.sqlite3"


def test_a_release_0_1_0_station_gets_the_link_tables_and_keeps_its_log(tmp_path: Path) -> None:
    database = tmp_path / "radio_sched.sqlite3"
    shutil.copyfile(RELEASE_0_1_0, database)
    with closing(sqlite3.connect(database)) as connection:
        before = connection.execute("SELECT id, key, outcome, seconds_played FROM asrun").fetchall()
    store = open_store(f"sqlite:///{database}")
    try:
        tables = set(inspect(store.engine).get_table_names())
        assert {
            "link_inbox",
            "link_notices",
            "link_emergencies",
            "link_outbox",
            "link_counters",
        } <= tables
        with store.session() as session:
            after = [
                (row.id, row.key, row.outcome, row.seconds_played)
                for row in session.scalars(select(AsRunRow))
            ]
            assert after == before and before
            # The old station's finished airings are due for the hub at once.
            assert [row.id for row in link_store.due_asrun(session, 10)] == [before[0][0]]
            assert link_store.next_seq(session) == 1
        with store.session() as session:
            assert link_store.next_seq(session) == 2
    finally:
        store.dispose()


def test_outbox_is_derived_from_the_log_and_a_changed_row_is_due_again(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    start = dt.datetime(2026, 12, 2, 6, tzinfo=dt.UTC)

    def row(key: str, outcome: str, seconds: float) -> AsRunRow:
        return AsRunRow(
            key=key,
            program_id=1,
            directive_id=None,
            title="Tin",
            slot="Sáng",
            priority="normal",
            scheduled_start=start,
            scheduled_end=start,
            started_at=start,
            outcome=outcome,
            seconds_played=seconds,
        )

    try:
        with store.session() as session:
            session.add_all([row("a", "played", 60), row("b", "playing", 5)])
        with store.session() as session:
            due = link_store.due_asrun(session, 10)
            assert [r.key for r in due] == ["a"]  # still playing: not yet
            link_store.mark_sent(session, due, "1" * 32)
        with store.session() as session:
            # Sent, not yet acknowledged by the broker: still due (a resend is harmless).
            assert [r.key for r in link_store.due_asrun(session, 10)] == ["a"]
            assert link_store.mark_acked(session, "1" * 32) == 1
            assert link_store.due_asrun(session, 10) == []
            assert link_store.outbox_counts(session) == (1, 0)
            playing = session.scalars(select(AsRunRow).where(AsRunRow.key == "b")).one()
            playing.outcome, playing.seconds_played = "interrupted", 30.0
        with store.session() as session:
            assert [r.key for r in link_store.due_asrun(session, 10)] == ["b"]
            link_store.mark_sent(session, link_store.due_asrun(session, 10), "2" * 32)
            link_store.mark_acked(session, "2" * 32)
            resumed = session.scalars(select(AsRunRow).where(AsRunRow.key == "b")).one()
            resumed.outcome, resumed.seconds_played = "played", 90.0
        with store.session() as session:
            assert [r.key for r in link_store.due_asrun(session, 10)] == ["b"]
            assert link_store.outbox_counts(session) == (1, 1)
    finally:
        store.dispose()
