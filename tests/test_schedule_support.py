"""Helpers shared by the schedule, daemon and report tests (no tests here)."""

from __future__ import annotations

import datetime as dt
import wave
from pathlib import Path

import numpy as np

RATE = 8000


def write_wav(
    path: Path, seconds: float, *, sentence: float = 0.5, pause: float = 0.3, rate: int = RATE
) -> Path:
    """A mono tone in "sentences" separated by silent pauses, like speech with full stops."""
    path.parent.mkdir(parents=True, exist_ok=True)
    t = np.arange(int(seconds * rate)) / rate
    loud = (t % (sentence + pause)) < sentence
    tone = min(440.0, rate / 4)
    samples = np.where(loud, 12000 * np.sin(2 * np.pi * tone * t), 0).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples.tobytes())
    return path


def station_toml(
    home: Path,
    slots: list[tuple[str, dt.time, dt.time]],
    *,
    timezone: str = "Asia/Ho_Chi_Minh",
    name: str = "Xã Tân Thành",
) -> Path:
    """A station file with slots to the second (``render_settings`` keeps only minutes)."""
    lines = ["[station]", f'name = "{name}"', f'timezone = "{timezone}"', 'player = "file"']
    for slot_name, start, end in slots:
        lines += [
            "[[station.slots]]",
            f'name = "{slot_name}"',
            f'start = "{start.isoformat(timespec="seconds")}"',
            f'end = "{end.isoformat(timespec="seconds")}"',
        ]
    path = home / "station.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
