"""What ``hub status`` shows: each commune online or not, its last heartbeat, and its packs
delivered, imported and aired against the airings they suggest.

Online means a heartbeat within ``OFFLINE_AFTER`` whose state is not "offline" (the last will a
commune's broker connection leaves behind when it drops). An airing counts for a pack when the
commune's as-run row has the pack's program title and was played.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from radio_sched.hub.db import AckRow, CommuneRow, CommuneStatusRow, HubAsRunRow, SentMessageRow
from radio_sched.hub.ingest import OFFLINE_AFTER, aware

PLAYED = "played"
IMPORTED_RESULTS = ("imported", "duplicate")


@dataclass(frozen=True)
class CommuneState:
    station_id: str
    name: str
    online: bool
    state: str | None  # playing / paused / stopped / offline, as last reported
    last_heartbeat: dt.datetime | None
    now_playing: str | None
    version: str | None
    packs_sent: int
    packs_delivered: int  # acknowledged in any way
    packs_imported: int  # acknowledged as imported (or already there)
    planned: int  # airings the packs sent suggest
    aired: int  # of those packs' programs, played
    emergencies_sent: int
    emergencies_aired: int

    @property
    def state_text(self) -> str:
        if not self.online:
            return "mất kết nối" if self.last_heartbeat else "chưa kết nối"
        return STATE_TEXT.get(self.state or "", self.state or "")


STATE_TEXT = {
    "playing": "đang phát",
    "paused": "tạm dừng",
    "stopped": "đang nghỉ",
    "offline": "mất kết nối",
}


def commune_states(session: Session, now: dt.datetime) -> list[CommuneState]:
    communes = session.scalars(
        select(CommuneRow).where(CommuneRow.active.is_(True)).order_by(CommuneRow.station_id)
    ).all()
    statuses = {row.station_id: row for row in session.scalars(select(CommuneStatusRow))}
    # What was sent, counted per commune and kind in one pass over the sent messages.
    sent = {
        (recipient, kind): (count, planned)
        for recipient, kind, count, planned in session.execute(
            select(
                SentMessageRow.recipient,
                SentMessageRow.kind,
                func.count(),
                func.sum(SentMessageRow.planned),
            )
            .where(SentMessageRow.kind.in_(("pack", "emergency")))
            .group_by(SentMessageRow.recipient, SentMessageRow.kind)
        )
    }
    delivered = _acknowledged(session, None)
    imported = _acknowledged(session, IMPORTED_RESULTS)
    aired = _pack_airings(session)
    emergencies_aired = _pairs(
        session,
        (
            select(HubAsRunRow.station_id, func.count(func.distinct(HubAsRunRow.emergency_id)))
            .where(HubAsRunRow.emergency_id.is_not(None))
            .where(HubAsRunRow.outcome == PLAYED)
            .group_by(HubAsRunRow.station_id)
        ),
    )
    states = []
    for commune in communes:
        status = statuses.get(commune.station_id)
        heard = aware(status.received_at) if status else None
        online = (
            status is not None
            and heard is not None
            and status.state != "offline"
            and now - heard <= OFFLINE_AFTER
        )
        station = commune.station_id
        packs_sent, planned = sent.get((station, "pack"), (0, 0))
        states.append(
            CommuneState(
                station_id=station,
                name=commune.name,
                online=online,
                state=status.state if status else None,
                last_heartbeat=heard,
                now_playing=status.now_playing if status else None,
                version=status.version if status else None,
                packs_sent=packs_sent,
                packs_delivered=delivered.get(station, 0),
                packs_imported=imported.get(station, 0),
                planned=int(planned or 0),
                aired=aired.get(station, 0),
                emergencies_sent=sent.get((station, "emergency"), (0, 0))[0],
                emergencies_aired=emergencies_aired.get(station, 0),
            )
        )
    return states


def _acknowledged(session: Session, results: tuple[str, ...] | None) -> dict[str, int]:
    acks = select(AckRow.message_id)
    if results is not None:
        acks = acks.where(AckRow.result.in_(results))
    return _pairs(
        session,
        (
            select(SentMessageRow.recipient, func.count())
            .where(SentMessageRow.kind == "pack")
            .where(SentMessageRow.id.in_(acks))
            .group_by(SentMessageRow.recipient)
        ),
    )


def _pack_airings(session: Session) -> dict[str, int]:
    programs = (
        select(SentMessageRow.recipient, SentMessageRow.program_title)
        .where(SentMessageRow.kind == "pack")
        .distinct()
        .subquery()
    )
    return _pairs(
        session,
        (
            select(HubAsRunRow.station_id, func.count())
            .join(
                programs,
                (programs.c.recipient == HubAsRunRow.station_id)
                & (programs.c.program_title == HubAsRunRow.title),
            )
            .where(HubAsRunRow.outcome == PLAYED)
            .group_by(HubAsRunRow.station_id)
        ),
    )


def _pairs(session: Session, query: Any) -> dict[Any, Any]:
    return {key: value for key, value in session.execute(query)}
