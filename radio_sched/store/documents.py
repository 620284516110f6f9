"""Directives, their scripts, and every saved version of a script."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from radio_sched.store.db import Base, utcnow


class DirectiveRow(Base):
    __tablename__ = "directives"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_name: Mapped[str] = mapped_column(String(500))
    source_sha256: Mapped[str] = mapped_column(String(64), index=True)
    text: Mapped[str] = mapped_column(Text)
    reference: Mapped[str | None] = mapped_column(String(200))
    subject: Mapped[str | None] = mapped_column(Text)
    campaign_start: Mapped[dt.date | None]
    campaign_end: Mapped[dt.date | None]
    frequency_per_day: Mapped[int | None]
    parsed: Mapped[dict[str, Any]] = mapped_column(JSON)
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    scripts: Mapped[list[ScriptRow]] = relationship(back_populates="directive")


class ScriptRow(Base):
    __tablename__ = "scripts"

    id: Mapped[int] = mapped_column(primary_key=True)
    directive_id: Mapped[int | None] = mapped_column(ForeignKey("directives.id"))
    commune: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    approved_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    approved_by: Mapped[str | None] = mapped_column(String(200))
    approved_version: Mapped[int | None] = mapped_column(Integer)

    directive: Mapped[DirectiveRow | None] = relationship(back_populates="scripts")
    versions: Mapped[list[ScriptVersionRow]] = relationship(
        back_populates="script", order_by="ScriptVersionRow.version"
    )

    @property
    def latest(self) -> ScriptVersionRow:
        return self.versions[-1]


class ScriptVersionRow(Base):
    __tablename__ = "script_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    script_id: Mapped[int] = mapped_column(ForeignKey("scripts.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    estimated_seconds: Mapped[float]
    note: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The composer's decisions (models.decision_to_dict each) when this version was composed;
    # None for an operator's edit, whose decisions are those of the composition it edits.
    decisions: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON, nullable=True)

    script: Mapped[ScriptRow] = relationship(back_populates="versions")


def composed_version(script: ScriptRow, upto: int | None = None) -> ScriptVersionRow | None:
    """The latest version (at or before ``upto``) made by the composer, with its decisions."""
    for row in reversed(script.versions):
        if upto is not None and row.version > upto:
            continue
        if row.decisions is not None:
            return row
    return None


def add_version(
    session: Session,
    script: ScriptRow,
    text: str,
    estimated_seconds: float,
    note: str = "",
    decisions: list[dict[str, Any]] | None = None,
) -> ScriptVersionRow:
    """Save an edit as a new version; an unchanged text makes no version unless it comes with
    new decisions (a sentence toggled back and forth)."""
    if (
        script.versions
        and script.latest.text == text
        and (decisions is None or decisions == script.latest.decisions)
    ):
        return script.latest
    number = (
        session.scalar(
            select(func.max(ScriptVersionRow.version)).where(
                ScriptVersionRow.script_id == script.id
            )
        )
        or 0
    ) + 1
    row = ScriptVersionRow(
        script=script,
        version=number,
        text=text,
        estimated_seconds=estimated_seconds,
        note=note,
        decisions=decisions,
    )
    session.add(row)
    session.flush()
    return row
