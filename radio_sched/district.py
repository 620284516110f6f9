"""A district's list of communes (``district.toml``), for building one pack per commune.

Each commune is either described in the file (name, dialect, slots) or points to that station's
own ``station.toml``, so a district that already keeps its communes' settings need not copy them.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from radio_sched.atomic import write_text_atomic
from radio_sched.config import SettingsError, StationSettings, load_settings, settings_from_dict
from radio_sched.errors import UserError
from radio_sched.script.templates import commune_display_name

ENGINES = ("auto", "gtts", "offline")
_DISTRICT_FIELDS = {"name", "timezone", "dialect", "engine", "loudness_lufs", "slots"}
_COMMUNE_FIELDS = {"name", "dialect", "timezone", "slots", "settings"}


@dataclass(frozen=True)
class Commune:
    settings: StationSettings  # name, dialect, slots and zone used for this commune's pack
    source: str  # where the settings came from, for messages: "district.toml" or a station.toml

    @property
    def name(self) -> str:
        return self.settings.name


@dataclass(frozen=True)
class District:
    name: str  # who makes the packs: shown to every commune that receives one
    engine: str
    communes: tuple[Commune, ...]
    path: Path


TEMPLATE = """\
# Danh sách xã của huyện — radio-sched
# Dùng với: radio-sched pack build VĂN_BẢN --district {file_name} -o THƯ_MỤC_GÓI
# Mỗi xã nhận một gói riêng: lời mở đầu và kết thúc mang tên xã, phần nội dung dùng chung.

[district]
# Tên đơn vị làm gói; mỗi xã thấy tên này khi kiểm tra gói.
name = "Phòng Văn hóa và Thông tin huyện Tân Phú"
# Múi giờ chung của các xã (mỗi xã có thể ghi riêng).
timezone = "Asia/Ho_Chi_Minh"
# Cách đọc số mặc định: "north" (nghìn, linh) hoặc "south" (ngàn, lẻ).
dialect = "north"
# Giọng đọc: "auto" (gTTS khi có mạng, giọng ngoại tuyến khi không), "gtts" hoặc "offline".
engine = "auto"
# Độ lớn chuẩn của chương trình (LUFS tích hợp).
loudness_lufs = -16.0

# Khung giờ phát mặc định, cho các xã không ghi khung giờ riêng.
# name: tên khung giờ · start, end: giờ bắt đầu, kết thúc ("06:00")
# days: các ngày trong tuần, trong số mon tue wed thu fri sat sun
[[district.slots]]
name = "Sáng"
start = "06:00"
end = "06:30"
days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

[[district.slots]]
name = "Chiều"
start = "17:00"
end = "17:30"
days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

# Mỗi xã một mục [[communes]]. Các trường:
#   name     — tên xã, đọc ở lời mở đầu và kết thúc: "Xã Tân Thành", "Thị trấn Tân Phú".
#   dialect  — cách đọc số của xã (không bắt buộc; mặc định như ở trên).
#   timezone — múi giờ của xã (không bắt buộc).
#   slots    — khung giờ riêng của xã, dạng [[communes.slots]] (không bắt buộc).
#   settings — HOẶC đường dẫn tới tệp station.toml của đài xã (tương đối với tệp này);
#              khi đó tên, cách đọc số, múi giờ và khung giờ lấy từ tệp đó.

[[communes]]
name = "Xã Tân Thành"

[[communes]]
name = "Xã Tân Hòa"
dialect = "south"

[[communes]]
name = "Thị trấn Tân Phú"
[[communes.slots]]
name = "Sáng sớm"
start = "05:30"
end = "06:00"
[[communes.slots]]
name = "Tối"
start = "18:00"
end = "18:30"

# [[communes]]
# settings = "xa-phu-lam/station.toml"
"""


def write_district_template(path: Path, *, force: bool = False) -> Path:
    if path.exists() and not force:
        raise UserError(f"{path} đã có. Dùng --force để ghi đè, hoặc sửa trực tiếp tệp này.")
    write_text_atomic(path, TEMPLATE.format(file_name=path.name))
    return path


def load_district(path: Path) -> District:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UserError(
            f"{path}: không tìm thấy tệp danh sách xã. Tạo tệp mẫu bằng: radio-sched district init"
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(f"{path}: không đọc được tệp ({error}).") from error
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise UserError(f"{path}: tệp TOML không hợp lệ ({error}).") from error
    return district_from_dict(raw, path)


def district_from_dict(raw: dict[str, Any], path: Path) -> District:
    unknown = set(raw) - {"district", "communes"}
    if unknown:
        raise UserError(f"{path}: không biết mục {', '.join(sorted(unknown))}.")
    head = raw.get("district", {})
    if not isinstance(head, dict):
        raise UserError(f"{path}: [district] phải là một bảng.")
    unknown = set(head) - _DISTRICT_FIELDS
    if unknown:
        raise UserError(f"{path}: [district] không biết trường {', '.join(sorted(unknown))}.")
    name = " ".join(str(head.get("name", "")).split())
    if not name:
        raise UserError(f'{path}: hãy ghi tên đơn vị làm gói, ví dụ name = "Phòng VH-TT huyện …".')
    engine = str(head.get("engine", "auto"))
    if engine not in ENGINES:
        raise UserError(f"{path}: engine phải là một trong {', '.join(ENGINES)}.")
    defaults = {key: head[key] for key in ("timezone", "dialect", "loudness_lufs") if key in head}
    if "slots" in head:
        defaults["slots"] = head["slots"]

    entries = raw.get("communes", [])
    if not isinstance(entries, list) or not entries:
        raise UserError(f'{path}: chưa có xã nào. Thêm các mục [[communes]] với name = "Xã …".')
    communes = [_commune(entry, index, defaults, path) for index, entry in enumerate(entries, 1)]
    seen: dict[str, int] = {}
    for index, commune in enumerate(communes, 1):
        key = commune.name.casefold()
        if key in seen:
            raise UserError(f"{path}: xã {commune.name!r} có hai lần (mục {seen[key]} và {index}).")
        seen[key] = index
    return District(name=name, engine=engine, communes=tuple(communes), path=path)


def _commune(entry: Any, index: int, defaults: dict[str, Any], path: Path) -> Commune:
    where = f"{path} (xã thứ {index})"
    if not isinstance(entry, dict):
        raise UserError(f"{where}: mỗi mục [[communes]] phải là một bảng.")
    unknown = set(entry) - _COMMUNE_FIELDS
    if unknown:
        raise UserError(f"{where}: không biết trường {', '.join(sorted(unknown))}.")
    if "settings" in entry:
        if set(entry) != {"settings"}:
            raise UserError(
                f"{where}: khi đã ghi settings thì tên, cách đọc và khung giờ lấy từ tệp đó; "
                "hãy bỏ các trường khác."
            )
        station_file = (path.parent / str(entry["settings"])).resolve()
        if not station_file.is_file():
            raise UserError(f"{where}: không tìm thấy tệp cài đặt {station_file}.")
        settings = load_settings(station_file)
        return Commune(settings, str(station_file))
    name = " ".join(str(entry.get("name", "")).split())
    if not name:
        raise UserError(f'{where}: thiếu tên xã (name = "Xã …") hoặc settings = "…/station.toml".')
    values = {**defaults, **entry, "name": commune_display_name(name)}
    try:
        settings = settings_from_dict(values, source=where)
    except SettingsError as error:
        raise UserError(str(error)) from error
    return Commune(settings, str(path))
