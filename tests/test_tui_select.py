"""The drop-down survives a value set before its label is mounted (textual#6581): on a loaded PC
the settings pane, mounted late, stopped the whole program at start."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.css.query import NoMatches
from textual.widgets import Select as TextualSelect
from textual.widgets import Static

from pilot import settle
from radio_sched.tui.select import Select

OPTIONS = [("Miền Bắc (nghìn, linh)", "north"), ("Miền Nam (ngàn, lẻ)", "south")]


class OneSelect(App[None]):
    def __init__(self, kind: type[TextualSelect[str]]) -> None:
        super().__init__()
        self.kind = kind

    def compose(self) -> ComposeResult:
        yield self.kind(OPTIONS, value="north", allow_blank=False, id="dialect")


async def test_a_value_set_before_the_label_is_mounted_is_shown_once_it_is() -> None:
    app = OneSelect(Select)
    async with app.run_test() as pilot:
        select = app.query_one("#dialect", Select)
        current = select.children[0]
        await current.query_one("#label").remove()  # as before the label's mount, on a slow start
        select.value = "south"
        assert select.value == "south"
        await current.mount(Static("", id="label"))
        await settle(pilot)
        await pilot.pause()
        assert str(current.query_one("#label", Static).render()) == "Miền Nam (ngàn, lẻ)"


async def test_textuals_own_select_still_stops_there() -> None:
    """When this fails, Textual has fixed #6581: radio_sched/tui/select.py can go."""
    app = OneSelect(TextualSelect)
    async with app.run_test():
        select = app.query_one("#dialect", TextualSelect)
        await select.children[0].query_one("#label").remove()
        with pytest.raises(NoMatches):
            select.value = "south"
