"""District side: one directive → one signed pack per commune.

The directive is read and parsed once and each commune's script composed from it (pure). Then a
pipeline: the main thread speaks every distinct sentence once, in order, through one engine
chain (so gTTS keeps its pause between requests), and hands work to a bounded thread pool as
soon as its sentences are in the cache — first the shared body (once per dialect), then each
commune's own opening and closing, script files, schedule and signed zip. The body renders while
the communes' sentences are still being spoken, and each commune waits for it only at the end.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from radio_sched import keys
from radio_sched.audio import pcm
from radio_sched.audio.engines import EngineUnavailable, engine_chain
from radio_sched.audio.render import spoken_sentence_function
from radio_sched.audio.speaker import Speaker
from radio_sched.district import District
from radio_sched.errors import UserError
from radio_sched.models import Dialect
from radio_sched.pack import audio
from radio_sched.pack.commune import (
    BodyKey,
    BuiltPack,
    PackContext,
    Parts,
    make_pack,
    pack_file_names,
    render_body,
    split_parts,
)
from radio_sched.schedule.model import DEFAULT_PER_DAY, Priority
from radio_sched.script.compose import compose_script
from radio_sched.script.pipeline import script_from_file
from radio_sched.script.sentences import split_script

Progress = Callable[[str, int, int], None]  # stage ("synth" or "packs"), done, total
DEFAULT_WINDOW_DAYS = 7
MAX_JOBS = 8


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


def build_packs(
    directive_path: Path,
    district: District,
    output_dir: Path,
    *,
    engine: str | None = None,
    priority: Priority = Priority.NORMAL,
    jobs: int | None = None,
    force: bool = False,
    progress: Progress | None = None,
    today: dt.date | None = None,
) -> BuildResult:
    started = time.perf_counter()
    public = keys.own_public_key()  # no key, no work: say so before minutes of synthesis
    engine = engine or district.engine
    first = district.communes[0]
    directive, _ = script_from_file(
        directive_path, commune=first.name, force=force, settings=first.settings
    )
    parts = [split_parts(c, compose_script(directive, c.name)) for c in district.communes]
    sentences = _sentences(parts)
    if not sentences:
        raise UserError(f"{directive_path}: kịch bản không có câu nào để đọc.")

    notes: list[str] = []
    start_day = today or first.settings.now().date()
    campaign = directive.campaign
    window = (campaign.start, campaign.end) if campaign else _default_window(start_day)
    if campaign is None:
        notes.append(
            f"Văn bản không ghi thời gian tuyên truyền; lịch gợi ý {DEFAULT_WINDOW_DAYS} ngày "
            f"từ {window[0]:%d/%m/%Y}."
        )
    voice, probe = _choose_voice(engine, next(iter(sentences)), notes)
    output_dir.mkdir(parents=True, exist_ok=True)
    # At least two workers by default, so a commune's own parts render while the body does.
    workers = max(1, jobs) if jobs else max(2, min(MAX_JOBS, os.cpu_count() or 2))

    def run(voice: str) -> tuple[tuple[BuiltPack, ...], Speaker, int]:
        with tempfile.TemporaryDirectory(prefix="radio-sched-pack-") as folder:
            context = PackContext(
                directive=directive,
                district=district,
                public=public,
                voice=voice,
                priority=priority,
                per_day=directive.frequency_per_day or DEFAULT_PER_DAY,
                window=window,
                source_sha256=hashlib.sha256(directive_path.read_bytes()).hexdigest(),
                output_dir=output_dir,
                workdir=Path(folder),
                mp3_loss_db=audio.mp3_level_loss_db(),
            )
            return _pipeline(context, parts, sentences, workers, progress)

    try:
        packs, speaker, bodies = run(voice)
    except EngineUnavailable as error:
        if engine != "auto" or voice == "offline":
            raise
        # gTTS stopped answering midway: one voice for every commune matters more than speed.
        notes.append(f"{error} Làm lại mọi gói bằng giọng ngoại tuyến.")
        voice = "offline"
        packs, speaker, bodies = run(voice)
    notes.extend(speaker.notes)
    return BuildResult(
        packs=packs,
        seconds=time.perf_counter() - started,
        engine=voice,
        engine_calls=speaker.engine_calls + probe.engine_calls,
        cache_hits=speaker.cache_hits + probe.cache_hits,
        bodies=bodies,
        notes=tuple(notes),
    )


def _default_window(start: dt.date) -> tuple[dt.date, dt.date]:
    return start, start + dt.timedelta(days=DEFAULT_WINDOW_DAYS - 1)


@functools.lru_cache(maxsize=1024)
def _spoken_paragraphs(text: str, dialect: Dialect) -> tuple[tuple[str, ...], ...]:
    """The sentences of ``text`` as the audio layer speaks them (and keys them in its cache).

    Cached: every commune shares the body's text, and the spoken form is not free."""
    spoken_of = spoken_sentence_function()
    paragraphs = []
    for paragraph in split_script(text):
        spoken = tuple(s for sentence in paragraph if (s := spoken_of(sentence, dialect).strip()))
        if spoken:
            paragraphs.append(spoken)
    return tuple(paragraphs)


def _spoken(text: str, dialect: Dialect) -> list[str]:
    return [s for paragraph in _spoken_paragraphs(text, dialect) for s in paragraph]


def _own_sentences(part: Parts) -> list[str]:
    dialect = part.commune.settings.dialect
    return _spoken(part.head, dialect) + _spoken(part.tail, dialect)


def _sentences(parts: Sequence[Parts]) -> dict[str, None]:
    """Every distinct spoken sentence, bodies first (ordered set)."""
    ordered: dict[str, None] = {}
    for part in parts:
        for spoken in _spoken(part.body, part.commune.settings.dialect):
            ordered.setdefault(spoken)
    for part in parts:
        for text in (part.head, part.tail):
            for spoken in _spoken(text, part.commune.settings.dialect):
                ordered.setdefault(spoken)
    return ordered


def _choose_voice(engine: str, first_sentence: str, notes: list[str]) -> tuple[str, Speaker]:
    """``auto`` becomes one engine for the whole build: the one that speaks the first sentence."""
    try:
        chain = engine_chain(engine)
    except ValueError as error:
        raise UserError(str(error)) from error
    probe = Speaker(chain)
    if engine != "auto":
        return engine, probe
    _segment, name = probe.speak(first_sentence)
    notes.extend(probe.notes)
    return name, probe


def _pipeline(
    context: PackContext,
    parts: Sequence[Parts],
    sentences: dict[str, None],
    workers: int,
    progress: Progress | None,
) -> tuple[tuple[BuiltPack, ...], Speaker, int]:
    speaker = Speaker(engine_chain(context.voice))
    total = len(sentences)
    spoken_so_far: set[str] = set()
    # Sentences every commune says ("Kính thưa bà con!") are kept in memory for the build;
    # a commune's own sentences travel with its task and are dropped with it.
    uses = Counter(s for part in parts for s in set(_own_sentences(part)))
    shared: dict[str, audio.Samples] = {}

    def say(spoken: str) -> audio.Samples | None:
        if spoken in shared:
            return shared[spoken]
        segment, _engine = speaker.speak(spoken)
        if spoken not in spoken_so_far:
            spoken_so_far.add(spoken)
            if progress:
                progress("synth", len(spoken_so_far), total)
        if uses[spoken] == 0:
            return None  # a body sentence: the body's render reads it from the cache
        samples = audio.trim(pcm.to_float(segment))
        if uses[spoken] > 1:
            shared[spoken] = samples
        return samples

    def spoken_paragraphs(text: str, dialect: Dialect) -> list[list[audio.Samples]]:
        result = []
        for paragraph in _spoken_paragraphs(text, dialect):
            said = [say(spoken) for spoken in paragraph]
            result.append([samples for samples in said if samples is not None])
        return result

    names = pack_file_names([p.commune.name for p in parts])
    bodies: dict[BodyKey, Future[audio.EncodedPart | None]] = {}
    packs: list[Future[BuiltPack]] = []
    # Bounds the sentence audio waiting in the queue: speaking runs ahead of the workers.
    slots = threading.BoundedSemaphore(workers * 2)
    finished = 0
    lock = threading.Lock()

    def pack_done(future: Future[BuiltPack]) -> None:
        nonlocal finished
        slots.release()
        if future.cancelled() or future.exception() is not None:
            return
        with lock:
            finished += 1
            count = finished
        if progress:
            progress("packs", count, len(parts))

    with ThreadPoolExecutor(workers, thread_name_prefix="pack") as pool:
        try:
            if progress:
                progress("synth", 0, total)
                progress("packs", 0, len(parts))
            # Bodies are submitted before any commune, so a commune waiting for its body
            # never holds the only worker the body could run on.
            for part in parts:
                if part.body_key not in bodies:
                    spoken_paragraphs(part.body, part.commune.settings.dialect)
                    bodies[part.body_key] = pool.submit(render_body, context, part)
            for part, name in zip(parts, names, strict=True):
                dialect = part.commune.settings.dialect
                head = spoken_paragraphs(part.head, dialect)
                tail = spoken_paragraphs(part.tail, dialect)
                slots.acquire()
                future = pool.submit(
                    make_pack, context, part, name, bodies[part.body_key], head, tail
                )
                future.add_done_callback(pack_done)
                packs.append(future)
            if progress:
                progress("synth", total, total)
            for completed in as_completed(packs):
                completed.result()  # the first failure stops the build
        except BaseException:
            everything: list[Future[Any]] = [*bodies.values(), *packs]
            for pending in everything:
                pending.cancel()
            raise
    rendered = sum(1 for body in bodies.values() if body.result() is not None)
    return tuple(future.result() for future in packs), speaker, rendered
