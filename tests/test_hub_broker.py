"""The hub's Mosquitto files on a real broker, and the hub service talking through it.

The broker runs with the very mosquitto.conf, acl and passwd that ``hub broker-config`` writes
(plus a log file and the user to run as, for the test): passwords in the hub's hash form are
accepted, the ACL keeps each commune to its own topics, and the TLS listener serves the hub.
"""

from __future__ import annotations

import datetime as dt
import getpass
import ipaddress
import secrets
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import paho.mqtt.client as mqtt
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from mqtt_broker import MosquittoBroker, free_port
from paho.mqtt.enums import CallbackAPIVersion
from sqlalchemy import func, select
from test_hub_ingest import HUB, Station, asrun_row, register

from radio_sched import keys
from radio_sched.hub import broker_config, operations
from radio_sched.hub.db import AckRow, HubAsRunRow, open_hub_store
from radio_sched.hub.mqtt import BrokerUnavailable, HubConnection
from radio_sched.hub.settings import HubSettings
from radio_sched.link import protocol
from radio_sched.store.db import Store

DEADLINE_S = 20.0  # only stops a broken broker from hanging the suite; never a measurement


@dataclass
class Office:
    settings: HubSettings
    store: Store
    broker: MosquittoBroker
    passwords: dict[str, str]
    stations: dict[str, Station]
    tls_port: int
    ca_file: Path


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key; the certificate is its own CA."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "server.crt", folder / "server.key"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


@pytest.fixture
def office(hub_database_url: str, tmp_path: Path) -> Iterator[Office]:
    keys.init_keys("Phòng VH-TT huyện Tân Phú")
    settings = HubSettings(
        hub_id=HUB,
        database_url=hub_database_url,
        broker_host="127.0.0.1",
        broker_password=broker_config.new_password(),
    )
    store = open_hub_store(hub_database_url)
    stations = {
        "xa-tan-thanh": Station("xa-tan-thanh", "Xã Tân Thành"),
        "xa-tan-hoa": Station("xa-tan-hoa", "Xã Tân Hoà"),
    }
    passwords = {HUB: settings.broker_password}
    for station in stations.values():
        key_file = tmp_path / f"{station.station_id}.pub"
        key_file.write_text(station.signer.public.export_text(), encoding="utf-8")
        added = operations.add_commune(store, settings, station.station_id, station.name, key_file)
        passwords[station.station_id] = added.password
    broker = MosquittoBroker(tmp_path / "broker")
    cert_file, key_file = self_signed(tmp_path)
    tls_port = free_port()
    config = tmp_path / "mosquitto"
    written = operations.write_broker_config(
        store,
        settings,
        config,
        local_port=broker.port,
        tls=broker_config.TlsFiles(str(cert_file), str(key_file), tls_port),
        # The test runs the broker as itself and keeps its log beside the broker's folder.
        extra_lines=[f"user {getpass.getuser()}", f"log_dest file {broker.log_path}"],
    )
    assert written[0] == config.resolve() / "mosquitto.conf"
    broker.config_path = written[0]
    settings = operations.load_hub_settings()  # now remembers the broker folder
    settings = HubSettings(**{**settings.__dict__, "broker_port": broker.port})
    broker.start()
    try:
        yield Office(settings, store, broker, passwords, stations, tls_port, cert_file)
    finally:
        broker.stop()
        store.dispose()


class Client:
    """A plain MQTT client logged in as one user, collecting what it receives."""

    def __init__(self, office: Office, user: str, password: str | None = None) -> None:
        self.received: list[tuple[str, bytes]] = []
        self.arrived = threading.Condition()
        self.client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=user, clean_session=True)
        self.client.username_pw_set(user, password or office.passwords[user])
        self.client.on_message = self._message
        self.connected = threading.Event()
        self.refused: str | None = None

        def on_connect(_c: object, _u: object, _f: object, reason: object, _p: object) -> None:
            if getattr(reason, "is_failure", False):
                self.refused = str(reason)
            self.connected.set()

        self.client.on_connect = on_connect
        self.client.connect(office.broker.host, office.broker.port)
        self.client.loop_start()
        assert self.connected.wait(DEADLINE_S)

    def _message(self, _client: object, _userdata: object, message: mqtt.MQTTMessage) -> None:
        with self.arrived:
            self.received.append((message.topic, bytes(message.payload)))
            self.arrived.notify_all()

    def subscribe(self, *topics: str) -> None:
        done = threading.Event()
        self.client.on_subscribe = lambda *_args: done.set()
        self.client.subscribe([(topic, 1) for topic in topics])
        assert done.wait(DEADLINE_S)

    def publish(self, topic: str, payload: bytes) -> None:
        self.client.publish(topic, payload, qos=1).wait_for_publish(DEADLINE_S)

    def wait_for(self, topic: str, payload: bytes) -> list[tuple[str, bytes]]:
        """Everything received up to and including (topic, payload)."""
        with self.arrived:
            assert self.arrived.wait_for(lambda: (topic, payload) in self.received, DEADLINE_S)
            return list(self.received)

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


def test_the_hubs_password_hashes_are_mosquittos(office: Office) -> None:
    for user in office.passwords:
        client = Client(office, user)
        assert client.refused is None, client.refused
        client.close()
    intruder = Client(office, "xa-tan-thanh", password=secrets.token_hex(6))
    assert intruder.refused is not None
    intruder.close()
    hashed = broker_config.password_hash("bí mật")
    assert broker_config.password_matches("bí mật", hashed)
    assert not broker_config.password_matches("bi mat", hashed)


def test_the_broker_listens_only_where_the_config_says(office: Office) -> None:
    """A listener option before the first listener would open a default one on 1883."""
    opened = {
        int(line.rsplit(" ", 1)[-1].rstrip("."))
        for line in office.broker.log().splitlines()
        if "listen socket on port" in line
    }
    assert opened == {office.broker.port, office.tls_port}


def test_a_commune_reads_only_its_own_topic_and_the_broadcast(office: Office) -> None:
    hub = Client(office, HUB)
    tan_thanh = Client(office, "xa-tan-thanh")
    tan_thanh.subscribe(
        protocol.topic_to_station(HUB, "xa-tan-hoa"),  # another commune's: not allowed
        protocol.topic_to_station(HUB, "xa-tan-thanh"),
        protocol.topic_to_all(HUB),
        protocol.hub_subscription(HUB),  # what the communes write: not allowed
    )
    other = Client(office, "xa-tan-hoa")
    other.publish(protocol.topic_from_station(HUB, "xa-tan-hoa", "status"), b"heartbeat")
    hub.publish(protocol.topic_to_station(HUB, "xa-tan-hoa"), b"for tan hoa")
    hub.publish(protocol.topic_to_all(HUB), b"for all")
    hub.publish(protocol.topic_to_station(HUB, "xa-tan-thanh"), b"for tan thanh")
    received = tan_thanh.wait_for(protocol.topic_to_station(HUB, "xa-tan-thanh"), b"for tan thanh")
    assert [payload for _topic, payload in received] == [b"for all", b"for tan thanh"]
    for client in (hub, tan_thanh, other):
        client.close()


def test_a_commune_cannot_write_the_hubs_topics_nor_another_communes(office: Office) -> None:
    hub = Client(office, HUB)
    hub.subscribe(protocol.hub_subscription(HUB))
    tan_thanh = Client(office, "xa-tan-thanh")
    tan_thanh.subscribe(protocol.topic_to_station(HUB, "xa-tan-thanh"))
    tan_hoa = Client(office, "xa-tan-hoa")
    # Posing as the hub on a commune's topic, and as another commune towards the hub.
    tan_hoa.publish(protocol.topic_to_station(HUB, "xa-tan-thanh"), b"forged order")
    tan_hoa.publish(protocol.topic_from_station(HUB, "xa-tan-thanh", "asrun"), b"forged as-run")
    tan_hoa.publish(protocol.topic_from_station(HUB, "xa-tan-hoa", "asrun"), b"own as-run")
    hub.publish(protocol.topic_to_station(HUB, "xa-tan-thanh"), b"real order")
    assert [
        payload
        for _topic, payload in tan_thanh.wait_for(
            protocol.topic_to_station(HUB, "xa-tan-thanh"), b"real order"
        )
    ] == [b"real order"]
    own = protocol.topic_from_station(HUB, "xa-tan-hoa", "asrun")
    assert [payload for _topic, payload in hub.wait_for(own, b"own as-run")] == [b"own as-run"]
    for client in (hub, tan_thanh, tan_hoa):
        client.close()


def test_adding_a_commune_rewrites_the_acl_and_passwd(office: Office, tmp_path: Path) -> None:
    folder = Path(office.settings.broker_config_dir)
    before = (folder / "acl").read_text(encoding="utf-8")
    newcomer = Station("xa-moi", "Xã Mới")
    register(office.store, office.settings, tmp_path, newcomer)
    acl = (folder / "acl").read_text(encoding="utf-8")
    assert "user xa-moi" not in before and "user xa-moi" in acl
    assert f"topic write rs/v1/{HUB}/from/xa-moi/#" in acl
    users = [line.split(":")[0] for line in (folder / "passwd").read_text().splitlines()]
    assert users == sorted([HUB, "xa-moi", "xa-tan-hoa", "xa-tan-thanh"])
    assert (folder / "passwd").stat().st_mode & 0o777 == broker_config.FILE_MODE


def count(store: Store, model: type) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_the_hub_service_over_tls_sends_and_takes_back(office: Office) -> None:
    settings = HubSettings(
        **{
            **office.settings.__dict__,
            "broker_port": office.tls_port,
            "broker_tls": True,
            "broker_ca_file": str(office.ca_file),
        }
    )
    station = office.stations["xa-tan-thanh"]
    commune = Client(office, station.station_id)
    commune.subscribe(protocol.topic_to_station(HUB, station.station_id))
    sent = operations.send_notice(
        office.store,
        settings,
        "Lịch họp",
        "Họp lúc 14 giờ",
        [station.station_id],
        dt.datetime.now(dt.UTC),
    )
    service = operations.hub_service(settings, office.store, say=lambda _line: None)
    stop = threading.Event()
    runner = threading.Thread(target=service.run, args=(stop,), daemon=True)
    runner.start()
    try:
        topic = protocol.topic_to_station(HUB, station.station_id)
        with commune.arrived:
            assert commune.arrived.wait_for(lambda: bool(commune.received), DEADLINE_S)
        [(got_topic, payload)] = commune.received
        assert got_topic == topic
        envelope = protocol.verify(
            payload,
            topic=topic,
            receiver=protocol.Receiver(hub=HUB, station=station.station_id),
            trusted={HUB: {keys.own_public_key().fingerprint: keys.own_public_key()}},
            last_seq={},
            seen_ids=set(),
            now=dt.datetime.now(dt.UTC).timestamp(),
        )
        assert envelope.accepted and envelope.envelope is not None
        assert envelope.envelope.id == sent[0].id
        # The commune acknowledges and sends its as-run; the service stores both.
        now = dt.datetime.now(dt.UTC)
        ack = {"message_id": sent[0].id, "result": "shown", "reason": ""}
        for kind, body in (
            ("ack", ack),
            ("asrun", {"rows": [asrun_row("r1", now)]}),
        ):
            commune.publish(*station.message(kind, body, now=now))
        deadline = threading.Event()
        for _ in range(int(DEADLINE_S / 0.05)):
            if count(office.store, AckRow) and count(office.store, HubAsRunRow):
                break
            deadline.wait(0.05)
        assert (count(office.store, AckRow), count(office.store, HubAsRunRow)) == (1, 1)
    finally:
        stop.set()
        runner.join(DEADLINE_S)
        commune.close()


def test_a_hub_with_a_wrong_password_is_told_so(office: Office) -> None:
    settings = HubSettings(**{**office.settings.__dict__, "broker_password": secrets.token_hex(4)})
    with pytest.raises(BrokerUnavailable, match="không nhận trung tâm"):
        HubConnection(settings).connect(timeout=DEADLINE_S)
