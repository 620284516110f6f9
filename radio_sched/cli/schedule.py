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

from radio_sched import durations
from radio_sched.cli.common import open_station_store
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
    change = station_sub.add_parser("set", help="Sửa tên, huyện, khung giờ hoặc cách đọc số")
    change.add_argument("--name", help='Tên xã, ví dụ "Xã Tân Thành"')
    change.add_argument("--district", help="Huyện/thị xã")
    change.add_argument("--province", help="Tỉnh/thành phố")
    change.add_argument(
        "--slots", help='Khung giờ, ví dụ "Sáng 6h-6h30, Chiều 17h-17h30" (thay toàn bộ)'
    )
    change.add_argument("--dialect", choices=["north", "south"], help="Cách đọc số: Bắc hoặc Nam")
    change.set_defaults(handler=_station_set)

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
    daemon.add_argument(
        "--player",
        choices=["miniaudio", "command", "file"],
        help="Cách phát (mặc định: trường player trong station.toml)",
    )
    daemon.add_argument("--player-command", help='Lệnh phát ngoài, ví dụ "mpv --no-video"')
    daemon.add_argument(
        "--sink",
        type=Path,
        metavar="THƯ_MỤC",
        help="Thư mục ghi khi --player file (mặc định: sink)",
    )
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
    from radio_sched.config import load_settings

    return load_settings()  # a bad file raises SettingsError, which names the file


def _named_settings() -> StationSettings:
    """The settings of a station the operator has named; refused otherwise, so nothing is
    planned or aired under the default name."""
    from radio_sched import locations
    from radio_sched.config import station_is_named

    if not station_is_named():
        raise UserError(
            f"Đài chưa có tên (chưa có {locations.settings_file()}): chưa lập lịch, chưa phát gì. "
            'Hãy đặt tên đài trước: radio-sched station init --name "Xã …" '
            "(hoặc mở màn hình radio-sched và điền phần cài đặt lần đầu)."
        )
    return _settings()


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
    from radio_sched.schedule.service import week_of

    monday, sunday = week_of(settings.now().date())
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


# -- station -------------------------------------------------------------------------------


def _station_init(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from radio_sched import locations
    from radio_sched.config import (
        StationSettings,
        check_text_fields,
        save_settings,
        settings_from_dict,
    )

    path = locations.settings_file()
    check_text_fields(replace(StationSettings(), name=args.name), source=path)
    if path.exists() and not args.force:
        raise UserError(
            f"{path} đã có. Sửa ở màn hình Cài đặt (F7), sửa trực tiếp tệp này, hoặc chạy lại "
            "lệnh với --force để ghi đè."
        )
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


def _station_set(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from radio_sched.config import parse_slots, save_settings
    from radio_sched.models import Dialect

    settings = _named_settings()
    changes: dict[str, Any] = {
        key: " ".join(str(value).split())
        for key, value in (
            ("name", args.name),
            ("district", args.district),
            ("province", args.province),
        )
        if value is not None
    }
    if changes.get("name") == "":
        raise UserError("Tên đài không được để trống.")
    if args.slots is not None:
        slots = parse_slots(args.slots)
        if not slots:
            raise UserError('Cần ít nhất một khung giờ, ví dụ --slots "Sáng 6h-6h30".')
        changes["slots"] = slots
    if args.dialect:
        changes["dialect"] = Dialect(args.dialect)
    if not changes:
        raise UserError("Không có gì để sửa: hãy cho --name, --district, --slots hoặc --dialect.")
    path = save_settings(replace(settings, **changes))
    print(f"Đã lưu cài đặt của đài: {path}")
    if "slots" in changes:
        print(
            "Khung giờ: "
            + ", ".join(f"{s.name} {s.start:%H:%M}-{s.end:%H:%M}" for s in changes["slots"])
        )
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
    from radio_sched.schedule import operations
    from radio_sched.schedule.player import PlaybackError, audio_duration

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
    store = open_station_store(settings)
    try:
        program_id = operations.add_audio_program(
            store,
            source,
            args.title,
            duration,
            first=first,
            last=last,
            per_day=args.per_day,
            priority=args.priority or "normal",
            approved_by=None if args.draft else _who(args.by),
        )
    finally:
        store.dispose()
    if args.json:
        print(json.dumps({"program_id": program_id, "duration_seconds": duration}))
    else:
        state = "chưa duyệt" if args.draft else "đã duyệt"
        print(
            f"Đã nhập chương trình {program_id}: {args.title} "
            f"({durations.short(duration)}, {state})."
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
    store = open_station_store(settings)
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
    from radio_sched.schedule.operations import audio_missing

    for rec in records:
        window = f"{rec['from'] or '…'} → {rec['to'] or '…'}"
        state = f"duyệt bởi {rec['approved_by']}" if rec["approved_at"] else "chưa duyệt"
        if not rec["enabled"]:
            state += ", tạm ngừng"
        if audio_missing(rec["audio_path"]):
            state += ", THIẾU ÂM THANH"
            print(
                f"Cảnh báo: chương trình {rec['program_id']} «{rec['title']}» chưa có âm thanh "
                "(hoặc tệp âm thanh đã mất) nên sẽ không phát được. Hãy tạo lại âm thanh.",
                file=sys.stderr,
            )
        print(
            f"{rec['program_id']:>4}  {rec['title']}  [{rec['priority']}] "
            f"{durations.short(rec['duration_seconds'])}  {rec['per_day'] or 'mặc định'} lần/ngày  "
            f"{window}  ({state})"
        )
    return 0


def _program_set(args: argparse.Namespace) -> int:
    from radio_sched.store.programs import ProgramRow, bump_revision

    settings = _settings()
    first, last = _window(args)
    store = open_station_store(settings)
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
    from radio_sched.schedule import operations

    settings = _settings()
    store = open_station_store(settings)
    who = _who(args.by)
    try:
        if args.program is not None:
            operations.approve_program(
                store, args.program, who, priority=args.priority, per_day=args.per_day
            )
            print(f"Đã duyệt chương trình {args.program} (người duyệt: {who}).")
            return 0
        if args.script_id is None:
            raise UserError(
                "Hãy cho mã kịch bản: `radio-sched approve ID` (xem `radio-sched list`)."
            )
        if args.no_render:
            program_id, version = operations.approve_script(
                store, args.script_id, who, priority=args.priority, per_day=args.per_day
            )
            audio = None
        else:
            # The approval is recorded after the audio is rendered, together with it.
            approval = operations.approve_and_render(
                store, settings, args.script_id, who, priority=args.priority, per_day=args.per_day
            )
            program_id, version = approval.program_id, approval.version
            audio = (approval.audio_path, approval.duration_seconds or 0.0)
        print(f"Đã duyệt kịch bản {args.script_id} phiên bản {version} (người duyệt: {who}).")
        if audio is not None:
            print(f"Âm thanh: {audio[0]} ({durations.short(audio[1])}).")
        else:
            print("Chưa có âm thanh: chương trình chưa phát được cho đến khi tạo âm thanh.")
        print(f"Chương trình {program_id} sẽ được lên lịch.")
    finally:
        store.dispose()
    return 0


# -- pins and emergencies --------------------------------------------------------------------


def _slot_name(settings: StationSettings, written: str) -> str:
    """The station's slot as the operator types it ("trưa", "TRƯA", " Trưa ")."""
    import unicodedata

    wanted = unicodedata.normalize("NFC", written).strip().casefold()
    for slot in settings.slots:
        if slot.name.casefold() == wanted:
            return slot.name
    names = ", ".join(slot.name for slot in settings.slots)
    raise UserError(f"Không có khung giờ {written!r} (đài có: {names}).")


def _pin(args: argparse.Namespace) -> int:
    from radio_sched.schedule import operations

    settings = _settings()
    day = parse_date(args.date)
    slot = _slot_name(settings, args.slot)
    store = open_station_store(settings)
    try:
        operations.pin_program(store, args.program_id, day, slot, args.position)
    finally:
        store.dispose()
    print(f"Đã ghim chương trình {args.program_id} vào khung {slot} ngày {day:%d/%m/%Y}.")
    return 0


def _unpin(args: argparse.Namespace) -> int:
    from radio_sched.schedule import operations

    settings = _settings()
    day = parse_date(args.date)
    store = open_station_store(settings)
    try:
        operations.unpin_program(store, args.program_id, day, _slot_name(settings, args.slot))
    finally:
        store.dispose()
    print("Đã bỏ ghim.")
    return 0


def _emergency(args: argparse.Namespace) -> int:
    from radio_sched.schedule import operations

    settings = _named_settings()
    store = open_station_store(settings)
    try:
        if args.list:
            _list_emergencies(store, settings)
            return 0
        if args.cancel is not None:
            operations.cancel_emergency(store, args.cancel)
            print(f"Đã huỷ lệnh khẩn cấp {args.cancel}.")
            return 0
        if args.program_id is None:
            raise UserError(
                "Hãy cho mã chương trình: `radio-sched emergency ID --every 10m --for 2h`."
            )
        start = settings.now()
        if args.at:
            try:
                at = dt.time.fromisoformat(args.at)
            except ValueError as error:
                raise UserError(f"Giờ không hợp lệ: {args.at!r}. Hãy viết 14:30.") from error
            start = dt.datetime.combine(start.date(), at, tzinfo=settings.zone)
        every = parse_span(args.every) if args.every else None
        span = parse_span(args.duration) if args.duration else None
        emergency_id = operations.declare_emergency(
            store, settings, args.program_id, start=start, every=every, span=span, who=_who(None)
        )
    finally:
        store.dispose()
    repeat = f", nhắc lại mỗi {args.every} trong {args.duration or '1h'}" if every else ""
    print(
        f"Lệnh khẩn cấp {emergency_id}: phát chương trình {args.program_id} "
        f"lúc {start:%H:%M:%S}{repeat}."
    )
    return 0


def _list_emergencies(store: Store, settings: StationSettings) -> None:
    from sqlalchemy import select

    from radio_sched.store.programs import EmergencyRow, aware

    with store.session() as session:
        rows = list(session.scalars(select(EmergencyRow).where(EmergencyRow.cancelled.is_(False))))
        for row in rows:
            start = aware(row.start).astimezone(settings.zone)
            repeats = f", mỗi {int(row.every_seconds // 60)} phút" if row.every_seconds else ""
            until = ""
            if row.until:
                until = f" đến {aware(row.until).astimezone(settings.zone):%H:%M %d/%m}"
            print(
                f"{row.id:>4}  chương trình {row.program_id}  "
                f"từ {start:%H:%M:%S %d/%m}{repeats}{until}"
            )
    if not rows:
        print("Không có lệnh khẩn cấp nào.")


# -- plan and exports ----------------------------------------------------------------------


def _plan(args: argparse.Namespace) -> int:
    from radio_sched.schedule import exports, operations
    from radio_sched.schedule.service import load_plan

    settings = _named_settings()
    first, last = _range(args, settings)
    store = open_station_store(settings)
    try:
        plan = load_plan(store, settings, first, last)
    finally:
        store.dispose()
    for program_id, title in operations.programs_without_audio(plan):
        print(
            f"Cảnh báo: chương trình {program_id} «{title}» có trong lịch nhưng chưa có âm thanh "
            "(hoặc tệp âm thanh đã mất) nên sẽ không phát được. Hãy tạo lại âm thanh "
            "(`radio-sched approve` kịch bản của nó, hoặc `program add-audio`).",
            file=sys.stderr,
        )
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

    from radio_sched import locations
    from radio_sched.schedule.daemon import run_daemon
    from radio_sched.schedule.player import MiniaudioPlayer, PlaybackError, make_player

    settings = _named_settings()
    kind = "file" if args.dry_run else (args.player or settings.player)
    command = shlex.split(args.player_command) if args.player_command else settings.player_command
    try:
        player = make_player(kind, command=command, sink=args.sink)
    except PlaybackError as error:
        raise UserError(f"{error} (tệp cài đặt station.toml, trường player)") from error
    log_file = locations.logs_dir() / "daemon.log"
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(message)s",
        handlers=[logging.FileHandler(log_file, encoding="utf-8")],
    )
    # Warnings also reach the console; the file keeps every line for the operator.
    console = logging.StreamHandler()
    console.setLevel(logging.WARNING)
    logging.getLogger().addHandler(console)
    for noisy in ("apscheduler",):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    daemon_log = logging.getLogger("radio_sched.daemon")

    def say(message: str) -> None:
        stamp = settings.now().strftime("%H:%M:%S.%f")[:-3]
        print(f"[{stamp}] {message}", flush=True)
        daemon_log.info(message)

    if isinstance(player, MiniaudioPlayer) and (problem := player.check()) is not None:
        say(
            f"Cảnh báo: {problem}. Hãy kiểm tra loa/card âm thanh, hoặc dùng --player command "
            "hay --dry-run; đài vẫn chạy và ghi lỗi vào nhật ký phát."
        )
    say(f"Nhật ký của đài: {log_file}")
    return run_daemon(settings, player, exit_after=args.exit_after, grace=args.grace, say=say)


# -- as-run and report ---------------------------------------------------------------------


def _asrun(args: argparse.Namespace) -> int:
    from radio_sched.report import asrun_records

    settings = _settings()
    first, last = _range(args, settings)
    store = open_station_store(settings)
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
    store = open_station_store(settings)
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
