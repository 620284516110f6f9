"""Screens shown over the panes: the help screen, a yes/no confirmation, and the emergency
order (a confirmation that also asks how often to repeat)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from radio_sched.tui.select import Select

HELP_TEXT = """\
[b]Chuyển màn hình[/b]
  F2 Văn bản   F3 Kịch bản   F4 Âm thanh   F5 Lịch tuần   F6 Nhật ký phát   F7 Cài đặt
  Tab / Shift+Tab chuyển giữa các ô; chuột dùng được nhưng không bắt buộc.

[b]Văn bản[/b]  Ctrl+O mở/đóng trình chọn tệp · Enter trong ô đường dẫn: nhập văn bản
  Enter trên một dòng: mở kịch bản · Ctrl+R làm mới danh sách
[b]Kịch bản[/b]  Ctrl+S lưu phiên bản mới · Ctrl+T dạng đọc · Ctrl+L các phiên bản
  F8 duyệt · Enter/F9 trên một câu của văn bản (bên trái): đọc ✓ hoặc bỏ ✗
[b]Âm thanh[/b]  R tổng hợp giọng đọc · X huỷ · P nghe thử · S dừng nghe thử
[b]Lịch tuần[/b]  [ ] tuần trước/sau · T hôm nay · N đến ngày · C chiến dịch
  A thêm · G ghim · D gỡ (lượt, ngày, vài ngày, mọi ngày) · H đặt lại
  B bật lại · L lập lại lịch · E phát khẩn cấp (có hỏi lại)
[b]Nhật ký phát[/b]  [ / ] ngày trước / sau · T hôm nay · X xuất báo cáo tuần (.docx)
[b]Cài đặt[/b]  Ctrl+S lưu cài đặt
[b]Thu âm[/b]  Ctrl+G (kịch bản đang mở) · R thu/dừng · X thu lại · N nghe lại
  ←/→ câu trước/sau · D dựng chương trình với các câu đã thu · Esc đóng

F1 hoặc ? mở trang này · Esc đóng · Ctrl+Q thoát
"""


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 96; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q", "dismiss", "Đóng"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(HELP_TEXT, id="help-text")

    def action_dismiss(self, result: None = None) -> None:  # type: ignore[override]
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    """Asks before anything that cannot be taken back (an emergency goes on air at once)."""

    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > Vertical {
        width: 64; max-width: 100%; height: auto;
        border: thick $error; background: $surface; padding: 1 2;
    }
    ConfirmScreen Horizontal { height: auto; align-horizontal: right; margin-top: 1; }
    ConfirmScreen Button { margin-left: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Đồng ý"),
        Binding("n,escape", "answer(False)", "Huỷ"),
    ]

    def __init__(self, question: str, confirm_label: str = "Đồng ý (Y)") -> None:
        super().__init__()
        self.question = question
        self.confirm_label = confirm_label

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, id="question")
            with Horizontal():
                yield Button("Huỷ (N)", id="no")
                yield Button(self.confirm_label, id="yes", variant="error")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


@dataclass(frozen=True)
class EmergencyOrder:
    """How an emergency repeats after airing at once; no ``every`` means it airs once."""

    every: dt.timedelta | None
    span: dt.timedelta | None


_REPEATS = [
    ("Chỉ phát một lần", 0),
    ("mỗi 10 phút", 10),
    ("mỗi 15 phút", 15),
    ("mỗi 30 phút", 30),
    ("mỗi 1 giờ", 60),
]
_SPANS = [("30 phút", 30), ("1 giờ", 60), ("2 giờ", 120), ("4 giờ", 240)]


class EmergencyScreen(ModalScreen[EmergencyOrder | None]):
    """Asks before an emergency goes on air, and how often to repeat it (as the CLI's
    ``--every`` and ``--for``)."""

    DEFAULT_CSS = """
    EmergencyScreen { align: center middle; }
    EmergencyScreen > Vertical {
        width: 70; max-width: 100%; height: auto;
        border: thick $error; background: $surface; padding: 1 2;
    }
    EmergencyScreen #repeat { height: auto; margin-top: 1; }
    EmergencyScreen #repeat Label { padding: 1 1 0 0; }
    EmergencyScreen #every { width: 24; }
    EmergencyScreen #span { width: 14; }
    EmergencyScreen #buttons { height: auto; align-horizontal: right; margin-top: 1; }
    EmergencyScreen Button { margin-left: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Phát"),
        Binding("n,escape", "answer(False)", "Huỷ"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, id="question")
            with Horizontal(id="repeat"):
                yield Label("Nhắc lại")
                yield Select(_REPEATS, value=0, allow_blank=False, id="every")
                yield Label("trong")
                yield Select(_SPANS, value=60, allow_blank=False, id="span")
            with Horizontal(id="buttons"):
                yield Button("Huỷ (N)", id="no")
                yield Button("Phát khẩn cấp (Y)", id="yes", variant="error")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_answer(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(self.order() if answer else None)

    def order(self) -> EmergencyOrder:
        every = self.query_one("#every", Select).value
        span = self.query_one("#span", Select).value
        if not isinstance(every, int) or every == 0:
            return EmergencyOrder(None, None)
        minutes = span if isinstance(span, int) else 60
        return EmergencyOrder(dt.timedelta(minutes=every), dt.timedelta(minutes=minutes))


class UnsavedScreen(ModalScreen[str]):
    """Quitting with unsaved script edits asks: save, discard or stay ("save", "discard",
    "stay")."""

    DEFAULT_CSS = """
    UnsavedScreen { align: center middle; }
    UnsavedScreen > Vertical {
        width: 70; max-width: 100%; height: auto;
        border: thick $warning; background: $surface; padding: 1 2;
    }
    UnsavedScreen Horizontal { height: auto; align-horizontal: right; margin-top: 1; }
    UnsavedScreen Button { margin-left: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("l", "answer('save')", "Lưu rồi thoát"),
        Binding("b", "answer('discard')", "Bỏ chỗ sửa"),
        Binding("o,escape", "answer('stay')", "Ở lại"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, id="question")
            with Horizontal():
                yield Button("Ở lại (O)", id="stay")
                yield Button("Bỏ chỗ sửa (B)", id="discard", variant="error")
                yield Button("Lưu rồi thoát (L)", id="save", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#stay", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(str(event.button.id))

    def action_answer(self, answer: str) -> None:
        self.dismiss(answer)


class DateScreen(ModalScreen["dt.date | None"]):
    """Asks for a date to show ("07/09/2021", "7/9/21", "2021-09-07")."""

    DEFAULT_CSS = """
    DateScreen { align: center middle; }
    DateScreen > Vertical {
        width: 50; max-width: 100%; height: auto;
        border: round $accent; background: $surface; padding: 1 2;
    }
    DateScreen #date-error { color: $text-error; height: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Huỷ")]

    def __init__(self, around: dt.date) -> None:
        super().__init__()
        self.around = around

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Đến ngày (ngày/tháng/năm), Enter để xem, Esc để huỷ:")
            yield Input(f"{self.around:%d/%m/%Y}", id="date")
            yield Static("", id="date-error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        day = parse_day(event.value, self.around)
        if day is None:
            self.query_one("#date-error", Static).update(
                f"Không hiểu ngày {event.value.strip()!r}; hãy viết như 07/09/2021."
            )
            return
        self.dismiss(day)

    def action_cancel(self) -> None:
        self.dismiss(None)


def parse_day(text: str, around: dt.date) -> dt.date | None:
    """ "07/09/2021", "7/9/21", "7/9" (the year of ``around``), "2021-09-07"; None if not a day."""
    import re

    text = text.strip()
    try:
        if match := re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2}|\d{4}))?", text):
            day, month, year = match.groups()
            full = around.year if year is None else int(year) + (2000 if len(year) == 2 else 0)
            return dt.date(full, int(month), int(day))
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


class ChoiceScreen(ModalScreen["str | None"]):
    """One question, a few answers, each with its number key; Esc cancels."""

    DEFAULT_CSS = """
    ChoiceScreen { align: center middle; }
    ChoiceScreen > Vertical {
        width: 72; max-width: 100%; height: auto;
        border: thick $warning; background: $surface; padding: 1 2;
    }
    ChoiceScreen Button { width: 100%; margin-top: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Huỷ")]

    def __init__(self, question: str, choices: list[tuple[str, str]]) -> None:
        super().__init__()
        self.question = question
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, id="question")
            for number, (key, label) in enumerate(self.choices, start=1):
                yield Button(f"{number}. {label}", id=f"choice-{key}")
            yield Button("Esc. Huỷ, không gỡ gì", id="choice-cancel")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        key = str(event.button.id).removeprefix("choice-")
        self.dismiss(None if key == "cancel" else key)

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character.isdigit():
            index = int(event.character) - 1
            if 0 <= index < len(self.choices):
                event.stop()
                self.dismiss(self.choices[index][0])

    def action_cancel(self) -> None:
        self.dismiss(None)


class DaysScreen(ModalScreen["list[dt.date] | None"]):
    """Pick days of a week (Space to tick, Enter to confirm)."""

    DEFAULT_CSS = """
    DaysScreen { align: center middle; }
    DaysScreen > Vertical {
        width: 60; max-width: 100%; height: auto;
        border: thick $warning; background: $surface; padding: 1 2;
    }
    DaysScreen SelectionList { height: auto; max-height: 9; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Huỷ"),
        Binding("enter", "confirm", "Gỡ các ngày đã chọn", priority=True),
    ]

    def __init__(self, question: str, days: list[dt.date], ticked: dt.date) -> None:
        super().__init__()
        self.question = question
        self.days = days
        self.ticked = ticked

    def compose(self) -> ComposeResult:
        from textual.widgets import SelectionList

        weekdays = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
        with Vertical():
            yield Static(self.question + "\nDấu cách: chọn/bỏ một ngày · Enter: gỡ · Esc: huỷ")
            yield SelectionList[int](
                *(
                    (f"{weekdays[day.weekday()]} {day:%d/%m/%Y}", index, day == self.ticked)
                    for index, day in enumerate(self.days)
                ),
                id="days",
            )

    def on_mount(self) -> None:
        self.query_one("#days").focus()

    def action_confirm(self) -> None:
        from textual.widgets import SelectionList

        chosen = self.query_one("#days", SelectionList).selected
        self.dismiss([self.days[index] for index in sorted(chosen)])

    def action_cancel(self) -> None:
        self.dismiss(None)
