"""Benchmark: the hub with a real Mosquitto and a real PostgreSQL (issue 14).

    .venv/bin/python bench/bench_hub.py [--quick] [--communes 1000] [--rows 20000] [--procs 4]
                                        [--per-message 100]

(a) Emergency from the hub to every commune, acknowledged: ``hub.operations.send_emergency``
    signs and queues one message per commune in the hub's database; the hub's service
    (``HubService.run``, its real MQTT connection, in a thread as ``hub run`` runs it) publishes
    the queue; simulated communes verify each envelope as a station does (``protocol.verify``
    with the hub's key, their last seq and the ids they have seen) and answer with an ack signed
    by their own registered key; the service stores the acks in PostgreSQL. A commune's latency
    is from the call to ``send_emergency`` until the hub has committed its ack. Baseline in the
    same run: the same emergency to one commune. Goal: p99 ≤ 2 s for 1,000 communes.
(b) As-run ingestion: every simulated commune publishes its as-run rows at once, as a station
    sends its outbox when its link comes back: signed messages of at most
    ``radio_sched.link.station.ASRUN_BATCH`` (100) rows, so the default 20 rows a commune (a
    day's airings) are one message each (``--per-message`` to send fewer rows a message: an
    online station sends each airing as it is logged, a trickle, not a rush); the rate is rows
    committed in ``hub_asrun`` by the service per second, from the first publication to the
    last commit (checked by counting the table). Baseline in the same run: the same ingestion
    code fed directly (``HubService.handle_batch`` with signed messages of the same size, 100
    a transaction, no broker). Goal: ≥ 2,000 rows/s.

Communes are simulated by ``--procs`` processes, each driving its share of paho-mqtt clients
(client id = user name, persistent session, QoS 1 both ways, as the link does) on one selector
loop. The broker runs the hub's generated configuration (per-user passwords, the hub's ACL; the
plain local listener, no TLS). PostgreSQL is the test server (``tests/postgres_server.py``:
fsync and synchronous commit off, as a throw-away database). ``--quick`` (CI): 50 communes,
500 rows.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import multiprocessing
import os
import secrets
import selectors
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # the real-server helpers the tests use

import paho.mqtt.client as mqtt  # noqa: E402
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402
from mqtt_broker import MosquittoBroker  # noqa: E402
from paho.mqtt.enums import CallbackAPIVersion  # noqa: E402
from postgres_server import PostgresServer  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from radio_sched import keys, locations  # noqa: E402
from radio_sched.hub import operations  # noqa: E402
from radio_sched.hub.db import HubAsRunRow, open_hub_store  # noqa: E402
from radio_sched.hub.ingest import Ingested  # noqa: E402
from radio_sched.hub.mqtt import HubConnection  # noqa: E402
from radio_sched.hub.service import HubService  # noqa: E402
from radio_sched.hub.settings import HubSettings  # noqa: E402
from radio_sched.link import protocol  # noqa: E402
from radio_sched.link.signing import KeySigner, district_signer  # noqa: E402
from radio_sched.link.station import ASRUN_BATCH  # noqa: E402
from radio_sched.schedule.clock import SystemClock  # noqa: E402
from radio_sched.store.db import Store  # noqa: E402

HUB = "tinh-thu-nghiem"
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
DEADLINE_S = 120.0  # only stops a broken run from hanging; never a measurement
GOAL_P99_S = 2.0
GOAL_ROWS_PER_S = 2000.0


# ------------------------------------------------------------------------ simulated communes


@dataclass
class _Commune:
    station: str
    signer: KeySigner
    client: mqtt.Client
    seq: int = 0
    last_seq: dict[str, int] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)
    subscribed: bool = False


def simulate(
    host: str,
    port: int,
    hub_key: bytes,
    stations: Sequence[tuple[str, str, bytes]],
    control: Connection,
) -> None:
    """One process's communes: connect, verify what the hub sends and ack it, publish as-run
    rows when told. ``stations``: (id, broker password, raw private key)."""
    hub_public = keys.PublicKey(hub_key)
    trusted = {HUB: {hub_public.fingerprint: hub_public}}
    selector = selectors.DefaultSelector()
    tally = {"verified": 0, "refused": 0, "acks": 0}
    communes: list[_Commune] = []

    def next_seq(commune: _Commune) -> int:
        commune.seq += 1
        return commune.seq

    def publish(commune: _Commune, kind: str, body: dict[str, Any], expires: float | None) -> None:
        now = time.time()
        envelope = protocol.build(
            kind=kind,
            message_id=secrets.token_hex(16),
            sender=commune.station,
            recipient=HUB,
            seq=next_seq(commune),
            sent_at=now,
            body=body,
            signer=commune.signer,
            expires_at=now + expires if expires is not None else None,
        )
        topic = protocol.topic_from_station(HUB, commune.station, kind)
        commune.client.publish(topic, envelope.to_payload(), qos=1)

    def on_message(client: mqtt.Client, commune: _Commune, message: mqtt.MQTTMessage) -> None:
        verdict = protocol.verify(
            bytes(message.payload),
            topic=message.topic,
            receiver=protocol.Receiver(HUB, commune.station),
            trusted=trusted,
            last_seq=commune.last_seq,
            seen_ids=commune.seen,
            now=time.time(),
        )
        envelope = verdict.envelope
        if verdict.outcome == "refused" or envelope is None:
            tally["refused"] += 1
            return
        if verdict.outcome == "accepted":
            commune.last_seq[envelope.sender] = envelope.seq
            commune.seen.add(envelope.id)
            tally["verified"] += 1
        result = "queued" if envelope.kind == "emergency" else "shown"
        body = protocol.AckBody(envelope.id, result, "").to_dict()
        publish(commune, "ack", body, 7 * 24 * 3600.0)
        tally["acks"] += 1

    def on_connect(client: mqtt.Client, commune: _Commune, *_args: Any) -> None:
        own, broadcast = protocol.station_subscriptions(HUB, commune.station)
        client.subscribe([(own, 1), (broadcast, 1)])

    def on_subscribe(client: mqtt.Client, commune: _Commune, *_args: Any) -> None:
        commune.subscribed = True

    def on_open(client: mqtt.Client, commune: _Commune, sock: Any) -> None:
        selector.register(sock, selectors.EVENT_READ, commune)

    def on_close(client: mqtt.Client, commune: _Commune, sock: Any) -> None:
        selector.unregister(sock)

    def on_want_write(client: mqtt.Client, commune: _Commune, sock: Any) -> None:
        selector.modify(sock, selectors.EVENT_READ | selectors.EVENT_WRITE, commune)

    def on_written(client: mqtt.Client, commune: _Commune, sock: Any) -> None:
        selector.modify(sock, selectors.EVENT_READ, commune)

    for station, password, private in stations:
        client = mqtt.Client(
            CallbackAPIVersion.VERSION2,
            client_id=station,
            clean_session=False,
            protocol=mqtt.MQTTv311,
        )
        commune = _Commune(
            station, KeySigner(Ed25519PrivateKey.from_private_bytes(private)), client
        )
        client.user_data_set(commune)
        client.username_pw_set(station, password)
        client.max_inflight_messages_set(100)
        client.on_connect = on_connect
        client.on_subscribe = on_subscribe
        client.on_message = on_message
        client.on_socket_open = on_open
        client.on_socket_close = on_close
        client.on_socket_register_write = on_want_write
        client.on_socket_unregister_write = on_written
        client.connect(host, port, keepalive=60)
        communes.append(commune)

    ready_sent = False
    last_misc = time.monotonic()
    while True:
        for key, mask in selector.select(0.02):
            commune = key.data
            if mask & selectors.EVENT_READ:
                commune.client.loop_read()
            if mask & selectors.EVENT_WRITE:
                commune.client.loop_write()
        if time.monotonic() - last_misc > 1.0:
            for commune in communes:
                commune.client.loop_misc()
            last_misc = time.monotonic()
        if not ready_sent and all(c.subscribed for c in communes):
            control.send(("ready", len(communes)))
            ready_sent = True
        if control.poll():
            command, argument = control.recv()
            if command == "stop":
                break
            if command == "asrun":
                rows_each, per_message = argument
                _publish_asrun(communes, rows_each, per_message, publish)
                control.send(("published", None))
    for commune in communes:
        commune.client.disconnect()
        commune.client.loop_write()
    control.send(("tally", tally))


def _publish_asrun(
    communes: Sequence[_Commune], rows_each: int, per_message: int, publish: Any
) -> None:
    start = time.time() - 86400
    for commune in communes:
        for first in range(0, rows_each, per_message):
            rows = [
                _asrun_row(f"{commune.station}-{n}", start + 600 * n)
                for n in range(first, min(rows_each, first + per_message))
            ]
            publish(commune, "asrun", {"rows": rows}, None)


def _asrun_row(asrun_id: str, started: float) -> dict[str, Any]:
    return {
        "asrun_id": asrun_id,
        "program": "7",
        "title": "Phòng chống cháy rừng mùa khô",
        "kind": "pack",
        "scheduled_at": started,
        "started_at": started,
        "ended_at": started + 95,
        "seconds_played": 95.0,
        "outcome": "played",
        "emergency_id": None,
        "sources": "synthetic",
    }


# ---------------------------------------------------------------------------------- the hub


class TimedService(HubService):
    """The hub's service, noting when each commune's ack and each as-run row was committed
    (``handle_batch`` returns after its transaction)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.acked: dict[str, float] = {}
        self.rows = 0
        self.last_commit = 0.0
        self.changed = threading.Condition()
        self.published: list[tuple[float, float, int]] = []  # start, end, messages
        self.batches: list[tuple[float, float, int]] = []  # start, end, messages stored

    def publish_pending(self, connection: HubConnection) -> int:
        started = time.perf_counter()
        count = super().publish_pending(connection)
        if count:
            self.published.append((started, time.perf_counter(), count))
        return count

    def handle_batch(self, messages: Sequence[tuple[str, bytes]]) -> list[Ingested]:
        started = time.perf_counter()
        results = super().handle_batch(messages)
        committed = time.perf_counter()
        self.batches.append((started, committed, len(messages)))
        with self.changed:
            for result in results:
                envelope = result.verdict.envelope
                if not result.verdict.accepted or envelope is None:
                    continue
                if envelope.kind == "ack":
                    self.acked.setdefault(envelope.sender, committed)
                elif envelope.kind == "asrun":
                    self.rows += len(envelope.body["rows"])
                    self.last_commit = committed
            self.changed.notify_all()
        return results

    def wait(self, done: Callable[[], bool]) -> bool:
        with self.changed:
            return bool(self.changed.wait_for(done, DEADLINE_S))


@dataclass
class Bench:
    settings: HubSettings
    store: Store
    service: TimedService
    stations: list[tuple[str, str, bytes]]  # simulated, connected
    offline: list[tuple[str, str, bytes]]  # registered, never connected: the direct baseline's
    controls: list[Connection]


def register(
    store: Store, settings: HubSettings, folder: Path, count: int, prefix: str = "xa"
) -> list[Any]:
    stations = []
    for index in range(count):
        station = f"{prefix}-{index + 1:04d}"
        private = Ed25519PrivateKey.generate()
        signer = KeySigner(private)
        key_file = folder / f"{station}.pub"
        key_file.write_text(signer.public_key.export_text(), encoding="utf-8")
        added = operations.add_commune(store, settings, station, f"Xã Thử {index + 1}", key_file)
        raw = private.private_bytes_raw()
        stations.append((station, added.password, raw))
    return stations


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def emergency(bench: Bench, targets: Sequence[str]) -> tuple[list[float], str]:
    """Send one emergency to ``targets``; each one's seconds until its ack was committed, and
    where the time went."""
    service = bench.service
    service.acked.clear()
    service.published.clear()
    service.batches.clear()
    started = time.perf_counter()
    operations.send_emergency(
        bench.store,
        bench.settings,
        "Lũ trên sông Đồng Nai đang lên; bà con vùng trũng di chuyển ngay lên chỗ cao.",
        targets,
        dt.datetime.now(ZONE),
        title="Cảnh báo lũ",
    )
    queued = time.perf_counter() - started
    wanted = set(targets) if targets != [operations.ALL] else {s for s, _p, _k in bench.stations}
    if not bench.service.wait(lambda: wanted <= set(bench.service.acked)):
        missing = len(wanted - set(bench.service.acked))
        raise SystemExit(f"{missing} communes never acknowledged the emergency")
    published = service.published
    stored = [batch for batch in service.batches if batch[0] >= started]
    steps = f"signed and queued in {queued:.2f} s"
    if published:  # observed through HubService.publish_pending
        steps += (
            f"; published in {len(published)} rounds, from {published[0][0] - started:.2f} s "
            f"to {published[-1][1] - started:.2f} s"
        )
    if stored:
        steps += (
            f"; acks stored in {len(stored)} transactions (largest {max(b[2] for b in stored)}), "
            f"the first from {stored[0][0] - started:.2f} s, the last ending at "
            f"{stored[-1][1] - started:.2f} s ({sum(b[1] - b[0] for b in stored):.2f} s storing)"
        )
    return [service.acked[station] - started for station in wanted], steps


DIRECT_BATCH = 100  # messages a transaction in the baseline (the connection takes up to 500)


def direct_ingestion(bench: Bench, rows: int, size: int) -> tuple[float, int]:
    """Rows per second through ``HubService.handle_batch`` without the broker (the baseline):
    signed as-run messages of ``size`` rows (as the broker run's), from a few communes in
    turn, stored ``DIRECT_BATCH`` messages a transaction."""
    signers = [
        (station, KeySigner(Ed25519PrivateKey.from_private_bytes(private)))
        for station, _password, private in bench.offline
    ]
    messages = []
    for number, first in enumerate(range(0, rows, size)):
        station, signer = signers[number % len(signers)]
        now = time.time()
        envelope = protocol.build(
            kind="asrun",
            message_id=secrets.token_hex(16),
            sender=station,
            recipient=HUB,
            seq=1 + number,  # rising for every commune
            sent_at=now,
            body={
                "rows": [
                    _asrun_row(f"direct-{station}-{n}", now)
                    for n in range(first, min(rows, first + size))
                ]
            },
            signer=signer,
        )
        messages.append((protocol.topic_from_station(HUB, station, "asrun"), envelope.to_payload()))
    plain = HubService(bench.settings, bench.store, district_signer(), clock=SystemClock(ZONE))
    started = time.perf_counter()
    for index in range(0, len(messages), DIRECT_BATCH):
        results = plain.handle_batch(messages[index : index + DIRECT_BATCH])
        if not all(result.verdict.accepted for result in results):
            raise SystemExit("the direct ingestion refused a message")
    return rows / (time.perf_counter() - started), rows


def broker_ingestion(bench: Bench, rows: int, per_message: int) -> tuple[float, int]:
    """Every commune publishes its rows at once; rows/s until the last one is committed."""
    communes = len(bench.stations)
    rows_each = max(1, rows // communes)
    total = rows_each * communes
    bench.service.rows = 0
    started = time.perf_counter()
    for control in bench.controls:
        control.send(("asrun", (rows_each, per_message)))
    if not bench.service.wait(lambda: bench.service.rows >= total):
        raise SystemExit(f"only {bench.service.rows} of {total} as-run rows arrived")
    seconds = bench.service.last_commit - started
    for control in bench.controls:
        control.recv()  # "published"
    return total / seconds, total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="50 communes, 500 rows (CI)")
    parser.add_argument("--communes", type=int, default=None)
    parser.add_argument("--rows", type=int, default=None)
    parser.add_argument("--procs", type=int, default=None, help="processes simulating communes")
    parser.add_argument(
        "--per-message",
        type=int,
        default=ASRUN_BATCH,
        help=f"as-run rows a message at most (the station's outbox: {ASRUN_BATCH})",
    )
    args = parser.parse_args()
    communes = args.communes or (50 if args.quick else 1000)
    rows = args.rows or (500 if args.quick else 20_000)
    procs = max(1, min(args.procs or (2 if args.quick else 4), communes))

    with tempfile.TemporaryDirectory(prefix="bench-hub-") as folder:
        work = Path(folder)
        os.environ[locations.HOME_ENV] = str(work / "home")
        keys.init_keys("Sở VH-TT tỉnh Thử Nghiệm")
        server = PostgresServer()
        server.start()
        try:
            url = server.url(server.new_database())
            return run(work, url, communes, rows, procs, max(1, args.per_message))
        finally:
            server.stop()


def run(work: Path, url: str, communes: int, rows: int, procs: int, per_message: int) -> int:
    setup = time.perf_counter()
    store = open_hub_store(url)
    broker = MosquittoBroker(work / "broker")
    settings = HubSettings(
        hub_id=HUB,
        database_url=url,
        broker_host=broker.host,
        broker_port=broker.port,
        broker_password=secrets.token_urlsafe(18),
    )
    (work / "keys").mkdir()
    stations = register(store, settings, work / "keys", communes)
    offline = register(store, settings, work / "keys", max(1, rows // 4 // 400 + 1), "xa-truc-tiep")
    written = operations.write_broker_config(
        store,
        settings,
        work / "mosquitto",
        local_port=broker.port,
        extra_lines=[f"user {getpass.getuser()}", f"log_dest file {broker.log_path}"],
    )
    broker.config_path = written[0]
    broker.start()
    service = TimedService(
        settings, store, district_signer(), clock=SystemClock(ZONE), say=lambda _line: None
    )
    stop = threading.Event()
    hub = threading.Thread(target=service.run, args=(stop,), name="hub-service", daemon=True)
    hub.start()
    context = multiprocessing.get_context("spawn")
    controls, children = [], []
    hub_key = keys.own_public_key().raw
    for index in range(procs):
        mine, theirs = context.Pipe()
        share = stations[index::procs]
        child = context.Process(
            target=simulate, args=(broker.host, broker.port, hub_key, share, theirs), daemon=True
        )
        child.start()
        controls.append(mine)
        children.append(child)
    for control in controls:
        if not control.poll(DEADLINE_S):
            raise SystemExit("a commune simulator never got its communes connected")
        control.recv()
    bench = Bench(settings, store, service, stations, offline, controls)
    print(
        f"{communes} communes connected and subscribed in {procs} simulator processes; "
        f"setup {time.perf_counter() - setup:.1f} s; cpus: {os.cpu_count()}",
        flush=True,
    )
    try:
        ones, _steps = emergency(bench, [stations[0][0]])
        one = ones[0]
        latencies, steps = emergency(bench, [operations.ALL])
        p50, p95, p99 = (percentile(latencies, f) for f in (0.50, 0.95, 0.99))
        print(
            f"(a) emergency to 1 commune: acknowledged in {one:.3f} s (baseline)\n"
            f"    emergency to {communes} communes: p50 {p50:.3f} s, p95 {p95:.3f} s, "
            f"p99 {p99:.3f} s, max {max(latencies):.3f} s, mean "
            f"{statistics.fmean(latencies):.3f} s; p99 / one commune {p99 / one:.2f}× "
            f"(goal p99 ≤ {GOAL_P99_S:.0f} s)\n    {steps}",
            flush=True,
        )
        size = min(per_message, max(1, rows // communes))
        direct, direct_rows = direct_ingestion(bench, max(size, rows // 4), size)
        rate, total = broker_ingestion(bench, rows, per_message)
        with store.session() as session:
            stored = session.scalar(select(func.count()).select_from(HubAsRunRow)) or 0
        print(
            f"(b) as-run ingestion, direct to the service's handler: {direct:,.0f} rows/s "
            f"(baseline)\n"
            f"    through the broker from {communes} communes ({total // communes} rows each, at "
            f"most {per_message} a message): {total:,} rows in {total / rate:.2f} s = "
            f"{rate:,.0f} rows/s; {rate / direct:.2f}× direct "
            f"(goal ≥ {GOAL_ROWS_PER_S:,.0f} rows/s); hub_asrun holds {stored:,} rows "
            f"({direct_rows:,} of them from the baseline)",
            flush=True,
        )
    finally:
        for control in controls:
            control.send(("stop", None))
        for control, child in zip(controls, children, strict=True):
            if control.poll(DEADLINE_S):
                tally = control.recv()
                if tally[0] == "tally" and tally[1]["refused"]:
                    print(f"simulator refused {tally[1]['refused']} messages", flush=True)
            child.join(DEADLINE_S)
        stop.set()
        hub.join(DEADLINE_S)
        broker.stop()
        store.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
