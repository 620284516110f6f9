"""Script text → a broadcast program: chime, sentences with pauses, optional repeat, chime.

Each sentence is put in its spoken form, then taken from the cache or synthesized once. The
program is levelled to the station's loudness target (pyloudnorm, true peak ≤ −1 dBFS), mono,
and written atomically as MP3 with ID3 tags or as WAV.

A finished program is itself cached under a key made of its sentence keys and the render
options, so rendering an unchanged script again is a checksum-verified copy plus fresh tags.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import importlib
import io
import json
import math
import subprocess
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from radio_sched import locations
from radio_sched.atomic import WriteFailed, write_bytes_atomic
from radio_sched.audio import loudness, pcm
from radio_sched.audio.cache import ProgramCache, SentenceCache
from radio_sched.audio.engines import EngineUnavailable, SpeechEngine, Synthesis, engine_chain
from radio_sched.config import StationSettings, load_settings
from radio_sched.errors import UserError
from radio_sched.script.sentences import split_script

if TYPE_CHECKING:
    from pydub import AudioSegment

Samples = np.ndarray[Any, np.dtype[np.float64]]

RENDER_VERSION = 1  # bump when assembly changes, so cached programs are made again
TRUE_PEAK_CEILING_DB = -1.0
# A little headroom under the ceiling: MP3 encoding adds small overshoots of its own.
_LIMITER_CEILING_DB = TRUE_PEAK_CEILING_DB - 0.5
CHIME_LEVEL_LU = -3.0  # chimes sit a little under the voice
MP3_BITRATE = "64k"
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

    def as_json(self) -> dict[str, object]:
        return {
            "path": str(self.path),
            "duration_seconds": round(self.duration_seconds, 2),
            "lufs": round(self.lufs, 2) if math.isfinite(self.lufs) else None,
            "target_lufs": self.target_lufs,
            "engine_calls": self.engine_calls,
            "cache_hits": self.cache_hits,
            "engines_used": dict(self.engines_used),
        }


def spoken_sentence_function() -> Callable[[str, Any], str]:
    from radio_sched.script.spoken import spoken_form

    return spoken_form


def output_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".mp3", ".wav"):
        return suffix[1:]
    raise UserError(f"{path}: chỉ ghi được tệp .mp3 hoặc .wav; hãy đổi đuôi tệp ra.")


class Speaker:
    """Sentences to audio through the cache and an engine chain, counting what it did.

    In ``auto`` the chain is gTTS then the offline voice; an engine that fails is not asked
    again during this render, and every fallback is noted for the operator.
    """

    def __init__(
        self,
        chain: Sequence[SpeechEngine],
        cache: SentenceCache | None = None,
        *,
        background_writes: bool = False,
    ) -> None:
        if not chain:
            raise ValueError("empty engine chain")
        self.chain = list(chain)
        self.cache = cache or SentenceCache()
        self.down: dict[str, str] = {}
        self.engine_calls = 0
        self.cache_hits = 0
        self.notes: list[str] = []
        # Cache writes end in an fsync each; in the background they overlap the next sentence
        # and the assembly instead of adding to them. finish() waits for them.
        self._writer = ThreadPoolExecutor(1, "sentence-cache") if background_writes else None
        self._pending: list[Future[None]] = []

    def write_later(self, write: Callable[[], None]) -> None:
        """Run a cache write in the background (or now, without background writes)."""
        if self._writer is None:
            self._guard(write)
        else:
            self._pending.append(self._writer.submit(self._guard, write))

    def finish(self) -> None:
        """Wait for background writes; their failures become notes."""
        for future in self._pending:
            future.result()
        self._pending.clear()
        if self._writer is not None:
            self._writer.shutdown(wait=True)
            self._writer = None

    def _guard(self, write: Callable[[], None]) -> None:
        try:
            write()
        except WriteFailed as error:
            # The cache only saves time; a full disk must not stop the broadcast.
            note = f"Không lưu được bộ nhớ đệm: {error.strerror}"
            if note not in self.notes:
                self.notes.append(note)

    def preferred_key(self, spoken: str) -> tuple[str, str]:
        engine = self.chain[0]
        return engine.name, self.cache.key(engine, spoken)

    def speak(self, spoken: str) -> tuple[AudioSegment, str]:
        failure: EngineUnavailable | None = None
        for engine in self.chain:
            if engine.name in self.down:
                continue
            segment = self.cache.lookup(engine, spoken)
            if segment is not None:
                self.cache_hits += 1
                return segment, engine.name
            try:
                synthesis = engine.synthesize(spoken)
                self.engine_calls += 1
                segment = self._keep(engine, spoken, synthesis)
            except EngineUnavailable as error:
                failure = error
                self._mark_down(engine, str(error))
                continue
            except pcm.DecodeError as error:
                failure = EngineUnavailable(
                    f"Giọng {engine.name} trả về dữ liệu không phải âm thanh ({error})."
                )
                self._mark_down(engine, str(failure))
                continue
            return segment, engine.name
        raise failure or EngineUnavailable("Không còn giọng đọc nào dùng được.")

    def _keep(self, engine: SpeechEngine, spoken: str, synthesis: Synthesis) -> AudioSegment:
        segment = pcm.decode(synthesis.data, synthesis.fmt)
        self.write_later(lambda: self.cache.record(engine, spoken, synthesis, segment))
        return segment

    def _mark_down(self, engine: SpeechEngine, message: str) -> None:
        self.down[engine.name] = message
        rest = [e.name for e in self.chain if e.name not in self.down]
        if rest:
            self.notes.append(f"{message} Chuyển sang giọng {rest[0]}.")


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
) -> RenderResult:
    """Render display text (paragraphs separated by blank lines) to ``output`` (.mp3 or .wav).

    ``date`` is the ID3 date (ISO, e.g. the directive's date); by default today's date at the
    station. ``chimes=False`` leaves out the opening and closing chimes (``radio-sched say``).
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
    tags = _tags(title, commune, reference, date or _station_today(settings))

    speaker = Speaker(chain)
    programs = ProgramCache()
    options = {
        "version": RENDER_VERSION,
        "format": fmt,
        "target": target,
        "ceiling": _LIMITER_CEILING_DB,
        "pauses": DEFAULT_PAUSES.__dict__,
        "repeat": repeat,
        "chimes": _chime_digest() if chimes else None,
        "bitrate": MP3_BITRATE,
    }
    preferred = [speaker.preferred_key(s) for s in sentences]
    warm = _from_program_cache(programs, _program_key(options, paragraphs, preferred))
    if warm is not None:
        if cancelled is not None and cancelled():
            raise RenderCancelled()
        record, data = warm
        _write_output(output, _tagged(data, tags) if fmt == "mp3" else data)
        name = preferred[0][0]
        if progress:
            progress(len(sentences), len(sentences))
        return RenderResult(
            path=output,
            duration_seconds=float(record["duration_seconds"]),
            lufs=float(record["lufs"]),
            target_lufs=target,
            engine_calls=0,
            cache_hits=len(sentences),
            engines_used={name: len(sentences)},
            sentence_engines=(name,) * len(sentences),
        )

    background = Speaker(chain, background_writes=True)
    try:
        spoken_audio, used = _speak_all(background, sentences, chain, progress, cancelled)
        samples = _assemble(paragraphs, intro, spoken_audio, target, chimes)
        samples, measured = loudness.normalize(
            samples, pcm.SAMPLE_RATE, target, _LIMITER_CEILING_DB
        )
        if cancelled is not None and cancelled():
            raise RenderCancelled()
        if fmt == "mp3":
            data, measured = encode_mp3_on_target(samples, target)
        else:
            data = _encode(samples, fmt)
        duration = len(samples) / pcm.SAMPLE_RATE
        _write_output(output, _tagged(data, tags) if fmt == "mp3" else data)
        record = {"duration_seconds": duration, "lufs": measured, "engines": [n for n, _ in used]}
        key = _program_key(options, paragraphs, used)
        background.write_later(lambda: programs.write(key, record, data))
    finally:
        background.finish()
    speaker = background

    engines = tuple(name for name, _ in used)
    counts: dict[str, int] = {}
    for name in engines:
        counts[name] = counts.get(name, 0) + 1
    notes = list(speaker.notes)
    if len(counts) > 1:
        detail = ", ".join(f"{n}: {c} câu" for n, c in counts.items())
        notes.append(f"Chương trình dùng nhiều giọng đọc ({detail}).")
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


def _speak_all(
    speaker: Speaker,
    sentences: list[str],
    chain: Sequence[SpeechEngine],
    progress: Callable[[int, int], None] | None,
    cancelled: Callable[[], bool] | None,
) -> tuple[dict[str, tuple[AudioSegment, str]], list[tuple[str, str]]]:
    """Audio and engine for each distinct sentence; (engine, cache key) for each in order."""
    spoken_audio: dict[str, tuple[AudioSegment, str]] = {}
    used: list[tuple[str, str]] = []
    for done, sentence in enumerate(sentences):
        if cancelled is not None and cancelled():
            raise RenderCancelled()
        if progress:
            progress(done, len(sentences))
        if sentence not in spoken_audio:
            spoken_audio[sentence] = speaker.speak(sentence)
        engine_name = spoken_audio[sentence][1]
        used.append((engine_name, speaker.cache.key(_engine(chain, engine_name), sentence)))
    if progress:
        progress(len(sentences), len(sentences))
    return spoken_audio, used


def _engine(chain: Sequence[SpeechEngine], name: str) -> SpeechEngine:
    return next(engine for engine in chain if engine.name == name)


# ------------------------------------------------------------------------------------ assembly


def _silence(milliseconds: int) -> Samples:
    return np.zeros(int(pcm.SAMPLE_RATE * milliseconds / 1000))


def _assemble(
    paragraphs: list[list[str]],
    intro: str | None,
    spoken_audio: dict[str, tuple[AudioSegment, str]],
    target: float,
    chimes: bool,
) -> Samples:
    pauses = DEFAULT_PAUSES
    body: list[Samples] = []
    for index, paragraph in enumerate(paragraphs):
        if index:
            body.append(_silence(pauses.paragraph))
        for position, sentence in enumerate(paragraph):
            if position:
                body.append(_silence(pauses.sentence))
            body.append(_trim(pcm.to_float(spoken_audio[sentence][0])))
    speech = np.concatenate(body)
    if intro is not None:
        repeat_intro = _trim(pcm.to_float(spoken_audio[intro][0]))
        silence = _silence(pauses.before_repeat)
        after = _silence(pauses.after_repeat_intro)
        speech = np.concatenate([speech, silence, repeat_intro, after, speech])
    parts = [_level(speech, target)]
    if chimes:
        opening, closing = (_chime_levelled(name, target + CHIME_LEVEL_LU) for name in _CHIMES)
        parts = [
            opening,
            _silence(pauses.after_open_chime),
            parts[0],
            _silence(pauses.before_close_chime),
            closing,
        ]
    return np.concatenate(parts)


def _trim(samples: Samples, threshold: float = 10 ** (-50 / 20)) -> Samples:
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


_CHIMES = ("chime_open.wav", "chime_close.wav")


@functools.lru_cache(maxsize=8)
def _chime_levelled(name: str, target: float) -> Samples:
    return _level(_chime(name), target)


def _chime(name: str) -> Samples:
    path = locations.bundled_audio_dir() / name
    try:
        return pcm.to_float(pcm.decode(path.read_bytes(), "wav"))
    except (OSError, pcm.DecodeError):
        # A damaged installation still gets its chimes: they are made from code.
        from radio_sched.audio import chimes

        return chimes.opening() if name == _CHIMES[0] else chimes.closing()


def _chime_digest() -> str:
    digest = hashlib.sha256()
    for name in _CHIMES:
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


# ------------------------------------------------------------------------------------ encoding


def _encode(samples: Samples, fmt: str) -> bytes:
    raw = np.clip(np.round(samples * 32768.0), -32768, 32767).astype("<i2").tobytes()
    if fmt == "wav":
        return pcm.wav_bytes(raw, pcm.SAMPLE_RATE)
    return encode_mp3(raw, pcm.SAMPLE_RATE)


# LAME (as built into imageio-ffmpeg) plays back about 0.45 dB quieter than its input, at every
# rate and bitrate we tried. We pre-compensate, then measure the decoded file to be sure.
_mp3_level_loss_db = -0.45
_MP3_TOLERANCE_LU = 0.2


def encode_mp3_on_target(samples: Samples, target: float) -> tuple[bytes, float]:
    """MP3 whose decoded loudness is the target; returns it and its measured loudness.

    Use this rather than ``encode_mp3`` for anything played on air: see ``_mp3_level_loss_db``.
    """
    global _mp3_level_loss_db
    measured = -math.inf
    data = b""
    for _attempt in range(2):
        data = _encode(samples * 10 ** (-_mp3_level_loss_db / 20), "mp3")
        decoded = pcm.to_float(pcm.decode(data, "mp3"))
        measured = loudness.integrated_lufs(decoded, pcm.SAMPLE_RATE)
        if not math.isfinite(measured) or abs(measured - target) <= _MP3_TOLERANCE_LU:
            break
        _mp3_level_loss_db += measured - target
    return data, measured


def encode_mp3(raw: bytes, rate: int) -> bytes:
    """16-bit mono PCM to MP3 through the bundled ffmpeg, by pipes: no temporary files."""
    import imageio_ffmpeg

    command = [
        imageio_ffmpeg.get_ffmpeg_exe(),
        "-hide_banner",
        "-loglevel",
        "error",
        "-f",
        "s16le",
        "-ar",
        str(rate),
        "-ac",
        "1",
        "-i",
        "pipe:0",
        "-c:a",
        "libmp3lame",
        "-b:a",
        MP3_BITRATE,
        "-compression_level",
        "7",  # lame -q 7: half the time of the default, no audible loss on speech at 64k
        "-id3v2_version",
        "0",  # mutagen writes the tags; ffmpeg's own would only say "Lavf"
        "-write_id3v1",
        "0",
        "-f",
        "mp3",
        "pipe:1",
    ]
    try:
        done = subprocess.run(command, input=raw, capture_output=True, check=False)
    except OSError as error:
        raise UserError(
            f"Không chạy được ffmpeg ({error}). Hãy cài lại gói: pip install --force-reinstall "
            "imageio-ffmpeg"
        ) from error
    if done.returncode != 0 or not done.stdout:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["?"]
        raise UserError(f"ffmpeg không mã hoá được MP3: {message[0]}")
    return done.stdout


def _station_today(settings: StationSettings) -> str:
    return dt.datetime.now(settings.zone).date().isoformat()


def _tags(title: str, commune: str, reference: str | None, date: str) -> dict[str, str]:
    tags = {"title": title, "commune": commune, "date": date}
    if reference:
        tags["reference"] = reference
    return tags


def _tagged(mp3: bytes, tags: dict[str, str]) -> bytes:
    """MP3 bytes with an ID3v2.3 tag (v2.3: older players and Windows read it)."""
    id3_module: Any = importlib.import_module("mutagen.id3")  # untyped library
    ID3, COMM, TALB, TDRC = id3_module.ID3, id3_module.COMM, id3_module.TALB, id3_module.TDRC
    TIT2, TPE1, TXXX = id3_module.TIT2, id3_module.TPE1, id3_module.TXXX
    id3 = ID3()
    id3.add(TIT2(encoding=3, text=tags["title"]))
    id3.add(TPE1(encoding=3, text=tags["commune"]))
    id3.add(TALB(encoding=3, text=f"Đài truyền thanh {tags['commune']}"))
    id3.add(TDRC(encoding=3, text=tags["date"]))
    if "reference" in tags:
        id3.add(TXXX(encoding=3, desc="Số văn bản", text=tags["reference"]))
        id3.add(COMM(encoding=3, lang="vie", desc="", text=f"Văn bản số {tags['reference']}"))
    buffer = io.BytesIO(mp3)
    id3.save(buffer, v2_version=3)
    return buffer.getvalue()


def _write_output(path: Path, data: bytes) -> None:
    try:
        write_bytes_atomic(path, data)
    except WriteFailed:
        raise
    except OSError as error:
        # atomic_open creates the folder and the temporary file before its own guard.
        raise WriteFailed(
            error.errno or 0,
            f"Không ghi được tệp {path}: {error.strerror or error}. "
            "Hãy kiểm tra dung lượng đĩa trống và quyền ghi vào thư mục này.",
        ) from error
