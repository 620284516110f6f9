"""Each screen at 100×30 and 80×24, on a station with the sample imported and approved and a day
of the as-run log written. Fixed date, no clock: the pictures only change when the layout does.

Update the pictures after a deliberate change: pytest tests/test_tui_snapshots.py --snapshot-update
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from conftest import FOUNDING_SAMPLE
from pilot import settle
from radio_sched.config import load_settings
from radio_sched.schedule import operations
from radio_sched.schedule.model import Outcome
from radio_sched.schedule.service import load_plan
from radio_sched.script.pipeline import import_directive, save_script_edit
from radio_sched.store import open_store
from radio_sched.store.asrun import new_row
from radio_sched.tui.app import make_app

DAY = dt.date(2021, 9, 7)
SCRIPT = """Đây là Đài Truyền thanh xã Tân Thành. Kính thưa toàn thể bà con nhân dân!

Thực hiện chỉ đạo của Sở Thông tin và Truyền thông, Đài Truyền thanh xã xin thông tin tới \
toàn thể bà con nhân dân một số nội dung về phòng, chống dịch.

Bà con hãy đeo khẩu trang khi ra khỏi nhà, rửa tay thường xuyên, giữ khoảng cách và không \
tụ tập đông người.

Đài Truyền thanh xã Tân Thành vừa thông tin tới bà con. Xin cảm ơn bà con đã lắng nghe."""
SIZES = [(100, 30), (80, 24)]
SCREENS = {
    "directives": "f2",
    "script": "f3",
    "audio": "f4",
    "week": "f5",
    "asrun": "f6",
    "station": "f7",
    "help": "f1",
}


@pytest.fixture
def station(station_home: Path) -> Path:
    prepare_station()
    return station_home


def prepare_station() -> None:
    """The sample imported, its script edited and approved, and two as-run rows on ``DAY``.

    The script is replaced by plain words without numbers or abbreviations, so the pictures do
    not change each time the spoken form or the composer learns something new."""
    settings = load_settings()
    store = open_store()
    result = import_directive(store, FOUNDING_SAMPLE, commune=settings.name, settings=settings)
    save_script_edit(store, result.script_id, SCRIPT, "Sửa cho dễ nghe")
    operations.approve_script(store, result.script_id, "Cán bộ văn hoá")
    plan = load_plan(store, settings, DAY, DAY)
    outcomes = [(Outcome.PLAYED, ""), (Outcome.MISSED, "máy tắt lúc đến giờ phát")]
    with store.session() as session:
        for placement, (outcome, reason) in zip(plan.placements, outcomes, strict=False):
            row = new_row(placement, outcome, reason, player="file")
            if outcome is Outcome.PLAYED:
                row.started_at, row.ended_at = placement.start, placement.end
                row.seconds_played = placement.duration_seconds
            session.add(row)
    store.dispose()


def open_screen(key: str, script: bool) -> Any:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        if script:
            pilot.app.call_later(pilot.app.open_script, 1, switch=False)  # type: ignore[attr-defined]
            await pilot.pause()
            await settle(pilot)
        await pilot.press(key)
        await settle(pilot)
        if script and key == "f3":
            # On a loaded machine the script may arrive before or after the key, and the
            # editor's cursor with it: the picture is taken with nothing focused.
            pilot.app.set_focus(None)
            await settle(pilot)
        # A blinking cursor would make the picture depend on the moment it is taken.
        for widget in pilot.app.query(TextArea):
            widget.cursor_blink = False
        for field in pilot.app.query(Input):
            field.cursor_blink = False
        await steady(pilot)

    return run_before


async def steady(pilot: Pilot[Any], rounds: int = 40) -> None:
    """Wait until two pictures of the screen in a row are the same: on a loaded machine a
    pane's last layout pass (a note that wraps, a list that gains its scrollbar) may still be
    pending when the workers are done."""
    previous = pilot.app.export_screenshot()
    for _ in range(rounds):
        await pilot.pause(0.05)
        current = pilot.app.export_screenshot()
        if current == previous:
            return
        previous = current


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen(station: Path, snap_compare: Any, screen: str, size: tuple[int, int]) -> None:
    app = make_app(today=DAY, browse_root=FOUNDING_SAMPLE.parent, operator="Cán bộ văn hoá")
    assert snap_compare(
        app,
        terminal_size=size,
        run_before=open_screen(SCREENS[screen], script=screen in {"script", "audio"}),
    )
