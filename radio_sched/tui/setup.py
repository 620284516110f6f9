"""First start: a station without settings asks for its name, district, slots and dialect before
anything else, so nothing is ever composed or aired under a name the operator did not give."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from radio_sched.config import SettingsError, StationSettings, parse_slots, save_settings
from radio_sched.models import Dialect
from radio_sched.tui.select import Select

DIALECTS = (("Miền Bắc (nghìn, linh)", "north"), ("Miền Nam (ngàn, lẻ)", "south"))
DEFAULT_SLOTS = "Sáng 06:00-06:30, Chiều 17:00-17:30"


class SetupScreen(ModalScreen[StationSettings]):
    DEFAULT_CSS = """
    SetupScreen { align: center middle; }
    SetupScreen > Vertical {
        width: 78; max-width: 100%; height: auto; max-height: 100%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    SetupScreen .field { height: 3; }
    SetupScreen .field Label { width: 14; padding: 1 1 0 0; text-align: right; }
    SetupScreen .field Input, SetupScreen .field Select { width: 1fr; }
    SetupScreen #setup-error { color: $text-error; text-style: bold; height: auto; }
    SetupScreen #setup-buttons { height: 3; align-horizontal: right; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+s", "save", "Lưu")]

    def __init__(self, settings: StationSettings) -> None:
        super().__init__()
        self.settings = settings

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                "[b]Cài đặt đài lần đầu[/b] · tên đài được đọc ở đầu và cuối mỗi bản tin.",
                id="setup-intro",
            )
            with Horizontal(classes="field"):
                yield Label("Tên xã/phường")
                yield Input(placeholder="Ví dụ: Xã Hòa Bình", id="setup-name")
            with Horizontal(classes="field"):
                yield Label("Huyện")
                yield Input(
                    self.settings.district, placeholder="Ví dụ: Huyện Tân Trụ", id="setup-district"
                )
            with Horizontal(classes="field"):
                yield Label("Khung giờ")
                yield Input(DEFAULT_SLOTS, placeholder=DEFAULT_SLOTS, id="setup-slots")
            with Horizontal(classes="field"):
                yield Label("Cách đọc số")
                yield Select(
                    DIALECTS,
                    value=self.settings.dialect.value,
                    allow_blank=False,
                    id="setup-dialect",
                )
            yield Static("", id="setup-error")
            with Horizontal(id="setup-buttons"):
                yield Button("Lưu và bắt đầu (Ctrl+S)", id="setup-save", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#setup-name", Input).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "setup-save":
            self.action_save()

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self.action_save()

    def action_save(self) -> None:
        name = " ".join(self.query_one("#setup-name", Input).value.split())
        error = self.query_one("#setup-error", Static)
        if not name:
            error.update("Hãy nhập tên xã/phường của đài, ví dụ: Xã Hòa Bình.")
            self.query_one("#setup-name", Input).focus()
            return
        try:
            slots = parse_slots(self.query_one("#setup-slots", Input).value)
            if not slots:
                raise SettingsError("cần ít nhất một khung giờ, ví dụ: Sáng 06:00-06:30")
            dialect = self.query_one("#setup-dialect", Select).value
            settings = replace(
                self.settings,
                name=name,
                district=" ".join(self.query_one("#setup-district", Input).value.split()),
                slots=slots,
                dialect=Dialect(str(dialect)),
            )
            save_settings(settings)
        except (SettingsError, OSError) as problem:
            error.update(f"Chưa lưu: {problem}")
            return
        self.dismiss(settings)
