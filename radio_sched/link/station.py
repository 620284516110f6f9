"""What a commune does with its hub's messages, and what it sends back — without the network.

``StationLink`` takes a received payload and its topic, verifies the envelope (the pure
``protocol.verify``, with this station's trusted keys and its inbox), then does what the message
asks through the existing operations: a pack goes through the existing pack verification and
idempotent import, a notice is stored for the operator, an emergency becomes a program and an
emergency order (the daemon interrupts at a pause, as for a local one). It returns the signed
acknowledgements to publish. The MQTT adapter (``link.client``) only moves bytes.

Nothing is written for a message whose envelope is refused (forged, replayed, stale, wrongly
addressed): it is logged with its reason. A failure of the station itself (a busy or full
database, a full disk) raises ``LinkDeferred``: the message is not acknowledged to the broker,
which delivers it again when the link is back.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import shutil
import tempfile
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

import radio_sched
from radio_sched import keys, locations
from radio_sched.config import StationSettings
from radio_sched.errors import StoreFailure, UserError
from radio_sched.link import protocol
from radio_sched.link.protocol import (
    AckBody,
    AsRunBody,
    AsRunRow,
    EmergencyBody,
    NoticeBody,
    PackBody,
    Receiver,
    Signer,
    StatusBody,
    Verdict,
)
from radio_sched.link.settings import LinkSettings
from radio_sched.schedule.clock import Clock
from radio_sched.schedule.model import Priority
from radio_sched.store import link as link_store
from radio_sched.store.asrun import AsRunRow as LogRow
from radio_sched.store.db import Store
from radio_sched.store.programs import aware

log = logging.getLogger("radio_sched.link")

ASRUN_BATCH = 100
# Replies that matter only while the hub waits for them; a stale ack tells it nothing.
ACK_LIFETIME_S = 7 * 24 * 3600
# Refusals the hub should hear of: its own message, correctly signed, arrived too late or out of
# order. A forged or misaddressed one is only logged (answering it would help nobody).
ACKED_REFUSALS = frozenset({"stale", "replay"})


class LinkDeferred(Exception):
    """The station could not process a message now (database, disk): try again later."""


@dataclass(frozen=True)
class Outgoing:
    topic: str
    payload: bytes
    message_id: str
    kind: str
    retain: bool = False


@dataclass(frozen=True)
class Handled:
    """What became of one received message."""

    verdict: Verdict
    result: str | None  # the ack's result, None when nothing is acknowledged
    reason: str
    replies: tuple[Outgoing, ...]


StateOf = Callable[[], tuple[str, str | None]]


def stopped() -> tuple[str, str | None]:
    return "stopped", None


class StationLink:
    def __init__(
        self,
        store: Store,
        settings: StationSettings,
        link: LinkSettings,
        *,
        signer: Signer,
        clock: Clock,
        trusted: Callable[[], Mapping[str, keys.PublicKey]] = keys.trusted_keys,
        state_of: StateOf = stopped,
        on_change: Callable[[], None] | None = None,
        say: Callable[[str], None] | None = None,
        emergency_engine: str = "offline",
    ) -> None:
        self.store = store
        self.settings = settings
        self.link = link
        self.signer = signer
        self.clock = clock
        self.trusted = trusted
        self.state_of = state_of
        self.on_change = on_change
        self.say = say or (lambda message: log.info("%s", message))
        # An emergency is spoken by the machine voice at once: it must not wait for a network.
        self.emergency_engine = emergency_engine
        self.started_at = clock.now().timestamp()
        self.receiver = Receiver(link.hub, link.station)
        # The network thread (acks) and the link thread (as-run, status) both number messages:
        # one at a time, so SQLite never sees two read-then-write transactions race.
        self._numbering = threading.Lock()

    # -- receiving -------------------------------------------------------------------------

    def handle(self, topic: str, payload: bytes) -> Handled:
        try:
            return self._handle(topic, payload)
        except (OperationalError, StoreFailure, OSError) as error:
            raise LinkDeferred(str(error)) from error

    def _handle(self, topic: str, payload: bytes) -> Handled:
        now = self.clock.now().timestamp()
        with self.store.session() as session:
            verdict = protocol.verify(
                payload,
                topic=topic,
                receiver=self.receiver,
                trusted={self.link.hub: self.trusted()},
                last_seq=link_store.last_seq(session),
                seen_ids=_Seen(session),
                now=now,
            )
            earlier = (
                link_store.result_of(session, verdict.envelope.id)
                if verdict.outcome == "duplicate" and verdict.envelope is not None
                else None
            )
        envelope = verdict.envelope
        if verdict.outcome == "refused":
            log.warning("Từ chối tin trên kênh %s: %s [%s]", topic, verdict.message, verdict.reason)
            if envelope is not None and verdict.reason in ACKED_REFUSALS:
                reply = self._ack(envelope.id, "refused", verdict.message)
                return Handled(verdict, "refused", verdict.message, (reply,))
            return Handled(verdict, None, verdict.message, ())
        if envelope is None:  # verify gives accepted and duplicate verdicts their envelope
            raise AssertionError("verdict without envelope")
        if verdict.outcome == "duplicate":
            result = earlier.result if earlier is not None else "duplicate"
            reason = earlier.reason if earlier is not None else ""
            log.info("%s", verdict.message)
            return Handled(verdict, result, reason, (self._ack(envelope.id, result, reason),))
        result, reason = self._process(envelope, verdict.body)
        with self.store.session() as session:
            link_store.record(
                session, envelope.id, envelope.sender, envelope.seq, envelope.kind, result, reason
            )
        if self.on_change is not None and result in ("imported", "queued"):
            self.on_change()
        return Handled(verdict, result, reason, (self._ack(envelope.id, result, reason),))

    def _process(self, envelope: protocol.Envelope, body: object) -> tuple[str, str]:
        if isinstance(body, PackBody):
            return self._import_pack(body)
        if isinstance(body, NoticeBody):
            return self._store_notice(envelope, body)
        if isinstance(body, EmergencyBody):
            return self._start_emergency(envelope, body)
        raise AssertionError(f"unexpected body {body!r}")  # verify allows no other hub kind

    def _import_pack(self, body: PackBody) -> tuple[str, str]:
        from radio_sched.pack.importer import import_pack

        try:
            data = body.zip_bytes()
        except protocol.BodyError as error:
            return "refused", str(error)
        with tempfile.TemporaryDirectory(prefix="radio-sched-link-") as folder:
            path = Path(folder) / body.pack_name
            path.write_bytes(data)
            try:
                result = import_pack(
                    path,
                    schedule=True,
                    store=self.store,
                    settings=self.settings,
                    today=self.clock.now().date(),
                )
            except StoreFailure:
                raise
            except UserError as error:
                log.warning("Gói %s từ trung tâm bị từ chối: %s", body.pack_name, error)
                self.say(f"Gói {body.pack_name} từ trung tâm bị từ chối: {error}")
                return "refused", str(error)
        if result.already_imported:
            return "duplicate", f"gói đã nhập trước đó (chương trình số {result.program_id})"
        notes = "; ".join(result.notes)
        self.say(
            f"Đã nhận gói {body.pack_name} từ trung tâm: chương trình số {result.program_id}"
            + (f", {result.pins_added} lượt phát theo lịch gợi ý" if result.pins_added else "")
            + "."
        )
        return "imported", notes

    def _store_notice(self, envelope: protocol.Envelope, body: NoticeBody) -> tuple[str, str]:
        from sqlalchemy import select

        with self.store.session() as session:
            # The hub re-signs what a commune back online has not acknowledged (a new id and
            # seq, the same body): the operator sees a notice once.
            same = session.scalar(
                select(link_store.NoticeRow.id).where(
                    link_store.NoticeRow.sender == envelope.sender,
                    link_store.NoticeRow.title == body.title,
                    link_store.NoticeRow.text == body.text,
                )
            )
            if same is not None:
                return "duplicate", "thông báo này đã nhận trước đó"
            session.add(
                link_store.NoticeRow(
                    message_id=envelope.id,
                    sender=envelope.sender,
                    title=body.title,
                    text=body.text,
                    received_at=self.clock.now().astimezone(dt.UTC),
                )
            )
        self.say(f"Thông báo của trung tâm: {body.title} — xem bằng: radio-sched link notices")
        return "shown", ""

    def _start_emergency(self, envelope: protocol.Envelope, body: EmergencyBody) -> tuple[str, str]:
        from sqlalchemy import select

        from radio_sched.schedule import operations

        with self.store.session() as session:
            known = session.scalar(
                select(link_store.LinkEmergencyRow).where(
                    link_store.LinkEmergencyRow.emergency_id == body.emergency_id
                )
            )
            if known is not None:
                return "duplicate", f"tin khẩn {body.emergency_id} đã nhận trước đó"
        now = self.clock.now()
        audio = self._render_emergency(body)
        try:
            program_id = operations.add_audio_program(
                self.store,
                audio[0],
                body.title or "Tin khẩn cấp của trung tâm",
                audio[1],
                first=now.date(),
                last=now.date(),
                per_day=0,
                priority=Priority.EMERGENCY,
                approved_by=f"trung tâm {envelope.sender}",
            )
        finally:
            shutil.rmtree(audio[0].parent, ignore_errors=True)
        order_id = operations.declare_emergency(
            self.store, self.settings, program_id, start=now, who=f"trung tâm {envelope.sender}"
        )
        with self.store.session() as session:
            session.add(
                link_store.LinkEmergencyRow(
                    emergency_id=body.emergency_id,
                    message_id=envelope.id,
                    program_id=program_id,
                    order_id=order_id,
                )
            )
        self.say(
            f"TIN KHẨN CẤP từ trung tâm: {body.title} — phát ngay (chương trình số {program_id})."
        )
        return "queued", f"chương trình số {program_id}, lệnh khẩn cấp {order_id}"

    def _render_emergency(self, body: EmergencyBody) -> tuple[Path, float]:
        from radio_sched.audio.render import render_script_text

        lead = f"{body.title}.\n\n" if body.title.strip() else ""
        text = "\n\n".join([f"{lead}{body.text}"] * body.repeat)
        folder = Path(tempfile.mkdtemp(prefix="emergency-", dir=locations.station_home()))
        output = folder / f"khan-cap-{_slug(body.emergency_id)}.mp3"
        result = render_script_text(
            text,
            output=output,
            title=body.title or "Tin khẩn cấp",
            commune=self.settings.name,
            engine=self.emergency_engine,
            settings=self.settings,
        )
        return output, float(result.duration_seconds)

    # -- sending ---------------------------------------------------------------------------

    def _envelope(
        self, kind: str, body: Mapping[str, object], *, expires_in: float | None = None
    ) -> tuple[str, bytes]:
        now = self.clock.now().timestamp()
        with self._numbering, self.store.session() as session:
            seq = link_store.next_seq(session)
        message_id = secrets.token_hex(16)
        envelope = protocol.build(
            kind=kind,
            message_id=message_id,
            sender=self.link.station,
            recipient=self.link.hub,
            seq=seq,
            sent_at=now,
            body=body,
            signer=self.signer,
            expires_at=now + expires_in if expires_in is not None else None,
        )
        return message_id, envelope.to_payload()

    def _topic(self, channel: str) -> str:
        return protocol.topic_from_station(self.link.hub, self.link.station, channel)

    def _ack(self, message_id: str, result: str, reason: str) -> Outgoing:
        body = AckBody(message_id, result, reason).to_dict()
        sent_id, payload = self._envelope("ack", body, expires_in=ACK_LIFETIME_S)
        return Outgoing(self._topic("ack"), payload, sent_id, "ack")

    def asrun_batch(self, inflight: set[str], limit: int = ASRUN_BATCH) -> Outgoing | None:
        """The next as-run rows the hub has not acknowledged (leaving out those in ``inflight``
        messages), signed into one message; the rows are marked as sent in it."""
        with self._numbering, self.store.session() as session:
            rows = link_store.due_asrun(session, limit, inflight)
            if not rows:
                return None
            emergencies = link_store.emergency_ids(session, [row.program_id for row in rows])
            body = AsRunBody(tuple(_asrun_row(row, emergencies) for row in rows))
            seq = link_store.next_seq(session)
            now = self.clock.now().timestamp()
            message_id = secrets.token_hex(16)
            envelope = protocol.build(
                kind="asrun",
                message_id=message_id,
                sender=self.link.station,
                recipient=self.link.hub,
                seq=seq,
                sent_at=now,
                body=body.to_dict(),
                signer=self.signer,
            )
            link_store.mark_sent(session, rows, message_id)
        return Outgoing(self._topic("asrun"), envelope.to_payload(), message_id, "asrun")

    def delivered(self, message_id: str) -> int:
        """The broker acknowledged ``message_id`` (PUBACK); returns the as-run rows it carried."""
        with self.store.session() as session:
            return link_store.mark_acked(session, message_id)

    def status(self, state: str | None = None, now_playing: str | None = None) -> Outgoing:
        """A signed status (retained); ``state`` None asks the playback side."""
        if state is None:
            state, now_playing = self.state_of()
        with self.store.session() as session:
            last = link_store.last_airing(session)
        try:
            free = shutil.disk_usage(locations.station_home()).free
        except OSError:
            free = 0
        body = StatusBody(
            state=state,
            now_playing=now_playing,
            version=radio_sched.__version__,
            free_disk_bytes=int(free),
            last_airing_at=aware(last).timestamp() if last is not None else None,
            started_at=self.started_at,
        )
        message_id, payload = self._envelope("status", body.to_dict())
        return Outgoing(self._topic("status"), payload, message_id, "status", retain=True)

    def last_will(self) -> Outgoing:
        return self.status("offline", None)


class _Seen:
    """Ids already processed, looked up in the inbox as ``verify`` asks."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def __contains__(self, message_id: object) -> bool:
        return isinstance(message_id, str) and link_store.seen(self.session, message_id)


def _epoch(moment: dt.datetime | None) -> float | None:
    return aware(moment).timestamp() if moment is not None else None


def _asrun_row(row: LogRow, emergencies: Mapping[int, str]) -> AsRunRow:
    scheduled = _epoch(row.scheduled_start)
    started = _epoch(row.started_at)
    return AsRunRow(
        asrun_id=str(row.id),
        program=str(row.program_id),
        title=row.title,
        kind=row.priority,
        scheduled_at=scheduled,
        # A missed item never started: it is reported at the time it should have.
        started_at=started if started is not None else (scheduled or 0.0),
        ended_at=_epoch(row.ended_at),
        seconds_played=float(row.seconds_played or 0.0),
        outcome=row.outcome,
        emergency_id=emergencies.get(row.program_id),
        sources=row.sources if row.sources in protocol.SOURCES else None,
    )


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in text)[:40] or "tin"
