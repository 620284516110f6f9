"""What the communes send the hub, verified and stored: the messages that arrived together in one
transaction, with a few statements for the whole batch (not per message or per row).

The protocol module decides (signature, address, expiry, replay); this module gives it the
hub's state (the communes' keys, their last sequence numbers, the ids already processed) and
applies an accepted message: as-run rows upserted on (station, as-run id), so a row sent again
after a dropped link lands once; the heartbeat replaces the last one (a change of state is kept
in a bounded history); an acknowledgement is recorded once. A refusal is logged with its reason
code and sentence, never dropped silently. A duplicate (the broker's redelivery) changes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import BigInteger, String, bindparam, cast, delete, func, select, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from radio_sched import keys
from radio_sched.hub.db import (
    HISTORY_PER_COMMUNE,
    AckRow,
    CommuneRow,
    CommuneStatusRow,
    HubAsRunRow,
    ReceivedMessageRow,
    RefusalRow,
    StatusChangeRow,
)
from radio_sched.hub.outbox import dialect_insert, from_epoch
from radio_sched.link import protocol

OFFLINE_AFTER = dt.timedelta(seconds=180)
"""A commune whose last heartbeat (every 60 s) is older than this is offline, even if its last
will never arrived."""


@dataclass(frozen=True)
class Ingested:
    verdict: protocol.Verdict
    came_online: bool = False  # a heartbeat from a commune the hub had as offline or unknown


def ingest_batch(
    session: Session, hub: str, messages: Sequence[tuple[str, bytes]], now: dt.datetime
) -> list[Ingested]:
    """Messages in arrival order, in one transaction. What every message needs (its commune,
    locked; whether its id was seen) is read once for the batch, and the ids and acks are
    written at once at the end: a thousand acknowledgements of an emergency are a handful of
    statements, not thousands."""
    stations = {
        placed.station
        for placed in (protocol.parse_topic(topic) for topic, _payload in messages)
        if placed is not None and placed.direction == "from"
    }
    # Plain rows, not ORM objects: the ORM flushed each commune's new mark as its own UPDATE.
    communes = {
        row.station_id: row
        for row in session.execute(
            select(CommuneRow.station_id, CommuneRow.public_key, CommuneRow.last_seq)
            .where(CommuneRow.station_id.in_(stations))
            .where(CommuneRow.active.is_(True))
            .order_by(CommuneRow.station_id)  # one lock order for every batch: no deadlock
            .with_for_update()
        )
    }
    trusted = {station: _trusted(station, row.public_key) for station, row in communes.items()}
    last_seq = {s: row.last_seq for s, row in communes.items() if row.last_seq is not None}
    raised: set[str] = set()
    seen = _seen(session, [payload for _topic, payload in messages])
    received: list[dict[str, Any]] = []
    acks: list[dict[str, Any]] = []
    asrun: dict[tuple[str, str], dict[str, Any]] = {}
    results = []
    for topic, payload in messages:
        verdict = protocol.verify(
            payload,
            topic=topic,
            receiver=protocol.Receiver(hub=hub),
            trusted=trusted,
            last_seq=last_seq,
            seen_ids=seen,
            now=now.timestamp(),
        )
        envelope = verdict.envelope
        commune = communes.get(envelope.sender) if envelope is not None else None
        if verdict.outcome == "refused":
            _log_refusal(session, topic, payload, verdict, now)
        if verdict.outcome != "accepted" or envelope is None or commune is None:
            results.append(Ingested(verdict))
            continue
        station = commune.station_id
        seen.add(envelope.id)
        received.append(
            {
                "id": envelope.id,
                "station_id": station,
                "kind": envelope.kind,
                "seq": envelope.seq,
                "received_at": now,
            }
        )
        # The last will is accepted with the seq it was signed with at connect time (older than
        # the heartbeats since): the mark only ever goes up.
        last_seq[station] = max(envelope.seq, last_seq.get(station, 0))
        raised.add(station)
        came_online = False
        if isinstance(verdict.body, protocol.AsRunBody):
            for row in verdict.body.rows:  # a later message's row replaces an earlier one's
                asrun[(station, row.asrun_id)] = _asrun_values(station, envelope.id, row, now)
        elif isinstance(verdict.body, protocol.StatusBody):
            came_online = _store_status(session, station, envelope, verdict.body, now)
        elif isinstance(verdict.body, protocol.AckBody):
            acks.append(
                {
                    "ack_id": envelope.id,
                    "message_id": verdict.body.message_id,
                    "station_id": station,
                    "result": verdict.body.result,
                    "reason": verdict.body.reason,
                    "received_at": now,
                }
            )
        results.append(Ingested(verdict, came_online))
    if raised:
        _raise_marks(session, {station: last_seq[station] for station in raised})
    if received:  # a processed id is never written twice (it was checked above, under lock)
        _insert_rows(session, ReceivedMessageRow.__table__, received, lambda insert: insert)
    if acks:
        _insert_rows(
            session,
            AckRow.__table__,
            acks,
            lambda insert: insert.on_conflict_do_nothing(index_elements=["ack_id"]),
        )
    if asrun:
        _store_asrun(session, list(asrun.values()))
    return results


_KEYS: dict[tuple[str, str], keys.PublicKey] = {}


def _trusted(station: str, public_key: str) -> dict[str, protocol.Verifier]:
    """The commune's registered key, parsed once per process."""
    key = _KEYS.get((station, public_key))
    if key is None:
        key = _KEYS[(station, public_key)] = keys.parse_public_key(public_key, station)
    return {key.fingerprint: key}


_MARKS: dict[str, Any] = {}


def _raise_marks(session: Session, marks: dict[str, int]) -> None:
    """Each commune's last accepted sequence number, written for the whole batch at once (on
    PostgreSQL one UPDATE joined to the numbers sent as two arrays)."""
    dialect = session.get_bind().dialect.name
    statement = _MARKS.get(dialect)
    if statement is None:
        if dialect == "postgresql":
            numbers = select(
                func.unnest(cast(bindparam("stations"), ARRAY(String))).label("station"),
                func.unnest(cast(bindparam("seqs"), ARRAY(BigInteger))).label("seq"),
            ).subquery("numbers")
            statement = (
                update(CommuneRow)
                .where(CommuneRow.station_id == numbers.c.station)
                .values(last_seq=numbers.c.seq)
            )
        else:
            statement = (
                update(CommuneRow)
                .where(CommuneRow.station_id == bindparam("station"))
                .values(last_seq=bindparam("seq"))
            )
        _MARKS[dialect] = statement
    if dialect == "postgresql":
        parameters: Any = {"stations": list(marks), "seqs": list(marks.values())}
    else:
        parameters = [{"station": station, "seq": seq} for station, seq in marks.items()]
    session.connection().execute(statement, parameters)


def _seen(session: Session, payloads: Sequence[bytes]) -> set[str]:
    """Which of the batch's message ids were processed before (one query). The ids are read
    leniently here; ``protocol.verify`` judges each message in full."""
    ids = set()
    for payload in payloads:
        try:
            document = json.loads(payload)
        except (UnicodeDecodeError, ValueError):
            continue
        if isinstance(document, dict) and isinstance(document.get("id"), str):
            ids.add(document["id"][:32])
    if not ids:
        return set()
    return set(session.scalars(select(ReceivedMessageRow.id).where(ReceivedMessageRow.id.in_(ids))))


def _log_refusal(
    session: Session, topic: str, payload: bytes, verdict: protocol.Verdict, now: dt.datetime
) -> None:
    envelope = verdict.envelope
    session.add(
        RefusalRow(
            received_at=now,
            topic=topic[:1000],
            sender=envelope.sender if envelope else None,
            message_id=envelope.id if envelope else None,
            kind=envelope.kind if envelope else None,
            reason=verdict.reason or "refused",
            message=verdict.message,
            payload_sha256=hashlib.sha256(payload).hexdigest(),
            payload_bytes=len(payload),
        )
    )


def _asrun_values(
    station: str, message_id: str, row: protocol.AsRunRow, now: dt.datetime
) -> dict[str, Any]:
    return {
        "station_id": station,
        "asrun_id": row.asrun_id,
        "program": row.program,
        "title": row.title,
        "kind": row.kind,
        "scheduled_at": from_epoch(row.scheduled_at),
        "started_at": from_epoch(row.started_at),
        "ended_at": from_epoch(row.ended_at),
        "seconds_played": row.seconds_played,
        "outcome": row.outcome,
        "emergency_id": row.emergency_id,
        "sources": row.sources,
        "message_id": message_id,
        "received_at": now,
    }


_ASRUN_CHANGING = (
    "program",
    "title",
    "kind",
    "scheduled_at",
    "started_at",
    "ended_at",
    "seconds_played",
    "outcome",
    "emergency_id",
    "sources",
    "message_id",
)
_INSERTS: dict[tuple[str, str], Any] = {}


def _insert_rows(
    session: Session,
    table: Any,
    rows: Sequence[dict[str, Any]],
    conflict: Callable[[Any], Any],
) -> None:
    """``rows`` inserted at once, ``conflict`` saying what a row already there means. On
    PostgreSQL the rows travel as one array per column, unnested into one INSERT: one short
    statement, prepared once, for a whole batch (an executemany sent one statement per row; a
    VALUES list of thousands of rows took psycopg a tenth of a second to parse). The statement
    is built once per table and dialect (``excluded`` alone cost 1.5 ms), so every call on a
    table passes dicts with the same keys."""
    dialect = session.get_bind().dialect.name
    names = list(rows[0])
    statement = _INSERTS.get((dialect, table.name))
    if statement is None:
        insert = dialect_insert(session, table)
        if dialect == "postgresql":
            columns = [
                func.unnest(cast(bindparam(name), ARRAY(table.c[name].type))).label(name)
                for name in names
            ]
            insert = insert.from_select(names, select(*columns))
        statement = _INSERTS[(dialect, table.name)] = conflict(insert)
    if dialect == "postgresql":
        session.connection().execute(statement, {n: [row[n] for row in rows] for n in names})
    else:
        session.connection().execute(statement, list(rows))


def _store_asrun(session: Session, values: list[dict[str, Any]]) -> None:
    """A batch's as-run rows, one per (station, as-run id) (ON CONFLICT may touch a row only
    once in a statement), upserted: a row sent again with news (it was "playing", now it has
    ended) updates the one row, a row sent again unchanged lands once."""
    _insert_rows(
        session,
        HubAsRunRow.__table__,
        values,
        lambda insert: insert.on_conflict_do_update(
            index_elements=["station_id", "asrun_id"],
            set_={name: insert.excluded[name] for name in _ASRUN_CHANGING},
        ),
    )


def _store_status(
    session: Session,
    station: str,
    envelope: protocol.Envelope,
    body: protocol.StatusBody,
    now: dt.datetime,
) -> bool:
    sent_at = from_epoch(envelope.sent_at) or now
    last = session.get(CommuneStatusRow, station)
    was_online = (
        last is not None
        and last.state != "offline"
        and now - aware(last.received_at) <= OFFLINE_AFTER
    )
    will = body.state == "offline"  # signed at connect time, published when the link drops
    if last is not None and aware(last.sent_at) > sent_at and not will:
        return False  # an older heartbeat delivered late (a retained one) does not go back
    if last is None:
        last = CommuneStatusRow(station_id=station)
        session.add(last)
    changed = last.state != body.state
    last.state = body.state
    last.now_playing = body.now_playing
    last.version = body.version
    last.free_disk_bytes = body.free_disk_bytes
    last.last_airing_at = from_epoch(body.last_airing_at)
    last.started_at = from_epoch(body.started_at) or now
    last.sent_at = max(sent_at, aware(last.sent_at)) if last.sent_at else sent_at
    last.received_at = now
    last.message_id = envelope.id
    if changed:
        session.add(
            StatusChangeRow(
                station_id=station,
                state=body.state,
                now_playing=body.now_playing,
                sent_at=sent_at,
                received_at=now,
            )
        )
        session.flush()
        _bound_history(session, station)
    return body.state != "offline" and not was_online


def _bound_history(session: Session, station: str) -> None:
    keep = (
        select(StatusChangeRow.id)
        .where(StatusChangeRow.station_id == station)
        .order_by(StatusChangeRow.id.desc())
        .limit(HISTORY_PER_COMMUNE)
    )
    oldest_kept = select(keep.subquery().c.id).order_by(None)
    session.execute(
        delete(StatusChangeRow)
        .where(StatusChangeRow.station_id == station)
        .where(StatusChangeRow.id.not_in(oldest_kept))
    )


def aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


RECEIVED_KEPT = dt.timedelta(days=30)
"""How long the ids of processed messages are kept: a redelivery within this is a duplicate; an
older one is judged by its sequence number (a replay), so nothing is taken twice either way."""
REFUSALS_KEPT = dt.timedelta(days=180)


def prune(session: Session, now: dt.datetime) -> tuple[int, int]:
    """Forget processed ids and refusals past their keeping time; returns how many of each."""
    received = session.execute(
        delete(ReceivedMessageRow).where(ReceivedMessageRow.received_at < now - RECEIVED_KEPT)
    )
    refusals = session.execute(
        delete(RefusalRow).where(RefusalRow.received_at < now - REFUSALS_KEPT)
    )
    return (
        int(getattr(received, "rowcount", 0) or 0),
        int(getattr(refusals, "rowcount", 0) or 0),
    )
