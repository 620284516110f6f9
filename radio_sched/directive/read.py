"""Directive files → NFC text. The only part of the directive package that touches files.

Supported: .txt (UTF-8 with or without BOM, UTF-16 with BOM, Windows-1258), .docx (paragraphs
and tables, in document order) and .pdf with a text layer. Everything else is refused with a
message that names the file and says what to do: other formats, files too large to be a directive,
and text that does not read as Vietnamese (a wrong encoding decodes, but not into Vietnamese
syllables; see ``coherence``).
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from pathlib import Path

from radio_sched.directive.coherence import reads_as_vietnamese
from radio_sched.errors import UserError

# Size limits, so a wrong file is refused at once instead of being composed for minutes into hours
# of "script" (a 50 MB text took 1 min 49 s and 1.1 GB of memory). Real directives are short: the
# 38 shared samples are at most 5 KB of text, and the longest plans with their annexes run to tens
# of KB. Read aloud at about 550 characters a minute (the composer's estimate on the samples),
# 200,000 characters is six hours of speech, several times the longest directive and far more
# than any slot (30 minutes hold about 16,000 characters).
MAX_TEXT_CHARACTERS = 200_000
# A .txt file holds at most 4 bytes per character (UTF-16 or UTF-8 with NFD marks): checked on
# the file's size before reading a byte of it.
MAX_TEXT_FILE_BYTES = 4 * MAX_TEXT_CHARACTERS
# .docx and .pdf carry fonts, images and scanned annexes besides their text: a generous 30 MB.
MAX_DOCUMENT_FILE_BYTES = 30 * 1024 * 1024
# A .docx is a zip: its parts, once unpacked, must stay within bounds too (a zip bomb is small).
MAX_DOCX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_PDF_PAGES = 300

SUPPORTED_SUFFIXES = (".txt", ".docx", ".pdf")
# Letters that exist in Vietnamese but not in plain ASCII: a text with none of them is not
# Vietnamese (or was decoded with the wrong encoding).
_VIETNAMESE_LETTERS = re.compile(
    "[ăâđêôơưĂÂĐÊÔƠƯáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
    "ÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ]"
)


class DirectiveReadError(UserError):
    """The file cannot be read as a directive."""


def read_directive_text(path: Path, *, force: bool = False) -> str:
    """The text of a directive file, NFC, with LF line ends."""
    if not path.exists():
        raise DirectiveReadError(f"{path}: không tìm thấy tệp. Hãy kiểm tra lại đường dẫn.")
    if path.is_dir():
        raise DirectiveReadError(f"{path}: đây là thư mục, không phải tệp văn bản.")
    suffix = path.suffix.lower()
    if suffix == ".doc":
        raise DirectiveReadError(
            f"{path}: định dạng .doc cũ chưa được hỗ trợ. Hãy mở bằng Word và lưu thành .docx."
        )
    if suffix not in SUPPORTED_SUFFIXES:
        raise DirectiveReadError(
            f"{path}: không đọc được tệp đuôi {suffix or '(không có đuôi)'}. "
            "Hãy dùng tệp .txt, .docx hoặc .pdf."
        )
    _check_file_size(path, suffix)
    data = path.read_bytes()
    if not data.strip():
        raise DirectiveReadError(f"{path}: tệp rỗng. Hãy chọn tệp văn bản có nội dung.")
    if suffix == ".txt":
        text = decode_text(data, path)
    elif suffix == ".docx":
        text = _docx_text(path)
    else:
        text = _pdf_text(path)
    text = normalize_text(text)
    if not text.strip():
        raise DirectiveReadError(f"{path}: tệp không có chữ nào. Hãy chọn tệp văn bản có nội dung.")
    if len(text) > MAX_TEXT_CHARACTERS:
        raise DirectiveReadError(
            f"{path}: văn bản dài {len(text):,} ký tự, quá giới hạn {MAX_TEXT_CHARACTERS:,} ký tự "
            "(khoảng sáu giờ đọc, dài hơn mọi văn bản chỉ đạo). Hãy kiểm tra lại có đúng tệp "
            "không, hoặc tách lấy phần cần tuyên truyền."
        )
    if not force and not _VIETNAMESE_LETTERS.search(text):
        raise DirectiveReadError(
            f"{path}: không thấy chữ tiếng Việt nào — có thể sai bảng mã hoặc không phải văn bản "
            "tiếng Việt. Hãy lưu lại tệp ở dạng UTF-8, hoặc dùng --force nếu vẫn muốn đọc."
        )
    if not force and not reads_as_vietnamese(text):
        raise DirectiveReadError(
            f"{path}: nội dung không đọc được thành tiếng Việt — tệp dùng bảng mã khác hoặc không "
            "phải văn bản tiếng Việt. Nếu văn bản gõ bằng phông TCVN3 (.VnTime) hay VNI, hãy "
            "chuyển mã sang Unicode (ví dụ bằng Unikey) rồi lưu ở dạng UTF-8; dùng --force nếu "
            "vẫn muốn đọc."
        )
    return text


def _check_file_size(path: Path, suffix: str) -> None:
    limit = MAX_TEXT_FILE_BYTES if suffix == ".txt" else MAX_DOCUMENT_FILE_BYTES
    size = path.stat().st_size
    if size > limit:
        raise DirectiveReadError(
            f"{path}: tệp nặng {_megabytes(size)}, quá giới hạn {_megabytes(limit)} cho tệp "
            f"{suffix} (văn bản chỉ đạo thật chỉ vài chục KB chữ). Hãy kiểm tra lại có đúng tệp "
            "không, hoặc tách lấy phần cần tuyên truyền."
        )


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")


def normalize_text(text: str) -> str:
    """NFC, LF line ends, no BOM or zero-width characters, no trailing spaces."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\ufeff", "").replace("\u200b", "").replace("\xa0", " ")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n") + "\n"


def decode_text(data: bytes, path: Path) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise DirectiveReadError(f"{path}: tệp UTF-16 bị hỏng ({error.reason}).") from error
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Windows-1258 is what Vietnamese Windows wrote before Unicode; its tone marks are
    # combining characters, which normalize_text folds into NFC.
    try:
        return data.decode("cp1258")
    except UnicodeDecodeError as error:
        raise DirectiveReadError(
            f"{path}: không nhận ra bảng mã của tệp. Hãy lưu lại tệp ở dạng UTF-8."
        ) from error


def _docx_text(path: Path) -> str:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if not zipfile.is_zipfile(path):
        raise DirectiveReadError(
            f"{path}: không phải tệp .docx hợp lệ (có thể tệp bị hỏng hoặc đổi đuôi). "
            "Hãy mở bằng Word và lưu lại thành .docx."
        )
    with zipfile.ZipFile(path) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > MAX_DOCX_UNPACKED_BYTES:
        raise DirectiveReadError(
            f"{path}: tệp .docx giải nén ra {_megabytes(unpacked)}, quá giới hạn "
            f"{_megabytes(MAX_DOCX_UNPACKED_BYTES)}. Hãy kiểm tra lại có đúng tệp không."
        )
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise DirectiveReadError(
            f"{path}: tệp .docx bị hỏng hoặc không đầy đủ ({error}). "
            "Hãy tải lại tệp hoặc mở bằng Word và lưu lại."
        ) from error
    except Exception as error:  # lxml and zip errors from a truncated package vary by version
        raise DirectiveReadError(
            f"{path}: tệp .docx bị hỏng ({type(error).__name__}). Hãy tải lại tệp."
        ) from error
    return "\n\n".join(_docx_blocks(document))


def _docx_blocks(document: object) -> list[str]:
    """Paragraphs and table cells in document order; a merged cell is read once."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    blocks: list[str] = []
    for block in document.iter_inner_content():  # type: ignore[attr-defined]
        if isinstance(block, Paragraph):
            if block.text.strip():
                blocks.append(block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    lines = [p.text for p in cell.paragraphs if p.text.strip()]
                    if lines:
                        blocks.append("\n".join(lines))
    return blocks


def _pdf_text(path: Path) -> str:
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    if not path.read_bytes()[:1024].lstrip().startswith(b"%PDF"):
        raise DirectiveReadError(
            f"{path}: không phải tệp PDF (có thể đã đổi đuôi). Hãy chọn đúng tệp PDF."
        )
    try:
        with pdfplumber.open(str(path)) as pdf:
            if len(pdf.pages) > MAX_PDF_PAGES:
                raise DirectiveReadError(
                    f"{path}: tệp PDF có {len(pdf.pages)} trang, quá giới hạn {MAX_PDF_PAGES} "
                    "trang. Hãy tách lấy phần cần tuyên truyền."
                )
            pages = [page.extract_text() or "" for page in pdf.pages]
    except DirectiveReadError:
        raise
    except (PDFSyntaxError, ValueError, KeyError, TypeError) as error:
        raise DirectiveReadError(
            f"{path}: tệp PDF bị hỏng ({type(error).__name__}). Hãy tải lại tệp."
        ) from error
    except Exception as error:  # pdfminer raises many kinds of errors on damaged files
        raise DirectiveReadError(
            f"{path}: không đọc được tệp PDF ({type(error).__name__}). Hãy tải lại tệp."
        ) from error
    text = "\n\n".join(pages)
    if not text.strip():
        raise DirectiveReadError(
            f"{path}: tệp PDF không có lớp chữ (có thể là ảnh chụp). "
            "Hãy xin bản PDF có chữ, bản .docx, hoặc gõ lại thành tệp .txt."
        )
    return text
