"""The pack's ``manifest.json``: what is inside, who made it, for whom; checked strictly.

The manifest is the signed part of a pack: every other file is bound to it by SHA-256 and size.
A manifest with an unknown or missing field, a wrong type or an unsafe file name is refused as a
whole, so nothing downstream has to wonder about half-valid input.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from radio_sched.pack.names import collision_key, name_problem
from radio_sched.schedule.model import Priority

FORMAT = "radio-sched-pack"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
SIGNATURE_NAME = "manifest.sig"
RESERVED_NAMES = (MANIFEST_NAME, SIGNATURE_NAME)
PRIORITIES = tuple(priority.value for priority in Priority)
DIALECTS = ("north", "south")
ROLES = ("audio", "script-text", "script-docx", "schedule-json", "schedule-ics", "playlist-m3u")
MAX_TEXT = 20_000  # characters in any one string field
MAX_LIST = 1_000  # items in any one list

_HEX64 = re.compile(r"^[0-9a-f]{64}$")


class ManifestError(ValueError):
    """The manifest does not match the schema; the message says where, in Vietnamese."""


@dataclass(frozen=True)
class PackFile:
    name: str
    role: str
    sha256: str
    size: int
    duration_seconds: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "role": self.role,
            "sha256": self.sha256,
            "size": self.size,
            "duration_seconds": self.duration_seconds,
        }


@dataclass(frozen=True)
class Manifest:
    """A checked manifest. ``data`` is the whole document; the properties are its main parts."""

    data: Mapping[str, Any]

    @property
    def files(self) -> tuple[PackFile, ...]:
        return tuple(
            PackFile(
                name=f["name"],
                role=f["role"],
                sha256=f["sha256"],
                size=f["size"],
                duration_seconds=f["duration_seconds"],
            )
            for f in self.data["files"]
        )

    def file(self, role: str) -> PackFile:
        return next(f for f in self.files if f.role == role)

    @property
    def commune(self) -> str:
        return str(self.data["commune"]["name"])

    @property
    def producer(self) -> str:
        return str(self.data["producer"]["name"])

    @property
    def key_fingerprint(self) -> str:
        return str(self.data["producer"]["key_fingerprint"])

    @property
    def program(self) -> Mapping[str, Any]:
        result: Mapping[str, Any] = self.data["program"]
        return result

    @property
    def campaign(self) -> tuple[dt.date, dt.date] | None:
        campaign = self.data["campaign"]
        if campaign is None:
            return None
        return dt.date.fromisoformat(campaign["start"]), dt.date.fromisoformat(campaign["end"])

    @property
    def priority(self) -> Priority:
        return Priority(self.data["priority"])

    @property
    def reference(self) -> str | None:
        value = self.data["directive"]["reference"]
        return None if value is None else str(value)

    def to_bytes(self) -> bytes:
        return manifest_bytes(self.data)


def manifest_bytes(data: Mapping[str, Any]) -> bytes:
    """The exact bytes that are signed: sorted keys, UTF-8, a final newline."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2, allow_nan=False)
    return (text + "\n").encode("utf-8")


def parse_manifest(data: bytes) -> Manifest:
    """Bytes of ``manifest.json`` → a checked Manifest, or ManifestError."""
    try:
        document = json.loads(
            data.decode("utf-8"), parse_constant=_reject_constant, object_pairs_hook=_no_duplicates
        )
    except UnicodeDecodeError as error:
        raise ManifestError("manifest.json không phải văn bản UTF-8") from error
    except ValueError as error:
        raise ManifestError(f"manifest.json không phải JSON hợp lệ ({error})") from error
    validate(document)
    return Manifest(document)


def make_manifest(data: Mapping[str, Any]) -> Manifest:
    """Check a manifest being built, so a bug shows up at the district and not at the commune."""
    document = json.loads(manifest_bytes(data))
    validate(document)
    return Manifest(document)


# ------------------------------------------------------------------------------------- schema

Check = Callable[[Any, str], None]


def _fail(path: str, what: str) -> ManifestError:
    return ManifestError(f"manifest.json: trường {path} {what}")


def _text(*, optional: bool = False, allowed: tuple[str, ...] = ()) -> Check:
    def check(value: Any, path: str) -> None:
        if value is None and optional:
            return
        if not isinstance(value, str):
            raise _fail(path, "phải là chuỗi")
        if len(value) > MAX_TEXT:
            raise _fail(path, "quá dài")
        if allowed and value not in allowed:
            raise _fail(path, f"phải là một trong {', '.join(allowed)}")

    return check


def _non_empty_text(value: Any, path: str) -> None:
    _text()(value, path)
    if not value.strip():
        raise _fail(path, "không được để trống")


def _hex64(value: Any, path: str) -> None:
    if not isinstance(value, str) or not _HEX64.match(value):
        raise _fail(path, "phải là 64 chữ số hex thường (SHA-256)")


def _integer(minimum: int, maximum: int, *, optional: bool = False) -> Check:
    def check(value: Any, path: str) -> None:
        if value is None and optional:
            return
        if isinstance(value, bool) or not isinstance(value, int):
            raise _fail(path, "phải là số nguyên")
        if not minimum <= value <= maximum:
            raise _fail(path, f"phải nằm trong {minimum}…{maximum}")

    return check


def _seconds(*, optional: bool) -> Check:
    def check(value: Any, path: str) -> None:
        if value is None and optional:
            return
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _fail(path, "phải là số giây")
        if not 0 <= value <= 86_400:
            raise _fail(path, "phải nằm trong 0…86400 giây")

    return check


def _date(*, optional: bool = False) -> Check:
    def check(value: Any, path: str) -> None:
        if value is None and optional:
            return
        if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise _fail(path, "phải là ngày dạng YYYY-MM-DD")
        try:
            dt.date.fromisoformat(value)
        except ValueError as error:
            raise _fail(path, "không phải ngày có thật") from error

    return check


def _partial_date(value: Any, path: str) -> None:
    if value is None:
        return
    if not isinstance(value, str) or not re.fullmatch(r"(\d{4}|----)(-\d{2}){0,2}", value):
        raise _fail(path, "phải là ngày dạng YYYY, YYYY-MM hoặc YYYY-MM-DD")


def _timestamp(value: Any, path: str) -> None:
    if not isinstance(value, str):
        raise _fail(path, "phải là thời điểm ISO 8601")
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError as error:
        raise _fail(path, "phải là thời điểm ISO 8601") from error
    if moment.tzinfo is None:
        raise _fail(path, "phải có múi giờ")


def _constant(expected: object) -> Check:
    def check(value: Any, path: str) -> None:
        if type(value) is not type(expected) or value != expected:
            raise _fail(path, f"phải là {expected!r}")

    return check


def _list_of(item: Check, *, max_items: int = MAX_LIST) -> Check:
    def check(value: Any, path: str) -> None:
        if not isinstance(value, list):
            raise _fail(path, "phải là danh sách")
        if len(value) > max_items:
            raise _fail(path, f"có quá {max_items} phần tử")
        for index, element in enumerate(value):
            item(element, f"{path}[{index}]")

    return check


def _object(fields: Mapping[str, Check], *, optional: bool = False) -> Check:
    def check(value: Any, path: str) -> None:
        if value is None and optional:
            return
        if not isinstance(value, dict):
            raise _fail(path or "gốc", "phải là đối tượng JSON")
        missing = sorted(set(fields) - set(value))
        if missing:
            raise _fail(path or "gốc", f"thiếu {', '.join(missing)}")
        unknown = sorted(set(value) - set(fields))
        if unknown:
            raise _fail(path or "gốc", f"có trường lạ {', '.join(unknown)}")
        for key, field_check in fields.items():
            field_check(value[key], f"{path}.{key}" if path else key)

    return check


def _file_name(value: Any, path: str) -> None:
    if not isinstance(value, str):
        raise _fail(path, "phải là chuỗi")
    problem = name_problem(value)
    if problem:
        raise _fail(path, f"không an toàn: {problem}")
    if value in RESERVED_NAMES:
        raise _fail(path, f"không được là {value}")


_FILE = _object(
    {
        "name": _file_name,
        "role": _text(allowed=ROLES),
        "sha256": _hex64,
        "size": _integer(0, 2**40),
        "duration_seconds": _seconds(optional=True),
    }
)
_DATES = {"start": _date(), "end": _date()}

_SCHEMA = _object(
    {
        "format": _constant(FORMAT),
        "format_version": _constant(FORMAT_VERSION),
        "created_at": _timestamp,
        "producer": _object({"name": _non_empty_text, "key_fingerprint": _hex64}),
        "commune": _object({"name": _non_empty_text, "dialect": _text(allowed=DIALECTS)}),
        "directive": _object(
            {
                "reference": _text(optional=True),
                "number": _text(optional=True),
                "code": _text(optional=True),
                "issuer": _text(optional=True),
                "date": _partial_date,
                "subject": _text(optional=True),
                "title": _text(optional=True),
                "messages": _list_of(_text()),
                "frequency_per_day": _integer(0, 48, optional=True),
                "source_sha256": _hex64,
            }
        ),
        "campaign": _object(_DATES, optional=True),
        "schedule_window": _object(_DATES),
        "priority": _text(allowed=PRIORITIES),
        "program": _object(
            {
                "title": _non_empty_text,
                "audio": _file_name,
                "duration_seconds": _seconds(optional=False),
                "per_day": _integer(0, 48),
                "engine": _text(),
            }
        ),
        "files": _list_of(_FILE, max_items=32),
    }
)


def validate(document: Any) -> None:
    """Raise ManifestError unless ``document`` matches the schema and is consistent."""
    _SCHEMA(document, "")
    names = [f["name"] for f in document["files"]]
    seen: set[str] = set()
    for name in names:
        key = collision_key(name)
        if key in seen:
            raise ManifestError(f"manifest.json: tệp {name!r} được kê hai lần")
        seen.add(key)
    audio = document["program"]["audio"]
    entry = next((f for f in document["files"] if f["name"] == audio), None)
    if entry is None or entry["role"] != "audio":
        raise ManifestError(f"manifest.json: tệp âm thanh {audio!r} không có trong danh sách tệp")
    if sum(1 for f in document["files"] if f["role"] == "audio") != 1:
        raise ManifestError("manifest.json: gói phải có đúng một tệp âm thanh")
    for key in ("campaign", "schedule_window"):
        window = document[key]
        if window is not None and window["start"] > window["end"]:
            raise ManifestError(f"manifest.json: trường {key} kết thúc trước khi bắt đầu")


def _reject_constant(name: str) -> Any:
    raise ValueError(f"giá trị {name} không được phép")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # json.loads keeps the last of two equal keys; a signed document must mean one thing only.
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"khoá {key!r} xuất hiện hai lần")
        result[key] = value
    return result
