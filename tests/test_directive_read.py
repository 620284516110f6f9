"""Reading directive files: formats, encodings, NFC, and every kind of bad input."""

from __future__ import annotations

import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

from conftest import DATA_DIR, FOUNDING_SAMPLE, SAMPLE_DIRECTIVES
from radio_sched.directive.coherence import syllable_share
from radio_sched.directive.read import (
    MAX_DOCX_UNPACKED_BYTES,
    MAX_TEXT_CHARACTERS,
    DirectiveReadError,
    read_directive_text,
)
from radio_sched.directive.syllables import is_syllable

_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """Encode as Vietnamese Windows did: precomposed base letters (ư, ơ, â …) plus combining
    tone marks (ộ is ô then a dot below)."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(part for part in parts if part in _TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in _TONE_MARKS))
        out += base.encode("cp1258") + tones.encode("cp1258")
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


BAD_INPUTS: dict[str, tuple[Callable[[Path], Path], str]] = {
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


# -- encodings: a wrong one is refused, Vietnamese in every encoding still reads ---------------

# Real text of each language, written in the encoding its users' Windows would use. The bytes
# all decode through the Windows-1258 fallback (or as UTF-8), so only the language can tell.
FOREIGN_TEXTS = {
    "gb2312": (
        "关于加强新冠肺炎疫情防控工作的通知。各乡镇人民政府：为进一步做好疫情防控工作，"
        "现将有关事项通知如下。请各单位认真贯彻落实，加强宣传，做好群众工作。"
    ),
    "shift_jis": (
        "新型コロナウイルス感染症の対策について。住民の皆様へお知らせします。"
        "外出の際はマスクの着用と手洗いをお願いします。"
    ),
    "koi8_r": (
        "Уважаемые жители! Администрация сообщает о проведении субботника в эту субботу. "
        "Просим всех принять участие в уборке улиц и дворов."
    ),
    "latin-1": (
        "Chers habitants, la mairie vous informe que la fête du village aura lieu à l'école "
        "samedi prochain. Élèves et parents sont invités à célébrer l'été ensemble."
    ),
}


@pytest.mark.parametrize("encoding", sorted(FOREIGN_TEXTS))
def test_text_in_another_language_or_encoding_is_refused(tmp_path: Path, encoding: str) -> None:
    path = _write(tmp_path / "congvan.txt", FOREIGN_TEXTS[encoding].encode(encoding))
    with pytest.raises(DirectiveReadError) as error:
        read_directive_text(path)
    message = str(error.value)
    assert str(path) in message
    assert "bảng mã" in message
    assert "\n" not in message


def test_french_in_utf8_is_not_vietnamese_either(tmp_path: Path) -> None:
    path = _write(tmp_path / "thong-bao.txt", FOREIGN_TEXTS["latin-1"].encode("utf-8"))
    with pytest.raises(DirectiveReadError, match="tiếng Việt"):
        read_directive_text(path)


def test_force_still_reads_what_the_coherence_test_refuses(tmp_path: Path) -> None:
    path = _write(tmp_path / "thong-bao.txt", FOREIGN_TEXTS["latin-1"].encode("utf-8"))
    assert read_directive_text(path, force=True).startswith("Chers habitants")


def _in_cp1258(char: str) -> bool:
    try:
        to_cp1258(char)
    except UnicodeEncodeError:
        return False
    return True


@pytest.mark.parametrize("sample", SAMPLE_DIRECTIVES, ids=lambda path: path.stem)
def test_every_real_directive_reads_in_utf8_and_in_windows_1258(
    tmp_path: Path, sample: Path
) -> None:
    expected = read_directive_text(sample)
    text = sample.read_text(encoding="utf-8")
    if all(ch.isascii() or _in_cp1258(ch) for ch in set(text)):
        # a post with emoji or a prime sign (143, 129) was never a Windows-1258 file
        legacy = _write(tmp_path / "cp1258.txt", to_cp1258(text))
        assert read_directive_text(legacy) == expected
    utf16 = _write(tmp_path / "utf16.txt", sample.read_text(encoding="utf-8").encode("utf-16"))
    assert read_directive_text(utf16) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("nghiêng", True),
        ("Khuyến", True),
        ("UBND", False),
        ("quyết", True),
        ("fête", False),
        ("ảá", False),  # two tone marks on one syllable
        ("ØÓÚ", False),
        ("субботу", False),
    ],
)
def test_syllable_shape(word: str, expected: bool) -> None:
    assert is_syllable(word) is expected


def test_real_directives_are_mostly_syllables_and_garbled_text_is_not() -> None:
    lowest = min(syllable_share(path.read_text(encoding="utf-8")) for path in SAMPLE_DIRECTIVES)
    garbled = max(
        syllable_share(unicodedata.normalize("NFC", text.encode(enc).decode("cp1258", "replace")))
        for enc, text in FOREIGN_TEXTS.items()
    )
    assert lowest > 0.8 > 0.4 > garbled


# -- size limits ------------------------------------------------------------------------------


def test_a_50_mb_text_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "khong-lo.txt"
    with path.open("wb") as handle:  # a real 50 MB file; sparse, so the test writes little
        handle.write(VIETNAMESE.encode("utf-8"))
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(DirectiveReadError) as error:
        read_directive_text(path)
    message = str(error.value)
    assert str(path) in message
    assert "50,0 MB" in message and "0,8 MB" in message


def test_text_longer_than_the_character_limit_is_refused(tmp_path: Path) -> None:
    paragraph = FOUNDING_SAMPLE.read_text(encoding="utf-8")
    text = paragraph * (MAX_TEXT_CHARACTERS // len(paragraph) + 1)
    path = _write(tmp_path / "dai.txt", text.encode("utf-8"))
    with pytest.raises(DirectiveReadError) as error:
        read_directive_text(path)
    assert str(path) in str(error.value)
    assert f"{MAX_TEXT_CHARACTERS:,}" in str(error.value)


def test_docx_that_unpacks_beyond_the_limit_is_refused(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Kính gửi: Ủy ban nhân dân xã")
    path = tmp_path / "bom.docx"
    document.save(str(path))
    with (
        zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("word/media/padding.bin", "w", force_zip64=True) as part,
    ):
        block = bytes(1 << 20)
        for _ in range(MAX_DOCX_UNPACKED_BYTES // len(block) + 1):
            part.write(block)
    assert path.stat().st_size < 1024 * 1024
    with pytest.raises(DirectiveReadError, match="giải nén"):
        read_directive_text(path)
