"""Issue 11 (minor): a directive that names no dates is not scheduled for ever nor shown on days
before its approval: it airs for a week from the day it is approved, and a new version approved
later keeps that week."""

from __future__ import annotations

import datetime as dt

from test_schedule_cli import stored_script

from radio_sched.config import load_settings
from radio_sched.schedule import operations
from radio_sched.schedule.service import load_plan
from radio_sched.store.db import open_store
from radio_sched.store.documents import ScriptRow, add_version
from radio_sched.store.programs import ProgramRow

APPROVED_ON = dt.date(2021, 9, 8)


def window(program_id: int) -> tuple[dt.date | None, dt.date | None]:
    store = open_store()
    with store.session() as session:
        row = session.get(ProgramRow, program_id)
        assert row is not None
        result = (row.campaign_start, row.campaign_end)
    store.dispose()
    return result


def test_a_directive_without_dates_airs_for_a_week_from_its_approval() -> None:
    script_id = stored_script(campaign=None, per_day=1)
    store = open_store()
    program_id, _ = operations.approve_script(store, script_id, "chị Lan", today=APPROVED_ON)
    assert window(program_id) == (APPROVED_ON, dt.date(2021, 9, 14))
    plan = load_plan(store, load_settings(), dt.date(2021, 9, 6), dt.date(2021, 9, 19))
    days = {p.day for p in plan.placements if p.program_id == program_id}
    assert min(days) == APPROVED_ON and max(days) == dt.date(2021, 9, 14)

    # A new version approved three days later keeps the week of the first approval.
    with store.session() as session:
        script = session.get(ScriptRow, script_id)
        assert script is not None
        add_version(session, script, "Kính thưa bà con, bản sửa.", 60.0)
    operations.approve_script(store, script_id, "chị Lan", today=dt.date(2021, 9, 11))
    assert window(program_id) == (APPROVED_ON, dt.date(2021, 9, 14))
    store.dispose()
