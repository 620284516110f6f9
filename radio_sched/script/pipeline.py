"""Directive file → Directive → Script, and storing both. The glue between files, core and store."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from radio_sched.config import StationSettings, load_settings
from radio_sched.directive.clean import CleanedText
from radio_sched.directive.parse import parse_text
from radio_sched.directive.read import normalize_text, read_directive_text
from radio_sched.directive.serialize import directive_to_dict
from radio_sched.errors import UserError
from radio_sched.models import Directive, Script, decision_to_dict
from radio_sched.script.compose import compose_script, estimate_seconds
from radio_sched.store import Store
from radio_sched.store.documents import DirectiveRow, ScriptRow, add_version


@dataclass(frozen=True)
class ImportResult:
    directive_id: int
    script_id: int
    directive: Directive
    script: Script
    already_imported: bool


@dataclass(frozen=True)
class PreparedImport:
    """A directive read, parsed and composed, not yet stored (so bad input writes nothing)."""

    source_name: str
    text: str
    sha256: str
    directive: Directive
    script: Script
    cleaned: CleanedText  # the text the parser saw, with what cleaning removed or repaired


def prepare_import(
    path: Path, *, commune: str, force: bool = False, settings: StationSettings | None = None
) -> PreparedImport:
    settings = settings or load_settings()
    text = read_directive_text(path, force=force)
    cleaned, directive = parse_text(text, today=settings.now().date())
    return PreparedImport(
        source_name=path.name,
        text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        directive=directive,
        script=compose_script(directive, commune),
        cleaned=cleaned,
    )


def script_from_file(
    path: Path, *, commune: str, force: bool = False, settings: StationSettings | None = None
) -> tuple[Directive, Script]:
    prepared = prepare_import(path, commune=commune, force=force, settings=settings)
    return prepared.directive, prepared.script


def store_import(store: Store, prepared: PreparedImport) -> ImportResult:
    """Store a directive and its composed script; the same text for the same commune is stored
    once."""
    directive, script = prepared.directive, prepared.script
    with store.session() as session:
        existing = session.scalars(
            select(ScriptRow)
            .join(DirectiveRow)
            .where(
                DirectiveRow.source_sha256 == prepared.sha256,
                ScriptRow.commune == script.commune,
            )
        ).first()
        if existing is not None and existing.directive_id is not None:
            return ImportResult(existing.directive_id, existing.id, directive, script, True)
        directive_row = DirectiveRow(
            source_name=prepared.source_name,
            source_sha256=prepared.sha256,
            text=prepared.text,
            reference=directive.reference,
            subject=directive.subject,
            campaign_start=directive.campaign.start if directive.campaign else None,
            campaign_end=directive.campaign.end if directive.campaign else None,
            frequency_per_day=directive.frequency_per_day,
            parsed=directive_to_dict(directive),
        )
        script_row = ScriptRow(directive=directive_row, commune=script.commune, title=script.title)
        session.add_all([directive_row, script_row])
        session.flush()
        add_version(
            session,
            script_row,
            script.text,
            script.estimated_seconds,
            note="Soạn tự động",
            decisions=[decision_to_dict(d) for d in script.decisions],
        )
        return ImportResult(directive_row.id, script_row.id, directive, script, False)


def import_directive(
    store: Store,
    path: Path,
    *,
    commune: str,
    force: bool = False,
    settings: StationSettings | None = None,
) -> ImportResult:
    prepared = prepare_import(path, commune=commune, force=force, settings=settings)
    return store_import(store, prepared)


def save_script_edit(store: Store, script_id: int, text: str, note: str = "") -> int:
    """Save an operator's edit as a new version; returns the version number."""
    text = normalize_text(text).strip()
    if not text:
        raise UserError(f"Kịch bản số {script_id}: nội dung trống, không lưu.")
    with store.session() as session:
        script = session.get(ScriptRow, script_id)
        if script is None:
            raise UserError(f"Không có kịch bản số {script_id}. Xem danh sách: radio-sched list.")
        return add_version(session, script, text, estimate_seconds(text), note=note).version
