"""The hub's database: PostgreSQL in an office (any SQLAlchemy URL; SQLite for a quick try).

Its own models (``HubBase``, never mixed with a station's tables), its own revisions
(``hub/migrations/``) and its own version table, brought up to date on open by the station's
migration machinery (``store.migrate``).

What it keeps: the communes and their keys; every message the hub sent (its signed payload too,
so a commune that missed it gets the very same message again); the acknowledgements; the
communes' as-run rows, once each (unique on station and as-run id); their last heartbeat and a
bounded history of state changes; and every message refused, with the reason.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, deferred, mapped_column

from radio_sched.errors import UserError
from radio_sched.store.db import Store, make_engine, utcnow
from radio_sched.store.migrate import Schema, prepare_schema

MIGRATIONS = Path(__file__).with_name("migrations")
HISTORY_PER_COMMUNE = 500
"""State changes kept per commune (the newest); the last heartbeat is always kept apart."""


class HubBase(DeclarativeBase):
    pass


class CommuneRow(HubBase):
    __tablename__ = "hub_communes"

    station_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(Text)  # "Xã Tân Thành", as its packs name it
    public_key: Mapped[str] = mapped_column(Text)  # the one-line key file's line
    key_fingerprint: Mapped[str] = mapped_column(String(64))
    broker_user: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(Text)  # Mosquitto's PBKDF2 form, never the text
    registered_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # The last sequence number accepted from this commune: a new message must carry a higher one.
    last_seq: Mapped[int | None] = mapped_column(BigInteger)


class CounterRow(HubBase):
    """The hub's own sequence number (one row), taken under a row lock so two senders at once
    never reuse one."""

    __tablename__ = "hub_counters"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


class SentMessageRow(HubBase):
    __tablename__ = "hub_sent_messages"
    __table_args__ = (Index("ix_hub_sent_recipient", "recipient", "sent_at"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    recipient: Mapped[str] = mapped_column(String(64))
    seq: Mapped[int] = mapped_column(BigInteger)
    body_sha256: Mapped[str] = mapped_column(String(64))
    sent_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # Set once the broker took the message (PUBACK); until then ``hub run`` keeps trying.
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    subject: Mapped[str] = mapped_column(Text, default="")  # pack name or title, for the office
    program_title: Mapped[str | None] = mapped_column(Text)  # a pack's program, to count airings
    pack_id: Mapped[str | None] = mapped_column(String(64))
    emergency_id: Mapped[str | None] = mapped_column(String(128))
    planned: Mapped[int] = mapped_column(Integer, default=0)  # airings the pack suggests
    schedule_json: Mapped[str | None] = deferred(mapped_column(Text))
    payload: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))


class AckRow(HubBase):
    __tablename__ = "hub_acks"
    __table_args__ = (Index("ix_hub_acks_message", "message_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ack_id: Mapped[str] = mapped_column(String(32), unique=True)  # the ack envelope's own id
    message_id: Mapped[str] = mapped_column(String(32))  # what it acknowledges
    station_id: Mapped[str] = mapped_column(ForeignKey("hub_communes.station_id"))
    result: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class HubAsRunRow(HubBase):
    __tablename__ = "hub_asrun"
    __table_args__ = (
        UniqueConstraint("station_id", "asrun_id", name="uq_hub_asrun_station_asrun"),
        Index("ix_hub_asrun_started", "started_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[str] = mapped_column(ForeignKey("hub_communes.station_id"))
    asrun_id: Mapped[str] = mapped_column(String(128))
    program: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(40))
    scheduled_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    seconds_played: Mapped[float] = mapped_column(Float)
    outcome: Mapped[str] = mapped_column(String(40))
    emergency_id: Mapped[str | None] = mapped_column(String(128))
    sources: Mapped[str | None] = mapped_column(String(20))
    message_id: Mapped[str] = mapped_column(String(32))
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CommuneStatusRow(HubBase):
    """The last heartbeat of each commune."""

    __tablename__ = "hub_status"

    station_id: Mapped[str] = mapped_column(ForeignKey("hub_communes.station_id"), primary_key=True)
    state: Mapped[str] = mapped_column(String(20))
    now_playing: Mapped[str | None] = mapped_column(Text)
    version: Mapped[str] = mapped_column(String(40))
    free_disk_bytes: Mapped[int] = mapped_column(BigInteger)
    last_airing_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    message_id: Mapped[str] = mapped_column(String(32))


class StatusChangeRow(HubBase):
    """A commune's state changes (playing, paused, stopped, offline), the newest
    ``HISTORY_PER_COMMUNE`` of each."""

    __tablename__ = "hub_status_history"
    __table_args__ = (Index("ix_hub_status_history_station", "station_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[str] = mapped_column(ForeignKey("hub_communes.station_id"))
    state: Mapped[str] = mapped_column(String(20))
    now_playing: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class ReceivedMessageRow(HubBase):
    """Ids of messages processed from the communes: a redelivery is a duplicate, not a replay."""

    __tablename__ = "hub_received"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    station_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(20))
    seq: Mapped[int] = mapped_column(BigInteger)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class RefusalRow(HubBase):
    """A message the hub did not accept (forged, replayed, stale, wrongly addressed …)."""

    __tablename__ = "hub_refusals"
    __table_args__ = (Index("ix_hub_refusals_received", "received_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    topic: Mapped[str] = mapped_column(Text)
    sender: Mapped[str | None] = mapped_column(String(64))
    message_id: Mapped[str | None] = mapped_column(String(32))
    kind: Mapped[str | None] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(String(40))  # the protocol's reason code
    message: Mapped[str] = mapped_column(Text)  # the Vietnamese sentence
    payload_sha256: Mapped[str] = mapped_column(String(64))
    payload_bytes: Mapped[int] = mapped_column(Integer)


HUB_SCHEMA = Schema(
    name="radio_sched hub migrations",
    script_location=MIGRATIONS,
    metadata=HubBase.metadata,
    table_modules=(__name__,),
    version_table="hub_alembic_version",
    baseline="0001_hub",
)


def open_hub_store(url: str) -> Store:
    """The hub's database at ``url``, its schema created or upgraded."""
    from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

    try:
        engine = make_engine(url)
    except (ArgumentError, NoSuchModuleError) as error:
        raise UserError(
            f"Địa chỉ cơ sở dữ liệu của trung tâm không hợp lệ: {url!r} ({error}). Hãy viết "
            "postgresql+psycopg://người_dùng:mật_khẩu@máy/tên_cơ_sở_dữ_liệu trong hub.toml "
            "(database_url)."
        ) from error
    try:
        prepare_schema(engine, HUB_SCHEMA)
    except DBAPIError as error:
        engine.dispose()
        where = engine.url.render_as_string(hide_password=True)
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        raise UserError(
            f"Không mở được cơ sở dữ liệu của trung tâm {where} ({reason}). Hãy kiểm tra "
            "PostgreSQL đang chạy, người dùng, mật khẩu và tên cơ sở dữ liệu (database_url "
            "trong hub.toml)."
        ) from error
    return Store(engine)
