"""What airs when, changed by hand: pins, removed airings and suspended days, emergencies."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, select

from radio_sched.config import StationSettings
from radio_sched.errors import UserError
from radio_sched.schedule.changes import no_program
from radio_sched.store.db import Store
from radio_sched.store.programs import (
    EmergencyRow,
    PinRow,
    ProgramRow,
    SkipRow,
    aware,
    bump_revision,
)


def pin_program(store: Store, program_id: int, day: dt.date, slot: str, position: int = 0) -> None:
    """Pin a program into a slot on a day of its campaign (a pin outside it would never air
    and could not be seen to be removed, so it is refused with the campaign's dates)."""
    with store.session() as session:
        program = session.get(ProgramRow, program_id)
        if program is None:
            raise no_program(program_id)
        start, end = program.campaign_start, program.campaign_end
        if (start is not None and day < start) or (end is not None and day > end):
            window = f"từ {start:%d/%m/%Y}" if start else ""
            window += f" đến {end:%d/%m/%Y}" if end else ""
            raise UserError(
                f"Chương trình «{program.title}» chỉ phát {window.strip()}; không thêm được vào "
                f"ngày {day:%d/%m/%Y}. Hãy chọn một ngày trong thời gian tuyên truyền."
            )
        existing = session.scalar(
            select(PinRow).where(
                PinRow.program_id == program_id, PinRow.day == day, PinRow.slot == slot
            )
        )
        if existing is None:
            session.add(PinRow(program_id=program_id, day=day, slot=slot, position=position))
        else:
            existing.position = position
        bump_revision(session)


add_pin = pin_program


def unpin_program(store: Store, program_id: int, day: dt.date, slot: str) -> None:
    with store.session() as session:
        result = session.execute(
            delete(PinRow).where(
                PinRow.program_id == program_id, PinRow.day == day, PinRow.slot == slot
            )
        )
        if not getattr(result, "rowcount", 0):
            raise UserError("Không có ghim nào như vậy. Xem `radio-sched plan`.")
        bump_revision(session)


remove_pin = unpin_program


def remove_airing(store: Store, program_id: int, day: dt.date, slot: str | None) -> None:
    """Take a program off one slot of a day (``slot`` None: off that whole day); the program
    stays on every other day. Not moved elsewhere; put back with ``restore_airings``."""
    with store.session() as session:
        if session.get(ProgramRow, program_id) is None:
            raise no_program(program_id)
        existing = session.scalar(
            select(SkipRow).where(
                SkipRow.program_id == program_id,
                SkipRow.day == day,
                SkipRow.slot.is_(None) if slot is None else SkipRow.slot == slot,
            )
        )
        if existing is None:
            session.add(SkipRow(program_id=program_id, day=day, slot=slot))
        bump_revision(session)


def suspend_days(store: Store, program_id: int, days: list[dt.date]) -> None:
    """Take a program off the chosen days (every slot of each)."""
    for day in days:
        remove_airing(store, program_id, day, None)


def restore_airings(store: Store, day: dt.date, slot: str | None = None) -> int:
    """Put back what the operator removed on a day (in one slot, or in all); returns how many."""
    with store.session() as session:
        query = delete(SkipRow).where(SkipRow.day == day)
        if slot is not None:
            query = query.where((SkipRow.slot == slot) | SkipRow.slot.is_(None))
        count = int(getattr(session.execute(query), "rowcount", 0) or 0)
        if count:
            bump_revision(session)
        return count


def removed_airings(
    store: Store, first: dt.date, last: dt.date
) -> list[tuple[int, dt.date, str | None]]:
    """(program, day, slot) the operator removed between two days, for the week's screen."""
    with store.session() as session:
        rows = session.scalars(
            select(SkipRow).where(SkipRow.day >= first, SkipRow.day <= last).order_by(SkipRow.day)
        )
        return [(row.program_id, row.day, row.slot) for row in rows]


def declare_emergency(
    store: Store,
    settings: StationSettings,
    program_id: int,
    *,
    start: dt.datetime | None = None,
    every: dt.timedelta | None = None,
    span: dt.timedelta | None = None,
    who: str | None = None,
) -> int:
    """Air a program now (or at ``start``), then every ``every`` during ``span``."""
    start = start or settings.now()
    if every is not None and span is None:
        span = dt.timedelta(hours=1)
    with store.session() as session:
        program = session.get(ProgramRow, program_id)
        if program is None:
            raise no_program(program_id)
        if not program.approved or not program.enabled:
            # Refused now rather than silently left out of the plan when the storm is here.
            raise UserError(
                f"Chương trình {program_id} chưa được duyệt hoặc đang tạm ngừng. Hãy chạy "
                f"`radio-sched approve --program {program_id}` hoặc "
                f"`radio-sched program set {program_id} --enable` trước."
            )
        row = EmergencyRow(
            program_id=program.id,
            start=start.astimezone(dt.UTC),
            every_seconds=every.total_seconds() if every else None,
            until=(start + span).astimezone(dt.UTC) if span else None,
            created_by=who,
        )
        session.add(row)
        bump_revision(session)
        session.flush()
        return row.id


start_emergency = declare_emergency


@dataclass(frozen=True)
class EmergencySummary:
    """A standing emergency order, its times in the station's zone."""

    emergency_id: int
    program_id: int
    start: dt.datetime
    every: dt.timedelta | None
    until: dt.datetime | None


def active_emergencies(store: Store, settings: StationSettings) -> list[EmergencySummary]:
    """The emergency orders not cancelled, oldest first."""
    zone = settings.zone
    with store.session() as session:
        rows = session.scalars(
            select(EmergencyRow).where(EmergencyRow.cancelled.is_(False)).order_by(EmergencyRow.id)
        )
        return [
            EmergencySummary(
                emergency_id=row.id,
                program_id=row.program_id,
                start=aware(row.start).astimezone(zone),
                every=dt.timedelta(seconds=row.every_seconds) if row.every_seconds else None,
                until=aware(row.until).astimezone(zone) if row.until else None,
            )
            for row in rows
        ]


def cancel_emergency(store: Store, emergency_id: int) -> None:
    with store.session() as session:
        row = session.get(EmergencyRow, emergency_id)
        if row is None:
            raise UserError(
                f"Không có lệnh khẩn cấp {emergency_id}. Xem `radio-sched emergency --list`."
            )
        row.cancelled = True
        bump_revision(session)
