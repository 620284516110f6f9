"""Script text → a broadcast program: chime, sentences with pauses, optional repeat, chime.

Each sentence is put in its spoken form, then taken from the cache or synthesized once. The
program is levelled to the station's loudness target (pyloudnorm, true peak ≤ −1 dBFS), mono,
and written atomically as MP3 with ID3 tags or as WAV.

A finished program is itself cached under a key made of its sentence keys and the render
options, so rendering an unchanged script again is a checksum-verified copy plus fresh tags.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from radio_sched import locations
from radio_sched.audio import export, loudness, pcm
from radio_sched.audio.cache import ProgramCache
from radio_sched.audio.engines import SpeechEngine, engine_chain
from radio_sched.audio.export import encode_mp3 as encode_mp3  # re-exported: packs use it
from radio_sched.audio.export import encode_mp3_on_target as encode_mp3_on_target
from radio_sched.audio.speaker import Speaker as Speaker  # re-exported: packs use it
from radio_sched.config import StationSettings, load_settings
from radio_sched.errors import UserError
from radio_sched.script.sentences import split_script
from radio_sched.store.takes import RECORDED_VOICE, sources_of

if TYPE_CHECKING:
    from pydub import AudioSegment

    from radio_sched.audio.takes import TakeSource

Samples = np.ndarray[Any, np.dtype[np.float64]]
Sentence = TypeVar("Sentence")  # what paragraph_layout lays out: samples, or a pack's sounds

RENDER_VERSION = 2  # bump when assembly changes, so cached programs are made again
TRUE_PEAK_CEILING_DB = -1.0
# Headroom under the ceiling: MP3 encoding adds overshoots of its own, measured up to 0.75 dB.
LIMITER_CEILING_DB = TRUE_PEAK_CEILING_DB - 1.0
CHIME_LEVEL_LU = -3.0  # chimes sit a little under the voice
REPEAT_INTRO = "Xin nhắc lại."


@dataclass(frozen=True)
class Pauses:
    """Silences in milliseconds. A recognizer heard 200, 450 and 800 ms between sentences alike
    (WER 0.72-0.75 on four-sentence paragraphs), so these follow announcers' habit and the
    composer's duration estimate."""

    after_open_chime: int = 700
    sentence: int = 450  # as the composer's estimate assumes (script/compose.py)
    paragraph: int = 900
    before_repeat: int = 1500
    after_repeat_intro: int = 600
    before_close_chime: int = 900


DEFAULT_PAUSES = Pauses()


class RenderCancelled(Exception):
    """The caller asked to stop; nothing was written."""


@dataclass(frozen=True)
class RenderResult:
    path: Path
    duration_seconds: float
    lufs: float
    target_lufs: float
    engine_calls: int
    cache_hits: int
    engines_used: dict[str, int]  # engine name -> sentences
    sentence_engines: tuple[str, ...]  # engine per sentence, in order
    notes: tuple[str, ...] = field(default=())  # fallbacks and repairs, in Vietnamese

    @property
    def sources(self) -> str | None:
        """ "recorded", "synthetic" or "mixed": whose voice the program speaks with."""
        return sources_of(self.sentence_engines)

    @property
    def recorded_sentences(self) -> int:
        return sum(name == RECORDED_VOICE for name in self.sentence_engines)

    def as_json(self) -> dict[str, object]:
        return {
            "path": str(self.path),
            "duration_seconds": round(self.duration_seconds, 2),
            "lufs": round(self.lufs, 2) if math.isfinite(self.lufs) else None,
            "target_lufs": self.target_lufs,
            "engine_calls": self.engine_calls,
            "cache_hits": self.cache_hits,
            "engines_used": dict(self.engines_used),
            "sources": self.sources,
        }


def spoken_sentence_function() -> Callable[[str, Any], str]:
    from radio_sched.script.spoken import spoken_form

    return spoken_form


def output_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".mp3", ".wav"):
        return suffix[1:]
    raise UserError(f"{path}: chỉ ghi được tệp .mp3 hoặc .wav; hãy đổi đuôi tệp ra.")


def render_script_text(
    text: str,
    *,
    output: Path,
    title: str,
    commune: str,
    engine: str = "auto",
    settings: StationSettings | None = None,
    reference: str | None = None,
    repeat: bool = False,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    date: str | None = None,
    chimes: bool = True,
    takes: TakeSource | None = None,
) -> RenderResult:
    """Render display text (paragraphs separated by blank lines) to ``output`` (.mp3 or .wav).

    ``date`` is the ID3 date (ISO, e.g. the directive's date); by default today's date at the
    station. ``chimes=False`` leaves out the opening and closing chimes (``radio-sched say``).
    ``takes``: the operator's recorded sentences; a sentence with a take is spoken with it
    instead of an engine (``RECORDED_VOICE`` in the result's engines).
    Raises EngineUnavailable (a UserError) when no engine can speak, RenderCancelled when
    ``cancelled()`` turns true, WriteFailed when the output cannot be written.
    """
    settings = settings or load_settings()
    fmt = output_format(output)
    try:
        chain = engine_chain(engine)
    except ValueError as error:
        raise UserError(str(error)) from error
    spoken_of = spoken_sentence_function()
    paragraphs = [
        [
            spoken
            for sentence in paragraph
            if (spoken := spoken_of(sentence, settings.dialect).strip())
        ]
        for paragraph in split_script(text)
    ]
    paragraphs = [paragraph for paragraph in paragraphs if paragraph]
    if not paragraphs:
        raise UserError(
            f"{title or output}: kịch bản không có câu nào để đọc; hãy kiểm tra nội dung."
        )
    intro = spoken_of(REPEAT_INTRO, settings.dialect) if repeat else None
    sentences = [s for paragraph in paragraphs for s in paragraph] + ([intro] if intro else [])
    target = settings.loudness_lufs
    tags = export.tags_for(title, commune, reference, date or settings.now().date().isoformat())

    speaker = Speaker(chain)
    programs = ProgramCache()
    options = {
        "version": RENDER_VERSION,
        "format": fmt,
        "target": target,
        "ceiling": LIMITER_CEILING_DB,
        "pauses": DEFAULT_PAUSES.__dict__,
        "repeat": repeat,
        "chimes": _chime_digest() if chimes else None,
        "bitrate": export.MP3_BITRATE,
    }
    recorded = takes.digests(sentences) if takes is not None else {}
    preferred = [
        (RECORDED_VOICE, recorded[s]) if s in recorded else speaker.preferred_key(s)
        for s in sentences
    ]
    warm = _from_program_cache(programs, _program_key(options, paragraphs, preferred))
    if warm is not None:
        if cancelled is not None and cancelled():
            raise RenderCancelled()
        record, data = warm
        export.write_output(output, export.tagged(data, tags) if fmt == "mp3" else data)
        if progress:
            progress(len(sentences), len(sentences))
        warm_engines = tuple(name for name, _ in preferred)
        return RenderResult(
            path=output,
            duration_seconds=float(record["duration_seconds"]),
            lufs=float(record["lufs"]),
            target_lufs=target,
            engine_calls=0,
            cache_hits=len(sentences),
            engines_used=_counts(warm_engines),
            sentence_engines=warm_engines,
        )

    background = Speaker(chain, background_writes=True)
    try:
        spoken_audio, used = _speak_all(
            background, sentences, chain, progress, cancelled, recorded, takes
        )
        samples = _assemble(paragraphs, intro, spoken_audio, target, chimes)
        samples, measured = loudness.normalize(samples, pcm.SAMPLE_RATE, target, LIMITER_CEILING_DB)
        if cancelled is not None and cancelled():
            raise RenderCancelled()
        if fmt == "mp3":
            data, measured = export.encode_mp3_on_target(samples, target)
        else:
            data = export.encode(samples, fmt)
        duration = len(samples) / pcm.SAMPLE_RATE
        export.write_output(output, export.tagged(data, tags) if fmt == "mp3" else data)
        record = {"duration_seconds": duration, "lufs": measured, "engines": [n for n, _ in used]}
        key = _program_key(options, paragraphs, used)
        background.write_later(lambda: programs.write(key, record, data))
    finally:
        background.finish()
    speaker = background

    engines = tuple(name for name, _ in used)
    counts = _counts(engines)
    notes = list(speaker.notes)
    synthetic = {n: c for n, c in counts.items() if n != RECORDED_VOICE}
    if len(synthetic) > 1:
        detail = ", ".join(f"{n}: {c} câu" for n, c in synthetic.items())
        notes.append(f"Chương trình dùng nhiều giọng đọc ({detail}).")
    if RECORDED_VOICE in counts:
        notes.append(
            f"{counts[RECORDED_VOICE]}/{len(engines)} câu đọc bằng giọng người đã thu âm"
            + (f", {len(engines) - counts[RECORDED_VOICE]} câu giọng máy." if synthetic else ".")
        )
    if speaker.cache.discarded:
        notes.append(f"Đã làm lại {speaker.cache.discarded} câu hỏng trong bộ nhớ đệm.")
    return RenderResult(
        path=output,
        duration_seconds=duration,
        lufs=measured,
        target_lufs=target,
        engine_calls=speaker.engine_calls,
        cache_hits=speaker.cache_hits,
        engines_used=counts,
        sentence_engines=engines,
        notes=tuple(notes),
    )


def _counts(engines: Sequence[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for name in engines:
        counts[name] = counts.get(name, 0) + 1
    return counts


def _speak_all(
    speaker: Speaker,
    sentences: list[str],
    chain: Sequence[SpeechEngine],
    progress: Callable[[int, int], None] | None,
    cancelled: Callable[[], bool] | None,
    recorded: dict[str, str] | None = None,
    takes: TakeSource | None = None,
) -> tuple[dict[str, tuple[AudioSegment, str]], list[tuple[str, str]]]:
    """Audio and engine for each distinct sentence; (engine, cache key) for each in order.
    A sentence with a take (``recorded``: its digest) is spoken with it: (RECORDED_VOICE,
    digest), so a re-take changes the program's key."""
    recorded = recorded or {}
    spoken_audio: dict[str, tuple[AudioSegment, str]] = {}
    used: list[tuple[str, str]] = []
    for done, sentence in enumerate(sentences):
        if cancelled is not None and cancelled():
            raise RenderCancelled()
        if progress:
            progress(done, len(sentences))
        if sentence not in spoken_audio:
            take = takes.audio(sentence) if takes is not None and sentence in recorded else None
            if take is not None:
                spoken_audio[sentence] = (pcm.decode(take, "wav"), RECORDED_VOICE)
            else:
                spoken_audio[sentence] = speaker.speak(sentence)
        engine_name = spoken_audio[sentence][1]
        if engine_name == RECORDED_VOICE:
            used.append((engine_name, recorded[sentence]))
        else:
            used.append((engine_name, speaker.cache.key(_engine(chain, engine_name), sentence)))
    if progress:
        progress(len(sentences), len(sentences))
    return spoken_audio, used


def _engine(chain: Sequence[SpeechEngine], name: str) -> SpeechEngine:
    return next(engine for engine in chain if engine.name == name)


# ------------------------------------------------------------------------------------ assembly


def silence(milliseconds: int) -> Samples:
    return np.zeros(int(pcm.SAMPLE_RATE * milliseconds / 1000))


def paragraph_layout(
    paragraphs: Sequence[Sequence[Sentence]], pauses: Pauses = DEFAULT_PAUSES
) -> Iterator[Sentence | int]:
    """The sentences in order with the pauses between them, in milliseconds (an ``int``): the
    sentence pause inside a paragraph, the paragraph pause between two. Packs lay their own
    sentences out with it too, so they sound as the station's render."""
    for index, paragraph in enumerate(paragraphs):
        if index:
            yield pauses.paragraph
        for position, sentence in enumerate(paragraph):
            if position:
                yield pauses.sentence
            yield sentence


def join_paragraphs(
    paragraphs: Sequence[Sequence[Samples]], pauses: Pauses = DEFAULT_PAUSES
) -> Samples:
    """Sentences joined by the sentence pause, paragraphs by the paragraph pause."""
    pieces = [
        silence(piece) if isinstance(piece, int) else piece
        for piece in paragraph_layout(paragraphs, pauses)
    ]
    return np.concatenate([silence(0), *pieces])


def _assemble(
    paragraphs: list[list[str]],
    intro: str | None,
    spoken_audio: dict[str, tuple[AudioSegment, str]],
    target: float,
    chimes: bool,
) -> Samples:
    pauses = DEFAULT_PAUSES
    speech = join_paragraphs(
        [[trim(pcm.to_float(spoken_audio[s][0])) for s in paragraph] for paragraph in paragraphs],
        pauses,
    )
    if intro is not None:
        repeat_intro = trim(pcm.to_float(spoken_audio[intro][0]))
        before = silence(pauses.before_repeat)
        after = silence(pauses.after_repeat_intro)
        speech = np.concatenate([speech, before, repeat_intro, after, speech])
    parts = [_level(speech, target)]
    if chimes:
        opening, closing = (chime_levelled(name, target + CHIME_LEVEL_LU) for name in CHIMES)
        parts = [
            opening,
            silence(pauses.after_open_chime),
            parts[0],
            silence(pauses.before_close_chime),
            closing,
        ]
    return np.concatenate(parts)


def trim(samples: Samples, threshold: float = 10 ** (-50 / 20)) -> Samples:
    """Engines add their own silence at the edges; trim it so our pauses are what is heard."""
    loud = np.flatnonzero(np.abs(samples) > threshold)
    if len(loud) == 0:
        return samples
    pad = int(0.02 * pcm.SAMPLE_RATE)
    return samples[max(0, loud[0] - pad) : loud[-1] + pad]


def _level(samples: Samples, target: float) -> Samples:
    measured = loudness.integrated_lufs(samples, pcm.SAMPLE_RATE)
    if not math.isfinite(measured):
        return samples
    result: Samples = samples * 10 ** ((target - measured) / 20)
    return result


CHIMES = ("chime_open.wav", "chime_close.wav")


@functools.lru_cache(maxsize=8)
def chime_levelled(name: str, target: float) -> Samples:
    """A bundled chime at ``target`` LUFS; cached and shared, so callers must not modify it."""
    return _level(_chime(name), target)


def _chime(name: str) -> Samples:
    path = locations.bundled_audio_dir() / name
    try:
        return pcm.to_float(pcm.decode(path.read_bytes(), "wav"))
    except (OSError, pcm.DecodeError):
        # A damaged installation still gets its chimes: they are made from code.
        from radio_sched.audio import chimes

        return chimes.opening() if name == CHIMES[0] else chimes.closing()


def _chime_digest() -> str:
    digest = hashlib.sha256()
    for name in CHIMES:
        try:
            digest.update((locations.bundled_audio_dir() / name).read_bytes())
        except OSError:
            digest.update(b"generated")
    return digest.hexdigest()[:16]


# ------------------------------------------------------------------------------- program cache


def _program_key(
    options: dict[str, Any], paragraphs: list[list[str]], keys: list[tuple[str, str]]
) -> str:
    shape = [len(paragraph) for paragraph in paragraphs]
    blob = json.dumps([options, shape, keys], sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()


def _from_program_cache(cache: ProgramCache, key: str) -> tuple[dict[str, Any], bytes] | None:
    found = cache.read(key)
    if found is None:
        return None
    record, _data = found
    if not isinstance(record.get("duration_seconds"), int | float) or "lufs" not in record:
        cache.entries.discard(key)
        return None
    return found
