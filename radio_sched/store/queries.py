"""Read models over stored directives and scripts, for the CLI and the TUI."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from radio_sched.errors import UserError
from radio_sched.models import SentenceDecision, decision_from_dict, overrides_of
from radio_sched.store.db import Store
from radio_sched.store.documents import (
    DirectiveRow,
    ScriptRow,
    ScriptVersionRow,
    composed_version,
)


@dataclass(frozen=True)
class ScriptSummary:
    script_id: int
    directive_id: int | None
    reference: str | None
    title: str
    commune: str
    campaign_start: dt.date | None
    campaign_end: dt.date | None
    version: int
    approved: bool
    approved_version: int | None
    estimated_seconds: float

    @property
    def campaign_label(self) -> str:
        if self.campaign_start and self.campaign_end:
            return f"{self.campaign_start:%d/%m} – {self.campaign_end:%d/%m/%Y}"
        return "—"

    def as_dict(self) -> dict[str, Any]:
        return {
            "script_id": self.script_id,
            "directive_id": self.directive_id,
            "reference": self.reference,
            "title": self.title,
            "commune": self.commune,
            "campaign": (
                {"start": self.campaign_start.isoformat(), "end": self.campaign_end.isoformat()}
                if self.campaign_start and self.campaign_end
                else None
            ),
            "version": self.version,
            "approved": self.approved,
            "approved_version": self.approved_version,
            "estimated_seconds": self.estimated_seconds,
        }


@dataclass(frozen=True)
class ScriptVersionView:
    script_id: int
    title: str
    commune: str
    version: int
    text: str
    estimated_seconds: float
    created_at: dt.datetime
    note: str
    # The composer's decision on every source sentence behind this version (its own, or those
    # of the composition the operator edited); empty for scripts stored before decisions were.
    decisions: tuple[SentenceDecision, ...] = ()
    composed: bool = False  # this version is the composer's text, not an operator's edit

    @property
    def overrides(self) -> dict[int, bool]:
        return overrides_of(self.decisions)


def list_scripts(store: Store) -> list[ScriptSummary]:
    with store.session() as session:
        rows = session.scalars(
            select(ScriptRow)
            .options(selectinload(ScriptRow.versions), selectinload(ScriptRow.directive))
            .order_by(ScriptRow.id)
        ).all()
        return [_summary(row) for row in rows]


def _summary(row: ScriptRow) -> ScriptSummary:
    directive: DirectiveRow | None = row.directive
    latest = row.latest
    return ScriptSummary(
        script_id=row.id,
        directive_id=row.directive_id,
        reference=directive.reference if directive else None,
        title=row.title,
        commune=row.commune,
        campaign_start=directive.campaign_start if directive else None,
        campaign_end=directive.campaign_end if directive else None,
        version=latest.version,
        approved=row.approved_at is not None,
        approved_version=row.approved_version,
        estimated_seconds=latest.estimated_seconds,
    )


def directive_text(store: Store, directive_id: int) -> str | None:
    """The directive's text as imported (NFC), or None when there is no such directive."""
    with store.session() as session:
        row = session.get(DirectiveRow, directive_id)
        return row.text if row is not None else None


def script_versions(store: Store, script_id: int) -> list[ScriptVersionView]:
    with store.session() as session:
        script = session.get(ScriptRow, script_id)
        if script is None:
            raise UserError(f"Không có kịch bản số {script_id}. Xem danh sách: radio-sched list.")
        return [_view(script, version) for version in script.versions]


def script_version(store: Store, script_id: int, version: int | None = None) -> ScriptVersionView:
    versions = script_versions(store, script_id)
    if version is None:
        return versions[-1]
    for view in versions:
        if view.version == version:
            return view
    raise UserError(f"Kịch bản số {script_id} không có phiên bản {version}.")


def _view(script: ScriptRow, version: ScriptVersionRow) -> ScriptVersionView:
    composed = composed_version(script, version.version)
    decisions = tuple(decision_from_dict(d) for d in composed.decisions or ()) if composed else ()
    return ScriptVersionView(
        script_id=script.id,
        title=script.title,
        commune=script.commune,
        version=version.version,
        text=version.text,
        estimated_seconds=version.estimated_seconds,
        created_at=version.created_at,
        note=version.note,
        decisions=decisions,
        composed=version.decisions is not None,
    )
