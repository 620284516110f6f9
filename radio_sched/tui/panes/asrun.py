"""Nhật ký phát: what played, was missed or failed on a day; export the week's report."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Static

from radio_sched import durations
from radio_sched.schedule.model import Outcome
from radio_sched.tui.messages import ActionFailed, AsRunLoaded, ReportExported
from radio_sched.tui.panes.base import Pane, StatusLine, day_label, shorten
from radio_sched.tui.services import plain_error

OUTCOME_STYLES = {
    Outcome.PLAYED: "green",
    Outcome.MISSED: "yellow",
    Outcome.FAILED: "bold red",
    Outcome.SKIPPED: "yellow",
    Outcome.PLAYING: "bold cyan",
    Outcome.INTERRUPTED: "cyan",
}


REFRESH_SECONDS = 10.0


# Only the operator's own voice is worth a word: synthetic is what every other program is.
_READER_VOICE = {"recorded": "giọng người đọc", "mixed": "giọng người đọc và giọng máy"}


def _with_voice(reason: str, sources: str | None) -> str:
    voice = _READER_VOICE.get(sources or "")
    if voice is None:
        return reason
    return f"{voice}; {reason}" if reason else voice


class AsRunPane(Pane):
    DEFAULT_CSS = """
    AsRunPane #asrun-title { height: 1; padding: 0 1; text-style: bold; }
    AsRunPane #asrun-table { height: 1fr; }
    """
    MAIN = "#asrun-table"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left_square_bracket", "day(-1)", "Ngày trước"),
        Binding("right_square_bracket", "day(1)", "Ngày sau"),
        Binding("t", "today", "Hôm nay"),
        Binding("f", "reload", "Làm mới"),
        Binding("x", "export", "Xuất báo cáo"),
    ]

    day: dt.date

    def compose(self) -> ComposeResult:
        self.day = self.ctx.today()
        yield Static("", id="asrun-title")
        table: DataTable[Any] = DataTable(id="asrun-table", cursor_type="row", zebra_stripes=True)
        table.add_columns("Giờ", "Khung", "Kết quả", "Chương trình", "Đã phát", "Lý do")
        yield table
        yield StatusLine("")

    def on_mount(self) -> None:
        self.load_day()
        # The daemon writes the log while this screen is open: what starts playing shows up.
        self.set_interval(REFRESH_SECONDS, self._refresh)

    def _refresh(self) -> None:
        if self.is_showing():
            self.load_day()

    # -- workers ------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="asrun")
    def load_day(self) -> None:
        from radio_sched.report import asrun_records

        day = self.day
        try:
            records = asrun_records(self.ctx.store(), self.ctx.settings, day, day)
        except Exception as error:  # noqa: BLE001
            self.post_message(ActionFailed(plain_error(error)))
            return
        self.post_message(AsRunLoaded(day, list(records)))

    @work(thread=True, exclusive=True, group="report")
    def export(self, first: dt.date, last: dt.date) -> None:
        from radio_sched import locations
        from radio_sched.report import build_report, write_report

        try:
            report = build_report(self.ctx.store(), self.ctx.settings, first, last, number="")
            output = locations.exports_dir() / f"bao-cao_{first:%Y%m%d}-{last:%Y%m%d}.docx"
            write_report(report, output, "docx")
        except Exception as error:  # noqa: BLE001
            self.post_message(ActionFailed(plain_error(error)))
            return
        self.post_message(ReportExported(output))

    # -- events -------------------------------------------------------------------------------

    def on_as_run_loaded(self, event: AsRunLoaded) -> None:
        if event.day != self.day:
            return
        self.query_one("#asrun-title", Static).update(
            f"Nhật ký phát {day_label(event.day)}/{event.day:%Y}   "
            "[ ] đổi ngày · T hôm nay · X xuất báo cáo tuần"
        )
        table = self.query_one("#asrun-table", DataTable)
        table.clear()
        zone = self.ctx.settings.zone
        # At 80 columns the reason, not the whole title, is what must stay on screen.
        title_width = max(14, self.app.size.width - 64)
        for record in event.records:
            outcome = record.outcome
            table.add_row(
                f"{record.scheduled_start.astimezone(zone):%H:%M}",
                record.slot,
                Text(outcome.label, style=OUTCOME_STYLES[outcome]),
                shorten(record.title, title_width),
                durations.short(record.seconds_played),
                _with_voice(record.reason, record.sources),
            )
        if event.records:
            self.status.say(f"{len(event.records)} mục trong nhật ký.")
        else:
            self.status.say("Ngày này chưa có gì trong nhật ký phát.")

    def on_report_exported(self, event: ReportExported) -> None:
        self.status.say(f"Đã ghi báo cáo: {event.path}", "ok")

    # -- actions ------------------------------------------------------------------------------

    def action_day(self, step: int) -> None:
        self.day += dt.timedelta(days=step)
        self.load_day()

    def action_today(self) -> None:
        self.day = self.ctx.today()
        self.load_day()

    def action_reload(self) -> None:
        self.load_day()

    def action_export(self) -> None:
        first = self.day - dt.timedelta(days=self.day.weekday())
        self.status.say("Đang xuất báo cáo…")
        self.export(first, first + dt.timedelta(days=6))
