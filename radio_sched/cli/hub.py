"""``radio-sched hub …``: the district's or province's office (the hub) and its communes.

Thin: every change goes through ``radio_sched.hub.operations``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from radio_sched.cli.common import add_range_options, parse_date, parse_span
from radio_sched.errors import UserError


def register(subparsers: Any) -> None:
    hub = subparsers.add_parser("hub", help="Trung tâm huyện/tỉnh: các xã, gửi gói, nhận nhật ký")
    commands = hub.add_subparsers(dest="hub_command", metavar="LỆNH")
    hub.set_defaults(handler=_help(hub))

    init = commands.add_parser("init", help="Khởi tạo trung tâm (hub.toml và cơ sở dữ liệu)")
    init.add_argument("--id", required=True, help='Mã trung tâm, ví dụ "tinh-dong-nai"')
    init.add_argument("--name", default="", help="Tên cơ quan, in ở đầu báo cáo")
    init.add_argument(
        "--database-url",
        default="",
        help="postgresql+psycopg://người_dùng@máy/cơ_sở_dữ_liệu (để trống: SQLite để thử)",
    )
    init.add_argument("--broker", default="mqtt://localhost:1883", help="Máy chủ MQTT")
    init.add_argument("--ca", default="", help="Tệp CA của máy chủ MQTT (khi dùng mqtts://)")
    init.add_argument("--force", action="store_true", help="Khởi tạo lại (mật khẩu MQTT mới)")
    init.set_defaults(handler=_init)

    commune = commands.add_parser("commune", help="Các xã của trung tâm")
    commune_commands = commune.add_subparsers(dest="commune_command", metavar="LỆNH")
    commune.set_defaults(handler=_help(commune))
    add = commune_commands.add_parser("add", help="Đăng ký một xã: khoá và tài khoản MQTT")
    add.add_argument("station_id", help='Mã xã, ví dụ "xa-tan-thanh"')
    add.add_argument("--name", required=True, help='Tên xã như trong gói: "Xã Tân Thành"')
    add.add_argument("--key", type=Path, required=True, help="Tệp khoá công khai của đài xã")
    add.set_defaults(handler=_commune_add)
    listing = commune_commands.add_parser("list", help="Các xã đã đăng ký")
    listing.set_defaults(handler=_status)
    listing.add_argument("--json", action="store_true")

    broker = commands.add_parser(
        "broker-config", help="Ghi mosquitto.conf, acl, passwd cho máy chủ MQTT"
    )
    broker.add_argument("folder", type=Path, help="Thư mục cấu hình, ví dụ /etc/mosquitto/radio")
    broker.add_argument("--port", type=int, default=1883, help="Cổng nội bộ cho hub run")
    broker.add_argument("--certfile", help="Chứng chỉ TLS của máy chủ (bật cổng TLS)")
    broker.add_argument("--keyfile", help="Khoá riêng của chứng chỉ TLS")
    broker.add_argument("--tls-port", type=int, default=8883, help="Cổng TLS cho các xã")
    broker.set_defaults(handler=_broker_config)

    send_pack = commands.add_parser("send-pack", help="Gửi gói âm thanh đã ký tới các xã")
    send_pack.add_argument("packs", type=Path, nargs="+", help="Các tệp gói .zip")
    _add_targets(send_pack)
    send_pack.set_defaults(handler=_send_pack)

    notice = commands.add_parser("notice", help="Gửi thông báo cho cán bộ đài xã")
    notice.add_argument("text", help="Nội dung")
    notice.add_argument("--title", default="", help="Tiêu đề")
    _add_targets(notice)
    notice.set_defaults(handler=_notice)

    emergency = commands.add_parser("emergency", help="Tin khẩn cấp: các xã phát ngay")
    emergency.add_argument("text", help="Nội dung đọc trên loa")
    emergency.add_argument("--title", default="", help="Tiêu đề")
    emergency.add_argument("--repeat", type=int, default=1, help="Số lần phát (mặc định 1)")
    emergency.add_argument(
        "--valid", default="6h", help="Quá thời hạn này thì xã không phát nữa (mặc định 6h)"
    )
    _add_targets(emergency)
    emergency.set_defaults(handler=_emergency)

    run = commands.add_parser("run", help="Chạy dịch vụ trung tâm (gửi tin, nhận nhật ký)")
    run.set_defaults(handler=_run)

    screen = commands.add_parser("tui", help="Màn hình các xã (tự cập nhật)")
    screen.set_defaults(handler=_tui)

    status = commands.add_parser("status", help="Các xã: kết nối, gói đã nhận, đã phát")
    status.add_argument("--json", action="store_true")
    status.set_defaults(handler=_status)

    refusals = commands.add_parser("refusals", help="Các tin bị từ chối gần đây và lý do")
    refusals.add_argument("--limit", type=int, default=20)
    refusals.set_defaults(handler=_refusals)

    report = commands.add_parser("report", help="Báo cáo kết quả tuyên truyền của các xã")
    add_range_options(report)
    report.add_argument("--format", choices=["docx", "csv"], default="docx")
    report.add_argument("-o", "--output", type=Path, help="Tệp ghi ra")
    report.set_defaults(handler=_report)

    export = commands.add_parser("export", help="Xuất dữ liệu cho hệ thống thông tin nguồn")
    export.add_argument("--format", choices=["ttn"], default="ttn")
    add_range_options(export)
    export.add_argument("-o", "--output", type=Path, help="Tệp JSON (mặc định: màn hình)")
    export.set_defaults(handler=_export)


def _add_targets(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--to", dest="targets", nargs="+", required=True, metavar="XÃ", help='Mã các xã, hoặc "all"'
    )


def _help(parser: argparse.ArgumentParser) -> Any:
    def show(_args: argparse.Namespace) -> int:
        parser.print_help()
        return 0

    return show


def _now(zone: Any) -> dt.datetime:
    return dt.datetime.now(zone)


def _init(args: argparse.Namespace) -> int:
    from radio_sched.hub import operations

    settings = operations.init_hub(
        args.id,
        name=args.name,
        database_url=args.database_url,
        broker=args.broker,
        ca_file=args.ca,
        force=args.force,
    )
    print(f"Đã khởi tạo trung tâm {settings.hub_id}.")
    print(f"Cơ sở dữ liệu: {_hidden(settings.resolved_database_url)}")
    print(f"Máy chủ MQTT: {settings.broker_url}")
    print(
        "Tiếp theo: radio-sched hub broker-config THƯ_MỤC (cấu hình Mosquitto), rồi "
        'radio-sched hub commune add MÃ_XÃ --name "Xã …" --key khoa-xa.pub'
    )
    return 0


def _hidden(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _commune_add(args: argparse.Namespace) -> int:
    from radio_sched import keys
    from radio_sched.hub import operations

    settings = operations.load_hub_settings()
    with operations.hub_store(settings) as store:
        added = operations.add_commune(store, settings, args.station_id, args.name, args.key)
    print(f"Đã đăng ký {added.name} ({added.station_id}).")
    print(f"Dấu vân tay khoá của xã: {keys.format_fingerprint(added.fingerprint)}")
    print(f"Tài khoản MQTT của xã: {added.station_id}  mật khẩu: {added.password}")
    print("Mật khẩu chỉ hiện một lần: hãy trao cho xã cùng địa chỉ máy chủ MQTT.")
    if added.broker_files:
        files = ", ".join(str(path) for path in added.broker_files)
        print(f"Đã ghi lại {files}. Hãy nạp lại Mosquitto: systemctl reload mosquitto")
    else:
        print("Chưa có cấu hình Mosquitto: chạy radio-sched hub broker-config THƯ_MỤC.")
    return 0


def _broker_config(args: argparse.Namespace) -> int:
    from radio_sched.hub import operations

    if bool(args.certfile) != bool(args.keyfile):
        raise UserError("Cổng TLS cần cả --certfile và --keyfile.")
    tls = operations.TlsFiles(args.certfile, args.keyfile, args.tls_port) if args.certfile else None
    settings = operations.load_hub_settings()
    with operations.hub_store(settings) as store:
        written = operations.write_broker_config(
            store, settings, args.folder, local_port=args.port, tls=tls
        )
    for path in written:
        print(f"Đã ghi {path}")
    print(f"Chạy máy chủ MQTT: mosquitto -c {written[0]}")
    if tls is None:
        print("Chưa có cổng TLS cho các xã: thêm --certfile và --keyfile khi đã có chứng chỉ.")
    return 0


def _send_pack(args: argparse.Namespace) -> int:
    from radio_sched.hub import operations

    settings = operations.load_hub_settings()
    with operations.hub_store(settings) as store:
        sent = operations.send_packs(
            store,
            settings,
            args.packs,
            args.targets,
            _now(settings.zone),
            note=lambda line: print(f"Lưu ý: {line}", file=sys.stderr),
        )
    for row in sent:
        print(f"{row.recipient}: {row.subject} ({row.planned} lần phát theo lịch gợi ý)")
    return _queued(len(sent))


def _notice(args: argparse.Namespace) -> int:
    from radio_sched.hub import operations

    settings = operations.load_hub_settings()
    with operations.hub_store(settings) as store:
        sent = operations.send_notice(
            store, settings, args.title, args.text, args.targets, _now(settings.zone)
        )
    return _queued(len(sent))


def _emergency(args: argparse.Namespace) -> int:
    from radio_sched.hub import operations

    settings = operations.load_hub_settings()
    with operations.hub_store(settings) as store:
        sent = operations.send_emergency(
            store,
            settings,
            args.text,
            args.targets,
            _now(settings.zone),
            title=args.title,
            repeat=args.repeat,
            lifetime=parse_span(args.valid),
        )
    if sent:
        print(f"Mã tin khẩn cấp: {sent[0].emergency_id}")
    return _queued(len(sent))


def _queued(count: int) -> int:
    print(
        f"Đã ký và xếp {count} tin vào hàng gửi; dịch vụ radio-sched hub run gửi đi ngay "
        "(xã đang mất kết nối nhận khi kết nối lại)."
    )
    return 0


def _run(_args: argparse.Namespace) -> int:
    import logging
    import threading

    from radio_sched.hub import operations

    logging.basicConfig(format="%(asctime)s %(message)s", stream=sys.stderr)
    logging.getLogger("radio_sched").setLevel(logging.INFO)  # ours, not every library's
    settings = operations.load_hub_settings()
    stop = threading.Event()
    with operations.hub_store(settings) as store:
        service = operations.hub_service(settings, store, say=lambda line: print(line, flush=True))
        try:
            service.run(stop)
        except KeyboardInterrupt:
            stop.set()
            print("Đã dừng dịch vụ trung tâm.")
    return 0


def _tui(_args: argparse.Namespace) -> int:
    from radio_sched.tui.hub import make_hub_app

    make_hub_app().run()
    return 0


def _status(args: argparse.Namespace) -> int:
    from radio_sched.hub import operations

    settings = operations.load_hub_settings()
    now = _now(settings.zone)
    with operations.hub_store(settings) as store:
        states = operations.commune_states(store, now)
        refused = operations.refusals_since(store, now - dt.timedelta(days=1))
    if args.json:
        print(json.dumps([operations.state_as_json(s) for s in states], ensure_ascii=False))
        return 0
    if not states:
        print("Chưa có xã nào: radio-sched hub commune add …")
        return 0
    online = sum(1 for s in states if s.online)
    print(f"{online}/{len(states)} xã đang kết nối.")
    header = (
        f"{'Mã xã':<20} {'Tên':<22} {'Trạng thái':<14} {'Tin cuối':<12} "
        f"{'Gói gửi/nhận/nhập':<18} {'Đã phát/kế hoạch':<16}"
    )
    print(header)
    for s in states:
        heard = (
            s.last_heartbeat.astimezone(settings.zone).strftime("%H:%M %d/%m")
            if s.last_heartbeat
            else "—"
        )
        packs = f"{s.packs_sent}/{s.packs_delivered}/{s.packs_imported}"
        print(
            f"{s.station_id:<20} {s.name[:22]:<22} {s.state_text:<14} {heard:<12} "
            f"{packs:<18} {s.aired}/{s.planned}"
        )
    if refused:
        print(f"{refused} tin bị từ chối trong 24 giờ qua: radio-sched hub refusals")
    return 0


def _refusals(args: argparse.Namespace) -> int:
    from radio_sched.hub import operations

    settings = operations.load_hub_settings()
    with operations.hub_store(settings) as store:
        refused = operations.recent_refusals(store, args.limit)
    if not refused:
        print("Không có tin nào bị từ chối.")
    for row in refused:
        when = row.received_at.astimezone(settings.zone).strftime("%H:%M:%S %d/%m/%Y")
        print(f"{when}  {row.sender or '?'}  [{row.reason}]  {row.message}")
    return 0


def _range(args: argparse.Namespace, zone: Any) -> tuple[dt.date, dt.date]:
    today = _now(zone).date()
    monday = today - dt.timedelta(days=today.weekday())
    first = parse_date(args.first) if args.first else monday
    last = parse_date(args.last) if args.last else first + dt.timedelta(days=6)
    if last < first:
        raise UserError(f"Ngày kết thúc {last:%d/%m/%Y} trước ngày bắt đầu {first:%d/%m/%Y}.")
    return first, last


def _report(args: argparse.Namespace) -> int:
    from radio_sched.hub import operations

    settings = operations.load_hub_settings()
    first, last = _range(args, settings.zone)
    output = args.output or Path(f"bao-cao-{settings.hub_id}-{first:%Y%m%d}.{args.format}")
    with operations.hub_store(settings) as store:
        report = operations.write_hub_report(
            store, settings, first, last, output, args.format, today=_now(settings.zone).date()
        )
    print(
        f"Đã ghi {output}: {len(report.lines)} xã, {report.broadcasts} lần phát, "
        f"{report.minutes_text} phút."
    )
    return 0


def _export(args: argparse.Namespace) -> int:
    from radio_sched.hub import operations

    settings = operations.load_hub_settings()
    first, last = _range(args, settings.zone)
    with operations.hub_store(settings) as store:
        document = operations.export_ttn(store, settings, first, last, now=_now(settings.zone))
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if args.output is None:
        sys.stdout.write(text)
        return 0
    from radio_sched.atomic import write_text_atomic

    write_text_atomic(args.output, text)
    print(f"Đã ghi {args.output}.")
    return 0
