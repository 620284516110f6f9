"""What the operator does to the schedule, for the CLI and the TUI alike: approve, import audio,
pin, unpin, pause, declare an emergency. Each change raises the plan revision, which is how the
running daemon learns of it without a restart."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, select

from radio_sched import locations
from radio_sched.atomic import atomic_open
from radio_sched.config import StationSettings
from radio_sched.errors import UserError
from radio_sched.schedule.model import Plan, Priority
from radio_sched.store.db import Store, utcnow
from radio_sched.store.documents import ScriptRow
from radio_sched.store.programs import (
    EmergencyRow,
    PinRow,
    ProgramRow,
    SkipRow,
    aware,
    bump_revision,
)


def _no_program(program_id: int) -> UserError:
    return UserError(f"Không có chương trình {program_id}. Xem `radio-sched program list`.")


def relative_to_home(path: Path) -> str:
    """Paths inside the station home are stored relative to it, so the home can be moved."""
    try:
        return str(path.resolve().relative_to(locations.station_home().resolve()))
    except ValueError:
        return str(path.resolve())


def in_station_home(path: Path) -> bool:
    """A program airs only audio kept in the station home: a file the user was given elsewhere
    (``synth -o``) can be moved or deleted at any time."""
    return not Path(relative_to_home(path)).is_absolute()


def replan(store: Store) -> int:
    """Ask every reader (daemon, TUI) to plan again; returns the new revision."""
    with store.session() as session:
        return bump_revision(session)


bump_plan_revision = replan


# A script is read at about 550 characters a minute; slots last 15-30 minutes. A script longer
# than an hour fits no slot, would take the voice a long time and fill the disk with audio that
# can never air: it is refused at approval, with its length, so the operator shortens it.
MAX_SCRIPT_SECONDS = 60 * 60
DEFAULT_CAMPAIGN_DAYS = 7


@dataclass(frozen=True)
class Approval:
    program_id: int
    version: int
    audio_path: str | None
    duration_seconds: float | None


def approve_script(
    store: Store,
    script_id: int,
    who: str,
    *,
    priority: Priority | None = None,
    per_day: int | None = None,
    version: int | None = None,
    audio: tuple[Path, float] | None = None,
    today: dt.date | None = None,
) -> tuple[int, int]:
    """Record who approved the script's latest version and when; create or refresh its program.
    Returns (program id, approved version).

    With ``audio`` (the render of ``version``), the program gets it in the same transaction, so
    the approval and its audio are recorded together or not at all; the approval is refused if
    the script gained a newer version meanwhile."""
    with store.session() as session:
        script = session.get(ScriptRow, script_id)
        if script is None or not script.versions:
            raise UserError(f"Không có kịch bản {script_id}. Xem `radio-sched list`.")
        latest = script.latest
        if version is not None and latest.version != version:
            raise UserError(
                f"Kịch bản {script_id} vừa có phiên bản mới ({latest.version}) trong lúc tạo âm "
                f"thanh cho phiên bản {version}; chưa duyệt gì. Hãy xem lại rồi duyệt lại."
            )
        _check_length(script_id, latest.estimated_seconds)
        now = utcnow()
        script.approved_at, script.approved_by = now, who
        script.approved_version = latest.version
        program = session.scalar(select(ProgramRow).where(ProgramRow.script_id == script_id))
        if program is None:
            program = ProgramRow(kind="script", script_id=script_id, title=script.title)
            session.add(program)
        if program.script_version != latest.version:
            # Audio of another version would air words nobody approved: render again.
            program.audio_path, program.duration_seconds = None, None
        if audio is not None:
            program.audio_path = relative_to_home(audio[0])
            program.duration_seconds = audio[1]
        program.title = script.title
        program.script_version = latest.version
        program.estimated_seconds = latest.estimated_seconds
        program.approved_at, program.approved_by = now, who
        window = (program.campaign_start, program.campaign_end)
        directive = script.directive
        if directive is not None:
            program.directive_id = directive.id
            program.campaign_start = directive.campaign_start
            program.campaign_end = directive.campaign_end
            if program.per_day is None:
                program.per_day = directive.frequency_per_day
        if program.campaign_start is None and program.campaign_end is None:
            # A directive that names no dates airs for a week from its approval (not on past
            # days, not for ever); the operator changes it with `program set --from/--to`.
            # A new version approved later keeps the week its first approval gave it.
            first = window[0] or today or now.date()
            program.campaign_start = first
            program.campaign_end = window[1] or first + dt.timedelta(days=DEFAULT_CAMPAIGN_DAYS - 1)
        if priority is not None:
            program.priority = priority.value
        if per_day is not None:
            program.per_day = per_day
        bump_revision(session)
        session.flush()
        return program.id, latest.version


def approve_and_render(
    store: Store,
    settings: StationSettings,
    script_id: int,
    who: str,
    *,
    priority: Priority | None = None,
    per_day: int | None = None,
    say: Callable[[str], None] = print,
) -> Approval:
    """Render the script's latest version (or reuse its render), then record the approval and
    the audio in one transaction. A failed render (a full disk, no voice) records nothing: no
    program is ever approved without the audio that makes it air."""
    with store.session() as session:
        script = session.get(ScriptRow, script_id)
        if script is None or not script.versions:
            raise UserError(f"Không có kịch bản {script_id}. Xem `radio-sched list`.")
        version, estimated = script.latest.version, script.latest.estimated_seconds
    _check_length(script_id, estimated)
    audio = _render_of(store, settings, script_id, version, say)
    program_id, approved = approve_script(
        store,
        script_id,
        who,
        priority=priority,
        per_day=per_day,
        version=version,
        audio=audio,
        today=settings.now().date(),
    )
    return Approval(program_id, approved, str(audio[0]), audio[1])


def _render_of(
    store: Store,
    settings: StationSettings,
    script_id: int,
    version: int,
    say: Callable[[str], None],
) -> tuple[Path, float]:
    try:
        from radio_sched.audio import programs as audio_programs
    except ImportError as error:
        raise UserError(
            "Chưa tạo được âm thanh (mô-đun âm thanh chưa sẵn sàng) nên chưa duyệt. Hãy cài đủ "
            "radio-sched, hoặc duyệt không kèm âm thanh bằng --no-render."
        ) from error
    from radio_sched.store.renders import latest_render

    with store.session() as session:
        render = latest_render(session, script_id)
        if render is not None and render.version == version:
            path = Path(render.path)
            if path.is_file() and in_station_home(path):
                return path, float(render.duration_seconds)
    say("Đang tạo âm thanh cho kịch bản…")
    result = audio_programs.render_stored_script(
        store, script_id, engine=settings.engine, settings=settings, version=version
    )
    return Path(result.path), float(result.duration_seconds)


def _check_length(script_id: int, estimated_seconds: float | None) -> None:
    if estimated_seconds is not None and estimated_seconds > MAX_SCRIPT_SECONDS:
        raise UserError(
            f"Kịch bản {script_id} dài ước tính {round(estimated_seconds / 60)} phút, quá giới "
            f"hạn {MAX_SCRIPT_SECONDS // 60} phút (dài hơn mọi khung giờ phát). Hãy rút gọn "
            "rồi duyệt lại."
        )


def programs_without_audio(plan: Plan) -> list[tuple[int, str]]:
    """Programs in the plan that cannot air: no audio recorded, or its file is gone."""
    from radio_sched.schedule.service import resolve_audio

    missing: dict[int, str] = {}
    for placement in plan.placements:
        path = resolve_audio(placement.audio_path)
        if placement.program_id not in missing and (path is None or not path.is_file()):
            missing[placement.program_id] = placement.title
    return sorted(missing.items())


def audio_missing(audio_path: str | None) -> bool:
    """No audio recorded, or its file is gone from the station home."""
    from radio_sched.schedule.service import resolve_audio

    path = resolve_audio(audio_path)
    return path is None or not path.is_file()


def programs_missing_audio(store: Store) -> list[tuple[int, str]]:
    """Approved, enabled programs that would not air for want of their audio file."""
    with store.session() as session:
        rows = list(session.scalars(select(ProgramRow).order_by(ProgramRow.id)))
        return [
            (row.id, row.title)
            for row in rows
            if row.approved and row.enabled and audio_missing(row.audio_path)
        ]


def attach_render(
    store: Store,
    settings: StationSettings,
    script_id: int,
    *,
    say: Callable[[str], None] = print,
) -> tuple[str, float] | None:
    """Give the script's program the latest render of its approved version, rendering with the
    station's engine when there is none. None when the audio layer is not available."""
    try:
        from radio_sched.audio import programs as audio_programs
    except ImportError:
        say(
            "Chưa tạo được âm thanh (mô-đun âm thanh chưa sẵn sàng); lịch dùng thời lượng ước tính."
        )
        return None
    path: str | None = None
    duration = 0.0
    with store.session() as session:
        script = session.get(ScriptRow, script_id)
        approved = script.approved_version if script else None
        render = audio_programs.latest_render(session, script_id)
        if (
            render is not None
            and render.version == approved
            and Path(render.path).is_file()
            and in_station_home(Path(render.path))
        ):
            path, duration = str(render.path), float(render.duration_seconds)
    if path is None:
        say("Đang tạo âm thanh cho kịch bản đã duyệt…")
        result = audio_programs.render_stored_script(
            store, script_id, engine=settings.engine, settings=settings, version=approved
        )
        path, duration = str(result.path), float(result.duration_seconds)
    with store.session() as session:
        program = session.scalar(select(ProgramRow).where(ProgramRow.script_id == script_id))
        if program is not None:
            program.audio_path = relative_to_home(Path(path))
            program.duration_seconds = duration
            bump_revision(session)
    return path, duration


def approve_program(
    store: Store,
    program_id: int,
    who: str,
    *,
    priority: Priority | None = None,
    per_day: int | None = None,
) -> None:
    with store.session() as session:
        row = session.get(ProgramRow, program_id)
        if row is None:
            raise _no_program(program_id)
        row.approved_at, row.approved_by = utcnow(), who
        if priority is not None:
            row.priority = priority.value
        if per_day is not None:
            row.per_day = per_day
        bump_revision(session)


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


def pin_program(store: Store, program_id: int, day: dt.date, slot: str, position: int = 0) -> None:
    """Pin a program into a slot on a day of its campaign (a pin outside it would never air
    and could not be seen to be removed, so it is refused with the campaign's dates)."""
    with store.session() as session:
        program = session.get(ProgramRow, program_id)
        if program is None:
            raise _no_program(program_id)
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
            raise _no_program(program_id)
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


def set_program_enabled(store: Store, program_id: int, enabled: bool) -> None:
    with store.session() as session:
        row = session.get(ProgramRow, program_id)
        if row is None:
            raise _no_program(program_id)
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
            raise _no_program(program_id)
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
            raise _no_program(program_id)
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
