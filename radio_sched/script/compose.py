"""Directive → loudspeaker Script. Pure: no files, no clock.

Every body sentence is first decided (script/classify.py); the aired ones, recast for "bà con",
become the message paragraphs between the opening, the lead (who asks, by which document, about
what) and the closing. ``recompose`` does the same with the operator's overrides and carries the
operator's own edits over to the new script.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from radio_sched.directive.acronyms import ACRONYM, document_acronyms, expand_acronyms
from radio_sched.directive.syllables import is_syllable
from radio_sched.models import (
    DateRange,
    Dialect,
    Directive,
    Paragraph,
    Script,
    SentenceCategory,
    SentenceDecision,
)
from radio_sched.script import filters
from radio_sched.script import templates as t
from radio_sched.script.abbreviations import ABBREVIATIONS, CONTEXTUAL
from radio_sched.script.classify import classify
from radio_sched.script.sentences import LONG_SENTENCE_WORDS, split_paragraphs, split_sentences
from radio_sched.script.spoken import count_syllables, spoken_form

# Loudspeaker announcers read slower than radio news (about 180–200 syllables a minute) so that
# words survive the echo between horns. The pace below is measured, not assumed: the offline
# voice at its tuned rate speaks 142–154 syllables a minute over the sample scripts
# (bench/bench_audio.py, calibration section), close to a careful human announcer. The pauses
# and the chimes are the renderer's (radio_sched/audio/render.py).
READING_PACE_SYLLABLES_PER_MINUTE = 148.0
SENTENCE_PAUSE_SECONDS = 0.45
PARAGRAPH_PAUSE_SECONDS = 0.9
CHIMES_SECONDS = 7.2
_LONG_SUBJECT_WORDS = 30
_SOFT_SPLIT = re.compile(r",\s+(?=(?:đặc biệt|trong đó|đồng thời|nhằm|qua đó|cụ thể)\b)")
_CAMPAIGN_PARENTHESIS = re.compile(r"\s*\((?:từ|trong thời gian)[^)]*\)\s*$", re.IGNORECASE)
# Abbreviations the spoken form reads as words; the others are spelled letter by letter.
_SPOKEN_ABBREVIATIONS = frozenset(ABBREVIATIONS) | frozenset(CONTEXTUAL)


def compose_script(
    directive: Directive, commune: str, overrides: Mapping[int, bool] | None = None
) -> Script:
    """A script in the commune's name: opening, lead, the aired sentences, closing.

    ``overrides`` maps source sentence ids to True (air it) or False (drop it), overturning the
    composer's decisions."""
    commune = t.commune_display_name(commune)
    acronyms = document_acronyms(_document_text(directive), _SPOKEN_ABBREVIATIONS)
    decisions = _apply_overrides(classify(directive), overrides or {})
    decisions = _expand_decisions(decisions, acronyms)
    body = _message_paragraphs(decisions)
    subject = _spoken_subject(directive)
    if subject:
        subject = expand_acronyms(subject, acronyms)
    topic = filters.citizen_topic(subject) if subject else None
    has_action = any(d.kept and d.category == "citizen_action" for d in decisions)
    reasons: list[str] = []
    issuer, unspoken = _spoken_issuer(directive.issuer, acronyms)
    if unspoken:
        reasons.append(t.unspoken_issuer_note(directive.issuer or "", unspoken))
    if not body:
        reasons.append(t.NOTE_NO_CITIZEN_CONTENT)
    elif not has_action:
        reasons.append(t.NOTE_INFORMATION_ONLY)
    kept_text = " ".join(body)
    missing_messages = [m for m in directive.messages if m not in kept_text]
    if missing_messages:
        body.append(t.slogans_paragraph(missing_messages))
    document = t.document_phrase(
        t.document_type(directive.code, directive.number),
        directive.number,
        directive.date.to_date() if directive.date else None,
        issuer,
    )
    campaign = _citizens_campaign(directive.campaign, decisions)
    if kept_text:
        lead = t.lead(document, subject, campaign)
    else:
        lead = t.notice_lead(document, subject or _purpose(decisions), campaign)
    paragraphs = (
        Paragraph("opening", t.opening(commune)),
        Paragraph("lead", lead),
        *(Paragraph("message", text) for text in body),
        Paragraph("closing", t.closing(commune, directive.messages, topic, has_action=has_action)),
    )
    return Script(
        title=_title(directive),
        commune=commune,
        paragraphs=paragraphs,
        estimated_seconds=estimate_seconds("\n\n".join(p.text for p in paragraphs)),
        notes=tuple(reasons),
        decisions=decisions,
        needs_review=bool(reasons),
        review_reasons=tuple(reasons),
    )


@dataclass(frozen=True)
class Recomposed:
    """A script recomposed with the operator's overrides, and the fate of their own edits."""

    script: Script
    text: str  # the new script text with the operator's edits applied where they still fit
    kept_edits: tuple[str, ...]
    lost_edits: tuple[str, ...]  # edits whose sentence is gone, for the operator to redo


def recompose(
    directive: Directive,
    commune: str,
    overrides: Mapping[int, bool],
    *,
    composed_text: str | None = None,
    edited_text: str | None = None,
) -> Recomposed:
    """Compose again with ``overrides`` (sentence id → air it or not). When the operator had
    edited the previous composition (``composed_text`` → ``edited_text``), those edits are
    carried over where the sentence they changed is still in the script."""
    script = compose_script(directive, commune, overrides)
    if composed_text is None or edited_text is None or composed_text == edited_text:
        return Recomposed(script, script.text, (), ())
    text, kept, lost = carry_edits(composed_text, edited_text, script.text)
    return Recomposed(script, text, kept, lost)


def carry_edits(
    before: str, edited: str, after: str
) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """Apply the sentence-level edits that turned ``before`` into ``edited`` to ``after``.

    Returns the new text, the edits kept and the edits that could not be kept (their sentence
    is no longer in ``after``), each described in Vietnamese."""
    old = _flat_sentences(before)
    new = _flat_sentences(edited)
    target = _flat_sentences(after)
    target_texts = [s for _, s in target]
    kept: list[str] = []
    lost: list[str] = []
    matcher = difflib.SequenceMatcher(a=[s for _, s in old], b=[s for _, s in new], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        removed = [s for _, s in old[i1:i2]]
        added = [s for _, s in new[j1:j2]]
        label = _edit_label(removed, added)
        if removed:
            position = _find_run(target_texts, removed)
            if position is None:
                lost.append(label)
                continue
            paragraph = target[position][0]
            target[position : position + len(removed)] = [(paragraph, s) for s in added]
        else:
            anchor = old[i1 - 1][1] if i1 > 0 else None
            position = 0 if anchor is None else _find_run(target_texts, [anchor])
            if position is None:
                lost.append(label)
                continue
            insert_at = position if anchor is None else position + 1
            paragraph = target[min(insert_at, len(target) - 1)][0] if target else 0
            target[insert_at:insert_at] = [(paragraph, s) for s in added]
        target_texts = [s for _, s in target]
        kept.append(label)
    return _join(target), tuple(kept), tuple(lost)


def _flat_sentences(text: str) -> list[tuple[int, str]]:
    return [
        (index, sentence)
        for index, paragraph in enumerate(split_paragraphs(text))
        for sentence in split_sentences(paragraph, breathe=False)
    ]


def _find_run(texts: list[str], run: list[str]) -> int | None:
    for start in range(len(texts) - len(run) + 1):
        if texts[start : start + len(run)] == run:
            return start
    return None


def _join(sentences: list[tuple[int, str]]) -> str:
    paragraphs: list[list[str]] = []
    last: int | None = None
    for paragraph, sentence in sentences:
        if paragraph != last or not paragraphs:
            paragraphs.append([])
            last = paragraph
        paragraphs[-1].append(sentence)
    return "\n\n".join(" ".join(p) for p in paragraphs)


def _edit_label(removed: list[str], added: list[str]) -> str:
    def short(sentences: list[str]) -> str:
        text = " ".join(sentences)
        return f"“{text[:60]}…”" if len(text) > 60 else f"“{text}”"

    if removed and added:
        return f"sửa {short(removed)} thành {short(added)}"
    if removed:
        return f"xóa {short(removed)}"
    return f"thêm {short(added)}"


def _apply_overrides(
    decisions: tuple[SentenceDecision, ...], overrides: Mapping[int, bool]
) -> tuple[SentenceDecision, ...]:
    result: list[SentenceDecision] = []
    for decision in decisions:
        wanted = overrides.get(decision.id)
        if wanted is None or wanted == decision.kept:
            result.append(decision)
        elif wanted:
            text = filters.end_sentence(filters.clean_sentence(decision.source))
            result.append(
                replace(decision, aired=text, forced=True, reason=t.FORCED_IN + decision.reason)
            )
        else:
            result.append(
                replace(decision, aired=None, forced=True, reason=t.FORCED_OUT + decision.reason)
            )
    return tuple(result)


# "Nhằm chủ động ứng phó với mưa lớn …, tại Văn bản số …, UBND tỉnh đề nghị …": what the
# directive is for, up to where the document or its issuer is named.
_PURPOSE = re.compile(
    r"^(?:Nhằm|Để)\s+(?P<what>.+?)(?:,\s*(?:tại|theo|căn cứ|thực hiện|ngày)\s|,\s*(?=[A-ZĐ]))"
)


def _purpose(decisions: tuple[SentenceDecision, ...]) -> str | None:
    """For a notice with no subject: the purpose the first sentence gives, if short."""
    for decision in decisions[:3]:
        found = _PURPOSE.match(decision.source)
        if found and len(found["what"].split()) <= 25:
            return found["what"]
    return None


def _day_pattern(day: dt.date) -> re.Pattern[str]:
    """How a source writes a day: "20/4/2015", "20-04", "20.4", "ngày 20 tháng 4"."""
    return re.compile(
        rf"(?<!\d)0?{day.day}\s*[/.-]\s*0?{day.month}(?!\d)|"
        rf"(?<!\d)0?{day.day}\s+tháng\s+0?{day.month}(?!\d)",
        re.IGNORECASE,
    )


def _citizens_campaign(
    campaign: DateRange | None, decisions: tuple[SentenceDecision, ...]
) -> DateRange | None:
    """The campaign window the lead reads, unless its end is only an agency's deadline: every
    time the text writes that day it is "trước ngày …" in a sentence given to agencies
    ("hoàn thành tổng kết … trước ngày 20/4/2015")."""
    if campaign is None:
        return None
    end = _day_pattern(campaign.end)
    agency_work = (SentenceCategory.AGENCY_TASK, SentenceCategory.REPORTING)
    written = 0
    deadlines = 0
    for decision in decisions:
        for found in end.finditer(decision.source):
            written += 1
            before = decision.source[: found.start()]
            if decision.category in agency_work and _DEADLINE.search(before):
                deadlines += 1
    return None if written and written == deadlines else campaign


_DEADLINE = re.compile(r"(?<!\w)(?:trước|chậm nhất(?: là)?|hạn chót)\s+(?:ngày\s+)?$", re.I)


def _document_text(directive: Directive) -> str:
    parts = (directive.title, directive.subject, directive.issuer, *directive.body)
    return "\n".join(part for part in parts if part)


# "Nghị định số 137/2020/NĐ-CP", "Kết luận số 867-KL/HU": a cited document's code means nothing
# to a listener (the lead leaves the main document's out too); its number and year stay.
_CITED_CODE = re.compile(
    r"(?P<lead>(?<!\w)(?:số|Chỉ thị|Nghị định|Nghị quyết|Quyết định|Thông tư|Thông báo|Công văn|"
    r"Công điện|Kế hoạch|Kết luận|Hướng dẫn))\s*(?P<number>\d{1,5})(?:/(?P<year>(?:19|20)\d{2}))?"
    r"[/-](?:[A-ZĐ][A-ZĐa-zđ]{0,9}[/-]?)+(?![\w/-])"
)


# "tuyến ống DN100PVC": a pipe's size and material code, for the works crew, not the listener.
_PIPE_SPEC = re.compile(r"(?<=ống)\s+(?:DN|D|Φ|Ø)\s?\d{2,4}(?:[A-Z]{2,5})?(?![\w/])")


# "(quy định tại khoản 1 Điều 30 của Luật bầu cử …)": where the rule is written, for lawyers.
_LEGAL_CITATION = re.compile(
    r"\s*\((?:theo\s+)?(?:được\s+)?quy định\s+tại\s+(?:[^()]|\([^()]*\))*?"
    r"(?:\)|(?=[.;]\s)|(?=[.;]?$))"
)


def without_codes(text: str) -> str:
    text = _LEGAL_CITATION.sub("", text)
    text = _CITED_CODE.sub(
        lambda m: f"{m['lead']} {m['number']}" + (f" năm {m['year']}" if m["year"] else ""), text
    )
    return _PIPE_SPEC.sub("", text)


def _expand_decisions(
    decisions: tuple[SentenceDecision, ...], acronyms: Mapping[str, str]
) -> tuple[SentenceDecision, ...]:
    """Aired sentences say the words of the abbreviations the document spells out, and cite
    other documents by number, not code; slogans stay word for word."""
    result = []
    for decision in decisions:
        if decision.aired is not None and decision.category != SentenceCategory.SLOGAN:
            aired = without_codes(expand_acronyms(decision.aired, acronyms))
            if aired != decision.aired:
                decision = replace(decision, aired=aired)
        result.append(decision)
    return tuple(result)


def _spoken_issuer(issuer: str | None, acronyms: Mapping[str, str]) -> tuple[str | None, list[str]]:
    """The issuer as the lead names it, with the document's abbreviations written out. An
    abbreviation neither the document nor the spoken form's dictionary can say in words
    would be spelled letter by letter to the listener: the lead then names no issuer
    ("chỉ đạo của cấp trên") and the operator is told which letters to write out."""
    if not issuer:
        return None, []
    spoken = expand_acronyms(issuer, acronyms)
    unspoken = [
        token
        for token in dict.fromkeys(ACRONYM.findall(spoken))
        if token not in _SPOKEN_ABBREVIATIONS and not is_syllable(token.lower())
    ]
    return (None, unspoken) if unspoken else (spoken, [])


def script_spoken_text(text: str, dialect: Dialect = Dialect.NORTH) -> str:
    """The spoken form of a script's display text, paragraph by paragraph."""
    return "\n\n".join(spoken_form(paragraph, dialect) for paragraph in text.split("\n\n"))


def estimate_seconds(text: str, dialect: Dialect = Dialect.NORTH) -> float:
    """Reading time at the broadcast pace, counting what is said rather than what is written."""
    paragraphs = [block for block in text.split("\n\n") if block.strip()]
    syllables = sum(count_syllables(spoken_form(block, dialect)) for block in paragraphs)
    sentences = sum(len(split_sentences(" ".join(block.split()))) for block in paragraphs)
    if not paragraphs:
        return 0.0
    seconds = syllables / READING_PACE_SYLLABLES_PER_MINUTE * 60
    seconds += (sentences - len(paragraphs)) * SENTENCE_PAUSE_SECONDS
    seconds += (len(paragraphs) - 1) * PARAGRAPH_PAUSE_SECONDS
    return round(seconds + CHIMES_SECONDS, 1)


def _unframed(subject: str) -> str:
    """A subject without its list lead ("…, cụ thể như sau:") or the abbreviation "TB"
    ("TB địa điểm bỏ phiếu …" is "Thông báo …") that the lead would say twice."""
    subject = re.sub(r",?\s*(?:cụ thể\s+)?như sau\s*:?$", "", subject)
    return re.sub(r"^TB\s+(?=\w)", "", subject)


def _title(directive: Directive) -> str:
    subject = directive.subject or directive.title
    if not subject or filters.ITEM_MARKER.match(subject) or filters.mostly_upper(subject):
        return f"Thông báo của {directive.issuer}" if directive.issuer else "Thông tin tuyên truyền"
    subject = _CAMPAIGN_PARENTHESIS.sub("", subject).strip()
    subject = _unframed(subject)
    if subject[:1] in '“"' and subject[-1:] in '”"' and subject.count("“") <= 1:
        subject = subject[1:-1]
    return filters.capitalize_first(subject)


# "… Đại hội đại biểu MTTQ Việt Nam thị xã Điện Bàn lần thứ IX, nhiệm kỳ 2019-2024": the
# ordinal and the term can go from a long subject; what the event is stays.
_SUBJECT_QUALIFIERS = re.compile(
    r"(?:\s+lần thứ\s+[IVXLC\d]+)?\s*,?\s*nhiệm kỳ\s+\d{4}\s*[-–]\s*\d{4}\s*$|"
    r"\s+lần thứ\s+[IVXLC\d]+\s*$",
    re.IGNORECASE,
)


def _spoken_subject(directive: Directive) -> str | None:
    subject = directive.subject or directive.title
    if not subject:
        return None
    subject = _CAMPAIGN_PARENTHESIS.sub("", subject).strip()
    if len(subject.split()) >= _LONG_SUBJECT_WORDS:
        subject = _SUBJECT_QUALIFIERS.sub("", subject).strip()
    if (
        len(subject.split()) >= _LONG_SUBJECT_WORDS
        or filters.ITEM_MARKER.match(subject)
        or subject.rstrip().endswith((".", ":", "!", "?"))
    ):
        return None  # a sentence or a list item taken for a headline: the body says it
    if filters.mostly_upper(subject):
        return None  # a page's section heading or the national motto, not what the text is about
    if subject.startswith(("“", '"')):
        return f"thông điệp {subject}"
    subject = re.sub(
        r"^(?:(?:Thông báo|Công văn|Công điện|Kế hoạch|Chỉ thị)\s+)?(?:V/v|về việc|về)\s+",
        "",
        subject,
        flags=re.IGNORECASE,
    )
    subject = _unframed(subject)
    return filters.lower_first(subject)


def _message_paragraphs(decisions: tuple[SentenceDecision, ...]) -> list[str]:
    """Aired sentences grouped by source paragraph; an introducing sentence ("… như sau:")
    keeps the short items it introduces in its paragraph."""
    paragraphs: list[list[str]] = []
    last_block: int | None = None
    listing = False
    for decision in decisions:
        if decision.aired is None:
            continue
        pieces = _split_long(decision.aired)
        if decision.category != SentenceCategory.SLOGAN:
            pieces = [_with_a_verb(piece) for piece in pieces]
        same_block = decision.block == last_block
        short_item = len(decision.aired.split()) <= 25
        if paragraphs and (same_block or (listing and short_item)):
            paragraphs[-1].extend(pieces)
        else:
            paragraphs.append(pieces)
            listing = False
        if decision.aired.endswith(":"):
            listing = True
        elif not same_block and not short_item:
            listing = False
        last_block = decision.block
    return [_tidy(" ".join(p)) for p in paragraphs if p]


# Every sentence on air says something. Two shapes of the genre that only name it:
# a clause that announces news ("thông tin về việc chúng ta sẽ nhận …"), which can just say it,
_NEWS_OPENER = re.compile(
    r"^thông tin (?:về việc|về|rằng)\s+(?=\S+(?:\s+\S+){0,5}\s+(?:sẽ|đang|đã|vừa)\s)",
    re.IGNORECASE,
)
# and a message quoted for an audience ("“…” đối với người dân, doanh nghiệp, cụ thể: …"),
# which is given to them, the quote kept word for word.
_MESSAGE_FOR = re.compile(
    r"^(?P<quote>“[^”]+”)\s+(?:đối với|dành cho|gửi tới|tới)\s+(?P<who>[^:“”]+?)"
    r"(?:,\s*(?P<rest>cụ thể\s*:.*))?$",
    re.IGNORECASE | re.DOTALL,
)


def _with_a_verb(sentence: str) -> str:
    news = _NEWS_OPENER.match(sentence)
    if news:
        return filters.capitalize_first(sentence[news.end() :])
    message = _MESSAGE_FOR.match(sentence)
    if message is None:
        return sentence
    who = message["who"].strip().rstrip(".,;")
    given = f"Xin gửi tới {who} thông điệp {message['quote']}."
    rest = message["rest"]
    return f"{given} {filters.capitalize_first(rest)}" if rest else given


def _tidy(paragraph: str) -> str:
    paragraph = re.sub(r":\s*$", ".", paragraph)
    return " ".join(paragraph.split())


def _split_long(sentence: str) -> list[str]:
    """Cut a long sentence at ";" and before "đặc biệt", "trong đó" … so the reader can breathe."""
    if len(sentence.split()) <= LONG_SENTENCE_WORDS:
        return [sentence]
    head = sentence.split(";", 1)[0]
    if ":" in head:
        pieces = [sentence]  # "; " separates the items of a list after ":", not clauses
    else:
        pieces = [piece.strip() for piece in sentence.split(";") if piece.strip()]
    result: list[str] = []
    for piece in pieces:
        if len(piece.split()) > LONG_SENTENCE_WORDS:
            result.extend(part.strip() for part in _SOFT_SPLIT.split(piece) if part.strip())
        else:
            result.append(piece)
    return [filters.end_sentence(filters.capitalize_first(piece)) for piece in result]
