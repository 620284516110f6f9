"""What a web page, a PDF or a cut-off copy adds to a directive's text: patterns and tests.

Every pattern here describes the genre (how Vietnamese government portals and newspapers lay
out a post, how PDF text wraps), never a sentence of one document. Reason codes are the values
of ``clean.Reason``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from radio_sched.directive.patterns import LOWER, PLACE_DATE, UPPER
from radio_sched.directive.syllables import is_syllable

Dropper = Callable[..., Any]

_I = re.IGNORECASE
_CLOCK = r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:AM|PM|SA|CH))?"
_DATE = r"\d{1,2}[/.-]\d{1,2}[/.-]\d{4}"
# "2025-07-28T11:07:49+07:00": the machine-readable stamp some portals print as text.
_ISO_STAMP = r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
_WEEKDAY = r"(?:Thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|Chủ\s+nhật)"
# What a post's date line may carry besides the date: clock, time zone, UI words, view count.
_UI = (
    r"Xem cỡ chữ|Cỡ chữ|Google|Facebook|Zalo|Twitter|In bài|In trang|Bản in|Chia sẻ|"
    r"Gửi (?:bài|email|cho bạn bè)|Lưu bài|Lưu tin|Nghe (?:đọc )?bài|Đọc bài|Bình luận|"
    r"Thích|Tweet|Email|Đánh giá\s*:?|Liên kết|Bản đồ hành chính|Mã xác thực.*|"
    r"lượt đánh giá\s*:.*|trung bình\s*:.*|A\s*[-+]|GMT\s*\+\s*7|\(GMT\s*\+\s*7\)|"
    r"Lượt xem\s*:?\s*\d*|"
    r"Số lượt xem\s*:?\s*\d*|Lượt đọc\s*:?\s*\d*|Lượt truy cập\s*:?\s*\d*|--+|\||-|–|"
    r"Tăng tương phản|Giảm tương phản|A(?=\s|$)|Publish date|Ngày xuất bản|"
    r"In(?!\w)"  # a blog's print button, alone on its line
)
_UI_ONLY = re.compile(rf"^(?:\s*(?:{_UI})\s*[,;|]?)+$", _I)
TIMESTAMP_LINE = re.compile(
    rf"^\(?\s*(?:{_WEEKDAY}\s*[,-]?\s*)?"
    rf"(?:(?:Ngày\s+)?(?:đăng|cập nhật|đăng tải|xuất bản)\s*:?\s*|"
    rf"(?:Publish(?:ed)?\s+(?:date|on)|Posted\s+on|Date)\s*:?\s*)?"
    rf"(?:{_DATE}\s*[,|-]?\s*{_CLOCK}|{_CLOCK}\s*[,|-]?\s*(?:ngày\s*)?{_DATE}|{_ISO_STAMP}|"
    rf"(?:Ngày|Thời gian|Thời điểm)?\s*(?:đăng|cập nhật|đăng tải)\s*(?:lúc|ngày)?\s*:?\s*{_DATE})"
    rf"(?P<rest>.*)$",
    _I,
)
# "15 Tháng Giêng 2018": a portal's date in words.
_WORD_DATE = (
    r"\d{1,2}\s+Tháng\s+(?:Giêng|Hai|Ba|Tư|Năm|Sáu|Bảy|Tám|Chín|Mười|Mười Một|Mười Hai|Chạp|"
    r"\d{1,2})\s+(?:năm\s+)?\d{4}"
)
TRAILING_TIMESTAMP = re.compile(
    rf"\s+(?P<stamp>{_DATE}\s+{_CLOCK}|{_WORD_DATE}\s+{_CLOCK}|"
    rf"\(?\s*(?:Ngày\s+)?(?:đăng|cập nhật|đăng tải|xuất bản)\s*:?\s*{_DATE}"
    rf"(?:\s*[,-]?\s*{_CLOCK})?\s*\)?)\s*$",
    _I,
)
# A line that is only a web address: the post's own link or a link list under it.
LINK_LINE = re.compile(r"^(?:[*•-]\s*)?(?:https?://|www\.)\S+$", _I)
VIEW_COUNT = re.compile(r"(?:Số\s+)?lượt\s+(?:xem|đọc|truy cập)\s*:?\s*[\d.]+", _I)
NAVIGATION = re.compile(
    r"(?:\S\s*(?:>>|»|›|>)\s*\S)|^(?:Trang chủ|Truy cập nội dung luôn|Bỏ qua nội dung|"
    r"Skip to (?:main )?content|Chuyển đến nội dung|Quay lại|Về đầu trang|Trở về)\b",
    _I,
)
RELATED = re.compile(
    r"^(?:Trả lời|Để lại (?:một )?bình luận|Gửi bình luận|Ý kiến bạn đọc|Bình luận)\s*:?$|"
    r"^(?:(?:Những|Các)\s+)?(?:Tin|Thông tin|Bài viết|Bài|Văn bản)\s+"
    r"(?:liên quan|khác|cùng chuyên mục|đã đưa|mới hơn|cũ hơn)"
    r"\s*:?$|^Các tin (?:khác|đã đưa)\s*:?$|^Xem thêm tin\b",
    _I,
)
WEATHER = re.compile(
    r"^-?\d{1,2}\s*(?:°|º|o)\s*C$|Độ ẩm|Tốc độ gió|Áp suất không khí|"
    r"(?:Thấp nhất|Nhiệt độ)\s*:?\s*-?\d+\s*(?:°|º|o)\s*C.{0,20}cao nhất",
    _I,
)
# "- Kèm phương án dự kiến (…)": the papers sent with the notice, not words for the air.
ATTACHED = re.compile(
    r"^(?:[-–•+*]\s*)?Kèm(?: theo)?\s+(?:phương án|danh sách|mẫu|biểu mẫu|bản|văn bản|"
    r"kế hoạch|quyết định|phụ lục|tài liệu|hồ sơ)(?!\w)",
    _I,
)
DOWNLOAD = re.compile(
    r"^(?:Tải về|Tải xuống|Download|Tải tệp|Tệp đính kèm|Tài liệu đính kèm|File đính kèm|"
    r"Văn bản đính kèm|Tập tin đính kèm|Đính kèm|Tải văn bản)\b",
    _I,
)
READ_MORE = re.compile(
    r"^(?:\(?\s*)(?:Xem chi tiết|Xem thêm|Xem toàn văn|Xem nội dung|Chi tiết xem|"
    r"Nội dung chi tiết|Chi tiết văn bản|Xem văn bản|Xem tại đây|Đọc thêm|Chi tiết tại)\b",
    _I,
)
# "… nội dung của Kế hoạch (Xem nội dung kế hoạch tại đây)": a link's words in brackets.
READ_MORE_IN_PARENS = re.compile(
    r"\s*\(\s*(?:Xem|Chi tiết|Tải|Bấm|Nhấn|Click)[^()]{0,60}?(?:tại đây|ở đây|đính kèm|"
    r"file|tệp)[^()]{0,10}\)",
    _I,
)
SOURCE = re.compile(r"^\(?\s*(?:Nguồn|Theo nguồn)\s*:", _I)
COPYRIGHT = re.compile(
    r"Bản quyền|©|Copyright|Giấy phép (?:số|hoạt động|thiết lập)|Chịu trách nhiệm (?:chính|"
    r"nội dung)|^Chỉ đạo trực tiếp\s*:|^Cơ quan chủ quản\s*:|Trưởng [Bb]an [Bb]iên tập|"
    r"[Gg]hi rõ nguồn|All rights reserved",
    _I,
)
_CONTACT_LABEL = r"(?:Điện thoại|ĐT|Tel|Fax|E-?mail|Địa chỉ|Hotline|Đường dây nóng|Website|Trụ sở)"
CONTACT_LINE = re.compile(rf"^{_CONTACT_LABEL}\s*:?\s*[\d\s().+-]{{6,}}$", _I)
CONTACT_ALONE = CONTACT_LINE
FOOTER_ADDRESS = re.compile(r"^(?:Trụ sở|Địa chỉ)\s*:", _I)
CONTACT_FIELD = re.compile(rf"\b{_CONTACT_LABEL}\s*:", _I)
FILE_NAME = re.compile(
    r"[\w-]+\.(?:pdf|docx?|xlsx?|rar|zip|7z|jpe?g|png|gif|webp|signed\.pdf)\b", _I
)
CAPTION = re.compile(
    r"(?:^|[.(\s])(?:Ảnh|Nguồn ảnh|Ảnh minh họa|Ảnh minh hoạ)\s*:\s*[^.]{2,60}\)?$|"
    # "<headline>- Ảnh 1.": the picture's alt text, the headline again with the picture's number
    r"\S\s*[-–]\s*Ảnh\s+\d{1,2}\.?$"
)
LAYOUT = re.compile(r"^[\W_]*$")
FILE_PATH = re.compile(r"^[A-Za-z]:\\|^(?:/[\w.-]+){2,}/?$")
OUTLET = re.compile(
    r"^(?:Ban [Bb]iên tập|BBT|Cổng (?:thông tin|TTĐT)|Trang (?:thông tin|TTĐT)|Báo điện tử|"
    r"Tòa soạn|Toà soạn)\b",
    _I,
)
PORTAL_FOOTER = re.compile(r"\|\s*(?:Cổng|Trang) (?:thông tin|TTĐT)", _I)
# "(hocmon.gov.vn)", "(VTC News) -", "(TTV) -", "(PLO)-" at the start of a post's first paragraph.
SITE_TAG = re.compile(
    rf"^\(\s*(?P<tag>[\w.-]+\.(?:vn|com|net|org|gov\.vn)|(?:[{UPPER}][\w.]*\s*){{1,3}})\s*\)"
    r"\s*[-–—:]?\s*"
)
DOMAIN_IN_PARENS = re.compile(r"\s*\(\s*(?:https?://)?[\w-]+(?:\.[\w-]+)*\.(?:vn|com|net|org)\s*\)")
_BYLINE_WORD = rf"(?:[{UPPER}][{LOWER}]*\.?)+"
BYLINE = re.compile(
    rf"^(?:(?:Bài|Tin|Ảnh|Tin,? ảnh|Bài,? ảnh|Theo)\s*:?\s*)?"
    rf"{_BYLINE_WORD}(?:\s+{_BYLINE_WORD}){{0,4}}"
    rf"(?:\s*[-–,/]\s*{_BYLINE_WORD}(?:\s+{_BYLINE_WORD}){{0,4}})*\s*\.?$"
)
_NAME_LIKE_TOKEN = re.compile(rf"^[{UPPER}][{LOWER}]*\.?$")
LATIN_BRAND = re.compile(r"^[A-Za-z][A-Za-z0-9.]*(?:\s+[A-Za-z][A-Za-z0-9.]*)?$")

TERMINAL = '.!?…;:)"”»'
NUMBER_LINE = re.compile(r"^Số\s*:?\s*\d*\s*/\s*\S")
MOTTO = re.compile(r"^CỘNG\s*(?:HÒA|HOÀ)?|^Độc lập\s*[-–]\s*Tự do", _I)
ITEM_START = re.compile(r"^(?:[IVXLC]+\.|\d{1,2}(?:\.\d{1,2})*[.)]|[a-zđ]\)|[-–•+*])\s")
DOCUMENT_TITLE = re.compile(
    r"^(?:Công văn|Công điện|Kế hoạch|Thông báo|Chỉ thị|Quyết định|Hướng dẫn|Văn bản|"
    r"Nghị quyết|Thông tư|Nghị định|Luật)\s+(?:số\s*)?\d+"
)
LEGAL_BASIS = re.compile(r"^(?:Thực hiện|Căn cứ|Theo)\s+\S+(?:\s+\S+)?\s+số\b")
CONNECTIVE_START = re.compile(
    r"^(?:Theo đó|Đồng thời|Ngoài ra|Bên cạnh đó|Trong đó|Do đó|Vì vậy|Tuy nhiên|Mặt khác)\b"
)
# Words that cannot end a sentence: the line after them continues it.
_OPEN_ENDINGS = set(
    "của và các cho với để theo tại trên về đến những là có được bị từ trong ngoài sau trước "
    "như hoặc nhưng mà thì nên vì do bằng qua tới cùng này số ngày tháng năm".split()
)


# The fields a portal prints about a post: "Tác giả: UBND thị xã .Ngày đăng: 10/05/2019 .Lượt
# xem: 1844 lượt." Two of them on one line make the line the post's card, not its text.
POST_FIELD = re.compile(
    r"(?:^|[\s.|,;])(?:Tác giả|Người đăng|Người viết|Ngày đăng|Ngày cập nhật|Cập nhật|"
    r"Ngày xuất bản|Lượt xem|Số lượt xem|Lượt đọc|Chuyên mục|Danh mục|Nguồn tin)\s*:",
    _I,
)


def line_chrome(text: str) -> str | None:
    """The reason code when the whole line is page chrome, else None. Chrome lines are short,
    so a long line is rejected before any pattern has to scan it."""
    if LAYOUT.match(text):
        return "layout"
    words = len(text.split())
    if words > 40:
        return None
    if FILE_PATH.match(text):
        return "attachment_file"
    if words <= 30 and len(POST_FIELD.findall(text)) >= 2:
        return "post_info"
    if LINK_LINE.match(text):
        return "link"
    match = TIMESTAMP_LINE.match(text)
    rest = match["rest"].strip(" )") if match else ""
    if match and (not rest or _UI_ONLY.match(rest)):
        return "timestamp"
    if words <= 16 and _UI_ONLY.match(text):
        return "view_count" if VIEW_COUNT.search(text) else "widget"
    if RELATED.match(text):
        return "related"
    if words <= 12 and NAVIGATION.search(text) and not text.endswith("."):
        return "navigation"
    if words <= 25 and WEATHER.search(text):
        return "widget"
    if words <= 25 and DOWNLOAD.match(text):
        return "download"
    if words <= 25 and ATTACHED.match(text):
        return "attached"
    if words <= 15 and READ_MORE.match(text):
        return "read_more"
    if words <= 25 and SOURCE.match(text):
        return "source"
    if COPYRIGHT.search(text):
        return "copyright"
    if _is_contact(text):
        return "contact"
    if words <= 12 and FILE_NAME.search(text):
        return "attachment_file" if not _is_image(text) else "caption"
    if words <= 30 and CAPTION.search(text):
        return "caption"
    if words <= 16 and (OUTLET.match(text) or PORTAL_FOOTER.search(text)):
        return "outlet"
    return None


def is_unmarked_label(text: str) -> bool:
    """A short line of three to eight words written without a single mark ("Chung nhan Tin
    Nhiem Mang"): a badge or widget label rendered in ASCII, never the text of a document
    that writes its other lines with marks (the caller checks that)."""
    words = text.split()
    return (
        3 <= len(words) <= 8
        and all(word.isascii() and word.isalpha() and len(word) <= 7 for word in words)
        and not text.isupper()
    )


def is_above_headline_chrome(text: str) -> bool:
    """A line standing above a post's headline that is a menu entry, a category or a
    widget: short and without a sentence's final punctuation."""
    return len(text.split()) <= 8 and text.rstrip()[-1:] not in ".!?"


# A table's cell bar left at either end of a line pasted from a web page or a PDF.
TABLE_BAR_EDGE = re.compile(r"^\s*\|\s*|\s*\|\s*$")
# "…điều chỉnh. Nguồn: EVNHANOI" — a source note run onto the end of a paragraph.
TRAILING_SOURCE = re.compile(r"(?<=[.!?])\s+\(?\s*(?P<source>Nguồn\s*:\s*[^.()]{1,60})\)?\s*$", _I)
# "Theo thông tin từ trang web chính thức của X (ABBR), …": the write-up's attribution.
ATTRIBUTION = re.compile(
    r"^(?P<clause>Theo (?:thông tin|thông báo|tin) (?:từ|trên|của) (?:trang (?:web|thông tin)|"
    r"website|cổng thông tin)[^,]{0,120}?)\s*,\s*(?=\S)",
    _I,
)


# "như sau:Cảnh báo", "được biết.Đề nghị": a lowercase word, a stop and a capitalised word with
# no space between them lost a space or a line break ("TP.Hồ", "17:30", "Số:12" are left).
GLUED_PUNCTUATION = re.compile(
    rf"(?<=[{LOWER}]{{2}})[:;.!?](?=[{UPPER}][{LOWER}])|"
    # "Thời gian niêm yết:20 ngày": a label's colon glued to its number
    rf"(?<=[{LOWER}]{{2}}):(?=\d{{1,3}}\s+[{LOWER}])"
)

# The head of a table's serial column, alone on its line when a table is copied one cell a line.
TABLE_SERIAL_HEAD = re.compile(r"^(?:STT|Stt|stt|TT|Số TT|Số thứ tự)\.?$")


def table_heads(lines: list[str], width: int) -> list[str] | None:
    """The column heads of a table copied one cell a line, after its serial column: a line
    that starts in lowercase or with "(" continues the head above it. None when they do not
    come out one per column."""
    heads: list[str] = []
    for line in lines:
        if heads and (line[:1].islower() or line.startswith("(")):
            heads[-1] = f"{heads[-1]} {line}"
        else:
            heads.append(line)
    return heads if len(heads) == width else None


def table_row(cells: list[str], heads: list[str] | None) -> str:
    """One row as a list item named by its first cell, the other cells after their column
    heads: "- Số 1: điểm bầu cử: An Đoài; …" (in order, without heads, when the heads are not
    one per column)."""
    cells = [cell.rstrip(" .;,") for cell in cells]
    if len(cells) == 1:
        return f"- {cells[0]}."
    if heads is not None:
        rest = [
            f"{_lower_first(h.rstrip(' :'))}: {v}"
            for h, v in zip(heads[1:], cells[1:], strict=False)
        ]
    else:
        rest = cells[1:]
    return f"- {cells[0]}: " + "; ".join(rest) + "."


def _lower_first(text: str) -> str:
    first = text.split()[0] if text.split() else ""
    return text if first.isupper() and len(first) > 1 else text[:1].lower() + text[1:]


def _is_contact(text: str) -> bool:
    """A phone line alone, or two contact fields or more ("Điện thoại: …; Fax: …; Email: …")."""
    if CONTACT_ALONE.match(text) or len(CONTACT_FIELD.findall(text)) >= 2:
        return True
    return len(text.split()) <= 16 and bool(FOOTER_ADDRESS.match(text))


def _is_image(text: str) -> bool:
    return bool(re.search(r"\.(?:jpe?g|png|gif|webp)\b", text, _I))


def inline_chrome(text: str) -> Iterator[tuple[str, str, str]]:
    """Chrome inside a line that has content too: (reason, removed part, what remains)."""
    match = TABLE_BAR_EDGE.search(text)
    while match and text.strip(" |"):
        rest = (text[: match.start()] + " " + text[match.end() :]).strip()
        yield "layout", "|", rest
        text = rest
        match = TABLE_BAR_EDGE.search(text)
    match = ATTRIBUTION.match(text)
    if match:
        rest = text[match.end() :]
        rest = rest[:1].upper() + rest[1:]
        yield "source", match["clause"], rest
        text = rest
    match = TRAILING_SOURCE.search(text)
    if match:
        rest = text[: match.start()].rstrip()
        yield "source", match["source"].strip(), rest
        text = rest
    match = SITE_TAG.match(text)
    if match and (("." in match["tag"]) or _short_caps(match["tag"])):
        rest = text[match.end() :]
        if rest:
            yield "site_tag", match.group(0).strip(), rest
            text = rest
    match = READ_MORE_IN_PARENS.search(text)
    if match:
        rest = (text[: match.start()] + text[match.end() :]).strip()
        yield "read_more", match.group(0).strip(), rest
        text = rest
    match = DOMAIN_IN_PARENS.search(text)
    if match:
        rest = (text[: match.start()] + text[match.end() :]).strip()
        yield "site_tag", match.group(0).strip(), rest
        text = rest
    match = TRAILING_TIMESTAMP.search(text)
    if match:
        rest = text[: match.start()].rstrip()
        yield "timestamp", match["stamp"], rest
        text = rest
    for match in list(VIEW_COUNT.finditer(text)):
        rest = " ".join(text.replace(match.group(0), " ").split())
        yield "view_count", match.group(0), rest
        text = rest


def _short_caps(tag: str) -> bool:
    """ "VTC News", "TTV", "PLO": an outlet's short name, not a parenthetical phrase."""
    words = tag.split()
    return len(words) <= 3 and all(w[:1].isupper() for w in words)


# A post's headline with the page's tag after a dash ("… ngày mai 26/6 – Cập nhật mới nhất"),
# one sentence long: at the end of a write-up it is the page's link, not the text.
TAGGED_HEADLINE = re.compile(r"^[^.!?;:]{10,}\s[–—|-]\s[^.!?;:,\d]{2,30}[.!?]?$")


def tail_chrome(text: str, previous: str) -> str | None:
    """The reason code when a line standing last in a write-up is a byline or outlet name.
    A name under a title in capitals ("PHÓ CHỦ TỊCH") is a signature, not a byline."""
    words = text.split()
    if _is_heading(previous) or previous.startswith("("):
        return None
    if SOURCE.match(text):
        return "source"
    if len(words) <= 20 and TAGGED_HEADLINE.match(text):
        return "headline"
    if OUTLET.match(text) and len(words) <= 12:
        return "outlet"
    if len(words) <= 2 and LATIN_BRAND.match(text) and not text.isupper():
        return "outlet"  # "PTDnews", "VTC News"
    if len(words) <= 4 and text.isupper() and not re.search(r"\d", text):
        return "byline"  # "PHƯƠNG NGUYÊN", a section label "MỚI - NÓNG"
    if len(words) <= 8 and BYLINE.match(text) and not text.rstrip(".").isupper():
        if any(w[:1].islower() for w in words):
            return None
        return "byline"
    return None


# A two-column header flattened into one line: "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI …",
# "TỈNH HẬU GIANG Độc Lập - Tự Do - Hạnh Phúc", "Số: 454/UBND-NCTH Vị Thanh, ngày 6 tháng 4 …".
_RIGHT_COLUMN = re.compile(
    r"(?<=\S)\s+(?=CỘNG\s+H[OÒ]A\s+XÃ|CỘNG\s+HOÀ\s+XÃ|Độc\s+[Ll]ập\s*[-–]\s*Tự\s+[Dd]o|"
    r"Số\s*:\s*\d|V/v\b|Kính gửi\b)|"
    r"(?<=VIỆT NAM)\s+(?=\S)|(?<=[Hh]ạnh [Pp]húc)\s+(?=\S)"
)
_NUMBER_THEN_PLACE = re.compile(
    rf"^(?P<left>Số\s*:?\s*\d*\s*/\s*[{UPPER}0-9][{UPPER}0-9&.\-]*(?:\s*-\s*[{UPPER}0-9]+)*)"
    rf"\s+(?P<right>[{UPPER}][^,\d:()]{{1,40}},\s*ngày\b.*)$"
)


def split_header_columns(text: str) -> list[str]:
    """The columns of a header that a copy flattened into one line: the issuer, the motto
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"), "Số: …", the place
    and date, "V/v …", "Kính gửi: …" each get their own line."""
    parts: list[str] = []
    for part in _RIGHT_COLUMN.split(text):
        match = _NUMBER_THEN_PLACE.match(part.strip())
        if match:
            parts.extend([match["left"], match["right"]])
        elif part.startswith("Kính gửi"):
            parts.extend(_END_OF_RECIPIENTS.split(part.strip(), maxsplit=1))
        else:
            parts.append(part.strip())
    return [part for part in parts if part]


# The recipients end at the first full stop that a new sentence follows.
_END_OF_RECIPIENTS = re.compile(rf"(?<=\.)\s+(?=[{UPPER}][{LOWER}])")


PERSON_NAME = re.compile(rf"^(?:[{UPPER}][{LOWER}]+\s+){{1,5}}[{UPPER}][{LOWER}]+$")
_SIGNED = re.compile(r"^\((?:đã ký|đã kí|ký|ký tên)[^)]*\)$", _I)
_LIST_OR_COPY = re.compile(r"^(?:[-–•+*]|Nơi nhận|Lưu\b)", _I)


def is_title_line(text: str) -> bool:
    """The signer's title ("PHÓ CHỦ TỊCH", "KT. GIÁM ĐỐC") or "(đã ký)"."""
    return _is_heading(text) or bool(_SIGNED.match(text))


def is_page_tail(text: str) -> bool:
    """A short line after a document's signature that is not its copy-to list."""
    return len(text.split()) <= 8 and not _LIST_OR_COPY.match(text)


KIND_HEADING = re.compile(
    r"^(?:THÔNG BÁO|KẾ HOẠCH|CÔNG VĂN|CÔNG ĐIỆN|CHỈ THỊ|QUYẾT ĐỊNH|THƯ NGỎ|LỜI KÊU GỌI)$"
)
SUBJECT_LINE = re.compile(r"^[“\"]?V/v\b")
# Tone marks a PDF text layer detached from their letters: " ̀ ̣ ̣".
DETACHED_MARKS = re.compile(r"(?:(?<=\s)|^)[\u0300-\u036f]+(?=\s|$)")


def has_formal_header(lines: list[str]) -> bool:
    """A document laid out by Nghị định 30/2020: "Số: …/…" or the national motto near the top."""
    head = [line for line in lines[:40] if line][:20]
    return any(
        NUMBER_LINE.match(line)
        or MOTTO.match(line)
        or PLACE_DATE.match(line)
        or KIND_HEADING.match(line)
        or SUBJECT_LINE.match(line)
        for line in head
    )


def wrap_width(lines: list[str]) -> int | None:
    """The column where a hard-wrapped text breaks its lines, or None when it does not wrap:
    most long lines then have about the same length and end without punctuation."""
    long = [line for line in lines if len(line.split()) >= 6]
    if len(long) < 8:
        return None
    lengths = sorted(len(line) for line in long)
    width = lengths[len(lengths) * 3 // 4]
    near = sum(1 for n in lengths if 0.7 * width <= n <= 1.15 * width)
    open_end = sum(1 for line in long if line[-1] not in TERMINAL)
    if near >= 0.6 * len(long) and open_end >= 0.4 * len(long) and width <= 140:
        return width
    # A PDF copy with table cells and short paragraph ends: the full lines still share one
    # length, and nearly all of them end mid-sentence.
    width = lengths[len(lengths) * 9 // 10]
    full = [line for line in long if 0.9 * width <= len(line) <= 1.05 * width]
    open_full = sum(1 for line in full if line[-1] not in TERMINAL)
    if len(full) >= 8 and open_full >= 0.7 * len(full) and width <= 140:
        return width
    return None


def continues(previous: str, line: str, width: int | None, last: str | None = None) -> bool:
    """Is ``line`` the continuation of ``previous`` (a hard wrap) rather than a new line?
    ``last`` is the physical line above when ``previous`` already joins several: its length,
    not the paragraph's, tells a wrap at the margin."""
    if previous[-1] in ".!?;:" or ITEM_START.match(line) or NUMBER_LINE.match(line):
        return False
    if _is_heading(previous) or (line[0].isalpha() and _is_heading(line)) or MOTTO.match(line):
        return False
    if SUBJECT_LINE.match(line) or line.startswith("Kính gửi") or PLACE_DATE.match(previous):
        return False
    first = line[0]
    if first.islower() or first in "(,":
        return True
    last_word = previous.split()[-1].lower()
    if last_word in _OPEN_ENDINGS:
        return True  # "… của" / "Ủy ban nhân dân …", "Công văn số" / "3444/…"
    if first.isdigit() and width is not None:
        return True
    return width is not None and len(last if last is not None else previous) >= 0.7 * width


def _is_heading(text: str) -> bool:
    return text.isupper() and sum(1 for char in text if char.isalpha()) >= 3


def is_cut_off(text: str, others: list[str], *, formal: bool = False) -> bool:
    """Does the last paragraph stop mid-sentence? Its last word is a fragment; or it is a
    legal basis ("Thực hiện Công văn số …") with nothing after; or it is prose (several
    words, in a text whose paragraphs otherwise end with punctuation) with no closing
    punctuation; or, in a formal document, it is neither the signature nor the copy-to list
    and has no closing punctuation. A title or a citation line ("Công văn 3464/… về việc …")
    is not prose."""
    stripped = text.rstrip()
    if not stripped or stripped[-1] in TERMINAL or stripped.endswith("/.") or _is_heading(text):
        return False
    words = stripped.split()
    last = re.sub(r"[^\w]", "", words[-1])
    if "\ufffd" in words[-1] or stripped[-1] == ",":
        return True
    if last.isalpha() and last.islower() and not is_syllable(last) and len(words) >= 4:
        return True
    if LEGAL_BASIS.match(stripped):
        return True
    if formal and words[-1][:1].islower() and not ITEM_START.match(stripped):
        return not _LIST_OR_COPY.match(stripped)
    if len(words) < 8 or DOCUMENT_TITLE.match(stripped):
        return False
    prose = [p for p in others if len(p.split()) >= 8]
    closed = sum(1 for p in prose if p.rstrip()[-1] in TERMINAL)
    return len(words) >= 20 or (bool(prose) and closed >= 0.6 * len(prose))


def split_unfinished(text: str) -> tuple[str, str]:
    """(what to keep, the unfinished tail). The unfinished sentence keeps its complete clauses
    when they say enough (six words or more): the tail then starts at its last clause
    boundary (a comma or semicolon, or "và"/"hoặc"), and the kept part ends with a full stop.
    Otherwise the tail is the whole unfinished sentence."""
    ends = [m.end() for m in re.finditer(r"[.!?…](?:[\"”)])?\s+", text)]
    start = ends[-1] if ends else 0
    sentence = text[start:]
    bounds = [m.start() for m in _CLAUSE_BOUNDARY.finditer(sentence)]
    while len(bounds) > 1 and _SPECIFIES.match(sentence[bounds[-2] : bounds[-1]].lstrip(" ,;")):
        bounds.pop()  # "…, trong đó biện pháp hiệu quả và đơn gi": the specifics never came
    if bounds:
        clause = sentence[: bounds[-1]].rstrip(" ,;:")
        if len(clause.split()) >= 6:
            kept = (text[:start] + clause).rstrip()
            return kept + ".", sentence[bounds[-1] :].strip(" ,;")
    return text[:start].rstrip(), sentence.strip()


_CLAUSE_BOUNDARY = re.compile(r"[,;]\s|\s(?:và|hoặc)\s")
# A clause that announces the specifics of what precedes it.
_SPECIFIES = re.compile(
    r"(?:trong đó|nhất là|đặc biệt(?: là)?|cụ thể(?: là)?|bao gồm|gồm|như|chẳng hạn)(?!\w)",
    re.IGNORECASE,
)


def starts_mid_text(body: str) -> bool:
    """Does the text begin in the middle of a document ("Theo đó, …", a lowercase word)?"""
    first = next((line for line in body.split("\n") if line.strip()), "")
    return bool(first) and (
        first[0].islower() or bool(CONNECTIVE_START.match(first) or ITEM_START.match(first))
    )
