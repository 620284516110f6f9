"""``hub export --format ttn``: as-run records, device status and schedules in the field names of
the provincial "hệ thống thông tin nguồn" (guidance 1273/BTTTT-TTCS, 2455/BTTTT-TTCS).

The official schema is not public: the names and types are those seen in one vendor's device code
that talks to a provincial system, documented in ``ttn.schema.json`` beside this module as the
shape observed. Every export is checked against that schema before it is written. What
radio-sched does not know (volume, coordinates, field of the news) is null, never invented.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from importlib import resources
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from radio_sched.hub.dashboard import commune_states
from radio_sched.hub.db import CommuneRow, HubAsRunRow, SentMessageRow
from radio_sched.hub.ingest import aware
from radio_sched.hub.settings import HubSettings

SCHEMA_NAME = "ttn.schema.json"
# MucDoUuTien as the provincial systems rank content (Thông tư 39/2020/TT-BTTTT): 1 khẩn cấp,
# 2 ưu tiên, 3 thông thường.
LEVELS = {"emergency": 1, "priority": 2, "normal": 3}
# TrangThaiHoatDong: 0 playing, 1 paused, 2 stopped (a commune offline reports nothing: stopped).
ACTIVITY = {"playing": 0, "paused": 1, "stopped": 2, "offline": 2}
PLAYED = "played"  # an as-run record is an airing that happened


@functools.cache
def schema() -> dict[str, Any]:
    text = resources.files("radio_sched.hub").joinpath(SCHEMA_NAME).read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def duration_text(seconds: float) -> str:
    """ThoiLuong: "hh:mm:ss"."""
    whole = max(0, round(seconds))
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def _epoch(moment: dt.datetime | None) -> int | None:
    return None if moment is None else int(aware(moment).timestamp())


def export_ttn(
    session: Session, settings: HubSettings, first: dt.date, last: dt.date, now: dt.datetime
) -> dict[str, Any]:
    zone = settings.zone
    start = dt.datetime.combine(first, dt.time(), tzinfo=zone)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    office = settings.name or settings.hub_id
    names = {
        station: name
        for station, name in session.execute(select(CommuneRow.station_id, CommuneRow.name))
    }
    packs = session.execute(
        select(
            SentMessageRow.id,
            SentMessageRow.recipient,
            SentMessageRow.program_title,
            SentMessageRow.pack_id,
            SentMessageRow.schedule_json,
        ).where(SentMessageRow.kind == "pack")
    ).all()
    pack_ids = {(p.recipient, p.program_title): p.pack_id for p in packs}
    records = []
    for row in session.scalars(
        select(HubAsRunRow)
        .where(HubAsRunRow.started_at >= start)
        .where(HubAsRunRow.started_at < end)
        .where(HubAsRunRow.outcome == PLAYED)
        .order_by(HubAsRunRow.started_at, HubAsRunRow.station_id)
    ):
        bulletin = (
            row.emergency_id
            or pack_ids.get((row.station_id, row.title))
            or f"{row.station_id}:{row.program}"
        )
        records.append(
            {
                "CumLoaID": row.station_id,
                "BanTinID": bulletin,
                "LoaiBanTin": row.kind,
                "MucDoUuTien": _level(row),
                "TieuDe": row.title,
                "LoaiLinhVuc": None,
                "NoiDungTomTat": None,
                "ThoiGianSanXuat": None,
                "ThoiLuong": duration_text(row.seconds_played),
                "TacGia": {"TenDayDu": office, "ButDanh": None, "Email": None},
                "NguonTin": office,
                "ThoiDiemBatDau": _epoch(row.started_at),
                "TiepAm": 0,
                "NguonTiepAm": None,
                "NoiDung": None,
                "AmLuong": None,
            }
        )
    devices = [
        {
            "CumLoaID": state.station_id,
            "TenThietBi": state.name,
            "AmLuong": None,
            "TrangThaiHoatDong": ACTIVITY.get(state.state or "", 2) if state.online else 2,
            "TrangThaiKetNoi": 1 if state.online else 0,
            "ViDo": None,
            "KinhDo": None,
            "PhienBanUngDung": state.version,
            "ThoiDiemBatDau": _epoch(state.last_heartbeat),
            "NoiDungPhat": state.now_playing if state.online else None,
        }
        for state in commune_states(session, now)
    ]
    schedules = []
    for pack in packs:
        days = _days(pack.schedule_json, start, end)
        if not days:
            continue
        schedules.append(
            {
                "LichPhatID": pack.id,
                "TenLichPhat": pack.program_title or "",
                "DanhSachBanTin": [{"BanTinID": pack.pack_id, "TieuDe": pack.program_title or ""}],
                "DanhSachDiaBan": [
                    {"CumLoaID": pack.recipient, "TenDiaBan": names.get(pack.recipient, "")}
                ],
                "DanhSachNgayPhat": [
                    {"ThoiDiemPhat": [{"ThoiGianBatDau": a, "ThoiGianKetThuc": b} for a, b in day]}
                    for day in days
                ],
            }
        )
    document = {"BanTin": records, "TrangThaiThietBi": devices, "LichPhat": schedules}
    validate(document)
    return document


def _days(
    schedule_json: str | None, start: dt.datetime, end: dt.datetime
) -> list[list[tuple[int, int]]]:
    """The pack's suggested airings within the period, grouped by day, as epoch seconds."""
    if not schedule_json:
        return []
    by_day: dict[str, list[tuple[int, int]]] = {}
    for placement in json.loads(schedule_json).get("placements", []):
        begin = dt.datetime.fromisoformat(placement["start"])
        finish = dt.datetime.fromisoformat(placement["end"])
        if start <= begin < end:
            by_day.setdefault(str(placement["day"]), []).append(
                (int(begin.timestamp()), int(finish.timestamp()))
            )
    return [sorted(times) for _day, times in sorted(by_day.items())]


def _level(row: HubAsRunRow) -> int:
    """The station sends its program's priority as the as-run row's kind."""
    return 1 if row.emergency_id else LEVELS.get(row.kind, LEVELS["normal"])


def validate(document: dict[str, Any]) -> None:
    """Raises ``jsonschema.ValidationError`` when the export leaves the observed shape (a bug)."""
    import jsonschema

    jsonschema.validate(document, schema(), cls=jsonschema.Draft202012Validator)
