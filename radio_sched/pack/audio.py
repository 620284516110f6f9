"""A commune's program as MP3 segments joined frame to frame: most of them shared by every
commune of a build, a few of its own.

The body is rendered by the audio layer's ``render_script_text`` (spoken form, sentence cache,
pauses, loudness) as WAV and encoded here **once** per dialect. The opening and closing are put
together from the same public pieces (the sentence audio the ``Speaker`` returns, the audio
layer's pauses and limiter), cut in the middle of the pauses around each sentence that names the
commune: the chimes and the sentences every commune says are encoded once, and a commune only
levels and encodes the sentences with its name. Building for 200 communes thus costs one body
and 400 short sentences, instead of 200 whole programs.

MP3 streams joined frame to frame are a valid MP3 stream. Each segment is encoded in process
(LAME, the encoder ffmpeg uses for the audio layer's programs, same bit rate and quality) so that
its frames decode to exactly its samples in time: the encoder's delay is taken from the segment's
leading silence and its padding from its trailing silence, so the joins add no gap, and fall
where both sides are silent, so they cannot click.
"""

from __future__ import annotations

import importlib
import io
import math
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


def chime(index: int, target_lufs: float) -> Samples:
    """Opening (0) or closing (1) chime, at the level the audio layer puts chimes. Shared by
    every commune of a build: callers must not modify it."""
    return render.chime_levelled(render.CHIMES[index], target_lufs + render.CHIME_LEVEL_LU)


def mp3_level_loss_db() -> float:
    """How much quieter LAME plays back than its input, as the audio layer last measured it.

    Read once per build, so every part of every commune is compensated alike (and a pack built
    twice comes out byte for byte the same)."""
    return export.mp3_level_loss_db()


# Frame geometry of the programs: MPEG-2 layer III at 24 kHz mono, 64 kbit/s constant bit rate.
FRAME_SAMPLES = 576
FRAME_BYTES = 192  # 72 × 64000 / 24000: a whole number, so no frame carries a padding byte
_FRAME_HEADER = b"\xff\xf3\x84"  # sync, MPEG-2, layer III, no CRC; 64 kbit/s, 24 kHz, no pad
# LAME (measured; a test holds it): an input of n samples, n a whole number of frames, comes out
# as n / 576 + 2 frames; decoded, input sample 0 is output sample 1105 (the encoder's 576 plus
# the decoder's 529) and 47 samples of padding follow the last one.
ENCODER_DELAY = 1105
_ENCODER_TAIL = 2 * FRAME_SAMPLES - ENCODER_DELAY
_SILENT = 1e-4  # −80 dBFS: what may be cut from a segment's ends for the encoder's delay
BITRATE_KBPS = int(export.MP3_BITRATE.removesuffix("k"))
MP3_QUALITY = 7  # lame -q 7, as the audio layer's ffmpeg encoder uses


def frame_aligned(samples: Samples, *, first: bool = False) -> Samples:
    """The samples a segment's MP3 frames decode to: a whole number of frames, ``samples``
    in place. The program's first segment gets the encoder's delay as silence in front; any
    other segment must begin with at least that much silence (a join falls inside a pause).
    The last pause is rounded to a whole frame (±12 ms)."""
    if first:
        samples = np.concatenate([np.zeros(ENCODER_DELAY), samples])
    frames = max(2, round(len(samples) / FRAME_SAMPLES))
    target = frames * FRAME_SAMPLES
    if len(samples) < target:
        samples = np.concatenate([samples, np.zeros(target - len(samples))])
    edges = np.concatenate([samples[:ENCODER_DELAY], samples[target - _ENCODER_TAIL :]])
    if (
        np.abs(edges).max(initial=0.0) > _SILENT
        or np.abs(samples[target:]).max(initial=0.0) > _SILENT
    ):
        raise ValueError("a segment must begin and end in silence to be joined frame to frame")
    return samples[:target]


def encode(samples: Samples, loss_db: float, *, first: bool = False) -> EncodedPart:
    """MP3 frames that decode to ``frame_aligned(samples)`` exactly in time, so segments
    encoded apart join frame to frame with no gap and no overlap: the encoder's delay is taken
    from the segment's leading silence and its padding from the trailing one. Without tags,
    pre-compensated for the encoder's level loss."""
    aligned = frame_aligned(samples, first=first)
    frames = len(aligned) // FRAME_SAMPLES
    gained = aligned[ENCODER_DELAY : len(aligned) - _ENCODER_TAIL] * 10 ** (-loss_db / 20)
    raw = np.clip(np.round(gained * 32768.0), -32768, 32767).astype("<i2").tobytes()
    data = frames_only(_lame(raw))
    if len(data) != frames * FRAME_BYTES:
        raise ValueError(f"LAME gave {len(data) // FRAME_BYTES} frames, {frames} expected")
    return EncodedPart(data, len(aligned) / pcm.SAMPLE_RATE)


def _lame(raw: bytes) -> bytes:
    """16-bit mono PCM to MP3 in process (no ffmpeg to start per part)."""
    lameenc: Any = importlib.import_module("lameenc")  # no type stubs
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(BITRATE_KBPS)
    encoder.set_in_sample_rate(pcm.SAMPLE_RATE)
    encoder.set_channels(1)
    encoder.set_quality(MP3_QUALITY)
    return bytes(encoder.encode(raw)) + bytes(encoder.flush())


def frames_only(data: bytes) -> bytes:
    """``data`` as bare frames of the programs' one format, ready to join to other segments.

    A Xing/Info (LAME) header frame is dropped: it describes one file's length and delay, and
    inside a joined program it would lie. Anything else that is not such a frame is refused,
    since frames of another rate or bit rate cannot be joined."""
    if len(data) % FRAME_BYTES:
        raise ValueError(f"MP3 of {len(data)} bytes is not whole {FRAME_BYTES}-byte frames")
    headers = np.frombuffer(data, dtype=np.uint8).reshape(-1, FRAME_BYTES)[:, :4]
    good = (
        (headers[:, 0] == _FRAME_HEADER[0])
        & (headers[:, 1] == _FRAME_HEADER[1])
        & (headers[:, 2] & 0xFE == _FRAME_HEADER[2])
        & (headers[:, 3] >> 6 == 3)
    )
    if not good.all():
        raise ValueError(f"MP3 frame {int(np.argmin(good))} is not 24 kHz mono 64 kbit/s")
    if len(data) >= FRAME_BYTES and data[13:17] in (b"Xing", b"Info"):
        # The side information of an MPEG-2 mono frame is 9 bytes: the tag starts at 4 + 9.
        data = data[FRAME_BYTES:]
    return data


def level_gain_db(parts: Sequence[Sequence[Sequence[Samples]]], target_lufs: float) -> float:
    """The gain that brings these parts (paragraphs of trimmed sentences, with the audio
    layer's pauses, limited under its ceiling) to ``target_lufs``.

    One gain for every commune of a build that shares a dialect and target: their openings and
    closings are the same sentences but for the commune's name, so the sentences they share
    are levelled and encoded once, and each commune only levels its own."""
    pauses = render.DEFAULT_PAUSES
    gap = silence(pauses.paragraph)
    joined: list[Samples] = []
    for paragraphs in parts:
        if paragraphs:
            joined += (
                [gap, render.join_paragraphs(paragraphs, pauses)]
                if joined
                else [render.join_paragraphs(paragraphs, pauses)]
            )
    if not joined:
        return 0.0
    speech = np.concatenate(joined)
    measured = loudness.integrated_lufs(speech, pcm.SAMPLE_RATE)
    if not math.isfinite(measured):
        return 0.0
    gain = target_lufs - measured
    for _attempt in range(_CORRECTIONS):
        out = levelled(speech, gain)
        measured = loudness.integrated_lufs(out, pcm.SAMPLE_RATE)
        if not math.isfinite(measured) or abs(target_lufs - measured) <= _CORRECT_ABOVE_LU:
            break
        # The limiter takes back part of any gain: aim past the target.
        gain += (target_lufs - measured) * _CORRECTION_OVERSHOOT
    return gain


_CORRECTIONS = 4
_CORRECT_ABOVE_LU = 0.1
_CORRECTION_OVERSHOOT = 1.2


def levelled(samples: Samples, gain_db: float) -> Samples:
    """``samples`` with ``gain_db`` under the audio layer's limiter ceiling. The limiter acts
    around each over only, so a sentence limited alone is limited as within its program."""
    result: Samples = loudness.limit(
        samples * 10 ** (gain_db / 20), pcm.SAMPLE_RATE, LIMITER_CEILING_DB
    )
    return result


def frames_seconds(data: bytes) -> float:
    """How long bare frames of the programs' format play (see ``frames_only``)."""
    return len(data) // FRAME_BYTES * FRAME_SAMPLES / pcm.SAMPLE_RATE


def tag_mp3(data: bytes, *, title: str, commune: str, reference: str | None, date: str) -> bytes:
    """ID3 tags on the joined program, written by the audio layer as on its own programs."""
    return export.tagged(data, export.tags_for(title, commune, reference, date))
