"""`radio-sched hub tui`: the office's screen of its communes, driven with the Pilot on a real
PostgreSQL (the hub's database) and a FakeClock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_hub_ingest import START, Hub, open_hub, status
from textual.widgets import DataTable

from pilot import settle, widget_text
from radio_sched.hub import operations
from radio_sched.tui.hub import make_hub_app


@pytest.fixture
def hub(hub_database_url: str, tmp_path: Path) -> Iterator[Hub]:
    with open_hub(hub_database_url, tmp_path) as opened:
        yield opened


def rows(table: DataTable[Any]) -> dict[str, list[str]]:
    return {str(key.value): [str(cell) for cell in table.get_row(key)] for key in table.rows}


async def test_the_screen_shows_who_is_on_air_and_what_was_refused(hub: Hub) -> None:
    station = hub.stations["xa-tan-thanh"]
    assert hub.service.handle(
        *station.message("status", status("playing", START), now=hub.clock.now())
    ).verdict.accepted
    hub.service.handle(*station.message("asrun", {"rows": []}, now=hub.clock.now(), seq=1))
    operations.send_emergency(hub.store, hub.settings, "Lũ về", ["all"], hub.clock.now())
    app = make_hub_app(hub.settings, store=operations.open_store(hub.settings), clock=hub.clock)
    async with app.run_test(size=(140, 30)) as pilot:
        await settle(pilot)
        table = app.query_one("#hub-communes", DataTable)
        shown = rows(table)
        assert shown["xa-tan-thanh"][:3] == ["xa-tan-thanh", "Xã Tân Thành", "đang phát"]
        assert shown["xa-tan-thanh"][4] == "Phòng chống cháy rừng"
        assert shown["xa-tan-thanh"][7] == "0/1"  # emergencies aired / sent
        assert shown["xa-tan-hoa"][2] == "chưa kết nối"
        assert "1/2 xã đang kết nối" in widget_text(app, "#hub-summary")
        assert "1 tin bị từ chối trong 24 giờ qua" in widget_text(app, "#hub-status")
        # Four minutes without a heartbeat: offline on the next refresh.
        hub.clock.advance(240)
        await pilot.press("r")
        await settle(pilot)
        assert rows(table)["xa-tan-thanh"][2] == "mất kết nối"
        assert rows(table)["xa-tan-thanh"][4] == "—"
        expected = (START + dt.timedelta(seconds=240)).strftime("%H:%M:%S")
        assert f"cập nhật lúc {expected}" in widget_text(app, "#hub-summary")
