"""`radio-sched station`: the station's settings (name, district, zone, slots, dialect)."""

from __future__ import annotations

import argparse
from typing import Any

from radio_sched.cli.common import named_station_settings, station_settings
from radio_sched.errors import UserError


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
    change.add_argument(
        "--engine", choices=["auto", "gtts", "piper", "offline"], help="Giọng đọc của đài"
    )
    change.add_argument(
        "--piper-model", help="Tệp giọng Piper (.onnx): tên trong thư mục voices hoặc đường dẫn"
    )
    change.set_defaults(handler=_station_set)


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

    settings = named_station_settings()
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
    changes.update(
        (key, value)
        for key, value in (("engine", args.engine), ("piper_model", args.piper_model))
        if value is not None
    )
    if {"engine", "piper_model"} & set(changes):
        from radio_sched.audio.piper_engine import check_piper_choice

        check_piper_choice(replace(settings, **changes))
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

    settings = station_settings()
    path = locations.settings_file()
    origin = str(path) if path.exists() else f"{path} (chưa có, đang dùng mặc định)"
    print(f"# Tệp: {origin}")
    print(render_settings(settings), end="")
    return 0
