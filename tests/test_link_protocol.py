"""The link protocol as a table: every accepted and refused message, with its reason."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from radio_sched.keys import PublicKey
from radio_sched.link import protocol
from radio_sched.link.protocol import Envelope, Receiver

HUB = "tinh-dong-nai"
STATION = "xa-tan-thanh"
OTHER = "xa-phu-hoa"
NOW = 1_800_000_000.0


class Signer:
    def __init__(self) -> None:
        self.private = Ed25519PrivateKey.generate()
        self.public = PublicKey(
            self.private.public_key().public_bytes(
                serialization.Encoding.Raw, serialization.PublicFormat.Raw
            )
        )

    @property
    def fingerprint(self) -> str:
        return self.public.fingerprint

    def sign(self, data: bytes) -> bytes:
        return self.private.sign(data)


HUB_KEY = Signer()
STATION_KEY = Signer()
STRANGER_KEY = Signer()
AT_STATION = Receiver(HUB, STATION)
AT_HUB = Receiver(HUB)
TRUSTED = {
    HUB: {HUB_KEY.fingerprint: HUB_KEY.public},
    STATION: {STATION_KEY.fingerprint: STATION_KEY.public},
}

NOTICE = protocol.NoticeBody("Lịch họp", "Họp lúc 8 giờ").to_dict()
ROW = protocol.AsRunRow(
    asrun_id="17",
    program="3",
    title="Thông báo tiêm chủng",
    kind="program",
    scheduled_at=NOW - 60,
    started_at=NOW - 60,
    ended_at=NOW,
    seconds_played=60.0,
    outcome="aired",
    sources="synthetic",
)


def hub_message(
    kind: str = "notice",
    *,
    seq: int = 5,
    recipient: str = STATION,
    body: dict[str, Any] | None = None,
    signer: Signer = HUB_KEY,
    sender: str = HUB,
    message_id: str = "a" * 32,
    expires_at: float | None = NOW + 3600,
) -> Envelope:
    return protocol.build(
        kind=kind,
        message_id=message_id,
        sender=sender,
        recipient=recipient,
        seq=seq,
        sent_at=NOW - 10,
        body=NOTICE if body is None else body,
        signer=signer,
        expires_at=expires_at,
    )


def station_message(kind: str = "asrun", **overrides: Any) -> Envelope:
    body = {
        "asrun": protocol.AsRunBody((ROW,)).to_dict(),
        "ack": protocol.AckBody("a" * 32, "imported").to_dict(),
    }.get(kind, NOTICE)
    arguments: dict[str, Any] = {
        "kind": kind,
        "message_id": "b" * 32,
        "sender": STATION,
        "recipient": HUB,
        "seq": 9,
        "sent_at": NOW,
        "body": body,
        "signer": STATION_KEY,
    }
    arguments.update(overrides)
    return protocol.build(**arguments)


def check(
    payload: bytes,
    topic: str,
    receiver: Receiver = AT_STATION,
    *,
    last_seq: dict[str, int] | None = None,
    seen: frozenset[str] = frozenset(),
) -> protocol.Verdict:
    return protocol.verify(
        payload,
        topic=topic,
        receiver=receiver,
        trusted=TRUSTED,
        last_seq=last_seq or {},
        seen_ids=seen,
        now=NOW,
    )


TO_STATION = protocol.topic_to_station(HUB, STATION)
TO_ALL = protocol.topic_to_all(HUB)
FROM_ASRUN = protocol.topic_from_station(HUB, STATION, "asrun")


def test_signed_bytes_are_the_contracts_canonical_json() -> None:
    envelope = hub_message()
    document = json.loads(envelope.to_payload())
    expected = json.dumps(
        {k: v for k, v in document.items() if k != "sig"},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    ).encode("utf-8")
    assert protocol.signed_bytes(document) == expected
    assert HUB_KEY.public.verify(base64.b64decode(document["sig"]), expected)
    assert document["key"] == HUB_KEY.fingerprint and document["v"] == 1


def test_topics() -> None:
    assert TO_STATION == "rs/v1/tinh-dong-nai/to/xa-tan-thanh"
    assert TO_ALL == "rs/v1/tinh-dong-nai/to/all"
    assert FROM_ASRUN == "rs/v1/tinh-dong-nai/from/xa-tan-thanh/asrun"
    assert protocol.station_subscriptions(HUB, STATION) == (TO_STATION, TO_ALL)
    assert protocol.hub_subscription(HUB) == "rs/v1/tinh-dong-nai/from/#"
    assert protocol.parse_topic(FROM_ASRUN) == protocol.Topic(HUB, "from", STATION, "asrun")
    assert protocol.parse_topic(TO_ALL) == protocol.Topic(HUB, "to", "all", None)
    for wrong in ("rs/v1/HUB/to/x", "rs/v2/h/to/x", "rs/v1/h/from/x/other", "rs/v1/h/to/x/y"):
        assert protocol.parse_topic(wrong) is None
    with pytest.raises(ValueError):
        protocol.topic_from_station(HUB, STATION, "pack")


@pytest.mark.parametrize(
    ("make", "topic", "receiver"),
    [
        (lambda: hub_message(), TO_STATION, AT_STATION),
        (lambda: hub_message(recipient="all"), TO_ALL, AT_STATION),
        (
            lambda: hub_message("pack", body=protocol.PackBody.of("x.zip", b"PK").to_dict()),
            TO_STATION,
            AT_STATION,
        ),
        (
            lambda: hub_message(
                "emergency",
                recipient="all",
                body=protocol.EmergencyBody("e1", "Bão", "Sơ tán ngay", 3).to_dict(),
            ),
            TO_ALL,
            AT_STATION,
        ),
        (lambda: station_message(), FROM_ASRUN, AT_HUB),
        (
            lambda: station_message("ack"),
            protocol.topic_from_station(HUB, STATION, "ack"),
            AT_HUB,
        ),
    ],
    ids=["notice", "broadcast", "pack", "emergency", "asrun", "ack"],
)
def test_accepted(make: Callable[[], Envelope], topic: str, receiver: Receiver) -> None:
    envelope = make()
    verdict = check(envelope.to_payload(), topic, receiver, last_seq={HUB: 4, STATION: 8})
    assert verdict.outcome == "accepted", verdict.message
    assert verdict.accepted and verdict.reason is None
    assert verdict.envelope is not None and verdict.envelope.id == envelope.id
    assert verdict.body == protocol.BODY_PARSERS[envelope.kind](envelope.body)


def _tampered(envelope: Envelope, **changes: Any) -> bytes:
    document = json.loads(envelope.to_payload())
    document.update(changes)
    return json.dumps(document).encode()


def _resigned_by_station_key_as_hub() -> bytes:
    return hub_message(signer=STATION_KEY).to_payload()


REFUSALS: list[tuple[str, Callable[[], bytes], str, Receiver, str]] = [
    (
        "too_large",
        lambda: b" " * (protocol.MAX_PAYLOAD_BYTES + 1),
        TO_STATION,
        AT_STATION,
        "quá lớn",
    ),
    ("bad_json", lambda: b"\xff{not json", TO_STATION, AT_STATION, "JSON"),
    ("bad_json", lambda: b"[1, 2", TO_STATION, AT_STATION, "JSON"),
    ("bad_shape", lambda: b"[1, 2]", TO_STATION, AT_STATION, "đối tượng"),
    ("bad_version", lambda: _tampered(hub_message(), v=2), TO_STATION, AT_STATION, "phiên bản"),
    ("bad_shape", lambda: _tampered(hub_message(), extra=1), TO_STATION, AT_STATION, "trường lạ"),
    ("bad_shape", lambda: _tampered(hub_message(), seq=True), TO_STATION, AT_STATION, "seq"),
    ("bad_shape", lambda: _tampered(hub_message(), id="xyz"), TO_STATION, AT_STATION, "id"),
    (
        "bad_shape",
        lambda: _tampered(hub_message(), sender="Tỉnh"),
        TO_STATION,
        AT_STATION,
        "sender",
    ),
    (
        "bad_shape",
        lambda: _tampered(hub_message(), body={"title": 1}),
        TO_STATION,
        AT_STATION,
        "notice",
    ),
    (
        "bad_shape",
        lambda: hub_message(
            "emergency", body={"emergency_id": "e", "title": "", "text": "x", "repeat": 0}
        ).to_payload(),
        TO_STATION,
        AT_STATION,
        "repeat",
    ),
    (
        "wrong_topic",
        lambda: hub_message().to_payload(),
        "rs/v1/tinh-khac/to/xa-tan-thanh",
        AT_STATION,
        "kênh",
    ),
    ("wrong_topic", lambda: hub_message().to_payload(), "some/other/topic", AT_STATION, "kênh"),
    (
        "wrong_topic",
        lambda: hub_message(recipient=OTHER).to_payload(),
        protocol.topic_to_station(HUB, OTHER),
        AT_STATION,
        "không phải kênh của đài này",
    ),
    (
        "kind_not_allowed",
        lambda: station_message(
            "asrun", sender=HUB, recipient=STATION, signer=HUB_KEY
        ).to_payload(),
        TO_STATION,
        AT_STATION,
        "Tin nhật ký phát",
    ),
    (
        "wrong_sender",
        lambda: hub_message(sender="tinh-khac").to_payload(),
        TO_STATION,
        AT_STATION,
        "không phải của trung tâm",
    ),
    (
        "wrong_recipient",
        lambda: hub_message(recipient=OTHER).to_payload(),
        TO_STATION,
        AT_STATION,
        OTHER,
    ),
    (
        "wrong_recipient",
        lambda: hub_message(recipient=STATION).to_payload(),
        TO_ALL,
        AT_STATION,
        STATION,
    ),
    (
        "untrusted_key",
        lambda: hub_message(signer=STRANGER_KEY).to_payload(),
        TO_STATION,
        AT_STATION,
        "keys trust",
    ),
    ("untrusted_key", _resigned_by_station_key_as_hub, TO_STATION, AT_STATION, "chưa được tin cậy"),
    ("bad_signature", lambda: _tampered(hub_message(), seq=6), TO_STATION, AT_STATION, "giả mạo"),
    (
        "bad_signature",
        lambda: _tampered(hub_message(), sig="AAAA"),
        TO_STATION,
        AT_STATION,
        "giả mạo",
    ),
    (
        "bad_signature",
        lambda: _tampered(hub_message(), body={"title": "Lịch họp", "text": "Họp lúc 9 giờ"}),
        TO_STATION,
        AT_STATION,
        "giả mạo",
    ),
    (
        "stale",
        lambda: hub_message(expires_at=NOW - 1).to_payload(),
        TO_STATION,
        AT_STATION,
        "hết hạn",
    ),
    (
        "replay",
        lambda: hub_message(seq=4, message_id="c" * 32).to_payload(),
        TO_STATION,
        AT_STATION,
        "phát lại",
    ),
    ("wrong_topic", lambda: station_message().to_payload(), TO_STATION, AT_HUB, "các đài"),
    (
        "kind_not_allowed",
        lambda: station_message("ack").to_payload(),
        FROM_ASRUN,
        AT_HUB,
        "không được gửi trên kênh",
    ),
    (
        "kind_not_allowed",
        lambda: hub_message(sender=STATION, recipient=HUB, signer=STATION_KEY).to_payload(),
        protocol.topic_from_station(HUB, STATION, "status"),
        AT_HUB,
        "Tin thông báo",
    ),
    (
        "wrong_sender",
        lambda: station_message(sender=OTHER).to_payload(),
        FROM_ASRUN,
        AT_HUB,
        "thay đài khác",
    ),
    (
        "wrong_recipient",
        lambda: station_message(recipient="tinh-khac").to_payload(),
        FROM_ASRUN,
        AT_HUB,
        "tinh-khac",
    ),
    (
        "untrusted_key",
        lambda: station_message(signer=STRANGER_KEY).to_payload(),
        FROM_ASRUN,
        AT_HUB,
        "hub commune add",
    ),
    ("replay", lambda: station_message(seq=8).to_payload(), FROM_ASRUN, AT_HUB, "8"),
]


@pytest.mark.parametrize(
    ("reason", "payload", "topic", "receiver", "words"),
    REFUSALS,
    ids=[f"{index}-{row[0]}" for index, row in enumerate(REFUSALS)],
)
def test_refused_with_reason_and_vietnamese_sentence(
    reason: str, payload: Callable[[], bytes], topic: str, receiver: Receiver, words: str
) -> None:
    verdict = check(payload(), topic, receiver, last_seq={HUB: 4, STATION: 8})
    assert verdict.outcome == "refused"
    assert verdict.reason == reason, verdict.message
    assert words in verdict.message
    assert verdict.message.endswith(".") and "không" in verdict.message
    assert verdict.body is None


def test_duplicate_is_acknowledged_again_even_with_an_old_seq() -> None:
    envelope = hub_message(seq=3)
    verdict = check(
        envelope.to_payload(), TO_STATION, last_seq={HUB: 4}, seen=frozenset({envelope.id})
    )
    assert verdict.outcome == "duplicate" and verdict.reason == "duplicate"
    assert verdict.envelope is not None and verdict.envelope.id == envelope.id
    assert "đã nhận rồi" in verdict.message


def test_order_forgery_is_caught_before_expiry_and_replay() -> None:
    # A forged message must never be acknowledged as a duplicate of a real one.
    forged = _tampered(hub_message(seq=1), expires_at=None)
    verdict = check(forged, TO_STATION, last_seq={HUB: 4}, seen=frozenset({"a" * 32}))
    assert verdict.reason == "bad_signature"


def test_stale_means_strictly_before_now() -> None:
    assert check(hub_message(expires_at=NOW).to_payload(), TO_STATION).accepted
    assert check(hub_message(expires_at=None).to_payload(), TO_STATION).accepted


def test_bodies_round_trip_and_are_nfc() -> None:
    decomposed = "Tha\u0302n"  # "Thân" typed on a Mac (NFD)
    notice = protocol.NoticeBody.from_dict({"title": decomposed, "text": "x", "newer": 1})
    assert notice.title == "Thân"
    status = protocol.StatusBody("playing", "Tin 1", "0.2.0", 10, None, NOW)
    assert protocol.StatusBody.from_dict(status.to_dict()) == status
    body = protocol.AsRunBody((ROW, replace(ROW, asrun_id="18", ended_at=None, sources=None)))
    assert protocol.AsRunBody.from_dict(json.loads(json.dumps(body.to_dict()))) == body
    pack = protocol.PackBody.of("xa-tan-thanh.zip", b"PK\x03\x04")
    assert protocol.PackBody.from_dict(pack.to_dict()).zip_bytes() == b"PK\x03\x04"
    for bad in (
        {
            "state": "dancing",
            "now_playing": None,
            "version": "1",
            "free_disk_bytes": 1,
            "last_airing_at": None,
            "started_at": 1,
        },
        {
            "state": "playing",
            "now_playing": None,
            "version": "1",
            "free_disk_bytes": -1,
            "last_airing_at": None,
            "started_at": 1,
        },
    ):
        with pytest.raises(protocol.BodyError):
            protocol.StatusBody.from_dict(bad)
    with pytest.raises(protocol.BodyError):
        protocol.AsRunBody.from_dict({"rows": [{**ROW.to_dict(), "sources": "radio"}]})
    with pytest.raises(protocol.BodyError):
        protocol.PackBody.from_dict({"pack_name": "../x.zip", "zip_b64": ""})
    with pytest.raises(protocol.BodyError):
        protocol.PackBody("x.zip", "not base64!").zip_bytes()
    with pytest.raises(protocol.BodyError):
        protocol.AckBody.from_dict({"message_id": "a" * 32, "result": "eaten", "reason": ""})


def test_build_refuses_what_verify_would_refuse() -> None:
    for changes in ({"message_id": "A" * 32}, {"sender": "all"}, {"seq": -1}, {"kind": "hello"}):
        arguments: dict[str, Any] = {
            "kind": "notice",
            "message_id": "a" * 32,
            "sender": HUB,
            "recipient": STATION,
            "seq": 1,
            "sent_at": NOW,
            "body": NOTICE,
            "signer": HUB_KEY,
        }
        arguments.update(changes)
        with pytest.raises(ValueError):
            protocol.build(**arguments)


def test_the_last_will_is_not_a_replay_though_its_seq_is_older() -> None:
    topic = protocol.topic_from_station(HUB, STATION, "status")
    offline = protocol.StatusBody("offline", None, "0.2.0", 1, None, NOW).to_dict()
    will = station_message("status", body=offline, seq=3, message_id="d" * 32)
    assert check(will.to_payload(), topic, AT_HUB, last_seq={STATION: 8}).accepted
    playing = station_message("status", body={**offline, "state": "playing"}, seq=3)
    verdict = check(playing.to_payload(), topic, AT_HUB, last_seq={STATION: 8})
    assert verdict.reason == "replay"
    seen = frozenset({will.id})
    again = check(will.to_payload(), topic, AT_HUB, last_seq={STATION: 8}, seen=seen)
    assert again.outcome == "duplicate"
