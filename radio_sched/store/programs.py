"""Programs (approved scripts with audio, or audio imported as is), pins, emergencies, and the
plan revision the daemon polls to notice that the operator changed something."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from radio_sched.schedule.model import (
    DEFAULT_PER_DAY,
    Emergency,
    Pin,
    Priority,
    Program,
    Skip,
)
from radio_sched.store import documents as _documents  # noqa: F401 - tables our foreign keys name
from radio_sched.store.db import Base, utcnow


def aware(value: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; everything is stored in UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


class ProgramRow(Base):
    __tablename__ = "programs"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20))  # "script" or "audio"
    script_id: Mapped[int | None] = mapped_column(ForeignKey("scripts.id"), unique=True)
    script_version: Mapped[int | None] = mapped_column(Integer)
    directive_id: Mapped[int | None] = mapped_column(ForeignKey("directives.id"))
    audio_path: Mapped[str | None] = mapped_column(Text)
    duration_seconds: Mapped[float | None] = mapped_column(Float)  # measured from the audio
    estimated_seconds: Mapped[float | None] = mapped_column(Float)  # from the script's text
    priority: Mapped[str] = mapped_column(String(20), default=Priority.NORMAL.value)
    campaign_start: Mapped[dt.date | None]
    campaign_end: Mapped[dt.date | None]
    per_day: Mapped[int | None] = mapped_column(Integer)
    approved_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    approved_by: Mapped[str | None] = mapped_column(String(200))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    @property
    def approved(self) -> bool:
        return self.approved_at is not None

    def to_program(self) -> Program:
        duration = self.duration_seconds or self.estimated_seconds
        return Program(
            id=self.id,
            title=self.title,
            duration_seconds=duration,
            priority=Priority(self.priority),
            start=self.campaign_start,
            end=self.campaign_end,
            per_day=DEFAULT_PER_DAY if self.per_day is None else self.per_day,
            audio_path=self.audio_path,
            directive_id=self.directive_id,
            # A script's program is made when the script is approved: that moment is when it
            # could first air (imported audio carries its own dates and is left as it was).
            available_from=(
                aware(self.created_at) if self.kind == "script" and self.created_at else None
            ),
        )


class PinRow(Base):
    __tablename__ = "program_pins"
    __table_args__ = (UniqueConstraint("program_id", "day", "slot"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    day: Mapped[dt.date]
    slot: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)


class SkipRow(Base):
    """An airing the operator removed: one slot of a day, or the whole day (``slot`` None)."""

    __tablename__ = "airing_skips"
    __table_args__ = (UniqueConstraint("program_id", "day", "slot"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    day: Mapped[dt.date]
    slot: Mapped[str | None] = mapped_column(String(200))


class EmergencyRow(Base):
    __tablename__ = "emergencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    start: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    every_seconds: Mapped[float | None] = mapped_column(Float)
    until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str | None] = mapped_column(String(200))
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)

    def to_emergency(self) -> Emergency:
        every = dt.timedelta(seconds=self.every_seconds) if self.every_seconds else None
        return Emergency(
            id=self.id,
            program_id=self.program_id,
            start=aware(self.start),
            every=every,
            until=aware(self.until) if self.until else None,
        )


class PlanStateRow(Base):
    """A single row whose revision goes up with every change that can alter the plan."""

    __tablename__ = "plan_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    revision: Mapped[int] = mapped_column(Integer, default=0)
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


def bump_revision(session: Session) -> int:
    row = session.get(PlanStateRow, 1)
    if row is None:
        row = PlanStateRow(id=1, revision=0)
        session.add(row)
    row.revision = (row.revision or 0) + 1
    row.changed_at = utcnow()
    session.flush()
    return row.revision


def plan_revision(session: Session) -> int:
    row = session.get(PlanStateRow, 1)
    return row.revision if row is not None else 0


def plannable_programs(session: Session) -> list[Program]:
    """Approved, enabled programs, as the planner sees them."""
    rows = session.scalars(
        select(ProgramRow)
        .where(ProgramRow.approved_at.is_not(None), ProgramRow.enabled.is_(True))
        .order_by(ProgramRow.id)
    )
    return [row.to_program() for row in rows]


def all_pins(session: Session) -> list[Pin]:
    rows = session.scalars(select(PinRow).order_by(PinRow.id))
    return [Pin(r.program_id, r.day, r.slot, r.position) for r in rows]


def all_skips(session: Session) -> list[Skip]:
    rows = session.scalars(select(SkipRow).order_by(SkipRow.id))
    return [Skip(r.program_id, r.day, r.slot) for r in rows]


def active_emergencies(session: Session) -> list[Emergency]:
    rows = session.scalars(
        select(EmergencyRow).where(EmergencyRow.cancelled.is_(False)).order_by(EmergencyRow.id)
    )
    return [row.to_emergency() for row in rows]
