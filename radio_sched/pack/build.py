"""District side: one directive → one signed pack per commune.

The directive is read and parsed once and each commune's script composed from it. Then the main
thread speaks, in order, through one engine chain, the body's sentences and every sentence more
than one commune says (with a network voice, every sentence: gTTS keeps its pause between
requests), and renders the shared body (once per dialect) beside. Each commune then goes to a
worker — a thread, or from ``PROCESS_MIN_COMMUNES`` on a process of its own, since LAME,
python-docx and zip writing hold the interpreter — which speaks the commune's own sentences,
levels and encodes them as MP3 segments (``pack.commune``, ``pack.audio``), waits for the body
only to join the frames, and writes the script files, the schedule and the signed zip. Jobs
waiting for a worker are bounded, and every program goes to disk as it is made: memory does not
grow with the number of communes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import multiprocessing
import os
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent import futures
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
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
from radio_sched.models import Dialect, Directive
from radio_sched.pack import audio
from radio_sched.pack.commune import (
    BodyKey,
    BodySignal,
    BuiltPack,
    CommuneJob,
    CommuneResult,
    PackContext,
    Parts,
    Sentence,
    build_commune,
    compose_parts,
    pack_file_names,
    render_body,
    use_body_signal,
    warm_up,
)
from radio_sched.schedule.model import DEFAULT_PER_DAY, Priority
from radio_sched.script.pipeline import script_from_file
from radio_sched.script.sentences import split_script

Progress = Callable[[str, int, int], None]  # stage ("synth" or "packs"), done, total
DEFAULT_WINDOW_DAYS = 7
MAX_JOBS = 8
PROCESS_MIN_COMMUNES = 16
_START = "fork" if sys.platform.startswith("linux") else "spawn"


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
    processes: bool | None = None,
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
    cpus = os.cpu_count() or 2
    workers = max(1, jobs) if jobs else max(2, min(MAX_JOBS, cpus))
    # Worker processes pay off once there are enough communes to repay starting them; threads
    # share one interpreter, and LAME, python-docx and zip writing hold it.
    use_processes = (
        processes
        if processes is not None
        else workers > 1 and cpus > 1 and len(district.communes) >= PROCESS_MIN_COMMUNES
    )
    with _workers(workers, use_processes) as pool:
        return _build(
            directive_path,
            directive,
            district,
            output_dir,
            engine,
            priority,
            today,
            progress,
            public,
            workers,
            pool,
            use_processes,
            started,
        )


@dataclass(frozen=True)
class _Workers:
    pool: Executor
    bodies_ready: BodySignal  # set once the build's bodies are written (or failed)


@contextlib.contextmanager
def _workers(count: int, processes: bool) -> Iterator[_Workers]:
    """The build's workers. Processes are started before the build starts any thread of its
    own: on Linux they are forked (all at the first submit) with what this process has
    loaded; elsewhere they are spawned and load it while the build goes on."""
    pool: Executor
    ready: BodySignal
    if processes:
        warm_up()
        start = multiprocessing.get_context(_START)
        ready = start.Event()
        pool = ProcessPoolExecutor(
            count, mp_context=start, initializer=use_body_signal, initargs=(ready,)
        )
        for _worker in range(count):
            pool.submit(warm_up)
    else:
        ready = threading.Event()
        use_body_signal(ready)
        pool = ThreadPoolExecutor(count, thread_name_prefix="pack")
    try:
        yield _Workers(pool, ready)
    except BaseException:
        ready.set()  # no worker may wait for a body that will not come
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    finally:
        if not processes:
            use_body_signal(None)
    pool.shutdown(wait=True)


def _build(
    directive_path: Path,
    directive: Directive,
    district: District,
    output_dir: Path,
    engine: str,
    priority: Priority,
    today: dt.date | None,
    progress: Progress | None,
    public: keys.PublicKey,
    workers: int,
    running: _Workers,
    processes: bool,
    started: float,
) -> BuildResult:
    pool = running.pool
    first = district.communes[0]
    communes = district.communes
    if processes:
        # Composing costs tens of milliseconds a commune: in the worker processes, side by side.
        chunk = max(1, len(communes) // (4 * workers))
        parts = list(
            pool.map(compose_parts, [directive] * len(communes), communes, chunksize=chunk)
        )
    else:
        parts = [compose_parts(directive, commune) for commune in communes]
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

    def run(voice: str) -> _Outcome:
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
                build_id=uuid.uuid4().hex,
            )
            return _pipeline(context, parts, sentences, workers, running, progress)

    try:
        outcome = run(voice)
    except EngineUnavailable as error:
        if engine != "auto" or voice == "offline":
            raise
        # gTTS stopped answering midway: one voice for every commune matters more than speed.
        notes.append(f"{error} Làm lại mọi gói bằng giọng ngoại tuyến.")
        voice = "offline"
        outcome = run(voice)
    notes.extend(outcome.notes)
    return BuildResult(
        packs=outcome.packs,
        seconds=time.perf_counter() - started,
        engine=voice,
        engine_calls=outcome.engine_calls + probe.engine_calls,
        cache_hits=outcome.cache_hits + probe.cache_hits,
        bodies=outcome.bodies,
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


@dataclass(frozen=True)
class _Outcome:
    packs: tuple[BuiltPack, ...]
    engine_calls: int
    cache_hits: int
    notes: tuple[str, ...]
    bodies: int


def _pipeline(
    context: PackContext,
    parts: Sequence[Parts],
    sentences: dict[str, None],
    workers: int,
    running: _Workers,
    progress: Progress | None,
) -> _Outcome:
    # Cache writes (an fsync each) in the background: they overlap the next sentence.
    speaker = Speaker(engine_chain(context.voice), background_writes=True)
    try:
        return _run_pipeline(context, parts, sentences, workers, progress, speaker, running)
    finally:
        speaker.finish()


def _run_pipeline(
    context: PackContext,
    parts: Sequence[Parts],
    sentences: dict[str, None],
    workers: int,
    progress: Progress | None,
    speaker: Speaker,
    running: _Workers,
) -> _Outcome:
    """The body's sentences, then every sentence more than one commune says (and, for a
    network voice, every sentence: its pause between requests holds for the whole build) are
    spoken here, in order, while the body renders beside; then each commune goes to a worker,
    which speaks its own sentences with the offline voice, levels and encodes them and seals
    its pack, waiting for the body only to join it."""
    pool, ready = running.pool, running.bodies_ready
    ready.clear()
    total = len(sentences)
    spoken_so_far: set[str] = set()
    own = [_own_sentences(part) for part in parts]
    uses = Counter(s for sentences_of in own for s in set(sentences_of))
    speak_all = context.voice != "offline"

    def say(spoken: str) -> Sentence:
        segment, _engine = speaker.speak(spoken)
        if spoken not in spoken_so_far:
            spoken_so_far.add(spoken)
            if progress:
                progress("synth", len(spoken_so_far), total)
        return Sentence(audio.trim(pcm.to_float(segment)), spoken if uses[spoken] > 1 else None)

    # One levelling gain per dialect and target, from the first commune that has them: its
    # opening and closing are the others' but for the name (see audio.level_gain_db).
    gains: dict[tuple[Dialect, float], float] = {}

    def gain_for(part: Parts) -> float:
        settings = part.commune.settings
        group = (settings.dialect, settings.loudness_lufs)
        if group not in gains:
            said = [
                [[say(s).samples for s in paragraph] for paragraph in _spoken_paragraphs(t, d)]
                for t, d in ((part.head, settings.dialect), (part.tail, settings.dialect))
            ]
            gains[group] = audio.level_gain_db(said, settings.loudness_lufs)
        return gains[group]

    finished = 0
    lock = threading.Lock()
    slots = threading.BoundedSemaphore(workers * 2)  # jobs waiting: bounded memory

    failures: list[BaseException] = []

    def pack_done(future: Future[CommuneResult]) -> None:
        nonlocal finished
        slots.release()
        if future.cancelled():
            return
        error = future.exception()
        if error is not None:
            failures.append(error)
            return
        with lock:
            finished += 1
            count = finished
        if progress:
            progress("packs", count, len(parts))

    bodies: dict[BodyKey, Future[audio.EncodedPart | None]] = {}
    body_files: dict[BodyKey, Path | None] = {}
    jobs: list[Future[CommuneResult]] = []
    if progress:
        progress("synth", 0, total)
        progress("packs", 0, len(parts))
    with ThreadPoolExecutor(max(1, workers - 1), thread_name_prefix="pack-body") as renders:
        try:
            for part in parts:
                if part.body_key not in bodies:
                    for spoken in _spoken(part.body, part.commune.settings.dialect):
                        say(spoken)
                    bodies[part.body_key] = renders.submit(render_body, context, part)
                    path = context.workdir / f"body-{len(body_files)}.mp3"
                    body_files[part.body_key] = path if part.body else None
            _write_bodies_when_rendered(bodies, body_files, ready)
            for part, sentences_of in zip(parts, own, strict=True):
                gain_for(part)
                for spoken in sentences_of:
                    if (speak_all or uses[spoken] > 1) and spoken not in spoken_so_far:
                        say(spoken)
            speaker.finish()  # the workers read these sentences from the cache
            names = pack_file_names([p.commune.name for p in parts])
            for part, name, sentences_of in zip(parts, names, own, strict=True):
                settings = part.commune.settings
                job = CommuneJob(
                    part=part,
                    file_name=name,
                    head=_spoken_paragraphs(part.head, settings.dialect),
                    tail=_spoken_paragraphs(part.tail, settings.dialect),
                    shared=frozenset(s for s in sentences_of if uses[s] > 1),
                    gain_db=gain_for(part),
                    body=body_files[part.body_key],
                )
                slots.acquire()
                if failures:
                    raise failures[0]  # the first failure stops the build
                future = pool.submit(build_commune, context, job)
                future.add_done_callback(pack_done)
                jobs.append(future)
            results = []
            for future in jobs:
                results.append(future.result())  # the first failure stops the build
                if progress:
                    # Sentences only this commune says were spoken by its worker.
                    spoken_so_far.update(
                        s for s in _own_sentences(parts[len(results) - 1]) if uses[s] == 1
                    )
                    progress("synth", len(spoken_so_far), total)
        except BaseException as error:
            everything: list[Future[Any]] = [*bodies.values(), *jobs]
            for pending in everything:
                pending.cancel()
            futures.wait(everything)  # nothing of this build may still write after it
            body_errors = [
                b.exception() for b in bodies.values() if _failed(b) and not b.cancelled()
            ]
            body_error = next((e for e in body_errors if e is not None), None)
            if body_error is not None and body_error is not error:
                # Communes waiting for it failed for want of it: the body's own error says why.
                raise body_error from error
            raise
    if progress:
        progress("synth", total, total)
    return _Outcome(
        packs=tuple(result.pack for result in results),
        engine_calls=speaker.engine_calls + sum(r.engine_calls for r in results),
        cache_hits=speaker.cache_hits + sum(r.cache_hits for r in results),
        notes=tuple(dict.fromkeys([*speaker.notes, *(n for r in results for n in r.notes)])),
        bodies=sum(1 for body in bodies.values() if body.result() is not None),
    )


def _write_bodies_when_rendered(
    bodies: dict[BodyKey, Future[audio.EncodedPart | None]],
    files: dict[BodyKey, Path | None],
    ready: BodySignal,
) -> None:
    """Each body's frames in the build's folder as soon as it is rendered, for the workers to
    read once each; ``ready`` is set when every body is written or has failed, so a worker
    never waits for one that will not come."""
    remaining = [len(bodies)]
    lock = threading.Lock()

    def done(key: BodyKey, future: Future[audio.EncodedPart | None]) -> None:
        try:
            body = None if _failed(future) else future.result()
            path = files[key]
            if body is not None and path is not None:
                partial = path.with_suffix(".part")
                partial.write_bytes(body.mp3)
                partial.replace(path)
        finally:
            with lock:
                remaining[0] -= 1
                if remaining[0] == 0:
                    ready.set()

    for key, future in bodies.items():
        future.add_done_callback(functools.partial(done, key))


def _failed(future: Future[Any]) -> bool:
    return future.done() and (future.cancelled() or future.exception() is not None)
