"""Station settings, kept in ``station.toml`` in the station home.

Each field's docstring is the user's documentation: ``render_settings`` writes it into the file as
comments, so the TOML explains itself.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from radio_sched import locations
from radio_sched.atomic import write_text_atomic
from radio_sched.errors import UserError
from radio_sched.models import Dialect

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class SettingsError(UserError, ValueError):
    """The settings file cannot be used; the message names the file and the field."""


@dataclass(frozen=True)
class Slot:
    name: str
    """Tên khung giờ, ví dụ "Sáng" hoặc "Chiều"."""
    start: dt.time
    """Giờ bắt đầu phát (giờ của đài), dạng "06:00"."""
    end: dt.time
    """Giờ kết thúc, dạng "06:30"."""
    days: tuple[str, ...] = WEEKDAYS
    """Các ngày trong tuần có khung giờ này: mon tue wed thu fri sat sun."""

    @property
    def minutes(self) -> float:
        start = dt.datetime.combine(dt.date.min, self.start)
        end = dt.datetime.combine(dt.date.min, self.end)
        return (end - start).total_seconds() / 60


def default_slots() -> tuple[Slot, ...]:
    return (
        Slot("Sáng", dt.time(6, 0), dt.time(6, 30)),
        Slot("Chiều", dt.time(17, 0), dt.time(17, 30)),
    )


@dataclass(frozen=True)
class StationSettings:
    name: str = "Xã Tân Thành"
    """Tên xã/phường/thị trấn, đọc ở lời mở đầu và kết thúc: "Xã Tân Thành"."""
    district: str = ""
    """Huyện/thị xã/thành phố trực thuộc (để trống nếu không cần)."""
    province: str = ""
    """Tỉnh/thành phố."""
    timezone: str = "Asia/Ho_Chi_Minh"
    """Múi giờ của đài. Mặc định giờ Việt Nam, không phụ thuộc đồng hồ của máy."""
    dialect: Dialect = Dialect.NORTH
    """Cách đọc số: "north" (nghìn, linh) hoặc "south" (ngàn, lẻ)."""
    engine: str = "auto"
    """Giọng đọc: "auto" (gTTS khi có mạng, giọng ngoại tuyến khi không), "gtts" hoặc "offline"."""
    loudness_lufs: float = -16.0
    """Độ lớn chuẩn của chương trình (LUFS tích hợp)."""
    player: str = "miniaudio"
    """Cách phát: "miniaudio" (mặc định), "command" (lệnh ngoài), "file" (ghi ra tệp, để thử)."""
    player_command: tuple[str, ...] = ()
    """Lệnh phát ngoài, dạng danh sách: ["mpv", "--no-video"]; tệp âm thanh được thêm vào cuối."""
    database_url: str = ""
    """Địa chỉ cơ sở dữ liệu SQLAlchemy; để trống để dùng SQLite trong thư mục của đài."""
    slots: tuple[Slot, ...] = field(default_factory=default_slots)
    """Các khung giờ phát trong tuần."""

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def now(self) -> dt.datetime:
        """Now in the station's zone, whatever the host's TZ says."""
        return dt.datetime.now(self.zone)

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or locations.default_database_url()


def load_settings(path: Path | None = None) -> StationSettings:
    """Settings from ``path`` (default: the station home's file); defaults when it is absent."""
    path = path or locations.settings_file()
    if not path.exists():
        return StationSettings()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise SettingsError(
            f"{path}: tệp cài đặt không hợp lệ ({error}). Hãy sửa hoặc xoá tệp."
        ) from error
    return settings_from_dict(raw.get("station", raw), source=path)


def settings_from_dict(raw: dict[str, Any], source: Path | str = "station.toml") -> StationSettings:
    known = {f.name for f in fields(StationSettings)}
    unknown = set(raw) - known
    if unknown:
        raise SettingsError(f"{source}: không biết trường {', '.join(sorted(unknown))}.")
    values: dict[str, Any] = {k: v for k, v in raw.items() if k != "slots"}
    try:
        if "dialect" in values:
            values["dialect"] = Dialect(values["dialect"])
        if "player_command" in values:
            values["player_command"] = tuple(str(part) for part in values["player_command"])
        if "loudness_lufs" in values:
            values["loudness_lufs"] = float(values["loudness_lufs"])
        settings = StationSettings(**values)
        if "slots" in raw:
            settings = replace(settings, slots=tuple(_slot_from_dict(s) for s in raw["slots"]))
        settings.zone  # noqa: B018 - validates the zone name now rather than at air time
    except ZoneInfoNotFoundError as error:
        raise SettingsError(f"{source}: múi giờ không tồn tại: {raw.get('timezone')!r}.") from error
    except (ValueError, TypeError, KeyError) as error:
        raise SettingsError(f"{source}: giá trị không hợp lệ ({error}).") from error
    return settings


def _slot_from_dict(raw: dict[str, Any]) -> Slot:
    days = tuple(str(day).lower()[:3] for day in raw.get("days", WEEKDAYS))
    bad = [day for day in days if day not in WEEKDAYS]
    if bad:
        raise ValueError(f"ngày không hợp lệ trong khung giờ {raw.get('name')!r}: {bad}")
    slot = Slot(
        name=str(raw["name"]),
        start=dt.time.fromisoformat(str(raw["start"])),
        end=dt.time.fromisoformat(str(raw["end"])),
        days=days,
    )
    if slot.minutes <= 0:
        raise ValueError(f"khung giờ {slot.name!r} kết thúc trước khi bắt đầu")
    return slot


def render_settings(settings: StationSettings) -> str:
    """The settings as TOML, each field preceded by its documentation."""
    docs = _field_docs()
    lines = ["# Cài đặt đài truyền thanh — radio-sched", "[station]"]
    for f in fields(StationSettings):
        if f.name == "slots":
            continue
        lines.append(f"# {docs.get(f.name, '')}")
        lines.append(f"{f.name} = {_toml_value(getattr(settings, f.name))}")
    lines.append("")
    lines.append(f"# {docs.get('slots', '')}")
    slot_docs = _field_docs(Slot)
    lines.append("# " + " · ".join(f"{k}: {v}" for k, v in slot_docs.items()))
    for slot in settings.slots:
        lines.append("[[station.slots]]")
        lines.append(f"name = {_toml_value(slot.name)}")
        lines.append(f'start = "{slot.start.strftime("%H:%M")}"')
        lines.append(f'end = "{slot.end.strftime("%H:%M")}"')
        lines.append(f"days = {_toml_value(slot.days)}")
    return "\n".join(lines) + "\n"


def save_settings(settings: StationSettings, path: Path | None = None) -> Path:
    path = path or locations.settings_file()
    write_text_atomic(path, render_settings(settings))
    return path


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def _field_docs(cls: type = StationSettings) -> dict[str, str]:
    """Attribute docstrings, read from the source so they live next to the fields."""
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(cls))
    body = tree.body[0].body  # type: ignore[attr-defined]
    docs: dict[str, str] = {}
    for node, following in zip(body, body[1:], strict=False):
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            docs[node.target.id] = following.value.value
    return docs
