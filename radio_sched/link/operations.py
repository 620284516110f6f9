"""What the operator and the daemon do with the link to the hub; the CLI's one door to it.

- ``setup_link``: write the ``[link]`` section and the MQTT password, make the station key once.
- ``sync_link``: one-off sync (connect, take what the broker kept, send the as-run, disconnect),
  refused while the daemon runs (it holds the link itself, under the same MQTT client id).
- ``notices`` / ``mark_notices_read``: the hub's notices for the operator.
- ``start_in_daemon``: the daemon's link, started only when ``[link]`` is configured; never
  raises, never blocks: a station without network or without a hub plays exactly as before.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from radio_sched import keys, locations
from radio_sched.config import StationSettings
from radio_sched.errors import UserError
from radio_sched.link.settings import (
    DEFAULT_PASSWORD_FILE,
    LinkSettings,
    load_link_settings,
    save_link_settings,
    write_password,
)
from radio_sched.link.signing import init_station_key, station_public_key_path, station_signer
from radio_sched.schedule.clock import Clock, SystemClock
from radio_sched.store.db import Store

if TYPE_CHECKING:
    # Only for annotations: the MQTT client (paho) is imported when a link is made, not by every
    # daemon start of a station without [link].
    from radio_sched.link.client import LinkClient, SyncSummary

log = logging.getLogger("radio_sched.link")


@dataclass(frozen=True)
class SetupResult:
    settings_path: Path
    public_key: keys.PublicKey
    public_key_path: Path
    new_key: bool
    password_path: Path | None
    hub_trusted: bool  # some key is trusted to sign the hub's messages


def setup_link(
    settings: StationSettings,
    *,
    hub: str,
    station: str,
    host: str,
    port: int | None = None,
    ca_file: Path | None = None,
    user: str = "",
    password: str | None = None,
) -> SetupResult:
    link = LinkSettings(
        hub=hub.strip(),
        station=station.strip(),
        host=host.strip(),
        port=port if port is not None else (8883 if ca_file else 1883),
        ca_file=str(ca_file.resolve()) if ca_file else "",
        user=user.strip(),
        password_file=DEFAULT_PASSWORD_FILE,
    )
    if ca_file is not None and not ca_file.is_file():
        raise UserError(f"{ca_file}: không tìm thấy tệp chứng chỉ CA; chưa ghi gì.")
    path = save_link_settings(link)
    password_path = write_password(link, password) if password else None
    public, new = init_station_key(settings.name)
    return SetupResult(
        path, public, station_public_key_path(), new, password_path, bool(keys.trusted_keys())
    )


def configured_link() -> LinkSettings:
    link = load_link_settings()
    if link is None:
        raise UserError(
            f"Đài chưa nối với trung tâm (không có mục [link] trong {locations.settings_file()}). "
            "Hãy chạy: radio-sched link setup --hub MÃ_TRUNG_TÂM --station MÃ_ĐÀI --host MÁY_CHỦ"
        )
    return link


def sync_link(
    store: Store,
    settings: StationSettings,
    *,
    quiet: float = 1.0,
    deadline: float = 60.0,
    clock: Clock | None = None,
    say: Callable[[str], None] | None = None,
) -> tuple[LinkSettings, SyncSummary]:
    """A one-off sync; returns the link and what it did."""
    from radio_sched.link.client import LinkClient, sync_once
    from radio_sched.link.station import StationLink
    from radio_sched.schedule.daemon import StationLock

    link = configured_link()
    lock = StationLock(locations.station_home())
    try:
        lock.acquire()
    except UserError:
        raise UserError(
            "Chương trình phát tự động (radio-sched daemon) đang chạy và đã tự nối với trung "
            "tâm; không cần chạy radio-sched link. Xem nhật ký: logs/daemon.log"
        ) from None
    try:
        clock = clock or SystemClock(settings.zone)
        station = StationLink(store, settings, link, signer=station_signer(), clock=clock, say=say)
        client = LinkClient(station, password=link.password(), clock=clock, say=say)
        return link, sync_once(client, quiet=quiet, deadline=deadline)
    finally:
        lock.release()


@dataclass(frozen=True)
class Notice:
    notice_id: int
    sender: str
    title: str
    text: str
    received_at: dt.datetime
    read: bool


def notices(store: Store, settings: StationSettings, *, unread_only: bool = False) -> list[Notice]:
    from radio_sched.store import link as link_store
    from radio_sched.store.programs import aware

    with store.session() as session:
        rows = (
            link_store.unread_notices(session)
            if unread_only
            else list(reversed(link_store.recent_notices(session, 50)))
        )
        return [
            Notice(
                row.id,
                row.sender,
                row.title,
                row.text,
                aware(row.received_at).astimezone(settings.zone),
                row.read_at is not None,
            )
            for row in rows
        ]


def mark_notices_read(store: Store, ids: list[int]) -> None:
    from radio_sched.store import link as link_store

    with store.session() as session:
        link_store.mark_read(session, ids)


class DaemonLink:
    """The daemon's link: the paho client and a thread that flushes and beats."""

    def __init__(self, client: LinkClient, thread: threading.Thread, stop: threading.Event) -> None:
        self.client = client
        self.thread = thread
        self._stop = stop

    def stop(self) -> None:
        self._stop.set()
        self.client.wake()
        self.thread.join(10)
        self.client.stop("stopped")


def start_in_daemon(
    store: Store,
    settings: StationSettings,
    *,
    clock: Clock,
    state_of: Callable[[], tuple[str, str | None]],
    on_change: Callable[[], None],
    say: Callable[[str], None],
) -> DaemonLink | None:
    """Start the link when ``[link]`` is configured; None (and one line why) otherwise."""
    try:
        link = load_link_settings()
    except UserError as error:
        say(f"Không nối với trung tâm: {error}")
        return None
    if link is None:
        return None
    try:
        from radio_sched.link.client import LinkClient
        from radio_sched.link.station import StationLink

        station = StationLink(
            store,
            settings,
            link,
            signer=station_signer(),
            clock=clock,
            state_of=state_of,
            on_change=on_change,
            say=say,
        )
        client = LinkClient(station, password=link.password(), clock=clock, say=say)
    except (UserError, OSError, ValueError) as error:  # a missing key, an unreadable CA file
        say(f"Không nối với trung tâm: {error}")
        return None
    stop = threading.Event()
    client.start()
    thread = threading.Thread(target=client.run, args=(stop,), name="link", daemon=True)
    thread.start()
    say(f"Nối với trung tâm {link.hub} qua {link.host}:{link.port} (đài {link.station}).")
    return DaemonLink(client, thread, stop)
