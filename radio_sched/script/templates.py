"""The fixed words of a loudspeaker script: opening, lead, closing, in the station's voice."""

from __future__ import annotations

from radio_sched.models import DateRange

NOTE_NO_CITIZEN_CONTENT = (
    "Văn bản này chủ yếu giao việc cho cơ quan, không có nội dung nói trực tiếp với người dân; "
    "kịch bản chỉ thông báo chủ đề. Hãy xem lại trước khi phát."
)
KEEP_CAPITALIZED = {"Quốc", "Hội", "Đảng", "Nhà", "Chính", "Tết", "Ngày", "Tuần", "Luật"}
_UNIT_PREFIXES = ("xã", "phường", "thị trấn", "thị xã", "thôn", "bản", "tổ dân phố")


def commune_display_name(commune: str) -> str:
    """ "  xã tân thành " → "Xã Tân Thành"; names given without a unit are kept as written."""
    words = commune.split()
    if not words:
        return "Xã"
    lowered = " ".join(words).lower()
    for prefix in _UNIT_PREFIXES:
        if lowered.startswith(prefix + " "):
            name = " ".join(words[len(prefix.split()) :])
            return f"{prefix.capitalize()} {_title_words(name)}"
    return " ".join(words)


def _title_words(name: str) -> str:
    return " ".join(word[:1].upper() + word[1:] for word in name.split())


def station_name(commune: str) -> str:
    """ "Xã Tân Thành" → "Đài Truyền thanh xã Tân Thành"."""
    first, _, rest = commune.partition(" ")
    return f"Đài Truyền thanh {first.lower()} {rest}".strip()


def opening(commune: str) -> str:
    return f"Đây là {station_name(commune)}. Kính thưa toàn thể bà con nhân dân!"


def lead(issuer: str | None, subject: str | None, campaign: DateRange | None) -> str:
    """Who asked and about what. It does not name the station (the opening just did), so the
    same lead serves every commune of a district pack."""
    who = f"chỉ đạo của {issuer}" if issuer else "chỉ đạo của cấp trên"
    about = f" về {subject}" if subject else ""
    when = ""
    if campaign is not None:
        when = (
            f", từ ngày {campaign.start.day:02d}/{campaign.start.month} "
            f"đến ngày {campaign.end.day:02d}/{campaign.end.month}/{campaign.end.year}"
        )
    return f"Thực hiện {who}{about}{when}, xin thông tin tới bà con nhân dân một số nội dung sau."


def subject_call(topic: str) -> str:
    if topic.startswith("thông điệp "):
        return f"Đề nghị toàn thể bà con nhân dân ghi nhớ và thực hiện tốt {topic}."
    if topic.startswith("thực hiện "):
        return f"Đề nghị toàn thể bà con nhân dân cùng {topic}."
    return (
        "Đề nghị toàn thể bà con nhân dân quan tâm theo dõi, tìm hiểu và thực hiện tốt "
        f"các nội dung về {topic}."
    )


def slogans_paragraph(messages: list[str]) -> str:
    quoted = "; ".join(f"“{message}”" for message in messages)
    label = "Thông điệp tuyên truyền là" if len(messages) == 1 else "Các thông điệp tuyên truyền là"
    return f"{label}: {quoted}."


def closing(commune: str, messages: tuple[str, ...], topic: str | None) -> str:
    if messages:
        call = f"Hãy cùng nhau thực hiện thông điệp “{messages[0]}”."
    elif topic and topic.startswith("thực hiện "):
        call = f"Đề nghị bà con nhân dân cùng {topic}."
    elif topic:
        call = f"Đề nghị bà con nhân dân quan tâm và thực hiện tốt các nội dung về {topic}."
    else:
        call = "Đề nghị bà con nhân dân nghiêm túc thực hiện các nội dung trên."
    return f"Kính thưa bà con! {call} {station_name(commune)} xin cảm ơn bà con đã chú ý lắng nghe!"
