"""Subcommands for district packs and keys: district init, pack build|verify|import, keys …"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from radio_sched.schedule.model import Priority


def register(subparsers: Any) -> None:
    district = subparsers.add_parser("district", help="Danh sách xã của huyện (để làm gói)")
    district_commands = district.add_subparsers(dest="district_command", metavar="LỆNH")
    district.set_defaults(handler=_help(district))
    init = district_commands.add_parser("init", help="Tạo tệp district.toml mẫu có chú thích")
    init.add_argument("file", nargs="?", type=Path, default=Path("district.toml"))
    init.add_argument("--force", action="store_true", help="Ghi đè tệp đã có")
    init.set_defaults(handler=_district_init)

    pack = subparsers.add_parser("pack", help="Gói âm thanh của huyện: làm, kiểm tra, nhập")
    pack_commands = pack.add_subparsers(dest="pack_command", metavar="LỆNH")
    pack.set_defaults(handler=_help(pack))
    build = pack_commands.add_parser("build", help="Làm một gói cho mỗi xã từ một văn bản")
    build.add_argument("directive", type=Path, help="Văn bản .txt, .docx hoặc .pdf")
    build.add_argument("--district", type=Path, required=True, help="Tệp district.toml")
    build.add_argument("-o", "--output", type=Path, required=True, help="Thư mục ghi các gói")
    build.add_argument(
        "--engine", choices=["auto", "gtts", "offline"], help="Giọng đọc (mặc định: theo tệp huyện)"
    )
    build.add_argument(
        "--priority",
        choices=[priority.value for priority in Priority],
        default=Priority.NORMAL.value,
        help="Loại tin: thông thường, ưu tiên, khẩn cấp",
    )
    build.add_argument(
        "--jobs", type=int, default=0, help="Số gói làm song song (mặc định: tự chọn)"
    )
    build.add_argument("--force", action="store_true", help="Đọc cả khi không thấy chữ tiếng Việt")
    build.add_argument("--json", action="store_true", help="In kết quả dạng JSON")
    build.set_defaults(handler=_pack_build)

    verify = pack_commands.add_parser("verify", help="Kiểm tra chữ ký và nội dung một gói")
    verify.add_argument("pack", type=Path)
    verify.add_argument("--json", action="store_true")
    verify.set_defaults(handler=_pack_verify)

    imp = pack_commands.add_parser("import", help="Kiểm tra rồi nhập gói vào đài")
    imp.add_argument("pack", type=Path)
    imp.add_argument("--schedule", action="store_true", help="Nhập cả lịch phát gợi ý")
    imp.add_argument("--draft", action="store_true", help="Nhập nhưng chưa duyệt (chưa lên lịch)")
    imp.add_argument(
        "--any-commune", action="store_true", help="Nhập cả khi gói làm cho xã khác tên đài này"
    )
    imp.add_argument(
        "--allow-older",
        action="store_true",
        help="Nhập cả gói cũ hơn gói đã nhập của cùng văn bản (gói mới bị tạm ngừng)",
    )
    imp.add_argument("--json", action="store_true")
    imp.set_defaults(handler=_pack_import)

    key = subparsers.add_parser("keys", help="Khoá ký gói của huyện và khoá được tin cậy")
    key_commands = key.add_subparsers(dest="keys_command", metavar="LỆNH")
    key.set_defaults(handler=_help(key))
    key_init = key_commands.add_parser("init", help="Tạo cặp khoá của huyện")
    key_init.add_argument("--name", default="", help='Tên đơn vị, ví dụ "Phòng VH-TT huyện X"')
    key_init.add_argument("--force", action="store_true", help="Thay khoá đã có (xã phải tin lại)")
    key_init.set_defaults(handler=_keys_init)
    export = key_commands.add_parser("export", help="In khoá công khai và dấu vân tay")
    export.add_argument("-o", "--output", type=Path, help="Ghi ra tệp thay vì in")
    export.set_defaults(handler=_keys_export)
    trust = key_commands.add_parser("trust", help="Tin cậy khoá công khai của huyện")
    trust.add_argument("file", type=Path, help="Tệp khoá công khai nhận từ huyện")
    trust.add_argument("--fingerprint", help="Dấu vân tay huyện đọc qua điện thoại, để đối chiếu")
    trust.set_defaults(handler=_keys_trust)
    listing = key_commands.add_parser("list", help="Các khoá đang được tin cậy")
    listing.set_defaults(handler=_keys_list)


def _help(parser: argparse.ArgumentParser) -> Any:
    def show(_args: argparse.Namespace) -> int:
        parser.print_help()
        return 0

    return show


# ----------------------------------------------------------------------------------- district


def _district_init(args: argparse.Namespace) -> int:
    from radio_sched.district import write_district_template

    path = write_district_template(args.file, force=args.force)
    print(f"Đã tạo {path}. Hãy sửa danh sách xã rồi chạy: radio-sched pack build …")
    return 0


# --------------------------------------------------------------------------------------- pack


def _pack_build(args: argparse.Namespace) -> int:
    from radio_sched.district import load_district
    from radio_sched.pack.build import build_packs
    from radio_sched.pack.progress import rich_progress

    district = load_district(args.district)
    with rich_progress() as progress:
        result = build_packs(
            args.directive,
            district,
            args.output,
            engine=args.engine,
            priority=Priority(args.priority),
            jobs=args.jobs or None,
            force=args.force,
            progress=progress,
        )
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
    else:
        for built in result.packs:
            print(built.path)
        print(
            f"Đã làm {len(result.packs)} gói trong {result.seconds:.1f} giây "
            f"(tổng hợp {result.engine_calls} câu, dùng lại {result.cache_hits} câu).",
            file=sys.stderr,
        )
    for note in result.notes:
        print(f"Lưu ý: {note}", file=sys.stderr)
    return 0


def _pack_verify(args: argparse.Namespace) -> int:
    from radio_sched.pack.verify import verify_pack

    verified = verify_pack(args.pack)
    manifest = verified.manifest
    if args.json:
        payload = {
            "pack_id": verified.pack_id,
            "signer": verified.signer.name,
            "key_fingerprint": verified.signer.fingerprint,
            "manifest": dict(manifest.data),
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    from radio_sched.keys import format_fingerprint

    print(f"Gói hợp lệ: {args.pack.name}")
    print(f"  Của: {manifest.producer} (khoá {format_fingerprint(verified.signer.fingerprint)})")
    print(f"  Cho: {manifest.commune}")
    print(f"  Chương trình: {manifest.program['title']}")
    if manifest.reference:
        print(f"  Văn bản số: {manifest.reference}")
    if manifest.campaign:
        start, end = manifest.campaign
        print(f"  Chiến dịch: {start:%d/%m/%Y} – {end:%d/%m/%Y}")
    print(f"  Tệp: {', '.join(f.name for f in manifest.files)}")
    return 0


def _pack_import(args: argparse.Namespace) -> int:
    from radio_sched.pack.importer import import_pack

    result = import_pack(
        args.pack,
        schedule=args.schedule,
        draft=args.draft,
        any_commune=args.any_commune,
        allow_older=args.allow_older,
    )
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
        return 0
    if result.already_imported and not result.pins_added:
        print(f"Gói {args.pack.name} đã được nhập trước đó (chương trình số {result.program_id}).")
    else:
        print(f"Đã nhập gói {args.pack.name}: chương trình số {result.program_id}.")
    if result.pins_added:
        print(f"Đã thêm {result.pins_added} lượt phát theo lịch gợi ý.")
    for note in result.notes:
        print(f"Lưu ý: {note}", file=sys.stderr)
    return 0


# --------------------------------------------------------------------------------------- keys


def _keys_init(args: argparse.Namespace) -> int:
    from radio_sched import keys

    public = keys.init_keys(args.name, force=args.force)
    print(f"Đã tạo khoá ký tại {keys.private_key_path()} (chỉ chủ tài khoản đọc được).")
    print(f"Dấu vân tay: {keys.format_fingerprint(public.fingerprint)}")
    print("Gửi khoá công khai cho các xã: radio-sched keys export -o huyen.pub")
    return 0


def _keys_export(args: argparse.Namespace) -> int:
    from radio_sched import keys
    from radio_sched.atomic import write_text_atomic

    public = keys.own_public_key()
    text = public.export_text()
    if args.output:
        write_text_atomic(args.output, text)
        print(f"Đã ghi {args.output}.")
        print(f"Dấu vân tay: {keys.format_fingerprint(public.fingerprint)}")
        print("Hãy đọc dấu vân tay này cho xã qua điện thoại khi gửi tệp.")
    else:
        sys.stdout.write(text)
    return 0


def _keys_trust(args: argparse.Namespace) -> int:
    from radio_sched import keys

    public, new = keys.trust_key(args.file, expected_fingerprint=args.fingerprint)
    who = f" của {public.name}" if public.name else ""
    verb = "Đã tin cậy" if new else "Đã tin cậy từ trước"
    print(f"{verb} khoá{who}.")
    print(f"Dấu vân tay: {keys.format_fingerprint(public.fingerprint)}")
    if args.fingerprint is None:
        print("Hãy gọi điện cho huyện để đối chiếu dấu vân tay này.", file=sys.stderr)
    return 0


def _keys_list(_args: argparse.Namespace) -> int:
    from radio_sched import keys

    trusted = keys.trusted_keys()
    if not trusted:
        print("Chưa tin cậy khoá nào. Dùng: radio-sched keys trust TỆP_KHOÁ")
    for public in trusted.values():
        print(f"{keys.format_fingerprint(public.fingerprint)}  {public.name or '(không tên)'}")
    return 0
