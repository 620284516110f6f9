"""The hub takes what its communes send, on a real PostgreSQL: as-run exactly once, heartbeats,
acknowledgements; forged, replayed, stale and wrongly addressed messages refused and logged.

Messages are real signed envelopes (the protocol module, real Ed25519 keys) handed to the
service's handler as the broker would; the clock is a FakeClock.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import func, select
from sqlalchemy.orm import undefer

from radio_sched import keys
from radio_sched.hub import operations
from radio_sched.hub.db import (
    AckRow,
    CommuneRow,
    HubAsRunRow,
    RefusalRow,
    SentMessageRow,
    StatusChangeRow,
    open_hub_store,
)
from radio_sched.hub.ingest import prune
from radio_sched.hub.outbox import Publication, forget_payloads, mark_published, unpublished
from radio_sched.hub.service import HubService
from radio_sched.hub.settings import HubSettings
from radio_sched.link import protocol
from radio_sched.link.signing import district_signer
from radio_sched.schedule.clock import FakeClock
from radio_sched.store.db import Store

HUB = "huyen-tan-phu"
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
START = dt.datetime(2026, 12, 2, 8, 0, tzinfo=ZONE)


class StationSigner:
    def __init__(self) -> None:
        self.private = Ed25519PrivateKey.generate()
        raw = self.private.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        self.public = keys.PublicKey(raw)

    @property
    def fingerprint(self) -> str:
        return self.public.fingerprint

    def sign(self, data: bytes) -> bytes:
        return self.private.sign(data)


@dataclass
class Station:
    station_id: str
    name: str
    signer: StationSigner = field(default_factory=StationSigner)
    seq: int = 0

    def message(
        self,
        kind: str,
        body: dict[str, Any],
        *,
        now: dt.datetime,
        seq: int | None = None,
        message_id: str | None = None,
        recipient: str = HUB,
        topic_station: str | None = None,
        channel: str | None = None,
        expires_at: dt.datetime | None = None,
        signer: StationSigner | None = None,
    ) -> tuple[str, bytes]:
        if seq is None:
            self.seq += 1
            seq = self.seq
        envelope = protocol.build(
            kind=kind,
            message_id=message_id or secrets.token_hex(16),
            sender=self.station_id,
            recipient=recipient,
            seq=seq,
            sent_at=now.timestamp(),
            body=body,
            signer=signer or self.signer,
            expires_at=expires_at.timestamp() if expires_at else None,
        )
        station = topic_station or self.station_id
        topic = protocol.topic_from_station(HUB, station, channel or kind)
        return topic, envelope.to_payload()


@dataclass
class Hub:
    settings: HubSettings
    store: Store
    clock: FakeClock
    service: HubService
    said: list[str]
    stations: dict[str, Station]

    def count(self, model: Any, *where: Any) -> int:
        with self.store.session() as session:
            return session.scalar(select(func.count()).select_from(model).where(*where)) or 0

    def refusals(self) -> list[tuple[str, str]]:
        with self.store.session() as session:
            rows = session.scalars(select(RefusalRow).order_by(RefusalRow.id)).all()
            return [(row.reason, row.message) for row in rows]


def register(store: Store, settings: HubSettings, folder: Path, station: Station) -> None:
    key_file = folder / f"{station.station_id}.pub"
    key_file.write_text(station.signer.public.export_text(), encoding="utf-8")
    operations.add_commune(store, settings, station.station_id, station.name, key_file)


@contextlib.contextmanager
def open_hub(hub_database_url: str, tmp_path: Path) -> Iterator[Hub]:
    """A hub with its district key and two registered communes (shared with the other hub
    test modules)."""
    keys.init_keys("Phòng VH-TT huyện Tân Phú")
    settings = HubSettings(
        hub_id=HUB, database_url=hub_database_url, broker_password=secrets.token_hex(8)
    )
    store = open_hub_store(hub_database_url)
    stations = {
        "xa-tan-thanh": Station("xa-tan-thanh", "Xã Tân Thành"),
        "xa-tan-hoa": Station("xa-tan-hoa", "Xã Tân Hoà"),
    }
    for station in stations.values():
        register(store, settings, tmp_path, station)
    clock = FakeClock(START)
    said: list[str] = []
    service = HubService(settings, store, district_signer(), clock=clock, say=said.append)
    try:
        yield Hub(settings, store, clock, service, said, stations)
    finally:
        store.dispose()


@pytest.fixture
def hub(hub_database_url: str, tmp_path: Path) -> Iterator[Hub]:
    with open_hub(hub_database_url, tmp_path) as opened:
        yield opened


def asrun_row(asrun_id: str, started: dt.datetime, **changes: Any) -> dict[str, Any]:
    row = {
        "asrun_id": asrun_id,
        "program": "7",
        "title": "Phòng chống cháy rừng",
        "kind": "pack",
        "scheduled_at": started.timestamp(),
        "started_at": started.timestamp(),
        "ended_at": (started + dt.timedelta(seconds=95)).timestamp(),
        "seconds_played": 95.0,
        "outcome": "played",
        "emergency_id": None,
        "sources": "synthetic",
    }
    row.update(changes)
    return row


def status(state: str, now: dt.datetime) -> dict[str, Any]:
    return {
        "state": state,
        "now_playing": "Phòng chống cháy rừng" if state == "playing" else None,
        "version": "0.9.0",
        "free_disk_bytes": 10_000_000_000,
        "last_airing_at": None,
        "started_at": START.timestamp(),
    }


def test_as_run_delivered_twice_lands_exactly_once(hub: Hub) -> None:
    station = hub.stations["xa-tan-thanh"]
    rows = [asrun_row("r1", START), asrun_row("r2", START + dt.timedelta(minutes=5))]
    topic, payload = station.message("asrun", {"rows": rows}, now=hub.clock.now())
    assert hub.service.handle(topic, payload).verdict.outcome == "accepted"
    # The broker delivers the same message again (QoS 1) …
    assert hub.service.handle(topic, payload).verdict.outcome == "duplicate"
    # … and the station's outbox sends the same rows again in a new message after a dropped link,
    # one of them now with its end.
    again = [rows[0], asrun_row("r3", START + dt.timedelta(minutes=9), outcome="missed")]
    topic, payload = station.message("asrun", {"rows": again}, now=hub.clock.advance(60))
    assert hub.service.handle(topic, payload).verdict.outcome == "accepted"
    assert hub.count(HubAsRunRow) == 3
    assert hub.count(HubAsRunRow, HubAsRunRow.asrun_id == "r1") == 1
    assert hub.refusals() == []


def test_a_batch_sending_a_row_twice_keeps_the_later_news_once(hub: Hub) -> None:
    station = hub.stations["xa-tan-thanh"]
    playing = asrun_row("r1", START, outcome="playing", ended_at=None, seconds_played=0.0)
    ended = asrun_row("r1", START, outcome="played", emergency_id="kc-1")
    first = station.message("asrun", {"rows": [playing]}, now=hub.clock.now())
    later = station.message("asrun", {"rows": [ended, asrun_row("r2", START)]}, now=hub.clock.now())
    outcomes = [result.verdict.outcome for result in hub.service.handle_batch([first, later])]
    assert outcomes == ["accepted", "accepted"]
    with hub.store.session() as session:
        rows = session.scalars(select(HubAsRunRow).order_by(HubAsRunRow.asrun_id)).all()
        stored = [
            (r.asrun_id, r.outcome, r.emergency_id, r.seconds_played, r.started_at, r.ended_at)
            for r in rows
        ]
    end = START + dt.timedelta(seconds=95)
    assert stored == [
        ("r1", "played", "kc-1", 95.0, START, end),
        ("r2", "played", None, 95.0, START, end),
    ]


def test_a_hub_on_sqlite_stores_news_once_and_refuses_a_replay(tmp_path: Path) -> None:
    """The quick-try hub takes the same path without PostgreSQL's arrays."""
    with open_hub(f"sqlite:///{tmp_path / 'hub.sqlite3'}", tmp_path) as hub:
        station = hub.stations["xa-tan-thanh"]
        playing = station.message(
            "asrun", {"rows": [asrun_row("r1", START, outcome="playing")]}, now=hub.clock.now()
        )
        ended = station.message("asrun", {"rows": [asrun_row("r1", START)]}, now=hub.clock.now())
        outcomes = [result.verdict.outcome for result in hub.service.handle_batch([playing])]
        outcomes += [result.verdict.outcome for result in hub.service.handle_batch([ended])]
        replayed = station.message(
            "asrun", {"rows": [asrun_row("r2", START)]}, now=hub.clock.now(), seq=2
        )
        outcomes.append(hub.service.handle(*replayed).verdict.outcome)
        assert outcomes == ["accepted", "accepted", "refused"]
        assert hub.count(HubAsRunRow) == 1
        assert hub.count(HubAsRunRow, HubAsRunRow.outcome == "played") == 1
        assert [reason for reason, _ in hub.refusals()] == ["replay"]


def test_the_same_as_run_id_from_two_communes_is_two_rows(hub: Hub) -> None:
    for station in hub.stations.values():
        topic, payload = station.message(
            "asrun", {"rows": [asrun_row("r1", START)]}, now=hub.clock.now()
        )
        hub.service.handle(topic, payload)
    assert hub.count(HubAsRunRow) == 2


def test_a_forged_message_is_refused_and_logged(hub: Hub) -> None:
    station = hub.stations["xa-tan-thanh"]
    topic, payload = station.message(
        "asrun", {"rows": [asrun_row("r1", START)]}, now=hub.clock.now()
    )
    document = json.loads(payload)
    document["body"]["rows"][0]["seconds_played"] = 9999.0  # altered after signing
    forged = json.dumps(document).encode()
    assert hub.service.handle(topic, forged).verdict.reason == "bad_signature"
    # Signed with a key the hub never registered for this commune.
    topic, payload = station.message(
        "asrun", {"rows": [asrun_row("r2", START)]}, now=hub.clock.now(), signer=StationSigner()
    )
    assert hub.service.handle(topic, payload).verdict.reason == "untrusted_key"
    assert hub.count(HubAsRunRow) == 0
    reasons = [reason for reason, _ in hub.refusals()]
    assert reasons == ["bad_signature", "untrusted_key"]
    assert any("Từ chối" in line and "chữ ký không đúng" in line for line in hub.said)


def test_a_replayed_message_is_refused_and_logged(hub: Hub) -> None:
    station = hub.stations["xa-tan-thanh"]
    for _ in range(3):
        topic, payload = station.message("status", status("playing", START), now=hub.clock.now())
        assert hub.service.handle(topic, payload).verdict.accepted
        hub.clock.advance(60)
    # An old sequence number under a new id: someone replaying a captured message re-wrapped.
    topic, payload = station.message(
        "asrun", {"rows": [asrun_row("r1", START)]}, now=hub.clock.now(), seq=2
    )
    verdict = hub.service.handle(topic, payload).verdict
    assert verdict.reason == "replay"
    assert hub.count(HubAsRunRow) == 0
    [(reason, message)] = hub.refusals()
    assert reason == "replay" and "số thứ tự 2" in message
    with hub.store.session() as session:
        assert session.get(CommuneRow, "xa-tan-thanh").last_seq == 3  # type: ignore[union-attr]


def test_a_stale_message_is_refused_and_logged(hub: Hub) -> None:
    station = hub.stations["xa-tan-thanh"]
    topic, payload = station.message(
        "status",
        status("playing", START),
        now=hub.clock.now(),
        expires_at=hub.clock.now() + dt.timedelta(minutes=5),
    )
    hub.clock.advance(600)
    assert hub.service.handle(topic, payload).verdict.reason == "stale"
    assert [reason for reason, _ in hub.refusals()] == ["stale"]


def test_wrongly_addressed_messages_are_refused_and_logged(hub: Hub) -> None:
    tan_thanh, tan_hoa = hub.stations["xa-tan-thanh"], hub.stations["xa-tan-hoa"]
    now = hub.clock.now()
    rows = {"rows": [asrun_row("r1", START)]}
    cases = [
        # to another hub
        tan_thanh.message("asrun", rows, now=now, recipient="tinh-khac"),
        # on another commune's topic (posing as it)
        tan_thanh.message("asrun", rows, now=now, topic_station=tan_hoa.station_id),
        # a hub's kind of message from a commune
        tan_thanh.message("notice", {"title": "x", "text": "y"}, now=now, channel="ack"),
        # from a commune the hub does not know
        Station("xa-la", "Xã Lạ").message("asrun", rows, now=now),
    ]
    reasons = [hub.service.handle(topic, payload).verdict.reason for topic, payload in cases]
    assert reasons == ["wrong_recipient", "wrong_sender", "kind_not_allowed", "untrusted_key"]
    assert [reason for reason, _ in hub.refusals()] == reasons
    assert hub.count(HubAsRunRow) == 0


def test_garbage_is_refused_and_logged_without_a_sender(hub: Hub) -> None:
    topic = protocol.topic_from_station(HUB, "xa-tan-thanh", "asrun")
    assert hub.service.handle(topic, b"\xff not json").verdict.reason == "bad_json"
    with hub.store.session() as session:
        row = session.scalars(select(RefusalRow)).one()
        assert (row.sender, row.payload_bytes, row.topic) == (None, 10, topic)


def test_heartbeats_and_the_last_will_make_a_commune_online_then_offline(hub: Hub) -> None:
    station = hub.stations["xa-tan-thanh"]

    def states() -> dict[str, str]:
        return {
            s.station_id: s.state_text
            for s in operations.commune_states(hub.store, hub.clock.now())
        }

    def beat(state: str, after: float) -> None:
        hub.clock.advance(after)
        topic, payload = station.message("status", status(state, START), now=hub.clock.now())
        assert hub.service.handle(topic, payload).verdict.accepted

    assert states() == {"xa-tan-hoa": "chưa kết nối", "xa-tan-thanh": "chưa kết nối"}
    # The last will is signed when the commune connects, before its heartbeats …
    will = station.message("status", status("offline", START), now=hub.clock.now())
    beat("playing", 1)
    assert states()["xa-tan-thanh"] == "đang phát"
    beat("paused", 60)
    assert states()["xa-tan-thanh"] == "tạm dừng"
    # … and published by the broker when the link drops: older seq, still taken.
    hub.clock.advance(30)
    assert hub.service.handle(*will).verdict.accepted
    assert states()["xa-tan-thanh"] == "mất kết nối"
    with hub.store.session() as session:
        assert session.get(CommuneRow, station.station_id).last_seq == 3  # type: ignore[union-attr]
    # Back, then silent: no heartbeat for three minutes is offline even without a last will.
    beat("stopped", 60)
    assert states()["xa-tan-thanh"] == "đang nghỉ"
    hub.clock.advance(181)
    assert states()["xa-tan-thanh"] == "mất kết nối"
    history = hub.count(StatusChangeRow, StatusChangeRow.station_id == "xa-tan-thanh")
    assert history == 4  # playing, paused, offline, stopped
    [tan_thanh] = [
        s
        for s in operations.commune_states(hub.store, hub.clock.now())
        if s.station_id == station.station_id
    ]
    assert tan_thanh.last_heartbeat == hub.clock.now() - dt.timedelta(seconds=181)


def test_a_commune_back_online_gets_again_what_it_did_not_acknowledge(hub: Hub) -> None:
    station = hub.stations["xa-tan-thanh"]
    signer = district_signer()

    def publish_all() -> list[Publication]:
        with hub.store.session() as session:
            queued = unpublished(session, HUB, signer, hub.clock.now())
            mark_published(session, [p.message_id for p in queued], hub.clock.now())
        return queued

    first = operations.send_notice(
        hub.store, hub.settings, "Lịch cắt điện", "Cắt điện chiều nay", ["all"], hub.clock.now()
    )
    assert {row.recipient for row in first} == {"xa-tan-thanh", "xa-tan-hoa"}
    published = publish_all()
    assert [p.topic for p in published] == [
        protocol.topic_to_station(HUB, row.recipient) for row in first
    ]
    [later] = operations.send_notice(
        hub.store, hub.settings, "", "Họp tổ dân phố", ["xa-tan-thanh"], hub.clock.now()
    )
    published += publish_all()
    payloads = {p.message_id: json.loads(p.payload) for p in published}
    # Xã Tân Hoà acknowledges; Xã Tân Thành was never connected and comes online later.
    tan_hoa = hub.stations["xa-tan-hoa"]
    to_tan_hoa = next(row for row in first if row.recipient == "xa-tan-hoa")
    ack = {"message_id": to_tan_hoa.id, "result": "shown", "reason": ""}
    topic, payload = tan_hoa.message("ack", ack, now=hub.clock.now())
    assert hub.service.handle(topic, payload).verdict.accepted
    assert hub.count(AckRow) == 1
    hub.clock.advance(3600)
    topic, payload = station.message("status", status("stopped", START), now=hub.clock.now())
    hub.service.handle(topic, payload)
    assert any("gửi lại 2 tin" in line for line in hub.said)
    with hub.store.session() as session:
        again = unpublished(session, HUB, signer, hub.clock.now())
    to_tan_thanh = next(row for row in first if row.recipient == "xa-tan-thanh")
    assert [p.message_id for p in again] == [to_tan_thanh.id, later.id]
    resent = [json.loads(p.payload) for p in again]
    # Each the same message (id, body), signed anew with a number above any sent before, so the
    # commune accepts it even after later messages, or answers "duplicate" if it had it.
    assert [r["body"] for r in resent] == [payloads[p.message_id]["body"] for p in again]
    assert resent[1]["seq"] > resent[0]["seq"] > payloads[later.id]["seq"]
    last_seq = payloads[later.id]["seq"]
    for publication in again:
        verdict = protocol.verify(
            publication.payload,
            topic=publication.topic,
            receiver=protocol.Receiver(hub=HUB, station="xa-tan-thanh"),
            trusted={HUB: {signer.fingerprint: keys.own_public_key()}},
            last_seq={HUB: last_seq},
            seen_ids={later.id},
            now=hub.clock.now().timestamp(),
        )
        assert verdict.outcome == (
            "duplicate" if publication.message_id == later.id else "accepted"
        )


def test_an_emergency_is_not_sent_after_it_expires(hub: Hub) -> None:
    operations.send_emergency(
        hub.store, hub.settings, "Lũ về, sơ tán ngay", ["xa-tan-thanh"], hub.clock.now()
    )
    with hub.store.session() as session:
        assert len(unpublished(session, HUB, district_signer(), hub.clock.now())) == 1
        later = hub.clock.now() + operations.EMERGENCY_LIFETIME + dt.timedelta(seconds=1)
        assert unpublished(session, HUB, district_signer(), later) == []


def test_a_message_whose_publication_failed_goes_out_again_above_the_later_ones(hub: Hub) -> None:
    signer = district_signer()
    sent = [
        operations.send_notice(hub.store, hub.settings, "", text, ["xa-tan-thanh"], START)[0]
        for text in ("Thông báo một", "Thông báo hai")
    ]
    with hub.store.session() as session:
        # The broker took the second but not the first (the link dropped between them).
        mark_published(session, [sent[1].id], START)
        [again] = unpublished(session, HUB, signer, START)
    resent = json.loads(again.payload)
    assert (again.message_id, resent["body"]["text"]) == (sent[0].id, "Thông báo một")
    assert resent["seq"] > sent[1].seq  # the commune that took the second accepts it


def test_a_batch_stores_each_message_once_and_logs_its_refusals(hub: Hub) -> None:
    station = hub.stations["xa-tan-thanh"]
    rows = {"rows": [asrun_row("r1", START)]}
    first = station.message("asrun", rows, now=hub.clock.now())
    replayed = station.message("asrun", rows, now=hub.clock.now(), seq=1)  # new id, old seq
    beat = station.message("status", status("playing", START), now=hub.clock.now())
    outcomes = [
        result.verdict.outcome
        for result in hub.service.handle_batch([first, first, replayed, beat])
    ]
    assert outcomes == ["accepted", "duplicate", "refused", "accepted"]
    assert hub.count(HubAsRunRow) == 1
    assert [reason for reason, _ in hub.refusals()] == ["replay"]


def test_old_processed_ids_and_refusals_are_forgotten_but_not_taken_again(hub: Hub) -> None:
    station = hub.stations["xa-tan-thanh"]
    rows = {"rows": [asrun_row("r1", START)]}
    message = station.message("asrun", rows, now=hub.clock.now())
    assert hub.service.handle(*message).verdict.accepted
    hub.service.handle(protocol.topic_from_station(HUB, "xa-tan-thanh", "asrun"), b"{}")
    hub.clock.advance(31 * 86400)
    with hub.store.session() as session:
        assert prune(session, hub.clock.now()) == (1, 0)
        assert prune(session, hub.clock.now() + dt.timedelta(days=150)) == (0, 1)
    # Delivered again after its id was forgotten: refused by its number, stored once all the same.
    assert hub.service.handle(*message).verdict.reason == "replay"
    assert hub.count(HubAsRunRow) == 1


def test_payloads_that_will_never_be_sent_again_are_dropped_after_a_month(hub: Hub) -> None:
    station = hub.stations["xa-tan-thanh"]
    acked, pending = (
        operations.send_notice(hub.store, hub.settings, "", text, ["xa-tan-thanh"], START)[0]
        for text in ("Đã nhận", "Chưa nhận")
    )
    ack = {"message_id": acked.id, "result": "shown", "reason": ""}
    assert hub.service.handle(*station.message("ack", ack, now=START)).verdict.accepted
    with hub.store.session() as session:
        assert forget_payloads(session, START + dt.timedelta(days=29)) == 0
        assert forget_payloads(session, START + dt.timedelta(days=31)) == 1
        payloads = {
            row.id: row.payload
            for row in session.scalars(
                select(SentMessageRow).options(undefer(SentMessageRow.payload))
            )
        }
    assert payloads[acked.id] == b"" and payloads[pending.id]  # still to be sent again


def test_a_publication_round_holds_a_bounded_size_of_payloads(hub: Hub) -> None:
    sent = [
        operations.send_notice(hub.store, hub.settings, "", f"Tin {n}", ["all"], START)
        for n in range(3)
    ]
    three = [*sent[0], sent[1][0]]
    signer = district_signer()
    with hub.store.session() as session:
        budget = sum(len(row.payload) for row in three)
        first = unpublished(session, HUB, signer, START, budget=budget)
        assert [p.message_id for p in first] == [row.id for row in three]
        shorter = unpublished(session, HUB, signer, START, budget=budget - 1)
        assert [p.message_id for p in shorter] == [row.id for row in three[:2]]
        assert len(unpublished(session, HUB, signer, START, budget=1)) == 1  # at least one
        assert len(unpublished(session, HUB, signer, START, limit=4)) == 4
