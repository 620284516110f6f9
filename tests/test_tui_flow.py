"""The operator's whole job through the TUI, driven with the Pilot: import the sample, edit, save
a version, approve, render with the offline voice, see it in the week, air it as an emergency
through the daemon's file sink and find it in the as-run log.
Workers are awaited, never slept on."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList, ProgressBar, Select, TextArea

from conftest import FOUNDING_SAMPLE
from pilot import settle, start_dry_run_daemon, table_text, until, widget_text
from radio_sched.tui.app import make_app

CAMPAIGN_DAY = dt.date(2021, 9, 7)
SHORT_SCRIPT = "Kính thưa bà con. Chiều nay 17h30 có họp tổ dân phố."


@pytest.mark.realtime  # the daemon airs the emergency on the wall clock
async def test_import_edit_approve_render_plan_and_air(station_home: Path) -> None:
    app = make_app(today=CAMPAIGN_DAY, browse_root=FOUNDING_SAMPLE.parent, player="file")
    async with app.run_test(size=(100, 30)) as pilot:
        # The list loads in a worker that starts only once its pane is mounted: on a loaded
        # machine no worker may be running yet when the first settle returns.
        await until(
            pilot,
            lambda: "Chưa có văn bản" in widget_text(app, "#directives-pane StatusLine"),
            "the empty list of directives",
        )

        # Văn bản: a wrong path is said plainly, then the sample is imported.
        path_input = app.query_one("#import-path", Input)
        path_input.focus()
        await pilot.press(*"khong-co.txt", "enter")
        await settle(pilot)
        assert "Không tìm thấy tệp khong-co.txt" in widget_text(app, "#directives-pane StatusLine")
        path_input.value = str(FOUNDING_SAMPLE)
        await pilot.press("enter")
        await settle(pilot)
        assert "Đã nhập" in widget_text(app, "#directives-pane StatusLine")
        rows = table_text(app, "#scripts")
        assert "STTTT-TTBCXB" in rows and "nháp bản 1" in rows

        # Kịch bản: open it, directive beside it, type a new text, duration follows.
        app.query_one("#scripts").focus()
        await pilot.press("enter")
        await settle(pilot)
        assert app.active_tab == "script"
        assert "Lạng Sơn" in widget_text(app, "#directive-text")
        before = widget_text(app, "#duration")
        assert "phút" in before and not before.endswith("0 phút 00 giây")
        editor = app.query_one("#editor", TextArea)
        editor.focus()
        await pilot.press("ctrl+a", "ctrl+shift+end", "delete")  # select all from the start
        editor.clear()
        await pilot.press(*SHORT_SCRIPT)
        assert editor.text == SHORT_SCRIPT
        await until(pilot, lambda: widget_text(app, "#duration") != before, "new estimate")
        assert "0 phút" in widget_text(app, "#duration")
        assert "chưa lưu" in widget_text(app, "#script-head")

        await pilot.press("ctrl+t")
        await settle(pilot)
        assert "mười bảy giờ ba mươi" in app.query_one("#spoken", TextArea).text
        await pilot.press("ctrl+t")

        await pilot.press("f8")  # approving unsaved edits is refused
        assert "chưa lưu" in widget_text(app, "#script-pane StatusLine")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "phiên bản 2" in widget_text(app, "#script-pane StatusLine")
        await pilot.press("ctrl+l")
        options = app.query_one("#versions", OptionList)
        assert options.option_count == 2
        await pilot.press("ctrl+l")
        await pilot.press("f8")
        await settle(pilot)
        assert "Đã duyệt phiên bản 2" in widget_text(app, "#script-pane StatusLine")
        assert "duyệt bản 2" in table_text(app, "#scripts")

        # Âm thanh: render with the offline voice, per sentence, engine and loudness shown.
        await pilot.press("f4")
        app.query_one("#engine", Select).value = "offline"
        app.query_one("#sentences").focus()
        await pilot.press("r")
        await settle(pilot)
        summary = widget_text(app, "#render-summary")
        assert "độ lớn" in summary and "giọng đọc máy: 2 câu" in summary
        assert "LUFS" not in summary and "offline" not in summary
        assert table_text(app, "#sentences").splitlines() == [
            "1 | giọng đọc máy",
            "2 | giọng đọc máy",
        ]
        progress = app.query_one("#progress", ProgressBar)
        assert progress.total == 2 and progress.progress == 2
        assert "dùng âm thanh này" in widget_text(app, "#audio-pane StatusLine")

        # Lịch tuần: the approved program sits in both slots every campaign day.
        await pilot.press("f5")
        await settle(pilot)
        grid = table_text(app, "#grid")
        assert "T3 07/09 | 1 bài" in grid
        assert grid.splitlines()[0].startswith("T2 06/09 | 0 bài")
        # The cursor starts on today (Tuesday), morning slot.
        items = app.query_one("#cell-items", OptionList)
        assert "Kính thưa" not in str(items.get_option_at_index(0).prompt)
        assert "06:00" in str(items.get_option_at_index(0).prompt)

        # Pin it there, then unpin it; the grid marks pins.
        items.focus()
        await pilot.press("g")
        await settle(pilot)
        assert "★" in table_text(app, "#grid")
        app.query_one("#cell-items").focus()
        await pilot.press("d")
        await settle(pilot)
        assert "★" not in table_text(app, "#grid")

        # Emergency: asks first; "n" does nothing, "y" declares it.
        app.query_one("#cell-items").focus()
        await pilot.press("e")
        await pilot.pause()
        assert "KHẨN CẤP" in str(app.screen.query_one("#question").render())
        await pilot.press("n")
        await settle(pilot)
        assert "Đã huỷ" in widget_text(app, "#week-pane StatusLine")
        app.query_one("#cell-items").focus()
        await pilot.press("e", "y")
        await settle(pilot)
        assert "khẩn cấp" in widget_text(app, "#week-pane StatusLine")

    # The daemon (its own process, file sink) airs the emergency while the TUI is open on the
    # as-run log of the real day: the row appears by itself as the screen refreshes. The daemon
    # is stopped as an operator would stop it once the row is there, so a slow machine only
    # makes the test slower, never wrong: a generous grace lets a daemon slow to start (a loaded
    # machine) still air the emergency declared a moment ago instead of logging it missed.
    daemon = start_dry_run_daemon(station_home)
    try:
        app = make_app(player="file")
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("f6")
            await settle(pilot)
            await until(
                pilot,
                lambda: "đã phát" in table_text(app, "#asrun-table"),
                "the emergency to be logged as played",
                timeout=240,
            )
            assert "Khẩn cấp" in table_text(app, "#asrun-table")
            await pilot.press("x")
            await settle(pilot)
            assert "Đã ghi báo cáo" in widget_text(app, "#asrun-pane StatusLine")
        daemon.terminate()
        _out, err = daemon.communicate(timeout=120)
        assert daemon.returncode == 0, err
    finally:
        if daemon.poll() is None:
            daemon.kill()
            daemon.wait()
    heard = [json.loads(line) for line in (station_home / "sink" / "sink.jsonl").open()]
    assert [event["event"] for event in heard] == ["start", "end"]
