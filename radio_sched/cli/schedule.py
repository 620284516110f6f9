"""Subcommands for the station, programs, the week plan, emergencies, the daemon and reports:
station, program, approve, pin, unpin, emergency, plan, daemon, asrun, report."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import os
import re
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from radio_sched.errors import UserError

if TYPE_CHECKING:
    from radio_sched.config import StationSettings
    from radio_sched.store.db import Store

PRIORITIES = ("normal", "priority", "emergency")


def register(subparsers: Any) -> None:
    station = subparsers.add_parser("station", help="Cài đặt của đài (tên, múi giờ, khung giờ)")
    station_sub = station.add_subparsers(dest="station_command", metavar="LỆNH", required=True)
    init = station_sub.add_parser("init", help="Tạo tệp cài đặt station.toml có chú thích")
    init.add_argument("--name", required=True, help='Tên xã, ví dụ "Xã Tân Thành"')
    init.add_argument("--district", default="", help="Huyện/thị xã")
    init.add_argument("--province", default="", help="Tỉnh/thành phố")
    init.add_argument("--timezone", default="Asia/Ho_Chi_Minh", help="Múi giờ của đài")
    init.add_argument("--force", action="store_true", help="Ghi đè tệp cài đặt đã có")
    init.set_defaults(handler=_station_init)
    show = station_sub.add_parser("show", help="In cài đặt hiện tại")
    show.set_defaults(handler=_station_show)

    program = subparsers.add_parser(
        "program", help="Chương trình phát (kịch bản đã duyệt, âm thanh)"
    )
    program_sub = program.add_subparsers(dest="program_command", metavar="LỆNH", required=True)
    add = program_sub.add_parser("add-audio", help="Nhập một tệp âm thanh làm chương trình")
    add.add_argument("file", type=Path, help="Tệp .mp3, .wav, .flac hoặc .ogg")
    add.add_argument("--title", required=True, help="Tên chương trình")
    _add_window_options(add)
    add.add_argument("--draft", action="store_true", help="Chưa duyệt (không lên lịch)")
    add.add_argument("--by", help="Người duyệt (mặc định: người dùng máy)")
    add.add_argument("--json", action="store_true")
    add.set_defaults(handler=_program_add_audio)
    listing = program_sub.add_parser("list", help="Danh sách chương trình")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=_program_list)
    change = program_sub.add_parser("set", help="Sửa số lần phát, mức ưu tiên, thời gian")
    change.add_argument("program_id", type=int)
    change.add_argument("--title")
    _add_window_options(change)
    change.add_argument("--disable", action="store_true", help="Tạm ngừng lên lịch")
    change.add_argument("--enable", action="store_true", help="Lên lịch trở lại")
    change.set_defaults(handler=_program_set)

    approve = subparsers.add_parser("approve", help="Duyệt kịch bản (ghi người duyệt và thời điểm)")
    approve.add_argument("script_id", type=int, nargs="?", help="Mã kịch bản")
    approve.add_argument("--program", type=int, help="Duyệt một chương trình âm thanh đã nhập")
    approve.add_argument("--by", help="Người duyệt (mặc định: người dùng máy)")
    approve.add_argument("--priority", choices=PRIORITIES)
    approve.add_argument("--per-day", type=int)
    approve.add_argument("--no-render", action="store_true", help="Không tạo âm thanh lúc duyệt")
    approve.set_defaults(handler=_approve)

    pin = subparsers.add_parser("pin", help="Ghim chương trình vào một khung giờ của một ngày")
    pin.add_argument("program_id", type=int)
    pin.add_argument("--date", required=True, help="Ngày, dạng 2021-09-07 hoặc 07/09/2021")
    pin.add_argument("--slot", required=True, help='Tên khung giờ, ví dụ "Sáng"')
    pin.add_argument("--position", type=int, default=0, help="Thứ tự trong khung giờ (0 là đầu)")
    pin.set_defaults(handler=_pin)
    unpin = subparsers.add_parser("unpin", help="Bỏ ghim")
    unpin.add_argument("program_id", type=int)
    unpin.add_argument("--date", required=True)
    unpin.add_argument("--slot", required=True)
    unpin.set_defaults(handler=_unpin)

    emergency = subparsers.add_parser(
        "emergency", help="Phát khẩn cấp ngay (ngắt chương trình thường) rồi nhắc lại"
    )
    emergency.add_argument("program_id", type=int, nargs="?", help="Mã chương trình")
    emergency.add_argument("--every", help="Nhắc lại sau mỗi khoảng, ví dụ 10m")
    emergency.add_argument("--for", dest="duration", help="Trong bao lâu, ví dụ 2h")
    emergency.add_argument("--at", help="Bắt đầu lúc (giờ của đài) thay vì ngay bây giờ")
    emergency.add_argument("--cancel", type=int, metavar="ID", help="Huỷ một lệnh khẩn cấp")
    emergency.add_argument("--list", action="store_true", help="Các lệnh khẩn cấp đang có")
    emergency.set_defaults(handler=_emergency)

    plan = subparsers.add_parser("plan", help="Lịch phát theo ngày và khung giờ")
    plan.add_argument("--from", dest="first", help="Từ ngày (mặc định: thứ Hai tuần này)")
    plan.add_argument("--to", dest="last", help="Đến ngày (mặc định: Chủ nhật tuần này)")
    plan.add_argument("--json", action="store_true", help="In JSON")
    plan.add_argument("--ics", type=Path, help="Ghi lịch ra tệp .ics")
    plan.add_argument(
        "--m3u", type=Path, metavar="THƯ_MỤC", help="Ghi danh sách phát M3U mỗi khung"
    )
    plan.set_defaults(handler=_plan)

    daemon = subparsers.add_parser("daemon", help="Chạy phát tự động theo lịch")
    daemon.add_argument("--player", choices=["miniaudio", "command", "file"])
    daemon.add_argument("--player-command", help='Lệnh phát ngoài, ví dụ "mpv --no-video"')
    daemon.add_argument("--sink", type=Path, help="Thư mục ghi khi --player file")
    daemon.add_argument("--dry-run", action="store_true", help="Không phát ra loa: ghi ra tệp")
    daemon.add_argument("--exit-after", type=float, metavar="GIÂY", help="Dừng sau số giây")
    daemon.add_argument(
        "--grace", type=float, default=5.0, metavar="GIÂY", help="Trễ tối đa vẫn phát (5 giây)"
    )
    daemon.set_defaults(handler=_daemon)

    asrun = subparsers.add_parser("asrun", help="Nhật ký phát (đã phát, bỏ lỡ, lỗi, bỏ qua)")
    asrun.add_argument("--from", dest="first")
    asrun.add_argument("--to", dest="last")
    asrun.add_argument("--json", action="store_true")
    asrun.set_defaults(handler=_asrun)

    report = subparsers.add_parser("report", help="Báo cáo kết quả tuyên truyền")
    report.add_argument("--from", dest="first")
    report.add_argument("--to", dest="last")
    report.add_argument("--format", choices=["docx", "csv", "md"], default="docx")
    report.add_argument("-o", "--output", type=Path, help="Tệp kết quả")
    report.add_argument("--number", default="", help='Số báo cáo, ví dụ "12/BC-ĐTT"')
    report.set_defaults(handler=_report)


def _add_window_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="first", help="Ngày bắt đầu phát")
    parser.add_argument("--to", dest="last", help="Ngày cuối phát")
    parser.add_argument("--per-day", type=int, help="Số lần phát mỗi ngày")
    parser.add_argument("--priority", choices=PRIORITIES, help="Mức ưu tiên")


# -- helpers -------------------------------------------------------------------------------


def _settings() -> StationSettings:
    from radio_sched import locations
    from radio_sched.config import SettingsError, load_settings

    try:
        return load_settings()
    except SettingsError as error:
        raise UserError(f"{error} (tệp {locations.settings_file()})") from error


def _store(settings: StationSettings) -> Store:
    from radio_sched.store.db import open_store

    return open_store(settings.resolved_database_url)


def parse_date(text: str) -> dt.date:
    text = text.strip()
    try:
        if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", text):
            day, month, year = (int(part) for part in text.split("/"))
            return dt.date(year, month, day)
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise UserError(
            f"Ngày không hợp lệ: {text!r}. Hãy viết 2021-09-07 hoặc 07/09/2021."
        ) from error


def parse_span(text: str) -> dt.timedelta:
    """ "10m", "2h", "90s", "1h30m" → timedelta."""
    match = re.fullmatch(r"\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m)?\s*(?:(\d+)\s*s)?\s*", text.lower())
    if not match or not any(match.groups()):
        raise UserError(f"Khoảng thời gian không hợp lệ: {text!r}. Hãy viết 10m, 2h hoặc 1h30m.")
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    return dt.timedelta(hours=hours, minutes=minutes, seconds=seconds)


def _range(args: argparse.Namespace, settings: StationSettings) -> tuple[dt.date, dt.date]:
    from radio_sched.schedule.service import station_now, week_of

    monday, sunday = week_of(station_now(settings).date())
    first = parse_date(args.first) if args.first else monday
    last = (
        parse_date(args.last)
        if args.last
        else (sunday if not args.first else first + dt.timedelta(days=6))
    )
    if last < first:
        raise UserError(f"Ngày kết thúc {last:%d/%m/%Y} trước ngày bắt đầu {first:%d/%m/%Y}.")
    return first, last


def _who(by: str | None) -> str:
    if by:
        return by
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return os.environ.get("USER", "không rõ")


def _relative_to_home(path: Path) -> str:
    from radio_sched import locations

    try:
        return str(path.resolve().relative_to(locations.station_home().resolve()))
    except ValueError:
        return str(path.resolve())


def _fmt_seconds(seconds: float | None) -> str:
    if not seconds:
        return "—"
    whole = int(round(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


# -- station -------------------------------------------------------------------------------


def _station_init(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from radio_sched import locations
    from radio_sched.config import StationSettings, save_settings, settings_from_dict

    path = locations.settings_file()
    if path.exists() and not args.force:
        raise UserError(f"{path} đã có. Dùng --force để ghi đè, hoặc sửa trực tiếp tệp này.")
    try:
        settings_from_dict({"timezone": args.timezone})
    except ValueError as error:
        raise UserError(
            f"Múi giờ không tồn tại: {args.timezone!r} (ví dụ Asia/Ho_Chi_Minh)."
        ) from error
    settings = replace(
        StationSettings(),
        name=args.name,
        district=args.district,
        province=args.province,
        timezone=args.timezone,
    )
    save_settings(settings, path)
    print(f"Đã tạo cài đặt của đài: {path}")
    return 0


def _station_show(args: argparse.Namespace) -> int:
    from radio_sched import locations
    from radio_sched.config import render_settings

    settings = _settings()
    path = locations.settings_file()
    origin = str(path) if path.exists() else f"{path} (chưa có, đang dùng mặc định)"
    print(f"# Tệp: {origin}")
    print(render_settings(settings), end="")
    return 0


# -- programs ------------------------------------------------------------------------------


def _program_add_audio(args: argparse.Namespace) -> int:
    from radio_sched import locations
    from radio_sched.atomic import atomic_open
    from radio_sched.schedule.player import PlaybackError, audio_duration
    from radio_sched.store.programs import ProgramRow, bump_revision, utcnow

    source: Path = args.file
    if not source.is_file():
        raise UserError(f"Không tìm thấy tệp {source}. Hãy kiểm tra đường dẫn.")
    try:
        duration = audio_duration(source)
    except PlaybackError as error:
        raise UserError(f"{error}. Hãy dùng tệp MP3, WAV, FLAC hoặc OGG còn nguyên vẹn.") from error
    if duration <= 0:
        raise UserError(f"Tệp {source} không có âm thanh (thời lượng 0). Hãy chọn tệp khác.")
    settings = _settings()
    first, last = _window(args)
    store = _store(settings)
    try:
        with store.session() as session:
            row = ProgramRow(
                title=args.title,
                kind="audio",
                duration_seconds=duration,
                priority=args.priority or "normal",
                campaign_start=first,
                campaign_end=last,
                per_day=args.per_day,
            )
            if not args.draft:
                row.approved_at, row.approved_by = utcnow(), _who(args.by)
            session.add(row)
            session.flush()
            slug = re.sub(r"[^\w.-]+", "_", source.stem, flags=re.UNICODE)[:60]
            target = locations.programs_dir() / f"{row.id:04d}-{slug}{source.suffix.lower()}"
            # Copied into the station home so the program survives the original being moved.
            with source.open("rb") as reader, atomic_open(target) as writer:
                while chunk := reader.read(1 << 20):
                    writer.write(chunk)
            row.audio_path = _relative_to_home(target)
            bump_revision(session)
            program_id = row.id
    finally:
        store.dispose()
    if args.json:
        print(json.dumps({"program_id": program_id, "duration_seconds": duration}))
    else:
        state = "chưa duyệt" if args.draft else "đã duyệt"
        print(
            f"Đã nhập chương trình {program_id}: {args.title} ({_fmt_seconds(duration)}, {state})."
        )
    return 0


def _window(args: argparse.Namespace) -> tuple[dt.date | None, dt.date | None]:
    first = parse_date(args.first) if args.first else None
    last = parse_date(args.last) if args.last else None
    if first and last and last < first:
        raise UserError(f"Ngày cuối {last:%d/%m/%Y} trước ngày bắt đầu {first:%d/%m/%Y}.")
    if args.per_day is not None and args.per_day < 0:
        raise UserError("--per-day phải là số không âm.")
    return first, last


def _program_list(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from radio_sched.store.programs import ProgramRow

    settings = _settings()
    store = _store(settings)
    with store.session() as session:
        rows = list(session.scalars(select(ProgramRow).order_by(ProgramRow.id)))
    store.dispose()
    records: list[dict[str, Any]] = [
        {
            "program_id": r.id,
            "title": r.title,
            "kind": r.kind,
            "script_id": r.script_id,
            "priority": r.priority,
            "from": r.campaign_start.isoformat() if r.campaign_start else None,
            "to": r.campaign_end.isoformat() if r.campaign_end else None,
            "per_day": r.per_day,
            "duration_seconds": r.duration_seconds or r.estimated_seconds,
            "audio_path": r.audio_path,
            "approved_by": r.approved_by,
            "approved_at": r.approved_at.isoformat() if r.approved_at else None,
            "enabled": r.enabled,
        }
        for r in rows
    ]
    if args.json:
        print(json.dumps({"programs": records}, ensure_ascii=False, indent=2))
        return 0
    if not records:
        print("Chưa có chương trình nào. Dùng `radio-sched approve ID` hoặc `program add-audio`.")
    for rec in records:
        window = f"{rec['from'] or '…'} → {rec['to'] or '…'}"
        state = f"duyệt bởi {rec['approved_by']}" if rec["approved_at"] else "chưa duyệt"
        if not rec["enabled"]:
            state += ", tạm ngừng"
        print(
            f"{rec['program_id']:>4}  {rec['title']}  [{rec['priority']}] "
            f"{_fmt_seconds(rec['duration_seconds'])}  {rec['per_day'] or 'mặc định'} lần/ngày  "
            f"{window}  ({state})"
        )
    return 0


def _program_set(args: argparse.Namespace) -> int:
    from radio_sched.store.programs import ProgramRow, bump_revision

    settings = _settings()
    first, last = _window(args)
    store = _store(settings)
    try:
        with store.session() as session:
            row = session.get(ProgramRow, args.program_id)
            if row is None:
                raise UserError(
                    f"Không có chương trình {args.program_id}. Xem `radio-sched program list`."
                )
            if args.title:
                row.title = args.title
            if first is not None:
                row.campaign_start = first
            if last is not None:
                row.campaign_end = last
            if args.per_day is not None:
                row.per_day = args.per_day
            if args.priority:
                row.priority = args.priority
            if args.disable:
                row.enabled = False
            if args.enable:
                row.enabled = True
            bump_revision(session)
    finally:
        store.dispose()
    print(f"Đã cập nhật chương trình {args.program_id}.")
    return 0


def _approve(args: argparse.Namespace) -> int:
    from radio_sched.store.programs import ProgramRow, bump_revision, utcnow

    settings = _settings()
    store = _store(settings)
    who = _who(args.by)
    try:
        if args.program is not None:
            with store.session() as session:
                row = session.get(ProgramRow, args.program)
                if row is None:
                    raise UserError(
                        f"Không có chương trình {args.program}. Xem `radio-sched program list`."
                    )
                row.approved_at, row.approved_by = utcnow(), who
                if args.priority:
                    row.priority = args.priority
                if args.per_day is not None:
                    row.per_day = args.per_day
                bump_revision(session)
            print(f"Đã duyệt chương trình {args.program} (người duyệt: {who}).")
            return 0
        if args.script_id is None:
            raise UserError(
                "Hãy cho mã kịch bản: `radio-sched approve ID` (xem `radio-sched list`)."
            )
        program_id, version = approve_script(
            store,
            args.script_id,
            who,
            priority=args.priority,
            per_day=args.per_day,
        )
        print(f"Đã duyệt kịch bản {args.script_id} phiên bản {version} (người duyệt: {who}).")
        if not args.no_render:
            _render_program(store, settings, args.script_id)
        print(f"Chương trình {program_id} sẽ được lên lịch.")
    finally:
        store.dispose()
    return 0


def approve_script(
    store: Store,
    script_id: int,
    who: str,
    *,
    priority: str | None = None,
    per_day: int | None = None,
) -> tuple[int, int]:
    """Record the approval on the script and create or refresh its program."""
    from sqlalchemy import select

    from radio_sched.store.documents import ScriptRow
    from radio_sched.store.programs import ProgramRow, bump_revision, utcnow

    with store.session() as session:
        script = session.get(ScriptRow, script_id)
        if script is None or not script.versions:
            raise UserError(f"Không có kịch bản {script_id}. Xem `radio-sched list`.")
        version = script.latest
        now = utcnow()
        script.approved_at, script.approved_by = now, who
        script.approved_version = version.version
        program = session.scalar(select(ProgramRow).where(ProgramRow.script_id == script_id))
        if program is None:
            program = ProgramRow(kind="script", script_id=script_id, title=script.title)
            session.add(program)
        if program.script_version != version.version:
            # A new version makes the old audio wrong: it must be rendered again.
            program.audio_path, program.duration_seconds = None, None
        program.title = script.title
        program.script_version = version.version
        program.estimated_seconds = version.estimated_seconds
        program.approved_at, program.approved_by = now, who
        directive = script.directive
        if directive is not None:
            program.directive_id = directive.id
            program.campaign_start = directive.campaign_start
            program.campaign_end = directive.campaign_end
            if program.per_day is None:
                program.per_day = directive.frequency_per_day
        if priority:
            program.priority = priority
        if per_day is not None:
            program.per_day = per_day
        bump_revision(session)
        session.flush()
        return program.id, version.version


def _render_program(store: Store, settings: StationSettings, script_id: int) -> None:
    """Attach the latest render of the approved version, rendering it if there is none."""
    try:
        from radio_sched.audio import programs as audio_programs
    except ImportError:
        print(
            "Chưa tạo được âm thanh (mô-đun âm thanh chưa sẵn sàng); lịch dùng thời lượng ước tính."
        )
        return
    from sqlalchemy import select

    from radio_sched.store.documents import ScriptRow
    from radio_sched.store.programs import ProgramRow, bump_revision

    with store.session() as session:
        script = session.get(ScriptRow, script_id)
        approved = script.approved_version if script else None
        render = audio_programs.latest_render(session, script_id)
        path: str | None = None
        duration: float | None = None
        if render is not None and render.version == approved:
            path, duration = render.path, render.duration_seconds
    if path is None:
        print("Đang tạo âm thanh cho kịch bản đã duyệt…")
        result = audio_programs.render_stored_script(
            store, script_id, engine=settings.engine, settings=settings
        )
        path, duration = str(result.path), float(result.duration_seconds)
    with store.session() as session:
        program = session.scalar(select(ProgramRow).where(ProgramRow.script_id == script_id))
        if program is not None:
            program.audio_path = _relative_to_home(Path(path))
            program.duration_seconds = duration
            bump_revision(session)
    print(f"Âm thanh: {path} ({_fmt_seconds(duration)}).")


# -- pins and emergencies --------------------------------------------------------------------


def _pin(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from radio_sched.store.programs import PinRow, ProgramRow, bump_revision

    settings = _settings()
    day = parse_date(args.date)
    if args.slot not in {slot.name for slot in settings.slots}:
        names = ", ".join(slot.name for slot in settings.slots)
        raise UserError(f"Không có khung giờ {args.slot!r} trong station.toml (có: {names}).")
    store = _store(settings)
    try:
        with store.session() as session:
            if session.get(ProgramRow, args.program_id) is None:
                raise UserError(
                    f"Không có chương trình {args.program_id}. Xem `radio-sched program list`."
                )
            existing = session.scalar(
                select(PinRow).where(
                    PinRow.program_id == args.program_id,
                    PinRow.day == day,
                    PinRow.slot == args.slot,
                )
            )
            if existing is None:
                session.add(
                    PinRow(
                        program_id=args.program_id, day=day, slot=args.slot, position=args.position
                    )
                )
            else:
                existing.position = args.position
            bump_revision(session)
    finally:
        store.dispose()
    print(f"Đã ghim chương trình {args.program_id} vào khung {args.slot} ngày {day:%d/%m/%Y}.")
    return 0


def _unpin(args: argparse.Namespace) -> int:
    from sqlalchemy import delete

    from radio_sched.store.programs import PinRow, bump_revision

    settings = _settings()
    day = parse_date(args.date)
    store = _store(settings)
    try:
        with store.session() as session:
            result = session.execute(
                delete(PinRow).where(
                    PinRow.program_id == args.program_id,
                    PinRow.day == day,
                    PinRow.slot == args.slot,
                )
            )
            if not getattr(result, "rowcount", 0):
                raise UserError("Không có ghim nào như vậy. Xem `radio-sched plan`.")
            bump_revision(session)
    finally:
        store.dispose()
    print("Đã bỏ ghim.")
    return 0


def _emergency(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from radio_sched.store.programs import EmergencyRow, ProgramRow, aware, bump_revision

    settings = _settings()
    store = _store(settings)
    try:
        if args.list:
            with store.session() as session:
                rows = list(
                    session.scalars(select(EmergencyRow).where(EmergencyRow.cancelled.is_(False)))
                )
                for row in rows:
                    start = aware(row.start).astimezone(settings.zone)
                    repeats = (
                        f", mỗi {int(row.every_seconds // 60)} phút" if row.every_seconds else ""
                    )
                    until = (
                        f" đến {aware(row.until).astimezone(settings.zone):%H:%M %d/%m}"
                        if row.until
                        else ""
                    )
                    print(
                        f"{row.id:>4}  chương trình {row.program_id}  "
                        f"từ {start:%H:%M:%S %d/%m}{repeats}{until}"
                    )
                if not rows:
                    print("Không có lệnh khẩn cấp nào.")
            return 0
        if args.cancel is not None:
            with store.session() as session:
                cancelled = session.get(EmergencyRow, args.cancel)
                if cancelled is None:
                    raise UserError(
                        f"Không có lệnh khẩn cấp {args.cancel}. Xem `radio-sched emergency --list`."
                    )
                cancelled.cancelled = True
                bump_revision(session)
            print(f"Đã huỷ lệnh khẩn cấp {args.cancel}.")
            return 0
        if args.program_id is None:
            raise UserError(
                "Hãy cho mã chương trình: `radio-sched emergency ID --every 10m --for 2h`."
            )
        now = dt.datetime.now(settings.zone)
        start = now
        if args.at:
            try:
                at = dt.time.fromisoformat(args.at)
            except ValueError as error:
                raise UserError(f"Giờ không hợp lệ: {args.at!r}. Hãy viết 14:30.") from error
            start = dt.datetime.combine(now.date(), at, tzinfo=settings.zone)
        every: dt.timedelta | None = parse_span(args.every) if args.every else None
        span: dt.timedelta | None = parse_span(args.duration) if args.duration else None
        if every and not span:
            span = dt.timedelta(hours=1)
        with store.session() as session:
            program = session.get(ProgramRow, args.program_id)
            if program is None:
                raise UserError(
                    f"Không có chương trình {args.program_id}. Xem `radio-sched program list`."
                )
            row = EmergencyRow(
                program_id=program.id,
                start=start.astimezone(dt.UTC),
                every_seconds=every.total_seconds() if every else None,
                until=(start + span).astimezone(dt.UTC) if span else None,
                created_by=_who(None),
            )
            session.add(row)
            bump_revision(session)
            session.flush()
            emergency_id, title = row.id, program.title
    finally:
        store.dispose()
    repeat = f", nhắc lại mỗi {args.every} trong {args.duration or '1h'}" if every else ""
    print(f"Lệnh khẩn cấp {emergency_id}: phát “{title}” lúc {start:%H:%M:%S}{repeat}.")
    return 0


# -- plan and exports ----------------------------------------------------------------------


def _plan(args: argparse.Namespace) -> int:
    from radio_sched.schedule import exports
    from radio_sched.schedule.service import load_plan

    settings = _settings()
    first, last = _range(args, settings)
    store = _store(settings)
    try:
        plan = load_plan(store, settings, first, last)
    finally:
        store.dispose()
    if args.ics:
        exports.write_ics(plan, args.ics, settings)
        print(f"Đã ghi lịch: {args.ics}", file=sys.stderr)
    if args.m3u:
        written = exports.write_m3u(plan, args.m3u)
        print(f"Đã ghi {len(written)} danh sách phát vào {args.m3u}", file=sys.stderr)
    if args.json:
        print(json.dumps(exports.plan_to_dict(plan), ensure_ascii=False, indent=2))
    elif not (args.ics or args.m3u):
        exports.print_grid(plan, first, last, settings)
    return 0


# -- daemon --------------------------------------------------------------------------------


def _daemon(args: argparse.Namespace) -> int:
    import logging

    from radio_sched.schedule.daemon import run_daemon
    from radio_sched.schedule.player import PlaybackError, make_player

    settings = _settings()
    kind = "file" if args.dry_run else (args.player or settings.player)
    command = shlex.split(args.player_command) if args.player_command else settings.player_command
    try:
        player = make_player(kind, command=command, sink=args.sink)
    except PlaybackError as error:
        raise UserError(f"{error} (tệp cài đặt station.toml, trường player)") from error
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(message)s")

    def say(message: str) -> None:
        stamp = dt.datetime.now(settings.zone).strftime("%H:%M:%S.%f")[:-3]
        print(f"[{stamp}] {message}", flush=True)

    return run_daemon(settings, player, exit_after=args.exit_after, grace=args.grace, say=say)


# -- as-run and report ---------------------------------------------------------------------


def _asrun(args: argparse.Namespace) -> int:
    from radio_sched.report import asrun_records

    settings = _settings()
    first, last = _range(args, settings)
    store = _store(settings)
    try:
        records = asrun_records(store, settings, first, last)
    finally:
        store.dispose()
    if args.json:
        print(json.dumps({"asrun": records}, ensure_ascii=False, indent=2))
        return 0
    if not records:
        print(f"Chưa có gì trong nhật ký phát từ {first:%d/%m/%Y} đến {last:%d/%m/%Y}.")
    labels = {
        "played": "đã phát",
        "missed": "bỏ lỡ",
        "failed": "lỗi",
        "skipped": "bỏ qua",
        "playing": "đang phát",
    }
    for rec in records:
        start = dt.datetime.fromisoformat(str(rec["scheduled_start"]))
        actual = (
            f" (bắt đầu {dt.datetime.fromisoformat(str(rec['started_at'])):%H:%M:%S})"
            if rec["started_at"]
            else ""
        )
        reason = f" — {rec['reason']}" if rec["reason"] else ""
        outcome = labels.get(str(rec["outcome"]), str(rec["outcome"]))
        print(
            f"{start:%d/%m %H:%M:%S}  {rec['slot']:<10} {outcome:<9} {rec['title']}{actual}{reason}"
        )
    return 0


def _report(args: argparse.Namespace) -> int:
    from radio_sched import locations
    from radio_sched.report import build_report, write_report

    settings = _settings()
    first, last = _range(args, settings)
    store = _store(settings)
    try:
        report = build_report(store, settings, first, last, number=args.number)
    finally:
        store.dispose()
    output = (
        args.output
        or locations.exports_dir() / f"bao-cao_{first:%Y%m%d}-{last:%Y%m%d}.{args.format}"
    )
    write_report(report, output, args.format)
    print(f"Đã ghi báo cáo: {output}")
    return 0
