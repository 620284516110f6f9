"""The commune link against the hub's own service: real PostgreSQL, real Mosquitto with the
hub's ACL, passwords and TLS listener. The commune logs in with the password the hub gave it and
signs with the key registered at the hub; the hub stores its acks and as-run exactly once."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from link_support import log_airings, wait_for
from sqlalchemy import func, select
from test_hub_broker import (
    Office,
    office,  # noqa: F401 - the fixture: the hub, its database and its broker
)
from test_hub_ingest import HUB

from radio_sched import keys
from radio_sched.config import load_settings
from radio_sched.hub import operations as hub_operations
from radio_sched.hub.db import AckRow, HubAsRunRow
from radio_sched.hub.settings import HubSettings
from radio_sched.link.client import LinkClient, sync_once
from radio_sched.link.settings import LinkSettings, write_password
from radio_sched.link.station import StationLink
from radio_sched.schedule.clock import SystemClock
from radio_sched.store import link as link_store
from radio_sched.store.db import Store, open_store

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
STATION = "xa-tan-thanh"


def rows(store: Store, model: type) -> int:
    with store.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


@pytest.fixture
def commune(office: Office, tmp_path: Path) -> Iterator[tuple[StationLink, str]]:  # noqa: F811
    # The commune trusts the office's key (read out over the phone), as after `keys trust`.
    exported = tmp_path / "hub.pub"
    exported.write_text(keys.own_public_key().export_text(), encoding="utf-8")
    keys.trust_key(exported)
    link = LinkSettings(
        hub=HUB,
        station=STATION,
        host="127.0.0.1",
        port=office.tls_port,
        ca_file=str(office.ca_file),
    )
    write_password(link, office.passwords[STATION])
    store = open_store()
    station = StationLink(
        store,
        load_settings(),
        link,
        signer=office.stations[STATION].signer,  # the key the hub registered
        clock=SystemClock(ZONE),
        say=lambda _line: None,
    )
    yield station, office.passwords[STATION]
    store.dispose()


def client(station: StationLink, password: str) -> LinkClient:
    return LinkClient(station, password=password, clock=station.clock, say=lambda _m: None)


def test_a_notice_and_the_as_run_through_the_hubs_service(
    office: Office,  # noqa: F811
    commune: tuple[StationLink, str],
) -> None:
    station, password = commune
    settings = HubSettings(
        **{
            **office.settings.__dict__,
            "broker_port": office.tls_port,
            "broker_tls": True,
            "broker_ca_file": str(office.ca_file),
        }
    )
    assert sync_once(client(station, password), quiet=0.3).connected  # the session exists now
    log_airings(station.store, 4, dt.datetime(2026, 11, 27, 8, tzinfo=ZONE))
    sent = hub_operations.send_notice(
        office.store, settings, "Lịch họp", "Họp lúc 14 giờ", [STATION], dt.datetime.now(dt.UTC)
    )
    service = hub_operations.hub_service(settings, office.store, say=lambda _line: None)
    stop = threading.Event()
    runner = threading.Thread(target=service.run, args=(stop,), daemon=True)
    runner.start()
    try:
        first = client(station, password)
        first.start()
        wait_for(lambda: first.tally.received["shown"] == 1, "the notice at the commune")
        first.tick()
        # The link drops while the as-run goes out; the outbox sends again, the hub keeps one.
        office.broker.restart()
        wait_for(first.connected.is_set, "the commune to reconnect")
        first.tick()
        wait_for(
            lambda: rows(office.store, HubAsRunRow) == 4 and rows(office.store, AckRow) >= 1,
            "the hub to store the as-run and the ack",
        )
        wait_for(lambda: _due(station) == 0, "the commune's outbox to empty")
        with office.store.session() as session:
            acks = session.scalars(select(AckRow)).all()
            assert {(a.message_id, a.result) for a in acks} == {(sent[0].id, "shown")}
            stored = session.scalars(select(HubAsRunRow)).all()
            assert sorted(int(r.asrun_id) for r in stored) == [1, 2, 3, 4]
        first.stop()
        with station.store.session() as session:
            assert len(link_store.recent_notices(session)) == 1  # once, even if resent
    finally:
        stop.set()
        runner.join(30)


def _due(station: StationLink) -> int:
    with station.store.session() as session:
        return len(link_store.due_asrun(session, 100))
