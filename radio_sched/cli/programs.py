"""`radio-sched program` (add-audio, list, set) and `radio-sched approve`: what may air."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from radio_sched import durations
from radio_sched.cli.common import parse_date, station_settings, station_store
from radio_sched.errors import UserError
from radio_sched.operator import operator_name
from radio_sched.schedule.model import Priority


def add_priority_option(parser: argparse.ArgumentParser, **options: Any) -> None:
    parser.add_argument("--priority", choices=[p.value for p in Priority], **options)


def _priority(args: argparse.Namespace) -> Priority | None:
    return Priority(args.priority) if args.priority else None


def register(subparsers: Any) -> None:
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
    add_priority_option(approve)
    approve.add_argument("--per-day", type=int)
    approve.add_argument("--no-render", action="store_true", help="Không tạo âm thanh lúc duyệt")
    approve.set_defaults(handler=_approve)


def _add_window_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="first", help="Ngày bắt đầu phát")
    parser.add_argument("--to", dest="last", help="Ngày cuối phát")
    parser.add_argument("--per-day", type=int, help="Số lần phát mỗi ngày")
    add_priority_option(parser, help="Mức ưu tiên")


def _window(args: argparse.Namespace) -> tuple[dt.date | None, dt.date | None]:
    first = parse_date(args.first) if args.first else None
    last = parse_date(args.last) if args.last else None
    if first and last and last < first:
        raise UserError(f"Ngày cuối {last:%d/%m/%Y} trước ngày bắt đầu {first:%d/%m/%Y}.")
    if args.per_day is not None and args.per_day < 0:
        raise UserError("--per-day phải là số không âm.")
    return first, last


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
    settings = station_settings()
    first, last = _window(args)
    with station_store(settings) as store:
        program_id = operations.add_audio_program(
            store,
            source,
            args.title,
            duration,
            first=first,
            last=last,
            per_day=args.per_day,
            priority=_priority(args) or Priority.NORMAL,
            approved_by=None if args.draft else operator_name(args.by),
        )
    if args.json:
        print(json.dumps({"program_id": program_id, "duration_seconds": duration}))
    else:
        state = "chưa duyệt" if args.draft else "đã duyệt"
        print(
            f"Đã nhập chương trình {program_id}: {args.title} "
            f"({durations.short(duration)}, {state})."
        )
    return 0


def _program_list(args: argparse.Namespace) -> int:
    from radio_sched.schedule import operations

    with station_store(station_settings()) as store:
        programs = operations.list_programs(store)
    if args.json:
        records = [program.as_json() for program in programs]
        print(json.dumps({"programs": records}, ensure_ascii=False, indent=2))
        return 0
    if not programs:
        print("Chưa có chương trình nào. Dùng `radio-sched approve ID` hoặc `program add-audio`.")
    for p in programs:
        window = f"{p.first or '…'} → {p.last or '…'}"
        state = f"duyệt bởi {p.approved_by}" if p.approved_at else "chưa duyệt"
        if not p.enabled:
            state += ", tạm ngừng"
        if p.audio_missing:
            state += ", THIẾU ÂM THANH"
            print(
                f"Cảnh báo: chương trình {p.program_id} «{p.title}» chưa có âm thanh "
                "(hoặc tệp âm thanh đã mất) nên sẽ không phát được. Hãy tạo lại âm thanh.",
                file=sys.stderr,
            )
        print(
            f"{p.program_id:>4}  {p.title}  [{p.priority.value}] "
            f"{durations.short(p.duration_seconds)}  {p.per_day or 'mặc định'} lần/ngày  "
            f"{window}  ({state})"
        )
    return 0


def _program_set(args: argparse.Namespace) -> int:
    from radio_sched.schedule import operations

    first, last = _window(args)
    enabled = True if args.enable else False if args.disable else None
    with station_store(station_settings()) as store:
        operations.update_program(
            store,
            args.program_id,
            title=args.title,
            first=first,
            last=last,
            per_day=args.per_day,
            priority=_priority(args),
            enabled=enabled,
        )
    print(f"Đã cập nhật chương trình {args.program_id}.")
    return 0


def _approve(args: argparse.Namespace) -> int:
    from radio_sched.schedule import operations

    settings = station_settings()
    who = operator_name(args.by)
    with station_store(settings) as store:
        if args.program is not None:
            operations.approve_program(
                store, args.program, who, priority=_priority(args), per_day=args.per_day
            )
            print(f"Đã duyệt chương trình {args.program} (người duyệt: {who}).")
            return 0
        if args.script_id is None:
            raise UserError(
                "Hãy cho mã kịch bản: `radio-sched approve ID` (xem `radio-sched list`)."
            )
        if args.no_render:
            program_id, version = operations.approve_script(
                store,
                args.script_id,
                who,
                priority=_priority(args),
                per_day=args.per_day,
                today=settings.now().date(),
            )
            audio = None
        else:
            # The approval is recorded after the audio is rendered, together with it.
            approval = operations.approve_and_render(
                store, settings, args.script_id, who, priority=_priority(args), per_day=args.per_day
            )
            program_id, version = approval.program_id, approval.version
            audio = (approval.audio_path, approval.duration_seconds or 0.0)
    print(f"Đã duyệt kịch bản {args.script_id} phiên bản {version} (người duyệt: {who}).")
    if audio is not None:
        print(f"Âm thanh: {audio[0]} ({durations.short(audio[1])}).")
    else:
        print("Chưa có âm thanh: chương trình chưa phát được cho đến khi tạo âm thanh.")
    print(f"Chương trình {program_id} sẽ được lên lịch.")
    return 0
