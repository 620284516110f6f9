"""Both ends of the link for tests, on a real Mosquitto: a commune (``StationLink`` and its
``LinkClient``) and a plain hub client that signs with the district key and collects what the
station sends. No mock: every byte goes through the broker."""

from __future__ import annotations

import datetime as dt
import json
import queue
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import paho.mqtt.client as mqtt
from mqtt_broker import MosquittoBroker
from paho.mqtt.enums import CallbackAPIVersion

from radio_sched.config import load_settings
from radio_sched.link import protocol
from radio_sched.link.client import LinkClient
from radio_sched.link.settings import LinkSettings
from radio_sched.link.signing import KeySigner, district_signer, init_station_key, station_signer
from radio_sched.link.station import StateOf, StationLink, stopped
from radio_sched.schedule.clock import Clock, FakeClock
from radio_sched.store.db import Store

WAIT_S = 30.0  # a deadline for what must happen, never a timing assertion


def wait_for(condition: Callable[[], bool], what: str, deadline: float = WAIT_S) -> None:
    give_up = time.monotonic() + deadline
    while not condition():
        if time.monotonic() > give_up:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.01)


def log_airings(store: Store, how_many: int, start: dt.datetime) -> None:
    """``how_many`` finished airings of 30 s, a minute apart, in the station's as-run log."""
    from radio_sched.store.asrun import AsRunRow

    with store.session() as session:
        for number in range(how_many):
            moment = start.astimezone(dt.UTC) + dt.timedelta(minutes=number)
            session.add(
                AsRunRow(
                    key=f"{moment:%Y-%m-%d}/Sáng/{number}",
                    program_id=1,
                    directive_id=None,
                    title=f"Bài {number}",
                    slot="Sáng",
                    priority="normal",
                    scheduled_start=moment,
                    scheduled_end=moment,
                    started_at=moment,
                    ended_at=moment + dt.timedelta(seconds=30),
                    outcome="played",
                    seconds_played=30.0,
                )
            )


def new_ids() -> tuple[str, str]:
    """A hub and a station id of their own, so tests sharing a broker never cross."""
    tag = secrets.token_hex(4)
    return f"tinh-{tag}", f"xa-{tag}"


def link_settings(broker: MosquittoBroker, hub: str, station: str) -> LinkSettings:
    return LinkSettings(hub=hub, station=station, host=broker.host, port=broker.port)


def make_station(
    store: Store,
    link: LinkSettings,
    clock: FakeClock,
    *,
    state_of: StateOf = stopped,
    on_change: Callable[[], None] | None = None,
) -> StationLink:
    init_station_key("Xã Tân Thành")
    return StationLink(
        store,
        load_settings(),
        link,
        signer=station_signer(),
        clock=clock,
        state_of=state_of,
        on_change=on_change,
        say=lambda _message: None,
    )


def make_client(station: StationLink, clock: FakeClock) -> LinkClient:
    return LinkClient(station, password=None, clock=clock, say=lambda _message: None)


@dataclass
class Hub:
    """The hub's end, as a plain MQTT client: signs with the district key, keeps what arrives."""

    broker: MosquittoBroker
    hub: str
    clock: Clock
    signer: KeySigner = field(default_factory=district_signer)
    seq: int = 0
    received: queue.Queue[tuple[str, dict[str, Any]]] = field(default_factory=queue.Queue)
    client: mqtt.Client | None = None

    def connect(self) -> Hub:
        client = mqtt.Client(
            CallbackAPIVersion.VERSION2, client_id=f"hub-{self.hub}", clean_session=False
        )
        ready = threading.Event()
        client.on_connect = lambda *_args: ready.set()
        client.on_subscribe = lambda *_args: ready.set()
        client.on_message = lambda _c, _u, message: self.received.put(
            (message.topic, json.loads(message.payload))
        )
        client.reconnect_delay_set(1, 2)
        client.connect(self.broker.host, self.broker.port)
        client.loop_start()
        assert ready.wait(WAIT_S)
        ready.clear()
        client.subscribe(protocol.hub_subscription(self.hub), qos=1)
        assert ready.wait(WAIT_S)
        self.client = client
        return self

    def close(self) -> None:
        if self.client is not None:
            self.client.disconnect()
            self.client.loop_stop()

    def envelope(
        self,
        kind: str,
        body: Mapping[str, Any],
        recipient: str,
        *,
        expires_in: float | None = 3 * 24 * 3600,
        seq: int | None = None,
        signer: Any = None,
    ) -> protocol.Envelope:
        if seq is None:
            self.seq += 1
            seq = self.seq
        now = self.clock.now().timestamp()
        return protocol.build(
            kind=kind,
            message_id=secrets.token_hex(16),
            sender=self.hub,
            recipient=recipient,
            seq=seq,
            sent_at=now,
            body=body,
            signer=signer or self.signer,
            expires_at=now + expires_in if expires_in is not None else None,
        )

    def send(self, topic: str, payload: bytes) -> None:
        assert self.client is not None
        self.client.publish(topic, payload, qos=1).wait_for_publish(WAIT_S)

    def take(self, kind: str, count: int = 1) -> list[dict[str, Any]]:
        """The next ``count`` messages of ``kind`` the station sent (others are skipped)."""
        found: list[dict[str, Any]] = []
        give_up = time.monotonic() + WAIT_S
        while len(found) < count:
            topic, document = self.received.get(timeout=max(0.01, give_up - time.monotonic()))
            if topic.endswith("/" + kind):
                found.append(document)
        return found
