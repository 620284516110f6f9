"""Commune side: a verified pack becomes a program of the station (and, if asked, its pins).

Nothing is written until the whole pack has been verified. The files are written into a
temporary folder beside their final place and renamed into it in one step; the database rows
follow in one transaction, and if that fails the folder is removed again. A pack is known by the
SHA-256 of its signed manifest, so importing it a second time changes nothing.

Packs of the same directive (same reference, same signing key, same commune) supersede each
other by the time they were made (``created_at`` in the signed manifest): a newer pack pauses the
programs of the older ones, so a corrected bulletin does not air beside the one it corrects, and
an older pack arriving after a newer one is refused with the reason, unless the operator asks for
it (``allow_older``), in which case it pauses the newer ones instead.

A pack whose campaign has already ended imports with a note rather than a refusal: the planner
never places a program outside its campaign, so nothing of it can air, and the station may still
want the record (and the audio) of what the district sent.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from radio_sched import locations
from radio_sched.config import StationSettings, load_settings
from radio_sched.errors import UserError
from radio_sched.pack.contents import SCHEDULE_JSON
from radio_sched.pack.manifest import MANIFEST_NAME, SIGNATURE_NAME, Manifest
from radio_sched.pack.verify import PackRefused, VerifiedPack, verify_pack
from radio_sched.script.templates import commune_display_name
from radio_sched.store.db import Store, open_store, utcnow
from radio_sched.store.packs import ImportedPackRow
from radio_sched.store.programs import PinRow, ProgramRow, bump_revision

PACKS_FOLDER = "packs"


@dataclass(frozen=True)
class ImportResult:
    pack_id: str
    program_id: int | None
    already_imported: bool
    pins_added: int
    folder: Path
    notes: tuple[str, ...] = field(default=())

    def as_json(self) -> dict[str, Any]:
        return {
            "pack_id": self.pack_id,
            "program_id": self.program_id,
            "already_imported": self.already_imported,
            "pins_added": self.pins_added,
            "folder": str(self.folder),
            "notes": list(self.notes),
        }


def import_pack(
    path: Path,
    *,
    schedule: bool = False,
    draft: bool = False,
    any_commune: bool = False,
    allow_older: bool = False,
    store: Store | None = None,
    settings: StationSettings | None = None,
    today: dt.date | None = None,
) -> ImportResult:
    verified = verify_pack(path)
    settings = settings or load_settings()
    manifest = verified.manifest
    if not any_commune and _same_commune(manifest.commune, settings.name) is False:
        raise PackRefused(
            path,
            f"gói làm cho {manifest.commune}, còn đài này là {settings.name}: phát gói này sẽ "
            "đọc sai tên xã. Nếu đúng là muốn nhập, thêm --any-commune",
        )
    own_store = store is None
    store = store or open_store(settings.resolved_database_url)
    try:
        return _import(
            verified,
            store,
            settings,
            schedule=schedule,
            draft=draft,
            allow_older=allow_older,
            today=today or settings.now().date(),
        )
    finally:
        if own_store:
            store.dispose()


def _same_commune(a: str, b: str) -> bool:
    return commune_display_name(a).casefold() == commune_display_name(b).casefold()


def _import(
    verified: VerifiedPack,
    store: Store,
    settings: StationSettings,
    *,
    schedule: bool,
    draft: bool,
    allow_older: bool,
    today: dt.date,
) -> ImportResult:
    manifest = verified.manifest
    home = locations.station_home()
    folder = locations.programs_dir() / PACKS_FOLDER / verified.pack_id[:16]
    notes: list[str] = []
    others: list[_Earlier] = []
    with store.session() as session:
        again = _imported_before(session, verified, settings, schedule=schedule)
        if again is None:
            others = _same_directive(session, verified, home)
    if again is not None:
        return again
    newer = [other for other in others if other.created_at > _created_at(manifest)]
    if newer and not allow_older:
        latest = max(newer, key=lambda other: other.created_at)
        raise PackRefused(
            verified.path,
            f"gói này làm lúc {_when(_created_at(manifest), settings)}, cũ hơn gói của cùng văn "
            f"bản {manifest.reference} làm lúc {_when(latest.created_at, settings)} đã nhập "
            f"(chương trình số {latest.program_id}); nhập gói cũ sẽ phát lại bản đã được thay. "
            "Nếu đúng là muốn dùng lại gói cũ này thay cho gói mới, thêm --allow-older",
        )
    first, last = manifest.campaign or _window(manifest.data["schedule_window"])
    if last < today:
        notes.append(
            f"Chiến dịch của gói này đã kết thúc ngày {last:%d/%m/%Y}: chương trình được lưu "
            "nhưng sẽ không được lên lịch phát."
        )

    _extract(verified, folder)
    try:
        with store.session() as session:
            program = manifest.program
            row = ProgramRow(
                title=str(program["title"]),
                kind="audio",
                duration_seconds=float(program["duration_seconds"]),
                priority=manifest.priority.value,
                campaign_start=first,
                campaign_end=last,
                per_day=int(program["per_day"]),
                audio_path=(folder / str(program["audio"])).relative_to(home).as_posix(),
            )
            if not draft:
                row.approved_at = utcnow()
                row.approved_by = f"{manifest.producer} (gói đã ký)"[:200]
            session.add(row)
            session.flush()
            pins = _add_pins(session, row.id, verified, settings, notes) if schedule else 0
            session.add(
                ImportedPackRow(
                    pack_id=verified.pack_id,
                    program_id=row.id,
                    commune=manifest.commune,
                    producer=manifest.producer,
                    key_fingerprint=verified.signer.fingerprint,
                    audio_sha256=manifest.file("audio").sha256,
                    reference=manifest.reference,
                    title=str(program["title"]),
                    folder=folder.relative_to(home).as_posix(),
                    schedule_applied=schedule,
                )
            )
            _pause_superseded(session, others, notes)
            bump_revision(session)
            program_id = row.id
    except IntegrityError:
        # Another import of this very pack committed first; it uses the same folder, holding
        # the same bytes, so the folder stays.
        with store.session() as session:
            again = _imported_before(session, verified, settings, schedule=schedule)
        if again is None:
            raise
        return again
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    if draft:
        notes.append(f"Chương trình {program_id} chưa duyệt; duyệt rồi mới lên lịch.")
    return ImportResult(verified.pack_id, program_id, False, pins, folder, tuple(notes))


@dataclass(frozen=True)
class _Earlier:
    """A pack of the same directive imported before, and when it was made."""

    program_id: int | None
    created_at: dt.datetime


def _same_directive(session: Session, verified: VerifiedPack, home: Path) -> list[_Earlier]:
    manifest = verified.manifest
    if manifest.reference is None:  # without a number, corrections cannot be told apart
        return []
    rows = session.scalars(
        select(ImportedPackRow).where(
            ImportedPackRow.reference == manifest.reference,
            ImportedPackRow.key_fingerprint == verified.signer.fingerprint,
            ImportedPackRow.commune == manifest.commune,
            ImportedPackRow.pack_id != verified.pack_id,
        )
    )
    return [_Earlier(row.program_id, _stored_created_at(row, home)) for row in rows]


def _stored_created_at(row: ImportedPackRow, home: Path) -> dt.datetime:
    """When an imported pack was made, from its signed manifest kept in the station home (the
    time it was imported if the folder is gone: a pack is always made before it is imported)."""
    try:
        data = json.loads((home / row.folder / MANIFEST_NAME).read_bytes())
        return _aware(dt.datetime.fromisoformat(str(data["created_at"])))
    except (OSError, ValueError, KeyError, TypeError):
        return _aware(row.imported_at)


def _created_at(manifest: Manifest) -> dt.datetime:
    return _aware(dt.datetime.fromisoformat(str(manifest.data["created_at"])))


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _when(moment: dt.datetime, settings: StationSettings) -> str:
    return moment.astimezone(settings.zone).strftime("%H:%M ngày %d/%m/%Y")


def _pause_superseded(session: Session, others: list[_Earlier], notes: list[str]) -> None:
    """The programs of the other packs of this directive stop airing: this one replaces them."""
    for other in others:
        program = session.get(ProgramRow, other.program_id) if other.program_id else None
        if program is not None and program.enabled:
            program.enabled = False
            notes.append(
                f"Gói này thay cho chương trình số {program.id} (cùng văn bản): đã tạm ngừng "
                f"chương trình {program.id}."
            )


def _imported_before(
    session: Session, verified: VerifiedPack, settings: StationSettings, *, schedule: bool
) -> ImportResult | None:
    """The earlier import of this pack, if any; only the suggested pins may still be added."""
    existing = session.scalar(
        select(ImportedPackRow).where(ImportedPackRow.pack_id == verified.pack_id)
    )
    notes: list[str] = []
    if existing is None:
        existing = session.scalar(
            select(ImportedPackRow)
            .where(
                ImportedPackRow.audio_sha256 == verified.manifest.file("audio").sha256,
                ImportedPackRow.key_fingerprint == verified.signer.fingerprint,
            )
            .order_by(ImportedPackRow.id)
        )
        if existing is None:
            return None
        notes.append("Gói này làm lại từ cùng văn bản, âm thanh không đổi: không nhập thêm.")
    pins = 0
    if schedule and existing.program_id is not None:
        pins = _add_pins(session, existing.program_id, verified, settings, notes)
        existing.schedule_applied = True
        if pins:
            bump_revision(session)
    folder = locations.station_home() / existing.folder
    return ImportResult(verified.pack_id, existing.program_id, True, pins, folder, tuple(notes))


def _window(raw: dict[str, str]) -> tuple[dt.date, dt.date]:
    return dt.date.fromisoformat(raw["start"]), dt.date.fromisoformat(raw["end"])


def _extract(verified: VerifiedPack, folder: Path) -> None:
    """The checked bytes into ``folder``, which appears complete or not at all."""
    parent = folder.parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".import-", dir=parent))
    try:
        files = dict(verified.contents)
        files[MANIFEST_NAME] = verified.manifest_bytes
        files[SIGNATURE_NAME] = verified.signature_bytes
        for name, data in files.items():
            # Names were checked to be plain file names; exclusive creation would still refuse
            # to follow anything that appeared in a folder we just made.
            with (staging / name).open("xb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        if folder.exists():
            # Left by an import that stopped before its database rows: same id, same bytes.
            shutil.rmtree(folder)
        staging.replace(folder)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise UserError(
            f"Không ghi được gói vào {parent}: {error.strerror or error}. "
            "Hãy kiểm tra dung lượng đĩa trống và quyền ghi."
        ) from error
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _add_pins(
    session: Session,
    program_id: int,
    verified: VerifiedPack,
    settings: StationSettings,
    notes: list[str],
) -> int:
    """Pins for the suggested schedule, in the station's slots; existing pins are kept."""
    placements = _suggested(verified)
    slots = {slot.name for slot in settings.slots}
    missing = sorted({slot for _day, slot in placements if slot not in slots})
    if missing:
        notes.append(
            f"Bỏ qua lịch gợi ý ở khung giờ không có trong station.toml: {', '.join(missing)}."
        )
    added = 0
    for day, slot in placements:
        if slot not in slots:
            continue
        exists = session.scalar(
            select(PinRow).where(
                PinRow.program_id == program_id, PinRow.day == day, PinRow.slot == slot
            )
        )
        if exists is None:
            session.add(PinRow(program_id=program_id, day=day, slot=slot, position=0))
            added += 1
    session.flush()
    return added


def _suggested(verified: VerifiedPack) -> list[tuple[dt.date, str]]:
    """(day, slot) of each suggested placement. The file is signed, but still only trusted to
    be what the schema of a suggestion says."""
    data = verified.contents.get(SCHEDULE_JSON)
    if data is None:
        return []
    try:
        document = json.loads(data)
        placements = document["placements"]
        result = []
        for item in placements:
            day, slot = item["day"], item["slot"]
            if not isinstance(day, str) or not isinstance(slot, str) or len(slot) > 200:
                raise ValueError("day/slot")
            result.append((dt.date.fromisoformat(day), slot))
    except (ValueError, KeyError, TypeError) as error:
        raise PackRefused(
            verified.path, f"lịch gợi ý trong gói không đọc được ({error})"
        ) from error
    return sorted(set(result))
