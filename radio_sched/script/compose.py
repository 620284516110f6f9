"""Directive → loudspeaker Script. Pure: no files, no clock."""

from __future__ import annotations

import re

from radio_sched.models import Dialect, Directive, Paragraph, Script
from radio_sched.script import filters
from radio_sched.script import templates as t
from radio_sched.script.sentences import split_sentences
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
_MAX_SENTENCE_WORDS = 40
_SOFT_SPLIT = re.compile(r",\s+(?=(?:đặc biệt|trong đó|đồng thời|nhằm|qua đó|cụ thể)\b)")
_CAMPAIGN_PARENTHESIS = re.compile(r"\s*\((?:từ|trong thời gian)[^)]*\)\s*$", re.IGNORECASE)


def compose_script(directive: Directive, commune: str) -> Script:
    """A script in the commune's name: opening, lead, the messages, closing."""
    commune = t.commune_display_name(commune)
    body = _message_paragraphs(directive)
    subject = _spoken_subject(directive)
    topic = filters.citizen_topic(subject) if subject else None
    notes: list[str] = []
    if not body:
        notes.append(t.NOTE_NO_CITIZEN_CONTENT)
        body = [t.subject_call(topic)] if topic else []
    kept_text = " ".join(body)
    missing_messages = [m for m in directive.messages if m not in kept_text]
    if missing_messages:
        body.append(t.slogans_paragraph(missing_messages))

    paragraphs = (
        Paragraph("opening", t.opening(commune)),
        Paragraph("lead", t.lead(directive.issuer, subject, directive.campaign)),
        *(Paragraph("message", text) for text in body),
        Paragraph("closing", t.closing(commune, directive.messages, topic)),
    )
    return Script(
        title=_title(directive),
        commune=commune,
        paragraphs=paragraphs,
        estimated_seconds=estimate_seconds("\n\n".join(p.text for p in paragraphs)),
        notes=tuple(notes),
    )


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


def _title(directive: Directive) -> str:
    subject = directive.subject or directive.title or "Thông tin tuyên truyền"
    subject = _CAMPAIGN_PARENTHESIS.sub("", subject).strip()
    if subject[:1] in '“"' and subject[-1:] in '”"' and subject.count("“") <= 1:
        subject = subject[1:-1]
    return filters.capitalize_first(subject)


def _spoken_subject(directive: Directive) -> str | None:
    subject = directive.subject or directive.title
    if not subject:
        return None
    subject = _CAMPAIGN_PARENTHESIS.sub("", subject).strip()
    if subject.startswith(("“", '"')):
        return f"thông điệp {subject}"
    first = subject.split()[0]
    # Lower-case the first word unless it is an acronym or a name ("COVID-19", "Quốc hội").
    if not first.isupper() and first not in t.KEEP_CAPITALIZED:
        subject = subject[0].lower() + subject[1:]
    return subject


def _message_paragraphs(directive: Directive) -> list[str]:
    paragraphs: list[str] = []
    headline = directive.title
    for block in directive.body:
        if block == headline:
            continue
        raw_sentences = split_sentences(block, breathe=False)
        first = raw_sentences[0] if raw_sentences else ""
        if filters.ADDRESSED_TO_AGENCY.match(first) and not filters.CONTENT_LIST.search(first):
            continue
        sentences: list[str] = []
        for raw in raw_sentences:
            sentences.extend(_citizen_sentences(raw))
        if sentences:
            paragraphs.append(" ".join(sentences))
    return paragraphs


def _citizen_sentences(raw: str) -> list[str]:
    sentence = filters.clean_sentence(raw)
    if not sentence:
        return []
    if filters.is_official_only(sentence):
        content = filters.CONTENT_LIST.search(sentence)
        if not content:
            return []
        parts = [part.strip() for part in content["content"].split(";")]
        return [
            filters.end_sentence(filters.capitalize_first(part))
            for part in parts
            if part and not filters.is_official_only(part) and len(part.split()) >= 3
        ]
    sentence = filters.strip_instruction(sentence)
    if not sentence or (sentence.rstrip().endswith(":") and len(sentence.split()) < 8):
        return []
    return _split_long(filters.end_sentence(sentence))


def _split_long(sentence: str) -> list[str]:
    """Cut a long sentence at ";" and before "đặc biệt", "trong đó" … so the reader can breathe."""
    if len(sentence.split()) <= _MAX_SENTENCE_WORDS:
        return [sentence]
    pieces = [piece.strip() for piece in sentence.split(";") if piece.strip()]
    result: list[str] = []
    for piece in pieces:
        if len(piece.split()) > _MAX_SENTENCE_WORDS:
            result.extend(part.strip() for part in _SOFT_SPLIT.split(piece) if part.strip())
        else:
            result.append(piece)
    return [filters.end_sentence(filters.capitalize_first(piece)) for piece in result]
