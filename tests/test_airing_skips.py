"""Issue 11 item 6: the operator removes one airing, a day or chosen days of a program without
suspending it for good, sees what was removed and puts it back; a suspended program is switched
back on from the screen. Planner tables, the store through operations, and the Pilot."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from test_tui_trust import approved_sample
from textual.widgets import Select

from pilot import settle, table_text, widget_text
from radio_sched.config import load_settings
from radio_sched.schedule import operations
from radio_sched.schedule.model import Program, Skip, Slot
from radio_sched.schedule.plan import plan_schedule
from radio_sched.schedule.service import load_plan
from radio_sched.store import open_store
from radio_sched.store.programs import ProgramRow
from radio_sched.tui.app import make_app
from radio_sched.tui.modals import ChoiceScreen, DaysScreen
from radio_sched.tui.panes.week import WeekPane

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
SLOTS = (
    Slot("Sáng", dt.time(6, 0), dt.time(6, 30)),
    Slot("Chiều", dt.time(17, 0), dt.time(17, 30)),
)
MONDAY = dt.date(2021, 9, 6)
PROGRAM = Program(1, "Phòng chống dịch", 120.0, per_day=2)
OTHER = Program(2, "Thông báo của xã", 60.0, per_day=1)


def aired(skips: list[Skip]) -> list[tuple[int, dt.date, str]]:
    plan = plan_schedule(
        SLOTS, [PROGRAM, OTHER], MONDAY, MONDAY + dt.timedelta(days=1), ZONE, skips=skips
    )
    return sorted((p.program_id, p.day, p.slot) for p in plan.placements)


def test_one_removed_airing_is_not_moved_and_nothing_else_changes() -> None:
    before = aired([])
    after = aired([Skip(1, MONDAY, "Sáng")])
    assert (1, MONDAY, "Sáng") in before
    assert sorted(set(before) - set(after)) == [(1, MONDAY, "Sáng")]
    assert (1, MONDAY, "Chiều") in after  # its other airing that day stays where it was


def test_a_removed_day_takes_only_that_program_off_that_day() -> None:
    after = aired([Skip(1, MONDAY, None)])
    assert [a for a in after if a[0] == 1 and a[1] == MONDAY] == []
    assert [a for a in after if a[0] == 1 and a[1] > MONDAY]  # the next day as before
    assert [a for a in after if a[0] == 2 and a[1] == MONDAY]  # the other program as before


def test_removed_airings_are_stored_listed_and_put_back() -> None:
    _script, program_id = approved_sample()
    settings = load_settings()
    day = dt.date(2021, 9, 8)
    store = open_store()
    try:
        full = load_plan(store, settings, day, day)
        slots = sorted(p.slot for p in full.placements if p.program_id == program_id)
        assert slots  # the campaign airs that day
        operations.remove_airing(store, program_id, day, slots[0])
        shown = load_plan(store, settings, day, day)
        assert len(shown.placements) == len(full.placements) - 1
        assert operations.removed_airings(store, day, day) == [(program_id, day, slots[0])]
        operations.suspend_days(store, program_id, [day])
        assert not load_plan(store, settings, day, day).placements
        assert operations.restore_airings(store, day, slots[0]) == 2
        assert len(load_plan(store, settings, day, day).placements) == len(full.placements)
    finally:
        store.dispose()


async def test_d_removes_one_airing_or_chosen_days_and_h_puts_them_back() -> None:
    _script, program_id = approved_sample()
    app = make_app(today=dt.date(2021, 9, 7))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        assert "T3 07/09 | 1 bài" in table_text(app, "#grid")
        grid_row = table_text(app, "#grid").splitlines()[1]
        app.query_one("#grid").focus()
        pane = app.query_one("#week-pane", WeekPane)
        cell = pane.selected_cell()
        assert cell is not None and cell[0] == dt.date(2021, 9, 7)
        if not pane.placements(*cell):  # the airing is in the other slot that day
            await pilot.press("right")
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen)
        assert "Chỉ lượt này" in widget_text(app.screen, "#choice-one")
        await pilot.press("1")
        await settle(pilot)
        assert "Đã gỡ" in widget_text(app, "#week-pane StatusLine")
        assert table_text(app, "#grid").splitlines()[1] != grid_row
        assert "0 bài" in table_text(app, "#grid").splitlines()[1]
        assert "đã gỡ khỏi khung" in widget_text(app, "#unplaced")
        await pilot.press("h")
        await settle(pilot)
        assert table_text(app, "#grid").splitlines()[1] == grid_row
        assert "đã gỡ" not in widget_text(app, "#unplaced")

        # Chosen days: Tuesday is ticked already, Wednesday is added.
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        assert isinstance(app.screen, DaysScreen)
        await pilot.press("down", "down", "space", "enter")
        await settle(pilot)
        rows = table_text(app, "#grid").splitlines()
        assert "0 bài" in rows[1] and "0 bài" in rows[2] and "1 bài" in rows[3]

        # Every day: suspended, then switched back on with B.
        app.query_one("#grid").focus()
        await pilot.press("down", "down")  # Thursday still airs
        cell = pane.selected_cell()
        assert cell is not None
        if not pane.placements(*cell):
            await pilot.press("right")
        await pilot.press("d", "4")
        await settle(pilot)
        assert "Đã tạm ngừng" in widget_text(app, "#week-pane StatusLine")
        assert "bài" in table_text(app, "#grid") and "1 bài" not in table_text(app, "#grid")
        app.query_one("#program", Select).value = program_id
        await pilot.press("b")
        await settle(pilot)
        assert "1 bài" in table_text(app, "#grid")
    store = open_store()
    with store.session() as session:
        assert session.get(ProgramRow, program_id).enabled  # type: ignore[union-attr]
    store.dispose()
