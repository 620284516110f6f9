"""Plain data of the schedule: programs, pins, emergencies, placements and as-run entries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

DEFAULT_PER_DAY = 2
"""Campaigns most often ask for "ít nhất 02 lần/ngày"; used when nobody says otherwise."""

EMERGENCY_SLOT = "Khẩn cấp"

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def documented(text: str) -> dict[str, str]:
    """A settings field's documentation for the user, in its metadata (``config`` writes it into
    station.toml as comments, so it is there at run time even without the sources)."""
    return {"doc": text}


@dataclass(frozen=True)
class Slot:
    name: str = field(metadata=documented('Tên khung giờ, ví dụ "Sáng" hoặc "Chiều".'))
    start: dt.time = field(metadata=documented('Giờ bắt đầu phát (giờ của đài), dạng "06:00".'))
    end: dt.time = field(metadata=documented('Giờ kết thúc, dạng "06:30".'))
    days: tuple[str, ...] = field(
        default=WEEKDAYS,
        metadata=documented("Các ngày trong tuần có khung giờ này: mon tue wed thu fri sat sun."),
    )

    @property
    def minutes(self) -> float:
        start = dt.datetime.combine(dt.date.min, self.start)
        end = dt.datetime.combine(dt.date.min, self.end)
        return (end - start).total_seconds() / 60


def default_slots() -> tuple[Slot, ...]:
    return (
        Slot("Sáng", dt.time(6, 0), dt.time(6, 30)),
        Slot("Chiều", dt.time(17, 0), dt.time(17, 30)),
    )


class Priority(StrEnum):
    """Classes of content as in Thông tư 39/2020/TT-BTTTT: thông thường, ưu tiên, khẩn cấp."""

    NORMAL = "normal"
    PRIORITY = "priority"
    EMERGENCY = "emergency"

    @property
    def rank(self) -> int:
        return _RANKS[self]

    @property
    def label(self) -> str:
        return _LABELS[self]


_RANKS = {Priority.NORMAL: 0, Priority.PRIORITY: 1, Priority.EMERGENCY: 2}
_LABELS = {
    Priority.NORMAL: "thông thường",
    Priority.PRIORITY: "ưu tiên",
    Priority.EMERGENCY: "khẩn cấp",
}


class Outcome(StrEnum):
    PLAYING = (
        "playing"  # committed at start; a row left in this state means the daemon died mid-item
    )
    INTERRUPTED = "interrupted"  # stopped at a sentence boundary; resumes from there later
    PLAYED = "played"
    MISSED = "missed"
    FAILED = "failed"
    SKIPPED = "skipped"

    @property
    def label(self) -> str:
        """What the operator and the report call it."""
        return _OUTCOME_LABELS[self]

    @property
    def settled(self) -> bool:
        """Final: an item still playing or waiting to resume is not yet played, missed or failed."""
        return self not in (Outcome.PLAYING, Outcome.INTERRUPTED)


_OUTCOME_LABELS = {
    Outcome.PLAYING: "đang phát",
    Outcome.INTERRUPTED: "chờ phát tiếp",
    Outcome.PLAYED: "đã phát",
    Outcome.MISSED: "bỏ lỡ",
    Outcome.FAILED: "lỗi",
    Outcome.SKIPPED: "bỏ qua",
}


@dataclass(frozen=True)
class Program:
    """What the planner needs to know about a program; built from the store by the caller."""

    id: int
    title: str
    duration_seconds: float | None
    priority: Priority = Priority.NORMAL
    start: dt.date | None = None  # first day of the campaign, inclusive; None = from always
    end: dt.date | None = None  # last day, inclusive; None = no end
    per_day: int = DEFAULT_PER_DAY
    audio_path: str | None = None
    directive_id: int | None = None
    available_from: dt.datetime | None = None  # aware: when it was first approved
    """A program approved while a slot runs is never placed in a slot of that day that had
    already begun (it would be in the past: skipped at once, counted as a failure)."""

    def active_on(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Pin:
    """The operator's decision that a program airs in a given slot on a given day."""

    program_id: int
    day: dt.date
    slot: str
    position: int = 0  # order among the slot's pins, 0 first


@dataclass(frozen=True)
class Skip:
    """The operator's decision that a program does not air in a slot of a day (``slot`` None:
    in no slot of that day). The airing is not moved elsewhere."""

    program_id: int
    day: dt.date
    slot: str | None = None


@dataclass(frozen=True)
class Emergency:
    """Air ``program_id`` at ``start`` and then every ``every`` until ``until`` (exclusive)."""

    id: int
    program_id: int
    start: dt.datetime  # aware
    every: dt.timedelta | None = None
    until: dt.datetime | None = None

    def occurrences(self) -> list[dt.datetime]:
        if self.every is None or self.until is None or self.every <= dt.timedelta(0):
            return [self.start]
        times: list[dt.datetime] = []
        moment = self.start
        while moment < self.until:
            times.append(moment)
            moment += self.every
        return times or [self.start]


@dataclass(frozen=True)
class Placement:
    key: str  # stable across re-plans: day/slot/program/repeat, or E<emergency>/<occurrence>
    program_id: int
    title: str
    start: dt.datetime  # aware, in the station's zone
    end: dt.datetime
    slot: str
    priority: Priority
    day: dt.date
    slot_start: dt.datetime
    slot_end: dt.datetime
    audio_path: str | None = None
    pinned: bool = False
    directive_id: int | None = None
    campaign_end: dt.date | None = None  # last day of the program's campaign, for re-placing

    @property
    def instance(self) -> str:
        """The slot on a day this placement belongs to."""
        return f"{self.day.isoformat()}/{self.slot}"

    @property
    def duration_seconds(self) -> float:
        return (self.end - self.start).total_seconds()

    @property
    def is_emergency(self) -> bool:
        return self.slot == EMERGENCY_SLOT


@dataclass(frozen=True)
class Unplaced:
    program_id: int
    title: str
    day: dt.date | None
    reason: str


@dataclass(frozen=True)
class Plan:
    placements: tuple[Placement, ...]
    unplaced: tuple[Unplaced, ...]
    slots: tuple[Slot, ...] = field(default=())

    def between(self, start: dt.datetime, end: dt.datetime) -> list[Placement]:
        return [p for p in self.placements if start <= p.start < end]
