"""The hub's connection to the broker (paho-mqtt 2.x): the hub's own user and client id, a
persistent session (what the communes send while the hub is down waits for it), QoS 1 both ways.

Received messages are handed to a worker thread that stores them in batches (one transaction for
all that arrived meanwhile: a thousand communes acknowledging an emergency at once is a thousand
messages in a second). Each is acknowledged to the broker only after its batch is stored
(``manual_ack``): if storing fails, the owner reconnects and the broker delivers them again.
"""

from __future__ import annotations

import logging
import queue
import ssl
import threading
from collections.abc import Callable, Sequence
from typing import Any

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion, MQTTErrorCode
from paho.mqtt.reasoncodes import ReasonCode

from radio_sched.errors import UserError
from radio_sched.hub.settings import HubSettings
from radio_sched.link.protocol import hub_subscription

log = logging.getLogger(__name__)
CONNECT_TIMEOUT_S = 30.0
KEEPALIVE_S = 30
MAX_INFLIGHT = 1000  # QoS 1 publications awaiting PUBACK at once (a round to every commune)

Handler = Callable[[Sequence[tuple[str, bytes]]], Any]
"""Stores received messages (topic, payload) in one go; raises if it could not (none of them is
then acknowledged)."""
BATCH = 500  # messages stored in one transaction at most


class BrokerUnavailable(UserError):
    """The broker cannot be reached or refused the hub's credentials."""


class HubConnection:
    def __init__(self, settings: HubSettings, on_message: Handler | None = None) -> None:
        self.settings = settings
        self._on_message = on_message
        self._connected = threading.Event()
        # Set when a message could not be stored: the owner reconnects, so the broker sends it
        # (and everything after it) again.
        self.broken = threading.Event()
        self._inbox: queue.Queue[mqtt.MQTTMessage | None] = queue.Queue()
        self._worker: threading.Thread | None = None
        self._refused: str | None = None
        client = mqtt.Client(
            CallbackAPIVersion.VERSION2,
            client_id=settings.broker_user,
            clean_session=False,
            protocol=mqtt.MQTTv311,
            manual_ack=True,
        )
        client.username_pw_set(settings.broker_user, settings.broker_password)
        if settings.broker_tls:
            client.tls_set(
                ca_certs=settings.broker_ca_file or None, tls_version=ssl.PROTOCOL_TLS_CLIENT
            )
        client.max_inflight_messages_set(MAX_INFLIGHT)
        client.max_queued_messages_set(0)
        client.reconnect_delay_set(1, 30)
        client.on_connect = self._connected_cb
        client.on_disconnect = self._disconnected_cb
        client.on_message = self._message_cb
        self.client = client

    @property
    def where(self) -> str:
        return self.settings.broker_url

    def connect(self, timeout: float = CONNECT_TIMEOUT_S) -> None:
        try:
            self.client.connect(
                self.settings.broker_host, self.settings.broker_port, keepalive=KEEPALIVE_S
            )
        except (OSError, ssl.SSLError) as error:
            raise BrokerUnavailable(
                f"Không kết nối được máy chủ MQTT {self.where} ({error}). Hãy kiểm tra Mosquitto "
                "đang chạy và địa chỉ trong hub.toml."
            ) from error
        if self._on_message is not None and self._worker is None:
            self._worker = threading.Thread(target=self._store, name="hub-ingest", daemon=True)
            self._worker.start()
        self.client.loop_start()
        if not self._connected.wait(timeout) or self._refused:
            self.close()
            reason = self._refused or "không trả lời"
            raise BrokerUnavailable(
                f"Máy chủ MQTT {self.where} không nhận trung tâm ({reason}). Hãy kiểm tra tên "
                "đăng nhập, mật khẩu trong hub.toml và tệp passwd của Mosquitto."
            )

    def reconnect(self) -> None:
        self.broken.clear()
        self.client.reconnect()

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()
        if self._worker is not None:
            self._inbox.put(None)
            self._worker.join()
            self._worker = None

    @property
    def connected(self) -> bool:
        return self._connected.is_set()

    def publish_all(self, messages: Sequence[tuple[str, bytes]], timeout: float) -> list[bool]:
        """Publish with QoS 1; for each message, whether the broker acknowledged it in time."""
        infos = [self.client.publish(topic, payload, qos=1) for topic, payload in messages]
        done = []
        for info in infos:
            if info.rc != MQTTErrorCode.MQTT_ERR_SUCCESS:
                done.append(False)
                continue
            try:
                info.wait_for_publish(timeout)
            except RuntimeError:  # the connection went away; the message stays unpublished
                done.append(False)
                continue
            done.append(info.is_published())
        return done

    def _connected_cb(
        self,
        client: mqtt.Client,
        _userdata: object,
        _flags: mqtt.ConnectFlags,
        reason: ReasonCode,
        _properties: object,
    ) -> None:
        if reason.is_failure:
            self._refused = str(reason)
            self._connected.set()
            return
        self._refused = None
        client.subscribe(hub_subscription(self.settings.hub_id), qos=1)
        self._connected.set()

    def _disconnected_cb(
        self,
        _client: mqtt.Client,
        _userdata: object,
        _flags: mqtt.DisconnectFlags,
        reason: ReasonCode,
        _properties: object,
    ) -> None:
        self._connected.clear()
        if reason.is_failure:
            log.warning("Mất kết nối máy chủ MQTT %s (%s); đang kết nối lại.", self.where, reason)

    def _message_cb(
        self, client: mqtt.Client, _userdata: object, message: mqtt.MQTTMessage
    ) -> None:
        if self._on_message is None:
            client.ack(message.mid, message.qos)
            return
        self._inbox.put(message)

    def _store(self) -> None:
        """The worker: everything that has arrived, stored at once, then acknowledged."""
        store = self._on_message
        while store is not None:
            first = self._inbox.get()
            if first is None:
                return
            batch = [first]
            while len(batch) < BATCH:
                try:
                    more = self._inbox.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    self._inbox.put(None)  # stop after this batch
                    break
                batch.append(more)
            try:
                store([(m.topic, bytes(m.payload)) for m in batch])
            except Exception:  # logged; not acknowledged, so the broker delivers them again
                log.exception("Không lưu được %d tin; sẽ nhận lại sau khi kết nối lại.", len(batch))
                self.broken.set()
                continue
            for message in batch:
                self.client.ack(message.mid, message.qos)
