"""Directive text → Directive. Pure: no files, no clock.

Vietnamese administrative documents follow Nghị định 30/2020/NĐ-CP: issuer and "Số:" on the
left of a header, the national motto and "place, ngày … tháng … năm …" on the right, then "V/v",
"Kính gửi:", the body, "Nơi nhận:" and the signature. Portal summaries and pasted excerpts keep
only parts of that, so every field is looked for on its own and may be missing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from radio_sched.directive import patterns as p
from radio_sched.directive.clean import CleanedText, clean_text
from radio_sched.models import DateRange, Directive, Item, PartialDate, Signer


@dataclass(frozen=True)
class _Identity:
    number: str | None
    code: str | None
    issuer: str | None
    date: PartialDate | None
    subject: str | None


def parse_cleaned(cleaned: CleanedText, *, today: dt.date | None = None) -> Directive:
    """Parse the output of ``clean.clean_text``: the directive records the input's kind."""
    return replace(parse_directive(cleaned.text, today=today), kind=cleaned.kind.value)


def parse_text(text: str, *, today: dt.date | None = None) -> tuple[CleanedText, Directive]:
    """Clean, then parse, NFC text as read: the two stages every caller wants together."""
    cleaned = clean_text(text)
    return cleaned, parse_cleaned(cleaned, today=today)


def parse_directive(text: str, *, today: dt.date | None = None) -> Directive:
    """Parse NFC directive text (cleaned or not; see ``parse_text``). ``today`` resolves "từ nay
    đến ngày …" when the document is undated."""
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
    identity = _identity_from_body(body)
    if number is None and code is None and identity is not None:
        number, code = identity.number, identity.code
    issuer = issuer or (identity.issuer if identity else None) or _issuer_from_body(body)
    if date is None:
        date = (identity.date if identity else None) or _loose_date(blocks[:4])
    subject = subject or (identity.subject if identity else None) or title
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
    """Non-empty lines, stripped; a list item's wrapped continuation stays its own line."""
    return [line.strip() for line in text.split("\n") if line.strip() and not p.RULE.match(line)]


def _is_header_line(block: str) -> bool:
    return bool(p.MOTTO.match(block) or p.PLACE_DATE.match(block) or p.DATE_ONLY_LINE.match(block))


def _header(blocks: list[str]) -> tuple[int, str | None, str | None, str | None]:
    """Index of the first body block, and the number, code and issuer of a formal header."""
    for index, block in enumerate(blocks[:12]):
        match = p.NUMBER_LINE.match(block)
        if match:
            caps = [b for b in blocks[:index] if p.is_upper_heading(b) and not p.MOTTO.match(b)]
            issuer = _title_case_issuer(caps[-1]) if caps else None
            end = _header_end(blocks, index)
            return end, match["number"] or None, match["code"], issuer
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


def _title_case_issuer(heading: str) -> str:
    """ "SỞ THÔNG TIN VÀ TRUYỀN THÔNG" → "Sở Thông tin và Truyền thông"."""
    words = heading.lower().split()
    result: list[str] = []
    in_place_name = False
    for position, word in enumerate(words):
        previous = words[position - 1] if position else ""
        capital = position == 0 or previous in p.NAME_HEADS or in_place_name
        if previous in p.PLACE_HEADS and word not in p.PLACE_HEADS:
            capital = in_place_name = True
        result.append(word[:1].upper() + word[1:] if capital else word)
    text = " ".join(result)
    for acronym in p.ISSUER_ACRONYMS:
        text = re.sub(rf"\b{acronym.lower()}\b", acronym, text, flags=re.IGNORECASE)
    return text


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


def _subject(blocks: list[str]) -> tuple[str | None, list[int]]:
    for index, block in enumerate(blocks[:25]):
        match = p.SUBJECT.match(block)
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
        return " ".join(parts).strip(" .") or None, used
    return None, []


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
        words = len(block.split())
        if 5 <= words <= 40 and not block.rstrip().endswith((":", ";", ",")):
            if block.rstrip().endswith(".") and (
                p.REFERENCE_START.match(block) or p.OFFICIAL_CLOSING.match(block)
            ):
                return None
            return block.rstrip(" .")
    return None


def _identity_from_body(body: tuple[str, ...]) -> _Identity | None:
    """The document's own number and subject, as a summary states them: "X vừa có Công văn số
    150/TWPCTT, ngày 14/9/2018 về việc …" or "(Nguồn: Từ Công văn số 169/STTTT-TTBCXB)"."""
    for block in body:
        for sentence in p.SENTENCE_SPLIT.split(block):
            match = p.ISSUED_DOCUMENT.search(sentence)
            if match is None:
                match = p.SOURCE_NOTE.search(sentence)
            if match is None:
                continue
            date_match = p.DMY.match((match["after"] or "").lstrip(" ,"))
            subject_match = p.VE_VIEC.search(match["after"] or "")
            issuer = match.groupdict().get("issuer")
            return _Identity(
                number=match["number"] or None,
                code=match["code"],
                issuer=p.trim_issuer(issuer) if issuer else None,
                date=_partial(*p.date_parts(date_match)) if date_match else None,
                subject=subject_match["subject"].strip(" .") if subject_match else None,
            )
    return None


def _issuer_from_body(body: tuple[str, ...]) -> str | None:
    for block in body:
        match = p.ISSUER_VERB.search(block)
        if match:
            return p.trim_issuer(match["issuer"])
    return None


def _subject_from_references(body: tuple[str, ...]) -> str | None:
    for block in body:
        match = p.VE_VIEC.search(block)
        if match:
            return match["subject"].strip(" .")
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
    with a capital, three words or more). Nested quotes stay inside the outer message."""
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
        if len(span.split()) >= 3 and span[:1].isupper() and span not in messages:
            messages.append(span)
    return tuple(messages)


def campaign_window(
    text: str, document_date: PartialDate | None, today: dt.date | None = None
) -> DateRange | None:
    """ "từ ngày 07/9 đến ngày 14/9/2021" → 2021-09-07..2021-09-14; the start's missing month or
    year comes from the end, the end's missing year from the document date."""
    flat = " ".join(text.split())
    match = p.CAMPAIGN.search(flat)
    if match:
        end_year = match["end_year"] or match["start_year"]
        if end_year is None and document_date is not None and document_date.year:
            end_year = str(document_date.year)
        if end_year is None:
            return None
        end = _safe_date(int(end_year), int(match["end_month"]), int(match["end_day"]))
        start_month = int(match["start_month"] or match["end_month"])
        start_year = int(match["start_year"] or end_year)
        start = _safe_date(start_year, start_month, int(match["start_day"]))
        if start and end and start > end and not match["start_year"]:
            start = _safe_date(start_year - 1, start_month, int(match["start_day"]))
        if start and end and start <= end:
            return DateRange(start, end)
        return None
    match = p.UNTIL.search(flat)
    if match:
        year = match["year"] or (
            str(document_date.year) if document_date and document_date.year else None
        )
        if year is None:
            return None
        end = _safe_date(int(year), int(match["month"]), int(match["day"]))
        start = (document_date.to_date() if document_date else None) or today or end
        if end and start and start <= end:
            return DateRange(start, end)
    return None


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


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
