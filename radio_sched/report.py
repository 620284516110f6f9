"""As-run log → "Báo cáo kết quả tuyên truyền" per directive, as docx, csv or Markdown.

The docx follows the layout of Vietnamese administrative documents (Nghị định 30/2020/NĐ-CP):
A4, Times New Roman, the issuing body and the national motto side by side, Số and the place and
date, the title in capitals, a body with a table, then "Nơi nhận" and the signature block.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from radio_sched.atomic import write_bytes_atomic, write_text_atomic
from radio_sched.config import StationSettings
from radio_sched.errors import UserError
from radio_sched.schedule.model import Outcome
from radio_sched.script.templates import commune_in_sentence, place_name
from radio_sched.store import asrun
from radio_sched.store.db import Store
from radio_sched.store.programs import aware

OTHER = "Chương trình khác (âm thanh do cấp trên gửi, tin của xã)"


@dataclass
class ReportLine:
    program_id: int
    title: str
    broadcasts: int = 0
    seconds: float = 0.0
    dates: list[dt.date] = field(default_factory=list)
    missed: int = 0
    failed: int = 0

    @property
    def minutes(self) -> float:
        return round(self.seconds / 60, 1)

    @property
    def dates_text(self) -> str:
        return ", ".join(f"{d:%d/%m}" for d in sorted(set(self.dates)))


@dataclass
class ReportSection:
    directive_id: int | None
    reference: str | None
    subject: str | None
    issuer: str | None
    date: str | None
    lines: list[ReportLine] = field(default_factory=list)

    @property
    def heading(self) -> str:
        if self.directive_id is None:
            return OTHER
        parts = [f"Văn bản số {self.reference}" if self.reference else "Văn bản"]
        if self.date:
            parts.append(f"ngày {_vn_date(self.date)}")
        if self.issuer:
            parts.append(f"của {self.issuer}")
        if self.subject:
            parts.append(f"về việc {self.subject.removeprefix('V/v ').removeprefix('Về việc ')}")
        return " ".join(parts)

    @property
    def broadcasts(self) -> int:
        return sum(line.broadcasts for line in self.lines)

    @property
    def minutes(self) -> float:
        return round(sum(line.seconds for line in self.lines) / 60, 1)


@dataclass
class Report:
    station: str
    district: str
    province: str
    first: dt.date
    last: dt.date
    today: dt.date
    number: str
    sections: list[ReportSection]

    @property
    def station_in_sentence(self) -> str:
        """ "Xã Tân Thành" → "xã Tân Thành"."""
        return commune_in_sentence(self.station)

    @property
    def place(self) -> str:
        """ "Xã Tân Thành" → "Tân Thành"."""
        return place_name(self.station)


@dataclass(frozen=True)
class AsRunRecord:
    """One line of the as-run log, its times in the station's zone."""

    key: str
    program_id: int
    directive_id: int | None
    title: str
    slot: str
    priority: str
    scheduled_start: dt.datetime
    scheduled_end: dt.datetime
    started_at: dt.datetime | None
    ended_at: dt.datetime | None
    outcome: Outcome
    reason: str
    seconds_played: float
    player: str
    sources: str | None = None  # synthetic, recorded (the operator's takes) or mixed

    def as_json(self) -> dict[str, object]:
        """The record for ``asrun --json``: times as ISO 8601 with the station's offset."""
        return {
            "key": self.key,
            "program_id": self.program_id,
            "directive_id": self.directive_id,
            "title": self.title,
            "slot": self.slot,
            "priority": self.priority,
            "scheduled_start": self.scheduled_start.isoformat(),
            "scheduled_end": self.scheduled_end.isoformat(),
            "started_at": self.started_at.isoformat() if self.started_at else None,
            "ended_at": self.ended_at.isoformat() if self.ended_at else None,
            "outcome": self.outcome.value,
            "reason": self.reason,
            "seconds_played": self.seconds_played,
            "player": self.player,
            "sources": self.sources,
        }


def asrun_records(
    store: Store, settings: StationSettings, first: dt.date, last: dt.date
) -> list[AsRunRecord]:
    start, end = _bounds(settings, first, last)
    zone = settings.zone

    def local(value: dt.datetime | None) -> dt.datetime | None:
        return aware(value).astimezone(zone) if value else None

    with store.session() as session:
        return [
            AsRunRecord(
                key=row.key,
                program_id=row.program_id,
                directive_id=row.directive_id,
                title=row.title,
                slot=row.slot,
                priority=row.priority,
                scheduled_start=aware(row.scheduled_start).astimezone(zone),
                scheduled_end=aware(row.scheduled_end).astimezone(zone),
                started_at=local(row.started_at),
                ended_at=local(row.ended_at),
                outcome=Outcome(row.outcome),
                reason=row.reason,
                seconds_played=round(row.seconds, 3),
                player=row.player,
                sources=row.sources,
            )
            for row in asrun.rows_between(session, start, end)
        ]


def _bounds(
    settings: StationSettings, first: dt.date, last: dt.date
) -> tuple[dt.datetime, dt.datetime]:
    zone = settings.zone
    start = dt.datetime.combine(first, dt.time(), tzinfo=zone)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    return start, end


def build_report(
    store: Store,
    settings: StationSettings,
    first: dt.date,
    last: dt.date,
    *,
    number: str = "",
    today: dt.date | None = None,
) -> Report:
    from radio_sched.store.documents import DirectiveRow

    start, end = _bounds(settings, first, last)
    sections: dict[int | None, ReportSection] = {}
    with store.session() as session:
        for row in asrun.rows_between(session, start, end):
            section = sections.get(row.directive_id)
            if section is None:
                directive = (
                    session.get(DirectiveRow, row.directive_id) if row.directive_id else None
                )
                parsed = directive.parsed if directive is not None else {}
                section = ReportSection(
                    directive_id=row.directive_id if directive is not None else None,
                    reference=directive.reference if directive is not None else None,
                    subject=directive.subject if directive is not None else None,
                    issuer=parsed.get("issuer"),
                    date=parsed.get("date"),
                )
                sections[row.directive_id] = section
            line = next((ln for ln in section.lines if ln.program_id == row.program_id), None)
            if line is None:
                line = ReportLine(row.program_id, row.title)
                section.lines.append(line)
            day = aware(row.scheduled_start).astimezone(settings.zone).date()
            outcome = Outcome(row.outcome)
            if not outcome.settled:  # still on air or waiting to resume: counted once it ends
                continue
            if outcome is Outcome.PLAYED:
                line.broadcasts += 1
                line.seconds += row.seconds
                line.dates.append(day)
            elif outcome is Outcome.MISSED:
                line.missed += 1
            else:
                line.failed += 1
    ordered = sorted(sections.values(), key=lambda s: (s.directive_id is None, s.directive_id or 0))
    return Report(
        station=settings.name,
        district=settings.district,
        province=settings.province,
        first=first,
        last=last,
        today=today or settings.now().date(),
        number=number,
        sections=ordered,
    )


def write_report(report: Report, path: Path, fmt: str) -> None:
    if fmt == "csv":
        write_bytes_atomic(path, report_csv(report).encode("utf-8-sig"))  # BOM: Excel reads UTF-8
    elif fmt == "md":
        write_text_atomic(path, report_markdown(report))
    elif fmt == "docx":
        write_bytes_atomic(path, report_docx(report))
    else:
        raise UserError(f"Không biết định dạng {fmt!r}: chọn docx, csv hoặc md.")


CSV_HEADER = [
    "Văn bản",
    "Trích yếu",
    "Chương trình",
    "Số lần phát",
    "Số phút",
    "Ngày phát",
    "Số lần bỏ lỡ",
    "Số lần lỗi",
]


def report_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for section in report.sections:
        for line in section.lines:
            writer.writerow(
                [
                    section.reference or "",
                    section.subject or ("" if section.directive_id else OTHER),
                    line.title,
                    line.broadcasts,
                    f"{line.minutes:.1f}",
                    line.dates_text,
                    line.missed,
                    line.failed,
                ]
            )
    return out.getvalue()


def _title(report: Report) -> str:
    return (
        f"Kết quả tuyên truyền trên hệ thống truyền thanh {report.station_in_sentence} "
        f"từ ngày {report.first:%d/%m/%Y} đến ngày {report.last:%d/%m/%Y}"
    )


def _opening(report: Report) -> str:
    return (
        f"Đài truyền thanh {report.station_in_sentence} báo cáo kết quả tuyên truyền "
        f"từ ngày {report.first:%d/%m/%Y} đến ngày {report.last:%d/%m/%Y} như sau:"
    )


def decimal(value: float) -> str:
    """A number as Vietnamese documents write it: "4,5" (the comma is the decimal sign)."""
    return f"{value:.1f}".replace(".", ",")


def _summary(section: ReportSection) -> str:
    missed = sum(line.missed for line in section.lines)
    failed = sum(line.failed for line in section.lines)
    text = f"Tổng cộng: {section.broadcasts} lần phát, {decimal(section.minutes)} phút."
    if missed or failed:
        text += (
            f" Không phát được {missed + failed} lần (bỏ lỡ {missed}, lỗi hoặc bỏ qua {failed})."
        )
    return text


def report_markdown(report: Report) -> str:
    lines = [
        f"**UBND {report.station.upper()}**  ",
        "**ĐÀI TRUYỀN THANH**  ",
        f"Số: {report.number or '…/BC-ĐTT'}",
        "",
        "**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**  ",
        "**Độc lập - Tự do - Hạnh phúc**  ",
        f"*{_place_date(report)}*",
        "",
        "# BÁO CÁO",
        f"## {_title(report)}",
        "",
        _opening(report),
        "",
    ]
    if not report.sections:
        lines.append("Không có buổi phát nào trong thời gian này.")
    for number, section in enumerate(report.sections, start=1):
        lines += [
            f"### {number}. {section.heading}",
            "",
            "| STT | Nội dung tuyên truyền | Số lần phát | Số phút | Ngày phát |",
            "|---:|---|---:|---:|---|",
        ]
        for index, line in enumerate(section.lines, start=1):
            lines.append(
                f"| {index} | {line.title} | {line.broadcasts} | {decimal(line.minutes)} | "
                f"{line.dates_text or '—'} |"
            )
        lines += ["", _summary(section), ""]
    lines += ["**Nơi nhận:**", "- Như trên;", "- Lưu: VT.", "", "**TRƯỞNG ĐÀI**"]
    return "\n".join(lines) + "\n"


def _place_date(report: Report) -> str:
    day = report.today
    return f"{report.place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def _vn_date(iso: str) -> str:
    parts = iso.split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        return f"{parts[2]}/{parts[1]}/{parts[0]}"
    return iso


# The A4 page less its 30 mm and 15 mm margins is 165 mm wide.
HEADER_WIDTHS_MM = (62, 103)  # the motto in 12 pt bold needs about 90 mm on one line
TABLE_WIDTHS_MM = (12, 71, 22, 20, 40)  # STT, content, times, minutes, days


def report_docx(report: Report) -> bytes:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    document = new_document()
    para = docx_paragraph
    docx_header(
        document,
        issuer=(f"UBND {report.station.upper()}", "ĐÀI TRUYỀN THANH"),
        number=report.number or "      /BC-ĐTT",
        place_date=_place_date(report),
    )
    document.add_paragraph()
    para(document, "BÁO CÁO", bold=True)
    para(document, _title(report), bold=True)
    para(document, "────────", size=13)
    document.add_paragraph()
    body = para(document, _opening(report), align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    body.paragraph_format.first_line_indent = Mm(10)

    if not report.sections:
        para(
            document,
            "Không có buổi phát nào trong thời gian này.",
            align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        )
    for number, section in enumerate(report.sections, start=1):
        heading = para(
            document, f"{number}. {section.heading}", bold=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY
        )
        heading.paragraph_format.first_line_indent = Mm(10)
        heading.paragraph_format.space_before = Pt(6)
        rows = [
            (
                str(index),
                line.title,
                str(line.broadcasts),
                decimal(line.minutes),
                line.dates_text or "—",
            )
            for index, line in enumerate(section.lines, start=1)
        ]
        docx_table(
            document,
            ("STT", "Nội dung tuyên truyền", "Số lần phát", "Số phút", "Ngày phát"),
            rows,
            TABLE_WIDTHS_MM,
        )
        summary = para(document, _summary(section), align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        summary.paragraph_format.first_line_indent = Mm(10)
        summary.paragraph_format.space_before = Pt(6)
    docx_footer(document, "TRƯỞNG ĐÀI")
    return docx_bytes(document)


# ------------------------------------------------------------- a Vietnamese administrative docx
# Shared by the station's report and the hub's (radio_sched.hub.report).


def new_document() -> Any:
    """An A4 page with the margins and the font of Nghị định 30/2020/NĐ-CP."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    document = Document()
    page = document.sections[0]
    page.orientation = WD_ORIENT.PORTRAIT
    page.page_width, page.page_height = Mm(210), Mm(297)
    page.top_margin, page.bottom_margin = Mm(20), Mm(20)
    page.left_margin, page.right_margin = Mm(30), Mm(15)
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    # East-Asian font slot too, or Word falls back to another face for Vietnamese letters.
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")
    return document


def docx_paragraph(
    cell_or_doc: Any,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: int = 14,
    align: Any = None,
    first: bool = False,
) -> Any:
    """A paragraph (centred unless told), in a cell (``first``: its existing empty paragraph)
    or the document."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = cell_or_doc.paragraphs[0] if first else cell_or_doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if align is None else align
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    run.font.size = Pt(size)
    return paragraph


def docx_fixed_widths(table: Any, widths: tuple[int, ...]) -> None:
    """Column widths Word and LibreOffice keep (fixed layout, every cell set): without them
    the columns come out equal and the national motto wraps."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    table.autofit = False
    layout = table._tbl.tblPr.find(qn("w:tblLayout"))
    if layout is None:
        layout = OxmlElement("w:tblLayout")
        table._tbl.tblPr.append(layout)
    layout.set(qn("w:type"), "fixed")
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Mm(width)


def docx_header(document: Any, *, issuer: tuple[str, str], number: str, place_date: str) -> None:
    """The issuing body (its parent above, itself in bold) beside the national motto."""
    from docx.enum.table import WD_TABLE_ALIGNMENT

    para = docx_paragraph
    header = document.add_table(rows=1, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = header.rows[0].cells
    para(left, issuer[0], size=13, first=True)
    para(left, issuer[1], bold=True, size=13)
    para(left, "───────", size=13)
    para(left, f"Số: {number}", size=13)
    para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12, first=True)
    para(right, "Độc lập - Tự do - Hạnh phúc", bold=True, size=13)
    para(right, "───────────────", size=13)
    para(right, place_date, italic=True, size=13)
    docx_fixed_widths(header, HEADER_WIDTHS_MM)


def docx_table(
    document: Any,
    titles: tuple[str, ...],
    rows: Sequence[tuple[str, ...]],
    widths: tuple[int, ...],
) -> Any:
    """A bordered table: bold titles, the second column left-aligned, the others centred."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    para = docx_paragraph
    table = document.add_table(rows=1, cols=len(titles))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, titles, strict=True):
        para(cell, text, bold=True, size=13, first=True)
    for values in rows:
        cells = table.add_row().cells
        for position, (cell, text) in enumerate(zip(cells, values, strict=True)):
            align = WD_ALIGN_PARAGRAPH.LEFT if position == 1 else WD_ALIGN_PARAGRAPH.CENTER
            para(cell, text, size=13, align=align, first=True)
    docx_fixed_widths(table, widths)
    return table


def docx_footer(document: Any, signer: str) -> None:
    """ "Nơi nhận" on the left, the signer's title on the right."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    para = docx_paragraph
    document.add_paragraph()
    footer = document.add_table(rows=1, cols=2)
    recipients, signature = footer.rows[0].cells
    para(
        recipients,
        "Nơi nhận:",
        bold=True,
        italic=True,
        size=12,
        align=WD_ALIGN_PARAGRAPH.LEFT,
        first=True,
    )
    para(recipients, "- Như trên;", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    para(recipients, "- Lưu: VT.", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    para(signature, signer, bold=True, first=True)
    para(signature, "(Ký, ghi rõ họ tên)", italic=True, size=13)
    docx_fixed_widths(footer, HEADER_WIDTHS_MM)


def docx_bytes(document: Any) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
