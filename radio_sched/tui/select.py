"""The drop-down on every screen: Textual's ``Select``, safe on a slow start.

A ``Select`` sets its first value as it mounts, and shows it in a label of its own that may not
be mounted yet on a loaded PC: the program stopped at start with ``NoMatches`` (textual#6581,
open upstream; seen here when the TUI started while another test suite ran, on the settings
pane that is mounted late). The value is kept at once and shown when the label is there.
"""

from __future__ import annotations

from typing import Any, TypeVar

from textual.css.query import NoMatches
from textual.widgets import Select as TextualSelect

SelectType = TypeVar("SelectType")
_RETRIES = 20  # refreshes to wait for the label; it comes with the next one or two


class Select(TextualSelect[SelectType]):
    def _watch_value(self, value: Any) -> None:
        self._show_value(value, _RETRIES)

    def _show_value(self, value: Any, retries: int) -> None:
        try:
            super()._watch_value(value)
        except NoMatches:
            if retries and self.is_attached:
                self.call_after_refresh(self._show_later, value, retries - 1)

    def _show_later(self, value: Any, retries: int) -> None:
        if value == self.value:  # not replaced meanwhile
            self._show_value(value, retries)
