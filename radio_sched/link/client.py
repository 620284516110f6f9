"""The MQTT adapter of the commune link (paho-mqtt 2.x): it moves bytes, ``StationLink`` decides.

- Client id = user name, persistent session (clean_session False), QoS 1 both ways, so a
  commune offline for days receives on reconnect everything the hub sent meanwhile.
- A received message is acknowledged to the broker (PUBACK, ``manual_ack``) only after it was
  processed and recorded; when the station cannot process it now (database, disk), neither it nor
  the messages after it are acknowledged, and the link reconnects later so the broker delivers
  them again, in order.
- As-run rows are published from the outbox while connected and marked delivered on PUBACK; a
  heartbeat (signed status, retained) every ``heartbeat_seconds`` of the injected clock and on a
  change of state; the last will is a signed "offline" status (retained).
- A broker that is down or refuses us never blocks playback: paho reconnects in the background
  with a growing delay, and the problem is logged once (and once more when it is over).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion, MQTTProtocolVersion
from sqlalchemy.exc import OperationalError

from radio_sched.errors import StoreFailure, UserError
from radio_sched.link import protocol
from radio_sched.link.station import LinkDeferred, Outgoing, StationLink
from radio_sched.schedule.clock import Clock

log = logging.getLogger("radio_sched.link")

KEEPALIVE_S = 60
RECONNECT_MIN_S = 1
RECONNECT_MAX_S = 120
DEFERRED_RETRY_S = 30.0
TICK_S = 5.0  # how often the daemon's link thread flushes the outbox and checks the heartbeat


@dataclass
class Tally:
    """What a link session did, for the operator's summary."""

    received: Counter[str] = field(default_factory=Counter)  # by ack result, or "refused"
    rows_delivered: int = 0


class LinkClient:
    def __init__(
        self,
        station: StationLink,
        *,
        password: str | None,
        clock: Clock,
        say: Any = None,
    ) -> None:
        self.station = station
        self.link = station.link
        self.clock = clock
        self.say = say or (lambda message: log.info("%s", message))
        self.tally = Tally()
        self.connected = threading.Event()
        self.subscribed = threading.Event()
        self.activity = threading.Event()  # set on every message, PUBACK and SUBACK
        self._wake = threading.Event()
        self._lock = threading.Lock()
        self._inflight: dict[int, Outgoing] = {}
        self._early: set[int] = set()  # PUBACKs that came before publish() returned
        self._asrun_inflight: set[str] = set()
        self._deferred_until: float | None = None
        self._problem: str | None = None
        self._next_status: float | None = None
        self._last_state: tuple[str, str | None] | None = None
        self._stopping = False
        self.client = self._make_client(password)

    def _make_client(self, password: str | None) -> mqtt.Client:
        client = mqtt.Client(
            CallbackAPIVersion.VERSION2,
            client_id=self.link.username,
            clean_session=False,
            protocol=MQTTProtocolVersion.MQTTv311,
            manual_ack=True,
        )
        if password is not None:
            client.username_pw_set(self.link.username, password)
        ca = self.link.ca_path()
        if ca is not None:
            if not ca.is_file():
                raise UserError(
                    f"{ca}: không tìm thấy tệp chứng chỉ CA của trung tâm (station.toml, mục "
                    "[link], trường ca_file). Hãy chép tệp trung tâm gửi vào đó."
                )
            client.tls_set(ca_certs=str(ca))
        will = self.station.last_will()
        client.will_set(will.topic, will.payload, qos=1, retain=True)
        client.reconnect_delay_set(RECONNECT_MIN_S, RECONNECT_MAX_S)
        client.on_connect = self._on_connect
        client.on_connect_fail = self._on_connect_fail
        client.on_disconnect = self._on_disconnect
        client.on_message = self._on_message
        client.on_publish = self._on_publish
        client.on_subscribe = self._on_subscribe
        return client

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> None:
        """Connect in the background; returns at once, whether or not the broker answers."""
        self._stopping = False
        self.client.connect_async(self.link.host, self.link.port, keepalive=KEEPALIVE_S)
        self.client.loop_start()

    def stop(self, state: str = "stopped", timeout: float = 5.0) -> None:
        """Say the station stopped (retained status), then disconnect cleanly."""
        self._stopping = True
        if self.connected.is_set():
            try:
                info = self._publish(self.station.status(state, None))
                info.wait_for_publish(timeout)
            except (RuntimeError, ValueError, OSError) as error:
                log.info("Không gửi được trạng thái cuối: %s", error)
        self.client.disconnect()
        self.client.loop_stop()

    def run(self, stop: threading.Event) -> None:
        """The daemon's link thread: flush and beat until ``stop`` is set (then ``wake``)."""
        while not stop.is_set():
            try:
                self.tick()
            except (OperationalError, StoreFailure) as error:  # busy or failing: next tick
                log.warning("Chưa gửi được nhật ký phát cho trung tâm, sẽ thử lại: %s", error)
            except Exception:  # the link must never take the station down (logged in full)
                log.exception("Lỗi của đường nối với trung tâm; thử lại sau.")
            self.clock.wait(self._wake, TICK_S)
            self._wake.clear()

    def wake(self) -> None:
        """Run the next tick now (the link came up, or the daemon is stopping)."""
        self._wake.set()

    def tick(self) -> None:
        """Flush the outbox and send the heartbeat when due (also on a change of state)."""
        if self._deferred_until is not None and time.monotonic() >= self._deferred_until:
            self._deferred_until = None
            self.client.loop_stop()
            self.start()
            return
        if not self.connected.is_set():
            return
        self.flush()
        now = self.clock.now().timestamp()
        state = self.station.state_of()
        if self._next_status is None or now >= self._next_status or state != self._last_state:
            self._publish(self.station.status(*state))
            self._last_state = state
            self._next_status = now + self.link.heartbeat_seconds

    def flush(self) -> int:
        """Publish every due as-run row not already in flight; returns the messages sent."""
        sent = 0
        while self.connected.is_set():
            with self._lock:
                inflight = set(self._asrun_inflight)
            outgoing = self.station.asrun_batch(inflight)
            if outgoing is None:
                break
            with self._lock:
                self._asrun_inflight.add(outgoing.message_id)
            self._publish(outgoing)
            sent += 1
        return sent

    def pending_publishes(self) -> int:
        with self._lock:
            return len(self._inflight)

    # -- publishing ------------------------------------------------------------------------

    def _publish(self, outgoing: Outgoing) -> mqtt.MQTTMessageInfo:
        info = self.client.publish(outgoing.topic, outgoing.payload, qos=1, retain=outgoing.retain)
        with self._lock:
            early = info.mid in self._early
            self._early.discard(info.mid)
            if not early:
                self._inflight[info.mid] = outgoing
        if early:
            self._delivered(outgoing)
        return info

    def _on_publish(
        self, _client: mqtt.Client, _userdata: object, mid: int, _code: Any, _props: Any
    ) -> None:
        with self._lock:
            outgoing = self._inflight.pop(mid, None)
            if outgoing is None:
                self._early.add(mid)
        if outgoing is not None:
            self._delivered(outgoing)
        self.activity.set()

    def _delivered(self, outgoing: Outgoing) -> None:
        if outgoing.kind != "asrun":
            return
        with self._lock:
            self._asrun_inflight.discard(outgoing.message_id)
        try:
            self.tally.rows_delivered += self.station.delivered(outgoing.message_id)
        except Exception as error:  # noqa: BLE001 - the rows stay due and are sent again
            log.warning("Không ghi được dấu đã gửi nhật ký phát (sẽ gửi lại): %s", error)

    # -- callbacks (paho's network thread) --------------------------------------------------

    def _on_connect(
        self, client: mqtt.Client, _userdata: object, _flags: Any, code: Any, _props: Any
    ) -> None:
        if code.is_failure:
            self._problem_once(
                f"Máy chủ MQTT của trung tâm ({self.link.host}:{self.link.port}) không nhận đài: "
                f"{code}. Hãy kiểm tra tên đăng nhập và mật khẩu (radio-sched link setup)."
            )
            return
        with self._lock:
            # Messages published before a dropped link may be lost with it: the outbox sends
            # their rows again (the hub keeps one copy of each), and a late PUBACK of an old one
            # changes nothing. Acks and statuses are not kept: a new status follows at once.
            self._asrun_inflight.clear()
            self._inflight.clear()
            self._early.clear()
        self._next_status = None
        if self._problem is not None:
            self.say(f"Đã nối lại với trung tâm {self.link.hub}.")
            self._problem = None
        else:
            log.info(
                "Đã nối với trung tâm %s (%s:%s).", self.link.hub, self.link.host, self.link.port
            )
        client.subscribe(
            [
                (topic, 1)
                for topic in protocol.station_subscriptions(self.link.hub, self.link.station)
            ]
        )
        self.connected.set()
        self._wake.set()  # the heartbeat and the outbox go out now, not at the next tick

    def _on_connect_fail(self, _client: mqtt.Client, _userdata: object) -> None:
        self._problem_once(
            f"Chưa nối được với trung tâm {self.link.hub} ({self.link.host}:{self.link.port}); "
            "đài vẫn phát bình thường và tự thử lại."
        )

    def _on_disconnect(
        self, _client: mqtt.Client, _userdata: object, _flags: Any, code: Any, _props: Any
    ) -> None:
        self.connected.clear()
        self.subscribed.clear()
        if not self._stopping and self._deferred_until is None:
            self._problem_once(
                f"Mất kết nối với trung tâm {self.link.hub} ({code}); đài vẫn phát bình thường "
                "và tự nối lại."
            )

    def _on_subscribe(self, *_args: Any) -> None:
        self.subscribed.set()
        self.activity.set()

    def _on_message(
        self, client: mqtt.Client, _userdata: object, message: mqtt.MQTTMessage
    ) -> None:
        self.activity.set()
        if self._deferred_until is not None:
            return  # not acknowledged: delivered again, in order, after the reconnect
        try:
            handled = self.station.handle(message.topic, bytes(message.payload))
        except LinkDeferred as error:
            log.warning(
                "Chưa xử lý được tin của trung tâm (%s); sẽ nhận lại sau %.0f giây.",
                error,
                DEFERRED_RETRY_S,
            )
            self._deferred_until = time.monotonic() + DEFERRED_RETRY_S
            client.disconnect()
            return
        except Exception:  # a bug must not stall the link on one message: logged, acked
            log.exception("Lỗi khi xử lý tin trên kênh %s; bỏ qua tin này.", message.topic)
            self.tally.received["refused"] += 1
            client.ack(message.mid, message.qos)
            return
        for reply in handled.replies:
            self._publish(reply)
        self.tally.received[handled.result or "refused"] += 1
        client.ack(message.mid, message.qos)

    def _problem_once(self, message: str) -> None:
        if self._problem is None:
            self._problem = message
            log.warning("%s", message)
            self.say(message)


@dataclass(frozen=True)
class SyncSummary:
    connected: bool
    received: Counter[str]
    rows_delivered: int
    rows_waiting: int


def sync_once(client: LinkClient, *, quiet: float = 2.0, deadline: float = 60.0) -> SyncSummary:
    """Connect, take what the broker kept for us, send what is due, then disconnect.

    Done when the subscription is confirmed, nothing is in flight, and nothing has arrived for
    ``quiet`` seconds (the broker sends kept messages right after the connection), or at
    ``deadline`` seconds."""
    from radio_sched.store import link as link_store

    give_up = time.monotonic() + deadline
    client.start()
    try:
        if not client.connected.wait(max(0.0, give_up - time.monotonic())):
            return SyncSummary(False, client.tally.received, 0, _waiting(client, link_store))
        client.subscribed.wait(max(0.0, give_up - time.monotonic()))
        while time.monotonic() < give_up:
            client.activity.clear()
            client.tick()
            if client.activity.wait(quiet):
                continue
            if client.pending_publishes() == 0 and client.connected.is_set():
                break
    finally:
        client.stop()
    return SyncSummary(
        True, client.tally.received, client.tally.rows_delivered, _waiting(client, link_store)
    )


def _waiting(client: LinkClient, link_store: Any) -> int:
    with client.station.store.session() as session:
        return int(link_store.outbox_counts(session)[1])
