"""`radio-sched plan`, `pin`, `unpin`: the week's plan, its exports, and where a program is held."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from radio_sched.cli.common import (
    add_range_options,
    date_range,
    named_station_settings,
    parse_date,
    station_settings,
    station_store,
)
from radio_sched.errors import UserError

if TYPE_CHECKING:
    from radio_sched.config import StationSettings


def register(subparsers: Any) -> None:
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

    plan = subparsers.add_parser("plan", help="Lịch phát theo ngày và khung giờ")
    add_range_options(plan)
    plan.add_argument("--json", action="store_true", help="In JSON")
    plan.add_argument("--ics", type=Path, help="Ghi lịch ra tệp .ics")
    plan.add_argument(
        "--m3u", type=Path, metavar="THƯ_MỤC", help="Ghi danh sách phát M3U mỗi khung"
    )
    plan.set_defaults(handler=_plan)


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

    settings = station_settings()
    day = parse_date(args.date)
    slot = _slot_name(settings, args.slot)
    with station_store(settings) as store:
        operations.pin_program(store, args.program_id, day, slot, args.position)
    print(f"Đã ghim chương trình {args.program_id} vào khung {slot} ngày {day:%d/%m/%Y}.")
    return 0


def _unpin(args: argparse.Namespace) -> int:
    from radio_sched.schedule import operations

    settings = station_settings()
    day = parse_date(args.date)
    slot = _slot_name(settings, args.slot)
    with station_store(settings) as store:
        operations.unpin_program(store, args.program_id, day, slot)
    print("Đã bỏ ghim.")
    return 0


def _plan(args: argparse.Namespace) -> int:
    from radio_sched.schedule import exports, operations
    from radio_sched.schedule.service import load_plan

    settings = named_station_settings()
    first, last = date_range(args, settings)
    with station_store(settings) as store:
        plan = load_plan(store, settings, first, last)
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
