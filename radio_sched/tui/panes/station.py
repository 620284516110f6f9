"""Cài đặt: the station's name, slots, dialect, voice, loudness target and player."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Label

from radio_sched.config import StationSettings
from radio_sched.tui.messages import ActionFailed, SettingsSaved
from radio_sched.tui.panes.audio import ENGINES
from radio_sched.tui.panes.base import Pane, StatusLine
from radio_sched.tui.select import Select
from radio_sched.tui.services import plain_error

DIALECTS = (("Miền Bắc (nghìn, linh)", "north"), ("Miền Nam (ngàn, lẻ)", "south"))
PLAYERS = (
    ("Loa của máy này", "miniaudio"),
    ("Chương trình phát khác (ghi trong tệp cài đặt)", "command"),
    ("Ghi ra tệp (để thử)", "file"),
)


def check_piper_choice(settings: StationSettings) -> None:
    """The Piper voice needs its file: refused when saved, as a form error."""
    from radio_sched.audio.piper_engine import check_piper_choice as check
    from radio_sched.errors import UserError

    try:
        check(settings)
    except UserError as error:
        raise ValueError(str(error)) from error


def microphones(chosen: str, *, listed: bool = True) -> list[tuple[str, str]]:
    """The capture devices to choose from: the system's default first, then each by name (the
    one in the settings kept even when it is unplugged, so saving does not lose it). Without
    ``listed`` the system is not asked (only the default and the chosen one)."""
    from radio_sched.audio.capture import capture_devices

    names = capture_devices() if listed else []
    if chosen and chosen not in names:
        names.append(chosen)
    # The same first line on every machine (screenshots of this screen do not depend on the
    # host); without a microphone, Thu âm says so when asked to record.
    return [("Micro mặc định của máy", ""), *((name, name) for name in names)]


def slots_text(settings: StationSettings) -> str:
    return ", ".join(f"{slot.name} {slot.start:%H:%M}-{slot.end:%H:%M}" for slot in settings.slots)


class StationPane(Pane):
    DEFAULT_CSS = """
    StationPane #form { height: 1fr; }
    StationPane .field { height: 3; }
    StationPane .field Label { width: 18; padding: 1 1 0 0; text-align: right; }
    StationPane .field Input, StationPane .field Select { width: 1fr; }
    StationPane #save { margin-left: 18; }
    """
    MAIN = "#name"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+s", "save", "Lưu cài đặt")]

    def compose(self) -> ComposeResult:
        settings = self.ctx.settings
        with VerticalScroll(id="form"):
            with Horizontal(classes="field"):
                yield Label("Tên đài")
                yield Input(settings.name, id="name")
            with Horizontal(classes="field"):
                yield Label("Khung giờ")
                yield Input(
                    slots_text(settings),
                    id="slots",
                    placeholder="Sáng 06:00-06:30, Chiều 17:00-17:30",
                )
            with Horizontal(classes="field"):
                yield Label("Cách đọc số")
                yield Select(
                    DIALECTS, value=settings.dialect.value, allow_blank=False, id="dialect"
                )
            with Horizontal(classes="field"):
                yield Label("Giọng đọc")
                yield Select(ENGINES, value=settings.engine, allow_blank=False, id="engine")
            with Horizontal(classes="field"):
                yield Label("Tệp giọng .onnx")
                yield Input(
                    settings.piper_model,
                    id="piper-model",
                    placeholder="tên tệp trong thư mục giọng, hoặc đường dẫn",
                )
            with Horizontal(classes="field"):
                yield Label("Độ lớn chuẩn")
                yield Input(f"{settings.loudness_lufs:g}", id="loudness")
            with Horizontal(classes="field"):
                yield Label("Cách phát")
                yield Select(PLAYERS, value=settings.player, allow_blank=False, id="player")
            with Horizontal(classes="field"):
                yield Label("Micro thu âm")
                yield Select(
                    microphones(settings.capture_device, listed=False),
                    value=settings.capture_device,
                    allow_blank=False,
                    id="capture-device",
                )
            yield Button("Lưu (Ctrl+S)", id="save", variant="primary")
        yield StatusLine("Sửa rồi bấm Ctrl+S; cài đặt được ghi vào tệp của đài, kèm chú thích.")

    microphones_listed = False

    def on_show(self) -> None:
        # Asking the system for its microphones takes 0.06-0.2 s: done when Cài đặt is first
        # shown, not at every start of the program (the field shows the same choice meanwhile).
        if self.microphones_listed:
            return
        self.microphones_listed = True
        select = self.query_one("#capture-device", Select)
        chosen = select.value
        select.set_options(microphones(self.ctx.settings.capture_device))
        select.value = chosen

    def form_values(self) -> dict[str, Any]:
        """The form as the settings file's fields; validation is the config module's job.
        Slots are read as the operator types them ("Sáng 6h-6h30, Chiều 17:00-17:30")."""
        return {
            "name": " ".join(self.query_one("#name", Input).value.split()),
            "dialect": self.query_one("#dialect", Select).value,
            "engine": self.query_one("#engine", Select).value,
            "piper_model": self.query_one("#piper-model", Input).value.strip(),
            "loudness_lufs": self.query_one("#loudness", Input).value.strip().replace(",", "."),
            "player": self.query_one("#player", Select).value,
            "capture_device": self.query_one("#capture-device", Select).value,
            "slots": self.query_one("#slots", Input).value,
        }

    def show_settings(self, settings: StationSettings) -> None:
        """Settings saved elsewhere (the first-start screen) shown in the form."""
        self.query_one("#name", Input).value = settings.name
        self.query_one("#slots", Input).value = slots_text(settings)
        self.query_one("#dialect", Select).value = settings.dialect.value

    @work(thread=True, exclusive=True, group="settings")
    def save(self, values: dict[str, Any]) -> None:
        from dataclasses import asdict, replace

        from radio_sched.config import parse_slots, save_settings, settings_from_dict

        try:
            current = asdict(self.ctx.settings)
            current.pop("slots")
            values = {**values, "slots": parse_slots(str(values["slots"]))}
            raw = {**current, **{k: v for k, v in values.items() if k != "slots"}}
            checked = replace(settings_from_dict(raw, source="Cài đặt"), slots=values["slots"])
            if not checked.name:
                raise ValueError("tên đài không được để trống")
            if not checked.slots:
                raise ValueError("cần ít nhất một khung giờ, ví dụ: Sáng 06:00-06:30")
            check_piper_choice(checked)
            settings = replace(self.ctx.settings, **{k: getattr(checked, k) for k in values})
            path = save_settings(settings)
        except ValueError as error:
            self.post_message(ActionFailed(f"Chưa lưu: {error}"))
            return
        except Exception as error:  # noqa: BLE001
            self.post_message(ActionFailed(plain_error(error)))
            return
        self.post_message(SettingsSaved(path, settings))

    def on_settings_saved(self, event: SettingsSaved) -> None:
        self.ctx.settings = event.settings
        self.status.say("Đã lưu cài đặt của đài.", "ok")

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        self.save(self.form_values())
