"""Approving a script or a program: render first, then record the approval and the audio in one
transaction, so nothing is approved without audio; and the checks that warn of missing audio."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from radio_sched.config import StationSettings
from radio_sched.errors import UserError
from radio_sched.schedule.changes import in_station_home, no_program, relative_to_home
from radio_sched.schedule.model import Plan, Priority
from radio_sched.store.db import Store, utcnow
from radio_sched.store.documents import ScriptRow
from radio_sched.store.programs import (
    ProgramRow,
    bump_revision,
)

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
    from radio_sched.store.takes import takes_since

    with store.session() as session:
        render = latest_render(session, script_id)
        # A take recorded since the render may be one of this script's sentences: render again
        # (a copy from the program cache when none of them changed).
        if (
            render is not None
            and render.version == version
            and not takes_since(session, render.created_at)
        ):
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
    missing: dict[int, str] = {}
    for placement in plan.placements:
        # A program placed many times and found missing is not looked up again.
        if placement.program_id not in missing and audio_missing(placement.audio_path):
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
            raise no_program(program_id)
        row.approved_at, row.approved_by = utcnow(), who
        if priority is not None:
            row.priority = priority.value
        if per_day is not None:
            row.per_day = per_day
        bump_revision(session)
