"""``radio-sched hub run``: the hub's service. It takes what the communes send (as-run, heartbeats,
acknowledgements), publishes what the office queued, and sends a commune again what it has not
acknowledged when it comes back online.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable, Sequence

from radio_sched.hub.ingest import Ingested, ingest_batch, prune
from radio_sched.hub.mqtt import MAX_INFLIGHT, HubConnection
from radio_sched.hub.outbox import (
    forget_payloads,
    mark_published,
    resend_unacknowledged,
    unpublished,
)
from radio_sched.hub.settings import HubSettings
from radio_sched.link import protocol
from radio_sched.schedule.clock import Clock, SystemClock
from radio_sched.store.db import Store

log = logging.getLogger(__name__)
POLL_SECONDS = 0.25  # how soon a message queued by another program (hub send …) goes out
PRUNE_EVERY = dt.timedelta(hours=1)
PUBLISH_TIMEOUT_S = 30.0
# Messages per publication round: as many as the MQTT client keeps in flight, so an emergency to
# a thousand communes is one round (one read, one mark) instead of two; memory stays bounded by
# the round's payload bytes (``outbox.unpublished``'s budget: packs are megabytes).
PUBLISH_BATCH = MAX_INFLIGHT


class HubService:
    def __init__(
        self,
        settings: HubSettings,
        store: Store,
        signer: protocol.Signer,
        *,
        clock: Clock | None = None,
        say: Callable[[str], None] | None = None,
    ) -> None:
        self.settings = settings
        self.store = store
        self.signer = signer
        self.clock = clock or SystemClock(settings.zone)
        self.say = say or (lambda line: log.info("%s", line))
        self.wake = threading.Event()
        self.more_pending = False

    def handle(self, topic: str, payload: bytes) -> Ingested:
        """One message from a commune, stored (or its refusal logged) in one transaction."""
        return self.handle_batch([(topic, payload)])[0]

    def handle_batch(self, messages: Sequence[tuple[str, bytes]]) -> list[Ingested]:
        """Messages from the communes, stored (or their refusals logged) in one transaction."""
        now = self.clock.now()
        hub = self.settings.hub_id
        resent: dict[str, int] = {}
        with self.store.session() as session:
            results = ingest_batch(session, hub, messages, now)
            for result in results:
                envelope = result.verdict.envelope
                if result.came_online and envelope is not None:
                    station = envelope.sender
                    resent[station] = resend_unacknowledged(session, hub, self.signer, station, now)
        for result in results:
            if result.verdict.outcome == "refused":
                self.say(f"Từ chối: {result.verdict.message}")
        for station, count in resent.items():
            if count:
                self.say(f"Xã {station} kết nối lại: gửi lại {count} tin chưa được xác nhận.")
                self.wake.set()
        return results

    def publish_pending(self, connection: HubConnection) -> int:
        """Publish what is queued; returns how many the broker took."""
        hub = self.settings.hub_id
        with self.store.session() as session:
            pending = unpublished(session, hub, self.signer, self.clock.now(), PUBLISH_BATCH)
        self.more_pending = bool(pending)  # a round ends at a count or a size; look again
        if not pending:
            return 0
        done = connection.publish_all(
            [(item.topic, item.payload) for item in pending], PUBLISH_TIMEOUT_S
        )
        published = [item.message_id for item, ok in zip(pending, done, strict=True) if ok]
        with self.store.session() as session:
            mark_published(session, published, self.clock.now())
        return len(published)

    def run(self, stop: threading.Event, connection: HubConnection | None = None) -> None:
        """Until ``stop`` is set: connected, subscribed, publishing the queue."""
        connection = connection or HubConnection(self.settings, self.handle_batch)
        connection.connect()
        self.say(
            f"Trung tâm {self.settings.hub_id} đã kết nối {connection.where}; đang nhận tin của "
            "các xã. Ctrl+C để dừng."
        )
        pruned_at: dt.datetime | None = None
        try:
            while not stop.is_set():
                now = self.clock.now()
                if pruned_at is None or now - pruned_at >= PRUNE_EVERY:
                    with self.store.session() as session:
                        prune(session, now)
                        forget_payloads(session, now)
                    pruned_at = now
                if connection.broken.is_set():
                    connection.reconnect()
                sent = self.publish_pending(connection) if connection.connected else 0
                if sent:
                    self.say(f"Đã gửi {sent} tin tới các xã.")
                if not self.more_pending:  # a full round means more are waiting: no pause
                    self.wake.wait(POLL_SECONDS)
                    self.wake.clear()
        finally:
            connection.close()
