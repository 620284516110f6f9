"""Rendered audio of script versions: where the file is and what it measured."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Integer, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from radio_sched.store import documents as _documents  # noqa: F401 - the table our key names
from radio_sched.store.db import Base, utcnow


class RenderRow(Base):
    __tablename__ = "renders"

    id: Mapped[int] = mapped_column(primary_key=True)
    script_id: Mapped[int] = mapped_column(ForeignKey("scripts.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    path: Mapped[str] = mapped_column(Text)
    duration_seconds: Mapped[float] = mapped_column(Float)
    lufs: Mapped[float | None] = mapped_column(Float)
    engines_used: Mapped[dict[str, Any]] = mapped_column(JSON)  # engine name -> sentences
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


def add_render(
    session: Session,
    *,
    script_id: int,
    version: int,
    path: str,
    duration_seconds: float,
    lufs: float | None,
    engines_used: dict[str, int],
) -> RenderRow:
    row = RenderRow(
        script_id=script_id,
        version=version,
        path=path,
        duration_seconds=duration_seconds,
        lufs=lufs,
        engines_used=dict(engines_used),
    )
    session.add(row)
    session.flush()
    return row


def latest_render(session: Session, script_id: int, version: int | None = None) -> RenderRow | None:
    """The most recent render of a script: of ``version`` when given, else of any version
    (compare its ``version`` to the latest)."""
    query = select(RenderRow).where(RenderRow.script_id == script_id)
    if version is not None:
        query = query.where(RenderRow.version == version)
    return session.scalar(query.order_by(RenderRow.created_at.desc(), RenderRow.id.desc()).limit(1))
