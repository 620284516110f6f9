"""The shapes of Vietnamese administrative text, as compiled patterns and small helpers."""

from __future__ import annotations

import re

# Unicode interleaves upper and lower case in the Vietnamese block, so no range will do.
UPPER = "A-ZĐÀÁẢÃẠĂẮẰẲẴẶÂẤẦẨẪẬÈÉẺẼẸÊẾỀỂỄỆÌÍỈĨỊÒÓỎÕỌÔỐỒỔỖỘƠỚỜỞỠỢÙÚỦŨỤƯỨỪỬỮỰỲÝỶỸỴ"
LOWER = "a-zđàáảãạăắằẳẵặâấầẩẫậèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ"
_DOC_TYPES = (
    r"(?:[Cc]ông văn|[Cc]ông điện|[Kk]ế hoạch|[Tt]hông báo|[Cc]hỉ thị|[Qq]uyết định|"
    r"[Hh]ướng dẫn|[Vv]ăn bản|[Tt]hông tư|[Nn]ghị quyết|[Tt]ờ trình)"
)
_CODE = rf"[{UPPER}0-9][{UPPER}0-9&.\-]*[{UPPER}0-9]"
_DMY = r"(?P<day>\d{1,2})\s*[/.\-]\s*(?P<month>\d{1,2})\s*[/.\-]\s*(?P<year>\d{4})"
_TEXT_DATE = r"ngày\s*(?P<tday>\d{1,2})?\s*tháng\s*(?P<tmonth>\d{1,2})?\s*năm\s*(?P<tyear>\d{4})"

MARKDOWN_BOLD = re.compile(r"\*\*")
RULE = re.compile(r"^\s*[-_=*]{3,}\s*$")
MOTTO = re.compile(r"^(?:CỘNG HOÀ|CỘNG HÒA|Độc lập\s*[-–]\s*Tự do)|^CỘNG$", re.IGNORECASE)
# Spaces around a code's hyphen ("06/TB -UBND") are a copy's; the parser removes them.
NUMBER_LINE = re.compile(
    rf"^Số\s*:?\s*(?P<number>\d*)\s*/\s*(?P<code>{_CODE}(?:\s*-\s*[{UPPER}0-9][{UPPER}0-9&.]*)*)"
)
PLACE_DATE = re.compile(
    rf"^(?!Thứ |Chủ nhật|Ngày cập nhật)(?P<place>[{UPPER}][^,\d:()]{{1,40}}),\s*"
    rf"(?:{_TEXT_DATE}|ngày\s*{_DMY})",
    re.IGNORECASE,
)
DMY = re.compile(rf"(?:ngày\s*)?{_DMY}|{_TEXT_DATE}", re.IGNORECASE)
DATE_ONLY_LINE = re.compile(
    r"^(?:(?:Thứ \w+|Chủ nhật),\s*)?(?:Ngày cập nhật\s*|ngày\s*)?\d{1,2}/\d{1,2}/\d{4}\b.{0,40}$",
    re.IGNORECASE,
)
SUBJECT = re.compile(r"^(?:“\s*)?V/v\s*:?\s*(?P<rest>.*)$", re.IGNORECASE)
KINH_GUI = re.compile(r"^Kính gửi\s*:?\s*(?P<rest>.*)$", re.IGNORECASE)
LIST_LINE = re.compile(r"^[-–•+]\s*(?P<text>.+)$")
NOI_NHAN = re.compile(r"^Nơi nhận\s*:?", re.IGNORECASE)
AUTHORITY = re.compile(r"^(?:KT|TL|TM|TUQ|Q|UQ)\s*\.\s*", re.IGNORECASE)
SIGNED_MARK = re.compile(r"^\((?:đã ký|đã kí|ký|ký tên)[^)]*\)$", re.IGNORECASE)
PERSON_NAME = re.compile(rf"^(?:[{UPPER}][{LOWER}]+\s+){{1,5}}[{UPPER}][{LOWER}]+$")
TITLE_THEN_NAME = re.compile(
    rf"^(?P<title>(?:[{UPPER}]+\s+)+[{UPPER}]+)\s+(?P<name>(?:[{UPPER}][{LOWER}]+\s+){{1,5}}[{UPPER}][{LOWER}]+)$"
)
REFERENCE_START = re.compile(r"^(?:Thực hiện|Căn cứ|Theo)\b")
SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[" + UPPER + r"(])")
ISSUED_DOCUMENT = re.compile(
    rf"(?:^|[,;]\s*)(?P<issuer>[{UPPER}][^.;:,]{{2,120}}?)\s+"
    r"(?:vừa có|vừa ban hành|đã ban hành|đã phát hành|ban hành|có)\s+"
    rf"{_DOC_TYPES}\s+(?:số\s*)?(?P<number>\d*)\s*/\s*(?P<code>{_CODE})"
    r"(?P<after>[^.]*)"
)
SOURCE_NOTE = re.compile(
    rf"\(\s*Nguồn\s*:[^)]*?{_DOC_TYPES}\s+(?:số\s*)?(?P<number>\d*)\s*/\s*(?P<code>{_CODE})"
    r"(?P<after>)",
    re.IGNORECASE,
)
VE_VIEC = re.compile(
    r"\bvề việc\s+(?P<subject>[^.;:]+?)(?=[.;:]|,\s*(?:Sở|Bộ|Ủy ban|Uỷ ban|UBND|Ban|Cục)\b|$)"
)
CITED_TOPIC = re.compile(
    r"\bngày\s*\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}\s+về\s+(?!việc\b)(?P<subject>[^.;:,]{10,}?)(?=[.;:,]|$)"
)
DOCUMENT_KIND_HEADING = re.compile(
    r"^(?:KẾ HOẠCH|QUYẾT ĐỊNH|THÔNG BÁO|CHỈ THỊ|HƯỚNG DẪN|CÔNG ĐIỆN|NGHỊ QUYẾT|THƯ NGỎ)\b.{0,30}$"
)
# The type alone on its line ("CÔNG ĐIỆN"), as Nghị định 30/2020 sets it above the subject.
DOCUMENT_TYPE_LINE = re.compile(
    r"^(?:CÔNG ĐIỆN(?: KHẨN)?|THÔNG BÁO(?: KHẨN)?|KẾ HOẠCH|CÔNG VĂN|CHỈ THỊ|QUYẾT ĐỊNH|"
    r"HƯỚNG DẪN|LỜI KÊU GỌI|THƯ KÊU GỌI|THƯ NGỎ)$"
)
PORTAL_CATEGORY = re.compile(r"^(?:Tin|Tin tức|Thông báo|Văn bản|Tin hoạt động)\b.{0,30}$")
ISSUER_VERB = re.compile(
    r"(?:^|,\s*)(?P<issuer>(?:Sở|Bộ|Ủy ban|Uỷ ban|UBND|Ban|BCĐ|Cục|Tiểu ban|Phòng|Trung tâm|"
    r"Hội đồng)\b[^,.;:]{2,90}?)\s+(?:vừa có|đã có|đề nghị|chỉ đạo|yêu cầu|thông báo|"
    r"đã phối hợp|phối hợp)\b"
)
ITEM_MARKER = re.compile(
    r"^(?P<marker>(?:[IVXLC]+|\d{1,2}(?:\.\d{1,2})*)\.|[a-zđ]\)|\d{1,2}\)|[-–•+])\s+(?P<text>.+)$"
)
OFFICIAL_CLOSING = re.compile(r"^(?:Đề nghị|Trân trọng|Yêu cầu)\b")
CAMPAIGN = re.compile(
    r"từ\s+(?:ngày\s+)?(?P<start_day>\d{1,2})(?:\s*[/.\-]\s*(?P<start_month>\d{1,2})"
    r"(?:\s*[/.\-]\s*(?P<start_year>\d{4}))?)?\s*(?:đến|-|–)\s*(?:hết\s+)?(?:ngày\s+)?"
    r"(?P<end_day>\d{1,2})\s*[/.\-]\s*(?P<end_month>\d{1,2})(?:\s*[/.\-]\s*(?P<end_year>\d{4}))?",
    re.IGNORECASE,
)
UNTIL = re.compile(
    r"từ\s+nay\s+(?:cho\s+)?đến\s+(?:hết\s+)?ngày\s+(?P<day>\d{1,2})\s*[/.\-]\s*"
    r"(?P<month>\d{1,2})(?:\s*[/.\-]\s*(?P<year>\d{4}))?",
    re.IGNORECASE,
)
NUMBER_WORDS = {"một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6}
FREQUENCY = re.compile(
    r"(?:(?:ít nhất|tối thiểu|từ)\s+)?(?P<count>\d{1,2}|một|hai|ba|bốn|năm|sáu)\s*"
    r"(?:lần|buổi|lượt)\s*(?:/\s*ngày|mỗi ngày|một ngày|trong ngày|trên ngày)",
    re.IGNORECASE,
)
ATTACHMENT = re.compile(
    rf"(?P<name>(?:{_DOC_TYPES}|[Pp]hụ lục|[Mm]ẫu phụ lục|[Tt]ài liệu|[Mm]ẫu)[^.;:]*?)\s+"
    r"(?:gửi kèm|kèm theo)"
)
# Words after which an organization name's next word is capitalized ("Sở Thông tin …"), and
# words that introduce a place name, all of whose words are capitalized ("tỉnh Lạng Sơn").
NAME_HEADS = {"sở", "bộ", "cục", "tổng", "và", "phòng", "tâm", "đài"}
PLACE_HEADS = {"tỉnh", "huyện", "xã", "phường", "thị", "phố", "trấn", "quận"}
ISSUER_ACRONYMS = ("UBND", "HĐND", "MTTQ", "BCĐ", "PCTT", "TKCN")
_ISSUER_LEADS = re.compile(r"^(?:Theo đó|Đồng thời|Ngoài ra|Vừa qua|Hiện nay)\s*,?\s*")


def date_parts(match: re.Match[str]) -> tuple[str | None, str | None, str | None]:
    """Day, month and year of a DMY or PLACE_DATE match, whichever form matched."""
    groups = match.groupdict()
    if groups.get("year"):
        return groups["day"], groups["month"], groups["year"]
    return groups.get("tday"), groups.get("tmonth"), groups.get("tyear")


def is_upper_heading(line: str) -> bool:
    letters = [char for char in line if char.isalpha()]
    return len(letters) >= 3 and all(char.isupper() for char in letters)


def clean_list_entry(text: str) -> str:
    return text.strip().rstrip(";.,").strip()


def marker_level(marker: str) -> int:
    if re.fullmatch(r"[IVXLC]+\.", marker):
        return 0
    if re.fullmatch(r"\d{1,2}(?:\.\d{1,2})*\.", marker):
        return 1 + marker.count(".") - 1
    if marker.endswith(")"):
        return 3
    if marker in "-–•":
        return 4
    return 5


def trim_issuer(issuer: str) -> str:
    return _ISSUER_LEADS.sub("", issuer.strip()).strip()
