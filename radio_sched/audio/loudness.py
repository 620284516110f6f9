"""Loudness to a target in LUFS (ITU-R BS.1770 via pyloudnorm) under a true-peak ceiling.

True peak is approximated the usual way, by 4× oversampling (BS.1770 annex 2). Only the
stretches whose sample peak comes near the ceiling are oversampled: between-sample overs of
speech stay well under 3 dB, and oversampling a whole program would cost more than the rest of
the loudness work together.
"""

from __future__ import annotations

import importlib
import math
from typing import Any

import numpy as np

Samples = np.ndarray[Any, np.dtype[np.float64]]

OVERSAMPLING = 4
_BLOCK = 2048
_MARGIN_DB = 3.0
_LIMITER_WINDOW_SECONDS = 0.004


def _scipy(name: str) -> Any:
    # scipy comes with pyloudnorm; imported by name because it ships no type stubs.
    return importlib.import_module(f"scipy.{name}")


def integrated_lufs(samples: Samples, rate: int) -> float:
    """Integrated loudness; −inf for silence or audio shorter than one 400 ms block."""
    import pyloudnorm

    if len(samples) < int(0.4 * rate) + 1:
        return -math.inf
    meter = pyloudnorm.Meter(rate)
    with np.errstate(divide="ignore"):
        return float(meter.integrated_loudness(samples))


def true_peak_envelope(samples: Samples, near: float) -> Samples:
    """Per-sample absolute peak including between-sample peaks, where it may exceed ``near``."""
    resample_poly = _scipy("signal").resample_poly
    envelope = np.abs(samples)
    threshold = near * 10 ** (-_MARGIN_DB / 20)
    count = len(samples)
    for start in range(0, count, _BLOCK):
        stop = min(count, start + _BLOCK)
        if envelope[start:stop].max(initial=0.0) < threshold:
            continue
        # Pad so the polyphase filter has context at both edges of the block.
        lo, hi = max(0, start - 64), min(count, stop + 64)
        oversampled = np.abs(resample_poly(samples[lo:hi], OVERSAMPLING, 1))
        frames = oversampled[: (hi - lo) * OVERSAMPLING].reshape(-1, OVERSAMPLING).max(axis=1)
        envelope[start:stop] = np.maximum(envelope[start:stop], frames[start - lo : stop - lo])
    return envelope


def true_peak_db(samples: Samples) -> float:
    peak = float(true_peak_envelope(samples, near=0.0).max(initial=0.0))
    return 20 * math.log10(peak) if peak > 0 else -math.inf


def limit(samples: Samples, rate: int, ceiling_db: float) -> Samples:
    """A look-ahead peak limiter: gain dips smoothly around each over, never above the ceiling.

    The gain needed at each sample is min-filtered and then box-averaged over the same centred
    window, so the smoothed gain at a sample never exceeds what that sample needs.
    """
    ndimage = _scipy("ndimage")
    minimum_filter1d, uniform_filter1d = ndimage.minimum_filter1d, ndimage.uniform_filter1d
    ceiling = 10 ** (ceiling_db / 20)
    envelope = true_peak_envelope(samples, near=ceiling)
    if envelope.max(initial=0.0) <= ceiling:
        return samples
    needed = np.minimum(1.0, ceiling / np.maximum(envelope, 1e-12))
    window = max(3, int(_LIMITER_WINDOW_SECONDS * rate) | 1)
    gain = uniform_filter1d(
        minimum_filter1d(needed, window, mode="nearest"), window, mode="nearest"
    )
    result: Samples = samples * np.minimum(gain, needed)
    return result


def normalize(
    samples: Samples, rate: int, target_lufs: float, ceiling_db: float
) -> tuple[Samples, float]:
    """``samples`` brought to ``target_lufs`` with true peaks at or under ``ceiling_db``.

    Returns the new samples and their measured integrated loudness. Limiting takes a little
    loudness away, so the gain is corrected once after the first limiting pass.
    """
    measured = integrated_lufs(samples, rate)
    if not math.isfinite(measured):
        return samples, measured
    out = limit(samples * 10 ** ((target_lufs - measured) / 20), rate, ceiling_db)
    measured = integrated_lufs(out, rate)
    if math.isfinite(measured) and abs(target_lufs - measured) > 0.3:
        out = limit(out * 10 ** ((target_lufs - measured) / 20), rate, ceiling_db)
        measured = integrated_lufs(out, rate)
    return out, measured
