"""The Mosquitto fixture itself: it starts, passes messages, and a restart keeps sessions."""

from __future__ import annotations

import queue
import socket
import threading
from pathlib import Path
from typing import Any

import paho.mqtt.client as mqtt
from mqtt_broker import HOST, MosquittoBroker, running_broker, write_password_file
from paho.mqtt.enums import CallbackAPIVersion

_WAIT_S = 20.0  # a deadline for something that must happen, not a timing assertion
TOPIC = "rs/v1/tinh/to/xa-tan-thanh"


def _connected(
    broker: MosquittoBroker,
    client_id: str,
    inbox: queue.Queue[bytes],
    credentials: tuple[str, str] | None = None,
) -> tuple[mqtt.Client, Any]:
    client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=client_id, clean_session=False)
    if credentials:
        client.username_pw_set(*credentials)
    ready = threading.Event()
    codes: list[Any] = []

    def on_connect(_c: mqtt.Client, _u: object, _f: object, code: Any, _p: object) -> None:
        codes.append(code)
        ready.set()

    client.on_connect = on_connect
    client.on_message = lambda _c, _u, message: inbox.put(bytes(message.payload))
    client.connect(broker.host, broker.port)
    client.loop_start()
    assert ready.wait(_WAIT_S)
    return client, codes[0]


def _subscribe(client: mqtt.Client) -> None:
    done = threading.Event()
    client.on_subscribe = lambda *_args: done.set()
    client.subscribe(TOPIC, qos=1)
    assert done.wait(_WAIT_S)


def _stop(client: mqtt.Client) -> None:
    client.disconnect()
    client.loop_stop()


def test_a_message_queued_for_an_offline_session_survives_a_restart(tmp_path: Path) -> None:
    with running_broker(tmp_path) as broker:
        inbox: queue.Queue[bytes] = queue.Queue()
        station, _ = _connected(broker, "xa-tan-thanh", inbox)
        _subscribe(station)
        _stop(station)  # offline; the session stays

        hub, _ = _connected(broker, "tinh", queue.Queue())
        hub.publish(TOPIC, b"goi-1", qos=1).wait_for_publish(_WAIT_S)
        _stop(hub)

        broker.restart()
        assert broker.running

        station, _ = _connected(broker, "xa-tan-thanh", inbox)
        assert inbox.get(timeout=_WAIT_S) == b"goi-1"
        _stop(station)


def test_password_file_refuses_a_wrong_password(tmp_path: Path) -> None:
    passwords = write_password_file(tmp_path / "passwords", {"xa-tan-thanh": "dung"})
    (tmp_path / "broker").mkdir()
    with running_broker(tmp_path / "broker", password_file=passwords) as broker:
        good, code = _connected(broker, "xa-tan-thanh", queue.Queue(), ("xa-tan-thanh", "dung"))
        assert not code.is_failure
        _stop(good)
        bad, code = _connected(broker, "xa-tan-thanh", queue.Queue(), ("xa-tan-thanh", "sai"))
        assert code.is_failure
        bad.loop_stop()


def test_session_fixture_broker_is_running(mqtt_broker: MosquittoBroker) -> None:
    assert mqtt_broker.running


def test_a_broker_whose_port_was_taken_meanwhile_moves_to_another(tmp_path: Path) -> None:
    # Another suite beside this one may take the free port before Mosquitto binds it; whoever
    # holds the port takes the readiness probe's connection, so only the broker's log tells.
    with socket.create_server((HOST, 0)) as taken:
        broker = MosquittoBroker(tmp_path)
        broker.port = taken.getsockname()[1]
        broker._write_config()
        broker.start()
        try:
            assert broker.port != taken.getsockname()[1]
            inbox: queue.Queue[bytes] = queue.Queue()
            client, code = _connected(broker, "xa-tan-thanh", inbox)
            assert code == 0  # a CONNACK: a broker, not whatever holds the old port
            client.disconnect()
            client.loop_stop()
        finally:
            broker.stop()
