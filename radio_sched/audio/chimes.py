"""The station's opening signature tune and closing chime, made from code so the project owns them.

Run ``python -m radio_sched.audio.chimes`` to regenerate ``audio/chime_open.wav`` and
``audio/chime_close.wav`` (committed; shipped in the wheel). The output is deterministic.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import numpy as np

from radio_sched.atomic import write_bytes_atomic
from radio_sched.audio.pcm import SAMPLE_RATE, wav_bytes

Samples = np.ndarray[Any, np.dtype[np.float64]]

# A pentatonic phrase (C D E G A), bell-like: a few inharmonic partials with exponential decay,
# the sound commune loudspeakers have used for decades before an announcement.
_OPEN = ((523.25, 0.0), (659.25, 0.28), (783.99, 0.56), (1046.5, 0.84), (880.0, 1.3), (783.99, 1.6))
_CLOSE = ((1046.5, 0.0), (783.99, 0.3), (659.25, 0.6), (523.25, 0.9))
_PARTIALS = ((1.0, 1.0), (2.0, 0.45), (3.01, 0.22), (4.2, 0.1), (5.4, 0.05))


def bell(frequency: float, seconds: float, decay: float = 3.2) -> Samples:
    t = np.arange(int(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    tone = np.zeros_like(t)
    for ratio, level in _PARTIALS:
        # Higher partials die away faster, as on a struck bar.
        tone += level * np.sin(2 * np.pi * frequency * ratio * t) * np.exp(-decay * ratio * t)
    attack = np.minimum(1.0, t / 0.005)  # 5 ms attack: no click
    result: Samples = tone * attack
    return result


def phrase(notes: tuple[tuple[float, float], ...], ring: float) -> Samples:
    length = int((notes[-1][1] + ring) * SAMPLE_RATE)
    out = np.zeros(length)
    for frequency, start in notes:
        note = bell(frequency, ring)
        offset = int(start * SAMPLE_RATE)
        end = min(length, offset + len(note))
        out[offset:end] += note[: end - offset]
    fade = int(0.05 * SAMPLE_RATE)
    out[-fade:] *= np.linspace(1.0, 0.0, fade)
    peak = float(np.max(np.abs(out)))
    result: Samples = out / peak * 0.5  # −6 dBFS; the renderer sets the final loudness
    return result


def opening() -> Samples:
    return phrase(_OPEN, ring=1.6)


def closing() -> Samples:
    return phrase(_CLOSE, ring=1.5)


def to_wav(samples: Samples) -> bytes:
    pcm16 = np.round(samples * 32767).astype("<i2").tobytes()
    return wav_bytes(pcm16, SAMPLE_RATE)


def generate(folder: Path) -> list[Path]:
    written = []
    for name, samples in (
        ("chime_open.wav", opening()),
        ("chime_close.wav", closing()),
    ):
        path = folder / name
        write_bytes_atomic(path, to_wav(samples))
        written.append(path)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parents[2] / "audio"
    for written_path in generate(target):
        print(written_path)
