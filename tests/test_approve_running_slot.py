"""Issue 11 item 7: a program approved while a slot runs is placed in the next slot that had not
begun, never in the past (where the daemon skipped it at once and the report counted a
failure). Pure planner tables, with the approval moment as data."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from radio_sched.schedule.model import Program, Slot
from radio_sched.schedule.plan import plan_schedule
from radio_sched.store.db import open_store
from radio_sched.store.programs import ProgramRow

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
SLOTS = (
    Slot("Sáng", dt.time(6, 0), dt.time(6, 30)),
    Slot("Chiều", dt.time(17, 0), dt.time(17, 30)),
)
DAY = dt.date(2021, 9, 7)


def placed(approved_at: dt.time | None, per_day: int = 1) -> list[tuple[dt.date, str]]:
    moment = dt.datetime.combine(DAY, approved_at, tzinfo=ZONE) if approved_at else None
    program = Program(1, "Phòng chống dịch", 120.0, per_day=per_day, available_from=moment)
    plan = plan_schedule(SLOTS, [program], DAY, DAY + dt.timedelta(days=1), ZONE)
    return [(p.day, p.slot) for p in plan.placements]


@pytest.mark.parametrize(
    ("approved_at", "per_day", "expected_today"),
    [
        (None, 2, ["Sáng", "Chiều"]),  # no approval moment: as before
        (dt.time(5, 0), 2, ["Sáng", "Chiều"]),  # before the day's slots
        (dt.time(6, 10), 2, ["Chiều"]),  # during the morning slot: the evening one
        (dt.time(10, 0), 1, ["Chiều"]),
        (dt.time(17, 10), 2, []),  # during the evening slot: tomorrow
        (dt.time(20, 0), 1, []),
    ],
)
def test_an_approval_during_a_slot_never_places_the_program_in_the_past(
    approved_at: dt.time | None, per_day: int, expected_today: list[str]
) -> None:
    days = placed(approved_at, per_day)
    assert [slot for day, slot in days if day == DAY] == expected_today
    assert len([slot for day, slot in days if day > DAY]) == per_day  # tomorrow in full


def test_the_operator_is_told_why_today_has_none() -> None:
    moment = dt.datetime.combine(DAY, dt.time(17, 10), tzinfo=ZONE)
    program = Program(1, "Phòng chống dịch", 120.0, per_day=1, available_from=moment)
    plan = plan_schedule(SLOTS, [program], DAY, DAY, ZONE)
    assert not plan.placements
    (unplaced,) = plan.unplaced
    assert "lúc 17:10" in unplaced.reason and "khung giờ sau" in unplaced.reason


def test_the_store_gives_the_planner_the_moment_of_approval() -> None:
    store = open_store()
    with store.session() as session:
        row = ProgramRow(title="Thông báo", kind="script", duration_seconds=60.0)
        session.add(row)
        session.flush()
        program = row.to_program()
        assert program.available_from is not None
        assert program.available_from.tzinfo is not None
    store.dispose()
