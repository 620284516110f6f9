"""Opt-in: the real Google voice over the network (`pytest -m live`). Skipped by default; CI
machines reach only package registries."""

from __future__ import annotations

import pytest

from radio_sched.audio.engines import GttsEngine

pytestmark = pytest.mark.live


def test_gtts_speaks_a_vietnamese_sentence_for_real() -> None:
    synthesis = GttsEngine().synthesize("Kính thưa toàn thể bà con nhân dân.")
    assert synthesis.fmt == "mp3"
    assert len(synthesis.data) > 2_000
