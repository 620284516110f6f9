"""How durations are shown: one home, a table."""

from __future__ import annotations

import pytest

from radio_sched import durations


@pytest.mark.parametrize(
    ("seconds", "short", "words"),
    [
        (245, "4:05", "4 phút 05 giây"),
        (59.6, "1:00", "1 phút 00 giây"),
        (3600, "60:00", "60 phút 00 giây"),
        (0, "—", "0 phút 00 giây"),
        (-3, "—", "0 phút 00 giây"),
    ],
)
def test_short_and_in_words(seconds: float, short: str, words: str) -> None:
    assert durations.short(seconds) == short
    assert durations.in_words(seconds) == words


def test_unknown_duration_is_a_dash() -> None:
    assert durations.short(None) == durations.UNKNOWN == "—"
