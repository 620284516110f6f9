"""`radio-sched emergency`: air a program now, interrupting the plan, then repeat it."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from radio_sched.cli.common import named_station_settings, parse_span, station_store
from radio_sched.errors import UserError
from radio_sched.operator import operator_name


def register(subparsers: Any) -> None:
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


def _emergency(args: argparse.Namespace) -> int:
    from radio_sched.schedule import operations

    settings = named_station_settings()
    if args.list:
        with station_store(settings) as store:
            orders = operations.active_emergencies(store, settings)
        for order in orders:
            repeats = f", mỗi {order.every.total_seconds() // 60:.0f} phút" if order.every else ""
            until = f" đến {order.until:%H:%M %d/%m}" if order.until else ""
            print(
                f"{order.emergency_id:>4}  chương trình {order.program_id}  "
                f"từ {order.start:%H:%M:%S %d/%m}{repeats}{until}"
            )
        if not orders:
            print("Không có lệnh khẩn cấp nào.")
        return 0
    if args.cancel is not None:
        with station_store(settings) as store:
            operations.cancel_emergency(store, args.cancel)
        print(f"Đã huỷ lệnh khẩn cấp {args.cancel}.")
        return 0
    if args.program_id is None:
        raise UserError("Hãy cho mã chương trình: `radio-sched emergency ID --every 10m --for 2h`.")
    start = settings.now()
    if args.at:
        try:
            at = dt.time.fromisoformat(args.at)
        except ValueError as error:
            raise UserError(f"Giờ không hợp lệ: {args.at!r}. Hãy viết 14:30.") from error
        start = dt.datetime.combine(start.date(), at, tzinfo=settings.zone)
    every = parse_span(args.every) if args.every else None
    span = parse_span(args.duration) if args.duration else None
    with station_store(settings) as store:
        emergency_id = operations.declare_emergency(
            store,
            settings,
            args.program_id,
            start=start,
            every=every,
            span=span,
            who=operator_name(),
        )
    repeat = f", nhắc lại mỗi {args.every} trong {args.duration or '1h'}" if every else ""
    print(
        f"Lệnh khẩn cấp {emergency_id}: phát chương trình {args.program_id} "
        f"lúc {start:%H:%M:%S}{repeat}."
    )
    return 0
