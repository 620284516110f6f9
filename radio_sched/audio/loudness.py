"""Loudness to a target in LUFS (ITU-R BS.1770 via pyloudnorm) under a true-peak ceiling.

True peak is approximated the usual way, by 4× oversampling (BS.1770 annex 2). Only the
stretches whose sample peak comes near the ceiling are oversampled: between-sample overs of
speech stay well under 3 dB, and oversampling a whole program would cost more than the rest of
the loudness work together.
"""

from __future__ import annotations

import functools
import importlib
import math
from typing import Any

import numpy as np

Samples = np.ndarray[Any, np.dtype[np.float64]]

OVERSAMPLING = 4
_MARGIN_DB = 3.0
_LIMITER_WINDOW_SECONDS = 0.004
_CORRECT_ABOVE_LU = 0.25  # another limiter pass costs more than it is worth below this
_CORRECTIONS = 3
_CORRECTION_OVERSHOOT = 1.5


def _scipy(name: str) -> Any:
    # scipy comes with pyloudnorm; imported by name because it ships no type stubs.
    return importlib.import_module(f"scipy.{name}")


def integrated_lufs(samples: Samples, rate: int) -> float:
    """Integrated loudness (BS.1770-4 gating) with pyloudnorm's K-weighting filters.

    The same computation as ``pyloudnorm.Meter(rate).integrated_loudness`` (a test holds them
    equal), vectorized: pyloudnorm filters in two passes and gates block by block in Python,
    which made loudness the largest cost of a render. −inf for silence or audio shorter than
    one 400 ms block.
    """
    count = len(samples)
    if count < int(_BLOCK_SECONDS * rate) + 1:
        return -math.inf
    sections, gain = _k_weighting(rate)
    weighted = _scipy("signal").sosfilt(sections, samples) * gain
    energy = np.concatenate([[0.0], np.cumsum(weighted * weighted)])
    step = 1.0 - _OVERLAP
    blocks = int(np.round((count / rate - _BLOCK_SECONDS) / (_BLOCK_SECONDS * step))) + 1
    index = np.arange(blocks)
    lower = (_BLOCK_SECONDS * (index * step) * rate).astype(np.int64)
    upper = np.minimum((_BLOCK_SECONDS * (index * step + 1) * rate).astype(np.int64), count)
    power = (energy[upper] - energy[lower]) / (_BLOCK_SECONDS * rate)
    with np.errstate(divide="ignore"):
        block_loudness = -0.691 + 10 * np.log10(power)
    audible = block_loudness >= _ABSOLUTE_GATE
    if not audible.any():
        return -math.inf
    relative_gate = -0.691 + 10 * math.log10(float(power[audible].mean())) - 10
    gated = (block_loudness > relative_gate) & (block_loudness > _ABSOLUTE_GATE)
    return -0.691 + 10 * math.log10(float(power[gated].mean()))


_BLOCK_SECONDS = 0.4
_OVERLAP = 0.75
_ABSOLUTE_GATE = -70.0


@functools.lru_cache(maxsize=4)
def _k_weighting(rate: int) -> tuple[Samples, float]:
    """The two K-weighting stages of ITU-R BS.1770 (the parameters pyloudnorm's K-weighting
    meter uses, built with its public filter class) as second-order sections, and their gain."""
    from pyloudnorm import IIRfilter

    stages = (
        IIRfilter(4.0, 1 / np.sqrt(2), 1500.0, rate, "high_shelf"),
        IIRfilter(0.0, 0.5, 38.0, rate, "high_pass"),
    )
    sections = []
    gain = 1.0
    for stage in stages:
        b = np.asarray(stage.b, dtype=np.float64)
        a = np.asarray(stage.a, dtype=np.float64)
        sections.append(np.concatenate([b / a[0], a / a[0]]))
        gain *= float(stage.passband_gain)
    return np.array(sections), gain


def pyloudnorm_lufs(samples: Samples, rate: int) -> float:
    """pyloudnorm's own measurement, for tests and cross-checks."""
    import pyloudnorm

    with np.errstate(divide="ignore"):
        return float(pyloudnorm.Meter(rate).integrated_loudness(samples))


def _interpolator() -> Samples:
    # A 49-tap windowed-sinc low-pass for 4x upsampling (12-13 taps a phase, as in BS.1770-4);
    # odd length puts its delay on a whole input sample (6 samples).
    n = np.arange(_TAPS)
    taps: Samples = np.sinc((n - (_TAPS - 1) / 2) / OVERSAMPLING) * np.kaiser(_TAPS, 6.0)
    scaled: Samples = taps * (OVERSAMPLING / float(taps.sum()))
    return scaled


_TAPS = 49
_DELAY = (_TAPS - 1) // (2 * OVERSAMPLING)
_PHASES = np.stack(
    [
        np.array(
            [
                _interpolator()[OVERSAMPLING * q + k] if OVERSAMPLING * q + k < _TAPS else 0.0
                for q in range(2 * _DELAY + 1)
            ]
        )
        for k in range(1, OVERSAMPLING)
    ],
    axis=1,
)  # (taps per phase, phases between two samples)


def true_peak_envelope(samples: Samples, near: float) -> Samples:
    """Per-sample absolute peak including the peaks between samples (4x oversampling).

    Between-sample values are only computed next to samples within 3 dB of ``near``: speech
    does not hide larger overs, and upsampling a whole program would cost more than the rest
    of the loudness work together.
    """
    envelope = np.abs(samples)
    count = len(samples)
    if count < 2 * _DELAY + 2:
        return envelope
    threshold = near * 10 ** (-_MARGIN_DB / 20)
    loud = np.maximum(envelope[:-1], envelope[1:]) >= threshold
    index = np.flatnonzero(loud)
    index = index[(index >= _DELAY) & (index < count - _DELAY)]
    if len(index) == 0:
        return envelope
    # windows[r, q] = samples[i_r + DELAY - q]: the inputs that make the values at i_r + k/4.
    offsets = _DELAY - np.arange(2 * _DELAY + 1)
    windows = samples[index[:, None] + offsets[None, :]]
    between = np.abs(windows @ _PHASES).max(axis=1)
    np.maximum.at(envelope, index, between)
    np.maximum.at(envelope, index + 1, between)
    return envelope


def true_peak_db(samples: Samples) -> float:
    peak = float(
        true_peak_envelope(samples, near=float(np.abs(samples).max(initial=0.0))).max(initial=0.0)
    )
    return 20 * math.log10(peak) if peak > 0 else -math.inf


def limit(samples: Samples, rate: int, ceiling_db: float) -> Samples:
    """A look-ahead peak limiter: gain dips smoothly around each over, never above the ceiling.

    The gain needed at each sample is min-filtered and then box-averaged over the same centred
    window, so the smoothed gain at a sample never exceeds what that sample needs. Only the
    stretches around overs are touched; the rest of the program passes unchanged.
    """
    ndimage = _scipy("ndimage")
    ceiling = 10 ** (ceiling_db / 20)
    envelope = true_peak_envelope(samples, near=ceiling)
    overs = np.flatnonzero(envelope > ceiling)
    if len(overs) == 0:
        return samples
    window = max(3, int(_LIMITER_WINDOW_SECONDS * rate) | 1)
    reach = 2 * window
    # Group overs closer than two windows into one stretch, each widened by two windows.
    breaks = np.flatnonzero(np.diff(overs) > 2 * reach)
    starts = np.concatenate([overs[:1], overs[breaks + 1]]) - reach
    stops = np.concatenate([overs[breaks], overs[-1:]]) + reach + 1
    result: Samples = samples.copy()
    for start, stop in zip(np.maximum(starts, 0), np.minimum(stops, len(samples)), strict=True):
        needed = np.minimum(1.0, ceiling / np.maximum(envelope[start:stop], 1e-12))
        smoothed = ndimage.minimum_filter1d(needed, window, mode="nearest")
        gain = ndimage.uniform_filter1d(smoothed, window, mode="nearest")
        result[start:stop] *= np.minimum(gain, needed)
    return result


def normalize(
    samples: Samples,
    rate: int,
    target_lufs: float,
    ceiling_db: float,
    measured: float | None = None,
) -> tuple[Samples, float]:
    """``samples`` brought to ``target_lufs`` with true peaks at or under ``ceiling_db``.

    Returns the new samples and their measured integrated loudness. Limiting takes some
    loudness away, so the gain is corrected after limiting, a few times at most. ``measured``
    is the loudness of ``samples`` when the caller already knows it (saves a measurement).
    """
    if measured is None:
        measured = integrated_lufs(samples, rate)
    if not math.isfinite(measured):
        return samples, measured
    out = limit(samples * 10 ** ((target_lufs - measured) / 20), rate, ceiling_db)
    measured = integrated_lufs(out, rate)
    for _attempt in range(_CORRECTIONS):
        if not math.isfinite(measured) or abs(target_lufs - measured) <= _CORRECT_ABOVE_LU:
            break
        # The limiter takes back part of any gain (about 40% on peaky synthetic speech), so
        # the correction aims past the target.
        correction = (target_lufs - measured) * _CORRECTION_OVERSHOOT
        out = limit(out * 10 ** (correction / 20), rate, ceiling_db)
        measured = integrated_lufs(out, rate)
    return out, measured
