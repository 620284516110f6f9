"""Text as read → text fit to parse, with every change recorded. Pure: no files, no clock.

Directives reach a commune as complete documents, as portal write-ups with bylines and view
counts, as excerpts cut off mid-word, and as text pasted from a PDF with hard-wrapped lines and
lost letters. ``clean_text`` tells which (``InputKind``), removes the web page's chrome, joins
hard-wrapped lines, drops a cut-off last sentence and finds broken words.

The API the composer uses:

- ``CleanedText.text``: the cleaned text (lines kept, blank lines between paragraphs);
- ``CleanedText.kind``: ``InputKind``;
- ``CleanedText.removals``: each ``Removal`` (the text removed, a ``Reason`` code, the line it
  came from, and ``note``, a Vietnamese sentence for the operator);
- ``CleanedText.broken``: each ``BrokenWord`` found (``repair`` is the fix applied, or None
  when no single fix is certain: the word is left as read and must not be aired);
- ``CleanedText.unrepaired_in(sentence)``: the unrepaired broken words a sentence contains, so
  the composer can hold that sentence back and show why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from radio_sched.directive import chrome as c
from radio_sched.directive.patterns import LOWER
from radio_sched.directive.syllables import has_vietnamese_marks
from radio_sched.directive.typos import find_typos
from radio_sched.directive.words import BrokenWord, find_broken_words, words_missing_marks


class InputKind(StrEnum):
    DOCUMENT = "document"  # a complete administrative document: header, body, signature
    NEWS_WRITEUP = "news_writeup"  # a portal or newspaper write-up about a directive
    EXCERPT = "excerpt"  # part of a document or write-up, cut off or starting mid-text
    PDF_COPY = "pdf_copy"  # a complete document pasted from a PDF: hard wraps, lost letters


class Reason(StrEnum):
    TIMESTAMP = "timestamp"
    VIEW_COUNT = "view_count"
    NAVIGATION = "navigation"
    WIDGET = "widget"
    DOWNLOAD = "download"
    READ_MORE = "read_more"
    SOURCE = "source"
    SITE_TAG = "site_tag"
    OUTLET = "outlet"
    BYLINE = "byline"
    COPYRIGHT = "copyright"
    CONTACT = "contact"
    CAPTION = "caption"
    ATTACHMENT_FILE = "attachment_file"
    DUPLICATE = "duplicate"
    RELATED = "related"
    LAYOUT = "layout"
    CUT_OFF = "cut_off"
    PAGE_TAIL = "page_tail"
    TABLE = "table"
    HEADLINE = "headline"
    DETACHED_MARKS = "detached_marks"
    LINK = "link"
    INTERTITLE = "intertitle"
    ATTACHED = "attached"
    POST_INFO = "post_info"


NOTES: dict[Reason, str] = {
    Reason.TIMESTAMP: "Giờ đăng bài trên trang web, không phải nội dung văn bản.",
    Reason.VIEW_COUNT: "Số lượt xem của trang web.",
    Reason.LINK: "Địa chỉ trang web, không đọc trên loa.",
    Reason.POST_INFO: "Thông tin bài đăng trên trang web (tác giả, ngày đăng, lượt xem).",
    Reason.ATTACHED: "Tài liệu gửi kèm văn bản (phương án, danh sách, mẫu), không đọc trên loa.",
    Reason.INTERTITLE: (
        "Chú thích ảnh hoặc tiêu đề nhỏ chen giữa hai đoạn của bài viết, không phải một câu."
    ),
    Reason.NAVIGATION: "Đường dẫn, mục lục của trang web.",
    Reason.WIDGET: "Nút bấm hoặc tiện ích của trang web (cỡ chữ, thời tiết…).",
    Reason.DOWNLOAD: "Lời mời tải tệp về, không đọc trên loa.",
    Reason.READ_MORE: "Lời mời xem chi tiết trên trang web.",
    Reason.SOURCE: "Dòng ghi nguồn tin.",
    Reason.SITE_TAG: "Tên trang web hoặc tờ báo đứng đầu bài.",
    Reason.OUTLET: "Tên cơ quan báo chí, ban biên tập hoặc cổng thông tin.",
    Reason.BYLINE: "Tên người viết bài.",
    Reason.COPYRIGHT: "Thông tin bản quyền của trang web.",
    Reason.CONTACT: "Địa chỉ, điện thoại liên hệ của trang web.",
    Reason.CAPTION: "Chú thích ảnh hoặc tên tệp ảnh.",
    Reason.ATTACHMENT_FILE: "Tên tệp đính kèm.",
    Reason.DUPLICATE: "Dòng lặp lại lần nữa (tiêu đề hoặc chú thích ảnh).",
    Reason.RELATED: "Danh sách tin liên quan cuối trang.",
    Reason.LAYOUT: "Ký tự trình bày, không có chữ.",
    Reason.CUT_OFF: "Câu cuối bị cắt dở, đọc lên sẽ không trọn nghĩa.",
    Reason.PAGE_TAIL: "Phần trang web sau chữ ký, không thuộc văn bản.",
    Reason.TABLE: (
        "Ô tiêu đề hoặc số thứ tự của một bảng chép mỗi ô một dòng; các hàng của bảng được "
        "đọc thành danh sách."
    ),
    Reason.HEADLINE: "Tiêu đề bài kèm nhãn của trang web, đứng cuối trang như một đường dẫn.",
    Reason.DETACHED_MARKS: (
        "Dấu thanh bị tách khỏi chữ khi chép từ tệp PDF; các chữ quanh đó có thể thiếu dấu, "
        "cần soát lại."
    ),
}


@dataclass(frozen=True)
class Removal:
    """One piece of the text as read that the cleaned text leaves out."""

    text: str
    reason: Reason
    line: int  # 1-based line of the text as read

    @property
    def note(self) -> str:
        return NOTES[self.reason]


@dataclass(frozen=True)
class CleanedText:
    text: str
    kind: InputKind
    removals: tuple[Removal, ...] = ()
    broken: tuple[BrokenWord, ...] = ()
    joined_lines: int = 0  # hard-wrapped lines joined to the line before

    def removed(self, reason: Reason) -> tuple[Removal, ...]:
        return tuple(r for r in self.removals if r.reason is reason)

    def unrepaired_in(self, sentence: str) -> tuple[BrokenWord, ...]:
        return tuple(w for w in self.broken if w.repair is None and w.text in sentence)


@dataclass
class _Line:
    text: str
    number: int  # 1-based, in the text as read


def clean_text(text: str) -> CleanedText:
    """Clean NFC text as read from a directive file; see the module docstring."""
    lines = [
        _Line(part, index + 1)
        for index, raw in enumerate(text.split("\n"))
        for part in (c.split_header_columns(_tidy(raw)) if index < 15 else [_tidy(raw)]) or [""]
    ]
    removals: list[Removal] = []
    formal = c.has_formal_header([line.text for line in lines])

    def drop(line: _Line, reason: Reason, part: str | None = None) -> None:
        removals.append(Removal(part if part is not None else line.text, reason, line.number))

    marked = _writes_marks(text)
    kept: list[_Line] = []
    related = False
    toneless: list[str] = []
    for line in lines:
        if not line.text:
            kept.append(line)
            continue
        if related:
            drop(line, Reason.RELATED)
            continue
        reason = c.line_chrome(line.text)
        if reason is None and marked and c.is_unmarked_label(line.text):
            reason = "widget"
        if reason is not None:
            related = reason == "related"
            drop(line, Reason(reason))
            continue
        marks = c.DETACHED_MARKS.findall(line.text)
        if marks:
            drop(line, Reason.DETACHED_MARKS, " ".join(marks))
            toneless.extend(words_missing_marks(line.text))
            line.text = " ".join(c.DETACHED_MARKS.sub(" ", line.text).split())
        for reason_code, part, rest in c.inline_chrome(line.text):
            drop(line, Reason(reason_code), part)
            line.text = rest
        if line.text:
            kept.append(line)
        else:
            kept.append(_Line("", line.number))

    if not formal:
        _drop_above_headline(kept, removals, drop)
    kept = _tables_as_lists(kept, drop)
    paragraphs, joined = _join_wrapped(kept)
    paragraphs = _drop_duplicates(paragraphs, drop)
    if formal:
        _drop_after_signature(paragraphs, drop)
    else:
        _drop_edges(paragraphs, drop)
        _drop_intertitles(paragraphs, drop)
    cut = _cut_off_end(paragraphs, formal)
    if cut is not None:
        removals.append(Removal(cut[1], Reason.CUT_OFF, cut[0]))
    body = "\n".join(line.text for line in paragraphs)
    body = re.sub(r"\n{3,}", "\n\n", body).strip("\n")
    body, broken = find_broken_words(body)
    body, broken = _keep_names(body, broken, text)
    body, typos = find_typos(body, {word.text for word in broken})
    broken.extend(typos)
    broken.extend(BrokenWord(word, None, "lost_mark", 0) for word in dict.fromkeys(toneless))
    removals.sort(key=lambda r: r.line)
    kind = _kind(formal, cut is not None, joined, broken, body, removals)
    return CleanedText(body, kind, tuple(removals), tuple(broken), joined)


def _writes_marks(text: str) -> bool:
    """Does the text write Vietnamese with its marks (most words of a sample carry one)?"""
    words = text.split()[:400]
    return bool(words) and sum(1 for w in words if has_vietnamese_marks(w)) >= 0.3 * len(words)


def _drop_above_headline(lines: list[_Line], removals: list[Removal], drop: c.Dropper) -> None:
    """A post's headline stands right above its date line; the short lines above the
    headline are the page's menu, categories and widgets ("Quốc phòng - An ninh", "Liên kết
    website"), never the directive's subject."""
    stamp = next((r.line for r in removals if r.reason is Reason.TIMESTAMP and r.line <= 15), None)
    if stamp is None:
        return
    above = [line for line in lines if line.text and line.number < stamp]
    if len(above) < 2:
        return
    for line in above[:-1]:
        if c.is_above_headline_chrome(line.text):
            drop(line, Reason.NAVIGATION)
            line.text = ""


def _tables_as_lists(lines: list[_Line], drop: c.Dropper) -> list[_Line]:
    """A table copied one cell a line ("Stt", the column heads, then "1", its cells, "2", …)
    becomes one list item a row: "- Đơn vị bầu cử: Số 1; Điểm bầu cử: An Đoài." The column
    heads and the row numbers go, recorded; a cell is never read as a line of its own."""
    filled = [line for line in lines if line.text]
    start = next((i for i, line in enumerate(filled) if c.TABLE_SERIAL_HEAD.match(line.text)), None)
    first: int | None
    if start is None:
        found = _headless_table(filled)
        if found is None:
            return lines
        start, first = found
    else:
        first = next((i for i in range(start + 1, len(filled)) if filled[i].text == "1"), None)
    if first is None or first - start > 10:
        return lines
    rows: list[list[_Line]] = []
    index = first
    width = 0
    while index < len(filled) and filled[index].text == str(len(rows) + 1):
        cells: list[_Line] = []
        probe = index + 1
        while probe < len(filled) and filled[probe].text != str(len(rows) + 2):
            if width and len(cells) == width:
                break
            cells.append(filled[probe])
            probe += 1
        if not cells or any(len(cell.text.split()) > 25 for cell in cells):
            break
        width = width or len(cells)
        rows.append([filled[index], *cells])
        index = probe
    if len(rows) < 2:
        return lines
    merged = [_joined_cells([cell.text for cell in row[1:]]) for row in rows]
    heads = c.table_heads([line.text for line in filled[start + 1 : first]], len(merged[0]))
    for line in filled[start:first]:
        drop(line, Reason.TABLE)
    table = {id(line) for line in filled[start:index]}
    result: list[_Line] = []
    for line in lines:
        if id(line) not in table:
            result.append(line)
        elif any(line is row[0] for row in rows):
            drop(line, Reason.TABLE)
            number = next(n for n, row in enumerate(rows) if row[0] is line)
            text = c.table_row(merged[number], heads)
            if number == len(rows) - 1 and index >= len(filled) and _unfinished(merged[number]):
                text = text.rstrip(".")  # the excerpt stops inside the table's last row
            result.append(_Line(text, line.number))
    return result


def _unfinished(cells: list[str]) -> bool:
    last = cells[-1].rstrip()
    return last.count("(") > last.count(")") or (last[-1:].isalpha() and len(cells) < 2)


def _joined_cells(cells: list[str]) -> list[str]:
    """A cell in brackets under another ("Trường THCS Ngô Gia Tự" / "(Địa chỉ ngõ 300 …)") is
    the same cell's second line."""
    joined: list[str] = []
    for cell in cells:
        if joined and cell.startswith("("):
            joined[-1] = f"{joined[-1]} {cell}"
        else:
            joined.append(cell)
    return joined


def _headless_table(filled: list[_Line]) -> tuple[int, int] | None:
    """A table copied one cell a line whose serial column has a head of its own ("Khu vực bỏ
    phiếu" over 1, 2, 3 …): rows "1", "2" and "3" alone on their lines, a few cells apart, under
    short head lines. Returns (the serial column's head, the line "1")."""
    for first, line in enumerate(filled):
        if line.text != "1":
            continue
        second = next(
            (i for i in range(first + 2, first + 12) if i < len(filled) and filled[i].text == "2"),
            None,
        )
        if second is None:
            continue
        width = second - first
        if not (width + second < len(filled) and filled[second + width].text == "3"):
            continue
        start = first
        while (
            start > 0
            and first - start < 8
            and len(filled[start - 1].text.split()) <= 8
            and filled[start - 1].text.rstrip()[-1:] not in ".:;!?"
            and not c.ITEM_START.match(filled[start - 1].text)
        ):
            start -= 1
        if start < first:
            return start, first
    return None


def _keep_names(body: str, broken: list[BrokenWord], read: str) -> tuple[str, list[BrokenWord]]:
    """A capitalised word the writer spells the same way twice or more ("Avương", "XÃ
    AVƯƠNG") is a name, not two words glued by accident: its split is undone."""
    folded = read.casefold()
    kept: list[BrokenWord] = []
    for word in broken:
        name = (
            word.kind == "glued"
            and word.repair is not None
            and word.text[:1].isupper()
            and (word.text[1:].islower() or word.text.isupper())
            and len(re.findall(rf"(?<!\w){re.escape(word.text.casefold())}(?!\w)", folded)) >= 2
        )
        if name and word.repair is not None:
            body = re.sub(rf"(?<!\w){re.escape(word.repair)}(?!\w)", word.text, body)
        else:
            kept.append(word)
    return body, kept


# "tím tái, ....phụ huynh cần …": dots standing for "and so on" glued to the next clause.
_ELISION_GLUED = re.compile(rf"(?<![\d.])\s*,?\s*(?:\.{{2,}}|…)\s*(?=[{LOWER}])")


# "Từ 14h00′ đến 15h30′", "12h00'": a minutes sign after a clock time, never read.
_MINUTE_MARK = re.compile(r"(?<=\d[hH]\d\d)[′'’]|(?<=\d giờ \d\d)[′'’]")


# Pictographs a social-media post uses as bullets and decoration ("👉 Khu phố 1: …", "✅ Mọi
# công dân …"): a bullet at the start of a line, nothing elsewhere; never read aloud.
_PICTOGRAPH = (
    "[\U0001f000-\U0001faff\u2600-\u26ff\u2700-\u27bf\u2b00-\u2bff\u2190-\u21ff"
    "\u25a0-\u25ff\u2300-\u23ff\ufe0f\u200d]"
)
_LEADING_PICTOGRAPHS = re.compile(rf"^(?:{_PICTOGRAPH}|\s)*{_PICTOGRAPH}\s*")
_PICTOGRAPHS = re.compile(rf"\s*{_PICTOGRAPH}+\s*")
_HAS_PICTOGRAPH = re.compile(_PICTOGRAPH)


def _tidy(raw: str) -> str:
    text = " ".join(raw.replace("\u200b", "").replace("\ufeff", "").split())
    if _HAS_PICTOGRAPH.search(text):
        bullet = _LEADING_PICTOGRAPHS.match(text)
        text = _PICTOGRAPHS.sub(" ", text[bullet.end() :] if bullet else text).strip()
        if bullet and text:
            text = f"- {text}"
    if ".." in text or "…" in text:
        text = _ELISION_GLUED.sub(", ", text)
    if "′" in text or "'" in text or "’" in text:
        text = _MINUTE_MARK.sub("", text)
    return (
        c.GLUED_PUNCTUATION.sub(lambda m: m.group(0) + " ", text)
        if ":" in text or "." in text
        else text
    )


def _drop_duplicates(lines: list[_Line], drop: c.Dropper) -> list[_Line]:
    """A line printed twice is an image's alt text and caption, or a repeated headline: a
    run of identical lines goes entirely (a caption), a later repeat of an earlier line goes
    (the first stays)."""
    texts = [line.text for line in lines]
    result: list[_Line] = []
    seen: set[str] = set()
    for index, line in enumerate(lines):
        key = line.text
        if not key or len(key.split()) > 40:
            result.append(line)
            continue
        neighbours = [t for t in _nonblank_neighbours(texts, index)]
        if key in neighbours:
            drop(line, Reason.CAPTION)
            continue
        if key in seen:
            drop(line, Reason.DUPLICATE)
            continue
        seen.add(key)
        result.append(line)
    return result


def _nonblank_neighbours(texts: list[str], index: int) -> list[str]:
    found: list[str] = []
    for step in (-1, 1):
        probe = index + step
        while 0 <= probe < len(texts) and not texts[probe]:
            probe += step
        if 0 <= probe < len(texts):
            found.append(texts[probe])
    return found


def _drop_edges(lines: list[_Line], drop: c.Dropper) -> None:
    """Bylines, outlet names and contact lines standing at the end of a write-up, and contact
    lines above its headline."""
    while True:
        filled = [line for line in lines if line.text]
        if not filled:
            return
        last = filled[-1]
        reason = c.tail_chrome(last.text, filled[-2].text if len(filled) > 1 else "")
        if reason is None:
            break
        drop(last, Reason(reason))
        last.text = ""
    for line in lines:
        if not line.text:
            continue
        if c.CONTACT_LINE.match(line.text):
            drop(line, Reason.CONTACT)
            line.text = ""
            continue
        break


_PROSE_WORDS = 15


def _drop_intertitles(lines: list[_Line], drop: c.Dropper) -> None:
    """A short line with no stop standing between two paragraphs of prose in a write-up is a
    photo's caption or a subheading ("Thanh niên trong diện đến tham gia đăng ký …", "Khám
    phân loại sức khỏe"): read aloud it is a fragment, or worse, a phrase taken for a call.
    Items of a list stand after a line ending in ":" or carry a mark, and are left alone."""
    filled = [line for line in lines if line.text]
    for index in range(1, len(filled) - 1):
        line, before, after = filled[index], filled[index - 1], filled[index + 1]
        text = line.text.rstrip()
        if (
            len(text.split()) <= 20
            and text[-1:] not in c.TERMINAL
            and not c.ITEM_START.match(text)
            and ":" not in text
            and _is_prose(before.text)
            and _is_prose(after.text)
        ):
            drop(line, Reason.INTERTITLE)
            line.text = ""


def _is_prose(text: str) -> bool:
    return (
        len(text.split()) >= _PROSE_WORDS
        and text.rstrip()[-1:] in ".!?…"
        and not c.ITEM_START.match(text)
    )


def _drop_after_signature(lines: list[_Line], drop: c.Dropper) -> None:
    """A formal document ends with its signature (a title in capitals, then a name); short
    lines after it on a web page are the page's links, not the document's."""
    filled = [line for line in lines if line.text]
    for index in range(len(filled) - 1, 0, -1):
        if c.PERSON_NAME.match(filled[index].text) and c.is_title_line(filled[index - 1].text):
            for line in filled[index + 1 :]:
                if c.is_page_tail(line.text):
                    drop(line, Reason.PAGE_TAIL)
                    line.text = ""
            return


def _join_wrapped(lines: list[_Line]) -> tuple[list[_Line], int]:
    """Join a line to the one before when the break is a hard wrap, not a paragraph end."""
    width = c.wrap_width([line.text for line in lines])
    result: list[_Line] = []
    joined = 0
    last = ""  # the physical line above
    for line in lines:
        previous = result[-1] if result else None
        if (
            previous is not None
            and previous.text
            and line.text
            and c.continues(previous.text, line.text, width, last)
        ):
            previous.text = f"{previous.text} {line.text}"
            joined += 1
            last = line.text
            continue
        result.append(_Line(line.text, line.number))
        last = line.text
    return result, joined


def _cut_off_end(lines: list[_Line], formal: bool) -> tuple[int, str] | None:
    """Drop the unfinished last sentence of text that stops mid-sentence."""
    filled = [line for line in lines if line.text]
    last = filled[-1] if filled else None
    others = [line.text for line in filled[:-1]]
    if last is None or not c.is_cut_off(last.text, others, formal=formal):
        return None
    kept, tail = c.split_unfinished(last.text)
    last.text = kept
    return last.number, tail


def _kind(
    formal: bool,
    cut: bool,
    joined: int,
    broken: list[BrokenWord],
    body: str,
    removals: list[Removal],
) -> InputKind:
    if cut or c.starts_mid_text(body):
        return InputKind.EXCERPT
    if formal:
        lost = any(word.kind in ("lost_letter", "split") for word in broken) or any(
            r.reason is Reason.DETACHED_MARKS for r in removals
        )
        return InputKind.PDF_COPY if joined >= 3 or lost else InputKind.DOCUMENT
    return InputKind.NEWS_WRITEUP
