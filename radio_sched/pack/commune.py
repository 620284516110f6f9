"""One commune's pack: its program (own opening and closing around the shared body), its
script files, its suggested schedule, its manifest — signed and zipped."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import importlib
import re
import threading
import unicodedata
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from radio_sched import keys
from radio_sched.audio import pcm
from radio_sched.audio.engines import EngineUnavailable, OfflineEngine, engine_chain
from radio_sched.audio.render import DEFAULT_PAUSES, paragraph_layout
from radio_sched.audio.speaker import Speaker
from radio_sched.config import StationSettings
from radio_sched.directive.serialize import directive_to_dict
from radio_sched.district import Commune, District
from radio_sched.models import Directive, Script
from radio_sched.pack import audio, contents
from radio_sched.pack.archive import Member, seal, write_pack
from radio_sched.pack.manifest import FORMAT, FORMAT_VERSION
from radio_sched.schedule.model import Priority
from radio_sched.script.compose import compose_script

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
    build_id: str  # names this build's shared segments in each worker


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


@dataclass(frozen=True)
class Sentence:
    """A sentence of a commune's opening or closing, as the ``Speaker`` said it (trimmed)."""

    samples: audio.Samples
    key: str | None  # its spoken text when other communes say it too, so it is encoded once


SpokenParagraphs = list[list[Sentence]]


class SegmentCache:
    """Encoded segments the communes of a build share: chimes, sentences every commune says.

    Only segments with no sentence of one commune alone are kept, so it holds a few dozen
    seconds of MP3 however many communes there are. Two workers may encode the same segment
    at once; both get the same frames, and one is kept."""

    def __init__(self) -> None:
        self._parts: dict[Hashable, audio.EncodedPart] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable | None, make: Callable[[], audio.EncodedPart]) -> audio.EncodedPart:
        if key is None:
            return make()
        with self._lock:
            found = self._parts.get(key)
        if found is not None:
            return found
        part = make()
        with self._lock:
            return self._parts.setdefault(key, part)


@dataclass
class _WorkerState:
    """What the jobs of one build share inside one worker (thread pool or process)."""

    build_id: str
    segments: SegmentCache = field(default_factory=SegmentCache)
    sentences: dict[str, audio.Samples] = field(default_factory=dict)  # said by many communes
    bodies: dict[Path, audio.EncodedPart] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


_state_lock = threading.Lock()
_state: _WorkerState | None = None


def _worker_state(build_id: str) -> _WorkerState:
    """This build's shared state; a new build drops the last one's, so memory stays bounded."""
    global _state
    with _state_lock:
        if _state is None or _state.build_id != build_id:
            _state = _WorkerState(build_id)
        return _state


@dataclass(frozen=True)
class CommuneJob:
    """One commune's pack, as a worker (thread or process) receives it: small and picklable."""

    part: Parts
    file_name: str
    head: tuple[tuple[str, ...], ...]  # spoken sentences of the opening, paragraph by paragraph
    tail: tuple[tuple[str, ...], ...]
    shared: frozenset[str]  # those of them other communes say too
    gain_db: float  # the build's levelling gain for the commune's dialect and target
    body: Path | None  # the shared body's MP3 frames, written once by the build


@dataclass(frozen=True)
class CommuneResult:
    pack: BuiltPack
    engine_calls: int
    cache_hits: int
    notes: tuple[str, ...]


def warm_up() -> None:
    """Load what every job needs (libraries, the chimes, the offline voice), so a worker is
    ready for its first job; before forking workers, so that they inherit it all instead of
    each loading it again."""
    importlib.import_module("docx")
    importlib.import_module("lameenc")
    importlib.import_module("scipy.ndimage")  # the limiter's
    audio.chime(0, StationSettings().loudness_lufs)  # loads the loudness meter (scipy.signal)
    with contextlib.suppress(EngineUnavailable):  # a build with another voice does without
        OfflineEngine().synthesize("Xin chào")


def compose_parts(directive: Directive, commune: Commune) -> Parts:
    """The commune's script, cut into its own opening and closing and the shared body."""
    return split_parts(commune, compose_script(directive, commune.name))


def build_commune(context: PackContext, job: CommuneJob) -> CommuneResult:
    """Speak the commune's own sentences (the shared ones are in the sentence cache already),
    level and encode them, join them to the shared segments and body, and seal the pack."""
    state = _worker_state(context.build_id)
    speaker = Speaker(engine_chain(context.voice), background_writes=True)
    try:

        def speak(spoken: str) -> audio.Samples:
            segment, _engine = speaker.speak(spoken)
            return audio.trim(pcm.to_float(segment))

        def said(spoken: str) -> Sentence:
            if spoken not in job.shared:
                return Sentence(speak(spoken), None)
            with state.lock:  # read once per worker, whichever job asks first
                if spoken not in state.sentences:
                    state.sentences[spoken] = speak(spoken)
                return Sentence(state.sentences[spoken], spoken)

        head = [[said(spoken) for spoken in paragraph] for paragraph in job.head]
        tail = [[said(spoken) for spoken in paragraph] for paragraph in job.tail]
        pack = make_pack(
            context,
            state,
            job.part,
            job.file_name,
            lambda: _body(state, job.body),
            head,
            tail,
            job.gain_db,
        )
    finally:
        speaker.finish()
    return CommuneResult(pack, speaker.engine_calls, speaker.cache_hits, tuple(speaker.notes))


class BodySignal(Protocol):
    """A threading or multiprocessing Event."""

    def set(self) -> None: ...

    def clear(self) -> None: ...

    def wait(self, timeout: float | None = None) -> bool: ...


_bodies_ready: BodySignal | None = None


def use_body_signal(ready: BodySignal | None) -> None:
    """The event this worker waits on before reading the build's bodies (a process pool's
    initializer; the build itself for a thread pool)."""
    global _bodies_ready
    _bodies_ready = ready


def _body(state: _WorkerState, path: Path | None) -> audio.EncodedPart | None:
    """The shared body, once the build has written it: a commune's own parts are ready
    before it, and only the joining waits."""
    if path is None:
        return None
    if _bodies_ready is not None:
        _bodies_ready.wait()
    if not path.exists():
        raise RuntimeError(f"{path.name}: the shared body was not rendered")
    with state.lock:
        body = state.bodies.get(path)
        if body is None:
            data = path.read_bytes()
            body = state.bodies[path] = audio.EncodedPart(data, audio.frames_seconds(data))
        return body


def make_pack(
    context: PackContext,
    state: _WorkerState,
    part: Parts,
    file_name: str,
    body_of: Callable[[], audio.EncodedPart | None],
    head: SpokenParagraphs,
    tail: SpokenParagraphs,
    gain_db: float,
) -> BuiltPack:
    """Put the commune's own parts together, then (waiting for it if need be) join them around
    the shared body and seal the pack."""
    settings = part.commune.settings
    script = part.script
    opening, closing = _own_parts(context, state.segments, settings, head, tail, gain_db)
    body = body_of()
    middle = [body] if body else []
    segments = [*opening, *middle, *closing]
    joined = b"".join(segment.mp3 for segment in segments)
    duration = sum(segment.seconds for segment in segments)
    directive = context.directive
    program = audio.tag_mp3(
        joined,
        title=script.title,
        commune=settings.name,
        reference=directive.reference,
        date=_tag_date(directive, context.window[0]),
    )
    del joined
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


@dataclass(frozen=True)
class _Sound:
    samples: audio.Samples
    key: Hashable | None  # None: this commune's alone
    at_level: bool  # a chime, already levelled; sentences take the build's gain


_Item = _Sound | int  # a sound, or a pause of so many samples


def _own_parts(
    context: PackContext,
    segments: SegmentCache,
    settings: StationSettings,
    head: SpokenParagraphs,
    tail: SpokenParagraphs,
    gain_db: float,
) -> tuple[list[audio.EncodedPart], list[audio.EncodedPart]]:
    """Chime, opening and lead; closing and chime — as the audio layer lays them out, with half
    a paragraph pause on the body's side, cut into segments around the commune's own sentences.
    """
    target = settings.loudness_lufs
    pauses = DEFAULT_PAUSES
    half = _samples(pauses.paragraph // 2)
    opening: list[_Item] = [
        _Sound(audio.chime(0, target), ("chime", 0, target), at_level=True),
        _samples(pauses.after_open_chime),
    ]
    if head:
        opening += [*_paragraph_items(head), half]
    closing: list[_Item] = [half, *_paragraph_items(tail)] if tail else []
    closing += [
        _samples(pauses.before_close_chime),
        _Sound(audio.chime(1, target), ("chime", 1, target), at_level=True),
    ]
    shared_key = (target, gain_db, context.mp3_loss_db)

    def encoded(items: list[_Item], first: bool) -> audio.EncodedPart:
        keys = [item if isinstance(item, int) else item.key for item in items]
        key = None if None in keys else (shared_key, first, tuple(keys))

        def make() -> audio.EncodedPart:
            pieces = [
                np.zeros(item)
                if isinstance(item, int)
                else item.samples
                if item.at_level
                else audio.levelled(item.samples, gain_db)
                for item in items
            ]
            return audio.encode(np.concatenate(pieces), context.mp3_loss_db, first=first)

        return segments.get(key, make)

    before = [encoded(items, index == 0) for index, items in enumerate(_segments(opening))]
    after = [encoded(items, False) for items in _segments(closing)]
    return before, after


def _samples(milliseconds: int) -> int:
    return len(audio.silence(milliseconds))


def _paragraph_items(paragraphs: SpokenParagraphs) -> list[_Item]:
    """Sentences and the audio layer's pauses between them."""
    return [
        _samples(piece)
        if isinstance(piece, int)
        else _Sound(piece.samples, piece.key, at_level=False)
        for piece in paragraph_layout(paragraphs)
    ]


def _segments(items: list[_Item]) -> list[list[_Item]]:
    """``items`` cut in the middle of each pause next to a sentence of this commune alone, so
    the runs every commune shares are whole segments, encoded once."""
    segments: list[list[_Item]] = [[]]
    for index, item in enumerate(items):
        between = isinstance(item, int) and 0 < index < len(items) - 1
        if isinstance(item, int) and between and (_own(items[index - 1]) or _own(items[index + 1])):
            left = item // 2
            segments[-1].append(left)
            segments.append([item - left])
        else:
            segments[-1].append(item)
    return segments


def _own(item: _Item) -> bool:
    return isinstance(item, _Sound) and item.key is None


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
