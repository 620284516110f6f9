"""The pure planner: weeks, campaign edges, overfull slots, pins, priorities, emergencies."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from zoneinfo import ZoneInfo

import pytest

from radio_sched.schedule.model import (
    EMERGENCY_SLOT,
    Emergency,
    Pin,
    Priority,
    Program,
    Slot,
    default_slots,
)
from radio_sched.schedule.plan import plan_schedule

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
MONDAY = dt.date(2021, 9, 6)
SUNDAY = MONDAY + dt.timedelta(days=6)
SLOTS = default_slots()  # 06:00–06:30 and 17:00–17:30 every day


def prog(pid: int, seconds: float = 300, **kwargs: object) -> Program:
    return Program(id=pid, title=f"Chương trình {pid}", duration_seconds=seconds, **kwargs)  # type: ignore[arg-type]


def week(programs: list[Program], **kwargs: object):  # type: ignore[no-untyped-def]
    return plan_schedule(SLOTS, programs, MONDAY, SUNDAY, ZONE, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("per_day", "expected_per_day"),
    [(1, 1), (2, 2), (3, 3), (0, 0)],
)
def test_times_per_day_over_a_week(per_day: int, expected_per_day: int) -> None:
    plan = week([prog(1, per_day=per_day)])
    per_day_counts = Counter(p.day for p in plan.placements)
    assert all(per_day_counts[day] == expected_per_day for day in per_day_counts)
    assert len(plan.placements) == 7 * expected_per_day
    assert not plan.unplaced


def test_two_repeats_go_to_different_slots() -> None:
    plan = week([prog(1, per_day=2)])
    for day in {p.day for p in plan.placements}:
        assert {p.slot for p in plan.placements if p.day == day} == {"Sáng", "Chiều"}


def test_once_a_day_alternates_between_slots() -> None:
    plan = week([prog(1, per_day=1)])
    assert {p.slot for p in plan.placements} == {"Sáng", "Chiều"}


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        (dt.date(2021, 9, 7), dt.date(2021, 9, 14), 6),  # founding sample: starts Tuesday
        (dt.date(2021, 9, 1), dt.date(2021, 9, 6), 1),  # ends on the Monday
        (dt.date(2021, 9, 12), dt.date(2021, 9, 12), 1),  # a single Sunday
        (dt.date(2021, 9, 13), dt.date(2021, 9, 20), 0),  # starts after the week
        (None, None, 7),
    ],
)
def test_campaign_edges(start: dt.date | None, end: dt.date | None, days: int) -> None:
    plan = week([prog(1, per_day=2, start=start, end=end)])
    assert len({p.day for p in plan.placements}) == days
    for placement in plan.placements:
        assert start is None or placement.day >= start
        assert end is None or placement.day <= end


def test_placements_fill_slot_back_to_back_in_station_time() -> None:
    plan = plan_schedule(
        SLOTS, [prog(1, 600, per_day=2), prog(2, 300, per_day=2)], MONDAY, MONDAY, ZONE
    )
    morning = [p for p in plan.placements if p.slot == "Sáng"]
    assert morning[0].start == dt.datetime(2021, 9, 6, 6, 0, tzinfo=ZONE)
    assert morning[1].start == morning[0].end
    assert all(p.start.utcoffset() == dt.timedelta(hours=7) for p in plan.placements)


def test_overfull_slot_never_exceeds_length_and_reports_why() -> None:
    # 30-minute slots, two a day; eight 10-minute programs twice a day need 160 minutes.
    programs = [prog(i, 600, per_day=2) for i in range(1, 9)]
    plan = plan_schedule(SLOTS, programs, MONDAY, MONDAY, ZONE)
    for slot in ("Sáng", "Chiều"):
        items = [p for p in plan.placements if p.slot == slot]
        assert sum(p.duration_seconds for p in items) <= 30 * 60
        assert items[-1].end <= items[-1].slot_end
    assert len(plan.placements) == 6
    assert len(plan.unplaced) == 16 - 6
    assert all("không còn chỗ" in u.reason for u in plan.unplaced)
    # Extra repeats are dropped before whole programs: six programs aired at least once.
    assert len({p.program_id for p in plan.placements}) == 6


def test_program_longer_than_any_slot_is_reported() -> None:
    plan = plan_schedule(SLOTS, [prog(1, 3600, per_day=1)], MONDAY, MONDAY, ZONE)
    assert not plan.placements
    assert plan.unplaced[0].program_id == 1


def test_program_without_duration_is_reported() -> None:
    plan = plan_schedule(SLOTS, [prog(1, 0, per_day=1)], MONDAY, MONDAY, ZONE)
    assert not plan.placements
    assert "thời lượng" in plan.unplaced[0].reason


def test_higher_class_first_when_full() -> None:
    programs = [prog(i, 900, per_day=2) for i in range(1, 4)]
    programs.append(prog(9, 900, per_day=2, priority=Priority.PRIORITY))
    plan = plan_schedule(SLOTS, programs, MONDAY, MONDAY, ZONE)
    assert Counter(p.program_id for p in plan.placements)[9] == 2
    for slot in ("Sáng", "Chiều"):
        assert next(p for p in plan.placements if p.slot == slot).program_id == 9
    assert {u.program_id for u in plan.unplaced} <= {1, 2, 3}


def test_rotation_no_program_always_opens() -> None:
    programs = [prog(i, 120, per_day=2) for i in range(1, 5)]
    plan = week(programs)
    openers = Counter(
        min(
            (p for p in plan.placements if p.day == d and p.slot == s), key=lambda p: p.start
        ).program_id
        for d in {p.day for p in plan.placements}
        for s in ("Sáng", "Chiều")
    )
    assert len(openers) == 4


def test_pins_are_kept_and_come_first() -> None:
    programs = [prog(i, 300, per_day=1) for i in range(1, 5)]
    pin = Pin(program_id=4, day=MONDAY + dt.timedelta(days=2), slot="Chiều")
    plan = week(programs, pins=[pin])
    wednesday = [p for p in plan.placements if p.day == pin.day and p.slot == "Chiều"]
    assert wednesday[0].program_id == 4 and wednesday[0].pinned
    assert Counter(p.program_id for p in plan.placements if p.day == pin.day)[4] == 1
    # Re-planning with one more program keeps the pin where it was.
    again = week([*programs, prog(5, 300, per_day=1)], pins=[pin])
    kept = next(p for p in again.placements if p.day == pin.day and p.slot == "Chiều")
    assert kept.key == wednesday[0].key


@pytest.mark.parametrize(
    ("pin", "reason"),
    [
        (Pin(1, MONDAY, "Trưa"), "không có khung giờ"),
        (Pin(2, MONDAY, "Sáng"), "ngoài thời gian"),
    ],
)
def test_unusable_pins_are_reported(pin: Pin, reason: str) -> None:
    programs = [prog(1, per_day=0), prog(2, per_day=1, start=SUNDAY)]
    plan = plan_schedule(SLOTS, programs, MONDAY, MONDAY, ZONE, pins=[pin])
    assert any(reason in u.reason for u in plan.unplaced)


def test_emergency_repeats_outside_slots() -> None:
    start = dt.datetime(2021, 9, 6, 10, 0, tzinfo=ZONE)
    emergency = Emergency(
        id=1,
        program_id=7,
        start=start,
        every=dt.timedelta(minutes=10),
        until=start + dt.timedelta(hours=2),
    )
    plan = plan_schedule(
        SLOTS,
        [prog(7, 60, per_day=0, priority=Priority.EMERGENCY)],
        MONDAY,
        MONDAY,
        ZONE,
        emergencies=[emergency],
    )
    times = [p.start for p in plan.placements if p.slot == EMERGENCY_SLOT]
    assert len(times) == 12
    assert times[0] == start and times[-1] == start + dt.timedelta(minutes=110)
    assert all(p.priority is Priority.EMERGENCY for p in plan.placements)
    assert len({p.key for p in plan.placements}) == 12


def test_emergency_once_by_default_and_in_station_zone() -> None:
    start = dt.datetime(2021, 9, 6, 3, 0, tzinfo=dt.UTC)  # 10:00 in Hà Nội
    plan = plan_schedule(
        SLOTS, [prog(7, 60, per_day=0)], MONDAY, MONDAY, ZONE, emergencies=[Emergency(1, 7, start)]
    )
    assert [p.start.hour for p in plan.placements] == [10]


def test_days_without_slots() -> None:
    slots = (Slot("Sáng", dt.time(6), dt.time(6, 30), days=("mon", "wed")),)
    plan = plan_schedule(slots, [prog(1, per_day=1)], MONDAY, SUNDAY, ZONE)
    assert {p.day.weekday() for p in plan.placements} == {0, 2}
    assert len(plan.unplaced) == 5


def test_seconds_precision_slots() -> None:
    slots = (Slot("Thử", dt.time(9, 0, 5), dt.time(9, 0, 15)),)
    plan = plan_schedule(
        slots, [prog(1, 2, per_day=1), prog(2, 3, per_day=1)], MONDAY, MONDAY, ZONE
    )
    assert [p.start.time() for p in plan.placements] == [dt.time(9, 0, 5), dt.time(9, 0, 7)] or [
        p.start.time() for p in plan.placements
    ] == [dt.time(9, 0, 5), dt.time(9, 0, 8)]


def test_same_input_same_plan() -> None:
    programs = [
        prog(i, 100 + 37 * i, per_day=1 + i % 3, priority=list(Priority)[i % 2])
        for i in range(1, 15)
    ]
    pins = [Pin(3, MONDAY + dt.timedelta(days=1), "Sáng")]
    first = week(programs, pins=pins)
    second = week(list(reversed(programs)), pins=pins)
    assert first == second
    assert len({p.key for p in first.placements}) == len(first.placements)


def test_emergency_for_a_program_the_plan_does_not_have_is_reported() -> None:
    start = dt.datetime(2021, 9, 6, 10, 0, tzinfo=ZONE)
    plan = plan_schedule(SLOTS, [], MONDAY, MONDAY, ZONE, emergencies=[Emergency(3, 9, start)])
    assert not plan.placements
    assert plan.unplaced[0].program_id == 9 and "khẩn cấp 3" in plan.unplaced[0].reason


def test_placements_carry_their_campaign_end_for_re_placing_an_interrupted_item() -> None:
    last = MONDAY + dt.timedelta(days=2)
    plan = week([prog(1, per_day=1, end=last), prog(2, per_day=1)])
    ends = {(p.program_id, p.campaign_end) for p in plan.placements}
    assert ends == {(1, last), (2, None)}
    assert all(p.instance == f"{p.day.isoformat()}/{p.slot}" for p in plan.placements)
