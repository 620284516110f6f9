"""How a duration is shown to the operator: the one place for it.

- ``short(245)`` → "4:05", for lists, grids and tables where room is short;
- ``in_words(245)`` → "4 phút 05 giây", for sentences.

Pure (the pure-core contract covers this module): seconds in, text out.
"""

from __future__ import annotations

UNKNOWN = "—"


def short(seconds: float | None) -> str:
    """ "4:05" (minutes and seconds); "—" when the duration is unknown or not positive."""
    if seconds is None or seconds <= 0:
        return UNKNOWN
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def in_words(seconds: float) -> str:
    """ "4 phút 05 giây"; a negative duration reads as zero."""
    minutes, rest = divmod(round(max(0.0, seconds)), 60)
    return f"{minutes} phút {rest:02d} giây"
