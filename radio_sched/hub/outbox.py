"""Messages from the hub to its communes: signed and kept in the database, published by the
service (``hub run``), sent again to a commune that missed them.

Each message goes to one commune on its own topic (``to/<station>``), even when the office sends
to all: so every commune's acknowledgement is tracked, and a commune that was never connected
(the broker keeps nothing for a client it has not seen) still gets it when it first comes.
A message sent again keeps its id (the commune that has it answers "duplicate" and does nothing)
and gets a new sequence number and signature (one that has not seen it accepts it even after
later messages).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import exists, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, undefer

from radio_sched.hub.db import AckRow, CounterRow, SentMessageRow
from radio_sched.link import protocol

SEQ_COUNTER = "hub_seq"


def dialect_insert(session: Session, table: Any) -> Any:
    """INSERT … ON CONFLICT, in the database's own dialect (PostgreSQL or SQLite)."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


def next_seqs(session: Session, count: int = 1) -> list[int]:
    """``count`` new sequence numbers, under a row lock held until the session commits."""
    if count == 0:  # most publication rounds sign nothing anew: no statement, no row lock
        return []
    session.execute(
        dialect_insert(session, CounterRow)
        .values(name=SEQ_COUNTER, value=0)
        .on_conflict_do_nothing(index_elements=["name"])
    )
    counter = session.execute(
        select(CounterRow).where(CounterRow.name == SEQ_COUNTER).with_for_update()
    ).scalar_one()
    first = counter.value + 1
    counter.value += count
    return list(range(first, first + count))


def epoch(moment: dt.datetime) -> float:
    return round(moment.timestamp(), 3)


def from_epoch(value: float | None) -> dt.datetime | None:
    return None if value is None else dt.datetime.fromtimestamp(value, dt.UTC)


@dataclass(frozen=True)
class Outgoing:
    """What the office sends to one commune, before it is signed."""

    kind: str
    recipient: str
    body: Mapping[str, Any]
    subject: str
    expires_at: dt.datetime | None = None
    program_title: str | None = None
    pack_id: str | None = None
    emergency_id: str | None = None
    planned: int = 0
    schedule_json: str | None = None


def queue(
    session: Session,
    hub: str,
    signer: protocol.Signer,
    messages: Sequence[Outgoing],
    now: dt.datetime,
) -> list[SentMessageRow]:
    """Sign and store ``messages``; the service publishes them."""
    rows = []
    for message, seq in zip(messages, next_seqs(session, len(messages)), strict=True):
        envelope = protocol.build(
            kind=message.kind,
            message_id=secrets.token_hex(16),
            sender=hub,
            recipient=message.recipient,
            seq=seq,
            sent_at=epoch(now),
            body=message.body,
            signer=signer,
            expires_at=epoch(message.expires_at) if message.expires_at else None,
        )
        row = SentMessageRow(
            id=envelope.id,
            kind=message.kind,
            recipient=message.recipient,
            seq=seq,
            body_sha256=_digest(message.body),
            sent_at=now,
            expires_at=message.expires_at,
            subject=message.subject,
            program_title=message.program_title,
            pack_id=message.pack_id,
            emergency_id=message.emergency_id,
            planned=message.planned,
            schedule_json=message.schedule_json,
            payload=envelope.to_payload(),
        )
        session.add(row)
        rows.append(row)
    session.flush()
    return rows


def _digest(body: Mapping[str, Any]) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Publication:
    message_id: str
    topic: str
    payload: bytes


PUBLICATION_BUDGET = 64 << 20


def unpublished(
    session: Session,
    hub: str,
    signer: protocol.Signer,
    now: dt.datetime,
    limit: int = 500,
    budget: int = PUBLICATION_BUDGET,
) -> list[Publication]:
    """Messages the broker has not taken yet, in the order to publish them; expired ones are
    left out. One that a later message to the same commune has overtaken (a publication that
    failed, or a message sent again) is signed anew with a fresh sequence number first: the
    commune refuses a new id whose number is not above the last it accepted.

    At most ``limit`` messages and ``budget`` bytes of payload (always at least one): packs are
    megabytes each, and a round to two hundred communes must not hold them all in memory."""
    sizes = session.execute(
        select(SentMessageRow.id, func.length(SentMessageRow.payload))
        .where(SentMessageRow.published_at.is_(None))
        .where((SentMessageRow.expires_at.is_(None)) | (SentMessageRow.expires_at >= now))
        .order_by(SentMessageRow.seq)
        .limit(limit)
    ).all()
    chosen: list[str] = []
    total = 0
    for message_id, size in sizes:
        total += size or 0
        if chosen and total > budget:
            break
        chosen.append(message_id)
    if not chosen:
        return []
    rows = session.scalars(
        select(SentMessageRow)
        .options(undefer(SentMessageRow.payload))
        .where(SentMessageRow.id.in_(chosen))
        .order_by(SentMessageRow.seq)
    ).all()
    highest = {
        recipient: seq
        for recipient, seq in session.execute(
            select(SentMessageRow.recipient, func.max(SentMessageRow.seq))
            .where(SentMessageRow.published_at.is_not(None))
            .where(SentMessageRow.recipient.in_({row.recipient for row in rows}))
            .group_by(SentMessageRow.recipient)
        )
    }
    overtaken = [row for row in rows if row.seq < highest.get(row.recipient, -1)]
    for row, seq in zip(overtaken, next_seqs(session, len(overtaken)), strict=True):
        _sign_again(row, hub, signer, seq, now)
    return [
        Publication(row.id, protocol.topic_to_station(hub, row.recipient), row.payload)
        for row in sorted(rows, key=lambda row: row.seq)
    ]


def _sign_again(
    row: SentMessageRow, hub: str, signer: protocol.Signer, seq: int, now: dt.datetime
) -> None:
    """The same message (same id, body and expiry) with a new number and signature."""
    old = json.loads(row.payload)
    envelope = protocol.build(
        kind=row.kind,
        message_id=row.id,
        sender=hub,
        recipient=row.recipient,
        seq=seq,
        sent_at=epoch(now),
        body=old["body"],
        signer=signer,
        expires_at=old["expires_at"],
    )
    row.seq = seq
    row.payload = envelope.to_payload()


def mark_published(session: Session, message_ids: Sequence[str], now: dt.datetime) -> None:
    if message_ids:
        session.execute(
            update(SentMessageRow)
            .where(SentMessageRow.id.in_(list(message_ids)))
            .values(published_at=now)
        )


def resend_unacknowledged(
    session: Session, hub: str, signer: protocol.Signer, station: str, now: dt.datetime
) -> int:
    """Queue again what ``station`` has not acknowledged, each signed anew with a fresh number
    (above any the commune may have accepted since); returns how many."""
    acknowledged = exists().where(AckRow.message_id == SentMessageRow.id)
    rows = session.scalars(
        select(SentMessageRow)
        .options(undefer(SentMessageRow.payload))
        .where(SentMessageRow.recipient == station)
        .where(SentMessageRow.published_at.is_not(None))
        .where(~acknowledged)
        .where((SentMessageRow.expires_at.is_(None)) | (SentMessageRow.expires_at >= now))
        .order_by(SentMessageRow.seq)
    ).all()
    for row, seq in zip(rows, next_seqs(session, len(rows)), strict=True):
        _sign_again(row, hub, signer, seq, now)
        row.published_at = None
    return len(rows)


PAYLOADS_KEPT = dt.timedelta(days=30)


def forget_payloads(session: Session, now: dt.datetime) -> int:
    """Drop the signed payload (a pack is megabytes) of messages that will never be sent again:
    acknowledged, or expired, a month ago. The row stays, for the status and the reports."""
    acknowledged = exists().where(AckRow.message_id == SentMessageRow.id)
    result = session.execute(
        update(SentMessageRow)
        .where(SentMessageRow.sent_at < now - PAYLOADS_KEPT)
        .where(acknowledged | (SentMessageRow.expires_at < now))
        .where(func.length(SentMessageRow.payload) > 0)
        .values(payload=b"")
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)
