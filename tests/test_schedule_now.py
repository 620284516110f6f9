"""What plays now: a table of plan, as-run log, time and on-air state → one decision."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from radio_sched.schedule.model import EMERGENCY_SLOT, Outcome, Placement, Plan, Priority
from radio_sched.schedule.now import (
    EMERGENCY_GRACE,
    OVERRUN_SECONDS,
    Action,
    Logged,
    OnAir,
    next_decision,
)

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
DAY = dt.date(2021, 9, 7)


def t(hour: int, minute: int, second: float = 0) -> dt.datetime:
    return dt.datetime.combine(DAY, dt.time(hour, minute), tzinfo=ZONE) + dt.timedelta(
        seconds=second
    )


def item(
    key: str,
    start: dt.datetime,
    seconds: float = 60,
    slot: str = "Sáng",
    slot_start: dt.datetime | None = None,
    slot_end: dt.datetime | None = None,
    day: dt.date = DAY,
    campaign_end: dt.date | None = None,
) -> Placement:
    emergency = slot == EMERGENCY_SLOT
    return Placement(
        key=key,
        program_id=1,
        title=key,
        start=start,
        end=start + dt.timedelta(seconds=seconds),
        slot=slot,
        priority=Priority.EMERGENCY if emergency else Priority.NORMAL,
        day=day,
        slot_start=slot_start or (start if emergency else t(6, 0)),
        slot_end=slot_end or (start + dt.timedelta(seconds=seconds) if emergency else t(6, 10)),
        campaign_end=campaign_end,
    )


A = item("A", t(6, 0))
B = item("B", t(6, 1))
C = item("C", t(6, 2))
EVENING = item("E1", t(17, 0), slot="Chiều", slot_start=t(17, 0), slot_end=t(17, 5))
FULL_EVENING = item("E2", t(17, 0), 300, "Chiều", t(17, 0), t(17, 5))
TOMORROW = item(
    "T1",
    t(6, 0) + dt.timedelta(days=1),
    slot_start=t(6, 0) + dt.timedelta(days=1),
    slot_end=t(6, 10) + dt.timedelta(days=1),
    day=DAY + dt.timedelta(days=1),
)
STORM = item("S", t(6, 0, 30), 20, EMERGENCY_SLOT)
OLD_STORM = item("S0", t(6, 0) - dt.timedelta(seconds=EMERGENCY_GRACE + 10), 20, EMERGENCY_SLOT)
FLOOR = t(5, 0)
ON_AIR = OnAir(f"{DAY.isoformat()}/Sáng", t(6, 1, 58))

PLAYED = Logged(Outcome.PLAYED)


def stopped(position: float, resume_at: dt.datetime | None = None) -> Logged:
    return Logged(Outcome.INTERRUPTED, position, resume_at)


CASES = [
    # (name, placements, logged, now, on_air, expected action, key, position)
    ("nothing due yet", [A], {}, t(5, 59), None, None, None, 0.0),
    ("on time", [A], {}, t(6, 0, 1), None, Action.PLAY, "A", 0.0),
    ("within the grace", [A], {}, t(6, 0, 5), None, Action.PLAY, "A", 0.0),
    ("late after a gap", [A], {}, t(6, 0, 6), None, Action.MISS, "A", 0.0),
    ("already logged", [A], {"A": PLAYED}, t(6, 0, 1), None, None, None, 0.0),
    ("before the floor", [item("X", t(4, 0))], {}, t(6, 0), None, None, None, 0.0),
    (
        "late but chained in its slot",
        [A, B, C],
        {"A": PLAYED},
        t(6, 2),
        ON_AIR,
        Action.PLAY,
        "B",
        0.0,
    ),
    (
        "chained but no room left",
        [item("L", t(6, 1), 120)],
        {},
        t(6, 9, 30),
        OnAir(f"{DAY.isoformat()}/Sáng", t(6, 9, 28)),
        Action.MISS,
        "L",
        0.0,
    ),
    ("emergency first", [A, STORM], {}, t(6, 0, 31), None, Action.PLAY, "S", 0.0),
    ("stale emergency missed", [OLD_STORM], {}, t(6, 0), None, Action.MISS, "S0", 0.0),
    (
        "interrupted resumes where it stopped",
        [A, B, STORM],
        {"A": stopped(24.5), "S": PLAYED},
        t(6, 0, 51),
        None,
        Action.RESUME,
        "A",
        24.5,
    ),
    (
        "a resume goes before the next item",
        [A, B, STORM],
        {"A": stopped(24.5), "S": PLAYED},
        t(6, 1, 2),
        OnAir(f"{DAY.isoformat()}/Sáng", t(6, 1)),
        Action.RESUME,
        "A",
        24.5,
    ),
    (
        "no room left in its slot: re-placed in the next free one",
        [A, EVENING],
        {"A": stopped(20.0)},
        t(6, 9, 55),
        None,
        Action.REPLACE,
        "A",
        20.0,
    ),
    (
        "a re-placed item waits for its new place",
        [A, EVENING],
        {"A": stopped(20.0, t(17, 1))},
        t(12, 0),
        None,
        None,
        None,
        0.0,
    ),
    (
        "a re-placed item resumes at its new place",
        [A, EVENING],
        {"A": stopped(20.0, t(17, 1))},
        t(17, 1, 2),
        None,
        Action.RESUME,
        "A",
        20.0,
    ),
    (
        "full slots are passed over",
        [A, FULL_EVENING, TOMORROW],
        {"A": stopped(20.0)},
        t(7, 0),
        None,
        Action.REPLACE,
        "A",
        20.0,
    ),
    (
        "campaign over: closed, not resumed",
        [item("K", t(6, 0), campaign_end=DAY), TOMORROW],
        {"K": stopped(20.0)},
        t(7, 0),
        None,
        Action.CLOSE,
        "K",
        20.0,
    ),
    (
        "interrupted emergency resumes",
        [STORM],
        {"S": stopped(10.0)},
        t(6, 1),
        None,
        Action.RESUME,
        "S",
        10.0,
    ),
]


@pytest.mark.parametrize(
    ("placements", "logged", "now", "on_air", "action", "key", "position"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_next_decision(
    placements: list[Placement],
    logged: dict[str, Logged],
    now: dt.datetime,
    on_air: OnAir | None,
    action: Action | None,
    key: str | None,
    position: float,
) -> None:
    plan = Plan(tuple(sorted(placements, key=lambda p: p.start)), ())
    decision = next_decision(plan, logged, now, floor=FLOOR, on_air=on_air, grace=5.0)
    if action is None:
        assert decision is None
        return
    assert decision is not None
    assert (decision.action, decision.placement.key, decision.position) == (action, key, position)
    if action in (Action.MISS, Action.CLOSE, Action.REPLACE):
        assert decision.reason  # every such decision says why, for the operator


def test_replacement_goes_after_the_slot_own_items_and_says_where() -> None:
    plan = Plan((A, EVENING), ())
    decision = next_decision(plan, {"A": stopped(20.0)}, t(6, 9, 55), floor=FLOOR)
    assert decision is not None and decision.resume_at == EVENING.end
    assert "Chiều" in decision.reason and "17:01:00" in decision.reason


def test_two_moved_items_do_not_share_the_same_room() -> None:
    first = item("A", t(6, 0), 200)
    second = item("B", t(6, 4), 200)
    evening = item("E", t(17, 0), 0.001, "Chiều", t(17, 0), t(17, 5))
    plan = Plan((first, second, evening), ())
    moved = stopped(20.0, t(17, 0, 0.001))
    decision = next_decision(plan, {"A": moved, "B": stopped(20.0)}, t(6, 9, 55), floor=FLOOR)
    # A's 180 s left take the evening's room; B's 180 s would overflow it: nowhere left.
    assert decision is not None and decision.action is Action.CLOSE


def test_a_resume_that_no_longer_fits_moves_on() -> None:
    late = t(6, 10) + dt.timedelta(seconds=OVERRUN_SECONDS)
    plan = Plan((A, EVENING), ())
    decision = next_decision(plan, {"A": stopped(1.0)}, late, floor=FLOOR)
    assert decision is not None and decision.action is Action.REPLACE
