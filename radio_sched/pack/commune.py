"""One commune's pack: its program (own opening and closing around the shared body), its
script files, its suggested schedule, its manifest — signed and zipped."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from radio_sched import keys
from radio_sched.audio.render import DEFAULT_PAUSES
from radio_sched.config import StationSettings
from radio_sched.directive.serialize import directive_to_dict
from radio_sched.district import Commune, District
from radio_sched.models import Directive, Script
from radio_sched.pack import audio, contents
from radio_sched.pack.archive import Member, seal, write_pack
from radio_sched.pack.manifest import FORMAT, FORMAT_VERSION
from radio_sched.schedule.model import Priority

BodyKey = tuple[str, float, str]  # dialect, loudness target, body text


@dataclass(frozen=True)
class BuiltPack:
    commune: str
    path: Path
    duration_seconds: float
    size: int


@dataclass(frozen=True)
class Parts:
    """A commune's script cut where the commune's name stops and starts being said."""

    commune: Commune
    script: Script
    head: str  # opening and lead
    body: str  # the messages: the same words for every commune
    tail: str  # closing

    @property
    def body_key(self) -> BodyKey:
        settings = self.commune.settings
        return settings.dialect.value, settings.loudness_lufs, self.body


def split_parts(commune: Commune, script: Script) -> Parts:
    """The head and tail are the paragraphs around the body that say the commune's name; every
    paragraph between them is the same for all communes."""
    texts = [p.text for p in script.paragraphs]
    own = [
        script.commune.lower() in text.lower() or p.role in ("opening", "closing")
        for text, p in zip(texts, script.paragraphs, strict=True)
    ]
    first = next((i for i, mine in enumerate(own) if not mine), len(own))
    last = len(own)
    while last > first and own[last - 1]:
        last -= 1
    return Parts(
        commune=commune,
        script=script,
        head="\n\n".join(texts[:first]),
        body="\n\n".join(texts[first:last]),
        tail="\n\n".join(texts[last:]),
    )


@dataclass(frozen=True)
class PackContext:
    """What every commune's pack of one build shares."""

    directive: Directive
    district: District
    public: keys.PublicKey
    voice: str  # the engine every part is rendered with
    priority: Priority
    per_day: int
    window: tuple[dt.date, dt.date]  # of the suggested schedule
    source_sha256: str
    output_dir: Path
    workdir: Path
    mp3_loss_db: float  # the encoder's level loss, compensated alike in every part


def render_body(context: PackContext, part: Parts) -> audio.EncodedPart | None:
    """The shared body as MP3 frames, with half a paragraph pause at each end for the joins."""
    if not part.body:
        return None
    settings = part.commune.settings
    digest = hashlib.sha256(part.body.encode()).hexdigest()[:8]
    speech, _ = audio.render_part(
        part.body,
        workdir=context.workdir,
        label=f"body-{settings.dialect.value}-{digest}",
        title=part.script.title,
        commune=context.district.name,
        engine=context.voice,
        settings=settings,
    )
    half = audio.silence(DEFAULT_PAUSES.paragraph // 2)
    return audio.encode(np.concatenate([half, speech, half]), context.mp3_loss_db)


SpokenParagraphs = list[list[audio.Samples]]  # trimmed sentence audio, paragraph by paragraph


def make_pack(
    context: PackContext,
    part: Parts,
    file_name: str,
    body: Future[audio.EncodedPart | None],
    head: SpokenParagraphs,
    tail: SpokenParagraphs,
) -> BuiltPack:
    """Put the commune's own parts together, then wait for the shared body and seal the pack."""
    settings = part.commune.settings
    script = part.script
    opening, closing = _own_parts(settings, head, tail, context.mp3_loss_db)
    shared = body.result()
    joined = opening.mp3 + (shared.mp3 if shared else b"") + closing.mp3
    duration = opening.seconds + (shared.seconds if shared else 0.0) + closing.seconds
    directive = context.directive
    program = audio.tag_mp3(
        joined,
        title=script.title,
        commune=settings.name,
        reference=directive.reference,
        date=_tag_date(directive, context.window[0]),
    )
    first, last = context.window
    plan = contents.suggested_plan(
        settings,
        title=script.title,
        duration_seconds=duration,
        priority=context.priority,
        per_day=context.per_day,
        first=first,
        last=last,
    )
    reference = directive.reference
    members = [
        Member(contents.AUDIO_NAME, "audio", program, duration),
        Member(contents.SCRIPT_TXT, "script-text", contents.script_text(script, reference)),
        Member(
            contents.SCRIPT_DOCX,
            "script-docx",
            contents.script_docx(script, reference, context.district.name),
        ),
        Member(
            contents.SCHEDULE_JSON,
            "schedule-json",
            contents.schedule_json(plan, settings, first, last),
        ),
        Member(contents.SCHEDULE_ICS, "schedule-ics", contents.schedule_ics(plan, settings)),
        Member(contents.SCHEDULE_M3U, "playlist-m3u", contents.schedule_m3u(plan)),
    ]
    sealed = seal(manifest_fields(context, settings, script, duration), members)
    path = context.output_dir / file_name
    write_pack(path, sealed, members)
    return BuiltPack(settings.name, path, duration, path.stat().st_size)


def _own_parts(
    settings: StationSettings, head: SpokenParagraphs, tail: SpokenParagraphs, loss_db: float
) -> tuple[audio.EncodedPart, audio.EncodedPart]:
    """Chime, opening and lead; closing and chime — each encoded on its own. Half a paragraph
    pause on the body's side of each, so the joins fall in the middle of a pause."""
    target = settings.loudness_lufs
    half = audio.silence(DEFAULT_PAUSES.paragraph // 2)
    opening = [audio.chime(0, target), audio.silence(DEFAULT_PAUSES.after_open_chime)]
    closing = [audio.silence(DEFAULT_PAUSES.before_close_chime), audio.chime(1, target)]
    head_speech, tail_speech = audio.speech([head, tail], target)
    if head:
        opening += [head_speech, half]
    if tail:
        closing = [half, tail_speech, *closing]
    return (
        audio.encode(np.concatenate(opening), loss_db),
        audio.encode(np.concatenate(closing), loss_db),
    )


def _tag_date(directive: Directive, fallback: dt.date) -> str:
    if directive.date is not None and directive.date.year:
        return directive.date.iso()
    return fallback.isoformat()


def manifest_fields(
    context: PackContext, settings: StationSettings, script: Script, duration: float
) -> dict[str, Any]:
    directive = directive_to_dict(context.directive)
    first, last = context.window
    campaign = context.directive.campaign
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": settings.now().isoformat(timespec="seconds"),
        "producer": {"name": context.district.name, "key_fingerprint": context.public.fingerprint},
        "commune": {"name": settings.name, "dialect": settings.dialect.value},
        "directive": {
            "reference": context.directive.reference,
            **{key: directive[key] for key in ("number", "code", "issuer", "date", "subject")},
            "title": directive["title"],
            "messages": directive["messages"],
            "frequency_per_day": directive["frequency_per_day"],
            "source_sha256": context.source_sha256,
        },
        "campaign": (
            {"start": campaign.start.isoformat(), "end": campaign.end.isoformat()}
            if campaign
            else None
        ),
        "schedule_window": {"start": first.isoformat(), "end": last.isoformat()},
        "priority": context.priority.value,
        "program": {
            "title": script.title,
            "audio": contents.AUDIO_NAME,
            "duration_seconds": round(duration, 3),
            "per_day": context.per_day,
            "engine": context.voice,
        },
    }


def pack_file_names(communes: Sequence[str]) -> list[str]:
    """``xa-tan-thanh.zip``; names that fold to the same letters ("Thành", "Thạnh") get a short
    suffix from the full name so no pack overwrites another."""
    slugs = [slug(name) for name in communes]
    counts = {s: slugs.count(s) for s in slugs}
    return [
        f"{s}-{hashlib.sha256(name.encode()).hexdigest()[:6]}.zip" if counts[s] > 1 else f"{s}.zip"
        for s, name in zip(slugs, communes, strict=True)
    ]


def slug(name: str) -> str:
    folded = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    ascii_only = "".join(ch for ch in folded if not unicodedata.combining(ch))
    text = re.sub(r"[^a-z0-9]+", "-", ascii_only.lower()).strip("-")
    return text[:60] or "xa"
