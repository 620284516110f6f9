"""Issue 10 item 6 on the Kịch bản screen: every source sentence beside the script with the
composer's decision and reason; one key puts a sentence on air or takes it off, the script is
recomposed keeping the operator's edits where they still apply and naming those that could not
be kept; a directive that gives citizens nothing to do carries a visible note."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import OptionList, TextArea

from conftest import DATA_DIR, FOUNDING_SAMPLE
from pilot import settle, widget_text
from radio_sched.config import load_settings
from radio_sched.script.pipeline import import_directive
from radio_sched.store import open_store
from radio_sched.tui.app import make_app
from radio_sched.tui.panes.script import ScriptPane

DAY = dt.date(2021, 9, 7)
AGENCY_ONLY = DATA_DIR / "directives" / "01_bau_cu_condao_stttt169.txt"


def imported(path: Path) -> int:
    store = open_store()
    result = import_directive(store, path, commune=load_settings().name)
    store.dispose()
    return result.script_id


def listed(app: App[None]) -> list[str]:
    options = app.query_one("#decisions", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


def line_of(app: App[None], sentence_id: int) -> str:
    return next(line for line in listed(app) if line[2:].startswith(f"{sentence_id}. "))


async def highlight(app: App[None], pilot: Pilot[None], sentence_id: int) -> None:
    options = app.query_one("#decisions", OptionList)
    options.focus()
    index = next(i for i, line in enumerate(listed(app)) if line[2:].startswith(f"{sentence_id}. "))
    options.highlighted = index


async def test_sentences_beside_the_script_toggle_with_one_key_and_keep_edits() -> None:
    script_id = imported(FOUNDING_SAMPLE)
    app = make_app(today=DAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_script(script_id, switch=True)
        await settle(pilot)
        pane = app.query_one("#script-pane", ScriptPane)
        assert app.query_one("#decisions").display
        lines = listed(app)
        assert len(lines) == len(pane.decisions) > 5
        agency = line_of(app, 13)
        assert agency.startswith("✗ 13.") and "Việc của cơ quan" in agency
        assert any(line.startswith("✓ ") and "Thông tin cho dân" in line for line in lines)

        # The operator's own edit, saved; then sentence 13 goes on air with one key.
        editor = app.query_one("#editor", TextArea)
        editor.text = editor.text.replace("Kính thưa", "Kính gửi", 1)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await highlight(app, pilot, 13)
        await pilot.press("enter")
        await settle(pilot)
        status = widget_text(app, "#script-pane StatusLine")
        assert "Đã đưa câu 13 vào kịch bản" in status and "giữ nguyên" in status
        assert line_of(app, 13).startswith("✓ 13.") and "biên tập" in line_of(app, 13).lower()
        aired = next(d for d in pane.decisions if d.id == 13).aired
        assert aired and aired[:40] in editor.text
        assert "Kính gửi" in editor.text

        # An edit inside a sentence that is then taken off cannot be kept: the screen says so.
        two = next(d for d in pane.decisions if d.id == 2).aired
        assert two
        start = two[:40]  # the composer may split a long sentence; its start is in the script
        assert start in editor.text
        editor.text = editor.text.replace(start, "Đặc biệt lưu ý: " + start, 1)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await highlight(app, pilot, 2)
        await pilot.press("f9")
        await settle(pilot)
        status = widget_text(app, "#script-pane StatusLine")
        assert "Đã bỏ câu 2 khỏi kịch bản" in status
        assert "Không giữ được chỗ sửa" in status
        assert line_of(app, 2).startswith("✗ 2.")
        assert "Đặc biệt lưu ý" not in editor.text and "Kính gửi" in editor.text


async def test_unsaved_edits_are_not_lost_to_a_toggle() -> None:
    script_id = imported(FOUNDING_SAMPLE)
    app = make_app(today=DAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_script(script_id, switch=True)
        await settle(pilot)
        editor = app.query_one("#editor", TextArea)
        editor.text = editor.text + " Xin cảm ơn."
        await highlight(app, pilot, 13)
        await pilot.press("enter")
        await settle(pilot)
        assert "chưa lưu" in widget_text(app, "#script-pane StatusLine")
        assert editor.text.endswith("Xin cảm ơn.")
        assert line_of(app, 13).startswith("✗ 13.")


async def test_a_directive_with_nothing_for_citizens_shows_a_note() -> None:
    script_id = imported(AGENCY_ONLY)
    informative = imported(FOUNDING_SAMPLE)
    app = make_app(today=DAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_script(script_id, switch=True)
        await settle(pilot)
        note = app.query_one("#review-note")
        assert note.display and note.region.height > 0
        assert "không có việc gì bà con phải làm" in widget_text(app, "#review-note")
        app.open_script(informative, switch=True)
        await settle(pilot)
        assert "không có việc gì bà con phải làm" not in widget_text(app, "#review-note")
