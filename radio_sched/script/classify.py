"""Every sentence of a directive, decided: aired (and how it is recast for "bà con") or dropped,
with a reason code and a Vietnamese sentence for the operator. Pure: no files, no clock.

The rules follow the genre, not any one document. A sentence is read in its context: who the
document is sent to ("Kính gửi"), and the last sentence that introduced a list ("UBND xã đề nghị
các thôn … và nhân dân … thực hiện các nội dung sau:", "1. Phòng Y tế:"). Within it, the sentence
itself may name whom it addresses ("đề nghị Y …", "Y + predicate"), pass a task on to citizens
("vận động nhân dân treo cờ …"), cite a legal basis ("Căn cứ …"), report back ("báo cáo kết quả
…"), tell the press what to produce, or look back ("Thời gian qua …").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from radio_sched.directive.typos import unairable
from radio_sched.models import Directive, SentenceCategory, SentenceDecision
from radio_sched.script import filters as f
from radio_sched.script.sentences import split_sentences

C = SentenceCategory
CITIZEN, MIXED, AGENCY, PUBLIC, CONTENT = "citizen", "mixed", "agency", "public", "content"

REASONS: dict[SentenceCategory, str] = {
    C.CITIZEN_ACTION: "Việc bà con cần làm",
    C.CITIZEN_INFO: "Thông tin bà con cần biết",
    C.SLOGAN: "Khẩu hiệu, thông điệp đọc nguyên văn",
    C.AGENCY_TASK: "Việc giao cho cơ quan, đơn vị, không đọc cho dân",
    C.LEGAL_BASIS: "Căn cứ, văn bản được dẫn; chỉ nêu văn bản chính ở lời dẫn",
    C.REPORTING: "Báo cáo, đôn đốc, tổng hợp: việc nội bộ của cơ quan",
    C.MEDIA: "Việc của báo, đài, cơ quan truyền thông",
    C.BACKGROUND: "Bối cảnh, số liệu, nhìn lại: không yêu cầu gì với bà con",
    C.CHROME: "Phần trình bày của trang tin (tác giả, nguồn, giờ đăng, chú thích)",
    C.CUT_OFF: "Câu bị cắt dở ở cuối đoạn trích",
    C.BROKEN: "Chữ bị hỏng, không đọc được",
}

_TERMINAL = (".", "!", "?", ":", ";", "”", '"', ")", "…")
_INTRO_END = re.compile(r":\s*$")
_CHROME_LINE = re.compile(
    r"^(?:\(?\s*Nguồn\s*:|Ảnh\s*:|Tệp đính kèm|Tài liệu đính kèm|\(?\s*Đính kèm|Tải về|"
    r"Xem (?:chi tiết|thêm|cỡ chữ)|Nội dung chi tiết|Bản quyền|Điện thoại\s*:|Email\s*:|Fax\s*:|"
    r"Đường dây nóng|Số lượt xem|Lượt xem|Chia sẻ|In bài|Bình luận|Liên kết|\(Có [^)]*kèm theo\)|"
    r"(?:Thông báo|Công văn|Văn bản|Kế hoạch|Công điện)\s+(?:này\s+)?(?:cũng\s+)?(?:được\s+)?"
    r"(?:viết|đăng|gửi kèm|kèm theo|đính kèm))",
    re.IGNORECASE,
)
_TIMESTAMP_ONLY = re.compile(r"^[\W\d_]*\d{1,2}[/:.-]\d{1,2}(?:[/:.-]\d{2,4})?[\W\d_]*$")
# "Ánh Minh|18/08/2022 19:00": a date with its hour and minute on a short line is when the page
# was posted.
_POSTED_AT = re.compile(
    r"\d{1,2}/\d{1,2}/\d{4},?\s+\d{1,2}:\d{2}|\d{1,2}:\d{2},?\s+\d{1,2}/\d{1,2}/\d{4}"
)
# Where an agency's task reaches into citizens' homes ("treo cờ … tại các công sở và nhà dân").
_HOMES = re.compile(
    r"(?<!\w)(?:tại|ở)\s[^.;]{0,60}?(?<!\w)(?:nhà dân|gia đình|hộ gia đình|tư gia|nhà ở)(?!\w)",
    re.IGNORECASE,
)
_AGENCY_VERB_LEAD = re.compile(
    r"^(?:(?:tổ chức|triển khai|thực hiện|chỉ đạo)(?:,\s*|\s+)(?:và\s+)?)+(?:việc\s+)?",
    re.IGNORECASE,
)
_FILE_NAME = re.compile(r"\.(?:rar|zip|pdf|docx?|xlsx?|jpe?g|png)\b", re.IGNORECASE)
_QUOTED = re.compile(r"^[“\"](?P<inner>[^“”\"]+)[”\"][.!]?$")
_APPROVAL = re.compile(r"^(?:Đồng ý|Cho phép|Chấp thuận)\s+(?:cho\s+)?", re.IGNORECASE)
_DOC_CITATION = re.compile(
    r"^(?:Công văn|Công điện|Kế hoạch|Thông báo|Quyết định|Chỉ thị|Văn bản)(?:\s+\w+)?\s+"
    r"(?:số\s*)?\d",
)
_DATE_OR_TIME = re.compile(r"\d{1,2}\s*(?:[/-]\s*\d{1,2}|h\d*|\s*giờ)|\bngày\s+\d", re.IGNORECASE)
_AGENCY_VERB_CONJUNCT = re.compile(
    r"(?:,\s*|\s+và\s+)(?=(?:tổ chức|triển khai|chỉ đạo|phối hợp|báo cáo|kiểm tra|giám sát|"
    r"tổng hợp|đôn đốc)\b)",
    re.IGNORECASE,
)
_ANNOUNCE = re.compile(r"(?<!\w)(?:thông báo|như sau|cụ thể như sau)(?!\w)", re.IGNORECASE)
# "UBND phường Tiền Phong trân trọng thông báo:" — the document announcing itself.
_ANNOUNCE_ONLY = re.compile(
    r"^[^,:;]{3,80}?\s(?:xin\s+)?(?:trân trọng\s+)?thông báo(?:\s+(?:như sau|cụ thể như sau))?"
    r"\s*:?\s*\.?$",
    re.IGNORECASE,
)
# "… thông báo nội dung của Kế hoạch.": the content itself is behind a link, not here.
_ANNOUNCES_A_LINK = re.compile(
    r"^[^,:;]{3,80}?\sthông báo\s+(?:toàn văn\s+|nội dung\s+)(?:của\s+)?(?:Kế hoạch|Thông báo|"
    r"Công văn|Quyết định|văn bản)(?:\s+(?:này|nêu trên|trên))?\s*\.?$",
    re.IGNORECASE,
)
_AGENCY_ANNOUNCES = re.compile(
    r"^[^,:;]{3,80}?\s(?:thông báo|thông tin đến|thông tin tới|cho biết)\s+(?!cho\s|tới\s|đến\s)",
    re.IGNORECASE,
)
# An item that says what to tell people and runs on into the next item ("Tăng cường tuyên
# truyền …, nhất là: …;").
_CONTINUES_CONTENT = re.compile(
    r"^(?:(?:Tiếp tục|Tăng cường|Đẩy mạnh)\s+)?(?:thông tin|tuyên truyền|phổ biến)\b.*[;,]$",
    re.IGNORECASE,
)
# Lead-ins that only announce what follows: "Nội dung thông báo như sau:", "Công điện nêu rõ:".
_CONTENT_INTRO = re.compile(
    r"^(?:Nội dung\s+[^:.]{0,40}?(?:như sau|sau|gồm)\s*:\s*|"
    r"(?:Công văn|Công điện|Thông báo|Kế hoạch|Chỉ thị|Văn bản)\s+(?:nêu rõ|cho biết)\s*[:,]\s*)",
    re.IGNORECASE,
)
# "… xin thông báo để Ủy ban nhân dân tỉnh và các cơ quan liên quan biết, thực hiện."
_CLOSING_FORMULA = re.compile(
    r"(?<!\w)thông báo (?:để|cho|tới|đến)\s+(?P<who>.+?)\s+(?:được\s+)?biết", re.IGNORECASE
)


def _has_main_clause(text: str) -> bool:
    """Whether a sentence opening with "Để …"/"Nhằm …" goes on to say who does what."""
    return bool(
        f.ADDRESS_VERB.search(text)
        or _ANNOUNCE.search(text)
        or f.RELAY_VERB.search(text)
        or re.search(r",\s+[^,]{0,60}?(?<!\w)(?:cần|phải|hãy|nên|sẽ|đã)\s", text)
        # "Nhằm …, UBND xã Thạch Thất đẩy mạnh phổ biến các quy định …"
        or re.search(
            r",\s+(?:UBND|Ủy ban|Uỷ ban|Ban|Sở|Phòng|Trung tâm|Công an|Trạm)\s[^,]{0,60}?"
            r"(?<!\w)(?:đẩy mạnh|tăng cường|triển khai|tổ chức|phổ biến|tuyên truyền)\s",
            text,
        )
    )


# Work only an organisation does: "Tổ chức treo cờ … tại trụ sở", "Triển khai …".
_ORGANISE = re.compile(
    r"^(?:tổ chức|triển khai|chỉ đạo|phối hợp|xây dựng kế hoạch|bố trí)(?!\w)", re.IGNORECASE
)
# "Trân trọng thông báo./.", "Trân trọng cảm ơn!": the document's own sign-off.
_SIGN_OFF = re.compile(
    r"(?:Xin\s+)?trân trọng(?:\s+(?:thông báo|cảm ơn|kính mời|kính báo))?\s*[.!/]*\s*",
    re.IGNORECASE,
)
_PURPOSE = re.compile(r"^(?:nhằm|để)\s", re.IGNORECASE)
# "Trước diễn biến phức tạp của dịch bệnh … tỉnh Hà Giang.": the situation, with no clause.
_CIRCUMSTANCE = re.compile(
    r"^Trước\s+(?:tình hình|diễn\s+\w+|thực trạng|nguy cơ)(?!\w)", re.IGNORECASE
)
_COURTESY = re.compile(r"(?<!\w)(?:xin\s+)?trân trọng\s+(?=thông báo|kính mời)", re.IGNORECASE)
_HONORIFIC = re.compile(r"(?<!\w)Quý\s+(?=khách|bà con|phụ huynh|cử tri|vị)")
# "X thông báo tới/cho/đến Y …": an announcement to its recipients, not a call.
_ASSIGNED = re.compile(
    r"(?<!\w)(?:giao(?:\s+cho)?\s.+?(?:chịu trách nhiệm|có trách nhiệm|thực hiện)|"
    r"chịu trách nhiệm|có trách nhiệm)(?!\w)",
    re.IGNORECASE,
)
_ANNOUNCED_TO = re.compile(r"^[^:;]{3,80}?\sthông báo\s+(?:tới|cho|đến)\s+", re.IGNORECASE)
_CONTRAST = re.compile(r"^(?:Tuy nhiên|Bên cạnh đó)\s*,", re.IGNORECASE)
_LAW_NAMES = re.compile(r"(?<!\w)(?:Luật [A-ZĐ]|Bộ luật|Nghị định|văn bản hướng dẫn)")
# Words that make an agency's sentence an order to it rather than news for citizens.
_AGENCY_MODAL = re.compile(
    r"(?<!\w)(?:cần|phải|khẩn trương|chủ động|chịu trách nhiệm|hoàn thành|trước ngày|"
    r"chậm nhất|chỉ đạo|triển khai|phối hợp|xây dựng)(?!\w)",
    re.IGNORECASE,
)
# An agency holding something for citizens: "… tổ chức tiêm chủng … cho trẻ từ 3 đến 5 tuổi".
_SERVICE = re.compile(
    r"(?<!\w)tổ chức\s[^.;]{3,120}?\scho\s+(?:các\s+|toàn thể\s+)?"
    r"(?:trẻ|người dân|nhân dân|bà con|học sinh|cử tri|hộ|người cao tuổi|phụ nữ|thanh niên)",
    re.IGNORECASE,
)
_LIST_TAIL = re.compile(
    r"\s*(?:(?:thực hiện|một số|các|những)\s+)*(?:nội dung sau|như sau|cụ thể như sau)\s*$",
    re.IGNORECASE,
)
_IMPLICIT_RELAY = {"hướng dẫn", "vận động", "khuyến cáo", "nhắc nhở"}
_SPEAKER_VERBS = {"kêu gọi": "Kêu gọi", "khuyến cáo": "Khuyến cáo", "kính mong": "Kính mong"}


_SENTENCE_TITLE_WORDS = 18
# A photo caption: a short line, no end stop, ending in a parenthesis ("Phỏng vấn hộ gia đình
# (ngày đầu ra quân thực hiện)") or "(Ảnh: …)".
_WHEN_REASON = "Ngày giờ của việc nêu ở câu trước"
# A line that is only a time: "Đồng loạt vào sáng ngày 24/8/2025 (Chủ nhật)", "Bắt đầu từ 7 giờ".
_WHEN_LINE = re.compile(
    r"^(?:(?:đồng loạt|bắt đầu|dự kiến|thời gian|kể từ)\s*:?\s+)?(?:(?:vào|từ|lúc)\s+)?"
    r"(?:\d|sáng|chiều|tối|trưa|đêm|ngày|thứ|chủ nhật)",
    re.IGNORECASE,
)
_CAPTION = re.compile(r"^[^.!?:;]{3,80}\([^()]{3,60}\)$|^\(?Ảnh\b", re.IGNORECASE)


# A newspaper's tag before its first sentence: "BHG - Theo dự báo …", "(HBĐT) - Sáng 12/5 …".
_DATELINE = re.compile(r"^\(?[A-ZĐ][A-ZĐ.]{1,11}\)?\s*[-–]\s+(?=[A-ZĐÀ-Ỹ])")


@dataclass(frozen=True)
class _Unit:
    id: int
    block: int
    marker: str
    text: str  # cleaned, marker removed
    source: str
    is_last: bool
    title: bool = False  # a write-up's headline read as its first sentence


@dataclass(frozen=True)
class _Verdict:
    category: SentenceCategory
    aired: str | None = None
    reason: str | None = None
    relayed: bool = False  # a task passed on to citizens ("vận động nhân dân …")

    @property
    def kept_for_citizens(self) -> bool:
        return self.aired is not None


_AGENCY_WORK = (C.AGENCY_TASK, C.REPORTING, C.MEDIA)


def classify(directive: Directive) -> tuple[SentenceDecision, ...]:
    """Decide every sentence of the directive's body, in order."""
    units = _units(directive)
    document = _document_audience(directive)
    messages = {_flat(m) for m in directive.messages}
    headings = {_flat(h.rstrip(". ")) for h in (directive.title, directive.subject) if h}
    decisions: list[SentenceDecision] = []
    scopes: list[tuple[float, str, int]] = []  # (level, audience, decision index) of intros
    agencies_addressed = False  # the last sentence that named whom it asks named agencies
    for unit in units:
        level = _level(unit.marker)
        is_intro = bool(_INTRO_END.search(unit.text))
        if level is not None:
            while scopes and scopes[-1][0] >= level:
                scopes.pop()
        elif is_intro and _starts_block(unit, units):
            scopes.clear()
        context = scopes[-1][1] if scopes else document
        previous = decisions[-1] if decisions else None
        if (
            previous is not None
            and previous.block == unit.block
            and previous.category == C.CITIZEN_INFO
            and context == AGENCY
        ):
            context = CONTENT  # the rest of a paragraph whose message began in this block
        elif (
            context in (AGENCY, PUBLIC)
            and previous is not None
            and _CONTINUES_CONTENT.search(units[unit.id - 2].text)
            and f.is_noun_phrase(unit.text)
        ):
            context = CONTENT  # "Tuyên truyền A …; [item] B …": B is more of what to tell
        verdict = _decide(unit, context, messages)
        if (
            verdict.kept_for_citizens
            and previous is not None
            and previous.block == unit.block
            and previous.category in _AGENCY_WORK
            and (f.is_imperative(unit.text) or _ORGANISE.match(unit.text))
            and verdict.category != C.SLOGAN
            and not verdict.relayed
        ):
            # "Các Trường học … cần có kế hoạch …. Tổ chức trực ban 24/24 h …": the same
            # subject goes on
            verdict = _Verdict(
                C.AGENCY_TASK, reason="Câu tiếp theo của việc giao cho cơ quan, đơn vị ở câu trước"
            )
        if (
            agencies_addressed
            and context == PUBLIC
            and verdict.category == C.CITIZEN_INFO
            and _agency_means(unit.text)
        ):
            # "UBND tỉnh đề nghị các cơ quan, đơn vị …. Triển khai lực lượng xung kích …": the
            # orders that follow, with no subject of their own, are still theirs
            verdict = _agency(f.DISCOURSE_LEAD.sub("", unit.text))
            if verdict.category == C.AGENCY_TASK:
                verdict = replace(
                    verdict, reason="Việc tiếp theo giao cho cơ quan, đơn vị đã nêu ở câu trước"
                )
        if verdict.category in _AGENCY_WORK:
            verdict = _campaign_call(unit.text) or _flags_at_half_mast(unit.text) or verdict
        if (
            verdict.aired is not None
            and not unit.title
            and any(
                _flat(unit.text).startswith(h) and len(unit.text) < len(h) + 30 for h in headings
            )
        ):
            verdict = _Verdict(C.CHROME, reason="Tiêu đề lặp lại; lời dẫn đã nói")
        if (
            verdict.category == C.BACKGROUND
            and _CONTRAST.match(unit.text)
            and (previous is None or previous.category != C.BACKGROUND)
        ):
            verdict = _decide(
                replace(unit, text=_CONTRAST.sub("", unit.text).strip()), context, messages
            )
        if (
            verdict.reason == _WHEN_REASON
            and previous is not None
            and not previous.kept
            and previous.block == unit.block
        ):
            verdict = _Verdict(C.AGENCY_TASK, reason=f"{_WHEN_REASON}, việc không đọc cho dân")
        if (
            verdict.aired is not None
            and not unit.title
            and any(d.aired == verdict.aired for d in decisions)
        ):
            verdict = _Verdict(C.CHROME, reason="Câu lặp lại câu đã đọc")
        decisions.append(
            SentenceDecision(
                id=unit.id,
                block=unit.block,
                source=unit.source,
                category=verdict.category,
                reason=verdict.reason or REASONS[verdict.category],
                aired=verdict.aired,
            )
        )
        if verdict.category in _AGENCY_WORK and _asks_agencies(unit.text):
            agencies_addressed = True
        elif verdict.category == C.CITIZEN_ACTION:
            agencies_addressed = False
        if is_intro:
            audience = _intro_audience(unit.text, context)
            scopes.append((level if level is not None else -1, audience, len(decisions) - 1))
    return tuple(_drop_empty_intros(decisions, units))


def _asks_agencies(text: str) -> bool:
    """Whether a sentence names agencies as those it asks ("UBND tỉnh đề nghị các cơ quan …",
    "Các đơn vị cần …")."""
    body = f.DISCOURSE_LEAD.sub("", text)
    address = _address_verb(body)
    if address is not None:
        # decided as agency work already: "các cơ quan, đơn vị, cá nhân" are still agencies
        return f.addressee_kind(body[address.end() : address.end() + 200]) in ("agency", "mixed")
    return _subject_kind(body) == "agency"


# Orders that only an organisation can carry out: it organises, deploys forces, keeps means and
# duty ready ("Triển khai lực lượng …", "Sẵn sàng lực lượng, vật tư, phương tiện …").
_MEANS = re.compile(
    r"(?<!\w)(?:lực lượng|vật tư|phương tiện cứu hộ|trực ban|nhiệm vụ)(?!\w)",
    re.IGNORECASE,
)


def _agency_means(text: str) -> bool:
    body = re.sub(r"^Trong đó\s*,\s*", "", f.DISCOURSE_LEAD.sub("", text), flags=re.IGNORECASE)
    if _OTHER_SPEAKER.search(body) or _PEOPLES_HOMES.search(body):
        return False
    words = body.split()
    opening = " ".join(words[:8])
    return bool(
        f.is_imperative(body) or re.match(r"^(?:sẵn sàng|bảo đảm|đảm bảo)\s", body, re.IGNORECASE)
    ) and bool(_ORGANISE.match(body) or _MEANS.search(opening))


_CALL_INTRO = re.compile(r"^(?:Đề nghị|Kêu gọi|Khuyến cáo|Kính mong) .* nội dung sau:$")


def citizen_decisions(decisions: Sequence[SentenceDecision]) -> list[SentenceDecision]:
    return [d for d in decisions if d.kept]


# --- units and context ---------------------------------------------------------------------


def _units(directive: Directive) -> list[_Unit]:
    units: list[_Unit] = []
    blocks = _blocks(directive)
    for block_index, block in enumerate(blocks):
        marker_match = f.ITEM_MARKER.match(block)
        marker = marker_match.group(0).strip() if marker_match else ""
        for position, raw in enumerate(split_sentences(block, breathe=False)):
            units.append(
                _Unit(
                    id=len(units) + 1,
                    block=block_index,
                    marker=marker if position == 0 else "",
                    text=f.clean_sentence(
                        _DATELINE.sub("", raw) if block_index == 0 and position == 0 else raw
                    ),
                    source=raw,
                    is_last=False,
                    title=block_index == 0 and block == f"{directive.title}.",
                )
            )
    if units:
        last = units[-1]
        units[-1] = replace(last, is_last=True)
    return units


_TITLED_DOCUMENT = re.compile(
    r"^(?:TB|Thông báo|KH|Kế hoạch|CV|Công văn|Công điện|Quyết định|Chỉ thị|Hướng dẫn|Lịch)\s",
)


def _blocks(directive: Directive) -> list[str]:
    blocks: list[str] = []
    for block in directive.body:
        if block == directive.title:
            continue
        if blocks and block[:1].islower():
            blocks[-1] = f"{blocks[-1]} {block}"  # a line cut in two ("…căn cước công dân... để")
        else:
            blocks.append(block)
    title = directive.title
    if (
        title
        and len(title.split()) >= _SENTENCE_TITLE_WORDS
        and not re.match(r"^[^:]{2,30}:\s", title)  # "Quảng Trị: Tạm dừng …" is a headline
        and not _TITLED_DOCUMENT.match(title)  # "TB địa điểm bỏ phiếu …" names a document
        and not any(_tail(title) in _flat(block) for block in blocks)  # the body says it
    ):
        blocks.insert(0, title + ".")  # a write-up's first sentence, not a headline
    elif title and (marker := f.ITEM_MARKER.match(title)):
        # An item taken for a headline ("1. Thời gian: Từ 07h00 – 17h00 ngày 14/5/2020"): put
        # it back before its next sibling, or first.
        blocks.insert(_sibling_position(marker.group(0).strip(), blocks), title)
    return blocks


def _tail(text: str, words: int = 8) -> str:
    return " ".join(_flat(text.rstrip(". ")).split()[-words:])


def _sibling_position(marker: str, blocks: list[str]) -> int:
    """Where an item taken for a headline goes back: before the next number ("2." after
    "1."), or before the first item with the same bullet ("- …"); else first."""
    number = re.match(r"(\d+)([.)])$", marker)
    following = f"{int(number.group(1)) + 1}{number.group(2)}" if number else marker
    for index, block in enumerate(blocks):
        if block.startswith(following + " "):
            return index
    return 0


def _starts_block(unit: _Unit, units: list[_Unit]) -> bool:
    return unit.id == 1 or units[unit.id - 2].block != unit.block


def _level(marker: str) -> float | None:
    if not marker:
        return None
    if re.fullmatch(r"[IVXLC]+\.", marker):
        return 0
    if re.fullmatch(r"\d{1,2}(?:\.\d{1,2})*[.)]", marker):
        return marker.count(".") + (1 if marker.endswith(")") else 0)
    if marker.endswith(")"):
        return 3
    return 4 if marker in "-–•" else 5


def _document_audience(directive: Directive) -> str:
    if not directive.recipients:
        return PUBLIC
    kind = f.addressee_kind("; ".join(directive.recipients))
    return {"citizen": CITIZEN, "mixed": MIXED, "agency": AGENCY}.get(kind, PUBLIC)


def _intro_audience(text: str, context: str) -> str:
    """Whom the items after an introducing sentence are for."""
    body = f.DISCOURSE_LEAD.sub("", text)
    if f.CONTENT_LEAD.match(body) and len(f.CONTENT_LEAD.sub("", body, count=1).split()) < 4:
        return CONTENT  # "Tuyên truyền các thông điệp:"
    address = f.ADDRESS_VERB.search(body)
    if address:
        kind = f.addressee_kind(body[address.end() :])
        if kind != "none":
            return {"citizen": CITIZEN, "mixed": MIXED, "agency": AGENCY}[kind]
        return context
    kind = f.addressee_kind(body)
    if _ANNOUNCE.search(body) and kind in ("none", "agency"):
        return PUBLIC
    if kind == "citizen" or kind == "mixed":
        return CITIZEN if kind == "citizen" else MIXED
    if kind == "agency" and (len(body.split()) <= 14 or _subject_kind(body) == "agency"):
        return AGENCY  # "1. Phòng Y tế:", "Ban Chỉ huy …, Thủ trưởng các sở … thực hiện … sau:"
    return context


def _subject_kind(text: str) -> str:
    head = f.SUBJECT_DETERMINER.sub("", f.DISCOURSE_LEAD.sub("", text), count=1)
    start = f.predicate_start(head)
    if start is None or start == 0:
        return "none"
    noun_phrase = head[:start]
    if ":" in noun_phrase:
        return "none"  # "TDP số 1 và 3: Trường THCS …": a label and its value, no subject
    if _LOCALITIES.match(noun_phrase):
        return "agency"  # "các địa phương cần …": the local governments
    if not (f.AGENCY_NOUN.match(noun_phrase) or f.CITIZEN_NOUN.match(noun_phrase)):
        return "none"
    if _DATE_OR_TIME.search(noun_phrase) or len(noun_phrase.split()) > 30:
        return "none"  # a place with its date and hours, not a subject
    return f.addressee_kind(noun_phrase)


_LOCALITIES = re.compile(r"địa phương(?:\s*,|\s+(?:trong|trên|thuộc)\s|\s*$)", re.IGNORECASE)


def _drop_empty_intros(
    decisions: list[SentenceDecision], units: list[_Unit]
) -> list[SentenceDecision]:
    """An aired "… các nội dung sau:" whose items were all dropped says nothing: drop it too."""
    result = list(decisions)
    for index, decision in enumerate(decisions):
        if not (decision.kept and decision.aired and decision.aired.endswith(":")):
            continue
        level = _level(units[index].marker)
        following = decisions[index + 1 :]
        scope: list[SentenceDecision] = []
        for other_index, other in enumerate(following, start=index + 1):
            other_level = _level(units[other_index].marker)
            if level is not None and other_level is not None and other_level <= level:
                break
            if (
                other_level is None
                and _INTRO_END.search(units[other_index].text)
                and (units[other_index].block != units[index].block)
            ):
                break
            scope.append(other)
        kept = [d for d in scope if d.kept]
        below = range(index + 1, index + 1 + len(scope))
        if (
            level is not None
            and any(decisions[i].category == C.CHROME for i in below)
            and all(
                decisions[i].category == C.CHROME or units[i].text.rstrip().endswith(":")
                for i in below
            )
        ):
            continue  # only a heading and another lead below: a summary above the heading
        if not kept:
            result[index] = SentenceDecision(
                decision.id,
                decision.block,
                decision.source,
                C.AGENCY_TASK,
                "Câu dẫn mà các mục sau đó đều không dành cho bà con",
            )
        elif _CALL_INTRO.match(decision.aired) and (kept[0].aired or "").startswith("Đề nghị "):
            # "Đề nghị bà con thực hiện các nội dung sau: Đề nghị bà con chủ động …": the
            # first item already says it
            result[index] = replace(
                decision,
                aired=None,
                reason="Câu dẫn; từng mục sau đó đã là lời đề nghị bà con",
            )
    return result


# --- one sentence --------------------------------------------------------------------------


def _is_section_heading(unit: _Unit) -> bool:
    """ "I. Thời gian và Phạm vi ảnh hưởng", "1. Đối tượng và nguyên tắc tuyển sinh": a
    numbered line of a few words, no stop and no verb of its own, names the section below."""
    text = unit.source.strip()
    level = _level(unit.marker)
    return (
        level is not None
        and level <= 2
        and not text.endswith((*_TERMINAL, ","))
        and f.words(unit.text) <= 8
        and not f.is_imperative(unit.text)
        and f.predicate_start(unit.text) is None
        and not _DATE_OR_TIME.search(unit.text)
    )


def _decide(unit: _Unit, context: str, messages: set[str]) -> _Verdict:
    text = unit.text
    if not text or not re.search(r"\w", text):
        return _Verdict(C.CHROME, reason="Dòng trống hoặc chỉ có dấu")
    chrome = _chrome(text)
    if chrome:
        return _Verdict(C.CHROME, reason=chrome)
    broken = unairable(text)
    if broken:
        return _Verdict(C.BROKEN, reason=f"{REASONS[C.BROKEN]}: {', '.join(broken)}")
    if unit.is_last and not unit.source.rstrip().endswith(_TERMINAL):
        return _Verdict(C.CUT_OFF)
    if f.mostly_upper(text) and not text.endswith((".", "!", "?")):
        return _Verdict(C.CHROME, reason="Dòng viết hoa: tiêu đề, tên cơ quan hoặc chuyên mục")
    if _is_section_heading(unit):
        return _Verdict(C.CHROME, reason="Tên mục của văn bản; các ý bên dưới mới là nội dung")
    if _CAPTION.match(text) and not unit.marker:
        outside = re.sub(r"\([^()]*\)", "", text)
        if (
            _WHEN_LINE.match(outside)
            and _DATE_OR_TIME.search(outside)
            and f.predicate_start(outside) is None
        ):
            # "Đồng loạt vào sáng ngày 24/8/2025 (Chủ nhật)": when the sentence before happens
            return _Verdict(
                C.CITIZEN_INFO,
                aired=f.end_sentence(f"Thời gian: {f.lower_first(text)}"),
                reason=_WHEN_REASON,
            )
        return _Verdict(C.CHROME, reason="Chú thích ảnh")
    quoted = _QUOTED.match(text)
    if _flat(text.strip(' .“”"')) in messages or quoted:
        return _Verdict(C.SLOGAN, aired=f.end_sentence(text))
    return _decide_clause(text, context, unit.marker)


# "1. Mục đích: Quán triệt … trách nhiệm của các sở, ban, ngành …": a plan states its own
# purpose and requirements for the bodies that carry it out; "quán triệt" is done to cadres.
_PLAN_PURPOSE = re.compile(
    r"^(?:(?:Mục đích|Yêu cầu)(?:\s*,\s*yêu cầu)?\s*:\s*)?Quán triệt(?!\w)|"
    r"^(?:Mục đích|Yêu cầu)(?:\s*,\s*yêu cầu)?\s*:\s*(?:Nâng cao|Tăng cường|Tiếp tục|Triển khai|"
    r"Xác định|Phát huy|Đề cao|Gắn)(?!\w)",
    re.IGNORECASE,
)


def _decide_clause(text: str, context: str, marker: str) -> _Verdict:
    if _SIGN_OFF.fullmatch(text):
        return _Verdict(C.CHROME, reason="Lời kết của văn bản; kịch bản có lời kết riêng")
    if _PLAN_PURPOSE.match(text):
        return _Verdict(
            C.AGENCY_TASK,
            reason="Mục đích, yêu cầu của kế hoạch đặt ra cho cơ quan thực hiện, không nói với "
            "bà con",
        )
    lead_in = _CONTENT_INTRO.match(text)
    if lead_in:
        if not text[lead_in.end() :].strip():
            return _Verdict(
                C.LEGAL_BASIS, reason="Lời dẫn của văn bản; lời dẫn của kịch bản đã nói"
            )
        text = text[lead_in.end() :]  # "Nội dung thông báo như sau: Đề nghị …"
    if _PURPOSE.match(text) and not _has_main_clause(text):
        return _Verdict(C.BACKGROUND, reason="Câu không trọn, chỉ nói mục đích")
    if _CIRCUMSTANCE.match(text) and not _has_main_clause(text) and "," not in text:
        return _Verdict(C.BACKGROUND, reason="Câu không trọn, chỉ nói tình hình dẫn tới văn bản")
    formula = _CLOSING_FORMULA.search(text)
    if formula and f.addressee_kind(formula["who"]) == "agency":
        return _Verdict(C.AGENCY_TASK, reason="Câu kết gửi cơ quan nhận văn bản")
    if (
        f.AGENCY_NOUN.match(text)
        and f.predicate_start(text) is None
        and f.words(text) <= 12
        and not (_RESIDENTIAL_UNIT.match(text) and ":" in text)  # "Khu phố 1: số 57 Đề Thám"
        and not _INTRO_END.search(text)
        and not _ANNOUNCE.search(text)
    ):
        return _Verdict(C.CHROME, reason="Chỉ có tên cơ quan (nơi gửi, nơi nhận)")
    if f.BASIS_START.match(text) or _DOC_CITATION.match(text):
        main = _main_clause(text)
        if main is None:
            return _Verdict(C.LEGAL_BASIS)
        text = main
        if _PURPOSE.match(text) and _ANNOUNCE.search(text):
            # "…, nhằm triển khai dự án Khu nhà ở xã hội …, UBND phường trân trọng thông báo:"
            return _Verdict(
                C.CITIZEN_INFO,
                aired=f.capitalize_first(text.replace("trân trọng ", "")),
                reason="Mục đích của thông báo, bỏ phần căn cứ",
            )
    body = f.DISCOURSE_LEAD.sub("", text)
    if _CONTRAST.match(text):
        body = text  # "Tuy nhiên, …" is background only after background (decided in classify)
    if f.BACKGROUND_START.match(body) or (
        # a count in brackets names what an item covers ("Nút giao N8 - 01 trường hợp")
        f.STATISTICS.search(re.sub(r"\([^()]*\)", "", body))
        and context not in (CITIZEN, MIXED, CONTENT)
    ):
        return _Verdict(C.BACKGROUND)
    narrative = f.ISSUED_NARRATIVE.search(body)
    if narrative and (
        f.CITED_DOCUMENT.search(body[narrative.start() :])
        or (
            # "Ban Chỉ huy … có Công điện về ứng phó với bão": the document, said again
            f.AGENCY_NOUN.match(body)
            and f.words(body) <= 30
            and re.match(r"\s+(?:khẩn\s+)?về\s", body[narrative.end() :])
        )
    ):
        after = body[narrative.end() :]
        address = f.ADDRESS_VERB.search(after)
        if address is None or f.addressee_kind(after[address.end() :]) in ("none", "agency"):
            return _Verdict(
                C.LEGAL_BASIS,
                reason="Câu thuật lại việc ban hành văn bản; văn bản đã nêu ở lời dẫn",
            )
        body = after[address.start() :]
    body = _COURTESY.sub("", body)  # "xin trân trọng thông báo" reads "thông báo" on air
    if _ANNOUNCES_A_LINK.match(body):
        return _Verdict(
            C.LEGAL_BASIS, reason="Chỉ dẫn tới nội dung văn bản ở trang khác; không có nội dung"
        )
    told = _ANNOUNCED_TO.match(body)
    if told and _ASSIGNED.search(body[: told.end()]):
        # "UBND huyện giao Chủ tịch UBND các xã chịu trách nhiệm thông báo đến người dân …":
        # who must tell people, not what they are told
        told = None
    if told and f.AGENCY_NOUN.match(body):
        return _Verdict(
            C.CITIZEN_INFO,
            aired=_announcement_to_citizens(body, told),
            reason="Cơ quan thông báo cho bà con biết",
        )
    announced = _AGENCY_ANNOUNCES.match(body)
    if announced and f.AGENCY_NOUN.match(body):
        return _Verdict(
            C.CITIZEN_INFO,
            aired=f.capitalize_first(body)
            if _INTRO_END.search(body)
            else f.end_sentence(f.capitalize_first(body)),
            reason="Cơ quan thông báo cho bà con biết",
        )
    relay = _relayed_call(body)
    if relay is not None:
        return relay
    address = _address_verb(body)
    if (
        address is not None
        and address.start() < 240
        and _our_speaker(body[: address.start()])
        and not _NEGATED.search(body[: address.start()])
    ):
        verdict = _addressed(body, address, context)
        if verdict is not None:
            return verdict
    approval = _APPROVAL.match(body)
    if approval:
        event = f.capitalize_first(body[approval.end() :])
        return _Verdict(
            C.CITIZEN_INFO,
            aired=f.end_sentence(event),
            reason="Sự việc được cấp trên đồng ý, thông tin cho bà con biết",
        )
    if _ANNOUNCE_ONLY.match(body):
        return _Verdict(
            C.LEGAL_BASIS, reason="Lời dẫn của văn bản; lời dẫn của kịch bản đã nói thay"
        )
    subject = _subject_kind(body)
    if subject in ("citizen", "mixed"):
        return _citizen_subject(body, subject)
    if subject == "agency":
        spread = _propaganda(body)
        if spread is not None:
            return spread
        for_citizens = _SERVICE.search(body)
        if context == PUBLIC and _AGENCY_SAYS.match(body):
            return _Verdict(
                C.CITIZEN_INFO,
                aired=f.end_sentence(f.capitalize_first(body)),
                reason="Cơ quan cho biết một điều bà con cần biết",
            )
        if (
            context == PUBLIC
            and (for_citizens or (_DATE_OR_TIME.search(body) and not _AGENCY_MODAL.search(body)))
            and not (f.REPORTING.search(body) or f.MEDIA.search(body))
        ):
            return _Verdict(
                C.CITIZEN_INFO,
                aired=f.end_sentence(f.capitalize_first(body)),
                reason="Cơ quan quyết định ngày giờ một việc bà con cần biết",
            )
        return _agency(body)
    return _unaddressed(body, context, marker)


_OTHER_SPEAKER = re.compile(
    r"(?<!\w)(?:người lạ|kẻ gian|đối tượng|tự xưng|giả danh|giả mạo|mạo danh|lừa đảo)(?!\w)",
    re.IGNORECASE,
)


def _address_verb(body: str) -> re.Match[str] | None:
    """The first verb that addresses someone, not the noun ("theo khuyến cáo của Bộ Y tế")."""
    for match in f.ADDRESS_VERB.finditer(body):
        before = body[: match.start()].rstrip().lower()
        if before.endswith(
            ("theo", "các", "những", "với", "là", "ban hành", "có", "công tác", "sự", "ban")
        ) or re.match(r"\s*(?:của|này|trên|nêu)(?!\w)", body[match.end() :], re.IGNORECASE):
            continue
        return match
    return None


def _our_speaker(before: str) -> bool:
    """Whether the words before "đề nghị/yêu cầu …" are the directive speaking (nothing, an
    agency, a legal basis, a purpose clause), not someone it warns about ("Người lạ tự xưng
    công an yêu cầu người dân …")."""
    return _OTHER_SPEAKER.search(before) is None


def _main_clause(text: str) -> str | None:
    """The clause after a legal basis: "Căn cứ …, UBND phường trân trọng thông báo:" → the
    announcement. None when the sentence is only the basis."""
    for match in re.finditer(r"[,;]\s+", text):
        rest = text[match.end() :]
        if (
            f.BASIS_START.match(rest)
            or _DOC_CITATION.match(rest)
            or rest.startswith(("ngày", "của", "về"))
        ):
            continue
        if _PURPOSE.match(rest) and re.search(r",\s+\S+[^,]*\sthông báo\s*:?\s*$", rest):
            return rest
        head = rest[:120]
        if (
            f.ADDRESS_VERB.search(head)
            or _ANNOUNCE.search(head)
            or re.search(r"(?<!\w)(?:có ý kiến|triển khai|tổ chức|kêu gọi)(?!\w)", head)
        ) and (f.AGENCY_NOUN.match(rest) or f.CITIZEN_NOUN.match(rest) or rest[:1].isupper()):
            return rest
    return None


def _announcement_to_citizens(body: str, told: re.Match[str]) -> str:
    """ "X thông báo tới các UBND các phường, xã và Quý khách hàng …" → "X thông báo tới khách
    hàng …": the agencies on the list of recipients are not who listens."""
    rest = _HONORIFIC.sub("", body[told.end() :])
    citizens = f.CITIZEN_NOUN.search(rest)
    if citizens:
        recipients = rest[: citizens.start()]
        joined = re.search(r"(?:,\s*|\s+)(?:và\s+)?(?:các\s+|những\s+)?$", recipients)
        if recipients.strip() and joined and f.addressee_kind(recipients) == "agency":
            rest = rest[citizens.start() :]
    text = f.capitalize_first(body[: told.end()] + rest)
    return text if _INTRO_END.search(text) else f.end_sentence(text)


# A negation governing the verb that follows, within three words of it: "không (thực hiện
# việc) yêu cầu người dân cung cấp …" says what an agency never asks, so it must not be recast
# as a request.
_NEGATED = re.compile(
    r"(?<!\w)(?:không|chưa|chẳng|không bao giờ|không hề|không có việc|nghiêm cấm việc)"
    r"(?:\s+\S+){0,3}?\s*$",
    re.IGNORECASE,
)


def _relayed_call(body: str) -> _Verdict | None:
    """ "UBND các huyện vận động nhân dân treo cờ …" → "Đề nghị bà con nhân dân treo cờ …"."""
    for relay in f.RELAY_VERB.finditer(body):
        before = f.DISCOURSE_LEAD.sub("", body[: relay.start()])
        if (
            before
            and not f.RELAY_VERB.fullmatch(before + " ")
            and not (
                f.AGENCY_NOUN.match(before)
                or f.is_imperative(before)
                or f.CONTENT_LEAD.match(before)
                or f.ADDRESS_VERB.match(before)
            )
        ):
            return None  # someone else asks ("Người lạ … yêu cầu người dân …"): not our call
        if _NEGATED.search(before):
            return None  # "… không thực hiện việc yêu cầu người dân …": the opposite of a call
        after = body[relay.end() :]
        start = f.predicate_start(after)
        chained = f.RELAY_VERB.match(after) is not None  # "Vận động hướng dẫn người dân …"
        if (
            start == 0
            and not chained
            and relay.start() == 0
            and relay["verb"].lower() in _IMPLICIT_RELAY
        ):
            predicate = _citizen_predicate(after)  # "Hướng dẫn neo đậu …": bà con is implied
            return _Verdict(
                C.CITIZEN_ACTION,
                aired=f.end_sentence(f"Đề nghị bà con {predicate}"),
                reason="Việc cơ quan được giao hướng dẫn bà con làm: chuyển thành lời đề nghị",
                relayed=True,
            )
        if start is None or start == 0:
            continue
        while chained and (again := f.RELAY_VERB.match(after)):
            after = after[again.end() :]  # "vận động hướng dẫn người dân …": one call
            start = f.predicate_start(after)
            chained = start is not None and start > 0
        if start is None or start == 0:
            continue
        noun_phrase = after[:start]
        kind = f.addressee_kind(noun_phrase)
        if kind not in ("citizen", "mixed") or len(noun_phrase.split()) > 25:
            continue
        if relay.start() == 0 and relay["verb"].lower() in ("đề nghị", "yêu cầu", "kêu gọi"):
            return None  # a direct address, decided by _addressed
        predicate = _citizen_predicate(after[start:])
        if not predicate:
            continue
        who = _who(noun_phrase, kind)
        return _Verdict(
            C.CITIZEN_ACTION,
            aired=f.end_sentence(f"Đề nghị {who} {predicate}"),
            reason="Lời cảnh báo cơ quan được giao chuyển tới bà con: đọc thành lời đề nghị bà "
            "con, không đọc phần giao việc"
            if relay["verb"].lower() == "cảnh báo"
            else "Việc cơ quan được giao vận động, hướng dẫn bà con làm: chuyển thành lời "
            "đề nghị bà con",
            relayed=True,
        )
    return None


# "đề nghị Nhân dân và yêu cầu các sở, ngành … tiếp tục …": two addressees, one task.
_SECOND_ADDRESS = re.compile(
    r"^(?P<first>[^,;:]{2,60}?)\s+và\s+(?:yêu cầu|đề nghị|kêu gọi)\s+", re.IGNORECASE
)


def _addressed(body: str, address: re.Match[str], context: str) -> _Verdict | None:
    after = body[address.end() :]
    second = _SECOND_ADDRESS.match(after)
    if second:
        after = f"{second['first']}, {after[second.end() :]}"
    start = f.predicate_start(after, len(second["first"]) + 2 if second else 0)
    if start == 0:
        return None  # "… yêu cầu phải có …": no one named
    noun_phrase = after[:start] if start is not None else after
    kind = f.addressee_kind(noun_phrase)
    if kind == "none":
        if not re.search(r"\w", noun_phrase):
            return None  # "… chỉ đạo, kiểm tra …": a list of verbs, no one addressed
        if context in (CITIZEN, MIXED, PUBLIC) and start is not None:
            kind = "citizen"  # "đề nghị những ai có mặt … liên hệ ngay"
        else:
            return None
    if kind == "agency":
        if start is not None and _HOMES.search(after[start:]):
            task = _AGENCY_VERB_LEAD.sub("", _citizen_predicate(after[start:]))
            return _Verdict(
                C.CITIZEN_ACTION,
                aired=f.end_sentence(f"Đề nghị bà con nhân dân {task}"),
                reason="Việc giao cơ quan làm cả ở nhà dân: chuyển thành lời đề nghị bà con",
            )
        return _agency(body)
    if start is None:
        if _INTRO_END.search(body):
            who = _who(_LIST_TAIL.sub("", noun_phrase.rstrip(": ")), kind)
            verb = _SPEAKER_VERBS.get(address["verb"].lower(), "Đề nghị")
            return _Verdict(C.CITIZEN_ACTION, aired=f"{verb} {who} thực hiện các nội dung sau:")
        return None
    predicate = _citizen_predicate(after[start:])
    verb = _SPEAKER_VERBS.get(address["verb"].lower(), "Đề nghị")
    who = _who(noun_phrase, kind)
    reason = (
        "Lời đề nghị gửi cả cơ quan và nhân dân: chuyển thành lời đề nghị bà con"
        if kind == "mixed"
        else None
    )
    aired = f"{verb} {who} {predicate}"
    return _Verdict(
        C.CITIZEN_ACTION,
        aired=aired if aired.endswith(":") else f.end_sentence(aired),
        reason=reason,
    )


# "Công an xã cho biết, không yêu cầu người dân …": an agency's statement in a public notice.
_AGENCY_SAYS = re.compile(
    r"^[^,;:]{3,80}?\s(?:cho biết|khẳng định|lưu ý|nhấn mạnh|xác nhận)\s*(?:,|:|rằng(?!\w))",
    re.IGNORECASE,
)
# "Người dân phản ánh, các đối tượng …": what people said, reported; not a task for them.
_REPORTED_SPEECH = re.compile(
    r"^(?:phản ánh|cho biết|cho rằng|chia sẻ|kể|kể lại|nói|bày tỏ|khẳng định|xác nhận|"
    r"trình báo|tố cáo|thừa nhận)\s*(?:,|:|rằng(?!\w))",
    re.IGNORECASE,
)


def _citizen_subject(body: str, kind: str) -> _Verdict:
    head = f.DISCOURSE_LEAD.sub("", body)
    start = f.predicate_start(head) or 0  # _subject_kind found one
    predicate = head[start:]
    if predicate.lower().startswith(("được", "đã", "đang", "sẽ", "là")) or _REPORTED_SPEECH.match(
        predicate
    ):
        return _Verdict(C.CITIZEN_INFO, aired=f.end_sentence(f.capitalize_first(head)))
    if kind == "citizen" and predicate.lower().startswith(("cần", "phải", "hãy", "không được")):
        return _Verdict(C.CITIZEN_ACTION, aired=f.end_sentence(f.capitalize_first(head)))
    who = _who(head[:start], kind)
    return _Verdict(
        C.CITIZEN_ACTION,
        aired=f.end_sentence(f"Đề nghị {who} {_citizen_predicate(predicate)}"),
        reason="Việc bà con cần làm"
        if kind == "citizen"
        else "Việc giao cả cơ quan và nhân dân: chuyển thành lời đề nghị bà con",
    )


# A ban inside an agency's task ("…; nghiêm cấm việc thả rong chó, mèo …"): a rule bà con keep.
_BAN = re.compile(r"^(?:đồng thời\s*,?\s*)?(?P<ban>(?:nghiêm cấm|cấm)\s.+)$", re.IGNORECASE)
# A channel of propaganda named with it: the work of whoever speaks through it.
_CHANNEL = re.compile(
    r"(?<!\w)(?:loa tay|loa truyền thanh|loa di động|xe loa|hệ thống loa|họp thôn|"
    r"cuộc họp|tờ rơi|tờ gấp)(?!\w)",
    re.IGNORECASE,
)


def _agency(body: str) -> _Verdict:
    for part in f.split_outside_parentheses(body)[1:]:
        ban = _BAN.match(part.strip())
        if ban:
            return _Verdict(
                C.CITIZEN_ACTION,
                aired=f.end_sentence(f.capitalize_first(ban["ban"].rstrip(" .;"))),
                reason="Điều cấm nêu trong việc giao cho cơ quan: bà con cần biết và chấp hành",
            )
    content = f.CONTENT_LIST.search(body)
    if content and not _LAW_NAMES.search(content["content"]) and not _topic_names(content):
        text = content["content"].strip()
        return _Verdict(
            C.CITIZEN_INFO,
            aired=f.end_sentence(f"Bà con cần lưu ý: {f.lower_first(text)}"),
            reason="Nội dung cơ quan được giao tuyên truyền: đọc cho bà con",
        )
    if f.REPORTING.search(body):
        return _Verdict(C.REPORTING)
    if f.MEDIA.search(body):
        return _Verdict(C.MEDIA)
    return _Verdict(C.AGENCY_TASK)


# "các đơn vị cần tuyên truyền sâu rộng trong … nhân dân … về <what>": the units' verb is to
# spread the word; what they spread is for bà con, the order itself is media work.
_PROPAGANDA_VERB = re.compile(
    r"^(?:(?:cần|phải|tiếp tục|tăng cường|đẩy mạnh|chủ động|tích cực|kịp thời|thường xuyên)"
    r"\s+)*(?:tổ chức\s+)?(?:công tác\s+)?"
    r"(?:tuyên truyền|phổ biến|thông tin|đưa tin|truyền thông)(?!\w)",
    re.IGNORECASE,
)
_PROPAGANDA_TOPIC = re.compile(r"(?<!\w)về\s+(?:việc\s+)?(?P<what>\S.*)$", re.IGNORECASE)


def _propaganda(body: str) -> _Verdict | None:
    """An agency told to spread the word: what it spreads is information for bà con (when the
    sentence says what), the order to spread it is media production (when it does not)."""
    head = f.SUBJECT_DETERMINER.sub("", f.DISCOURSE_LEAD.sub("", body), count=1)
    start = f.predicate_start(head)
    if start is None:
        return None
    verb = _PROPAGANDA_VERB.match(head[start:])
    if verb is None:
        return None
    rest = head[start + verb.end() :]
    topic = _PROPAGANDA_TOPIC.search(rest)
    if topic is not None and f.addressee_kind(rest[: topic.start()]) != "agency":
        what = f.strip_citing_tail(topic["what"].strip()).rstrip(" .;")
        if f.words(what) >= 4 and not (_LAW_NAMES.search(what) or f.CITED_DOCUMENT.search(what)):
            return _Verdict(
                C.CITIZEN_INFO,
                aired=f.end_sentence(f"Xin thông tin tới bà con về {f.lower_first(what)}"),
                reason="Cơ quan, đơn vị được giao tuyên truyền: đọc điều cần cho bà con biết, "
                "không đọc lời giao việc",
            )
    return _Verdict(C.MEDIA, reason="Việc tuyên truyền giao cho cơ quan, đơn vị")


def _topic_names(content: re.Match[str]) -> bool:
    """ "… nhấn mạnh: triệu chứng, nguyên nhân, đường lây truyền": a list of headings only,
    nothing said about them (every item three words or fewer)."""
    items = [item.split() for item in re.split(r"[,;]", content["content"])]
    return all(len(item) <= 3 for item in items)


# "Cấp ủy, Chính quyền các thôn: kịp thời kiểm tra …": an item headed by whom it is for.
_LABEL = re.compile(r"^(?P<who>[^:;.]{3,60}?)\s*[:;]\s+(?P<rest>\S.*)$")
# Citizens as the object of the verb: they are moved, evacuated, helped by someone else.
_PEOPLE_AS_OBJECT = re.compile(
    r"(?<!\w)(?:di dời|sơ tán|di chuyển|hỗ trợ|cứu trợ|cứu hộ|tiếp nhận|bố trí chỗ ở cho)\s+"
    r"(?:các\s+|toàn bộ\s+)?(?:dân|nhân dân|người dân|hộ dân|hộ gia đình|bà con)(?!\w)",
    re.IGNORECASE,
)


def _unaddressed(body: str, context: str, marker: str) -> _Verdict:
    label = _LABEL.match(body)
    if (
        label
        and f.predicate_start(label["who"]) is None
        and f.addressee_kind(label["who"]) == "agency"
        and not _RESIDENTIAL_UNIT.match(label["who"])
        # "Vùng bị dịch uy hiếp gồm các xã: Yên Trị, …": communes named as a place
        and not re.search(r"(?<!\w)(?:là|gồm|bao gồm)(?!\w)", label["who"], re.IGNORECASE)
    ):
        return _agency(label["rest"])
    lead = f.CONTENT_LEAD.match(body)
    if lead and lead.end() > 0:
        content = body[lead.end() :]
        if len(content.split()) >= 4:
            if f.CITED_DOCUMENT.search(content) and not _LAW_NAMES.search(content):
                told = _cited_subject(content)
                if told is not None:
                    return _Verdict(
                        C.CITIZEN_INFO,
                        aired=f.end_sentence(f"Xin thông tin tới bà con về việc {told}"),
                        reason="Tuyên truyền theo văn bản được dẫn: đọc điều văn bản ấy nói "
                        "tới, không đọc số hiệu",
                    )
            if _LAW_NAMES.search(content) or f.CITED_DOCUMENT.search(content):
                return _Verdict(C.LEGAL_BASIS, reason="Tuyên truyền văn bản, luật: không đọc")
            return _Verdict(
                C.CITIZEN_INFO,
                aired=_as_information(content),
                reason="Nội dung cơ quan được giao tuyên truyền: đọc cho bà con",
            )
        return _Verdict(C.MEDIA)
    listed = f.CONTENT_LIST.search(body)
    if listed and _topic_names(listed):
        return _Verdict(
            C.AGENCY_TASK, reason="Chỉ nêu tên các mục cần tuyên truyền, không nói gì với bà con"
        )
    if context == CONTENT:
        return _Verdict(C.CITIZEN_INFO, aired=_as_information(body))
    imperative = f.is_imperative(body)
    if context in (CITIZEN, MIXED):
        if imperative and _ORGANISE.match(body) and context == MIXED:
            return _Verdict(
                C.AGENCY_TASK, reason="Việc tổ chức, triển khai: của cơ quan, đơn vị, thôn xóm"
            )
        if imperative and _PEOPLE_AS_OBJECT.search(body):
            return _Verdict(
                C.AGENCY_TASK, reason="Bà con là người được di dời, hỗ trợ: việc của cơ quan"
            )
        if imperative:
            return _Verdict(
                C.CITIZEN_ACTION,
                aired=f.end_sentence(f"Đề nghị bà con {f.lower_first(_citizen_predicate(body))}"),
            )
        return _Verdict(C.CITIZEN_INFO, aired=_as_information(body))
    if context == AGENCY and not imperative and _HAZARD_NEWS.search(body):
        # A storm's position and strength in a telegram to agencies is what bà con must hear.
        return _Verdict(
            C.CITIZEN_INFO,
            aired=_as_information(body),
            reason="Tin thời tiết, thiên tai: bà con cần biết để chủ động phòng tránh",
        )
    if context == AGENCY:
        # "Trong đó, tập trung tuyên truyền về: thủ đoạn …": what to tell people
        from_agency = _agency(body)
        if from_agency.category == C.CITIZEN_INFO:
            return from_agency
        if f.REPORTING.search(body):
            return _Verdict(C.REPORTING)
        if f.MEDIA.search(body) or f.CONTENT_LEAD.match(body):
            return _Verdict(C.MEDIA)
        return _Verdict(C.AGENCY_TASK)
    if _PUBLISHES.match(body):
        return _Verdict(C.MEDIA, reason="Việc đăng, phát bài của bản tin, cổng thông tin, đài")
    if _CHANNEL.search(body) and re.search(r"(?<!\w)tuyên truyền(?!\w)", body, re.IGNORECASE):
        return _Verdict(C.MEDIA, reason="Cách tuyên truyền (loa, họp thôn, tờ rơi): việc của cơ sở")
    # A public announcement: statements are information; orders with no one named stay, as
    # announcers read lists of measures.
    if f.REPORTING.search(body) and (imperative or f.addressee_kind(body) == "agency"):
        return _Verdict(C.REPORTING)
    if (
        not imperative
        and f.words(body) <= 6
        and not _DATE_OR_TIME.search(body)
        and not _INTRO_END.search(body)
        and not _LABELLED_VALUE.match(body)
    ):
        return _Verdict(C.CHROME, reason="Dòng ngắn không thành câu (chữ ký, nguồn, tiêu đề)")
    return _Verdict(C.CITIZEN_INFO, aired=_as_information(body))


# "Bản tin Quận 8 đăng nội dung bài phát thanh …", "Tổ Công nghệ Thông tin đăng nội dung …":
# a newsletter, a portal or a station told what to publish.
_PUBLISHES = re.compile(
    r"^[^,.;:]{2,80}?\s(?:đăng|đăng tải|phát sóng|đưa tin|tổ chức phát thanh)\s+"
    r"(?:nội dung|bài|tin|chương trình)(?!\w)",
    re.IGNORECASE,
)
# "TDP số 1 và 3: Trường THCS Ngô Gia Tự": where people of a residential group go; the group
# names people by where they live, not an office that is given work.
_RESIDENTIAL_UNIT = re.compile(
    r"^\s*(?:thôn|ấp|tổ dân phố|TDP|khu phố|KP|bản|xóm|tổ|khu dân cư|khu vực)\s+(?:số\s*)?\w",
    re.IGNORECASE,
)
# A hazard's state as forecast: the storm's centre, its wind force, the rain and the floods.
_HAZARD_NEWS = re.compile(
    r"(?<!\w)(?:tâm bão|siêu bão|áp thấp nhiệt đới|sức gió mạnh nhất|giật cấp|gió mạnh cấp|"
    r"cấp cảnh báo|lượng mưa|mực nước (?:trên )?các sông|đỉnh lũ|triều cường|cấp độ rủi ro)(?!\w)",
    re.IGNORECASE,
)
# "Huyện Hóc Môn: toàn vùng", "Địa điểm: Nhà văn hóa thôn": a short item of a notice, a label
# and its value; signature and source labels are not.
_LABELLED_VALUE = re.compile(
    r"^(?:[*•+-]\s*)?(?!(?:Nơi nhận|Người ký|Người viết|Tác giả|Nguồn|Ảnh|Tin|Bài|Theo|"
    r"Ký hiệu|Số hiệu|Lượt xem)\s*:)[^:]{2,40}:\s*\w.*$",
    re.IGNORECASE,
)
# "… theo Kế hoạch số 26/KH-VHTT ngày 15/9/2020 của Phòng … về việc <subject>".
_CITED_SUBJECT = re.compile(r"(?<!\w)về\s+(?:việc\s+)?(?P<subject>.+)$", re.IGNORECASE)
# The document's own acts in its subject: "ban hành Kế hoạch Triển khai tuyên truyền thực hiện …".
_SUBJECT_ACTS = re.compile(
    r"^(?:(?:ban hành|triển khai|thực hiện|tuyên truyền|thông tin|tăng cường)(?:,\s*|\s+)|"
    r"(?:Kế hoạch|Chương trình|Công văn|Hướng dẫn)\s+)+",
    re.IGNORECASE,
)
_ISSUER_TAIL = re.compile(
    r"\s+của\s+(?:Phòng|Sở|Ủy ban|Uỷ ban|UBND|Ban|Bộ|Trung tâm|Cục|Chi cục)\b[^,;]*$"
)


def _cited_subject(content: str) -> str | None:
    """What a cited plan is about, for a task to spread the word "theo Kế hoạch số … về việc
    …": its subject without the plan's own acts (issuing, carrying out, propagating) and its
    issuer. None when the subject says too little to tell."""
    cited = f.CITED_DOCUMENT.search(content)
    found = _CITED_SUBJECT.search(content, cited.end()) if cited else None
    if found is None:
        return None
    subject = _ISSUER_TAIL.sub("", found["subject"].rstrip(" .;:"))
    subject = _SUBJECT_ACTS.sub("", subject)
    if len(subject.split()) < 4 or f.CITED_DOCUMENT.search(subject):
        return None
    return f.lower_first(subject)


# A mass campaign an agency is told to carry out ("thực hiện các đợt chiến dịch diệt lăng
# quăng"): people take part in it. Campaigns of the press or the police are not theirs.
_NOT_THEIRS = (
    r"(?!(?:truyền thông|tuyên truyền|thông tin|cao điểm|tấn công|trấn áp|kiểm tra|thanh tra|"
    r"quảng bá|tuần tra|truy quét|xử lý|kiểm soát|rà soát|hỗ trợ|giúp|cứu hộ|cứu nạn|ứng cứu|"
    r"trực)(?!\w))"
)
_CAMPAIGN = re.compile(
    rf"(?<!\w)(?:chiến dịch\s+{_NOT_THEIRS}(?P<what>[^,.;:()]+)|"
    rf"(?:đồng loạt\s+)?ra quân\s+{_NOT_THEIRS}(?P<turnout>[^.;:()]+)|"
    r"(?P<cleanup>tổng dọn vệ sinh[^,.;:()]*))",
    re.IGNORECASE,
)
_CAMPAIGN_END = re.compile(
    r"\s+(?:hiệu quả|trên địa bàn|của|do|theo|đã|được|tại|nhằm|để|cho|năm \d|đạt)(?!\w).*$",
    re.IGNORECASE,
)


# "… tổ chức treo rủ tại nhà văn hóa thôn và các cơ quan, trường học trong 2 ngày 26/9 và
# 27/9/2018": a national mourning seen by everyone, though offices and villages carry it out.
_HALF_MAST = re.compile(
    r"(?<!\w)(?P<what>(?:tổ chức\s+)?treo\s+(?:cờ\s+)?rủ(?!\w).*)$", re.IGNORECASE
)


def _flags_at_half_mast(text: str) -> _Verdict | None:
    found = _HALF_MAST.search(text)
    if found is None:
        return None
    what = re.sub(r"treo\s+(?:cờ\s+)?rủ", "treo cờ rủ", found["what"], count=1)
    what = re.sub(r"^tổ chức\s+", "", what)
    return _Verdict(
        C.CITIZEN_INFO,
        aired=f.end_sentence(f"Xin thông tin tới bà con: {what.rstrip(' .')}"),
        reason="Treo cờ rủ để tang: cả cộng đồng cần biết, dù cơ quan, thôn thực hiện",
    )


def _campaign_call(text: str) -> _Verdict | None:
    found = _CAMPAIGN.search(text)
    if found is None:
        return None
    if found["what"]:
        what = "chiến dịch " + _CAMPAIGN_END.sub("", found["what"]).strip()
    elif found["turnout"]:
        what = "ra quân " + _CAMPAIGN_END.sub("", found["turnout"]).strip(" ,")
    else:
        what = _CAMPAIGN_END.sub("", found["cleanup"]).strip()
    if len(what.split()) < 3:
        return None
    return _Verdict(
        C.CITIZEN_ACTION,
        aired=f"Đề nghị bà con tích cực hưởng ứng, tham gia {what}.",
        reason="Cơ quan được giao triển khai một chiến dịch cả cộng đồng cùng làm: mời bà con "
        "tham gia",
    )


def _as_information(content: str) -> str:
    content = f.strip_citing_tail(content.strip())
    if f.is_noun_phrase(content):
        return f.end_sentence(f"Xin thông tin tới bà con về {f.lower_first(content)}")
    if content.endswith(":"):
        return f.capitalize_first(content)
    return f.end_sentence(f.capitalize_first(content))


# A conjunct about people's own houses and roofs ("rà soát ngay nhà ở của người dân … chống tốc
# mái"): what bà con do at home, kept in the call even when its verb is an inspector's.
_PEOPLES_HOMES = re.compile(
    r"(?<!\w)(?:nhà ở của (?:người dân|nhân dân|bà con)|nhà dân|nhà cửa|mái nhà|tốc mái|"
    r"chuồng trại)(?!\w)",
    re.IGNORECASE,
)


_OF_THE_PEOPLE = re.compile(r"(?<=nhà ở) của (?:người dân|nhân dân|bà con)(?!\w)", re.IGNORECASE)


def _citizen_predicate(predicate: str) -> str:
    """The citizens' part of a predicate: conjuncts that go back to agency work ("… và tổ
    chức treo cờ trên các trục đường chính") and tails that cite documents are cut."""
    predicate = f.strip_citing_tail(predicate.strip())
    parts = f.split_outside_parentheses(predicate)
    kept = [parts[0]] + [
        p
        for p in parts[1:]
        if p
        and (f.predicate_start(p) == 0 or _PEOPLES_HOMES.search(p))
        and not f.REPORTING.match(p)
    ]
    kept = [_OF_THE_PEOPLE.sub(" của gia đình", p) if _PEOPLES_HOMES.search(p) else p for p in kept]
    predicate = "; ".join(kept)
    predicate = _AGENCY_VERB_CONJUNCT.split(predicate, maxsplit=1)[0]
    if predicate.lower().startswith(("biết ", "được biết ")):
        predicate = "chú ý theo dõi " + predicate.split(" ", 2 if predicate[:3] == "đượ" else 1)[-1]
    return predicate.rstrip(" ,;")


_BARE_PEOPLE = re.compile(
    r"^(?:(?:toàn thể|tất cả|mọi)\s+)?(?:các\s+)?(?:nhân dân|người dân|bà con|quần chúng)$",
    re.IGNORECASE,
)


def _who(noun_phrase: str, kind: str) -> str:
    phrase = " ".join(noun_phrase.split()).strip(" ,:")
    if kind == "mixed" or _BARE_PEOPLE.match(phrase):
        return "bà con nhân dân"
    return f.lower_first(phrase) if phrase else "bà con nhân dân"


def _chrome(text: str) -> str | None:
    if _CHROME_LINE.match(text):
        return "Dòng của trang tin (nguồn, đính kèm, liên hệ, bản quyền)"
    if _TIMESTAMP_ONLY.match(text) or (_POSTED_AT.search(text) and f.words(text) <= 10):
        return "Ngày giờ đăng tin"
    if _FILE_NAME.search(text) and f.words(text) <= 20:
        return "Tên tệp đính kèm"
    if f.URL.fullmatch(text.strip()):
        return "Địa chỉ trang web"
    return None


def _flat(text: str) -> str:
    return " ".join(text.lower().split())
