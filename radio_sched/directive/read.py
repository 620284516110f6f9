"""Directive files → NFC text. The only part of the directive package that touches files.

Supported: .txt (UTF-8 with or without BOM, UTF-16 with BOM, Windows-1258), .docx (paragraphs
and tables, in document order) and .pdf with a text layer. Everything else is refused with a
message that names the file and says what to do.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from pathlib import Path

from radio_sched.errors import UserError

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
    if not force and not _VIETNAMESE_LETTERS.search(text):
        raise DirectiveReadError(
            f"{path}: không thấy chữ tiếng Việt nào — có thể sai bảng mã hoặc không phải văn bản "
            "tiếng Việt. Hãy lưu lại tệp ở dạng UTF-8, hoặc dùng --force nếu vẫn muốn đọc."
        )
    return text


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
            pages = [page.extract_text() or "" for page in pdf.pages]
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
