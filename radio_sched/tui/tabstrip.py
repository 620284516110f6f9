"""The row of screen names under the station bar: F-keys switch, a click switches too.

A Static rather than Textual's Tabs: it draws the same information in one line and keeps the
first screen within the start-up budget (Tabs with its animated underline cost about as much as
all of radio-sched's own code)."""

from __future__ import annotations

from collections.abc import Sequence

from textual.widgets import Static


class TabStrip(Static):
    DEFAULT_CSS = """
    TabStrip {
        height: 1;
        background: $panel;
        color: $text-muted;
    }
    """

    def __init__(self, tabs: Sequence[tuple[str, str, str]], active: str) -> None:
        super().__init__(id="tab-strip", markup=True)
        self.tabs = tuple(tabs)
        self.show(active)

    def show(self, active: str) -> None:
        parts = []
        for tab, label, key in self.tabs:
            text = f"{label} {key.upper()}"
            if tab == active:
                parts.append(f"[@click=app.show_tab('{tab}')][b reverse] {text} [/][/]")
            else:
                parts.append(f"[@click=app.show_tab('{tab}')] {text} [/]")
        self.update("".join(parts))
