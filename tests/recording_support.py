"""Generated "speech" for the recording tests: syllable-like harmonic bursts with known pauses,
and a capture source that hands such audio back instead of a microphone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import numpy as np

from radio_sched.audio.takes import RATE
from radio_sched.store.asrun import AsRunRow
from radio_sched.store.db import Store
from radio_sched.store.documents import ScriptRow, add_version
from radio_sched.store.takes import program_sources

Samples = np.ndarray[Any, np.dtype[np.float64]]

SYLLABLE_SECONDS = 0.18
WORD_GAP_SECONDS = 0.06


def silence(seconds: float) -> Samples:
    return np.zeros(int(seconds * RATE))


def syllable(pitch: float = 180.0, level: float = 0.25) -> Samples:
    t = np.arange(int(SYLLABLE_SECONDS * RATE)) / RATE
    tone = sum(np.sin(2 * np.pi * pitch * k * t) / k for k in (1, 2, 3, 4))
    envelope = np.sin(np.pi * t / SYLLABLE_SECONDS)  # rises and falls like a syllable
    result: Samples = level * envelope * tone / 2.1
    return result


def sentence(syllables: int, *, comma_after: int | None = None, comma: float = 0.3) -> Samples:
    """``syllables`` bursts with short gaps; a longer gap (a comma) after ``comma_after``."""
    parts: list[Samples] = []
    for index in range(syllables):
        if index:
            gap = comma if comma_after is not None and index == comma_after else WORD_GAP_SECONDS
            parts.append(silence(gap))
        parts.append(syllable(160.0 + 10 * (index % 5)))
    return np.concatenate(parts)


def reading(
    sentences: Sequence[Samples],
    pause: float = 0.7,
    *,
    lead: float = 0.8,
    tail: float = 1.0,
    noise_db: float = -65.0,
    seed: int = 7,
) -> Samples:
    """Sentences read one after the other with ``pause`` seconds between them, room noise under
    it all (a phone recording is never digital silence)."""
    parts: list[Samples] = [silence(lead)]
    for index, piece in enumerate(sentences):
        if index:
            parts.append(silence(pause))
        parts.append(piece)
    parts.append(silence(tail))
    audio = np.concatenate(parts)
    noise = np.random.default_rng(seed).normal(0.0, 10 ** (noise_db / 20), len(audio))
    result: Samples = audio + noise
    return result


class FakeCapture:
    """A capture source that "records" generated speech: each take is a sentence of the next
    length in ``syllables`` (cycling), between half a second of room noise."""

    name = "fake"

    def __init__(self, syllables: Sequence[int] = (6,)) -> None:
        self.syllables = list(syllables)
        self.takes = 0
        self.recording = False

    def start(self) -> None:
        self.recording = True

    def stop(self) -> Samples:
        self.recording = False
        count = self.syllables[self.takes % len(self.syllables)]
        self.takes += 1
        return reading([sentence(count)], lead=0.5, tail=0.5, seed=self.takes)


SCRIPT = "Kính thưa bà con. Chiều nay 17h30 có họp tổ dân phố.\n\nĐề nghị bà con đến đúng giờ."


def add_script(store: Store, text: str = SCRIPT, title: str = "Họp tổ dân phố") -> int:
    """A stored script (as after `radio-sched import`), without a directive; its number."""
    with store.session() as session:
        script = ScriptRow(commune="Xã Tân Thành", title=title)
        session.add(script)
        session.flush()
        add_version(session, script, text, 20.0)
        return script.id


def add_airing(store: Store, program_id: int, start: dt.datetime) -> None:
    """One played airing of the program in the as-run log, its voices as the player records them."""
    with store.session() as session:
        session.add(
            AsRunRow(
                key="k1",
                program_id=program_id,
                title="Họp tổ dân phố",
                slot="Sáng",
                priority="normal",
                scheduled_start=start,
                scheduled_end=start + dt.timedelta(minutes=1),
                outcome="played",
                sources=program_sources(session, program_id),
            )
        )
