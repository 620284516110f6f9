"""Directive text → Directive. Pure: no files, no clock.

Vietnamese administrative documents follow Nghị định 30/2020/NĐ-CP: issuer and "Số:" on the
left of a header, the national motto and "place, ngày … tháng … năm …" on the right, then "V/v",
"Kính gửi:", the body, "Nơi nhận:" and the signature. Portal summaries and pasted excerpts keep
only parts of that, so every field is looked for on its own and may be missing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from radio_sched.directive import identity as ident
from radio_sched.directive import patterns as p
from radio_sched.directive.campaign import campaign_window

__all__ = ["campaign_window", "parse_cleaned", "parse_directive", "parse_text", "quoted_messages"]
from radio_sched.directive.clean import CleanedText, Reason, clean_text
from radio_sched.models import Directive, Item, PartialDate, Signer


def parse_cleaned(cleaned: CleanedText, *, today: dt.date | None = None) -> Directive:
    """Parse the output of ``clean.clean_text``: the directive records the input's kind."""
    sources = tuple(r.text for r in cleaned.removed(Reason.SOURCE))
    posted = next(
        (
            _partial(*p.date_parts(match))
            for removal in cleaned.removed(Reason.TIMESTAMP)
            if (match := p.DMY.search(removal.text))
        ),
        None,
    )
    directive = parse_directive(cleaned.text, today=today, sources=sources, posted=posted)
    return replace(directive, kind=cleaned.kind.value)


def parse_text(text: str, *, today: dt.date | None = None) -> tuple[CleanedText, Directive]:
    """Clean, then parse, NFC text as read: the two stages every caller wants together."""
    cleaned = clean_text(text)
    return cleaned, parse_cleaned(cleaned, today=today)


def parse_directive(
    text: str,
    *,
    today: dt.date | None = None,
    sources: tuple[str, ...] = (),
    posted: PartialDate | None = None,
) -> Directive:
    """Parse NFC directive text (cleaned or not; see ``parse_text``). ``today`` resolves "từ nay
    đến ngày …" when the document is undated. ``sources`` are source notes cleaning removed
    ("Nguồn: Từ Công văn số 169/…"), still read for the directive's number; ``posted`` is the
    web post's date, used only when the text says the directive was "vừa" (just) issued and
    gives no date of its own."""
    text = p.MARKDOWN_BOLD.sub("", text)
    blocks = _blocks(text)
    header_end, number, code, issuer = _header(blocks)
    place, date = _place_and_date(blocks)
    subject, subject_blocks = _subject(blocks)
    recipients, recipient_blocks = _recipients(blocks)
    copy_to, signer, footer_start = _footer(blocks)
    title = _title(blocks) if number is None and code is None else None

    consumed = set(subject_blocks) | set(recipient_blocks)
    body = tuple(
        block
        for index, block in enumerate(blocks[:footer_start])
        if index >= header_end
        and index not in consumed
        and not _is_header_line(block)
        and not (index < 4 and p.PORTAL_CATEGORY.match(block))
        and block.rstrip(" .") != title
    )
    sentences = _sentences(([title] if title else []) + list(body) + list(sources))
    identity = ident.find_identity(sentences)
    if identity is None:
        identity = _source_identity(sources + tuple(body))
    if number is None and code is None and identity is not None:
        number, code = identity.number, identity.code
    issuer = (
        issuer
        or (identity.issuer if identity else None)
        or ident.caps_speaker(blocks[:8])
        or ident.find_issuer(sentences)
        or _source_issuer(sources)
    )
    if date is None and identity is not None and identity.month:
        # "Ngày 18/5, …" in a news story: the year is the one the story's dates carry.
        year = identity.year or _first_year(body)
        date = _partial(identity.day, identity.month, year) if year else None
    if date is None:
        date = _loose_date(blocks[:4])
    if date is None and posted is not None and re.search(r"\bvừa\b", " ".join(body)):
        date = posted
    subject = subject or (_subject_after(identity.after) if identity else None) or title
    if subject is None:
        subject = _heading_subject(blocks, header_end - 3 if header_end > 3 else 0)
    if subject is None:
        subject = _subject_from_references(body)

    full_text = "\n".join(blocks)
    return Directive(
        number=number,
        code=code,
        issuer=issuer,
        place=place,
        date=date,
        subject=subject,
        recipients=recipients,
        references=tuple(b for b in body if p.REFERENCE_START.match(b)),
        items=_items(body),
        messages=quoted_messages(full_text),
        campaign=campaign_window(full_text, date, today),
        frequency_per_day=_frequency(full_text),
        attachments=_attachments(body),
        copy_to=copy_to,
        signer=signer,
        title=title,
        body=body,
    )


def _blocks(text: str) -> list[str]:
    """Non-empty lines, stripped; a list item's wrapped continuation stays its own line. A
    signature flattened onto one line ("CHÁNH VĂN PHÒNG Thái Hữu Phép") is split in two."""
    blocks = [line.strip() for line in text.split("\n") if line.strip() and not p.RULE.match(line)]
    for index in range(max(0, len(blocks) - 6), len(blocks)):
        match = p.TITLE_THEN_NAME.match(blocks[index])
        if match:
            blocks[index : index + 1] = [match["title"], match["name"]]
    return blocks


def _is_header_line(block: str) -> bool:
    return bool(p.MOTTO.match(block) or p.PLACE_DATE.match(block) or p.DATE_ONLY_LINE.match(block))


def _header(blocks: list[str]) -> tuple[int, str | None, str | None, str | None]:
    """Index of the first body block, and the number, code and issuer of a formal header."""
    body_text = "\n".join(blocks)
    for index, block in enumerate(blocks[:12]):
        match = p.NUMBER_LINE.match(block)
        if match:
            issuer = ident.header_issuer(blocks, index, body_text)
            end = _header_end(blocks, index)
            return end, match["number"] or None, ident.clean_code(match["code"]), issuer
    for index, block in enumerate(blocks[:12]):
        if p.MOTTO.match(block) or p.PLACE_DATE.match(block):
            return 0, None, None, ident.header_issuer(blocks, index, body_text)
    return 0, None, None, None


def _header_end(blocks: list[str], number_index: int) -> int:
    end = number_index + 1
    for index in range(number_index + 1, min(len(blocks), number_index + 12)):
        block = blocks[index]
        if p.KINH_GUI.match(block):
            end = index + 1
            while end < len(blocks) and p.LIST_LINE.match(blocks[end]):
                end += 1
            return end
        if _is_header_line(block) or p.SUBJECT.match(block) or p.is_upper_heading(block):
            end = index + 1
    return end


def _place_and_date(blocks: list[str]) -> tuple[str | None, PartialDate | None]:
    for block in blocks[:20]:
        match = p.PLACE_DATE.match(block)
        if match:
            return match["place"].strip(), _partial(*p.date_parts(match))
    return None, None


def _loose_date(blocks: list[str]) -> PartialDate | None:
    for block in blocks:
        match = p.DMY.search(block)
        if match and p.DATE_ONLY_LINE.match(block):
            return _partial(*p.date_parts(match))
    return None


def _partial(day: str | None, month: str | None, year: str | None) -> PartialDate:
    return PartialDate(
        year=int(year) if year else None,
        month=int(month) if month else None,
        day=int(day) if day else None,
    )


# "CÔNG ĐIỆN" / "Về việc chủ động ứng phó với bão số 5": the subject line under the type.
_ABOUT_LINE = re.compile(r"^Về việc\s+(?P<rest>[^.!?]+)\.?$")


def _subject(blocks: list[str]) -> tuple[str | None, list[int]]:
    for index, block in enumerate(blocks[:25]):
        match = p.SUBJECT.match(block) or (
            _ABOUT_LINE.match(block)
            if index and p.DOCUMENT_TYPE_LINE.match(blocks[index - 1].strip())
            else None
        )
        if not match:
            continue
        parts = [match["rest"].strip()]
        used = [index]
        for following in range(index + 1, min(index + 4, len(blocks))):
            if blocks[following][:1].islower():
                parts.append(blocks[following])
                used.append(following)
            else:
                break
        return _unquoted(" ".join(parts).strip(" .")) or None, used
    return None, []


def _unquoted(subject: str) -> str:
    """ "“V/v triển khai …”" leaves "triển khai …”": a closing quote with no opening one goes."""
    if subject.endswith("”") and subject.count("“") < subject.count("”"):
        return subject[:-1].rstrip(" .")
    if subject.endswith('"') and subject.count('"') % 2:
        return subject[:-1].rstrip(" .")
    return subject


def _recipients(blocks: list[str]) -> tuple[tuple[str, ...], list[int]]:
    for index, block in enumerate(blocks[:40]):
        match = p.KINH_GUI.match(block)
        if not match:
            continue
        names = [match["rest"]] if match["rest"].strip() else []
        used = [index]
        for following in range(index + 1, len(blocks)):
            line = p.LIST_LINE.match(blocks[following])
            if not line:
                break
            names.append(line["text"])
            used.append(following)
        return tuple(p.clean_list_entry(name) for name in names if name.strip()), used
    return (), []


def _footer(blocks: list[str]) -> tuple[tuple[str, ...], Signer | None, int]:
    """Copy-to list ("Nơi nhận"), signer, and the index where the footer starts."""
    start = next(
        (
            i
            for i, block in enumerate(blocks)
            if p.NOI_NHAN.match(block) or p.AUTHORITY.match(block)
        ),
        _bare_signature_start(blocks),
    )
    copy_to: list[str] = []
    signer_lines: list[str] = []
    for block in blocks[start:]:
        line = p.LIST_LINE.match(block)
        if p.NOI_NHAN.match(block):
            continue
        if line and not signer_lines:
            copy_to.append(p.clean_list_entry(line["text"]))
        else:
            signer_lines.append(block)
    return tuple(copy_to), _signer(signer_lines), start


def _bare_signature_start(blocks: list[str]) -> int:
    """Where a signature with no "Nơi nhận" or "KT./TL." ends the text: a title in capitals,
    perhaps "(đã ký)", then a person's name."""
    end = len(blocks)
    if end < 2 or not p.PERSON_NAME.match(blocks[-1]):
        return end
    start = end - 1
    while start > 0 and (
        p.SIGNED_MARK.match(blocks[start - 1]) or p.is_upper_heading(blocks[start - 1])
    ):
        start -= 1
    return start if start < end - 1 else end


def _signer(lines: list[str]) -> Signer | None:
    lines = [line for line in lines if not p.SIGNED_MARK.match(line)]
    if not lines:
        return None
    name = lines[-1] if p.PERSON_NAME.match(lines[-1]) else None
    if name is None:
        return None
    authority = None
    titles: list[str] = []
    for line in lines[:-1]:
        match = p.AUTHORITY.match(line)
        if match:
            authority = line
        elif p.is_upper_heading(line):
            titles.append(line)
    title = titles[-1] if titles else None
    if title is None and authority is not None:
        title = p.AUTHORITY.sub("", authority).strip() or None
    return Signer(name=name, title=title, authority=authority)


def _title(blocks: list[str]) -> str | None:
    """Headline of a portal summary: an early line without final punctuation, followed by more."""
    for block in blocks[: min(4, len(blocks) - 1)]:
        if (p.DMY.search(block) and len(block.split()) <= 8) or p.PORTAL_CATEGORY.match(block):
            continue
        if p.KINH_GUI.match(block) or _CITES_DOCUMENT.match(block):
            continue  # the salutation names the readers; a legal basis cites another text
        words = len(block.split())
        if 5 <= words <= 40 and not block.rstrip().endswith((":", ";", ",")):
            if block.rstrip().endswith(".") and (
                p.REFERENCE_START.match(block)
                or p.OFFICIAL_CLOSING.match(block)
                or ", " in block  # a sentence with its clauses, not a headline
            ):
                return None
            return _kind_in_sentence_case(block.rstrip(" ."))
    return None


_CITES_DOCUMENT = re.compile(rf"^(?:Thực hiện|Căn cứ|Theo)\s+{ident.DOC_TYPE}\s+(?:số\s*)?\d")
_KIND_IN_CAPS = re.compile(
    r"^(?P<kind>KẾ HOẠCH|THÔNG BÁO|QUYẾT ĐỊNH|CHỈ THỊ|HƯỚNG DẪN|CÔNG VĂN|CÔNG ĐIỆN)\s+"
    rf"(?P<first>[{p.UPPER}])(?=[{p.LOWER}])"
)


def _kind_in_sentence_case(title: str) -> str:
    """ "KẾ HOẠCH Tiêm phòng vắc xin …" (a portal's headline) → "Kế hoạch tiêm phòng vắc xin …"."""
    match = _KIND_IN_CAPS.match(title)
    if not match:
        return title
    kind = match["kind"].capitalize()
    return f"{kind} {match['first'].lower()}{title[match.end() :]}"


def _sentences(blocks: list[str] | tuple[str, ...]) -> list[str]:
    return [sentence for block in blocks for sentence in p.SENTENCE_SPLIT.split(block)]


def _first_year(body: tuple[str, ...]) -> str | None:
    for block in body:
        match = p.DMY.search(block)
        if match:
            return p.date_parts(match)[2]
    return None


def _source_identity(blocks: tuple[str, ...]) -> ident.Identity | None:
    """ "(Nguồn: Từ Công văn số 169/STTTT-TTBCXB)": the summary's own source."""
    for block in blocks:
        match = p.SOURCE_NOTE.search(block)
        if match:
            return ident.Identity(
                match["number"] or None,
                ident.clean_code(match["code"]),
                None,
                None,
                None,
                None,
                "",
            )
    return None


def _source_issuer(sources: tuple[str, ...]) -> str | None:
    """ "Theo thông tin từ trang web chính thức của Tổng công ty Điện lực Hà Nội (EVNHANOI)":
    the body whose page a write-up retells, when nobody in the text speaks."""
    for source in sources:
        match = ident.AUTHOR.search(source)
        if match:
            return re.sub(r"\s*\([^)]*\)$", "", ident.trim_issuer(match["author"])) or None
    return None


def _subject_after(after: str) -> str | None:
    match = p.VE_VIEC.search(after)
    return match["subject"].strip(" .") if match else None


def _subject_from_references(body: tuple[str, ...]) -> str | None:
    """ "… về việc X", else the topic of the first document cited with its date ("Kế hoạch số
    3091/KH-UBND ngày 28/6/2022 về tổng vệ sinh …"): a write-up's directive shares it."""
    for pattern in (p.VE_VIEC, p.CITED_TOPIC):
        for block in body:
            match = pattern.search(block)
            if match:
                return match["subject"].strip(" .,")
    return None


def _heading_subject(blocks: list[str], start: int) -> str | None:
    """A plan's or decision's title in capitals under its kind: "KẾ HOẠCH" / "PHÒNG, CHỐNG
    DỊCH BỆNH TRUYỀN NHIỄM TỈNH THÁI BÌNH, NĂM 2016"."""
    for index in range(max(0, start - 4), min(len(blocks) - 1, start + 8)):
        if p.DOCUMENT_KIND_HEADING.match(blocks[index]) and p.is_upper_heading(blocks[index + 1]):
            # A long title wraps over lines: "… PHÒNG, CHỐNG HẠN" / "HÁN, THIẾU NƯỚC … NĂM 2019 -"
            # / "2020"; the lines that go on in capitals (or a year alone) are the same title.
            lines = [blocks[index + 1]]
            for follow in blocks[index + 2 : index + 5]:
                if not (p.is_upper_heading(follow) or re.fullmatch(r"[\d\s–-]+", follow)):
                    break
                lines.append(follow)
            text = re.sub(r"\s+", " ", " ".join(lines)).lower()
            if re.match(r"thực hiện\s+\S+(?:\s+\S+)?\s+số\s*\d", text):
                return None  # "THỰC HIỆN QUYẾT ĐỊNH SỐ 1999/QĐ-TTG …": what it carries out
            return ident.title_case_places(text)
    return None


def _items(body: tuple[str, ...]) -> tuple[Item, ...]:
    """Numbered and bulleted points as a tree; an unmarked paragraph after a point belongs to it."""
    root: list[Item] = []
    stack: list[tuple[int, list[Item], str, str]] = []  # level, children, marker, text

    def close_to(level: int) -> None:
        while stack and stack[-1][0] >= level:
            _, children, marker, text = stack.pop()
            item = Item(marker=marker, text=text, children=tuple(children))
            (stack[-1][1] if stack else root).append(item)

    started = False
    for block in body:
        marker_match = p.ITEM_MARKER.match(block)
        if marker_match:
            level = p.marker_level(marker_match["marker"])
            close_to(level)
            stack.append((level, [], marker_match["marker"], marker_match["text"].strip()))
            started = True
        elif started and stack and not p.OFFICIAL_CLOSING.match(block):
            stack[-1][1].append(Item(marker="", text=block))
        elif started:
            close_to(0)
            started = False
    close_to(0)
    return tuple(root)


def quoted_messages(text: str) -> tuple[str, ...]:
    """Slogans and quoted messages: outermost “…” or "…" spans that read as a message (start
    with a capital, three words or more). Nested quotes stay inside the outer message. A
    quoted "V/v …" is the document's subject line, and a quoted name (every word capitalised)
    is a name, not a message."""
    spans: list[str] = []
    depth = 0
    start = 0
    straight_open = False
    for index, char in enumerate(text):
        if char == "“" or (char == '"' and not straight_open and depth == 0):
            if depth == 0:
                start = index + 1
                straight_open = char == '"'
            depth += 1
        elif (char == "”" and depth > 0) or (char == '"' and straight_open):
            depth -= 1
            if depth == 0:
                spans.append(text[start:index])
                straight_open = False
        elif char == "\n" and depth > 0 and text[index : index + 2] == "\n\n":
            depth = 0  # an unclosed quote does not swallow the next paragraph
            straight_open = False
    messages: list[str] = []
    for span in spans:
        span = " ".join(span.split()).strip()
        if p.SUBJECT.match(span) or re.match(r"(?i)về việc\s", span):
            continue
        if all(word[:1].isupper() for word in re.findall(r"[^\W\d_]+", span)):
            continue  # a name in quotes ("Mekong Festival 2006"), not a message
        if len(span.split()) >= 3 and span[:1].isupper() and span not in messages:
            messages.append(span)
    return tuple(messages)


def _frequency(text: str) -> int | None:
    match = p.FREQUENCY.search(" ".join(text.split()))
    if not match:
        return None
    count = match["count"].lower()
    return int(count) if count.isdigit() else p.NUMBER_WORDS.get(count)


def _attachments(body: tuple[str, ...]) -> tuple[str, ...]:
    found: list[str] = []
    for block in body:
        for match in p.ATTACHMENT.finditer(block):
            name = match["name"].strip(" ,.")
            if name not in found:
                found.append(name)
    return tuple(found)
