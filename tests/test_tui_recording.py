"""Thu âm through the Pilot: record a short script with generated audio instead of a
microphone, re-take one sentence, render, and find the takes in the program (and on the screen);
an edited sentence then asks for exactly one new take."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from recording_support import SCRIPT, FakeCapture, add_airing, add_script
from textual.widgets import Select

from pilot import settle, table_text, widget_text
from radio_sched.config import StationSettings, save_settings
from radio_sched.schedule.approvals import approve_script
from radio_sched.script.pipeline import save_script_edit
from radio_sched.store import open_store
from radio_sched.store.renders import latest_render
from radio_sched.store.takes import take_for
from radio_sched.tui.app import make_app
from radio_sched.tui.recording import RecordingScreen


async def test_record_retake_render_and_edit(station_home: Path) -> None:
    settings = StationSettings(name="Xã Tân Thành", engine="offline")
    save_settings(settings)
    store = open_store()
    add_script(store)

    capture = FakeCapture(syllables=(5, 9, 7, 12))
    app = make_app(today=dt.date(2026, 12, 2), player="file", capture=capture)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.open_script(1, switch=True)
        await settle(pilot)
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert isinstance(app.screen, RecordingScreen)
        assert "đã thu 0/3 câu" in widget_text(app.screen, "#rec-head")
        assert "Kính thưa bà con." in widget_text(app.screen, "#rec-spoken")

        # Sentence by sentence: R starts, R stops and keeps the take; → goes on.
        for number in (1, 2, 3):
            if number == 2:  # the spoken form is on the prompter where it differs
                assert "Đọc là: Chiều nay mười bảy giờ" in widget_text(app.screen, "#rec-spoken")
            await pilot.press("r")
            assert "ĐANG THU" in widget_text(app.screen, "#rec-state")
            await pilot.press("r")
            await settle(pilot)
            assert f"Đã lưu bản thu câu {number}" in widget_text(app.screen, "StatusLine")
            await pilot.press("right")
        assert "đã thu 3/3 câu" in widget_text(app.screen, "#rec-head")

        # Re-take sentence 2: the new take replaces the old one.
        screen = app.screen
        assert isinstance(screen, RecordingScreen) and screen.prompts is not None
        spoken_2 = screen.prompts.prompts[1].spoken
        with store.session() as session:
            before = take_for(session, spoken_2).sha256  # type: ignore[union-attr]
        await pilot.press("left", "x", "x")
        await settle(pilot)
        assert capture.takes == 4
        with store.session() as session:
            assert take_for(session, spoken_2).sha256 != before  # type: ignore[union-attr]

        # Listen back, then render: the program speaks with the takes, and the screen says so.
        await pilot.press("n")
        await settle(pilot)
        assert list((station_home / "sink").glob("*"))
        await pilot.press("d")
        await settle(pilot)
        assert "3/3 câu giọng người đọc" in widget_text(app.screen, "StatusLine")
        with store.session() as session:
            render = latest_render(session, 1)
            assert render is not None and dict(render.engines_used) == {"operator": 3}

        # An airing of the recorded program (seen in Nhật ký phát below).
        program_id, _ = approve_script(store, 1, "Tâm", version=1, audio=(Path(render.path), 9.0))
        start = dt.datetime(2026, 12, 2, 6, 0, tzinfo=settings.zone)
        add_airing(store, program_id, start)

        # One sentence edited: exactly one sentence asks for a new take.
        await pilot.press("escape")
        save_script_edit(store, 1, SCRIPT.replace("17h30", "18h"))
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert "đã thu 2/3 câu" in widget_text(app.screen, "#rec-head")
        listing = [str(o.prompt) for o in app.screen.query_one("#rec-list").options]  # type: ignore[attr-defined]
        assert [line for line in listing if line.startswith("·")] == [
            "·  2. Chiều nay 18h có họp tổ dân phố."
        ]
        assert "Câu 2/3 (chưa thu)" in widget_text(app.screen, "#rec-display")

        # Cài đặt: the microphone is a setting, saved with the others.
        await pilot.press("escape", "f7")
        await settle(pilot)
        device = app.query_one("#capture-device", Select)
        assert device.value == "" and "Micro mặc định của máy" in str(device._options[0][0])
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert 'capture_device = ""' in (station_home / "station.toml").read_text("utf-8")

        # Nhật ký phát: the airing of the recorded program says whose voice it was.
        await pilot.press("f6")
        app.query_one("#asrun-table").focus()
        await pilot.press("f")  # read the log again
        await settle(pilot)
        assert "giọng người đọc" in table_text(app, "#asrun-table")
    store.dispose()
