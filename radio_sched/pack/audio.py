"""A commune's program from three parts: its own opening, the shared body, its own closing.

The body is rendered by the audio layer's ``render_script_text`` (spoken form, sentence cache,
pauses, loudness) as WAV and encoded to MP3 here. A commune's own opening and closing are a few
sentences; they are put together here from the same public pieces (the sentence audio the
``Speaker`` returns, the audio layer's pauses, ``loudness.normalize``), because a full render per
part costs more than everything else a commune needs. The body is encoded **once** per dialect and
its MP3 frames are reused for every commune: MP3 streams joined frame to frame are a valid MP3
stream, and the joins fall inside the pauses between paragraphs, where the encoder's few
milliseconds of padding are silence within silence. Building for 30 communes thus costs one body
plus 30 short openings and closings, instead of 30 whole programs.
"""

from __future__ import annotations

import importlib
import io
import wave
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from radio_sched.audio import export, loudness, pcm, render
from radio_sched.config import StationSettings

Samples = np.ndarray[Any, np.dtype[np.float64]]

# The audio layer's limiter ceiling: headroom under the true-peak ceiling for the overshoots MP3
# encoding adds, as it measured them. Read from it, so our parts follow its calibration.
LIMITER_CEILING_DB = render.LIMITER_CEILING_DB


@dataclass(frozen=True)
class EncodedPart:
    mp3: bytes
    seconds: float  # decoded length of these MP3 frames


def render_part(
    text: str,
    *,
    workdir: Path,
    label: str,
    title: str,
    commune: str,
    engine: str,
    settings: StationSettings,
) -> tuple[Samples, render.RenderResult]:
    """Speech for ``text`` (no chimes), levelled by the audio layer; float samples at 24 kHz."""
    output = workdir / f"{label}.wav"
    result = render.render_script_text(
        text,
        output=output,
        title=title,
        commune=commune,
        engine=engine,
        settings=settings,
        chimes=False,
    )
    samples = read_wav(output.read_bytes())
    output.unlink(missing_ok=True)
    return samples, result


def read_wav(data: bytes) -> Samples:
    with wave.open(io.BytesIO(data), "rb") as reader:
        if reader.getframerate() != pcm.SAMPLE_RATE or reader.getnchannels() != 1:
            raise ValueError("WAV của phần chương trình không đúng định dạng 24 kHz mono")
        raw = reader.readframes(reader.getnframes())
    result: Samples = np.frombuffer(raw, dtype="<i2").astype(np.float64) / 32768.0
    return result


silence = render.silence


trim = render.trim


def speech(parts: Sequence[Sequence[Sequence[Samples]]], target_lufs: float) -> list[Samples]:
    """Each part (paragraphs of trimmed sentences) with the audio layer's pauses, levelled and
    limited together: one loudness measurement for a commune's opening and closing instead of
    two, and the limiter works sample by sample, so cutting them apart again is exact."""
    pauses = render.DEFAULT_PAUSES
    assembled = [render.join_paragraphs(paragraphs, pauses) for paragraphs in parts]
    gap = silence(pauses.paragraph)
    joined: list[Samples] = []
    for index, samples in enumerate(assembled):
        joined += [gap, samples] if index else [samples]
    levelled, _measured = loudness.normalize(
        np.concatenate(joined), pcm.SAMPLE_RATE, target_lufs, LIMITER_CEILING_DB
    )
    result = []
    start = 0
    for samples in assembled:
        result.append(levelled[start : start + len(samples)])
        start += len(samples) + len(gap)
    return result


def chime(index: int, target_lufs: float) -> Samples:
    """Opening (0) or closing (1) chime, at the level the audio layer puts chimes. Shared by
    every commune of a build: callers must not modify it."""
    return render.chime_levelled(render.CHIMES[index], target_lufs + render.CHIME_LEVEL_LU)


def mp3_level_loss_db() -> float:
    """How much quieter LAME plays back than its input, as the audio layer last measured it.

    Read once per build, so every part of every commune is compensated alike (and a pack built
    twice comes out byte for byte the same)."""
    return export.mp3_level_loss_db()


def encode(samples: Samples, loss_db: float) -> EncodedPart:
    """MP3 frames for ``samples``, without tags, pre-compensated for the encoder's level loss."""
    gained = samples * 10 ** (-loss_db / 20)
    raw = np.clip(np.round(gained * 32768.0), -32768, 32767).astype("<i2").tobytes()
    data = export.encode_mp3(raw, pcm.SAMPLE_RATE)
    return EncodedPart(data, mp3_seconds(data))


def mp3_seconds(data: bytes) -> float:
    miniaudio: Any = importlib.import_module("miniaudio")
    info = miniaudio.mp3_get_info(data)
    return float(info.num_frames) / float(info.sample_rate)


def tag_mp3(data: bytes, *, title: str, commune: str, reference: str | None, date: str) -> bytes:
    """ID3 tags on the joined program, written by the audio layer as on its own programs."""
    return export.tagged(data, export.tags_for(title, commune, reference, date))
