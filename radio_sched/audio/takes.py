"""The operator's voice as takes: decoding a recording, trimming its silence, levelling it, and
splitting a whole reading at its pauses into one piece per sentence.

Silence is found by energy: the RMS of 20 ms frames against a threshold set between the
recording's own noise floor and its speech level, so a phone recording with room noise is
judged by its own background, not by a fixed level. Everything here works on float samples at
``pcm.SAMPLE_RATE`` (mono), the shape the renderer assembles.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from radio_sched.audio import loudness, pcm
from radio_sched.errors import UserError

Samples = np.ndarray[Any, np.dtype[np.float64]]

RATE = pcm.SAMPLE_RATE
FRAME_SECONDS = 0.02
KEEP_MARGIN_SECONDS = 0.15  # kept before and after the voice, so no syllable onset is clipped
MIN_PAUSE_SECONDS = 0.25  # shorter gaps are between words, not sentences
MIN_VOICE_SECONDS = 0.2  # less than this heard is a click or a breath, not a sentence
CEILING_DB = -2.0  # as the program limiter's ceiling: levelling a take must not clip it
_FLOOR_DB = -100.0
_ABSOLUTE_THRESHOLD_DB = -60.0
_THRESHOLD_SHARE = 0.3  # of the way from the noise floor up to the speech level
# A piece may be this much shorter or longer than its sentence's share of the reading (by its
# syllables) before the split is judged not to fit: people slow down and speed up, not 2.5x.
FIT_RANGE = (0.4, 2.5)
IMPORT_SUFFIXES = (".wav", ".mp3", ".flac", ".ogg")


class SilentTake(UserError):
    """Nothing but silence (or noise) was recorded."""


class SplitMismatch(UserError):
    """A whole reading does not split into the script's sentences; the message says why."""


@dataclass(frozen=True)
class Pause:
    start: int  # first silent sample
    end: int  # first sample after the silence

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class PreparedTake:
    wav: bytes  # mono 16-bit at RATE, trimmed and levelled
    duration_seconds: float
    lufs: float | None


def decode_recording(path: Path) -> Samples:
    """A WAV/MP3/FLAC/OGG file as mono float samples at RATE; UserError naming the file."""
    import miniaudio

    if path.suffix.lower() not in IMPORT_SUFFIXES:
        raise UserError(
            f"{path}: chỉ nhập được tệp {', '.join(IMPORT_SUFFIXES)}; "
            "hãy chuyển bản ghi âm của điện thoại sang .mp3 hoặc .wav."
        )
    try:
        decoded = miniaudio.decode_file(
            str(path),
            output_format=miniaudio.SampleFormat.SIGNED16,
            nchannels=1,
            sample_rate=RATE,
        )
    except FileNotFoundError as error:
        raise UserError(f"{path}: không tìm thấy tệp; hãy kiểm tra đường dẫn.") from error
    except (miniaudio.MiniaudioError, OSError) as error:
        raise UserError(
            f"{path}: không đọc được âm thanh trong tệp ({error}); tệp có thể hỏng hoặc "
            "không phải bản ghi âm."
        ) from error
    samples = np.frombuffer(decoded.samples.tobytes(), dtype="<i2").astype(np.float64) / 32768.0
    if len(samples) == 0:
        raise UserError(f"{path}: tệp không có âm thanh nào.")
    return samples


def wav_of(samples: Samples) -> bytes:
    clipped = np.clip(np.round(samples * 32768.0), -32768, 32767).astype("<i2")
    return pcm.wav_bytes(clipped.tobytes(), RATE)


def samples_of_wav(data: bytes) -> Samples:
    return pcm.to_float(pcm.decode(data, "wav"))


# ------------------------------------------------------------------------------------- energy


def frame_levels(samples: Samples) -> Samples:
    """RMS level in dBFS of each 20 ms frame."""
    size = int(FRAME_SECONDS * RATE)
    count = len(samples) // size
    if count == 0:
        return np.full(1, _FLOOR_DB) if len(samples) == 0 else _db(np.array([_rms(samples)]))
    frames = samples[: count * size].reshape(count, size)
    return _db(np.sqrt((frames * frames).mean(axis=1)))


def _rms(samples: Samples) -> float:
    return float(np.sqrt(np.mean(samples * samples)))


def _db(values: Samples) -> Samples:
    with np.errstate(divide="ignore"):
        result: Samples = np.maximum(20 * np.log10(values), _FLOOR_DB)
    return result


def voice_threshold(levels: Samples) -> float:
    """The level above which a frame is voice: part of the way from the recording's noise floor
    (its quietest tenth) to its speech level (its loudest twentieth)."""
    noise = float(np.percentile(levels, 10))
    speech = float(np.percentile(levels, 95))
    return max(_ABSOLUTE_THRESHOLD_DB, noise + _THRESHOLD_SHARE * (speech - noise))


def voiced_frames(samples: Samples) -> np.ndarray[Any, np.dtype[np.bool_]]:
    levels = frame_levels(samples)
    result: np.ndarray[Any, np.dtype[np.bool_]] = levels > voice_threshold(levels)
    return result


# ----------------------------------------------------------------------------------- trimming


def trim_silence(samples: Samples, margin: float = KEEP_MARGIN_SECONDS) -> Samples:
    """Leading and trailing silence cut, ``margin`` seconds kept on each side of the voice.
    SilentTake when no voice is heard at all."""
    voiced = voiced_frames(samples)
    frame = int(FRAME_SECONDS * RATE)
    heard = np.flatnonzero(voiced)
    if len(heard) == 0 or len(heard) * FRAME_SECONDS < MIN_VOICE_SECONDS:
        raise SilentTake(
            "Không nghe thấy tiếng nói trong bản thu; hãy kiểm tra micro (đã cắm, đã bật, "
            "chọn đúng ở Cài đặt) rồi thu lại."
        )
    keep = int(margin * RATE)
    start = max(0, int(heard[0]) * frame - keep)
    end = min(len(samples), (int(heard[-1]) + 1) * frame + keep)
    return samples[start:end]


def prepare_take(samples: Samples, target_lufs: float) -> PreparedTake:
    """A raw recording made into a take: silence trimmed, brought to the station's loudness
    target under the true-peak ceiling, encoded as WAV."""
    trimmed = trim_silence(samples)
    measured = loudness.integrated_lufs(trimmed, RATE)
    if math.isfinite(measured):
        trimmed, measured = loudness.normalize(trimmed, RATE, target_lufs, CEILING_DB, measured)
    return PreparedTake(
        wav=wav_of(trimmed),
        duration_seconds=len(trimmed) / RATE,
        lufs=measured if math.isfinite(measured) else None,
    )


# ---------------------------------------------------------------------------------- splitting


def find_pauses(samples: Samples, min_pause: float = MIN_PAUSE_SECONDS) -> list[Pause]:
    """Silences of at least ``min_pause`` seconds between voiced stretches (not at the edges)."""
    voiced = voiced_frames(samples)
    frame = int(FRAME_SECONDS * RATE)
    heard = np.flatnonzero(voiced)
    if len(heard) < 2:
        return []
    inner = ~voiced[heard[0] : heard[-1] + 1]
    edges = np.diff(np.concatenate([[0], inner.astype(np.int8), [0]]))
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1)
    shortest = math.ceil(min_pause / FRAME_SECONDS)
    offset = int(heard[0])
    return [
        Pause((offset + int(s)) * frame, (offset + int(e)) * frame)
        for s, e in zip(starts, ends, strict=True)
        if e - s >= shortest
    ]


def split_reading(samples: Samples, weights: Sequence[int], name: str) -> list[Samples]:
    """A whole reading cut into ``len(weights)`` pieces at its pauses, matched in order.

    ``weights`` are the sentences' lengths (syllables). The cuts are the ``len(weights) - 1``
    pauses that best fit the sentence order: long pauses, and pieces whose lengths follow the
    sentences' (so a long breath inside a long sentence is not taken for its end). Each piece
    must then be within ``FIT_RANGE`` of its sentence's share of the reading, or the split is
    refused. ``name`` names the file in the errors, which say how many pieces were found and
    how many sentences were expected.
    """
    expected = len(weights)
    if expected == 0:
        raise SplitMismatch(f"{name}: kịch bản không có câu nào để gán bản thu.")
    pauses = find_pauses(samples)
    found = len(pauses) + 1
    if found < expected:
        raise SplitMismatch(
            f"{name}: tìm thấy {found} đoạn nói (ngăn bởi khoảng lặng), nhưng kịch bản có "
            f"{expected} câu. Hãy đọc lại, nghỉ rõ khoảng nửa giây giữa hai câu, hoặc nhập "
            "từng câu một bằng --sentence."
        )
    voiced = np.flatnonzero(voiced_frames(samples))
    frame = int(FRAME_SECONDS * RATE)
    first, last = int(voiced[0]) * frame, (int(voiced[-1]) + 1) * frame
    chosen = _best_cuts(pauses, weights, first, last)
    bounds = [0, *(p.start + p.length // 2 for p in chosen), len(samples)]
    pieces = [samples[bounds[i] : bounds[i + 1]] for i in range(expected)]
    _check_fit([_voiced_seconds(piece) for piece in pieces], weights, name, found)
    return pieces


_PAUSE_WEIGHT = 0.5  # how much a shorter pause costs against a piece that fits its sentence
_CANDIDATES_PER_SENTENCE = 3


def _best_cuts(pauses: list[Pause], weights: Sequence[int], first: int, last: int) -> list[Pause]:
    """The pauses to cut at, in order: dynamic programming over the longest candidates, each
    cut costing log(longest pause / this pause) and each piece |log(length / its share)|."""
    cuts = len(weights) - 1
    if cuts == 0:
        return []
    keep = max(cuts, _CANDIDATES_PER_SENTENCE * len(weights))
    candidates = sorted(
        sorted(pauses, key=lambda p: p.length, reverse=True)[:keep], key=lambda p: p.start
    )
    longest = max(p.length for p in candidates)
    total_weight = float(sum(max(1, w) for w in weights))
    speech = max(1, last - first - sum(p.length for p in candidates))
    shares = [speech * max(1, w) / total_weight for w in weights]
    edges = [Pause(first, first), *candidates, Pause(last, last)]

    def piece_cost(a: int, b: int, sentence: int) -> float:
        length = edges[b].start - edges[a].end
        return abs(math.log(max(length, 1) / shares[sentence]))

    def cut_cost(index: int) -> float:
        return _PAUSE_WEIGHT * math.log(longest / max(1, edges[index].length))

    count = len(edges)
    inf = math.inf
    # cost[k][i]: best cost of the first k sentences ending at edge i (edge 0 is the start).
    cost = [[inf] * count for _ in range(len(weights) + 1)]
    back = [[0] * count for _ in range(len(weights) + 1)]
    cost[0][0] = 0.0
    for k in range(1, len(weights) + 1):
        ends = [count - 1] if k == len(weights) else range(k, count - 1 - (cuts - k))
        for i in ends:
            extra = 0.0 if i == count - 1 else cut_cost(i)
            for j in range(k - 1, i):
                if cost[k - 1][j] == inf:
                    continue
                total = cost[k - 1][j] + piece_cost(j, i, k - 1) + extra
                if total < cost[k][i]:
                    cost[k][i], back[k][i] = total, j
    chosen: list[Pause] = []
    index = count - 1
    for k in range(len(weights), 1, -1):
        index = back[k][index]
        chosen.append(edges[index])
    return chosen[::-1]


def _voiced_seconds(piece: Samples) -> float:
    try:
        return len(trim_silence(piece, margin=0.0)) / RATE
    except SilentTake:
        return 0.0


def _check_fit(lengths: list[float], weights: Sequence[int], name: str, found: int) -> None:
    total_weight = sum(max(1, w) for w in weights)
    total_seconds = sum(lengths)
    low, high = FIT_RANGE
    for number, (seconds, weight) in enumerate(zip(lengths, weights, strict=True), start=1):
        share = total_seconds * max(1, weight) / total_weight
        if not low * share <= seconds <= high * share:
            raise SplitMismatch(
                f"{name}: tìm thấy {found} đoạn nói cho {len(weights)} câu, nhưng đoạn thứ "
                f"{number} dài {seconds:.1f} giây, không khớp với câu {number} "
                f"({weight} tiếng, cần khoảng {share:.1f} giây). Có thể đã nghỉ giữa câu hoặc "
                "đọc sót, đọc lặp một câu; hãy đọc lại hoặc nhập từng câu bằng --sentence."
            )


class TakeSource(Protocol):
    """Recorded sentences as the renderer asks for them."""

    def digests(self, spoken: Sequence[str]) -> dict[str, str]:
        """Of the spoken sentences, those with a take, each with its audio's SHA-256."""
        ...

    def audio(self, spoken: str) -> bytes | None:
        """The take (WAV), None if it was removed meanwhile."""
        ...
