"""Reading directive files: formats, encodings, NFC, and every kind of bad input."""

from __future__ import annotations

import unicodedata
import zipfile
from pathlib import Path

import docx
import pytest

from conftest import DATA_DIR, FOUNDING_SAMPLE
from radio_sched.directive.read import DirectiveReadError, read_directive_text


def to_cp1258(text: str) -> bytes:
    """Encode as Vietnamese Windows did: precomposed base letters (ư, ơ, â …) plus combining
    tone marks."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", parts[:2])
        if len(base) == 1 and len(parts) > 2:
            out += base.encode("cp1258") + parts[2:].encode("cp1258")
        else:
            out += parts.encode("cp1258")
    return bytes(out)


VIETNAMESE = (
    "Kính gửi: Ủy ban nhân dân xã.\nĐề nghị tuyên truyền từ ngày 07/9 đến ngày 14/9/2021.\n"
)


@pytest.mark.parametrize(
    ("encoded", "label"),
    [
        (VIETNAMESE.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + VIETNAMESE.encode("utf-8"), "utf-8 with BOM"),
        (VIETNAMESE.replace("\n", "\r\n").encode("utf-8"), "CRLF"),
        (VIETNAMESE.encode("utf-16"), "utf-16 with BOM"),
        (unicodedata.normalize("NFD", VIETNAMESE).encode("utf-8"), "NFD (Word on macOS)"),
        (to_cp1258(VIETNAMESE), "Windows-1258"),
    ],
)
def test_text_encodings_all_read_as_the_same_nfc_text(
    tmp_path: Path, encoded: bytes, label: str
) -> None:
    path = tmp_path / "congvan.txt"
    path.write_bytes(encoded)
    text = read_directive_text(path)
    assert text == VIETNAMESE, label
    assert unicodedata.is_normalized("NFC", text)


def test_docx_reads_paragraphs_and_header_table_in_order(tmp_path: Path) -> None:
    document = docx.Document()
    header = document.add_table(rows=2, cols=2)
    header.cell(0, 0).text = "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    header.cell(1, 0).text = "Số: 123/STTTT-TTBCXB\nV/v tuyên truyền bầu cử"
    header.cell(1, 1).text = "Lạng Sơn, ngày 02 tháng 3 năm 2021"
    document.add_paragraph("Kính gửi: UBND các xã.")
    document.add_paragraph("1. Tuyên truyền khẩu hiệu “Ngày bầu cử là ngày hội của toàn dân”.")
    path = tmp_path / "congvan.docx"
    document.save(str(path))

    text = read_directive_text(path)

    assert text.index("SỞ THÔNG TIN") < text.index("Số: 123") < text.index("Kính gửi")
    assert "Lạng Sơn, ngày 02 tháng 3 năm 2021" in text
    assert "“Ngày bầu cử là ngày hội của toàn dân”" in text


def test_pdf_with_text_layer() -> None:
    text = read_directive_text(DATA_DIR / "files" / "directive.pdf")
    assert "Số: 812/STTTT-TTBCXB" in text
    assert unicodedata.is_normalized("NFC", text)


def _truncated_docx(tmp_path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("Kính gửi: Ủy ban nhân dân xã")
    whole = tmp_path / "whole.docx"
    document.save(str(whole))
    cut = tmp_path / "cut.docx"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    return cut


def _docx_without_document_part(tmp_path: Path) -> Path:
    path = tmp_path / "empty-package.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    return path


BAD_INPUTS = {
    "missing": (lambda tmp: tmp / "khong-co.txt", "không tìm thấy tệp"),
    "empty": (lambda tmp: _write(tmp / "rong.txt", b""), "tệp rỗng"),
    "whitespace": (lambda tmp: _write(tmp / "trang.txt", b" \n\t\r\n "), "tệp rỗng"),
    "docx not a zip": (lambda tmp: _write(tmp / "gia.docx", b"not a zip at all"), ".docx"),
    "docx truncated": (_truncated_docx, ".docx"),
    "docx without document": (_docx_without_document_part, ".docx"),
    "pdf without text": (lambda tmp: DATA_DIR / "files" / "scanned.pdf", "không có lớp chữ"),
    "not a pdf": (lambda tmp: _write(tmp / "gia.pdf", b"hello, not a pdf"), "không phải tệp PDF"),
    "not vietnamese": (
        lambda tmp: _write(tmp / "english.txt", b"Dear all, please broadcast this."),
        "--force",
    ),
    "unknown extension": (lambda tmp: _write(tmp / "anh.jpg", b"\xff\xd8\xff"), ".jpg"),
    "old doc": (lambda tmp: _write(tmp / "cu.doc", b"\xd0\xcf\x11\xe0"), ".docx"),
    "directory": (lambda tmp: tmp, "thư mục"),
}


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_is_refused_with_a_message_naming_the_file(tmp_path: Path, case: str) -> None:
    make, expected = BAD_INPUTS[case]
    path = make(tmp_path)
    with pytest.raises(DirectiveReadError) as error:
        read_directive_text(path)
    message = str(error.value)
    assert str(path) in message
    assert expected in message
    assert "\n" not in message


def test_force_reads_text_without_vietnamese_letters(tmp_path: Path) -> None:
    path = _write(tmp_path / "english.txt", b"Dear all, please broadcast this.")
    assert read_directive_text(path, force=True).startswith("Dear all")


def test_founding_sample_reads() -> None:
    assert "Lê Hải Yến" in read_directive_text(FOUNDING_SAMPLE)
