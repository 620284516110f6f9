"""The hub ↔ commune link protocol: topics, signed envelopes, their verification, and bodies.

Pure: no I/O, no clock, no randomness. ``now`` and message ids are parameters; the signing and
verifying keys are objects passed in (``keys.PublicKey`` verifies; ``link.signing`` signs).

Identities: a hub id (the office, e.g. ``tinh-dong-nai``) and station ids (``xa-tan-thanh``),
both ``[a-z0-9-]{1,64}``.

Topics, prefix ``rs/v1/<hub>``:

- hub → one station: ``rs/v1/<hub>/to/<station>`` (packs, notices, emergencies);
- hub → all its stations: ``rs/v1/<hub>/to/all``;
- station → hub: ``rs/v1/<hub>/from/<station>/asrun``, ``…/status`` (retained; the last will is
  a signed "offline" status), ``…/ack``.

Envelope (one JSON object, UTF-8)::

    {"v": 1, "kind": "pack"|"notice"|"emergency"|"asrun"|"status"|"ack",
     "id": "<32 hex>", "sender": "<hub or station id>",
     "recipient": "<station id>"|"all"|"<hub id>", "seq": <int, strictly increasing per sender>,
     "sent_at": <epoch s>, "expires_at": <epoch s or null>, "body": {...},
     "key": "<fingerprint of the signing key>", "sig": "<base64 Ed25519 signature>"}

Signed bytes: ``json.dumps(envelope_without_sig, sort_keys=True, separators=(",", ":"),
ensure_ascii=False).encode("utf-8")`` (``signed_bytes``).

Verification (``verify``), in this order, each refusal with a reason code and a Vietnamese
sentence (``Verdict``): size limit; JSON shape (envelope fields exactly, body fields of its
kind); kind allowed from that sender on that topic (hub kinds on ``to/…``, station kinds on
``from/<station>/<kind>`` with sender == the topic's station, the recipient matching the topic
and the receiver); key trusted for that sender; signature; expiry (``expires_at < now`` →
stale); replay: an id already processed → ``duplicate`` (acknowledge again, do nothing: QoS 1
redelivers), a new id with ``seq <= last accepted seq`` of that sender → refused as replay.

Decisions taken by the commune side, within the contract's shape:

- a station topic's channel is the envelope's kind (``…/from/<station>/asrun`` carries only
  ``asrun`` envelopes, and so on); anything else is ``wrong_topic``;
- envelope fields are exactly those above (an extra field is ``bad_shape``); a body may carry
  fields this version does not know (a newer hub), which are ignored; every text is NFC;
- a message sent to ``all`` has recipient ``"all"`` and arrives on ``…/to/all`` only;
- the size limit is ``MAX_PAYLOAD_BYTES`` (packs travel inside, base64);
- the last will (an "offline" status) is signed when the station connects and published by the
  broker when the link is lost, so its seq is older than the heartbeats sent since: a status
  whose state is "offline" is exempt from the seq check (its id still may not repeat). It can
  only say that a station is offline, which the hub learns from missing heartbeats anyway;
- an as-run row is sent again, with the same ``asrun_id``, when its state changes (interrupted,
  then resumed and played): the hub keeps the latest state of each (station, asrun_id), and a
  resend of the same state changes nothing;
- a sender publishes in seq order (one counter, one connection): QoS 1 keeps that order for a
  session, so a message held while the receiver was offline is not taken for a replay.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
import unicodedata
from collections.abc import Callable, Container, Mapping
from dataclasses import dataclass, fields, is_dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Literal, Protocol, TypeGuard

VERSION = 1
PREFIX = "rs/v1"
MAX_PAYLOAD_BYTES = 48 * 1024 * 1024
ALL = "all"

HUB_KINDS = frozenset({"pack", "notice", "emergency"})
STATION_KINDS = frozenset({"asrun", "status", "ack"})
KINDS = HUB_KINDS | STATION_KINDS
STATION_CHANNELS = ("asrun", "status", "ack")
# How the operator reads each kind in a message.
KIND_WORDS = {
    "pack": "gói âm thanh",
    "notice": "thông báo",
    "emergency": "khẩn cấp",
    "asrun": "nhật ký phát",
    "status": "tình trạng",
    "ack": "xác nhận",
}
ACK_RESULTS = frozenset({"imported", "duplicate", "refused", "shown", "queued"})
STATES = frozenset({"playing", "paused", "stopped", "offline"})
SOURCES = frozenset({"synthetic", "recorded", "mixed"})

_ID = re.compile(r"^[a-z0-9-]{1,64}$")
_MESSAGE_ID = re.compile(r"^[0-9a-f]{32}$")
_FINGERPRINT = re.compile(r"^[0-9a-f]{64}$")
_ENVELOPE_FIELDS = frozenset(
    {"v", "kind", "id", "sender", "recipient", "seq", "sent_at", "expires_at", "body", "key", "sig"}
)
# Messages name times for the operator; Vietnam keeps UTC+7 all year, and the core has no zone
# database, so the sentence says which clock it uses.
_VN = timezone(timedelta(hours=7))

Outcome = Literal["accepted", "duplicate", "refused"]
Direction = Literal["to", "from"]


def is_valid_id(value: str) -> bool:
    """A hub or station id: ``[a-z0-9-]{1,64}`` (``all`` is reserved for the broadcast topic)."""
    return bool(_ID.match(value)) and value != ALL


# ----------------------------------------------------------------------------------- topics


def topic_to_station(hub: str, station: str) -> str:
    return f"{PREFIX}/{hub}/to/{station}"


def topic_to_all(hub: str) -> str:
    return f"{PREFIX}/{hub}/to/{ALL}"


def topic_from_station(hub: str, station: str, channel: str) -> str:
    if channel not in STATION_CHANNELS:
        raise ValueError(f"unknown station channel {channel!r}")
    return f"{PREFIX}/{hub}/from/{station}/{channel}"


def station_subscriptions(hub: str, station: str) -> tuple[str, str]:
    """What a station reads: its own topic and the hub's broadcast topic."""
    return topic_to_station(hub, station), topic_to_all(hub)


def hub_subscription(hub: str) -> str:
    """What the hub reads: everything its stations write."""
    return f"{PREFIX}/{hub}/from/#"


@dataclass(frozen=True)
class Topic:
    hub: str
    direction: Direction
    station: str  # a station id, or "all" on the hub's broadcast topic
    channel: str | None  # asrun/status/ack on from/…; None on to/…


def parse_topic(topic: str) -> Topic | None:
    """The parts of a protocol topic, or None when it is not one."""
    parts = topic.split("/")
    if len(parts) < 5 or "/".join(parts[:2]) != PREFIX or not is_valid_id(parts[2]):
        return None
    hub, direction = parts[2], parts[3]
    if direction == "to" and len(parts) == 5 and (parts[4] == ALL or is_valid_id(parts[4])):
        return Topic(hub, "to", parts[4], None)
    channel_ok = len(parts) == 6 and parts[5] in STATION_CHANNELS
    if direction == "from" and channel_ok and is_valid_id(parts[4]):
        return Topic(hub, "from", parts[4], parts[5])
    return None


# --------------------------------------------------------------------------------- envelope


class Signer(Protocol):
    """A private key: the hub's district key or a station key (``link.signing``)."""

    @property
    def fingerprint(self) -> str: ...

    def sign(self, data: bytes) -> bytes: ...


class Verifier(Protocol):
    """A public key (``keys.PublicKey`` is one)."""

    @property
    def fingerprint(self) -> str: ...

    def verify(self, signature: bytes, data: bytes) -> bool: ...


@dataclass(frozen=True)
class Envelope:
    kind: str
    id: str
    sender: str
    recipient: str
    seq: int
    sent_at: float
    expires_at: float | None
    body: Mapping[str, Any]
    key: str
    sig: str = ""
    v: int = VERSION

    def unsigned(self) -> dict[str, Any]:
        return {
            "v": self.v,
            "kind": self.kind,
            "id": self.id,
            "sender": self.sender,
            "recipient": self.recipient,
            "seq": self.seq,
            "sent_at": self.sent_at,
            "expires_at": self.expires_at,
            "body": dict(self.body),
            "key": self.key,
        }

    def to_payload(self) -> bytes:
        document = self.unsigned()
        document["sig"] = self.sig
        return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def signed_bytes(document: Mapping[str, Any]) -> bytes:
    """The bytes a signature covers: the envelope without ``sig``, canonical JSON."""
    unsigned = {name: value for name, value in document.items() if name != "sig"}
    return json.dumps(unsigned, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def build(
    *,
    kind: str,
    message_id: str,
    sender: str,
    recipient: str,
    seq: int,
    sent_at: float,
    body: Mapping[str, Any],
    signer: Signer,
    expires_at: float | None = None,
) -> Envelope:
    """A signed envelope. ``message_id`` is 32 lower-case hex (``secrets.token_hex(16)``)."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    if not _MESSAGE_ID.match(message_id):
        raise ValueError("message_id must be 32 lower-case hex digits")
    if not is_valid_id(sender) or not (recipient == ALL or is_valid_id(recipient)):
        raise ValueError(f"bad sender or recipient: {sender!r} → {recipient!r}")
    if isinstance(seq, bool) or seq < 0:
        raise ValueError("seq must be a non-negative integer")
    envelope = Envelope(
        kind=kind,
        id=message_id,
        sender=sender,
        recipient=recipient,
        seq=seq,
        sent_at=sent_at,
        expires_at=expires_at,
        body=dict(body),
        key=signer.fingerprint,
    )
    signature = signer.sign(signed_bytes(envelope.unsigned()))
    return Envelope(**{**envelope.__dict__, "sig": base64.b64encode(signature).decode("ascii")})


# ------------------------------------------------------------------------------ verification

Reason = Literal[
    "too_large",
    "bad_json",
    "bad_shape",
    "bad_version",
    "wrong_topic",
    "kind_not_allowed",
    "wrong_sender",
    "wrong_recipient",
    "untrusted_key",
    "bad_signature",
    "stale",
    "duplicate",
    "replay",
]


@dataclass(frozen=True)
class Verdict:
    """What the receiver does with a message: process it, acknowledge it again, or refuse it.

    ``envelope`` is set whenever the payload parsed, so a refusal can still name the message
    (its id, sender and kind) in the log and in a "refused" ack.
    """

    outcome: Outcome
    envelope: Envelope | None = None
    reason: Reason | None = None
    message: str = ""
    body: Any = None  # the parsed body dataclass of an accepted or duplicate message

    @property
    def accepted(self) -> bool:
        return self.outcome == "accepted"


@dataclass(frozen=True)
class Receiver:
    """Who is receiving: a station (``station`` set) or the hub (``station`` None)."""

    hub: str
    station: str | None = None


def verify(
    payload: bytes,
    *,
    topic: str,
    receiver: Receiver,
    trusted: Mapping[str, Mapping[str, Verifier]],
    last_seq: Mapping[str, int],
    seen_ids: Container[str],
    now: float,
) -> Verdict:
    """Check one received message. ``trusted``: sender id → fingerprint → key; ``last_seq``:
    sender id → last accepted seq; ``seen_ids``: ids already processed (from any sender)."""
    if len(payload) > MAX_PAYLOAD_BYTES:
        return _refuse(
            "too_large",
            f"Tin nhắn trên kênh {topic} quá lớn ({len(payload)} byte, tối đa "
            f"{MAX_PAYLOAD_BYTES} byte); không nhận.",
        )
    try:
        document = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return _refuse(
            "bad_json",
            f"Tin nhắn trên kênh {topic} không phải JSON UTF-8 hợp lệ; không nhận.",
        )
    shaped = _shape(document, topic)
    if isinstance(shaped, Verdict):
        return shaped
    envelope, body = shaped
    named = f"Tin {KIND_WORDS[envelope.kind]} {envelope.id} của {envelope.sender}"

    placed = parse_topic(topic)
    if placed is None or placed.hub != receiver.hub:
        return _refuse("wrong_topic", f"{named} đến trên kênh lạ {topic}; không nhận.", envelope)
    if receiver.station is not None:
        # A station receives from its hub, on its own topic or the broadcast one.
        if placed.direction != "to" or placed.station not in (receiver.station, ALL):
            return _refuse(
                "wrong_topic",
                f"{named} đến trên kênh {topic}, không phải kênh của đài này.",
                envelope,
            )
        if envelope.kind not in HUB_KINDS:
            return _refuse(
                "kind_not_allowed",
                f"{named}: trung tâm không được gửi loại tin này; không nhận.",
                envelope,
            )
        if envelope.sender != receiver.hub:
            return _refuse(
                "wrong_sender",
                f"{named} trên kênh {topic} không phải của trung tâm {receiver.hub}; không nhận.",
                envelope,
            )
        if envelope.recipient != placed.station:
            return _refuse(
                "wrong_recipient",
                f"{named} ghi gửi cho “{envelope.recipient}” nhưng đến trên kênh "
                f"{topic}; không nhận.",
                envelope,
            )
    else:
        if placed.direction != "from":
            return _refuse(
                "wrong_topic",
                f"{named} đến trên kênh {topic}, không phải kênh của các đài.",
                envelope,
            )
        if envelope.kind not in STATION_KINDS or envelope.kind != placed.channel:
            return _refuse(
                "kind_not_allowed",
                f"{named}: loại tin này không được gửi trên kênh {topic}; không nhận.",
                envelope,
            )
        if envelope.sender != placed.station:
            return _refuse(
                "wrong_sender",
                f"{named} đến trên kênh của đài {placed.station}: đài này không được gửi thay "
                "đài khác; không nhận.",
                envelope,
            )
        if envelope.recipient != receiver.hub:
            return _refuse(
                "wrong_recipient",
                f"{named} ghi gửi cho “{envelope.recipient}”, không phải trung tâm "
                f"{receiver.hub}; không nhận.",
                envelope,
            )

    key = trusted.get(envelope.sender, {}).get(envelope.key)
    if key is None:
        who = "trung tâm" if envelope.sender == receiver.hub else "đài"
        todo = (
            "hãy tin cậy khoá của trung tâm (radio-sched keys trust …)"
            if receiver.station is not None
            else "hãy đăng ký khoá của đài (radio-sched hub commune add …)"
        )
        return _refuse(
            "untrusted_key",
            f"{named} được ký bằng khoá {_short(envelope.key)} chưa được tin cậy cho {who} "
            f"{envelope.sender}; không nhận. Nếu khoá đúng, {todo}.",
            envelope,
        )
    try:
        signature = base64.b64decode(envelope.sig, validate=True)
    except (binascii.Error, ValueError):
        signature = b""
    if len(signature) != 64 or not key.verify(signature, signed_bytes(document)):
        return _refuse(
            "bad_signature",
            f"{named}: chữ ký không đúng — tin đã bị sửa hoặc giả mạo; không nhận.",
            envelope,
        )
    if envelope.expires_at is not None and envelope.expires_at < now:
        return _refuse(
            "stale",
            f"{named} đã hết hạn lúc {_when(envelope.expires_at)}; không dùng.",
            envelope,
        )
    if envelope.id in seen_ids:
        return Verdict(
            "duplicate",
            envelope,
            "duplicate",
            f"{named} đã nhận rồi; chỉ xác nhận lại, không làm gì thêm.",
            body,
        )
    last = last_seq.get(envelope.sender)
    if last is not None and envelope.seq <= last and not _is_last_will(envelope):
        return _refuse(
            "replay",
            f"{named} có số thứ tự {envelope.seq}, không lớn hơn số đã nhận {last}: tin phát "
            "lại, không nhận.",
            envelope,
        )
    return Verdict("accepted", envelope, None, "", body)


def _is_last_will(envelope: Envelope) -> bool:
    return envelope.kind == "status" and envelope.body.get("state") == "offline"


def _refuse(reason: Reason, message: str, envelope: Envelope | None = None) -> Verdict:
    return Verdict("refused", envelope, reason, message)


def _short(fingerprint: str) -> str:
    value = fingerprint.upper()[:16]
    return " ".join(value[index : index + 4] for index in range(0, len(value), 4))


def _when(epoch: float) -> str:
    try:
        moment = datetime.fromtimestamp(epoch, _VN)
    except (OverflowError, OSError, ValueError):
        return f"{epoch}"
    return moment.strftime("%H:%M ngày %d/%m/%Y (giờ Việt Nam)")


def _shape(document: object, topic: str) -> tuple[Envelope, Any] | Verdict:
    def bad(what: str) -> Verdict:
        return _refuse("bad_shape", f"Tin nhắn trên kênh {topic}: {what}; không nhận.")

    if not isinstance(document, dict):
        return bad("không phải một đối tượng JSON")
    if document.get("v") != VERSION:
        return _refuse(
            "bad_version",
            f"Tin nhắn trên kênh {topic} dùng phiên bản giao thức {document.get('v')!r}, đài "
            f"này hiểu phiên bản {VERSION}; không nhận. Hãy cập nhật radio-sched.",
        )
    keys = set(document)
    if keys != _ENVELOPE_FIELDS:
        missing = sorted(_ENVELOPE_FIELDS - keys)
        extra = sorted(keys - _ENVELOPE_FIELDS)
        return bad(
            "thiếu trường " + ", ".join(missing) if missing else "có trường lạ " + ", ".join(extra)
        )
    kind, message_id = document["kind"], document["id"]
    sender, recipient = document["sender"], document["recipient"]
    if kind not in KINDS:
        return bad(f"loại tin lạ {kind!r}")
    if not isinstance(message_id, str) or not _MESSAGE_ID.match(message_id):
        return bad("mã tin (id) phải là 32 chữ số hex")
    if not isinstance(sender, str) or not is_valid_id(sender):
        return bad("người gửi (sender) không hợp lệ")
    if not isinstance(recipient, str) or not (recipient == ALL or is_valid_id(recipient)):
        return bad("người nhận (recipient) không hợp lệ")
    seq = document["seq"]
    if not _is_int(seq) or seq < 0:
        return bad("số thứ tự (seq) phải là số nguyên không âm")
    if not _is_number(document["sent_at"]):
        return bad("thời điểm gửi (sent_at) phải là số giây")
    expires_at = document["expires_at"]
    if expires_at is not None and not _is_number(expires_at):
        return bad("hạn dùng (expires_at) phải là số giây hoặc null")
    key, sig = document["key"], document["sig"]
    if not isinstance(key, str) or not _FINGERPRINT.match(key):
        return bad("dấu vân tay khoá (key) phải là 64 chữ số hex")
    if not isinstance(sig, str):
        return bad("chữ ký (sig) phải là chuỗi base64")
    if not isinstance(document["body"], dict):
        return bad("nội dung (body) phải là một đối tượng")
    try:
        body = BODY_PARSERS[kind](document["body"])
    except BodyError as error:
        return bad(f"nội dung tin {kind} sai: {error}")
    envelope = Envelope(
        kind=kind,
        id=message_id,
        sender=sender,
        recipient=recipient,
        seq=seq,
        sent_at=document["sent_at"],
        expires_at=expires_at,
        body=document["body"],
        key=key,
        sig=sig,
    )
    return envelope, body


# ----------------------------------------------------------------------------------- bodies


class BodyError(ValueError):
    """A body field is missing or of the wrong type; the message is Vietnamese."""


class _Body:
    """A body is sent as its fields, by name (``to_dict``); ``from_dict`` checks each."""

    def to_dict(self) -> dict[str, Any]:
        if not is_dataclass(self):
            raise TypeError(f"{type(self).__name__} is not a dataclass")
        return {f.name: _plain_value(getattr(self, f.name)) for f in fields(self)}


def _plain_value(value: object) -> object:
    if isinstance(value, _Body):
        return value.to_dict()
    if isinstance(value, tuple):
        return [_plain_value(item) for item in value]
    return value


@dataclass(frozen=True)
class PackBody(_Body):
    pack_name: str
    zip_b64: str

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PackBody:
        body = cls(_text(data, "pack_name"), _plain(data, "zip_b64"))
        if not body.pack_name or "/" in body.pack_name or "\\" in body.pack_name:
            raise BodyError("tên gói (pack_name) không hợp lệ")
        return body

    def zip_bytes(self) -> bytes:
        try:
            return base64.b64decode(self.zip_b64, validate=True)
        except (binascii.Error, ValueError) as error:
            raise BodyError("tệp gói (zip_b64) không phải base64 hợp lệ") from error

    @classmethod
    def of(cls, pack_name: str, data: bytes) -> PackBody:
        return cls(pack_name, base64.b64encode(data).decode("ascii"))


@dataclass(frozen=True)
class NoticeBody(_Body):
    title: str
    text: str

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> NoticeBody:
        return cls(_text(data, "title"), _text(data, "text"))


@dataclass(frozen=True)
class EmergencyBody(_Body):
    emergency_id: str
    title: str
    text: str
    repeat: int = 1

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> EmergencyBody:
        repeat = data.get("repeat")
        if not _is_int(repeat) or not 1 <= repeat <= 100:
            raise BodyError("số lần phát (repeat) phải là số nguyên từ 1 đến 100")
        body = cls(_text(data, "emergency_id"), _text(data, "title"), _text(data, "text"), repeat)
        if not body.emergency_id or len(body.emergency_id) > 128:
            raise BodyError("mã tin khẩn (emergency_id) phải có từ 1 đến 128 ký tự")
        if not body.text.strip():
            raise BodyError("tin khẩn không có nội dung (text)")
        return body


@dataclass(frozen=True)
class AckBody(_Body):
    message_id: str
    result: str
    reason: str = ""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AckBody:
        body = cls(_plain(data, "message_id"), _plain(data, "result"), _text(data, "reason"))
        if not _MESSAGE_ID.match(body.message_id):
            raise BodyError("mã tin được xác nhận (message_id) phải là 32 chữ số hex")
        if body.result not in ACK_RESULTS:
            raise BodyError(f"kết quả (result) lạ {body.result!r}")
        return body


@dataclass(frozen=True)
class AsRunRow(_Body):
    asrun_id: str
    program: str
    title: str
    kind: str
    scheduled_at: float | None
    started_at: float
    ended_at: float | None
    seconds_played: float
    outcome: str
    emergency_id: str | None = None
    sources: str | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AsRunRow:
        if not isinstance(data, Mapping):
            raise BodyError("mỗi dòng nhật ký phát phải là một đối tượng")
        row = cls(
            asrun_id=_plain(data, "asrun_id"),
            program=_text(data, "program"),
            title=_text(data, "title"),
            kind=_text(data, "kind"),
            scheduled_at=_optional_number(data, "scheduled_at"),
            started_at=_number(data, "started_at"),
            ended_at=_optional_number(data, "ended_at"),
            seconds_played=_number(data, "seconds_played"),
            outcome=_text(data, "outcome"),
            emergency_id=_optional_text(data, "emergency_id"),
            sources=_optional_text(data, "sources"),
        )
        if not row.asrun_id or len(row.asrun_id) > 128:
            raise BodyError("mã dòng nhật ký (asrun_id) phải có từ 1 đến 128 ký tự")
        if row.sources is not None and row.sources not in SOURCES:
            raise BodyError(f"nguồn âm thanh (sources) lạ {row.sources!r}")
        return row


@dataclass(frozen=True)
class AsRunBody(_Body):
    rows: tuple[AsRunRow, ...]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AsRunBody:
        rows = data.get("rows")
        if not isinstance(rows, list):
            raise BodyError("thiếu danh sách dòng nhật ký (rows)")
        return cls(tuple(AsRunRow.from_dict(row) for row in rows))


@dataclass(frozen=True)
class StatusBody(_Body):
    state: str
    now_playing: str | None
    version: str
    free_disk_bytes: int
    last_airing_at: float | None
    started_at: float

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StatusBody:
        free = data.get("free_disk_bytes")
        if not _is_int(free) or free < 0:
            raise BodyError("dung lượng trống (free_disk_bytes) phải là số nguyên không âm")
        body = cls(
            state=_plain(data, "state"),
            now_playing=_optional_text(data, "now_playing"),
            version=_text(data, "version"),
            free_disk_bytes=free,
            last_airing_at=_optional_number(data, "last_airing_at"),
            started_at=_number(data, "started_at"),
        )
        if body.state not in STATES:
            raise BodyError(f"trạng thái (state) lạ {body.state!r}")
        return body


Body = PackBody | NoticeBody | EmergencyBody | AckBody | AsRunBody | StatusBody

BODY_PARSERS: dict[str, Callable[[Mapping[str, Any]], Any]] = {
    "pack": PackBody.from_dict,
    "notice": NoticeBody.from_dict,
    "emergency": EmergencyBody.from_dict,
    "ack": AckBody.from_dict,
    "asrun": AsRunBody.from_dict,
    "status": StatusBody.from_dict,
}


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _plain(data: Mapping[str, Any], name: str) -> str:
    value = data.get(name)
    if not isinstance(value, str):
        raise BodyError(f"thiếu trường chữ {name}")
    return value


def _text(data: Mapping[str, Any], name: str) -> str:
    return unicodedata.normalize("NFC", _plain(data, name))


def _optional_text(data: Mapping[str, Any], name: str) -> str | None:
    value = data.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise BodyError(f"trường {name} phải là chữ hoặc null")
    return unicodedata.normalize("NFC", value)


def _number(data: Mapping[str, Any], name: str) -> float:
    value = data.get(name)
    if not _is_number(value):
        raise BodyError(f"trường {name} phải là một số")
    return float(value)


def _optional_number(data: Mapping[str, Any], name: str) -> float | None:
    if data.get(name) is None:
        return None
    return _number(data, name)


__all__ = [
    "ALL",
    "KINDS",
    "MAX_PAYLOAD_BYTES",
    "AckBody",
    "AsRunBody",
    "AsRunRow",
    "Body",
    "BodyError",
    "EmergencyBody",
    "Envelope",
    "NoticeBody",
    "PackBody",
    "Receiver",
    "Signer",
    "StatusBody",
    "Topic",
    "Verdict",
    "Verifier",
    "build",
    "hub_subscription",
    "is_valid_id",
    "parse_topic",
    "signed_bytes",
    "station_subscriptions",
    "topic_from_station",
    "topic_to_all",
    "topic_to_station",
    "verify",
]
