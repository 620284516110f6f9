"""The district's or province's "Báo cáo kết quả tuyên truyền", from its communes' as-run rows.

Two tables: by commune (airings, minutes, emergencies aired, what could not air) and by content
(how many communes aired it). Laid out like the station's report (``radio_sched.report``: A4,
Times New Roman, the issuing body beside the national motto, "Nơi nhận", the signer); CSV for a
spreadsheet.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from radio_sched.atomic import write_bytes_atomic
from radio_sched.errors import UserError
from radio_sched.hub.db import CommuneRow, HubAsRunRow
from radio_sched.hub.ingest import aware
from radio_sched.hub.settings import HubSettings
from radio_sched.report import (
    decimal,
    docx_bytes,
    docx_footer,
    docx_header,
    docx_paragraph,
    docx_table,
    new_document,
)

PLAYED = "played"
MISSED = "missed"
UNSETTLED = ("playing", "interrupted")  # counted once they end
COMMUNE_WIDTHS_MM = (12, 63, 30, 25, 35)
CONTENT_WIDTHS_MM = (12, 75, 26, 26, 26)


@dataclass
class CommuneLine:
    station_id: str
    name: str
    broadcasts: int = 0
    seconds: float = 0.0
    emergencies: set[str] = field(default_factory=set)
    titles: set[str] = field(default_factory=set)
    days: set[dt.date] = field(default_factory=set)
    missed: int = 0
    failed: int = 0

    @property
    def minutes(self) -> float:
        return round(self.seconds / 60, 1)


@dataclass
class ContentLine:
    title: str
    communes: set[str] = field(default_factory=set)
    broadcasts: int = 0
    seconds: float = 0.0

    @property
    def minutes(self) -> float:
        return round(self.seconds / 60, 1)


@dataclass
class HubReport:
    office: str
    first: dt.date
    last: dt.date
    today: dt.date
    lines: list[CommuneLine]
    contents: list[ContentLine]

    @property
    def broadcasts(self) -> int:
        return sum(line.broadcasts for line in self.lines)

    @property
    def minutes_text(self) -> str:
        return decimal(round(sum(line.seconds for line in self.lines) / 60, 1))

    @property
    def silent(self) -> list[CommuneLine]:
        """Communes from which no airing arrived for the period."""
        return [line for line in self.lines if not line.broadcasts]


def build_hub_report(
    session: Session, settings: HubSettings, first: dt.date, last: dt.date, today: dt.date
) -> HubReport:
    zone = settings.zone
    start = dt.datetime.combine(first, dt.time(), tzinfo=zone)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    lines = {
        row.station_id: CommuneLine(row.station_id, row.name)
        for row in session.scalars(
            select(CommuneRow).where(CommuneRow.active.is_(True)).order_by(CommuneRow.name)
        )
    }
    contents: dict[str, ContentLine] = defaultdict(lambda: ContentLine(""))
    rows = session.scalars(
        select(HubAsRunRow)
        .where(HubAsRunRow.started_at >= start)
        .where(HubAsRunRow.started_at < end)
        .order_by(HubAsRunRow.started_at)
    )
    for row in rows:
        line = lines.get(row.station_id)
        if line is None or row.outcome in UNSETTLED:
            continue
        if row.outcome == MISSED:
            line.missed += 1
            continue
        if row.outcome != PLAYED:
            line.failed += 1
            continue
        line.broadcasts += 1
        line.seconds += row.seconds_played
        line.titles.add(row.title)
        line.days.add(aware(row.started_at).astimezone(zone).date())
        if row.emergency_id:
            line.emergencies.add(row.emergency_id)
        content = contents[row.title]
        content.title = row.title
        content.communes.add(row.station_id)
        content.broadcasts += 1
        content.seconds += row.seconds_played
    ordered = sorted(contents.values(), key=lambda c: (-len(c.communes), -c.broadcasts, c.title))
    return HubReport(
        office=settings.name or settings.hub_id,
        first=first,
        last=last,
        today=today,
        lines=list(lines.values()),
        contents=ordered,
    )


def write_hub_report(report: HubReport, path: Path, fmt: str) -> None:
    if fmt == "csv":
        write_bytes_atomic(path, hub_report_csv(report).encode("utf-8-sig"))  # Excel reads it
    elif fmt == "docx":
        write_bytes_atomic(path, hub_report_docx(report))
    else:
        raise UserError(f"Không biết định dạng {fmt!r}: chọn docx hoặc csv.")


CSV_HEADER = [
    "Mã xã",
    "Xã/phường/thị trấn",
    "Số nội dung",
    "Số lần phát",
    "Số phút",
    "Số tin khẩn cấp đã phát",
    "Số ngày có phát",
    "Số lần bỏ lỡ",
    "Số lần lỗi",
]


def hub_report_csv(report: HubReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for line in report.lines:
        writer.writerow(
            [
                line.station_id,
                line.name,
                len(line.titles),
                line.broadcasts,
                f"{line.minutes:.1f}",
                len(line.emergencies),
                len(line.days),
                line.missed,
                line.failed,
            ]
        )
    return out.getvalue()


def _period(report: HubReport) -> str:
    return f"từ ngày {report.first:%d/%m/%Y} đến ngày {report.last:%d/%m/%Y}"


def hub_report_docx(report: HubReport) -> bytes:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    para = docx_paragraph
    justify = WD_ALIGN_PARAGRAPH.JUSTIFY
    document = new_document()
    day = report.today
    docx_header(
        document,
        issuer=(report.office.upper(), ""),
        number="      /BC",
        place_date=f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}",
    )
    document.add_paragraph()
    para(document, "BÁO CÁO", bold=True)
    para(
        document,
        f"Kết quả tuyên truyền trên hệ thống truyền thanh cơ sở {_period(report)}",
        bold=True,
    )
    para(document, "────────", size=13)
    document.add_paragraph()

    def body(text: str, *, bold: bool = False) -> None:
        paragraph = para(document, text, bold=bold, align=justify)
        paragraph.paragraph_format.first_line_indent = Mm(10)
        paragraph.paragraph_format.space_before = Pt(6)

    body(
        f"{report.office} báo cáo kết quả tuyên truyền trên hệ thống truyền thanh của "
        f"{len(report.lines)} xã, phường, thị trấn {_period(report)}, theo nhật ký phát các đài "
        "gửi về, như sau:"
    )
    body("1. Kết quả theo từng xã, phường, thị trấn", bold=True)
    docx_table(
        document,
        ("STT", "Xã, phường, thị trấn", "Số lần phát", "Số phút", "Tin khẩn cấp"),
        [
            (
                str(index),
                line.name,
                str(line.broadcasts),
                decimal(line.minutes),
                str(len(line.emergencies)),
            )
            for index, line in enumerate(report.lines, start=1)
        ],
        COMMUNE_WIDTHS_MM,
    )
    summary = f"Tổng cộng: {report.broadcasts} lần phát, {report.minutes_text} phút."
    missed = sum(line.missed for line in report.lines)
    failed = sum(line.failed for line in report.lines)
    if missed or failed:
        summary += f" Không phát được {missed + failed} lần (bỏ lỡ {missed}, lỗi {failed})."
    body(summary)
    if report.silent:
        names = ", ".join(line.name for line in report.silent)
        body(f"Chưa nhận được nhật ký phát của: {names}.")
    body("2. Kết quả theo nội dung tuyên truyền", bold=True)
    if not report.contents:
        body("Không có buổi phát nào trong thời gian này.")
    else:
        docx_table(
            document,
            ("STT", "Nội dung tuyên truyền", "Số xã đã phát", "Số lần phát", "Số phút"),
            [
                (
                    str(index),
                    content.title,
                    f"{len(content.communes)}/{len(report.lines)}",
                    str(content.broadcasts),
                    decimal(content.minutes),
                )
                for index, content in enumerate(report.contents, start=1)
            ],
            CONTENT_WIDTHS_MM,
        )
    docx_footer(document, "THỦ TRƯỞNG CƠ QUAN")
    return docx_bytes(document)
