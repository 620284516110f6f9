"""Subcommands for directives and scripts: speak, script, import, list, show, edit."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from radio_sched.cli.common import print_script, station_store, strip_script_frame
from radio_sched.errors import UserError
from radio_sched.models import SentenceCategory, SentenceDecision, decision_to_dict

if TYPE_CHECKING:
    from radio_sched.directive.clean import CleanedText


def register(subparsers: Any) -> None:
    speak = subparsers.add_parser(
        "speak", help="In dạng đọc (số, ngày, chữ viết tắt đọc thành lời)"
    )
    speak.add_argument("text", nargs="+", help="Câu cần chuyển")
    speak.add_argument("--dialect", choices=["north", "south"], help="Cách đọc số: Bắc hoặc Nam")
    speak.set_defaults(handler=_speak)

    script = subparsers.add_parser("script", help="Soạn kịch bản phát thanh từ một văn bản")
    script.add_argument("file", type=Path, help="Văn bản .txt, .docx hoặc .pdf")
    script.add_argument("--commune", help='Tên xã/phường, ví dụ "Xã Tân Thành"')
    script.add_argument("--json", action="store_true", help="In kết quả dạng JSON")
    script.add_argument("--force", action="store_true", help="Đọc cả khi không thấy chữ tiếng Việt")
    script.add_argument(
        "--explain", action="store_true", help="In từng câu của văn bản, câu nào được đọc và vì sao"
    )
    script.set_defaults(handler=_script)

    imp = subparsers.add_parser("import", help="Lưu văn bản và kịch bản vào đài, in mã kịch bản")
    imp.add_argument("file", type=Path)
    imp.add_argument("--commune", help="Tên xã/phường (mặc định: tên trong cài đặt của đài)")
    imp.add_argument("--force", action="store_true")
    imp.add_argument("--json", action="store_true")
    imp.set_defaults(handler=_import)

    listing = subparsers.add_parser("list", help="Danh sách văn bản và kịch bản đã lưu")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=_list)

    show = subparsers.add_parser("show", help="In một kịch bản đã lưu")
    show.add_argument("script_id", type=int)
    show.add_argument("--version", type=int, help="Phiên bản (mặc định: mới nhất)")
    show.add_argument("--spoken", action="store_true", help="In dạng đọc")
    show.set_defaults(handler=_show)

    edit = subparsers.add_parser("edit", help="Lưu bản sửa kịch bản từ một tệp (tạo phiên bản mới)")
    edit.add_argument("script_id", type=int)
    edit.add_argument("file", type=Path, help="Tệp .txt chứa kịch bản đã sửa ('-' để đọc stdin)")
    edit.add_argument("--note", default="", help="Ghi chú cho phiên bản")
    edit.set_defaults(handler=_edit)


def _speak(args: argparse.Namespace) -> int:
    from radio_sched.config import load_settings
    from radio_sched.models import Dialect
    from radio_sched.script.spoken import spoken_form

    dialect = Dialect(args.dialect) if args.dialect else load_settings().dialect
    print(spoken_form(" ".join(args.text), dialect))
    return 0


def _commune(args: argparse.Namespace) -> str:
    if args.commune:
        return str(args.commune)
    from radio_sched.config import load_settings

    return load_settings().name


def _script(args: argparse.Namespace) -> int:
    from radio_sched.config import load_settings
    from radio_sched.directive.serialize import directive_to_dict
    from radio_sched.script.compose import script_spoken_text
    from radio_sched.script.pipeline import prepare_import

    settings = load_settings()
    prepared = prepare_import(
        args.file, commune=_commune(args), force=args.force, settings=settings
    )
    directive, script = prepared.directive, prepared.script
    if args.json:
        payload = {
            "directive": directive_to_dict(directive),
            "script": {
                "title": script.title,
                "commune": script.commune,
                "text": script.text,
                "spoken": script_spoken_text(script.text, settings.dialect),
                "estimated_seconds": script.estimated_seconds,
                "notes": list(script.notes),
                "needs_review": script.needs_review,
                "review_reasons": list(script.review_reasons),
                "decisions": [decision_to_dict(d) for d in script.decisions],
            },
            "kind": getattr(directive, "kind", None),
            "needs_review": script.needs_review,
            "review_reasons": list(script.review_reasons),
        }
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    if args.explain:
        cleaning = explain_cleaning(prepared.cleaned)
        if cleaning:
            print(cleaning + "\n")
        print(explain_decisions(script.decisions))
        return 0
    print_script(script.title, script.text, script.estimated_seconds, script.notes)
    return 0


def explain_cleaning(cleaned: CleanedText) -> str:
    """What the clean stage removed, repaired or could not repair, for a terminal."""
    lines = [f"  Bỏ (dòng {r.line}): «{r.text}» ({r.note})" for r in cleaned.removals]
    for word in cleaned.broken:
        if word.kind == "lost_mark":
            lines.append(f"  Cần soát: «{word.text}» ({word.note})")
        elif word.repair is None:
            lines.append(f"  Chữ hỏng, câu chứa nó không đọc: «{word.text}» ({word.note})")
        else:
            lines.append(f"  Sửa: «{word.text.strip()}» → «{word.repair}» ({word.note})")
    return "\n".join(["Làm sạch văn bản:", *lines]) if lines else ""


def explain_decisions(decisions: Sequence[SentenceDecision]) -> str:
    """Every source sentence with its decision and reason, for a terminal."""
    lines: list[str] = []
    for decision in decisions:
        mark = "ĐỌC" if decision.kept else "BỎ "
        label = SentenceCategory(decision.category).label
        lines.append(f"[{decision.id:>3}] {mark} {label}: {decision.reason}")
        lines.append(f"      Nguyên văn: {decision.source}")
        if decision.kept and decision.aired != decision.source:
            lines.append(f"      Đọc là:     {decision.aired}")
    return "\n".join(lines)


def _import(args: argparse.Namespace) -> int:
    from radio_sched.config import station_is_named
    from radio_sched.script.pipeline import prepare_import, store_import

    if not args.commune and not station_is_named():
        # The script is stored in the station's name: not under one nobody gave.
        raise UserError(
            'Đài chưa có tên: hãy chạy radio-sched station init --name "Xã …" trước '
            '(hoặc cho tên bằng --commune "Xã …").'
        )
    prepared = prepare_import(args.file, commune=_commune(args), force=args.force)
    with station_store() as store:
        result = store_import(store, prepared)
    if args.json:
        print(json.dumps({"directive_id": result.directive_id, "script_id": result.script_id}))
    else:
        print(result.script_id)
        if result.already_imported:
            print(f"(văn bản {args.file.name} đã được nhập trước đó)", file=sys.stderr)
        else:  # the number alone on stdout, for scripts; what it is, for the operator
            print(
                f"Đã nhập «{result.script.title}»: kịch bản số {result.script_id}. "
                f"Xem: radio-sched show {result.script_id}",
                file=sys.stderr,
            )
    return 0


def _list(args: argparse.Namespace) -> int:
    from radio_sched.store.queries import list_scripts

    with station_store() as store:
        rows = list_scripts(store)
    if args.json:
        print(json.dumps([row.as_dict() for row in rows], ensure_ascii=False, indent=2))
        return 0
    from rich.console import Console
    from rich.table import Table

    table = Table("Mã", "Số văn bản", "Tiêu đề", "Chiến dịch", "Phiên bản", "Duyệt")
    for row in rows:
        table.add_row(
            str(row.script_id),
            row.reference or "—",
            row.title,
            row.campaign_label,
            str(row.version),
            "✓" if row.approved else "",
        )
    Console().print(table)
    return 0


def _show(args: argparse.Namespace) -> int:
    from radio_sched.script.compose import script_spoken_text
    from radio_sched.store.queries import script_version

    with station_store() as store:
        version = script_version(store, args.script_id, args.version)
    text = script_spoken_text(version.text) if args.spoken else version.text
    # The frame goes to stderr: `show 1 > s.txt` then `edit 1 s.txt` must not air it.
    print_script(version.title, text, version.estimated_seconds, (), header_to=sys.stderr)
    return 0


def _edit(args: argparse.Namespace) -> int:
    from radio_sched.directive.read import decode_text
    from radio_sched.script.pipeline import save_script_edit

    if str(args.file) == "-":
        text = sys.stdin.read()
    else:
        if not args.file.is_file():
            raise UserError(f"{args.file}: không tìm thấy tệp.")
        text = decode_text(args.file.read_bytes(), args.file)
    text = strip_script_frame(text)  # a `show` copied from the terminal keeps its title lines
    with station_store() as store:
        version = save_script_edit(store, args.script_id, text, args.note)
    print(f"Đã lưu kịch bản {args.script_id}, phiên bản {version}.")
    return 0
