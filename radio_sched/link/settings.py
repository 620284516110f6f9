"""The ``[link]`` section of station.toml: how this commune reaches its hub's MQTT broker.

No ``[link]`` section: the station is not linked and works exactly as before. The password is
not kept in station.toml (which anyone on the machine may read) but in a file of its own,
readable by its owner only (``password_file``). Each field's documentation is written into the
file as comments, as for the station's own settings.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from radio_sched import locations
from radio_sched.atomic import write_text_atomic
from radio_sched.config import SettingsError, field_doc
from radio_sched.keys import PRIVATE_KEY_MODE
from radio_sched.link.protocol import is_valid_id
from radio_sched.schedule.model import documented

SECTION = "link"
DEFAULT_PASSWORD_FILE = "keys/link_password"  # noqa: S105 - a path, not a password


@dataclass(frozen=True)
class LinkSettings:
    hub: str = field(metadata=documented('Mã của trung tâm (tỉnh/huyện), ví dụ "tinh-dong-nai".'))
    station: str = field(metadata=documented('Mã của đài này tại trung tâm, ví dụ "xa-tan-thanh".'))
    host: str = field(metadata=documented("Địa chỉ máy chủ MQTT của trung tâm."))
    port: int = field(
        default=8883,
        metadata=documented("Cổng MQTT: 8883 khi có TLS (mặc định), 1883 khi không mã hoá."),
    )
    ca_file: str = field(
        default="",
        metadata=documented(
            "Tệp chứng chỉ CA (PEM) của trung tâm để kết nối TLS. Để trống: không mã hoá (chỉ "
            "dùng trong mạng nội bộ hoặc để thử)."
        ),
    )
    user: str = field(
        default="", metadata=documented("Tên đăng nhập MQTT; để trống thì dùng mã của đài.")
    )
    password_file: str = field(
        default=DEFAULT_PASSWORD_FILE,
        metadata=documented(
            "Tệp chứa mật khẩu MQTT (chỉ chủ tài khoản đọc được), đường dẫn đầy đủ hoặc trong "
            "thư mục của đài."
        ),
    )
    heartbeat_seconds: float = field(
        default=60.0, metadata=documented("Bao nhiêu giây báo tình trạng của đài một lần.")
    )

    @property
    def username(self) -> str:
        return self.user or self.station

    def password_path(self) -> Path:
        path = Path(self.password_file)
        return path if path.is_absolute() else locations.station_home() / path

    def password(self) -> str | None:
        try:
            text = self.password_path().read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as error:
            raise SettingsError(
                f"{self.password_path()}: không đọc được mật khẩu MQTT ({error}). Hãy chạy lại "
                "radio-sched link setup --password …"
            ) from error
        return text or None

    def ca_path(self) -> Path | None:
        if not self.ca_file:
            return None
        path = Path(self.ca_file)
        return path if path.is_absolute() else locations.station_home() / path


def load_link_settings(path: Path | None = None) -> LinkSettings | None:
    """The ``[link]`` section, or None when the station is not linked."""
    path = path or locations.settings_file()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise SettingsError(f"{path}: tệp cài đặt không hợp lệ ({error}).") from error
    section = raw.get(SECTION)
    if section is None:
        return None
    if not isinstance(section, dict):
        raise SettingsError(f"{path}: mục [{SECTION}] phải là một bảng.")
    return link_from_dict(section, path)


_CONVERT: dict[str, type] = {"port": int, "heartbeat_seconds": float}


def link_from_dict(raw: dict[str, Any], source: Path | str) -> LinkSettings:
    known = {f.name for f in fields(LinkSettings)}
    unknown = set(raw) - known
    if unknown:
        raise SettingsError(
            f"{source}: mục [{SECTION}] không biết trường {', '.join(sorted(unknown))}."
        )
    missing = {"hub", "station", "host"} - set(raw)
    if missing:
        raise SettingsError(
            f"{source}: mục [{SECTION}] thiếu trường {', '.join(sorted(missing))}. Hãy chạy "
            "radio-sched link setup …"
        )
    try:
        # Each value as its field's type; an absent one takes the field's default.
        link = LinkSettings(**{name: _CONVERT.get(name, str)(value) for name, value in raw.items()})
    except (TypeError, ValueError) as error:
        raise SettingsError(
            f"{source}: mục [{SECTION}] có giá trị không hợp lệ ({error})."
        ) from error
    check(link, source)
    return link


def check(link: LinkSettings, source: Path | str) -> None:
    for name in ("hub", "station"):
        value = getattr(link, name)
        if not is_valid_id(value):
            raise SettingsError(
                f"{source}: mã {name} {value!r} chỉ được gồm chữ thường không dấu, số và dấu "
                'gạch ngang, ví dụ "xa-tan-thanh".'
            )
    if not link.host.strip() or any(c.isspace() for c in link.host):
        raise SettingsError(f"{source}: địa chỉ máy chủ MQTT {link.host!r} không hợp lệ.")
    if not 0 < link.port < 65536:
        raise SettingsError(f"{source}: cổng MQTT {link.port} không hợp lệ.")
    if not link.heartbeat_seconds > 0:
        raise SettingsError(f"{source}: heartbeat_seconds phải lớn hơn 0.")


def save_link_settings(link: LinkSettings, path: Path | None = None) -> Path:
    """Write the ``[link]`` section, keeping the rest of the file; read back before replacing."""
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    path = path or locations.settings_file()
    check(link, path)
    try:
        document = tomlkit.parse(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        document = tomlkit.document()
    except (UnicodeDecodeError, TOMLKitError) as error:
        raise SettingsError(f"{path}: tệp cài đặt không hợp lệ ({error}); chưa ghi gì.") from error
    table = tomlkit.table()
    table.add(tomlkit.comment("Nối đài với trung tâm (radio-sched link). Xoá mục này để ngắt."))
    for f in fields(LinkSettings):
        for line in field_doc(f).splitlines():
            table.add(tomlkit.comment(line))
        table.add(f.name, getattr(link, f.name))
    if SECTION in document:
        document.remove(SECTION)
    document.add(SECTION, table)
    text = tomlkit.dumps(document)
    if link_from_dict(tomllib.loads(text)[SECTION], path) != link:
        raise SettingsError(
            f"{path}: mục [{SECTION}] ghi ra không đọc lại được; tệp cũ giữ nguyên."
        )
    write_text_atomic(path, text)
    return path


def write_password(link: LinkSettings, password: str) -> Path:
    path = link.password_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, password.strip() + "\n", file_mode=PRIVATE_KEY_MODE)
    return path
