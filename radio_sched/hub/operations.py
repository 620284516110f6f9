"""Every change of the hub's state, and what the office reads from it: the CLI's one door.

Setting the hub up and registering communes live here; sending (packs, notices, emergencies)
lives in ``sending`` and is re-exported.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from radio_sched import keys
from radio_sched.errors import UserError
from radio_sched.hub import broker_config, dashboard, ttn
from radio_sched.hub.broker_config import TlsFiles
from radio_sched.hub.db import CommuneRow, RefusalRow, open_hub_store
from radio_sched.hub.report import HubReport, build_hub_report
from radio_sched.hub.report import write_hub_report as write_hub_report_file
from radio_sched.hub.sending import (
    ALL,
    EMERGENCY_LIFETIME,
    send_emergency,
    send_notice,
    send_packs,
)
from radio_sched.hub.service import HubService
from radio_sched.hub.settings import (
    HubSettings,
    check_id,
    hub_file,
    load_hub_settings,
    parse_broker_address,
    save_hub_settings,
)
from radio_sched.link.signing import district_signer
from radio_sched.store.db import Store

__all__ = [
    "ALL",
    "EMERGENCY_LIFETIME",
    "CommuneAdded",
    "HubSettings",
    "TlsFiles",
    "add_commune",
    "commune_states",
    "export_ttn",
    "hub_service",
    "hub_store",
    "init_hub",
    "load_hub_settings",
    "open_store",
    "recent_refusals",
    "refusals_since",
    "send_emergency",
    "send_notice",
    "send_packs",
    "state_as_json",
    "write_broker_config",
    "write_hub_report",
]


def init_hub(
    hub_id: str,
    *,
    name: str,
    database_url: str,
    broker: str,
    ca_file: str = "",
    force: bool = False,
) -> HubSettings:
    """Write hub.toml (with a new broker password for the hub) and create its database."""
    path = hub_file()
    if path.exists() and not force:
        raise UserError(
            f"{path}: trung tâm đã được khởi tạo. Muốn khởi tạo lại (mật khẩu MQTT mới), chạy "
            "lại với --force."
        )
    host, port, tls = parse_broker_address(broker)
    settings = HubSettings(
        hub_id=check_id(hub_id, "Mã trung tâm"),
        name=" ".join(name.split()),
        database_url=database_url,
        broker_host=host,
        broker_port=port,
        broker_tls=tls,
        broker_ca_file=ca_file,
        broker_password=broker_config.new_password(),
    )
    open_hub_store(settings.resolved_database_url).dispose()
    save_hub_settings(settings, path)
    return settings


def open_store(settings: HubSettings) -> Store:
    """The hub's database; the caller disposes of it (``hub_store`` does for a block)."""
    return open_hub_store(settings.resolved_database_url)


@contextlib.contextmanager
def hub_store(settings: HubSettings) -> Iterator[Store]:
    store = open_store(settings)
    try:
        yield store
    finally:
        store.dispose()


@dataclass(frozen=True)
class CommuneAdded:
    station_id: str
    name: str
    fingerprint: str
    password: str  # shown once to the office, to give to the commune
    broker_files: tuple[Path, ...]  # rewritten acl and passwd, when the broker folder is known


def add_commune(
    store: Store, settings: HubSettings, station_id: str, name: str, key_path: Path
) -> CommuneAdded:
    check_id(station_id, "Mã xã")
    if station_id == settings.hub_id:
        raise UserError(f"Mã xã {station_id!r} trùng mã trung tâm; hãy chọn mã khác.")
    name = unicodedata.normalize("NFC", " ".join(name.split()))
    if not name:
        raise UserError('Hãy cho tên xã như trong gói của xã: --name "Xã Tân Thành".')
    key = keys.read_public_key_file(key_path)
    password = broker_config.new_password()
    with store.session() as session:
        if session.get(CommuneRow, station_id) is not None:
            raise UserError(
                f"Xã {station_id} đã được đăng ký. Mỗi xã một mã; muốn đổi khoá hay mật khẩu, "
                "hãy báo người quản trị kỹ thuật."
            )
        session.add(
            CommuneRow(
                station_id=station_id,
                name=name,
                public_key=key.line(),
                key_fingerprint=key.fingerprint,
                broker_user=station_id,
                password_hash=broker_config.password_hash(password),
            )
        )
    written: tuple[Path, ...] = ()
    if settings.broker_config_dir:
        written = _write_acl_and_passwd(store, settings, Path(settings.broker_config_dir))
    return CommuneAdded(station_id, name, key.fingerprint, password, written)


def write_broker_config(
    store: Store,
    settings: HubSettings,
    folder: Path,
    *,
    local_port: int = 1883,
    tls: TlsFiles | None = None,
    extra_lines: Sequence[str] = (),
) -> list[Path]:
    """mosquitto.conf, acl and passwd in ``folder``; the folder is remembered in hub.toml, so
    adding a commune rewrites acl and passwd there."""
    folder = folder.resolve()
    folder.mkdir(parents=True, exist_ok=True)
    broker_config.prepare_data_dir(folder)
    written = list(_write_acl_and_passwd(store, settings, folder))
    conf = folder / broker_config.CONF_NAME
    text = broker_config.mosquitto_conf(
        folder, local_port=local_port, tls=tls, extra_lines=extra_lines
    )
    from radio_sched.atomic import write_text_atomic

    write_text_atomic(conf, text)
    if settings.broker_config_dir != str(folder):
        save_hub_settings(replace(settings, broker_config_dir=str(folder)))
    return [conf, *written]


def _write_acl_and_passwd(store: Store, settings: HubSettings, folder: Path) -> tuple[Path, ...]:
    with store.session() as session:
        communes = session.execute(
            select(CommuneRow.broker_user, CommuneRow.password_hash).where(
                CommuneRow.active.is_(True)
            )
        ).all()
    users = [(settings.broker_user, broker_config.password_hash(settings.broker_password))]
    users += [(row.broker_user, row.password_hash) for row in communes]
    broker_config.write_acl_and_passwd(folder, settings.hub_id, users)
    return folder / broker_config.ACL_NAME, folder / broker_config.USERS_NAME


def commune_states(store: Store, now: dt.datetime) -> list[dashboard.CommuneState]:
    with store.session() as session:
        return dashboard.commune_states(session, now)


def state_as_json(state: dashboard.CommuneState) -> dict[str, object]:
    return {
        "station_id": state.station_id,
        "name": state.name,
        "online": state.online,
        "state": state.state,
        "last_heartbeat": state.last_heartbeat.isoformat() if state.last_heartbeat else None,
        "now_playing": state.now_playing,
        "version": state.version,
        "packs_sent": state.packs_sent,
        "packs_delivered": state.packs_delivered,
        "packs_imported": state.packs_imported,
        "planned": state.planned,
        "aired": state.aired,
        "emergencies_sent": state.emergencies_sent,
        "emergencies_aired": state.emergencies_aired,
    }


def refusals_since(store: Store, since: dt.datetime) -> int:
    with store.session() as session:
        return int(
            session.scalar(
                select(func.count()).select_from(RefusalRow).where(RefusalRow.received_at >= since)
            )
            or 0
        )


def recent_refusals(store: Store, limit: int = 20) -> list[RefusalRow]:
    with store.session() as session:
        rows = session.scalars(
            select(RefusalRow).order_by(RefusalRow.id.desc()).limit(max(1, limit))
        ).all()
    return list(reversed(rows))


def hub_service(
    settings: HubSettings, store: Store, say: Callable[[str], None] | None = None
) -> HubService:
    return HubService(settings, store, district_signer(), say=say)


def write_hub_report(
    store: Store,
    settings: HubSettings,
    first: dt.date,
    last: dt.date,
    path: Path,
    fmt: str,
    *,
    today: dt.date,
) -> HubReport:
    with store.session() as session:
        report = build_hub_report(session, settings, first, last, today)
    write_hub_report_file(report, path, fmt)
    return report


def export_ttn(
    store: Store, settings: HubSettings, first: dt.date, last: dt.date, *, now: dt.datetime
) -> dict[str, Any]:
    with store.session() as session:
        return ttn.export_ttn(session, settings, first, last, now)
