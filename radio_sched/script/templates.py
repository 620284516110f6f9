"""The fixed words of a loudspeaker script: opening, lead, closing, in the station's voice."""

from __future__ import annotations

import datetime as dt
import re

from radio_sched.models import DateRange

NOTE_NO_CITIZEN_CONTENT = (
    "Văn bản này chỉ giao việc cho cơ quan, đơn vị; không có việc gì bà con phải làm. Kịch bản "
    "chỉ là thông báo ngắn về văn bản, không tự đặt thêm yêu cầu. Hãy xem lại trước khi phát."
)
NOTE_INFORMATION_ONLY = (
    "Văn bản chỉ có thông tin cho bà con, không có việc bà con phải làm. Hãy xem lại trước khi "
    "phát."
)


def unspoken_issuer_note(issuer: str, letters: list[str]) -> str:
    """For the operator: the issuer's name holds abbreviations nobody spelled out."""
    names = ", ".join(f"“{token}”" for token in letters)
    return (
        f"Tên cơ quan ban hành “{issuer}” có chữ viết tắt {names} mà văn bản không ghi đầy đủ; "
        "lời dẫn chưa nêu tên cơ quan. Hãy ghi tên đầy đủ vào lời dẫn trước khi phát."
    )


FORCED_IN = "Người biên tập giữ lại câu này. Máy đã xếp: "
FORCED_OUT = "Người biên tập bỏ câu này. Máy đã xếp: "
# Nghị định 30/2020/NĐ-CP: the code of a document starts with its type's abbreviation; a code
# without one ("UBND-KT", "STTTT-TTBCXB") is a công văn.
_TYPE_BY_CODE = {
    "KH": "Kế hoạch",
    "TB": "Thông báo",
    "CĐ": "Công điện",
    "CT": "Chỉ thị",
    "QĐ": "Quyết định",
    "HD": "Hướng dẫn",
    "NQ": "Nghị quyết",
    "TTr": "Tờ trình",
    "BC": "Báo cáo",
    "CTr": "Chương trình",
    "TC": "Thư ngỏ",
}
_UNIT_PREFIXES = ("xã", "phường", "thị trấn", "thị xã", "thôn", "bản", "tổ dân phố")


# How the commune's name is written, in one place: at the head of a line, mid-sentence, alone.


def _unit_and_name(commune: str) -> tuple[str, str] | None:
    """("xã", "Tân Thành") for "Xã Tân Thành"; None when the name gives no unit."""
    words = commune.split()
    lowered = " ".join(words).lower()
    for prefix in _UNIT_PREFIXES:
        if lowered.startswith(prefix + " "):
            return prefix, " ".join(words[len(prefix.split()) :])
    return None


def commune_display_name(commune: str) -> str:
    """ "  xã tân thành " → "Xã Tân Thành"; names given without a unit are kept as written."""
    if not commune.split():
        return "Xã"
    found = _unit_and_name(commune)
    if found is None:
        return " ".join(commune.split())
    unit, name = found
    return f"{unit.capitalize()} {_title_words(name)}"


def commune_in_sentence(commune: str) -> str:
    """ "Xã Tân Thành" → "xã Tân Thành": the unit in lower case mid-sentence, the name as is."""
    found = _unit_and_name(commune)
    return f"{found[0]} {found[1]}" if found else " ".join(commune.split())


def place_name(commune: str) -> str:
    """ "Xã Tân Thành" → "Tân Thành": the place alone, as in "Tân Thành, ngày 07 tháng 9 …"."""
    found = _unit_and_name(commune)
    return found[1] if found else " ".join(commune.split())


def _title_words(name: str) -> str:
    return " ".join(word[:1].upper() + word[1:] for word in name.split())


def station_name(commune: str) -> str:
    """ "Xã Tân Thành" → "Đài Truyền thanh xã Tân Thành"."""
    return f"Đài Truyền thanh {commune_in_sentence(commune)}".strip()


def opening(commune: str) -> str:
    return f"Đây là {station_name(commune)}. Kính thưa toàn thể bà con nhân dân!"


def document_type(code: str | None, number: str | None) -> str | None:
    """ "KH-UBND" → "Kế hoạch", "UBND-KT" → "Công văn"; None when nothing says."""
    if code:
        head = re.split(r"[-/]", code.strip(), maxsplit=1)[0]
        return _TYPE_BY_CODE.get(head, "Công văn")
    return "văn bản" if number else None


def document_phrase(
    kind: str | None, number: str | None, date: dt.date | None, issuer: str | None
) -> str:
    """ "Công văn số 554 ngày 22/02/2006 của Ủy ban nhân dân tỉnh An Giang"; the code is left
    out, it means nothing to a listener."""
    if kind and number:
        phrase = f"{kind} số {number}"
        if date is not None:
            phrase += f" ngày {date.day:02d}/{date.month:02d}/{date.year}"
        return f"{phrase} của {issuer}" if issuer else phrase
    if issuer and _SERVICE_BODY.match(issuer):
        return f"thông báo của {issuer}"
    return f"chỉ đạo của {issuer}" if issuer else "chỉ đạo của cấp trên"


# Bodies that inform the public but give a commune no orders: a water or power company, a
# school, a health station, the police warning of scams. Their notice is relayed, not obeyed.
_SERVICE_BODY = re.compile(
    r"^(?:Tổng công ty|Công ty|Điện lực|Xí nghiệp|Nhà máy|Trạm|Trường|Bệnh viện|Trung tâm|"
    r"Công an|Bưu điện|Kho bạc|Ngân hàng|Hội(?!\s+đồng)|Đoàn|Báo|Đài)(?!\w)",
    re.IGNORECASE,
)


def _when(campaign: DateRange | None) -> str:
    if campaign is None:
        return ""
    if campaign.start == campaign.end:
        return f", ngày {campaign.end.day:02d}/{campaign.end.month}/{campaign.end.year}"
    return (
        f", từ ngày {campaign.start.day:02d}/{campaign.start.month} "
        f"đến ngày {campaign.end.day:02d}/{campaign.end.month}/{campaign.end.year}"
    )


def lead(document: str, subject: str | None, campaign: DateRange | None) -> str:
    """Who asked, by which document and about what. It does not name the station (the opening
    just did), so the same lead serves every commune of a district pack."""
    about = f" về {subject}" if subject else ""
    verb = "Theo" if document.startswith("thông báo của ") else "Thực hiện"
    return (
        f"{verb} {document}{about}{_when(campaign)}, xin thông tin tới bà con nhân dân "
        "một số nội dung sau."
    )


def notice_lead(document: str, subject: str | None, campaign: DateRange | None) -> str:
    """A directive with nothing for citizens: say only that it exists and what it is about."""
    if document.startswith("thông báo của "):
        who = document.removeprefix("thông báo của ")
        about = f" về {subject}" if subject else ""
        return f"Xin thông tin tới bà con: {who} có thông báo{about}{_when(campaign)}."
    if document.startswith("chỉ đạo của "):
        who = document.removeprefix("chỉ đạo của ")
        if subject:
            return f"Xin thông tin tới bà con: {who} có chỉ đạo về {subject}{_when(campaign)}."
        return f"Xin thông tin tới bà con: {who} vừa có văn bản chỉ đạo{_when(campaign)}."
    about = f" về {subject}" if subject else ""
    return f"Xin thông tin tới bà con: vừa có {document}{about}{_when(campaign)}."


def slogans_paragraph(messages: list[str]) -> str:
    quoted = "; ".join(f"“{message}”" for message in messages)
    label = "Thông điệp tuyên truyền là" if len(messages) == 1 else "Các thông điệp tuyên truyền là"
    return f"{label}: {quoted}."


def closing(
    commune: str, messages: tuple[str, ...], topic: str | None, *, has_action: bool = True
) -> str:
    if messages:
        call = f"Hãy cùng nhau thực hiện thông điệp “{messages[0]}”."
    elif not has_action:
        call = "Xin thông tin để bà con nhân dân được biết."
    elif topic and topic.startswith("thực hiện "):
        call = f"Đề nghị bà con nhân dân cùng {topic}."
    elif topic:
        call = f"Đề nghị bà con nhân dân quan tâm và thực hiện tốt các nội dung về {topic}."
    else:
        call = "Đề nghị bà con nhân dân nghiêm túc thực hiện các nội dung trên."
    return f"Kính thưa bà con! {call} {station_name(commune)} xin cảm ơn bà con đã chú ý lắng nghe!"
