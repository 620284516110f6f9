"""The as-run log: one row per placement, committed before its sound starts and again when it
ends, with the last sentence boundary reached (``position``) kept up to date while it plays.

``key`` is unique, so a placement can never be started twice, even by two daemons at once. An
item interrupted (by an emergency, a crash, a power cut) keeps its one row: ``interrupted``
with its position, end time and seconds heard; it then resumes from ``position`` (perhaps in a
later slot, ``resume_at``) and ends ``played`` with every part's seconds added up.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Float, Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from radio_sched.schedule.model import Outcome, Placement
from radio_sched.schedule.now import Logged
from radio_sched.store.db import Base, utcnow
from radio_sched.store.programs import aware


class AsRunRow(Base):
    __tablename__ = "asrun"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    program_id: Mapped[int] = mapped_column(Integer, index=True)
    directive_id: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    slot: Mapped[str] = mapped_column(String(200))
    priority: Mapped[str] = mapped_column(String(20))
    scheduled_start: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    scheduled_end: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    outcome: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")
    audio_path: Mapped[str | None] = mapped_column(Text)
    seconds_played: Mapped[float] = mapped_column(Float, default=0.0)
    player: Mapped[str] = mapped_column(String(50), default="")
    position: Mapped[float] = mapped_column(Float, default=0.0, server_default="0")
    resumes: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    resume_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # "synthetic", "recorded" (the operator's takes) or "mixed"; None for imported audio.
    sources: Mapped[str | None] = mapped_column(String(20))

    @property
    def seconds(self) -> float:
        return float(self.seconds_played or 0.0)


class DaemonStateRow(Base):
    """When the daemon last showed it was alive, to know which placements fell into a gap."""

    __tablename__ = "daemon_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    heartbeat: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    pid: Mapped[int] = mapped_column(Integer, default=0)
    # When the station first ran: placements since then all get an outcome, whatever happened.
    since: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


def new_row(placement: Placement, outcome: Outcome, reason: str = "", player: str = "") -> AsRunRow:
    return AsRunRow(
        key=placement.key,
        program_id=placement.program_id,
        directive_id=placement.directive_id,
        title=placement.title,
        slot=placement.slot,
        priority=placement.priority.value,
        scheduled_start=placement.start.astimezone(dt.UTC),
        scheduled_end=placement.end.astimezone(dt.UTC),
        outcome=outcome.value,
        reason=reason,
        audio_path=placement.audio_path,
        player=player,
    )


def known_keys(session: Session, keys: list[str]) -> set[str]:
    found: set[str] = set()
    for offset in range(0, len(keys), 500):
        chunk = keys[offset : offset + 500]
        found.update(session.scalars(select(AsRunRow.key).where(AsRunRow.key.in_(chunk))))
    return found


def rows_between(session: Session, start: dt.datetime, end: dt.datetime) -> list[AsRunRow]:
    return list(
        session.scalars(
            select(AsRunRow)
            .where(
                AsRunRow.scheduled_start >= start.astimezone(dt.UTC),
                AsRunRow.scheduled_start < end.astimezone(dt.UTC),
            )
            .order_by(AsRunRow.scheduled_start, AsRunRow.id)
        )
    )


def interrupted_rows(session: Session) -> list[AsRunRow]:
    return list(session.scalars(select(AsRunRow).where(AsRunRow.outcome == Outcome.PLAYING.value)))


def close_interrupted(session: Session, ended: dt.datetime) -> list[AsRunRow]:
    """Rows still "playing" were cut off by a crash or a power cut: they become "interrupted"
    at the last sentence boundary recorded, to be resumed from there."""
    rows = interrupted_rows(session)
    for row in rows:
        started = aware(row.started_at) if row.started_at is not None else ended
        row.outcome = Outcome.INTERRUPTED.value
        row.ended_at = max(started, ended)
        row.reason = (
            f"đài dừng đột ngột khi đang phát (sau {row.seconds:.0f} giây); "
            "sẽ phát tiếp từ câu đang đọc dở"
        )
    return rows


def states(session: Session, keys: list[str]) -> dict[str, Logged]:
    """What the log says of each of ``keys`` that it knows."""
    found: dict[str, Logged] = {}
    for offset in range(0, len(keys), 500):
        chunk = keys[offset : offset + 500]
        for row in session.scalars(select(AsRunRow).where(AsRunRow.key.in_(chunk))):
            found[row.key] = logged(row)
    return found


def logged(row: AsRunRow) -> Logged:
    outcome = Outcome(row.outcome)
    resume_at = aware(row.resume_at) if row.resume_at is not None else None
    return Logged(outcome, float(row.position or 0.0), resume_at)


def last_heartbeat(session: Session) -> dt.datetime | None:
    row = session.get(DaemonStateRow, 1)
    return aware(row.heartbeat) if row is not None else None


def since(session: Session) -> dt.datetime | None:
    """When the station's daemon first ran (on a database from before this was kept, its last
    heartbeat, as that release did), None on a new station."""
    row = session.get(DaemonStateRow, 1)
    if row is None:
        return None
    return aware(row.since if row.since is not None else row.heartbeat)


def beat(session: Session, pid: int, first: dt.datetime | None = None) -> None:
    """The heartbeat; ``first`` is recorded as the station's first run if none is known."""
    row = session.get(DaemonStateRow, 1)
    if row is None:
        row = DaemonStateRow(id=1, heartbeat=utcnow(), pid=pid)
        session.add(row)
    else:
        row.heartbeat = utcnow()
        row.pid = pid
    if row.since is None and first is not None:
        row.since = first.astimezone(dt.UTC)


__all__ = ["AsRunRow", "DaemonStateRow", "aware", "utcnow"]
