"""`radio-sched asrun` and `radio-sched report`: what aired, and the report to the district."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from radio_sched.cli.common import add_range_options, date_range, station_settings, station_store


def register(subparsers: Any) -> None:
    asrun = subparsers.add_parser("asrun", help="Nhật ký phát (đã phát, bỏ lỡ, lỗi, bỏ qua)")
    add_range_options(asrun)
    asrun.add_argument("--json", action="store_true")
    asrun.set_defaults(handler=_asrun)

    report = subparsers.add_parser("report", help="Báo cáo kết quả tuyên truyền")
    add_range_options(report)
    report.add_argument("--format", choices=["docx", "csv", "md"], default="docx")
    report.add_argument("-o", "--output", type=Path, help="Tệp kết quả")
    report.add_argument("--number", default="", help='Số báo cáo, ví dụ "12/BC-ĐTT"')
    report.set_defaults(handler=_report)


def _asrun(args: argparse.Namespace) -> int:
    from radio_sched.report import asrun_records

    settings = station_settings()
    first, last = date_range(args, settings)
    with station_store(settings) as store:
        records = asrun_records(store, settings, first, last)
    if args.json:
        rows = [record.as_json() for record in records]
        print(json.dumps({"asrun": rows}, ensure_ascii=False, indent=2))
        return 0
    if not records:
        print(f"Chưa có gì trong nhật ký phát từ {first:%d/%m/%Y} đến {last:%d/%m/%Y}.")
    for record in records:
        actual = f" (bắt đầu {record.started_at:%H:%M:%S})" if record.started_at else ""
        reason = f" — {record.reason}" if record.reason else ""
        voice = f" [{_VOICES[record.sources]}]" if record.sources in _VOICES else ""
        print(
            f"{record.scheduled_start:%d/%m %H:%M:%S}  {record.slot:<10} "
            f"{record.outcome.label:<9} {record.title}{actual}{voice}{reason}"
        )
    return 0


_VOICES = {
    "recorded": "giọng người đọc",
    "synthetic": "giọng máy",
    "mixed": "giọng người đọc và giọng máy",
}


def _report(args: argparse.Namespace) -> int:
    from radio_sched import locations
    from radio_sched.report import build_report, write_report

    settings = station_settings()
    first, last = date_range(args, settings)
    with station_store(settings) as store:
        report = build_report(store, settings, first, last, number=args.number)
    output = (
        args.output
        or locations.exports_dir() / f"bao-cao_{first:%Y%m%d}-{last:%Y%m%d}.{args.format}"
    )
    write_report(report, output, args.format)
    print(f"Đã ghi báo cáo: {output}")
    return 0
