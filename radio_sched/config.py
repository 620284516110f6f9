"""Station settings, kept in ``station.toml`` in the station home.

Each field's ``doc`` (in the field's metadata, so it is there at run time even when the sources
are not installed) is the user's documentation: ``render_settings`` writes it into the file as
comments, so the TOML explains itself. The file is written with tomlkit, which escapes every
value, and read back before it replaces the old one.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
import unicodedata
from dataclasses import Field, dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from radio_sched import locations
from radio_sched.atomic import write_text_atomic
from radio_sched.errors import UserError
from radio_sched.models import Dialect
from radio_sched.schedule.model import WEEKDAYS, Slot, default_slots
from radio_sched.schedule.model import documented as _doc


class SettingsError(UserError, ValueError):
    """The settings file cannot be used; the message names the file and the field."""


@dataclass(frozen=True)
class StationSettings:
    name: str = field(
        default="Xã Tân Thành",
        metadata=_doc('Tên xã/phường/thị trấn, đọc ở lời mở đầu và kết thúc: "Xã Tân Thành".'),
    )
    district: str = field(
        default="",
        metadata=_doc("Huyện/thị xã/thành phố trực thuộc (để trống nếu không cần)."),
    )
    province: str = field(default="", metadata=_doc("Tỉnh/thành phố."))
    timezone: str = field(
        default="Asia/Ho_Chi_Minh",
        metadata=_doc("Múi giờ của đài. Mặc định giờ Việt Nam, không phụ thuộc đồng hồ của máy."),
    )
    dialect: Dialect = field(
        default=Dialect.NORTH,
        metadata=_doc('Cách đọc số: "north" (nghìn, linh) hoặc "south" (ngàn, lẻ).'),
    )
    engine: str = field(
        default="auto",
        metadata=_doc(
            'Giọng đọc: "auto" (gTTS khi có mạng; không có mạng thì giọng Piper nếu đã chọn '
            'tệp giọng, rồi giọng ngoại tuyến espeak-ng), "gtts", "piper" hoặc "offline".'
        ),
    )
    piper_model: str = field(
        default="",
        metadata=_doc(
            'Tệp giọng Piper (.onnx) cho giọng "piper": đường dẫn đầy đủ, hoặc tên tệp trong '
            "thư mục voices của đài. Để trống nếu không dùng."
        ),
    )
    piper_config: str = field(
        default="",
        metadata=_doc(
            "Tệp cấu hình đi kèm giọng Piper (.onnx.json); để trống thì dùng tên tệp giọng "
            'thêm ".json".'
        ),
    )
    loudness_lufs: float = field(
        default=-16.0, metadata=_doc("Độ lớn chuẩn của chương trình (LUFS tích hợp).")
    )
    player: str = field(
        default="miniaudio",
        metadata=_doc(
            'Cách phát: "miniaudio" (mặc định), "command" (lệnh ngoài), '
            '"file" (ghi ra tệp, để thử).'
        ),
    )
    player_command: tuple[str, ...] = field(
        default=(),
        metadata=_doc(
            'Lệnh phát ngoài, dạng danh sách: ["mpv", "--no-video"]; '
            "tệp âm thanh được thêm vào cuối."
        ),
    )
    capture_device: str = field(
        default="",
        metadata=_doc(
            "Micro để thu âm giọng người đọc (tên thiết bị, chọn ở Cài đặt); "
            "để trống để dùng micro mặc định của máy."
        ),
    )
    database_url: str = field(
        default="",
        metadata=_doc(
            "Địa chỉ cơ sở dữ liệu SQLAlchemy; để trống để dùng SQLite trong thư mục của đài."
        ),
    )
    slots: tuple[Slot, ...] = field(
        default_factory=default_slots, metadata=_doc("Các khung giờ phát trong tuần.")
    )

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def now(self) -> dt.datetime:
        """Now in the station's zone, whatever the host's TZ says."""
        return dt.datetime.now(self.zone)

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or locations.default_database_url()


def station_is_named(path: Path | None = None) -> bool:
    """The operator has set the station up (its settings file exists): until then nothing is
    planned or aired, so no broadcast goes out under the default name."""
    return (path or locations.settings_file()).exists()


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
        check_text_fields(settings, source)
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
    import tomlkit

    station = tomlkit.table()
    for f in fields(StationSettings):
        if f.name == "slots":
            continue
        _add_comment(station, field_doc(f))
        station.add(f.name, _toml_value(getattr(settings, f.name)))
    station.add(tomlkit.nl())
    _add_comment(station, field_doc(_field(StationSettings, "slots")))
    _add_comment(station, " · ".join(f"{f.name}: {field_doc(f)}" for f in fields(Slot)))
    slots = tomlkit.aot()
    for slot in settings.slots:
        table = tomlkit.table()
        table.add("name", slot.name)
        table.add("start", _clock(slot.start))
        table.add("end", _clock(slot.end))
        table.add("days", list(slot.days))
        slots.append(table)
    station.add("slots", slots)
    document = tomlkit.document()
    document.add(tomlkit.comment("Cài đặt đài truyền thanh — radio-sched"))
    document.add("station", station)
    return tomlkit.dumps(document)


def save_settings(settings: StationSettings, path: Path | None = None) -> Path:
    """Write the settings; refused, with nothing written, unless the file reads back the same."""
    path = path or locations.settings_file()
    check_text_fields(settings, source=path)
    text = render_settings(settings) + _other_sections(path)
    try:
        again = settings_from_dict(tomllib.loads(text)["station"], source=path)
    except (tomllib.TOMLDecodeError, SettingsError) as error:
        raise SettingsError(f"{path}: không ghi được cài đặt ({error}).") from error
    if again != settings:
        raise SettingsError(
            f"{path}: cài đặt ghi ra không đọc lại được như cũ; tệp cũ được giữ nguyên."
        )
    write_text_atomic(path, text)
    return path


def _other_sections(path: Path) -> str:
    """Tables other than [station] (the link to the hub's [link]) are kept as they were written:
    changing a slot must not disconnect the station."""
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    try:
        existing = tomlkit.parse(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, TOMLKitError):
        return ""
    if "station" not in existing:
        return ""  # a flat file: every field in it is the station's
    others = tomlkit.document()
    for name, value in existing.items():
        if name != "station":
            others.add(name, value)
    return "\n" + tomlkit.dumps(others) if others else ""


def check_text_fields(settings: StationSettings, source: Path | str = "station.toml") -> None:
    """Names are read aloud and shown on one line: no line breaks or control characters."""
    texts = [(f.name, getattr(settings, f.name)) for f in fields(StationSettings)]
    texts += [("slots.name", slot.name) for slot in settings.slots]
    for name, value in texts:
        if isinstance(value, str) and any(unicodedata.category(c) == "Cc" for c in value):
            raise SettingsError(
                f"{source}: trường {name} phải viết trên một dòng, không có dấu xuống dòng hay "
                "ký tự điều khiển. Hãy nhập lại."
            )


def field_doc(f: Field[Any]) -> str:
    """A field's documentation for the user, from its metadata."""
    return str(f.metadata.get("doc", ""))


def _field(cls: type, name: str) -> Field[Any]:
    return next(f for f in fields(cls) if f.name == name)


def _add_comment(table: Any, text: str) -> None:
    import tomlkit

    for line in text.splitlines():
        table.add(tomlkit.comment(line))


def _clock(time: dt.time) -> str:
    # Minutes as people write them; seconds only when a slot has them, so the file reads back.
    return time.isoformat(timespec="seconds" if time.second else "minutes")


def _toml_value(value: object) -> object:
    if isinstance(value, Dialect):
        return value.value
    if isinstance(value, tuple):
        return [_toml_value(item) for item in value]
    return value


_TIME = r"(\d{1,2})\s*(?:(?:[:hHgG.]|giờ)\s*(\d{1,2})?\s*(?:p|ph|phút)?)?"
_SLOT_SPAN = re.compile(
    rf"^\s*(?P<name>.*?)\s*(?<![\d:])(?:{_TIME})\s*(?:-|–|—|đến)\s*(?:{_TIME})\s*$"
)


def parse_clock(hours: str, minutes: str | None, written: str) -> dt.time:
    hour, minute = int(hours), int(minutes or 0)
    if hour > 23 or minute > 59:
        raise SettingsError(f"giờ không hợp lệ trong {written!r}: {hour}:{minute:02d}")
    return dt.time(hour, minute)


def parse_slots(text: str) -> tuple[Slot, ...]:
    """Slots as an operator types them: "Sáng 06:00-06:30, Chiều 17h-17h30" (also "6h-6h30",
    "6g30 - 7g", "17:00 đến 17:30"). A slot typed without a name is named by its time of day."""
    slots: list[Slot] = []
    for part in re.split(r"[,;\n]", text):
        if not part.strip():
            continue
        match = _SLOT_SPAN.match(part)
        if match is None:
            raise SettingsError(
                f"không hiểu khung giờ {part.strip()!r}; hãy viết như Sáng 06:00-06:30 hoặc 6h-6h30"
            )
        start_h, start_m, end_h, end_m = match.group(2, 3, 4, 5)
        start = parse_clock(start_h, start_m, part.strip())
        end = parse_clock(end_h, end_m, part.strip())
        name = match.group("name").strip() or _part_of_day(start)
        if end <= start:
            raise SettingsError(f"khung giờ {name!r} kết thúc trước khi bắt đầu")
        slots.append(Slot(name, start, end))
    names = [slot.name.casefold() for slot in slots]
    if len(set(names)) != len(names):
        raise SettingsError("hai khung giờ trùng tên; hãy đặt tên khác nhau, ví dụ Sáng và Chiều")
    return tuple(slots)


def _part_of_day(start: dt.time) -> str:
    if start.hour < 11:
        return "Sáng"
    if start.hour < 13:
        return "Trưa"
    if start.hour < 18:
        return "Chiều"
    return "Tối"
