"""The hub's settings, ``hub.toml`` in the office's home (``$RADIO_SCHED_HOME``), written by
``radio-sched hub init``. Each field's documentation is written into the file above it.

The file holds the hub's broker password, so it is readable by its owner only.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from radio_sched import locations
from radio_sched.atomic import write_text_atomic
from radio_sched.config import field_doc
from radio_sched.errors import UserError
from radio_sched.link.protocol import is_valid_id
from radio_sched.schedule.model import documented as _doc

HUB_FILE_NAME = "hub.toml"
PRIVATE_FILE_MODE = 0o600
MQTT_PORT = 1883
MQTTS_PORT = 8883


@dataclass(frozen=True)
class HubSettings:
    hub_id: str = field(
        metadata=_doc(
            'Mã của trung tâm trên kênh MQTT, chữ thường không dấu và gạch nối: "tinh-dong-nai".'
        )
    )
    name: str = field(
        default="",
        metadata=_doc(
            'Tên cơ quan, in ở đầu báo cáo: "Sở Văn hoá, Thể thao và Du lịch tỉnh Đồng Nai".'
        ),
    )
    database_url: str = field(
        default="",
        metadata=_doc(
            "Cơ sở dữ liệu SQLAlchemy của trung tâm, thường là PostgreSQL: "
            '"postgresql+psycopg://radio@localhost/radio_hub". Để trống: SQLite trong thư mục '
            "này (chỉ để thử)."
        ),
    )
    broker_host: str = field(default="localhost", metadata=_doc("Máy chủ MQTT (Mosquitto)."))
    broker_port: int = field(default=MQTT_PORT, metadata=_doc("Cổng MQTT (1883, TLS: 8883)."))
    broker_tls: bool = field(default=False, metadata=_doc("Kết nối MQTT qua TLS."))
    broker_ca_file: str = field(
        default="",
        metadata=_doc("Tệp chứng chỉ CA để kiểm tra máy chủ MQTT (để trống: CA của hệ thống)."),
    )
    broker_password: str = field(
        default="",
        metadata=_doc("Mật khẩu MQTT của trung tâm (tên đăng nhập là mã trung tâm). Giữ kín."),
    )
    broker_config_dir: str = field(
        default="",
        metadata=_doc(
            "Thư mục cấu hình Mosquitto do radio-sched hub broker-config ghi; mỗi lần thêm xã, "
            "tệp acl và passwd ở đây được ghi lại."
        ),
    )
    timezone: str = field(
        default="Asia/Ho_Chi_Minh", metadata=_doc("Múi giờ của báo cáo và bảng trạng thái.")
    )

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{locations.station_home() / 'hub.sqlite3'}"

    @property
    def broker_user(self) -> str:
        return self.hub_id

    @property
    def broker_url(self) -> str:
        """The broker as the office writes it (``hub init --broker``)."""
        scheme = "mqtts" if self.broker_tls else "mqtt"
        return f"{scheme}://{self.broker_host}:{self.broker_port}"


def hub_file() -> Path:
    return locations.station_home() / HUB_FILE_NAME


def parse_broker_address(text: str) -> tuple[str, int, bool]:
    """ "mqtts://may-chu:8883", "mqtt://localhost", "localhost:1883" → host, port, TLS."""
    raw = text.strip()
    if "://" not in raw:
        raw = f"mqtt://{raw}"
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError as error:
        raise UserError(f"Địa chỉ máy chủ MQTT không hợp lệ: {text!r} ({error}).") from error
    if parts.scheme not in ("mqtt", "mqtts") or not parts.hostname or parts.path not in ("", "/"):
        raise UserError(
            f"Địa chỉ máy chủ MQTT không hợp lệ: {text!r}. Hãy viết mqtts://ten-may:8883 "
            "hoặc mqtt://localhost:1883."
        )
    tls = parts.scheme == "mqtts"
    return parts.hostname, port or (MQTTS_PORT if tls else MQTT_PORT), tls


def check_id(value: str, what: str) -> str:
    if not is_valid_id(value):
        raise UserError(
            f"{what} {value!r} không hợp lệ: chỉ dùng chữ thường không dấu, số và dấu gạch nối "
            '(tối đa 64 ký tự, không dùng "all"), ví dụ "xa-tan-thanh".'
        )
    return value


def load_hub_settings(path: Path | None = None) -> HubSettings:
    path = path or hub_file()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(
            f"Chưa khởi tạo trung tâm (không có {path}). Hãy chạy: radio-sched hub init "
            '--id tinh-dong-nai --name "Tên cơ quan" --database-url postgresql+psycopg://… '
            "--broker mqtt://localhost:1883"
        ) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise UserError(f"{path}: tệp cài đặt trung tâm không hợp lệ ({error}).") from error
    return _from_dict(raw.get("hub", {}), path)


def _from_dict(raw: dict[str, Any], source: Path) -> HubSettings:
    known = {f.name for f in fields(HubSettings)}
    unknown = set(raw) - known
    if unknown:
        raise UserError(f"{source}: không biết trường {', '.join(sorted(unknown))}.")
    if "hub_id" not in raw:
        raise UserError(f"{source}: thiếu trường hub_id (mã trung tâm).")
    try:
        settings = HubSettings(**raw)
        settings.zone  # noqa: B018 - validates the zone name now
    except (TypeError, ZoneInfoNotFoundError, ValueError) as error:
        raise UserError(f"{source}: giá trị không hợp lệ ({error}).") from error
    check_id(settings.hub_id, f"{source}: mã trung tâm")
    for f in fields(HubSettings):
        expected, said = _TYPES[str(f.type)]
        if not isinstance(getattr(settings, f.name), expected):
            raise UserError(f"{source}: trường {f.name} phải là {said}.")
    return settings


_TYPES: dict[str, tuple[type, str]] = {
    "str": (str, "chữ"),
    "int": (int, "số nguyên"),
    "bool": (bool, "true hoặc false"),
}


def save_hub_settings(settings: HubSettings, path: Path | None = None) -> Path:
    import tomlkit

    path = path or hub_file()
    normalized: dict[str, Any] = {
        f.name: unicodedata.normalize("NFC", value) if isinstance(value, str) else value
        for f in fields(HubSettings)
        for value in [getattr(settings, f.name)]
    }
    settings = HubSettings(**normalized)
    for f in fields(HubSettings):
        value = getattr(settings, f.name)
        if isinstance(value, str) and re.search(r"[\x00-\x1f\x7f]", value):
            raise UserError(f"{path}: trường {f.name} phải viết trên một dòng.")
    table = tomlkit.table()
    for f in fields(HubSettings):
        for line in field_doc(f).splitlines():
            table.add(tomlkit.comment(line))
        table.add(f.name, getattr(settings, f.name))
    document = tomlkit.document()
    document.add(tomlkit.comment("Cài đặt trung tâm (huyện/tỉnh) — radio-sched hub"))
    document.add("hub", table)
    text = tomlkit.dumps(document)
    if _from_dict(tomllib.loads(text)["hub"], path) != settings:
        raise UserError(f"{path}: cài đặt ghi ra không đọc lại được như cũ; tệp cũ giữ nguyên.")
    write_text_atomic(path, text, file_mode=PRIVATE_FILE_MODE)
    return path
