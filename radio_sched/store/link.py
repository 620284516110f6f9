"""The commune's side of the link to its hub: what it received, what it must still report.

- ``link_inbox``: every message from the hub that was processed (imported, shown, queued,
  refused after its envelope was verified), by message id, with its sender and sequence number:
  a redelivery is acknowledged again without doing anything, and an older sequence number is a
  replay. A message refused before its envelope checked out is only logged: nothing is written.
- ``link_notices``: the hub's notices, shown to the operator until read.
- ``link_emergencies``: the hub's emergencies and the program and order they became, so their
  airings are reported with the hub's emergency id.
- ``link_outbox``: what the hub has acknowledged of each as-run row. The outbox is *derived*
  from the as-run log: a finished row is due whenever no acknowledged copy of its current state
  exists (new, or changed since, e.g. interrupted then resumed), so no write of the playback path
  is needed and no row can be lost between the log and the outbox. ``acked_at`` is set when the
  broker acknowledged the publish (PUBACK).
- ``link_counters``: the station's own sequence number for the messages it signs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable

from sqlalchemy import (
    ColumnElement,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    and_,
    func,
    not_,
    or_,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from radio_sched.schedule.model import Outcome
from radio_sched.store.asrun import AsRunRow
from radio_sched.store.db import Base, utcnow

SEQ_COUNTER = "seq"


class InboxRow(Base):
    __tablename__ = "link_inbox"

    message_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    sender: Mapped[str] = mapped_column(String(64), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    result: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class NoticeRow(Base):
    __tablename__ = "link_notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[str] = mapped_column(String(32), unique=True)
    sender: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    read_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class LinkEmergencyRow(Base):
    __tablename__ = "link_emergencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    emergency_id: Mapped[str] = mapped_column(String(128), index=True)
    message_id: Mapped[str] = mapped_column(String(32), unique=True)
    program_id: Mapped[int | None] = mapped_column(
        ForeignKey("programs.id", ondelete="SET NULL"), index=True
    )
    order_id: Mapped[int | None] = mapped_column(Integer)


class OutboxRow(Base):
    __tablename__ = "link_outbox"

    asrun_row_id: Mapped[int] = mapped_column(
        ForeignKey("asrun.id", ondelete="CASCADE"), primary_key=True
    )
    # The state that was sent (and, once acked_at is set, that the broker took).
    outcome: Mapped[str] = mapped_column(String(20))
    seconds_played: Mapped[float] = mapped_column(Float)
    message_id: Mapped[str] = mapped_column(String(32))
    sent_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    acked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class CounterRow(Base):
    __tablename__ = "link_counters"

    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)


# ------------------------------------------------------------------------------------- inbox


def seen(session: Session, message_id: str) -> bool:
    return session.get(InboxRow, message_id) is not None


def last_seq(session: Session) -> dict[str, int]:
    """The highest sequence number processed from each sender."""
    query = select(InboxRow.sender, func.max(InboxRow.seq)).group_by(InboxRow.sender)
    return {sender: int(seq) for sender, seq in session.execute(query)}


def record(
    session: Session, message_id: str, sender: str, seq: int, kind: str, result: str, reason: str
) -> None:
    session.add(
        InboxRow(
            message_id=message_id, sender=sender, seq=seq, kind=kind, result=result, reason=reason
        )
    )


def result_of(session: Session, message_id: str) -> InboxRow | None:
    return session.get(InboxRow, message_id)


def next_seq(session: Session) -> int:
    """The next sequence number of this station's signed messages (committed with the caller's
    transaction, so a number is never used twice)."""
    row = session.get(CounterRow, SEQ_COUNTER)
    if row is None:
        row = CounterRow(name=SEQ_COUNTER, value=0)
        session.add(row)
    row.value += 1
    return row.value


# ----------------------------------------------------------------------------------- notices


def unread_notices(session: Session) -> list[NoticeRow]:
    return list(
        session.scalars(select(NoticeRow).where(NoticeRow.read_at.is_(None)).order_by(NoticeRow.id))
    )


def recent_notices(session: Session, limit: int = 20) -> list[NoticeRow]:
    return list(session.scalars(select(NoticeRow).order_by(NoticeRow.id.desc()).limit(limit)))


def mark_read(session: Session, ids: Iterable[int]) -> None:
    for row in session.scalars(select(NoticeRow).where(NoticeRow.id.in_(list(ids)))):
        if row.read_at is None:
            row.read_at = utcnow()


# ------------------------------------------------------------------------------------ outbox


def _delivered() -> ColumnElement[bool]:
    """An as-run row whose current state the broker acknowledged (the outbox row joined to it;
    with no outbox row this is false, so its negation is "due")."""
    return and_(
        OutboxRow.acked_at.is_not(None),
        OutboxRow.outcome == AsRunRow.outcome,
        OutboxRow.seconds_played == AsRunRow.seconds_played,
    )


def due_asrun(session: Session, limit: int, in_flight: Collection[str] = ()) -> list[AsRunRow]:
    """Finished as-run rows whose current state the broker has not acknowledged, oldest first,
    leaving out those last sent in one of the ``in_flight`` messages."""
    query = (
        select(AsRunRow)
        .outerjoin(OutboxRow, OutboxRow.asrun_row_id == AsRunRow.id)
        .where(AsRunRow.outcome != Outcome.PLAYING.value)
        .where(not_(_delivered()))
        .order_by(AsRunRow.id)
        .limit(limit)
    )
    if in_flight:
        query = query.where(
            or_(OutboxRow.message_id.is_(None), OutboxRow.message_id.not_in(list(in_flight)))
        )
    return list(session.scalars(query))


def mark_sent(session: Session, rows: Iterable[AsRunRow], message_id: str) -> None:
    now = utcnow()
    rows = list(rows)
    known = {
        sent.asrun_row_id: sent
        for sent in session.scalars(
            select(OutboxRow).where(OutboxRow.asrun_row_id.in_([row.id for row in rows]))
        )
    }
    for row in rows:
        sent = known.get(row.id)
        if sent is None:
            sent = OutboxRow(asrun_row_id=row.id)
            session.add(sent)
        sent.outcome = row.outcome
        sent.seconds_played = float(row.seconds_played or 0.0)
        sent.message_id = message_id
        sent.sent_at = now
        sent.acked_at = None


def mark_acked(session: Session, message_id: str) -> int:
    """The broker took ``message_id``: its rows are delivered (unless they changed since)."""
    now = utcnow()
    rows = list(session.scalars(select(OutboxRow).where(OutboxRow.message_id == message_id)))
    for row in rows:
        row.acked_at = now
    return len(rows)


def outbox_counts(session: Session) -> tuple[int, int]:
    """(rows acknowledged, rows still due)."""
    acked = session.scalar(
        select(func.count())
        .select_from(OutboxRow)
        .join(AsRunRow, AsRunRow.id == OutboxRow.asrun_row_id)
        .where(_delivered())
    )
    finished = session.scalar(
        select(func.count()).select_from(AsRunRow).where(AsRunRow.outcome != Outcome.PLAYING.value)
    )
    return int(acked or 0), int(finished or 0) - int(acked or 0)


def emergency_ids(session: Session, program_ids: Iterable[int]) -> dict[int, str]:
    wanted = list(set(program_ids))
    if not wanted:
        return {}
    rows = session.scalars(select(LinkEmergencyRow).where(LinkEmergencyRow.program_id.in_(wanted)))
    return {row.program_id: row.emergency_id for row in rows if row.program_id is not None}


def last_airing(session: Session) -> dt.datetime | None:
    return session.scalar(
        select(func.max(AsRunRow.started_at)).where(AsRunRow.started_at.is_not(None))
    )
