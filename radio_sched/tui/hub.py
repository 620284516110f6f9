"""``radio-sched hub tui``: the office's screen of its communes — online or not, last heartbeat,
what is playing, packs delivered / imported / aired against planned, emergencies aired.

Read-only, refreshed every few seconds by a thread worker through ``hub.operations`` (the
hub's one door); the screen never waits on the database.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Static

from radio_sched.hub import operations
from radio_sched.schedule.clock import Clock, SystemClock
from radio_sched.store.db import Store
from radio_sched.tui.messages import ActionFailed, CommunesRefreshed
from radio_sched.tui.services import plain_error

REFRESH_SECONDS = 5.0
COLUMNS = (
    "Mã xã",
    "Tên",
    "Trạng thái",
    "Tin cuối",
    "Đang phát",
    "Gói gửi/nhận/nhập",
    "Đã phát/kế hoạch",
    "Khẩn cấp",
)


class HubApp(App[None]):
    TITLE = "radio-sched — trung tâm"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "refresh", "Làm mới"),
        Binding("ctrl+q", "quit", "Thoát", priority=True),
    ]
    DEFAULT_CSS = """
    #hub-summary { height: auto; padding: 0 1; background: $boost; }
    #hub-communes { height: 1fr; }
    #hub-status { height: 1; padding: 0 1; color: $warning; }
    """

    def __init__(self, settings: operations.HubSettings, store: Store, clock: Clock) -> None:
        super().__init__()
        self.settings = settings
        self.store = store
        self.clock = clock

    def compose(self) -> ComposeResult:
        yield Static(f"Trung tâm {self.settings.name or self.settings.hub_id}", id="hub-summary")
        table: DataTable[Any] = DataTable(id="hub-communes", cursor_type="row", zebra_stripes=True)
        table.add_columns(*COLUMNS)
        yield table
        yield Static("", id="hub-status")
        yield Footer()

    def on_mount(self) -> None:
        self.load_communes()
        self.set_interval(REFRESH_SECONDS, self.load_communes)

    def on_unmount(self) -> None:
        self.store.dispose()

    def action_refresh(self) -> None:
        self.load_communes()

    @work(thread=True, exclusive=True, group="hub-status")
    def load_communes(self) -> None:
        now = self.clock.now()
        try:
            states = operations.commune_states(self.store, now)
            refused = operations.refusals_since(self.store, now - dt.timedelta(days=1))
        except Exception as error:  # noqa: BLE001 - the database may be down; say so, go on
            self.post_message(ActionFailed(plain_error(error)))
            return
        self.post_message(CommunesRefreshed(states, refused, now))

    def on_communes_refreshed(self, message: CommunesRefreshed) -> None:
        zone = self.settings.zone
        table = self.query_one("#hub-communes", DataTable)
        table.clear()
        for state in message.states:
            heard = state.last_heartbeat
            table.add_row(
                state.station_id,
                state.name,
                state.state_text,
                heard.astimezone(zone).strftime("%H:%M %d/%m") if heard else "—",
                (state.now_playing or "—") if state.online else "—",
                f"{state.packs_sent}/{state.packs_delivered}/{state.packs_imported}",
                f"{state.aired}/{state.planned}",
                f"{state.emergencies_aired}/{state.emergencies_sent}",
                key=state.station_id,
            )
        online = sum(1 for state in message.states if state.online)
        summary = (
            f"Trung tâm {self.settings.name or self.settings.hub_id} — {online}/"
            f"{len(message.states)} xã đang kết nối — cập nhật lúc "
            f"{message.at.astimezone(zone):%H:%M:%S}"
        )
        self.query_one("#hub-summary", Static).update(summary)
        status = (
            f"{message.refused} tin bị từ chối trong 24 giờ qua: radio-sched hub refusals"
            if message.refused
            else ""
        )
        self.query_one("#hub-status", Static).update(status)

    def on_action_failed(self, message: ActionFailed) -> None:
        self.query_one("#hub-status", Static).update(message.text)


def make_hub_app(
    settings: operations.HubSettings | None = None,
    *,
    store: Store | None = None,
    clock: Clock | None = None,
) -> HubApp:
    """The one factory, for ``radio-sched hub tui`` and the tests."""
    settings = settings or operations.load_hub_settings()
    return HubApp(
        settings,
        store or operations.open_store(settings),
        clock or SystemClock(settings.zone),
    )
