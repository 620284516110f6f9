"""The commune link end to end on a real Mosquitto: an offline commune catches up, as-run
arrives once after a dropped link, hostile messages are refused, an emergency from the hub airs
and is reported back."""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from link_support import (
    WAIT_S,
    Hub,
    link_settings,
    log_airings,
    make_client,
    make_station,
    new_ids,
    wait_for,
)
from mqtt_broker import MosquittoBroker, running_broker
from sqlalchemy import func, select
from test_pack_verify import fields, make_pack, trusted_district

from radio_sched.keys import PublicKey
from radio_sched.link import protocol
from radio_sched.link.client import sync_once
from radio_sched.link.protocol import AsRunBody, EmergencyBody, NoticeBody, PackBody, Receiver
from radio_sched.link.signing import station_public_key_path
from radio_sched.schedule.clock import FakeClock
from radio_sched.store import link as link_store
from radio_sched.store.asrun import AsRunRow
from radio_sched.store.db import Store, open_store
from radio_sched.store.packs import ImportedPackRow
from radio_sched.store.programs import ProgramRow

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
START = dt.datetime(2026, 11, 27, 8, 0, tzinfo=ZONE)
QUIET = 0.3  # a one-off sync ends this long after the last message (the broker sends at once)


@pytest.fixture
def store(station_home: Path) -> Iterator[Store]:
    opened = open_store()
    yield opened
    opened.dispose()


def count(store: Store, table: Any) -> int:
    with store.session() as session:
        return int(session.scalar(select(func.count()).select_from(table)) or 0)


def test_a_pack_sent_while_the_commune_is_offline_arrives_a_day_later(
    mqtt_broker: MosquittoBroker, store: Store, tmp_path: Path
) -> None:
    hub_id, station_id = new_ids()
    clock = FakeClock(START)
    district = trusted_district(tmp_path)
    link = link_settings(mqtt_broker, hub_id, station_id)
    hub = Hub(mqtt_broker, hub_id, clock).connect()
    try:
        # The commune joins once (its session and subscriptions are kept by the broker)...
        first = make_client(make_station(store, link, clock), clock)
        assert sync_once(first, quiet=QUIET).connected
        # ...then is offline when the hub sends the pack.
        pack = make_pack(tmp_path / "xa-tan-thanh.zip", district, manifest_fields=fields(district))
        body = PackBody.of(pack.name, pack.read_bytes()).to_dict()
        message = hub.envelope("pack", body, station_id)
        hub.send(protocol.topic_to_station(hub_id, station_id), message.to_payload())
        assert count(store, ProgramRow) == 0

        clock.advance(24 * 3600)  # a day later, the commune comes back
        later = make_client(make_station(store, link, clock), clock)
        summary = sync_once(later, quiet=QUIET)
        assert summary.connected and summary.received == {"imported": 1}
        assert count(store, ImportedPackRow) == 1 and count(store, ProgramRow) == 1
        acks = [a for a in hub.take("ack", 1)]
        assert acks[0]["body"]["message_id"] == message.id
        assert acks[0]["body"]["result"] == "imported"
        assert acks[0]["sender"] == station_id and acks[0]["recipient"] == hub_id

        # The same message delivered again (QoS 1 may) is acknowledged, not imported twice.
        hub.send(protocol.topic_to_station(hub_id, station_id), message.to_payload())
        again = sync_once(make_client(make_station(store, link, clock), clock), quiet=QUIET)
        assert again.received == {"imported": 1}  # the first result, acknowledged again
        assert hub.take("ack")[0]["body"]["message_id"] == message.id
        assert count(store, ImportedPackRow) == 1 and count(store, ProgramRow) == 1
    finally:
        hub.close()


def _verified_rows(
    documents: list[dict[str, Any]], hub_id: str, station_id: str
) -> list[dict[str, Any]]:
    """What the hub ingests: each message verified with the station's registered key."""
    station_key = PublicKey(_raw_station_key())
    trusted = {station_id: {station_key.fingerprint: station_key}}
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for document in documents:
        verdict = protocol.verify(
            json.dumps(document).encode(),
            topic=protocol.topic_from_station(hub_id, station_id, "asrun"),
            receiver=Receiver(hub_id),
            trusted=trusted,
            last_seq={},
            seen_ids=seen,
            now=document["sent_at"],
        )
        if verdict.outcome == "duplicate":  # QoS 1 delivered it twice: ingested once
            continue
        assert verdict.accepted, verdict.message
        seen.add(document["id"])
        assert isinstance(verdict.body, AsRunBody)
        rows += [row.to_dict() for row in verdict.body.rows]
    return rows


def _raw_station_key() -> bytes:
    from radio_sched.keys import read_public_key_file

    return read_public_key_file(station_public_key_path()).raw


def test_as_run_arrives_exactly_once_after_the_link_drops_mid_send(
    store: Store, tmp_path: Path
) -> None:
    hub_id, station_id = new_ids()
    clock = FakeClock(START)
    trusted_district(tmp_path)
    log_airings(store, 6, START)
    with running_broker(tmp_path / "broker") as broker:
        hub = Hub(broker, hub_id, clock).connect()
        station = make_station(store, link_settings(broker, hub_id, station_id), clock)
        client = make_client(station, clock)
        try:
            client.start()
            assert client.connected.wait(WAIT_S)
            # Two rows go out; the broker dies before anything more is acknowledged.
            first = station.asrun_batch(set(), limit=2)
            assert first is not None
            client._publish(first)
            broker.stop()
            wait_for(lambda: not client.connected.is_set(), "the link to drop")
            client.tick()  # nothing is sent while the link is down, nothing is lost
            with store.session() as session:
                assert len(link_store.due_asrun(session, 100)) >= 4

            broker.start()  # the link comes back; paho reconnects by itself
            wait_for(client.connected.is_set, "the link to come back")
            client.tick()
            wait_for(lambda: _due(store) == 0, "the outbox to empty")
            wait_for(lambda: client.pending_publishes() == 0, "every publish acknowledged")
            documents: list[dict[str, Any]] = []
            wait_for(
                lambda: _collect(hub, documents, station_id) == 6,
                "every row at the hub",
            )
            rows = _verified_rows(documents, hub_id, station_id)
            by_id = {row["asrun_id"]: row for row in rows}
            assert sorted(by_id, key=int) == [str(n) for n in range(1, 7)]  # each, once ingested
            assert all(row["outcome"] == "played" for row in by_id.values())
            assert all(row["seconds_played"] == 30.0 for row in by_id.values())
        finally:
            client.stop()
            hub.close()


def _due(store: Store) -> int:
    with store.session() as session:
        return len(link_store.due_asrun(session, 100))


def _collect(hub: Hub, documents: list[dict[str, Any]], station_id: str) -> int:
    while not hub.received.empty():
        topic, document = hub.received.get()
        if topic.endswith("/asrun"):
            documents.append(document)
    return len({row["asrun_id"] for d in documents for row in d["body"]["rows"]})


def test_forged_replayed_stale_and_misaddressed_messages_are_refused_and_logged(
    mqtt_broker: MosquittoBroker,
    store: Store,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from test_link_protocol import Signer

    hub_id, station_id = new_ids()
    clock = FakeClock(START)
    trusted_district(tmp_path)
    link = link_settings(mqtt_broker, hub_id, station_id)
    hub = Hub(mqtt_broker, hub_id, clock).connect()
    topic = protocol.topic_to_station(hub_id, station_id)
    notice = NoticeBody("Họp", "Họp lúc 8 giờ").to_dict()
    try:
        assert sync_once(
            make_client(make_station(store, link, clock), clock), quiet=QUIET
        ).connected
        genuine = hub.envelope("notice", notice, station_id)
        hub.send(topic, genuine.to_payload())
        assert sync_once(
            make_client(make_station(store, link, clock), clock), quiet=QUIET
        ).received == {"shown": 1}
        before = {t: count(store, t) for t in (link_store.InboxRow, link_store.NoticeRow)}
        assert before == {link_store.InboxRow: 1, link_store.NoticeRow: 1}
        hub.take("ack")

        forged = hub.envelope("notice", notice, station_id, signer=Signer())
        tampered = json.loads(hub.envelope("notice", notice, station_id).to_payload())
        tampered["body"]["text"] = "Sơ tán ngay"
        replayed = hub.envelope("notice", notice, station_id, seq=genuine.seq)
        stale = hub.envelope("notice", notice, station_id, expires_in=-60)
        misaddressed = hub.envelope("notice", notice, "xa-khac")
        caplog.set_level(logging.WARNING, logger="radio_sched.link")
        for payload in (
            forged.to_payload(),
            json.dumps(tampered).encode(),
            replayed.to_payload(),
            stale.to_payload(),
            misaddressed.to_payload(),
        ):
            hub.send(topic, payload)
        summary = sync_once(make_client(make_station(store, link, clock), clock), quiet=QUIET)
        assert summary.received == {"refused": 5}
        assert {t: count(store, t) for t in before} == before  # nothing written
        reasons = [r.getMessage() for r in caplog.records if "Từ chối" in r.getMessage()]
        for code in ("untrusted_key", "bad_signature", "replay", "stale", "wrong_recipient"):
            assert any(f"[{code}]" in line for line in reasons), (code, reasons)
        # The hub hears of its own late or out-of-order messages, not of forgeries.
        answered = {a["body"]["message_id"]: a["body"]["result"] for a in hub.take("ack", 2)}
        assert answered == {replayed.id: "refused", stale.id: "refused"}
    finally:
        hub.close()


def test_an_emergency_from_the_hub_airs_at_once_and_is_reported(
    mqtt_broker: MosquittoBroker, station_home: Path, tmp_path: Path
) -> None:
    from test_daemon_runner import FakePlayer, close, flush, make_runner, run_until
    from test_schedule_support import station_toml, write_wav

    from radio_sched.cli import main

    station_toml(station_home, [("Sáng", dt.time(6), dt.time(6, 0, 20))])
    audio = write_wav(tmp_path / "bai.wav", 4.0, sentence=0.7, pause=0.3)
    assert main(["program", "add-audio", str(audio), "--title", "Bài 1"]) == 0
    today = dt.datetime.now(ZONE).date()
    clock = FakeClock(dt.datetime.combine(today, dt.time(5, 59, 58), tzinfo=ZONE))
    player = FakePlayer(clock)
    runner, _ = make_runner(clock, player)
    hub_id, station_id = new_ids()
    trusted_district(tmp_path)
    hub = Hub(mqtt_broker, hub_id, clock).connect()

    def state() -> tuple[str, str | None]:
        current = runner.current
        return ("playing", current.title) if current is not None else ("paused", None)

    station = make_station(
        runner.store,
        link_settings(mqtt_broker, hub_id, station_id),
        clock,
        state_of=state,
        on_change=runner.refresh,
    )
    client = make_client(station, clock)
    storm = EmergencyBody("bao-so-9", "Tin bão khẩn cấp", "Bà con sơ tán ngay.", 1)
    try:
        client.start()
        assert client.subscribed.wait(WAIT_S)

        def from_the_hub() -> None:
            message = hub.envelope("emergency", storm.to_dict(), "all", expires_in=3600)
            hub.send(protocol.topic_to_all(hub_id), message.to_payload())
            wait_for(lambda: client.tally.received["queued"] == 1, "the emergency to be queued")

        player.events.append((clock.now() + dt.timedelta(seconds=3.5), from_the_hub))
        run_until(runner, clock, clock.now() + dt.timedelta(seconds=60))
        flush(runner)
        with runner.store.session() as session:
            log = list(session.scalars(select(AsRunRow).order_by(AsRunRow.scheduled_start)))
        aired = next(row for row in log if row.title == "Tin bão khẩn cấp")
        assert aired.outcome == "played" and aired.slot == "Khẩn cấp"
        bai = next(row for row in log if row.title == "Bài 1")  # the slot's first airing
        assert bai.outcome == "played" and bai.resumes == 1  # cut at a pause, then resumed
        order = [label for label, _, _ in player.heard]
        assert order.index(aired.key) == 1  # on air between the two halves

        client.tick()  # the outbox goes out, and the heartbeat
        documents: list[dict[str, Any]] = []
        wait_for(
            lambda: (
                len(_rows_at_hub(hub, documents)) >= len(log)
                and any(d["kind"] == "status" for d in documents)
            ),
            "the as-run and the heartbeat at the hub",
        )
        rows = _rows_at_hub(hub, documents)
        report = rows[str(aired.id)]
        assert report["emergency_id"] == "bao-so-9" and report["outcome"] == "played"
        assert report["kind"] == "emergency"
        assert rows[str(bai.id)]["emergency_id"] is None
        acks = [d["body"]["result"] for d in documents if d["kind"] == "ack"]
        assert acks == ["queued"]
        statuses = [d["body"]["state"] for d in documents if d["kind"] == "status"]
        assert statuses and statuses[-1] == "paused"
    finally:
        client.stop()
        hub.close()
        close(runner)


def _rows_at_hub(hub: Hub, documents: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    while not hub.received.empty():
        documents.append(hub.received.get()[1])
    return {
        row["asrun_id"]: row
        for document in documents
        if document["kind"] == "asrun"
        for row in document["body"]["rows"]
    }


def test_the_heartbeat_follows_the_injected_clock(
    mqtt_broker: MosquittoBroker, store: Store, tmp_path: Path
) -> None:
    hub_id, station_id = new_ids()
    clock = FakeClock(START)
    trusted_district(tmp_path)
    state = ["paused"]
    station = make_station(
        store,
        link_settings(mqtt_broker, hub_id, station_id),
        clock,
        state_of=lambda: (state[0], "Bài 1" if state[0] == "playing" else None),
    )
    hub = Hub(mqtt_broker, hub_id, clock).connect()
    client = make_client(station, clock)
    try:
        client.start()
        assert client.connected.wait(WAIT_S)
        beats: list[tuple[float, str]] = []

        def drain() -> int:
            while not hub.received.empty():
                topic, document = hub.received.get()
                if topic.endswith("/status"):
                    beats.append((document["sent_at"], document["body"]["state"]))
            return len(beats)

        def tick_expecting(count: int) -> None:
            client.tick()
            wait_for(lambda: client.pending_publishes() == 0, "the broker's PUBACK")
            wait_for(lambda: drain() >= count, f"{count} heartbeats at the hub")
            assert len(beats) == count

        tick_expecting(1)  # at once on connecting
        clock.advance(59)
        tick_expecting(1)
        clock.advance(1)
        tick_expecting(2)  # every 60 s of the station's clock
        state[0] = "playing"
        clock.advance(5)
        tick_expecting(3)  # and at once when the state changes
        assert [b[1] for b in beats] == ["paused", "paused", "playing"]
        assert [b[0] - START.timestamp() for b in beats] == [0, 60, 65]
    finally:
        client.stop()
        hub.close()
