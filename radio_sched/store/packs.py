"""Packs a station has imported: what makes a second import of the same pack change nothing,
and the record of who signed each program the station airs."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from radio_sched.store import programs as _programs  # noqa: F401 - the table our key names
from radio_sched.store.db import Base, utcnow


class ImportedPackRow(Base):
    __tablename__ = "imported_packs"

    id: Mapped[int] = mapped_column(primary_key=True)
    pack_id: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256 of manifest.json
    program_id: Mapped[int | None] = mapped_column(ForeignKey("programs.id", ondelete="SET NULL"))
    commune: Mapped[str] = mapped_column(String(200))
    producer: Mapped[str] = mapped_column(String(500))
    key_fingerprint: Mapped[str] = mapped_column(String(64))
    # A pack built again from the same directive differs only in its created time; the same
    # program audio from the same key is the same broadcast, and is not imported twice.
    audio_sha256: Mapped[str] = mapped_column(String(64), index=True)
    reference: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(Text)
    folder: Mapped[str] = mapped_column(Text)  # relative to the station home
    schedule_applied: Mapped[bool] = mapped_column(Boolean, default=False)
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
