"""Single screens, driven with the Pilot: errors in plain words, the file browser, cancelling a
render, a preview with no sound device, settings, and the help screen."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from textual.widgets import DataTable, DirectoryTree, Input, Select, TextArea

from conftest import FOUNDING_SAMPLE
from pilot import settle, table_text, widget_text
from radio_sched.audio.engines import OfflineEngine, Synthesis
from radio_sched.config import load_settings
from radio_sched.script.pipeline import import_directive
from radio_sched.store import open_store
from radio_sched.tui.app import make_app
from radio_sched.tui.modals import HelpScreen
from radio_sched.tui.panes.audio import AudioPane

DAY = dt.date(2021, 9, 7)


def imported() -> int:
    store = open_store()
    result = import_directive(store, FOUNDING_SAMPLE, commune=load_settings().name)
    store.dispose()
    return result.script_id


async def test_a_file_that_is_not_a_directive_is_refused_in_plain_words(tmp_path: Path) -> None:
    junk = tmp_path / "hoa-don.txt"
    junk.write_text("Invoice 2021\nTotal: 15 USD\n", encoding="utf-8")
    app = make_app(today=DAY, browse_root=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.query_one("#import-path", Input).value = str(junk)
        app.query_one("#import-path").focus()
        await pilot.press("enter")
        await settle(pilot)
        status = app.query_one("#directives-pane StatusLine")
        assert status.has_class("-error")
        text = widget_text(app, "#directives-pane StatusLine")
        assert "hoa-don.txt" in text
        assert "Lỗi không mong đợi" not in text and "Traceback" not in text
        assert app.query_one("#scripts", DataTable).row_count == 0


async def test_the_file_browser_fills_the_path_and_imports() -> None:
    app = make_app(today=DAY, browse_root=FOUNDING_SAMPLE.parent)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        tree = app.query_one(DirectoryTree)
        assert tree.has_focus
        names = [str(child.label) for child in tree.root.children]
        index = names.index(FOUNDING_SAMPLE.name)
        await pilot.press(*["down"] * (index + 1), "enter")
        await settle(pilot)
        assert app.query_one("#import-path", Input).value == str(FOUNDING_SAMPLE)
        await pilot.press("enter")
        await settle(pilot)
        assert "Truyền thông chống dịch" in table_text(app, "#scripts")  # 80 columns: no number
        assert "Đã nhập" in widget_text(app, "#directives-pane StatusLine")


async def test_a_render_can_be_cancelled_and_writes_nothing(
    station_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script_id = imported()
    # The voice holds after its first sentence until the key is in: the render is surely under
    # way when "x" comes, and no sentence is synthesized while the Pilot waits for the app.
    key_pressed = threading.Event()
    speak = OfflineEngine.synthesize

    def held(engine: OfflineEngine, spoken: str) -> Synthesis:
        synthesis = speak(engine, spoken)
        key_pressed.wait(timeout=60)
        return synthesis

    monkeypatch.setattr(OfflineEngine, "synthesize", held)
    app = make_app(today=DAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_script(script_id, switch=False)
        await pilot.press("f4")
        await settle(pilot)
        app.query_one("#engine", Select).value = "offline"
        app.query_one("#sentences").focus()
        await pilot.press("r")
        label = app.query_one("#progress-label")
        for _ in range(2000):  # until the first sentence is under way (polling, no fixed sleep)
            if str(label.render()).startswith("Câu"):
                break
            await pilot.pause(0.01)
        await pilot.press("x")
        key_pressed.set()
        await settle(pilot)
        assert "Đã huỷ" in str(label.render())
        assert "Đã huỷ" in widget_text(app, "#audio-pane StatusLine")
        assert not list((station_home / "programs").glob("*.mp3"))


async def test_preview_without_a_sound_device_says_so(
    station_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script_id = imported()
    app = make_app(today=DAY, player="miniaudio")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.open_script(script_id, switch=False)
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("p")  # nothing rendered yet
        assert "Chưa có âm thanh" in widget_text(app, "#audio-pane StatusLine")

        # A machine without a sound card: the player cannot open a device.
        from radio_sched.schedule import player

        def no_device(*_args: object, **_kwargs: object) -> None:
            raise player.PlaybackError("không mở được thiết bị phát âm thanh (failed to init)")

        monkeypatch.setattr(player.MiniaudioPlayer, "play", no_device)
        pane = app.query_one("#audio-pane", AudioPane)
        pane.audio_path = FOUNDING_SAMPLE  # any path: the device fails before reading it
        await pilot.press("p")
        await settle(pilot)
        text = widget_text(app, "#audio-pane StatusLine")
        assert "không có thiết bị âm thanh" in text
        assert "vẫn đã được lưu" in text


async def test_settings_are_saved_and_bad_slots_explained(station_home: Path) -> None:
    app = make_app(today=DAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f7")
        await settle(pilot)
        app.query_one("#name", Input).value = "Xã Hoà Bình"
        app.query_one(
            "#slots", Input
        ).value = "Sáng 05:30-06:15, Trưa 11:00-11:15, Chiều 17:00-17:45"
        app.query_one("#dialect", Select).value = "south"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Đã lưu cài đặt" in widget_text(app, "#station-pane StatusLine")
        saved = load_settings()
        assert saved.name == "Xã Hoà Bình"
        assert [slot.name for slot in saved.slots] == ["Sáng", "Trưa", "Chiều"]
        assert saved.dialect.value == "south"
        assert "Đài Truyền thanh xã Hoà Bình" in widget_text(app, "#station-bar")
        await pilot.press("f5")
        await settle(pilot)
        assert "Trưa" in [str(c.label) for c in app.query_one("#grid", DataTable).columns.values()]

        await pilot.press("f7")
        app.query_one("#slots", Input).value = "Chiều 18:00-17:00"
        app.query_one("#name").focus()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.query_one("#station-pane StatusLine").has_class("-error")
        assert "Chưa lưu" in widget_text(app, "#station-pane StatusLine")
        assert load_settings().slots[0].name == "Sáng"


async def test_help_opens_with_f1_or_question_mark_and_closes_with_escape() -> None:
    app = make_app(today=DAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        app.query_one("#scripts").focus()
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")


async def test_screens_switch_with_f_keys_and_with_the_mouse() -> None:
    app = make_app(today=DAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key, tab in [("f5", "week"), ("f6", "asrun"), ("f7", "station"), ("f2", "directives")]:
            await pilot.press(key)
            await settle(pilot)
            assert app.active_tab == tab
            assert app.focused is not None and app.focused.id is not None
        strip = str(app.query_one("#tab-strip").render())
        column = strip.index("Lịch tuần")
        await pilot.click("#tab-strip", offset=(column + 2, 0))
        await settle(pilot)
        assert app.active_tab == "week"
        assert "Tuần 06/09–12/09/2021" in widget_text(app, "#week-title")


async def test_emergency_order_asks_how_often_to_repeat() -> None:
    import datetime as dt

    from textual.app import App
    from textual.widgets import Select

    from radio_sched.tui.modals import EmergencyOrder, EmergencyScreen

    answers: list[EmergencyOrder | None] = []

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(EmergencyScreen("PHÁT KHẨN CẤP?"), answers.append)

    async with Host().run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pilot.app.screen.query_one("#every", Select).value = 10
        pilot.app.screen.query_one("#span", Select).value = 120
        await pilot.press("y")
        await pilot.pause()
        await pilot.app.push_screen(EmergencyScreen("PHÁT KHẨN CẤP?"), answers.append)
        await pilot.pause()
        await pilot.press("y")  # defaults: once, no repeat
        await pilot.pause()
        await pilot.app.push_screen(EmergencyScreen("PHÁT KHẨN CẤP?"), answers.append)
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()

    assert answers == [
        EmergencyOrder(dt.timedelta(minutes=10), dt.timedelta(hours=2)),
        EmergencyOrder(None, None),
        None,
    ]


async def test_a_script_opened_before_the_panes_are_mounted_is_shown_once_they_are() -> None:
    """A slow PC: the operator acts before the deferred panes exist; nothing is lost."""
    script_id = imported()
    app = make_app(today=DAY)
    async with app.run_test(size=(100, 30)) as pilot:
        # No pause: the other panes are still placeholders at this point.
        assert not app.query("#script-pane")
        app.open_script(script_id, switch=True)
        await settle(pilot)
        assert app.active_tab == "script"
        assert "Kính thưa" in app.query_one("#script-pane #editor", TextArea).text
        assert app.focused is app.query_one("#script-pane #editor")


async def test_the_screens_take_their_time_from_the_clock_they_are_given() -> None:
    """One clock object, as the daemon's runner: a fake one moves the station bar's day."""
    from radio_sched.schedule.clock import FakeClock

    zone = load_settings().zone
    clock = FakeClock(dt.datetime(2021, 9, 13, 23, 59, 30, tzinfo=zone))
    app = make_app(clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "13/09/2021" in widget_text(app, "#station-bar")
        clock.advance(60)  # past midnight, station time
        assert app.ctx.today() == dt.date(2021, 9, 14)
        assert app.ctx.now() == clock.now()
