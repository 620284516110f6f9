"""`radio-sched link`: the commune's link to its hub (sync once, set up, read the notices)."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from radio_sched.cli.common import named_station_settings, station_store
from radio_sched.errors import UserError

RESULT_WORDS = {
    "imported": "gói đã nhập",
    "duplicate": "đã nhận từ trước",
    "shown": "thông báo",
    "queued": "tin khẩn cấp",
    "refused": "bị từ chối",
}


def register(subparsers: Any) -> None:
    link = subparsers.add_parser(
        "link",
        help="Nối với trung tâm: nhận gói, thông báo, tin khẩn; gửi nhật ký phát",
        description=(
            "Không có lệnh con: nối một lần với trung tâm (nhận tin đang chờ, gửi nhật ký phát, "
            "rồi ngắt). Khi radio-sched daemon chạy, đài tự nối, không cần lệnh này."
        ),
    )
    link.add_argument(
        "--wait", type=float, default=60.0, metavar="GIÂY", help="Chờ tối đa (mặc định 60 giây)"
    )
    link.set_defaults(handler=_sync)
    commands = link.add_subparsers(dest="link_command", metavar="LỆNH")

    setup = commands.add_parser("setup", help="Ghi cách nối với trung tâm và tạo khoá của đài")
    setup.add_argument(
        "--hub", required=True, metavar="MÃ_TRUNG_TÂM", help='Mã trung tâm, ví dụ "tinh-dong-nai"'
    )
    setup.add_argument(
        "--station", required=True, metavar="MÃ_ĐÀI", help='Mã của đài, ví dụ "xa-tan-thanh"'
    )
    setup.add_argument(
        "--host", required=True, metavar="MÁY_CHỦ", help="Máy chủ MQTT của trung tâm"
    )
    setup.add_argument(
        "--port", type=int, metavar="CỔNG", help="Cổng (mặc định 8883 có TLS, 1883 không TLS)"
    )
    setup.add_argument("--ca", type=Path, metavar="TỆP", help="Chứng chỉ CA (PEM) để dùng TLS")
    setup.add_argument(
        "--user", default="", metavar="TÊN", help="Tên đăng nhập MQTT (mặc định: mã đài)"
    )
    secret = setup.add_mutually_exclusive_group()
    secret.add_argument("--password", metavar="MẬT_KHẨU", help="Mật khẩu MQTT trung tâm cấp")
    secret.add_argument(
        "--password-file", type=Path, metavar="TỆP", help="Đọc mật khẩu từ tệp (dòng đầu)"
    )
    setup.set_defaults(handler=_setup)

    notices = commands.add_parser("notices", help="Thông báo của trung tâm")
    notices.add_argument("--all", action="store_true", help="Cả thông báo đã đọc")
    notices.set_defaults(handler=_notices)


def _setup(args: argparse.Namespace) -> int:
    from radio_sched.keys import format_fingerprint
    from radio_sched.link import operations

    settings = named_station_settings()
    password = args.password
    if args.password_file is not None:
        try:
            password = args.password_file.read_text(encoding="utf-8").splitlines()[0].strip()
        except (OSError, UnicodeDecodeError, IndexError) as error:
            raise UserError(f"{args.password_file}: không đọc được mật khẩu ({error}).") from error
    result = operations.setup_link(
        settings,
        hub=args.hub,
        station=args.station,
        host=args.host,
        port=args.port,
        ca_file=args.ca,
        user=args.user,
        password=password,
    )
    print(f"Đã ghi cách nối với trung tâm {args.hub} vào {result.settings_path} (mục [link]).")
    if result.password_path is not None:
        print(f"Mật khẩu MQTT lưu ở {result.password_path} (chỉ chủ tài khoản đọc được).")
    made = "Đã tạo khoá của đài" if result.new_key else "Khoá của đài (đã có từ trước)"
    print(f"{made}: {result.public_key_path}")
    print(f"Dấu vân tay: {format_fingerprint(result.public_key.fingerprint)}")
    print(
        f"Gửi tệp khoá này cho trung tâm để đăng ký đài {args.station}, và đọc dấu vân tay qua "
        "điện thoại để đối chiếu."
    )
    if not result.hub_trusted:
        print(
            "Chưa tin cậy khoá nào của trung tâm: hãy chạy radio-sched keys trust TỆP_KHOÁ "
            '--fingerprint "…" với khoá trung tâm gửi.',
            file=sys.stderr,
        )
    print("Thử nối ngay: radio-sched link")
    return 0


def _sync(args: argparse.Namespace) -> int:
    from radio_sched.link import operations

    settings = named_station_settings()
    with _log_to_file() as log_file, station_store(settings) as store:
        link, summary = operations.sync_link(store, settings, deadline=args.wait)
        unread = len(operations.notices(store, settings, unread_only=True))
    where = f"trung tâm {link.hub} ({link.host}:{link.port})"
    if not summary.connected:
        print(
            f"Không nối được với {where} sau {args.wait:.0f} giây. Hãy kiểm tra mạng và mục "
            "[link] trong station.toml; đài vẫn phát bình thường.",
            file=sys.stderr,
        )
        print(f"Còn {summary.rows_waiting} dòng nhật ký phát chờ gửi.")
        return 1
    total = sum(summary.received.values())
    parts = [
        f"{count} {RESULT_WORDS.get(result, result)}" for result, count in summary.received.items()
    ]
    received = f"nhận {total} tin" + (f" ({', '.join(parts)})" if parts else "")
    print(
        f"Đã nối với {where}: {received}; gửi {summary.rows_delivered} dòng nhật ký phát, "
        f"còn {summary.rows_waiting} dòng chờ gửi."
    )
    if summary.received.get("refused"):
        print(f"Lý do từ chối từng tin ghi trong {log_file}.", file=sys.stderr)
    if unread:
        print(f"Có {unread} thông báo chưa đọc: radio-sched link notices")
    return 0


@contextlib.contextmanager
def _log_to_file() -> Iterator[Path]:
    """Every event of the link into logs/link.log; refusals and problems on the console too."""
    import logging

    from radio_sched import locations

    path = locations.logs_dir() / "link.log"
    logger = logging.getLogger("radio_sched.link")
    level = logger.level
    logger.setLevel(logging.INFO)
    to_file = logging.FileHandler(path, encoding="utf-8")
    to_file.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    console = logging.StreamHandler()
    console.setLevel(logging.WARNING)
    logger.addHandler(to_file)
    logger.addHandler(console)
    try:
        yield path
    finally:
        logger.removeHandler(to_file)
        logger.removeHandler(console)
        logger.setLevel(level)
        to_file.close()


def _notices(args: argparse.Namespace) -> int:
    from radio_sched.link import operations

    settings = named_station_settings()
    with station_store(settings) as store:
        shown = operations.notices(store, settings, unread_only=not args.all)
        operations.mark_notices_read(store, [notice.notice_id for notice in shown])
    if not shown:
        print("Không có thông báo mới của trung tâm." if not args.all else "Chưa có thông báo nào.")
    for notice in shown:
        print(f"[{notice.received_at:%H:%M %d/%m/%Y}] {notice.title} (từ {notice.sender})")
        for line in notice.text.splitlines():
            print(f"    {line}")
    return 0
