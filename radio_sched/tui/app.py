"""The application shell: tabs, footer, help, and routing of events between panes.

Kept thin on purpose: each pane owns its widgets and workers; the App only switches tabs and
tells one pane what another did (a script chosen, saved, approved; settings changed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.css.query import NoMatches
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Footer, Static

from radio_sched import locations
from radio_sched.config import StationSettings
from radio_sched.script.templates import station_name
from radio_sched.tui.context import TuiContext
from radio_sched.tui.deferred import Deferred
from radio_sched.tui.messages import (
    DirectiveImported,
    ScriptApproved,
    ScriptChosen,
    ScriptSaved,
    SettingsSaved,
    SynthesisFinished,
)
from radio_sched.tui.modals import HelpScreen, UnsavedScreen
from radio_sched.tui.panes.base import day_label
from radio_sched.tui.panes.directives import DirectivesPane
from radio_sched.tui.tabstrip import TabStrip

if TYPE_CHECKING:
    from radio_sched.audio.capture import CaptureSource
    from radio_sched.schedule.clock import Clock
    from radio_sched.tui.panes.script import ScriptPane
    from radio_sched.tui.panes.week import WeekPane

TABS = (
    ("directives", "Văn bản", "f2", "DirectivesPane"),
    ("script", "Kịch bản", "f3", "ScriptPane"),
    ("audio", "Âm thanh", "f4", "AudioPane"),
    ("week", "Lịch tuần", "f5", "WeekPane"),
    ("asrun", "Nhật ký phát", "f6", "AsRunPane"),
    ("station", "Cài đặt", "f7", "StationPane"),
)


class RadioSchedApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "radio-sched"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Trợ giúp"),
        Binding("question_mark", "help", "Trợ giúp", show=False),
        Binding("ctrl+q", "quit", "Thoát", priority=True),
        Binding("ctrl+g", "record", "Thu âm", show=False),
        *(Binding(key, f"show_tab('{tab}')", label, show=False) for tab, label, key, _ in TABS),
    ]

    quit_after_save = False
    """Ctrl+Q chose "save": the app ends once the save has been recorded."""

    def __init__(self, ctx: TuiContext) -> None:
        super().__init__()
        self.ctx = ctx

    def compose(self) -> ComposeResult:
        yield Static(self._bar_text(), id="station-bar")
        yield TabStrip([(tab, label, key) for tab, label, key, _ in TABS], "directives")
        with ContentSwitcher(initial="directives"):
            for tab, _label, _key, class_name in TABS:
                with Vertical(id=tab, classes="tab"):
                    if tab == "directives":
                        yield DirectivesPane(self.ctx, id="directives-pane")
                    else:
                        # Imported and mounted just after the first screen is drawn.
                        module = f"radio_sched.tui.panes.{tab}"
                        yield Deferred(module, class_name, self.ctx, id=f"{tab}-pane")
        yield Footer()

    def _bar_text(self) -> str:
        today = self.ctx.today()
        station = station_name(self.ctx.settings.name)
        return f" {station} · {day_label(today)}/{today:%Y} · F1 trợ giúp"

    def on_mount(self) -> None:
        if self.ctx.first_start:
            # Nothing is composed or aired under a name the operator did not give.
            from radio_sched.tui.setup import SetupScreen

            self.push_screen(SetupScreen(self.ctx.settings), self._set_up)
        else:
            self._hub_notices()

    @work(thread=True, exclusive=True, group="hub-notices")
    def _hub_notices(self) -> None:
        """The hub's unread notices, said once when the screen opens (radio-sched link
        notices shows them in full and marks them read)."""
        from radio_sched.link.operations import notices

        unread = notices(self.ctx.store(), self.ctx.settings, unread_only=True)
        if unread:
            titles = "; ".join(notice.title for notice in unread[:3])
            more = f" (và {len(unread) - 3} thông báo khác)" if len(unread) > 3 else ""
            self.call_from_thread(
                self.notify,
                f"{titles}{more}. Xem đầy đủ: radio-sched link notices",
                title=f"{len(unread)} thông báo của trung tâm",
                timeout=30,
            )

    def _set_up(self, settings: StationSettings | None) -> None:
        if settings is None:
            return
        self.ctx.first_start = False
        self.ctx.settings = settings
        self.post_message(SettingsSaved(locations.settings_file(), settings))

    def on_unmount(self) -> None:
        self.ctx.close()

    # -- actions ------------------------------------------------------------------------------

    async def action_quit(self) -> None:
        """Unsaved script edits are never lost to Ctrl+Q: the operator chooses."""
        pane = self._script_pane()
        if pane is None or not pane.has_unsaved_edits() or isinstance(self.screen, UnsavedScreen):
            self.exit()
            return

        def answered(answer: str | None) -> None:
            if answer == "discard":
                self.exit()
            elif answer == "save" and pane.script_id is not None:
                self.quit_after_save = True
                pane.action_save()

        self.push_screen(
            UnsavedScreen(
                f"Kịch bản số {pane.script_id} có chỗ sửa chưa lưu. Lưu thành phiên bản mới "
                "rồi thoát, bỏ chỗ sửa, hay ở lại?"
            ),
            answered,
        )

    def action_help_quit(self) -> None:
        self.notify("Bấm Ctrl+Q để thoát.", title="Thoát chương trình?")

    def _script_pane(self) -> ScriptPane | None:
        from radio_sched.tui.panes.script import ScriptPane

        found = self.query(ScriptPane)
        return found.first() if found else None

    def action_record(self) -> None:
        """Thu âm: the script open in Kịch bản, read in the operator's voice."""
        pane = self._script_pane()
        if pane is None or pane.script_id is None:
            self.notify("Hãy mở một kịch bản (F2, Enter) rồi bấm Ctrl+G để thu âm.")
            return
        from radio_sched.tui.recording import RecordingScreen

        self.push_screen(RecordingScreen(self.ctx, pane.script_id, self.ctx.capture))

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    @property
    def active_tab(self) -> str:
        return str(self.query_one(ContentSwitcher).current)

    def action_show_tab(self, tab: str) -> None:
        self.query_one(ContentSwitcher).current = tab
        self.query_one(TabStrip).show(tab)
        # Focus moves into the pane so its key bindings work and show in the footer at once.
        self.on_pane(f"{tab}-pane", lambda pane: pane.focus_main())

    # -- routing between panes ----------------------------------------------------------------

    def on_directive_imported(self, event: DirectiveImported) -> None:
        self.open_script(event.script_id, switch=False)

    def on_script_chosen(self, event: ScriptChosen) -> None:
        self.open_script(event.script_id, switch=True)

    def on_pane(self, pane_id: str, action: Callable[[Any], object]) -> None:
        """Do ``action`` on a pane now, or as soon as it is mounted if it is still deferred."""
        try:
            pane: Widget = self.query_one(f"#{pane_id}")
        except NoMatches:
            for placeholder in self.query(Deferred):
                if placeholder.target_id == pane_id:
                    placeholder.when_ready(action)
                    return
            raise
        action(pane)

    def open_script(self, script_id: int, *, switch: bool) -> None:
        def show_and_focus(pane: ScriptPane) -> None:
            pane.show_script(script_id)
            if switch:
                pane.editor.focus()

        self.on_pane("script-pane", show_and_focus)
        self.on_pane("audio-pane", lambda pane: pane.show_script(script_id))
        if switch:
            self.action_show_tab("script")

    def _reload_week(self) -> None:
        def load(pane: WeekPane) -> None:
            pane.load_week()

        self.on_pane("week-pane", load)

    def on_script_saved(self, event: ScriptSaved) -> None:
        if self.quit_after_save:
            self.exit()
            return
        self.query_one(DirectivesPane).load_scripts()
        self.on_pane("audio-pane", lambda pane: pane.show_script(event.script_id))

    def on_script_approved(self, event: ScriptApproved) -> None:
        self.query_one(DirectivesPane).load_scripts()
        self._reload_week()

    def on_synthesis_finished(self, event: SynthesisFinished) -> None:
        self._reload_week()

    def on_settings_saved(self, event: SettingsSaved) -> None:
        self.query_one("#station-bar", Static).update(self._bar_text())
        self._reload_week()


def make_app(
    *,
    settings: StationSettings | None = None,
    today: dt.date | None = None,
    browse_root: Path | None = None,
    store_url: str | None = None,
    player: str | None = None,
    operator: str = "",
    clock: Clock | None = None,
    capture: CaptureSource | None = None,
) -> RadioSchedApp:
    """The one factory, used by ``radio-sched tui`` and by the tests.

    ``clock`` is the one source of time (the station's real clock by default, a ``FakeClock`` in
    tests); ``today`` only fixes the date the screens open on (tests and snapshots). ``player``
    overrides the station's player for previews ("file" in tests). ``capture`` replaces the
    station's microphone in Thu âm (tests pass generated audio).
    """
    from radio_sched.config import load_settings, station_is_named

    first_start = not station_is_named()
    settings = settings or load_settings()

    from radio_sched.schedule.clock import SystemClock

    ctx = TuiContext(
        settings=settings,
        clock=clock or SystemClock(settings.zone),
        opening_day=today,
        browse_root=browse_root or Path.cwd(),
        store_url=store_url,
        player_kind=player,
        operator=operator,
        first_start=first_start,
        capture=capture,
    )
    return RadioSchedApp(ctx)
