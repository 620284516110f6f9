"""District side: one directive → one signed pack per commune.

1. The directive is read and parsed once; each commune's script is composed from it (pure).
2. Every distinct sentence of every script is spoken once, in order, by one engine chain: gTTS
   keeps its pause between requests and its fallback is decided once for the whole build.
3. The shared body is rendered and encoded once per dialect; then, in a bounded thread pool,
   each commune gets its own opening and closing, its script files, its suggested schedule and
   its manifest, signed and zipped atomically. Phase 3 only reads the sentence cache.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import tempfile
import threading
import time
import unicodedata
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from radio_sched import keys
from radio_sched.audio.engines import engine_chain
from radio_sched.audio.render import DEFAULT_PAUSES, Speaker, spoken_sentence_function
from radio_sched.config import StationSettings
from radio_sched.directive.serialize import directive_to_dict
from radio_sched.district import Commune, District
from radio_sched.errors import UserError
from radio_sched.models import Directive, Script
from radio_sched.pack import audio, contents
from radio_sched.pack.archive import Member, seal, write_pack
from radio_sched.pack.manifest import FORMAT, FORMAT_VERSION, PRIORITIES
from radio_sched.schedule.model import DEFAULT_PER_DAY, Priority
from radio_sched.script.compose import compose_script
from radio_sched.script.pipeline import script_from_file, station_today
from radio_sched.script.sentences import split_script

Progress = Callable[[str, int, int], None]  # stage ("synth" or "packs"), done, total
DEFAULT_WINDOW_DAYS = 7
MAX_JOBS = 8


@dataclass(frozen=True)
class BuiltPack:
    commune: str
    path: Path
    duration_seconds: float
    size: int


@dataclass(frozen=True)
class BuildResult:
    packs: tuple[BuiltPack, ...]
    seconds: float
    engine: str
    engine_calls: int  # sentences the engine was asked for (the rest came from the cache)
    cache_hits: int
    bodies: int  # shared bodies rendered: one per dialect
    notes: tuple[str, ...] = field(default=())

    def as_json(self) -> dict[str, Any]:
        return {
            "packs": [
                {
                    "commune": p.commune,
                    "path": str(p.path),
                    "duration_seconds": round(p.duration_seconds, 2),
                    "bytes": p.size,
                }
                for p in self.packs
            ],
            "seconds": round(self.seconds, 2),
            "engine": self.engine,
            "engine_calls": self.engine_calls,
            "cache_hits": self.cache_hits,
            "bodies": self.bodies,
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class _Parts:
    """A commune's script cut where the commune's name stops and starts being said."""

    commune: Commune
    script: Script
    head: str  # opening and lead
    body: str  # the messages: the same words for every commune
    tail: str  # closing

    @property
    def body_key(self) -> tuple[str, float, str]:
        settings = self.commune.settings
        return settings.dialect.value, settings.loudness_lufs, self.body


def split_parts(commune: Commune, script: Script) -> _Parts:
    roles = [p.role for p in script.paragraphs]
    first = next((i for i, role in enumerate(roles) if role == "message"), len(roles))
    last = first
    while last < len(roles) and roles[last] == "message":
        last += 1
    texts = [p.text for p in script.paragraphs]
    return _Parts(
        commune=commune,
        script=script,
        head="\n\n".join(texts[:first]),
        body="\n\n".join(texts[first:last]),
        tail="\n\n".join(texts[last:]),
    )


def build_packs(
    directive_path: Path,
    district: District,
    output_dir: Path,
    *,
    engine: str | None = None,
    priority: str = "normal",
    jobs: int | None = None,
    force: bool = False,
    progress: Progress | None = None,
    today: dt.date | None = None,
) -> BuildResult:
    started = time.perf_counter()
    if priority not in PRIORITIES:
        raise UserError(f"Mức ưu tiên phải là một trong {', '.join(PRIORITIES)}.")
    public = keys.own_public_key()  # no key, no work: say so before minutes of synthesis
    engine = engine or district.engine
    first = district.communes[0]
    directive, _ = script_from_file(
        directive_path, commune=first.name, force=force, settings=first.settings
    )
    source_sha256 = hashlib.sha256(directive_path.read_bytes()).hexdigest()
    parts = [split_parts(c, compose_script(directive, c.name)) for c in district.communes]
    if not any(p.head or p.body or p.tail for p in parts):
        raise UserError(f"{directive_path}: kịch bản không có nội dung để đọc.")

    voice, calls, hits, notes = _speak_everything(parts, engine, progress)
    start_day = today or station_today(first.settings)
    campaign = directive.campaign
    window = (campaign.start, campaign.end) if campaign else _default_window(start_day)
    if campaign is None:
        notes.append(
            f"Văn bản không ghi thời gian tuyên truyền; lịch gợi ý {DEFAULT_WINDOW_DAYS} ngày "
            f"từ {window[0]:%d/%m/%Y}."
        )
    context = _Context(
        directive=directive,
        district=district,
        public=public,
        voice=voice,
        priority=Priority(priority),
        per_day=directive.frequency_per_day or DEFAULT_PER_DAY,
        window=window,
        source_sha256=source_sha256,
        names=pack_file_names([p.commune.name for p in parts]),
        output_dir=output_dir,
    )
    output_dir.mkdir(parents=True, exist_ok=True)
    workers = max(1, min(jobs or min(MAX_JOBS, os.cpu_count() or 2), len(parts)))
    with tempfile.TemporaryDirectory(prefix="radio-sched-pack-") as folder:
        context.workdir = Path(folder)
        with ThreadPoolExecutor(workers, thread_name_prefix="pack") as pool:
            bodies_by_key = _run_all(
                pool,
                _body_groups(parts),
                lambda _key, group: _render_body(context, group),
                None,
            )
            packs = _run_all(
                pool,
                dict(enumerate(parts)),
                lambda index, part: _make_pack(context, index, part, bodies_by_key[part.body_key]),
                progress,
            )
    built = tuple(packs[index] for index in range(len(parts)))
    return BuildResult(
        packs=built,
        seconds=time.perf_counter() - started,
        engine=voice,
        engine_calls=calls,
        cache_hits=hits,
        bodies=sum(1 for body in bodies_by_key.values() if body is not None),
        notes=tuple(notes),
    )


def _default_window(start: dt.date) -> tuple[dt.date, dt.date]:
    return start, start + dt.timedelta(days=DEFAULT_WINDOW_DAYS - 1)


# ------------------------------------------------------------------------------------ speech


def _speak_everything(
    parts: Sequence[_Parts], engine: str, progress: Progress | None
) -> tuple[str, int, int, list[str]]:
    """Put every distinct sentence in the cache; returns the engine the programs will use.

    When the chain fell back midway (gTTS refused after some sentences), the whole build uses
    the fallback voice, so that no commune gets a program in two voices.
    """
    try:
        chain = engine_chain(engine)
    except ValueError as error:
        raise UserError(str(error)) from error
    spoken_of = spoken_sentence_function()
    sentences: dict[str, None] = {}
    for part in parts:
        dialect = part.commune.settings.dialect
        for text in (part.head, part.body, part.tail):
            for paragraph in split_script(text):
                for sentence in paragraph:
                    spoken = spoken_of(sentence, dialect).strip()
                    if spoken:
                        sentences[spoken] = None
    speaker = Speaker(chain)
    used: dict[str, int] = {}
    total = len(sentences)
    for done, spoken in enumerate(sentences):
        if progress:
            progress("synth", done, total)
        _segment, name = speaker.speak(spoken)
        used[name] = used.get(name, 0) + 1
    if progress:
        progress("synth", total, total)
    notes = list(speaker.notes)
    voice = next(iter(used)) if len(used) == 1 else chain[-1].name
    if len(used) > 1:
        notes.append(f"Giọng đọc đổi giữa chừng; mọi gói dùng giọng {voice} cho thống nhất.")
    return voice, speaker.engine_calls, speaker.cache_hits, notes


# ------------------------------------------------------------------------------------- packs


@dataclass
class _Context:
    directive: Directive
    district: District
    public: keys.PublicKey
    voice: str
    priority: Priority
    per_day: int
    window: tuple[dt.date, dt.date]
    source_sha256: str
    names: list[str]
    output_dir: Path
    workdir: Path = Path()
    lock: threading.Lock = field(default_factory=threading.Lock)


def _body_groups(parts: Sequence[_Parts]) -> dict[tuple[str, float, str], _Parts]:
    groups: dict[tuple[str, float, str], _Parts] = {}
    for part in parts:
        groups.setdefault(part.body_key, part)
    return groups


def _render_body(context: _Context, part: _Parts) -> audio.EncodedPart | None:
    if not part.body:
        return None
    settings = part.commune.settings
    speech, _ = audio.render_part(
        part.body,
        workdir=context.workdir,
        label=f"body-{settings.dialect.value}-{hashlib.sha256(part.body.encode()).hexdigest()[:8]}",
        title=part.script.title,
        commune=context.district.name,
        engine=context.voice,
        settings=settings,
    )
    half = audio.silence(DEFAULT_PAUSES.paragraph // 2)
    return audio.encode(np.concatenate([half, speech, half]))


def _make_pack(
    context: _Context, index: int, part: _Parts, body: audio.EncodedPart | None
) -> BuiltPack:
    settings = part.commune.settings
    script = part.script
    target = settings.loudness_lufs
    half = audio.silence(DEFAULT_PAUSES.paragraph // 2)
    pieces: dict[str, audio.Samples] = {}
    for label, text in (("head", part.head), ("tail", part.tail)):
        if text:
            pieces[label], _ = audio.render_part(
                text,
                workdir=context.workdir,
                label=f"{index}-{label}",
                title=script.title,
                commune=settings.name,
                engine=context.voice,
                settings=settings,
            )
    opening = [audio.chime(0, target), audio.silence(DEFAULT_PAUSES.after_open_chime)]
    closing = [audio.silence(DEFAULT_PAUSES.before_close_chime), audio.chime(1, target)]
    if "head" in pieces:
        opening += [pieces["head"], half]
    if "tail" in pieces:
        closing = [half, pieces["tail"], *closing]
    head = audio.encode(np.concatenate(opening))
    tail = audio.encode(np.concatenate(closing))
    joined = head.mp3 + (body.mp3 if body else b"") + tail.mp3
    duration = head.seconds + (body.seconds if body else 0.0) + tail.seconds
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
    producer = context.district.name
    members = [
        Member(contents.AUDIO_NAME, "audio", program, duration),
        Member(
            contents.SCRIPT_TXT, "script-text", contents.script_text(script, directive.reference)
        ),
        Member(
            contents.SCRIPT_DOCX,
            "script-docx",
            contents.script_docx(script, directive.reference, producer),
        ),
        Member(
            contents.SCHEDULE_JSON,
            "schedule-json",
            contents.schedule_json(plan, settings, first, last),
        ),
        Member(contents.SCHEDULE_ICS, "schedule-ics", contents.schedule_ics(plan, settings)),
        Member(contents.SCHEDULE_M3U, "playlist-m3u", contents.schedule_m3u(plan)),
    ]
    sealed = seal(_manifest_fields(context, settings, script, duration), members)
    path = context.output_dir / context.names[index]
    write_pack(path, sealed, members)
    return BuiltPack(settings.name, path, duration, path.stat().st_size)


def _tag_date(directive: Directive, fallback: dt.date) -> str:
    if directive.date is not None and directive.date.year:
        return directive.date.iso()
    return fallback.isoformat()


def _manifest_fields(
    context: _Context, settings: StationSettings, script: Script, duration: float
) -> dict[str, Any]:
    directive = directive_to_dict(context.directive)
    first, last = context.window
    campaign = context.directive.campaign
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": dt.datetime.now(settings.zone).isoformat(timespec="seconds"),
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


# ------------------------------------------------------------------------------- thread pool


K = TypeVar("K")
V = TypeVar("V")
R = TypeVar("R")


def _run_all(
    pool: ThreadPoolExecutor,
    items: dict[K, V],
    work: Callable[[K, V], R],
    progress: Progress | None,
) -> dict[K, R]:
    """Run ``work`` over ``items`` in the pool; the first failure cancels what has not started."""
    futures: dict[Future[R], K] = {
        pool.submit(work, key, value): key for key, value in items.items()
    }
    results: dict[K, R] = {}
    if progress:
        progress("packs", 0, len(items))
    try:
        for future in as_completed(futures):
            results[futures[future]] = future.result()
            if progress:
                progress("packs", len(results), len(items))
    except BaseException:
        for future in futures:
            future.cancel()
        raise
    return results
