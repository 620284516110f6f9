"""The operator's whole day at 80×24 on a fresh station home, from the first start to the report,
with no English on any screen it visits (asserted on the rendered screen: every word a
Vietnamese syllable, except key names, acronyms and the directive's and paths' own words).

First start (name, slots typed "6h-6h30") → import by dropping the file (a quoted path pasted) → the
directive's sentences beside the script, one toggled → a short script saved and approved →
audio with the machine voice → the week → an emergency aired by the daemon → the as-run log →
the week's report."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.widgets import Input, Select, TextArea

from conftest import FOUNDING_SAMPLE
from pilot import screen_text, settle, start_dry_run_daemon, table_text, until, widget_text
from radio_sched.directive.syllables import is_syllable
from radio_sched.tui.app import make_app
from radio_sched.tui.panes.week import WeekPane

SHORT_SCRIPT = "Kính thưa bà con. Chiều nay 17h30 có họp tổ dân phố."
KEY_NAMES = {"enter", "esc", "tab", "shift", "ctrl", "backspace", "space"}
WORD = re.compile(r"[^\W\d_]+")


def foreign_words(text: str, allowed: set[str]) -> set[str]:
    """Words on screen that are not Vietnamese: neither a syllable, nor an acronym, nor a key,
    nor a file extension, nor a word of the directive or of a path the operator gave."""
    found: set[str] = set()
    for match in WORD.finditer(text):
        word = match.group()
        if match.start() and text[match.start() - 1] == ".":
            continue  # a file's extension: .docx, .mp3
        after = text[match.end() : match.end() + 1]
        if after in ("…", "\n", ""):
            continue  # cut short by the screen's width ("Truyền thông ch…")
        if len(word) == 1 or word.isupper() or word.casefold() in allowed:
            continue
        line_start = text.rfind("\n", 0, match.start()) + 1
        if not text[line_start : match.start()].strip(" │▏▕") and any(
            known.endswith(word.casefold()) for known in allowed
        ):
            continue  # the rest of a long path folded onto the next line ("ex" / "ports")
        if word.casefold() in KEY_NAMES or is_syllable(word):
            continue
        found.add(word)
    return found


def words_of(*texts: str) -> set[str]:
    return {w.casefold() for text in texts for w in WORD.findall(text)}


def check_screen(app: Any, allowed: set[str], where: str) -> str:
    shown = screen_text(app)
    foreign = foreign_words(shown, allowed)
    assert not foreign, f"{where}: {foreign} on the screen:\n{shown}"
    assert "--" not in shown.replace("──", ""), where  # no command-line flags
    return shown


@pytest.mark.realtime  # the daemon airs the emergency on the wall clock
async def test_a_whole_day_from_first_start_to_the_report(station_home: Path) -> None:
    (station_home / "station.toml").unlink()  # a fresh station home
    from radio_sched import locations

    # A path is shown as it is on disk (where the report was written).
    allowed = words_of(
        FOUNDING_SAMPLE.read_text(encoding="utf-8"),
        str(FOUNDING_SAMPLE),
        str(locations.exports_dir()),
    )
    app = make_app(browse_root=FOUNDING_SAMPLE.parent, player="file")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        shown = check_screen(app, allowed, "cài đặt lần đầu")
        assert "Cài đặt đài lần đầu" in shown
        await pilot.press(*"Xã Hòa Bình")
        app.screen.query_one("#setup-slots", Input).value = "Sáng 5h30-6h30, Chiều 17h-18h"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "xã Hòa Bình" in check_screen(app, allowed, "Văn bản, lúc đầu")

        # Văn bản: the file dropped on the terminal (a paste of its quoted path), then Enter.
        await pilot.press("f2")
        app.post_message(events.Paste(f"'{FOUNDING_SAMPLE}'"))
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        assert "Đã nhập" in check_screen(app, allowed, "Văn bản")

        # Kịch bản: the directive's sentences beside the script; one is put on air.
        app.query_one("#scripts").focus()
        await pilot.press("enter")
        await settle(pilot)
        shown = check_screen(app, allowed, "Kịch bản")
        assert "✓" in shown and "✗" in shown
        decisions = app.query_one("#decisions")
        decisions.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert "Đã đưa câu" in check_screen(app, allowed, "Kịch bản, sau khi đọc/bỏ câu")

        # A short script of the operator's own, saved and approved.
        editor = app.query_one("#editor", TextArea)
        editor.text = SHORT_SCRIPT
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        assert "Đã duyệt" in check_screen(app, allowed, "Kịch bản, đã duyệt")

        # Âm thanh: the machine voice, no network.
        await pilot.press("f4")
        await settle(pilot)
        check_screen(app, allowed, "Âm thanh")
        app.query_one("#engine", Select).value = "offline"
        app.query_one("#sentences").focus()
        await pilot.press("r")
        await settle(pilot)
        shown = check_screen(app, allowed, "Âm thanh, đã tạo")
        assert "giọng đọc máy" in shown and "Lịch phát dùng âm thanh này" in shown

        # Lịch tuần: this week, then the campaign's week; the removal menu; an emergency.
        await pilot.press("f5")
        await settle(pilot)
        check_screen(app, allowed, "Lịch tuần")
        week = app.query_one("#week-pane", WeekPane)
        app.query_one("#program", Select).value = week.programs[0].program_id
        app.query_one("#grid").focus()
        await pilot.press("c")
        await settle(pilot)
        assert "07/09" in check_screen(app, allowed, "Lịch tuần, tuần chiến dịch")
        await pilot.press("e")
        await settle(pilot)
        assert "KHẨN CẤP" in check_screen(app, allowed, "xác nhận khẩn cấp")
        await pilot.press("y")
        await settle(pilot)
        assert "khẩn cấp" in widget_text(app, "#week-pane StatusLine")

        await pilot.press("f7")
        await settle(pilot)
        check_screen(app, allowed, "Cài đặt")
        await pilot.press("f1")
        await settle(pilot)
        check_screen(app, allowed, "Trợ giúp")
        await pilot.press("escape")

        # The daemon airs the emergency; the as-run log shows it; the week's report is written.
        daemon = start_dry_run_daemon(station_home)
        try:
            await pilot.press("f6")
            await settle(pilot)
            await until(
                pilot,
                lambda: "đã phát" in table_text(app, "#asrun-table"),
                "the emergency to be logged as played",
                timeout=240,
            )
            check_screen(app, allowed, "Nhật ký phát")
            await pilot.press("x")
            await settle(pilot)
            assert "Đã ghi báo cáo" in check_screen(app, allowed, "Nhật ký phát, báo cáo")
        finally:
            daemon.terminate()
            daemon.communicate(timeout=120)
    reports = list((station_home / "exports").glob("bao-cao_*.docx"))
    assert len(reports) == 1

    from docx import Document

    text = "\n".join(p.text for p in Document(str(reports[0])).paragraphs)
    assert "xã Hòa Bình" in text and "Tân Thành" not in text
