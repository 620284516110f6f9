"""What the operator can trust on the screen (issue 11), driven with the Pilot and asserted on what
the screen shows: quitting never loses edits, approval is a state of a version, a fresh station
asks for its name before anything else."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from test_schedule_support import write_wav
from textual import events
from textual.widgets import DirectoryTree, Input, Select, TextArea

from conftest import FOUNDING_SAMPLE
from pilot import screen_text, settle, table_text, widget_text
from radio_sched import locations
from radio_sched.config import load_settings
from radio_sched.schedule import operations
from radio_sched.script.pipeline import import_directive
from radio_sched.store import open_store
from radio_sched.store.programs import ProgramRow
from radio_sched.store.queries import script_version, script_versions
from radio_sched.store.renders import add_render
from radio_sched.tui.app import make_app
from radio_sched.tui.modals import UnsavedScreen
from radio_sched.tui.panes.audio import AudioPane
from radio_sched.tui.setup import SetupScreen

DAY = dt.date(2021, 9, 7)


def imported() -> int:
    store = open_store()
    result = import_directive(store, FOUNDING_SAMPLE, commune=load_settings().name)
    store.dispose()
    return result.script_id


async def test_quit_with_unsaved_edits_asks_and_saves_on_request() -> None:
    script_id = imported()
    app = make_app(today=DAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_script(script_id, switch=True)
        await settle(pilot)
        editor = app.query_one("#editor", TextArea)
        editor.focus()
        editor.move_cursor(editor.document.end)
        await pilot.press(*" Xin cảm ơn.")
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, UnsavedScreen)
        assert "chưa lưu" in widget_text(app.screen, "#question")
        await pilot.press("o")  # stay: nothing lost
        await settle(pilot)
        assert not isinstance(app.screen, UnsavedScreen)
        assert editor.text.endswith("Xin cảm ơn.")
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.press("l")  # save, then quit
        await settle(pilot)
    store = open_store()
    versions = script_versions(store, script_id)
    store.dispose()
    assert len(versions) == 2 and versions[-1].text.endswith("Xin cảm ơn.")


async def test_quit_without_edits_quits_at_once() -> None:
    script_id = imported()
    app = make_app(today=DAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_script(script_id, switch=True)
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not isinstance(app.screen, UnsavedScreen)
        assert app._exit


def give_audio(script_id: int, version: int, name: str) -> Path:
    path = write_wav(locations.programs_dir() / name, 2.0, rate=8000)
    store = open_store()
    with store.session() as session:
        add_render(
            session,
            script_id=script_id,
            version=version,
            path=str(path),
            duration_seconds=2.0,
            lufs=-16.0,
            engines_used={"offline": 3},
        )
    store.dispose()
    return path


def program_row() -> tuple[int | None, str | None]:
    store = open_store()
    with store.session() as session:
        row = session.query(ProgramRow).one()
        result = (row.script_version, row.audio_path)
    store.dispose()
    return result


async def test_editing_an_approved_script_makes_a_draft_and_approval_swaps_atomically() -> None:
    script_id = imported()
    first_audio = give_audio(script_id, 1, "v1.wav")
    store = open_store()
    operations.approve_script(store, script_id, "chị Lan", version=1, audio=(first_audio, 2.0))
    store.dispose()

    app = make_app(today=DAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_script(script_id, switch=True)
        await settle(pilot)
        assert "đã duyệt" in widget_text(app, "#script-head")
        editor = app.query_one("#editor", TextArea)
        editor.focus()
        editor.move_cursor(editor.document.end)
        await pilot.press(*" Xin cảm ơn.", "ctrl+s")
        await settle(pilot)
        head = widget_text(app, "#script-head")
        assert "đang sửa bản 2 (chưa duyệt)" in head and "lịch phát bản 1" in head
        assert "vẫn phát bản 1" in widget_text(app, "#script-pane StatusLine")
        assert "phát 1, nháp 2" in table_text(app, "#scripts")
        assert program_row() == (1, "programs/v1.wav")

        await pilot.press("f8")  # no audio for version 2 yet: version 1 keeps airing
        await settle(pilot)
        assert "chưa có âm thanh" in widget_text(app, "#script-pane StatusLine")
        assert program_row() == (1, "programs/v1.wav")

        # Âm thanh says plainly that new audio is not what airs.
        await pilot.press("f4")
        await settle(pilot)
        pane = app.query_one("#audio-pane", AudioPane)
        assert "bản 2, chưa duyệt" in " ".join(pane.attach_if_approved(script_id))

        give_audio(script_id, 2, "v2.wav")
        await pilot.press("f3")
        app.query_one("#editor").focus()
        await pilot.press("f8")
        await settle(pilot)
        assert "Đã duyệt phiên bản 2" in widget_text(app, "#script-pane StatusLine")
        assert "bản 2 · đã duyệt" in widget_text(app, "#script-head")
        assert program_row() == (2, "programs/v2.wav")


async def test_first_start_asks_for_the_station_name_before_anything_airs(
    station_home: Path,
) -> None:
    (station_home / "station.toml").unlink()  # a fresh station
    app = make_app(today=DAY, browse_root=FOUNDING_SAMPLE.parent)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SetupScreen)
        await pilot.press("ctrl+s")  # no name: refused, said plainly
        assert "Hãy nhập tên" in widget_text(app.screen, "#setup-error")
        assert not (station_home / "station.toml").exists()
        await pilot.press(*"Xã Hòa Bình")
        app.screen.query_one("#setup-slots", Input).value = "Sáng 6h-6h30, Chiều 17h-17h30"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, SetupScreen)
        assert "xã Hòa Bình" in widget_text(app, "#station-bar")
        settings = load_settings()
        assert settings.name == "Xã Hòa Bình"
        assert [(s.name, f"{s.start:%H:%M}", f"{s.end:%H:%M}") for s in settings.slots] == [
            ("Sáng", "06:00", "06:30"),
            ("Chiều", "17:00", "17:30"),
        ]
        path_input = app.query_one("#import-path")
        path_input.value = str(FOUNDING_SAMPLE)
        path_input.focus()
        await pilot.press("enter")
        await settle(pilot)
        store = open_store()
        text = script_version(store, 1).text
        store.dispose()
        assert "xã Hòa Bình" in text and "Tân Thành" not in text


def approved_sample(*, with_audio: bool = True) -> tuple[int, int]:
    """The sample imported and approved (campaign 07/09–14/09/2021); (script id, program id)."""
    script_id = imported()
    audio = (give_audio(script_id, 1, "v1.wav"), 2.0) if with_audio else None
    store = open_store()
    program_id, _ = operations.approve_script(store, script_id, "chị Lan", version=1, audio=audio)
    store.dispose()
    return script_id, program_id


async def test_the_week_follows_the_work() -> None:
    _script, program_id = approved_sample()
    store = open_store()
    operations.disable_program(store, program_id)
    store.dispose()
    far = dt.date(2026, 12, 2)  # years after the campaign
    app = make_app(today=far)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        assert "Tuần 30/11–06/12/2026" in widget_text(app, "#week-title")
        app.query_one("#program", Select).value = program_id
        await pilot.press("c")  # to the campaign's first week
        await settle(pilot)
        assert "Tuần 06/09–12/09/2021" in widget_text(app, "#week-title")
        assert "0 lượt phát" in widget_text(app, "#week-pane StatusLine")  # suspended
        await pilot.press("b")  # switched back on from the screen
        await settle(pilot)
        assert "Đã bật lại" in widget_text(app, "#week-pane StatusLine")
        assert "T3 07/09 | 1 bài" in table_text(app, "#grid")
        await pilot.press("t")
        await settle(pilot)
        assert "Tuần 30/11–06/12/2026" in widget_text(app, "#week-title")
        await pilot.press("n")
        await settle(pilot)
        app.screen.query_one("#date", Input).value = "13/9/2021"
        await pilot.press("enter")
        await settle(pilot)
        assert "Tuần 13/09–19/09/2021" in widget_text(app, "#week-title")

        # Adding outside the campaign is refused with its dates, not "added" then invisible.
        app.query_one("#grid").focus()
        await pilot.press("down", "down", "down")  # Thursday 16/09, after the campaign's end
        app.query_one("#program", Select).value = program_id
        await pilot.press("a")
        await settle(pilot)
        status = widget_text(app, "#week-pane StatusLine")
        assert "Đã thêm" not in status and "14/09/2021" in status

        # The emergency question names the broadcast, not a number.
        await pilot.press("e")
        await settle(pilot)
        assert "Truyền thông chống dịch" in widget_text(app.screen, "#question")
        await pilot.press("n")


async def test_the_week_warns_of_a_program_without_audio() -> None:
    approved_sample(with_audio=False)
    app = make_app(today=DAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        assert "chưa có âm thanh" in widget_text(app, "#unplaced")


async def test_typing_after_f2_goes_to_the_path_box_and_a_dropped_quoted_path_imports() -> None:
    app = make_app(today=DAY, browse_root=FOUNDING_SAMPLE.parent)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        assert app.focused is app.query_one("#scripts")
        await pilot.press(*"/tm")
        path_box = app.query_one("#import-path", Input)
        assert app.focused is path_box and path_box.value == "/tm"

        # A file dropped on the terminal is a paste of its quoted path, to the list in focus.
        path_box.value = ""
        await pilot.press("f2")
        assert app.focused is app.query_one("#scripts")
        app.post_message(events.Paste(f"'{FOUNDING_SAMPLE}'\n"))
        await pilot.pause()
        assert app.focused is path_box and path_box.value == f"'{FOUNDING_SAMPLE}'"
        await pilot.press("enter")
        await settle(pilot)
        assert "Đã nhập" in widget_text(app, "#directives-pane StatusLine")
        assert "nháp bản 1" in table_text(app, "#scripts")


async def test_the_file_browser_goes_up_above_its_start_folder() -> None:
    app = make_app(today=DAY, browse_root=FOUNDING_SAMPLE.parent)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        await pilot.press("backspace")
        await settle(pilot)
        tree = app.query_one("#browser", DirectoryTree)
        assert Path(tree.path) == FOUNDING_SAMPLE.parent.parent
        assert "lên thư mục cha" in widget_text(app, "#directives-pane StatusLine")


async def test_the_as_run_reason_stays_on_screen_at_80_columns() -> None:
    from zoneinfo import ZoneInfo

    from radio_sched.schedule.model import Outcome, Placement, Priority
    from radio_sched.store import asrun

    zone = ZoneInfo("Asia/Ho_Chi_Minh")
    start = dt.datetime(2021, 9, 7, 6, 0, tzinfo=zone)
    item = Placement(
        key="a",
        program_id=1,
        title="Truyền thông chống dịch COVID-19 “Thích ứng an toàn để trở lại cuộc sống”",
        start=start,
        end=start + dt.timedelta(minutes=5),
        slot="Sáng",
        priority=Priority.NORMAL,
        day=start.date(),
        slot_start=start,
        slot_end=start + dt.timedelta(minutes=30),
    )
    store = open_store()
    with store.session() as session:
        session.add(asrun.new_row(item, Outcome.MISSED, "mất điện", "file"))
    store.dispose()
    app = make_app(today=DAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        shown = screen_text(app)
        assert "bỏ lỡ" in shown and "mất điện" in shown
