"""Who issued a directive, and its own number, code and date, from any kind of text. Pure.

A formal document says it in its header: the issuing body in capitals above "Số: …/…", with
its parent body above it ("UBND TỈNH ĐỒNG NAI / BCĐ CHƯƠNG TRÌNH PTLNBV"), and the national
motto in the other column, which is never the issuer. A write-up says it in a sentence:

- "UBND tỉnh vừa có Công văn số 3464/UBND-KGVX …" (issuer, verb of issuing, the document);
- "Thông báo khẩn số 8 mà Bộ Y tế vừa phát đi …" (the document, then who issued it);
- "Công văn 3464/UBND-KGVX ngày 24/7/2021 của UBND tỉnh Thái Nguyên về việc …" (a title line);
- "Theo Công văn số 3517/UBND ngày 18/7/2022, UBND huyện đề nghị …" (the write-up's source:
  a cited document is the directive itself only when nobody else is named as its author, or
  its author is the body that speaks in the sentence).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from radio_sched.directive.patterns import DOCUMENT_TYPE_LINE, LOWER, UPPER
from radio_sched.directive.syllables import is_syllable

DOC_TYPE = (
    r"(?:[Cc]ông văn|[Cc]ông điện|[Kk]ế hoạch|[Tt]hông báo|[Cc]hỉ thị|[Qq]uyết định|"
    r"[Hh]ướng dẫn|[Vv]ăn bản|[Tt]hông tư|[Nn]ghị quyết|[Tt]ờ trình|[Tt]hư ngỏ|[Tt]hư)"
)
# "UBND-KGVX", "TB -UBND", "UBND- KGVX": spaces around a hyphen are a copy's, not the code's.
CODE = rf"[{UPPER}0-9][{UPPER}0-9&.]*(?:\s*-\s*[{UPPER}0-9][{UPPER}0-9&.]*)*"
REFERENCE = rf"(?:số\s*:?\s*)?(?P<number>\d+)\s*(?:/\s*(?P<code>{CODE}))?"
_DMY = r"(?P<day>\d{1,2})\s*[/.\-]\s*(?P<month>\d{1,2})\s*[/.\-]\s*(?P<year>\d{4})"
_TEXT_DMY = r"(?P<tday>\d{1,2})\s+tháng\s+(?P<tmonth>\d{1,2})\s+năm\s+(?P<tyear>\d{4})"
DATE_AFTER = re.compile(rf"^\s*,?\s*(?:ban hành\s+)?ngày\s*(?:{_DMY}|{_TEXT_DMY})", re.IGNORECASE)
LEADING_DATE = re.compile(
    r"^(?:Ngày|Vào ngày|Hôm nay,? ngày)\s+(?P<day>\d{1,2})\s*[/.\-]\s*(?P<month>\d{1,2})"
    r"(?:\s*[/.\-]\s*(?P<year>\d{4}))?\s*,",
    re.IGNORECASE,
)

# Head nouns of Vietnamese public bodies; an issuer is one of these and its name.
ORG_HEAD = (
    r"(?<![-/\w])(?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND|Hội đồng nhân dân|HĐND|Ủy ban|Uỷ ban|"
    r"Ban [Cc]hỉ đạo|Ban [Cc]hỉ huy|Bộ Chỉ huy|Ban|BCĐ|BCH|Sở|Bộ|Tổng cục|Chi cục|Cục|Tiểu ban|"
    r"Phòng|Trung tâm|Hội đồng|Công an|Xí nghiệp|Tổng [Cc]ông ty|Công ty|Điện lực|Trường|Trạm|"
    r"Bệnh viện|"
    r"Văn phòng|Đài|Mặt trận|Hội|Đoàn|Chính phủ|Thủ tướng Chính phủ|Tỉnh ủy|Huyện ủy|"
    r"Thành ủy|Đảng ủy|Viện|Kho bạc|Bưu điện|Hạt kiểm lâm)"
)
PERSON_TITLE = r"(?:(?:Phó\s+)?Chủ tịch|Giám đốc|Phó Giám đốc|(?:Phó\s+)?Trưởng ban|Thủ trưởng)"
# A name runs on through capitalized words, acronyms, "và", place words and a comma before a
# capitalized word ("Sở Văn hóa, Thể thao và Du lịch"); it never names "các …" (addressees).
_NAME = rf"(?:[^,.;:!?\n]|,\s*(?=[{UPPER}][{LOWER}])|\.(?=[{UPPER}]))"
ISSUING_VERB = r"(?:vừa\s+|đã\s+|mới\s+)?(?:có|ban hành|ra|phát đi|phát hành|gửi|ký|ban hành)"
ISSUED = re.compile(
    rf"(?P<issuer>{ORG_HEAD}\b{_NAME}{{0,90}}?)\s+{ISSUING_VERB}\s+{DOC_TYPE}"
    rf"(?:\s+(?:khẩn|hỏa tốc|hoả tốc))?(?:\s+{REFERENCE})?(?P<after>[^.]*)"
)
DOC_BY = re.compile(
    rf"{DOC_TYPE}(?:\s+(?:khẩn|hỏa tốc|hoả tốc))?\s+{REFERENCE}\s+(?:mà|do|của)\s+"
    rf"(?P<issuer>{ORG_HEAD}\b{_NAME}{{0,60}}?)\s+(?:vừa\s+|đã\s+)?(?:phát đi|ban hành|gửi|ra)"
)
TITLE_LINE = re.compile(
    rf"^{DOC_TYPE}\s+{REFERENCE}(?P<after>.*?)\s+của\s+(?P<issuer>{ORG_HEAD}\b{_NAME}{{0,90}}?)"
    r"(?:\s+(?:về việc|V/v)\b|$)"
)
CITED = re.compile(
    rf"(?:^|[,;]\s*)(?:Theo|Căn cứ|Thực hiện|Tại)\s+{DOC_TYPE}\s+{REFERENCE}(?P<after>[^.]*)",
    re.IGNORECASE,
)
AUTHOR = re.compile(
    rf"\bcủa\s+(?P<author>(?:{PERSON_TITLE}\s+)?{ORG_HEAD}\b{_NAME}{{0,90}}?)"
    r"(?=\s*(?:[,;]|về\b|V/v|$))"
)
# Verbs by which a body speaks to its audience; the issuer is whoever asks or tells first.
_ASKS = (
    r"đề nghị|chỉ đạo|yêu cầu|trân trọng thông báo|xin thông báo|thông báo|khuyến cáo|kêu gọi|"
    r"thông tin|lưu ý|vận động"
)
_ACTS = (
    r"vừa có|đã có|đã phối hợp|phối hợp|hướng dẫn|ban hành|tổ chức|cho biết|khẳng định|"
    r"xây dựng kế hoạch|đẩy mạnh|thực hiện việc niêm yết"
)
SPEAKS = re.compile(rf"(?:{_ASKS}|{_ACTS})\b")
ASKS = re.compile(rf"(?:{_ASKS})\b")
ISSUER_SPEAKS = re.compile(
    rf"(?P<issuer>(?:{PERSON_TITLE}\s+)?{ORG_HEAD}\b{_NAME}{{0,90}}?)\s+"
    r"(?:xin\s+|trân trọng\s+|kính\s+)?" + SPEAKS.pattern
)
_LEADS = re.compile(
    r"^(?:Theo đó|Đồng thời|Ngoài ra|Vừa qua|Hiện nay|Nay|Vậy|Do vậy|Vì vậy)\s*,?\s*"
)
_DASH_PERSON = re.compile(rf"\s+[-–]\s+(?:[{UPPER}][{LOWER}]+\s*){{2,5}}$")
_PERSON_TITLE_START = re.compile(rf"^{PERSON_TITLE}\s+(?=\S)")
PLACE_LEVEL = re.compile(
    r"^(?:TỈNH|HUYỆN|XÃ|PHƯỜNG|THỊ XÃ|THỊ TRẤN|THÀNH PHỐ|QUẬN|TP\.?)\s", re.IGNORECASE
)
_MOTTO = re.compile(
    r"^CỘNG(?:\s|$)|^Độc lập\s*[-–]\s*Tự do|^(?:HÒA|HOÀ) XÃ HỘI|^CHỦ NGHĨA VIỆT NAM$", re.IGNORECASE
)
_LIST_MARK = re.compile(r"^(?:\d{1,2}[.)]|[-–•+*])\s*")


@dataclass(frozen=True)
class Identity:
    number: str | None
    code: str | None
    issuer: str | None
    day: str | None
    month: str | None
    year: str | None
    after: str  # the text after the reference: "ngày …", "về việc …"


def clean_code(code: str | None) -> str | None:
    return re.sub(r"\s+", "", code) if code else None


_PAGE_TITLE = re.compile(r"^(?:TIN TỨC(?: - SỰ KIỆN)?|THÔNG BÁO - CHỈ ĐẠO)$")


def header_issuer(blocks: list[str], stop: int, body: str) -> str | None:
    """The issuing body in a formal header: the capitals above ``stop`` (the "Số:" line, the
    motto or the place-and-date line), with its parent body's place when it names none."""
    caps: list[str] = []
    closed = False
    for block in blocks[:stop]:
        if _MOTTO.match(block):
            continue  # the other column; a flattened header has the issuer on both sides
        name = re.sub(r"[^\w\s&.,-]+$", "", _LIST_MARK.sub("", block)).strip()
        if DOCUMENT_TYPE_LINE.match(name) or _PAGE_TITLE.match(name):
            continue  # a page's title "THÔNG BÁO" above the document, not who issues it
        if is_caps(name):
            if closed:
                caps, closed = [], False  # a later group in capitals stands nearer the number
            caps.append(name)
        elif caps:
            closed = True
    if not caps:
        return None
    last = caps[-1]
    if len(caps) >= 2 and PLACE_LEVEL.match(last):
        return title_case(f"{caps[-2]} {last}")  # "ỦY BAN NHÂN DÂN" / "TỈNH THÁI BÌNH"
    if len(caps) >= 2 and not re.search(ORG_HEAD, title_case(last)):
        place = " ".join(word[:1] + word[1:].lower() for word in last.split())
        return _with_level(f"{title_case(caps[-2])} {place}", body)  # "… / TÙNG CHÂU"
    issuer = title_case(last)
    if len(caps) >= 2 and not _has_place(issuer):
        parent = title_case(caps[-2])
        found = _PARENT_PLACE.search(parent)
        if found:
            issuer = f"{issuer} {found.group(0)}"
    return _with_level(issuer, body)


_PARENT_PLACE = re.compile(r"\b(?:tỉnh|huyện|xã|phường|thị xã|thị trấn|thành phố|quận)\s.+$")


def _has_place(issuer: str) -> bool:
    return bool(
        re.search(r"\b(?:tỉnh|huyện|xã|phường|thị trấn|thành phố|quận)\s+[" + UPPER + "]", issuer)
    )


def _with_level(issuer: str, body: str) -> str:
    """ "Ủy ban nhân dân Tùng Châu" → "Ủy ban nhân dân xã Tùng Châu" when the text names the
    place with its level."""
    match = re.search(
        rf"(?:nhân dân|UBND)\s+(?P<place>[{UPPER}][{LOWER}]+(?:\s+[{UPPER}][{LOWER}]+)+)$", issuer
    )
    if not match:
        return issuer
    place = match["place"]
    level = re.search(
        rf"\b(tỉnh|huyện|xã|phường|thị xã|thị trấn|thành phố|quận)\s+{re.escape(place)}\b", body
    )
    if level:
        return f"{issuer[: match.start('place')]}{level[1]} {place}"
    return issuer


def is_caps(line: str) -> bool:
    letters = [char for char in line if char.isalpha()]
    return len(letters) >= 3 and all(char.isupper() for char in letters)


NAME_HEADS = {"sở", "bộ", "cục", "tổng", "và", "phòng", "tâm", "đài", "ban", "bcđ"}
_VOWEL = re.compile(r"[aeiouyàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]")
PLACE_HEADS = {"tỉnh", "huyện", "xã", "phường", "thị", "phố", "trấn", "quận"}


def title_case(heading: str) -> str:
    """ "SỞ THÔNG TIN VÀ TRUYỀN THÔNG" → "Sở Thông tin và Truyền thông"; words that are not
    Vietnamese syllables ("UBND", "PTLNBV", "BCĐ") are acronyms and keep their capitals."""
    words = heading.split()
    result: list[str] = []
    in_place = False
    for position, word in enumerate(words):
        lower = word.lower()
        previous = words[position - 1].lower() if position else ""
        bare = re.sub(r"\W", "", word)
        if word.isupper() and not is_syllable(bare) and len(_VOWEL.findall(bare.lower())) <= 1:
            result.append(word)
            continue
        capital = position == 0 or previous in NAME_HEADS or in_place
        if previous in PLACE_HEADS and lower not in PLACE_HEADS:
            capital = in_place = True
        result.append(lower[:1].upper() + lower[1:] if capital else lower)
    text = " ".join(result)
    return re.sub(r"\b([Bb]an) Nhân dân\b", r"\1 nhân dân", text)


def title_case_places(text: str) -> str:
    """Lowercase text with its place names capitalized: "… tỉnh thái bình" → "… tỉnh Thái
    Bình" (the words after a place level, up to punctuation)."""
    return re.sub(
        r"\b(tỉnh|huyện|xã|phường|thị xã|thị trấn|thành phố|quận)\s+([^,.;:()]+)",
        lambda m: f"{m[1]} " + " ".join(w[:1].upper() + w[1:] for w in m[2].split()),
        text,
    )


def find_identity(sentences: list[str]) -> Identity | None:
    """The directive's own number, code, issuer and date as a write-up states them."""
    for sentence in sentences:
        if not _NAMES_DOCUMENT.search(sentence):
            continue
        for pattern in (TITLE_LINE, ISSUED, DOC_BY):
            match = pattern.search(sentence)
            if match is None or not _plausible(match["issuer"]):
                continue
            referenced = bool(match["number"] or match["code"])
            if referenced or (pattern is ISSUED and _proper_document(match)):
                return _identity(sentence, match, match.groupdict().get("after") or "")
        match = CITED.search(sentence)
        if match and _cites_itself(sentence, match):
            found = _identity(sentence, match, match["after"] or "", issuer=False)
            if not _after_every_event(found, sentences):
                return found
    return None


_FULL_DATE = re.compile(r"\b(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})\b")


def _after_every_event(found: Identity, sentences: list[str]) -> bool:
    """A document cited with a date later than every event the text dates ("quyết định …
    ngày 31/12/2026" for an election on 15/3/2026) cannot be the one that announces them:
    the date is a typo or the document is another one. Dates of other cited documents are
    not events."""
    if not (found.day and found.month and found.year):
        return False
    own = (int(found.year), int(found.month), int(found.day))
    events = {
        (int(m[3]), int(m[2]), int(m[1]))
        for sentence in sentences
        for m in _FULL_DATE.finditer(sentence)
        if not _DOCUMENT_CODE.search(sentence[max(0, m.start() - 40) : m.start()])
    } - {own}
    return bool(events) and all(event < own for event in events)


# "số 3091/KH-UBND ngày …": a date after a document's code is that document's, not an event's.
_DOCUMENT_CODE = re.compile(rf"\d+\s*/\s*[{UPPER}]")


_NAMES_DOCUMENT = re.compile(DOC_TYPE)


def _proper_document(match: re.Match[str]) -> bool:
    """ "có Công điện về …" names a document; "để có kế hoạch …" does not."""
    rest = match.string[match.end("issuer") :].lstrip()
    words = rest.split()
    return len(words) > 1 and any(word[:1].isupper() for word in words[1:3])


# A name holds no clause: "Công an xã Hòa Hiệp (Vĩnh Long) để “làm việc” theo [yêu cầu]" is
# where people went, not who speaks.
_NOT_A_NAME = re.compile(
    r"\b(?:về việc|ngày|số|các|những|để|theo|khi|nếu|vì|đến)\b|\d{1,2}/\d|[“”\"]"
)


def _plausible(issuer: str) -> bool:
    """An issuer's name holds no verb of speaking, date, reference or plural ("UBND các xã")."""
    name = trim_issuer(issuer)
    # "Ban chỉ đạo phòng chống thiên tai …": a steering committee's name, not its verb
    verbs = re.sub(r"\bBan chỉ đạo\b", "", name, flags=re.IGNORECASE)
    return len(name.split()) >= 2 and not SPEAKS.search(verbs) and not _NOT_A_NAME.search(name)


def _cites_itself(sentence: str, match: re.Match[str]) -> bool:
    """ "Theo Công văn số 3517/UBND ngày 18/7/2022, UBND huyện đề nghị …": no other author is
    named, or the author is the body that speaks after it."""
    # "Thực hiện sự chỉ đạo của Bộ …, tại Công văn số …": the author may stand before.
    author = AUTHOR.search(match["after"] or "") or AUTHOR.search(match.string[: match.start()])
    speaker = next(
        (m for m in ISSUER_SPEAKS.finditer(sentence, match.start("after")) if _speaker(m)), None
    )
    if author is None:
        return speaker is not None
    if speaker is None:
        return False
    return _same_body(trim_issuer(author["author"]), trim_issuer(speaker["issuer"]))


def _same_body(one: str, other: str) -> bool:
    def key(name: str) -> str:
        name = unicodedata.normalize("NFC", name).lower()
        name = re.sub(r"ủy ban nhân dân|uỷ ban nhân dân", "ubnd", name)
        return " ".join(name.split())

    a, b = key(one), key(other)
    return bool(a) and bool(b) and (a in b or b in a)


def _identity(sentence: str, match: re.Match[str], after: str, *, issuer: bool = True) -> Identity:
    groups = match.groupdict()
    date = DATE_AFTER.match(after) or LEADING_DATE.match(sentence)
    day = month = year = None
    if date:
        day = date.group("day") or date.groupdict().get("tday")
        month = date.group("month") or date.groupdict().get("tmonth")
        year = date.group("year") or date.groupdict().get("tyear")
    name = groups.get("issuer")
    return Identity(
        number=groups.get("number") or None,
        code=clean_code(groups.get("code")),
        issuer=trim_issuer(name) if issuer and name else None,
        day=day,
        month=month,
        year=year,
        after=after,
    )


def find_issuer(sentences: list[str]) -> str | None:
    """The first body that speaks in the text: "UBND xã Vĩnh Hưng thông báo …", "Chủ tịch
    UBND huyện yêu cầu …" (the office: "UBND huyện"). Plural addressees ("UBND các xã") are
    never the issuer."""
    for strong in (True, False):
        for sentence in sentences:
            for match in ISSUER_SPEAKS.finditer(sentence):
                verb = sentence[match.end("issuer") :].lstrip()
                if _speaker(match) and (not strong or ASKS.match(_VERB_LEAD.sub("", verb))):
                    return trim_issuer(match["issuer"])
    return None


_VERB_LEAD = re.compile(r"^(?:xin|trân trọng|kính)\s+")


def caps_speaker(lines: list[str]) -> str | None:
    """ "UBND XÃ HẢI TRẠCH THÔNG BÁO": a heading in capitals that names who speaks; or the
    first line, in capitals, naming a body with its place ("UỶ BAN BẦU CỬ THỊ TRẤN KIẾN
    XƯƠNG" above a notice): the issuer's header without its "Số:" line."""
    for line in lines:
        match = _CAPS_SPEAKS.match(line)
        if match and is_caps(line):
            name = title_case(match["org"])
            if re.match(ORG_HEAD, name):
                return name
    first = lines[0] if lines else ""
    if is_caps(first) and len(first.split()) <= 12 and not _MOTTO.match(first):
        name = title_case(first)
        if re.match(ORG_HEAD, name) and _has_place(name):
            return name
    return None


_CAPS_SPEAKS = re.compile(r"^(?P<org>.+?)\s+(?:THÔNG BÁO|KÊU GỌI|ĐỀ NGHỊ|YÊU CẦU|KHUYẾN CÁO)$")


def _speaker(match: re.Match[str]) -> bool:
    """A body that speaks, not the author of a cited document ("… của UBND huyện …")."""
    before = match.string[: match.start()].rstrip()
    return _plausible(match["issuer"]) and not before.endswith("của")


_TENSE_TAIL = re.compile(r"(?:\s+(?:đã|sẽ|đang|vừa|cũng|luôn))+$")


def trim_issuer(issuer: str) -> str:
    issuer = _LEADS.sub("", issuer.strip()).strip()
    issuer = _PERSON_TITLE_START.sub("", issuer)
    issuer = _DASH_PERSON.sub("", issuer)
    issuer = _TENSE_TAIL.sub("", issuer)  # "Hội đồng NVQS xã đã [tổ chức]"
    return issuer.strip(" ,")
