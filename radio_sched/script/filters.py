"""What a listener should not hear, and how a directive's instructions become plain statements.

Directives are written to agencies; a loudspeaker script speaks to citizens. Sentences that only
concern officials (reporting duties, media production, distribution lists, contact lines) are
dropped; instruction lead-ins ("Tuyên truyền các thông điệp:") are cut so the message remains.
"""

from __future__ import annotations

import re

_AGENCY = (
    r"(?:Quý cơ quan|các cơ quan|cơ quan|các đơn vị|đơn vị|Phòng|UBND|Ủy ban|Uỷ ban|Trung tâm|"
    r"Đài|Sở|Ban|Báo|Hội|các doanh nghiệp|doanh nghiệp|Chủ tịch|Cục|Bộ|Tiểu ban|BCĐ|BCH)"
)

OFFICIAL_ONLY = re.compile(
    "|".join(
        (
            rf"^(?:Đề nghị|Yêu cầu|Giao)\s+{_AGENCY}",
            rf"^(?:Các\s+)?{_AGENCY}\b[^.]*?\b(?:chỉ đạo|tổ chức|phối hợp|triển khai|hướng dẫn|"
            r"cập nhật|đăng tải|treo)\b",
            r"^Đối với\s+(?:các\s+)?(?:cơ quan|đơn vị|Công an|Ban|UBND|Phòng|Trung tâm|Đài|thôn)",
            r"^(?:Phản ánh|Phân tích|Xây dựng kế hoạch|Tổ chức biên tập|Dành thời lượng|"
            r"Đăng tải|Tổng hợp|Theo dõi, đôn đốc)\b",
            r"^(?:Nơi nhận|Trân trọng|Lưu\s*:|Địa chỉ\s*:|Điện thoại|Email|Fax|\(Nguồn)",
            r"^(?:Thực hiện|Căn cứ)\b",
            r"\b(?:vừa có|đã phát hành|vừa ban hành|đã ban hành)\s+(?:công văn|thông báo|kế hoạch|"
            r"chỉ thị|quyết định|công điện|văn bản)\b",
            r"\b(?:báo cáo|đôn đốc|biên tập|sản xuất nội dung|đăng, phát|thời lượng phát sóng|"
            r"phát sóng|đưa tin|cơ quan báo chí|kế hoạch truyền thông|hệ thống thông tin cơ sở|"
            r"số liệu thống kê|gửi kèm|iOffice|Sở, ban, ngành|Tổng kết công tác|"
            r"trang Thông tin điện tử|Đài Truyền thanh cấp xã|đài truyền thanh cấp xã)\b",
        )
    ),
    re.IGNORECASE,
)

# "… các nội dung sau: A; B; C" inside an instruction to an agency: A, B and C are the message.
CONTENT_LIST = re.compile(r"(?:các|những) nội dung sau\s*:\s*(?P<content>.+)$", re.IGNORECASE)

# Instruction lead-ins whose remainder is the message itself.
INSTRUCTION_LEAD = re.compile(
    r"^(?:\d+\.\s*)?(?:Tiếp tục\s+)?(?:truyền đi|tuyên truyền|truyền thông|phổ biến)"
    r"(?:\s+mạnh,\s*rộng khắp|\s+sâu rộng|\s+rộng rãi)?\s*(?:các\s+|những\s+)?(?:thông điệp\s*)?"
    r"(?:về\s+)?:?\s*",
    re.IGNORECASE,
)
URL = re.compile(r"\(?\s*<?(?:https?://|www\.)[^\s)>]+>?\s*\)?|\S+@\S+\.\w+")
EMPTY_PARENS = re.compile(r"\(\s*\)")
ELLIPSIS_END = re.compile(r"\s*(?:\.{2,}|…)\s*$")
DOCUMENT_END = re.compile(r"\s*\./\.\s*$")
ITEM_MARKER = re.compile(r"^(?:[IVXLC]+\.|\d{1,2}(?:\.\d{1,2})*\.|[a-zđ]\)|\d{1,2}\)|[-–•+])\s+")
TRAILING_COLON = re.compile(r":\s*$")


# A paragraph whose first sentence names the agencies it is for is for them as a whole.
ADDRESSED_TO_AGENCY = re.compile(
    rf"^(?:\d{{1,2}}\.\s*|[a-zđ]\)\s*)?(?:Đối với|Giao|Đề nghị|Yêu cầu)\s+{_AGENCY}", re.IGNORECASE
)
_TOPIC_LEAD = re.compile(
    r"^(?:tăng cường\s+)?(?:công tác\s+)?(?:thông tin,?\s*)?(?:tuyên truyền|truyền thông)"
    r"(?:\s+về)?\s+",
    re.IGNORECASE,
)


def citizen_topic(subject: str) -> str:
    """ "tuyên truyền cuộc bầu cử …" → "cuộc bầu cử …": what the listener is asked to mind."""
    topic = _TOPIC_LEAD.sub("", subject, count=1)
    return topic if len(topic.split()) >= 2 else subject


def is_official_only(sentence: str) -> bool:
    return bool(OFFICIAL_ONLY.search(sentence))


def strip_instruction(sentence: str) -> str:
    """ "Truyền đi thông điệp về việc giãn cách …" → "Việc giãn cách …"."""
    stripped = INSTRUCTION_LEAD.sub("", sentence, count=1)
    if stripped == sentence:
        return sentence
    if len(stripped.split()) < 4:
        return ""  # the lead-in was all there was: "Tuyên truyền các thông điệp:"
    return capitalize_first(stripped)


def clean_sentence(sentence: str) -> str:
    sentence = ITEM_MARKER.sub("", sentence.strip())
    sentence = URL.sub("", sentence)
    sentence = EMPTY_PARENS.sub("", sentence)
    sentence = DOCUMENT_END.sub(".", sentence)
    sentence = ELLIPSIS_END.sub(".", sentence)
    sentence = " ".join(sentence.split())
    sentence = re.sub(r"\s+([,.;:!?])", r"\1", sentence)
    sentence = re.sub(r"\.{2,}", ".", sentence)
    return sentence


def capitalize_first(text: str) -> str:
    for index, char in enumerate(text):
        if char.isalpha():
            return text[:index] + char.upper() + text[index + 1 :]
    return text


def end_sentence(text: str) -> str:
    text = TRAILING_COLON.sub("", text.rstrip(" ,;"))
    return text if text.endswith((".", "!", "?", "”", '"')) else text + "."
