"""What the operator does to the schedule, for the CLI and the TUI alike: approve, import audio,
pin, unpin, pause, declare an emergency. Each change raises the plan revision, which is how the
running daemon learns of it without a restart.

The actions live by subject (``approvals``, ``airings``, programs here, shared pieces in
``changes``); this module is the one door the interfaces use, so they import it alone."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from radio_sched import locations
from radio_sched.atomic import atomic_open
from radio_sched.schedule.airings import (
    EmergencySummary,
    active_emergencies,
    add_pin,
    cancel_emergency,
    declare_emergency,
    pin_program,
    remove_airing,
    remove_pin,
    removed_airings,
    restore_airings,
    start_emergency,
    suspend_days,
    unpin_program,
)
from radio_sched.schedule.approvals import (
    DEFAULT_CAMPAIGN_DAYS,
    MAX_SCRIPT_SECONDS,
    Approval,
    approve_and_render,
    approve_program,
    approve_script,
    attach_render,
    audio_missing,
    programs_missing_audio,
    programs_without_audio,
)
from radio_sched.schedule.changes import (
    bump_plan_revision,
    in_station_home,
    no_program,
    relative_to_home,
    replan,
)
from radio_sched.schedule.model import Priority
from radio_sched.store.db import Store, utcnow
from radio_sched.store.programs import (
    ProgramRow,
    bump_revision,
)

# The interfaces' one door: the actions of approvals, airings and changes are re-exported.
__all__ = [
    "DEFAULT_CAMPAIGN_DAYS",
    "MAX_SCRIPT_SECONDS",
    "Approval",
    "EmergencySummary",
    "ProgramChoice",
    "ProgramSummary",
    "active_emergencies",
    "add_audio_program",
    "add_pin",
    "approve_and_render",
    "approve_program",
    "approve_script",
    "attach_render",
    "audio_missing",
    "bump_plan_revision",
    "cancel_emergency",
    "declare_emergency",
    "disable_program",
    "in_station_home",
    "list_programs",
    "no_program",
    "pin_program",
    "program_choices",
    "programs_missing_audio",
    "programs_without_audio",
    "relative_to_home",
    "remove_airing",
    "remove_pin",
    "removed_airings",
    "replan",
    "restore_airings",
    "set_program_enabled",
    "start_emergency",
    "suspend_days",
    "unpin_program",
    "update_program",
]


def add_audio_program(
    store: Store,
    source: Path,
    title: str,
    duration: float,
    *,
    first: dt.date | None = None,
    last: dt.date | None = None,
    per_day: int | None = None,
    priority: Priority = Priority.NORMAL,
    approved_by: str | None = None,
) -> int:
    """Copy an audio file into the station home as a program; approved when ``approved_by``."""
    with store.session() as session:
        row = ProgramRow(
            title=title,
            kind="audio",
            duration_seconds=duration,
            priority=priority.value,
            campaign_start=first,
            campaign_end=last,
            per_day=per_day,
        )
        if approved_by:
            row.approved_at, row.approved_by = utcnow(), approved_by
        session.add(row)
        session.flush()
        slug = re.sub(r"[^\w.-]+", "_", source.stem)[:60]
        target = locations.programs_dir() / f"{row.id:04d}-{slug}{source.suffix.lower()}"
        # A copy, so the program survives the original being moved or deleted.
        with source.open("rb") as reader, atomic_open(target) as writer:
            while chunk := reader.read(1 << 20):
                writer.write(chunk)
        row.audio_path = relative_to_home(target)
        bump_revision(session)
        return row.id


@dataclass(frozen=True)
class ProgramChoice:
    """A program as the operator picks it: one title with its campaign dates, and what keeps
    it off the air (suspended, no audio)."""

    program_id: int
    script_id: int | None
    title: str
    start: dt.date | None
    end: dt.date | None
    enabled: bool
    audio_missing: bool

    @property
    def label(self) -> str:
        dates = ""
        if self.start and self.end:
            dates = f" · {self.start:%d/%m}–{self.end:%d/%m/%Y}"
        elif self.start:
            dates = f" · từ {self.start:%d/%m/%Y}"
        state = "" if self.enabled else " (tạm ngừng)"
        if self.audio_missing:
            state += " ⚠ thiếu âm thanh"
        return f"{self.title}{dates}{state}"


def program_choices(store: Store) -> list[ProgramChoice]:
    """Every approved program, suspended ones included (so they can be switched back on)."""
    with store.session() as session:
        rows = session.scalars(
            select(ProgramRow).where(ProgramRow.approved_at.is_not(None)).order_by(ProgramRow.id)
        )
        return [
            ProgramChoice(
                row.id,
                row.script_id,
                row.title,
                row.campaign_start,
                row.campaign_end,
                row.enabled,
                audio_missing(row.audio_path),
            )
            for row in rows
        ]


def set_program_enabled(store: Store, program_id: int, enabled: bool) -> None:
    with store.session() as session:
        row = session.get(ProgramRow, program_id)
        if row is None:
            raise no_program(program_id)
        row.enabled = enabled
        bump_revision(session)


def disable_program(store: Store, program_id: int) -> None:
    set_program_enabled(store, program_id, False)


def update_program(
    store: Store,
    program_id: int,
    *,
    title: str | None = None,
    first: dt.date | None = None,
    last: dt.date | None = None,
    per_day: int | None = None,
    priority: Priority | None = None,
    enabled: bool | None = None,
) -> None:
    """Change what is given (None leaves a field as it is) and ask the readers to plan again."""
    with store.session() as session:
        row = session.get(ProgramRow, program_id)
        if row is None:
            raise no_program(program_id)
        if title:
            row.title = title
        if first is not None:
            row.campaign_start = first
        if last is not None:
            row.campaign_end = last
        if per_day is not None:
            row.per_day = per_day
        if priority is not None:
            row.priority = priority.value
        if enabled is not None:
            row.enabled = enabled
        bump_revision(session)


@dataclass(frozen=True)
class ProgramSummary:
    """A program as the program list shows it."""

    program_id: int
    title: str
    kind: str
    script_id: int | None
    priority: Priority
    first: dt.date | None
    last: dt.date | None
    per_day: int | None
    duration_seconds: float | None
    audio_path: str | None
    approved_by: str | None
    approved_at: dt.datetime | None
    enabled: bool

    @property
    def audio_missing(self) -> bool:
        return audio_missing(self.audio_path)

    def as_json(self) -> dict[str, object]:
        return {
            "program_id": self.program_id,
            "title": self.title,
            "kind": self.kind,
            "script_id": self.script_id,
            "priority": self.priority.value,
            "from": self.first.isoformat() if self.first else None,
            "to": self.last.isoformat() if self.last else None,
            "per_day": self.per_day,
            "duration_seconds": self.duration_seconds,
            "audio_path": self.audio_path,
            "approved_by": self.approved_by,
            "approved_at": self.approved_at.isoformat() if self.approved_at else None,
            "enabled": self.enabled,
        }


def list_programs(store: Store) -> list[ProgramSummary]:
    """Every program, approved or not, in the order they were made."""
    with store.session() as session:
        return [
            ProgramSummary(
                program_id=r.id,
                title=r.title,
                kind=r.kind,
                script_id=r.script_id,
                priority=Priority(r.priority),
                first=r.campaign_start,
                last=r.campaign_end,
                per_day=r.per_day,
                duration_seconds=r.duration_seconds or r.estimated_seconds,
                audio_path=r.audio_path,
                approved_by=r.approved_by,
                approved_at=r.approved_at,
                enabled=r.enabled,
            )
            for r in session.scalars(select(ProgramRow).order_by(ProgramRow.id))
        ]
