"""What every pane shares: the station context and a status line that speaks plainly."""

from __future__ import annotations

import datetime as dt

from textual.containers import Vertical
from textual.widgets import Static

from radio_sched.tui.context import TuiContext
from radio_sched.tui.messages import ActionFailed

WEEKDAY_SHORT = ("T2", "T3", "T4", "T5", "T6", "T7", "CN")


def shorten(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters with an ellipsis."""
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def day_label(day: dt.date) -> str:
    return f"{WEEKDAY_SHORT[day.weekday()]} {day:%d/%m}"


class StatusLine(Static):
    DEFAULT_CSS = """
    StatusLine { height: auto; max-height: 3; color: $text-muted; padding: 0 1; }
    StatusLine.-error { color: $text-error; text-style: bold; }
    StatusLine.-ok { color: $text-success; }
    """

    def say(self, text: str, kind: str = "") -> None:
        self.set_class(kind == "error", "-error")
        self.set_class(kind == "ok", "-ok")
        self.update(text)


class Pane(Vertical):
    """A feature's screen area; workers post messages, handlers update widgets."""

    def __init__(self, ctx: TuiContext, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.ctx = ctx

    @property
    def status(self) -> StatusLine:
        return self.query_one(StatusLine)

    def on_action_failed(self, event: ActionFailed) -> None:
        # Subclasses do not define this handler: Textual would call both (it walks the MRO).
        event.stop()
        self.status.say(event.text, "error")
        self.on_failure()

    MAIN = ""
    """Selector of the widget that takes focus when the pane is shown."""

    def focus_main(self) -> None:
        if self.MAIN:
            self.query_one(self.MAIN).focus()

    def is_showing(self) -> bool:
        """The pane's tab is the one on screen (hidden tabs skip their periodic refresh)."""
        return self.parent is not None and bool(self.parent.display) and self.screen.is_current

    def on_failure(self) -> None:
        """Put buttons and progress back after a failed worker."""
