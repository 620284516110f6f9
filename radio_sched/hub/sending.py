"""Sending from the office: packs, notices and emergencies, signed and queued in the hub's
database, one message per commune (``outbox``); the service (``hub run``) publishes them and
tracks the acknowledgements. Reached through ``hub.operations``.
"""

from __future__ import annotations

import datetime as dt
import secrets
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

from sqlalchemy import select

from radio_sched.errors import UserError
from radio_sched.hub.db import CommuneRow, SentMessageRow
from radio_sched.hub.outbox import Outgoing, queue
from radio_sched.hub.packs import HubPack, read_pack
from radio_sched.hub.settings import HubSettings
from radio_sched.link import protocol
from radio_sched.link.signing import district_signer
from radio_sched.script.templates import commune_display_name
from radio_sched.store.db import Store

ALL = protocol.ALL
EMERGENCY_LIFETIME = dt.timedelta(hours=6)
"""An emergency not delivered within this is stale: a commune back days later must not air a
flood warning that is long over."""


def _targets(store: Store, targets: Sequence[str]) -> list[CommuneRow]:
    with store.session() as session:
        communes = {
            row.station_id: row
            for row in session.scalars(select(CommuneRow).where(CommuneRow.active.is_(True)))
        }
    if not communes:
        raise UserError("Chưa có xã nào: hãy đăng ký bằng radio-sched hub commune add.")
    if not targets or ALL in targets:
        return sorted(communes.values(), key=lambda row: row.station_id)
    unknown = sorted(set(targets) - communes.keys())
    if unknown:
        raise UserError(
            f"Không có xã {', '.join(unknown)} trong danh sách của trung tâm. Các xã đã đăng "
            f"ký: {', '.join(sorted(communes))}."
        )
    return [communes[station] for station in dict.fromkeys(targets)]


def send_packs(
    store: Store,
    settings: HubSettings,
    paths: Sequence[Path],
    targets: Sequence[str],
    now: dt.datetime,
    note: Callable[[str], None] | None = None,
) -> list[SentMessageRow]:
    """Each pack to the commune it was made for (by the commune's name in its manifest), among
    ``targets``. Named communes must all have their pack, or nothing is queued; with "all", the
    communes without a pack and the packs for no registered commune are told to ``note``."""
    signer = district_signer()
    packs = [read_pack(path, signer.fingerprint) for path in paths]
    communes = _targets(store, targets)
    by_name: dict[str, HubPack] = {}
    for pack in packs:
        by_name.setdefault(commune_display_name(pack.commune).casefold(), pack)
    chosen: list[tuple[CommuneRow, HubPack]] = []
    missing: list[str] = []
    for commune in communes:
        found = by_name.get(commune_display_name(commune.name).casefold())
        if found is None and len(packs) == 1 and len(communes) == 1:
            raise UserError(
                f"{packs[0].path}: gói làm cho {packs[0].commune}, không phải {commune.name} "
                f"({commune.station_id}); xã sẽ từ chối. Hãy gửi đúng gói của xã."
            )
        if found is None:
            missing.append(f"{commune.station_id} ({commune.name})")
        else:
            chosen.append((commune, found))
    explicit = bool(targets) and ALL not in targets
    if missing and explicit:
        raise UserError(f"Không có gói cho: {', '.join(missing)}. Chưa gửi gì.")
    if not chosen:
        raise UserError("Không gói nào khớp tên một xã đã đăng ký. Chưa gửi gì.")
    used = {id(pack) for _commune, pack in chosen}
    unmatched = [str(pack.path) for pack in packs if id(pack) not in used]
    if note is not None and missing:
        note(f"Chưa có gói cho {len(missing)} xã: {', '.join(missing)}.")
    if note is not None and unmatched:
        note(f"Không gửi (không khớp xã nào đã đăng ký): {', '.join(unmatched)}.")
    outgoing = [
        Outgoing(
            kind="pack",
            recipient=commune.station_id,
            body=protocol.PackBody.of(pack.path.name, pack.data).to_dict(),
            subject=pack.path.name,
            program_title=pack.program_title,
            pack_id=pack.pack_id,
            planned=len(pack.placements),
            schedule_json=pack.schedule_json,
        )
        for commune, pack in chosen
    ]
    with store.session() as session:
        return queue(session, settings.hub_id, signer, outgoing, now)


def send_notice(
    store: Store,
    settings: HubSettings,
    title: str,
    text: str,
    targets: Sequence[str],
    now: dt.datetime,
) -> list[SentMessageRow]:
    title, text = _clean(title), _clean(text, keep_lines=True)
    if not text:
        raise UserError("Thông báo không có nội dung.")
    body = protocol.NoticeBody(title or "Thông báo", text).to_dict()
    outgoing = [
        Outgoing(kind="notice", recipient=c.station_id, body=body, subject=title or text[:80])
        for c in _targets(store, targets)
    ]
    with store.session() as session:
        return queue(session, settings.hub_id, district_signer(), outgoing, now)


def send_emergency(
    store: Store,
    settings: HubSettings,
    text: str,
    targets: Sequence[str],
    now: dt.datetime,
    *,
    title: str = "",
    repeat: int = 1,
    lifetime: dt.timedelta = EMERGENCY_LIFETIME,
) -> list[SentMessageRow]:
    text = _clean(text, keep_lines=True)
    if not text:
        raise UserError('Tin khẩn cấp không có nội dung: radio-sched hub emergency "…" --to all')
    if not 1 <= repeat <= 100:
        raise UserError("Số lần phát (--repeat) phải từ 1 đến 100.")
    title = _clean(title)
    emergency_id = f"{now:%Y%m%d%H%M}-{secrets.token_hex(4)}"
    body = protocol.EmergencyBody(emergency_id, title or "Tin khẩn cấp", text, repeat).to_dict()
    outgoing = [
        Outgoing(
            kind="emergency",
            recipient=c.station_id,
            body=body,
            subject=title or text[:80],
            expires_at=now + lifetime,
            emergency_id=emergency_id,
        )
        for c in _targets(store, targets)
    ]
    with store.session() as session:
        return queue(session, settings.hub_id, district_signer(), outgoing, now)


def _clean(text: str, *, keep_lines: bool = False) -> str:
    text = unicodedata.normalize("NFC", text).strip()
    if keep_lines:
        return "\n".join(" ".join(line.split()) for line in text.splitlines()).strip()
    return " ".join(text.split())
