"""As-run log → "Báo cáo kết quả tuyên truyền" (docx, csv, md) and the asrun command."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from radio_sched.cli import main
from radio_sched.schedule.model import Outcome, Placement, Priority
from radio_sched.store import asrun
from radio_sched.store.db import open_store
from radio_sched.store.documents import DirectiveRow

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def placement(
    key: str, day: int, hour: int, program_id: int, title: str, directive: int | None
) -> Placement:
    start = dt.datetime(2021, 9, day, hour, 0, tzinfo=ZONE)
    end = start + dt.timedelta(minutes=5)
    return Placement(
        key=key,
        program_id=program_id,
        title=title,
        start=start,
        end=end,
        slot="Sáng" if hour < 12 else "Chiều",
        priority=Priority.NORMAL,
        day=start.date(),
        slot_start=start,
        slot_end=start + dt.timedelta(minutes=30),
        directive_id=directive,
    )


@pytest.fixture
def logged() -> None:
    store = open_store()
    with store.session() as session:
        directive = DirectiveRow(
            source_name="cv.txt",
            source_sha256="0" * 64,
            text="…",
            reference="123/STTTT-TTBCXB",
            subject="tuyên truyền phòng, chống dịch COVID-19",
            campaign_start=dt.date(2021, 9, 7),
            campaign_end=dt.date(2021, 9, 14),
            frequency_per_day=2,
            parsed={"issuer": "Sở Thông tin và Truyền thông tỉnh Lạng Sơn", "date": "2021-09-06"},
        )
        session.add(directive)
        session.flush()
        rows = [
            (placement("a", 7, 6, 1, "Phòng chống dịch", directive.id), Outcome.PLAYED, ""),
            (placement("b", 7, 17, 1, "Phòng chống dịch", directive.id), Outcome.PLAYED, ""),
            (placement("c", 8, 6, 1, "Phòng chống dịch", directive.id), Outcome.MISSED, "mất điện"),
            (placement("d", 8, 17, 2, "Thông báo của xã", None), Outcome.PLAYED, ""),
            (placement("e", 20, 6, 2, "Thông báo của xã", None), Outcome.PLAYED, ""),  # outside
        ]
        for item, outcome, reason in rows:
            row = asrun.new_row(item, outcome, reason, "file")
            if outcome is Outcome.PLAYED:
                row.started_at, row.ended_at = item.start, item.end
                row.seconds_played = 300.0
            session.add(row)


def report(fmt: str, tmp_path: Path) -> Path:
    out = tmp_path / f"bc.{fmt}"
    assert (
        main(
            [
                "report",
                "--from",
                "2021-09-06",
                "--to",
                "2021-09-12",
                "--format",
                fmt,
                "-o",
                str(out),
                "--number",
                "05/BC-ĐTT",
            ]
        )
        == 0
    )
    return out


def test_csv_counts_broadcasts_minutes_and_dates(logged: None, tmp_path: Path) -> None:
    text = report("csv", tmp_path).read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 2
    first, other = rows
    assert first["Văn bản"] == "123/STTTT-TTBCXB"
    assert (first["Số lần phát"], first["Số phút"], first["Ngày phát"], first["Số lần bỏ lỡ"]) == (
        "2",
        "10.0",
        "07/09",
        "1",
    )
    assert (other["Chương trình"], other["Số lần phát"], other["Ngày phát"]) == (
        "Thông báo của xã",
        "1",
        "08/09",
    )


def test_markdown(logged: None, tmp_path: Path) -> None:
    text = report("md", tmp_path).read_text(encoding="utf-8")
    assert "# BÁO CÁO" in text and "Số: 05/BC-ĐTT" in text
    assert "Văn bản số 123/STTTT-TTBCXB ngày 06/09/2021 của Sở Thông tin" in text
    assert "| 1 | Phòng chống dịch | 2 | 10,0 | 07/09 |" in text
    assert "Tổng cộng: 2 lần phát, 10,0 phút." in text
    assert "bỏ lỡ 1" in text


def test_docx_is_laid_out_like_an_administrative_report(logged: None, tmp_path: Path) -> None:
    from docx import Document
    from docx.shared import Mm

    document = Document(str(report("docx", tmp_path)))
    section = document.sections[0]
    assert section.left_margin is not None and abs(section.left_margin - Mm(30)) < Mm(1)
    header = document.tables[0].rows[0].cells
    assert "UBND XÃ TÂN THÀNH" in header[0].text and "Số: 05/BC-ĐTT" in header[0].text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header[1].text
    assert "Độc lập - Tự do - Hạnh phúc" in header[1].text
    assert "Tân Thành, ngày" in header[1].text
    body = "\n".join(p.text for p in document.paragraphs)
    assert "BÁO CÁO" in body and "Kết quả tuyên truyền" in body
    assert "từ ngày 06/09/2021 đến ngày 12/09/2021" in body
    assert "Đài truyền thanh xã Tân Thành báo cáo" in body
    table = document.tables[1]
    assert [c.text for c in table.rows[0].cells] == [
        "STT",
        "Nội dung tuyên truyền",
        "Số lần phát",
        "Số phút",
        "Ngày phát",
    ]
    assert [c.text for c in table.rows[1].cells] == ["1", "Phòng chống dịch", "2", "10,0", "07/09"]
    # Columns as an administrative table has them, kept by Word (fixed layout), and room for
    # the national motto on one line.
    widths = [round(column.width.mm) for column in table.columns]
    assert widths == [12, 71, 22, 20, 40]
    assert all(round(c.width.mm) == w for c, w in zip(table.rows[1].cells, widths, strict=True))
    assert "fixed" in table._tbl.tblPr.xml
    assert round(document.tables[0].columns[1].width.mm) >= 100
    footer = document.tables[-1].rows[0].cells
    assert "Nơi nhận:" in footer[0].text and "TRƯỞNG ĐÀI" in footer[1].text
    assert document.styles["Normal"].font.name == "Times New Roman"


def test_empty_report(tmp_path: Path) -> None:
    text = report("md", tmp_path).read_text(encoding="utf-8")
    assert "Không có buổi phát nào" in text


def test_asrun_command(logged: None, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["asrun", "--from", "2021-09-06", "--to", "2021-09-12", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["asrun"]
    assert [r["key"] for r in rows] == ["a", "b", "c", "d"]
    assert rows[0]["scheduled_start"] == "2021-09-07T06:00:00+07:00"
    assert rows[2]["outcome"] == "missed" and rows[2]["reason"] == "mất điện"
    assert main(["asrun", "--from", "07/09/2021", "--to", "07/09/2021"]) == 0
    out = capsys.readouterr().out
    assert "đã phát" in out and "Phòng chống dịch" in out and "bỏ lỡ" not in out


def test_an_item_waiting_to_resume_is_not_counted_until_it_ends(
    logged: None, tmp_path: Path
) -> None:
    store = open_store()
    with store.session() as session:
        cut = placement("f", 9, 6, 2, "Thông báo của xã", None)
        row = asrun.new_row(cut, Outcome.INTERRUPTED, "khẩn cấp chen ngang", "file")
        row.started_at, row.seconds_played = cut.start, 40.0
        session.add(row)
    store.dispose()
    text = report("csv", tmp_path).read_bytes().decode("utf-8-sig")
    other = list(csv.DictReader(io.StringIO(text)))[1]
    assert (other["Số lần phát"], other["Số lần lỗi"]) == ("1", "0")


def test_every_outcome_has_a_vietnamese_label() -> None:
    labels = [outcome.label for outcome in Outcome]
    assert len(set(labels)) == len(labels)
    assert "chờ phát tiếp" in labels and not any(label.isascii() for label in labels)
