"""A pack as the hub sends it: checked to be signed by the hub's own key, matched to its commune
by the name in its manifest, and with its suggested schedule read (what "planned" counts).

The commune verifies the whole pack again before writing anything; this check only stops the
office from sending a pack that every commune would refuse.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from radio_sched.errors import UserError
from radio_sched.link.protocol import MAX_PAYLOAD_BYTES
from radio_sched.pack.contents import SCHEDULE_JSON
from radio_sched.pack.manifest import MANIFEST_NAME, SIGNATURE_NAME, ManifestError, parse_manifest
from radio_sched.pack.sign import MAX_SIGNATURE_BYTES, SignatureFormatError, parse_signature

# The zip travels base64-encoded inside one message, with room for the envelope.
MAX_PACK_BYTES = (MAX_PAYLOAD_BYTES - 64 * 1024) * 3 // 4
_MAX_MANIFEST_BYTES = 1 << 20
_MAX_SCHEDULE_BYTES = 4 << 20


@dataclass(frozen=True)
class HubPack:
    path: Path
    data: bytes
    pack_id: str  # SHA-256 of manifest.json, as the commune computes it
    commune: str  # the commune's name in the manifest
    program_title: str
    placements: tuple[dict[str, Any], ...]  # the suggested schedule's airings
    schedule_json: str | None


def read_pack(path: Path, own_fingerprint: str) -> HubPack:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"{path}: không tìm thấy tệp gói.") from None
    except OSError as error:
        raise UserError(f"{path}: không đọc được tệp gói ({error.strerror}).") from error
    if len(data) > MAX_PACK_BYTES:
        raise UserError(
            f"{path}: gói lớn {len(data) >> 20} MB, quá giới hạn gửi qua MQTT "
            f"({MAX_PACK_BYTES >> 20} MB). Hãy làm gói ngắn hơn hoặc chép tay cho xã."
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:  # read once: the bytes are sent
            manifest_bytes = _member(archive, MANIFEST_NAME, _MAX_MANIFEST_BYTES, path)
            signature = parse_signature(_member(archive, SIGNATURE_NAME, MAX_SIGNATURE_BYTES, path))
            schedule = _optional_member(archive, SCHEDULE_JSON, _MAX_SCHEDULE_BYTES)
    except zipfile.BadZipFile as error:
        raise UserError(f"{path}: không phải tệp gói zip ({error}).") from error
    except SignatureFormatError as error:
        raise UserError(f"{path}: chữ ký của gói không đọc được ({error}).") from error
    if signature.public_key.fingerprint != own_fingerprint:
        raise UserError(
            f"{path}: gói không được ký bằng khoá của trung tâm này; các xã sẽ từ chối. Hãy làm "
            "lại gói trên máy trung tâm (radio-sched pack build)."
        )
    if not signature.public_key.verify(signature.signature, manifest_bytes):
        raise UserError(f"{path}: chữ ký không khớp — manifest.json đã bị sửa sau khi ký.")
    try:
        manifest = parse_manifest(manifest_bytes)
    except ManifestError as error:
        raise UserError(f"{path}: manifest không đúng lược đồ ({error}).") from error
    placements = _placements(schedule, path)
    return HubPack(
        path=path,
        data=data,
        pack_id=hashlib.sha256(manifest_bytes).hexdigest(),
        commune=manifest.commune,
        program_title=str(manifest.program["title"]),
        placements=placements,
        schedule_json=schedule.decode("utf-8") if schedule is not None else None,
    )


def _member(archive: zipfile.ZipFile, name: str, limit: int, path: Path) -> bytes:
    data = _optional_member(archive, name, limit)
    if data is None:
        raise UserError(f"{path}: gói thiếu {name} — không phải gói đã ký của radio-sched.")
    return data


def _optional_member(archive: zipfile.ZipFile, name: str, limit: int) -> bytes | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > limit:
        raise zipfile.BadZipFile(f"{name} quá lớn")
    with archive.open(info) as handle:
        return handle.read(limit + 1)[:limit]


def _placements(schedule: bytes | None, path: Path) -> tuple[dict[str, Any], ...]:
    if schedule is None:
        return ()
    try:
        document = json.loads(schedule)
        placements = document["placements"]
        if not isinstance(placements, list) or not all(isinstance(p, dict) for p in placements):
            raise TypeError("placements")
    except (ValueError, KeyError, TypeError) as error:
        raise UserError(f"{path}: lịch gợi ý trong gói không đọc được ({error}).") from error
    return tuple(placements)
