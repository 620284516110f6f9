"""Voice packs: the district's Piper voice (model + json) carried to its communes.

A voice pack is a zip like a program pack: ``manifest.json`` lists each file with its SHA-256 and
size and is signed with the district key (``manifest.sig``); the commune checks it all in memory
against its own trusted keys before anything is written, then installs the files in the
station's ``voices`` folder and points ``piper_model``/``piper_config`` at them. A voice model is
tens of MB, so it travels once in its own pack rather than inside every program pack.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from radio_sched import keys, locations
from radio_sched.atomic import write_bytes_atomic
from radio_sched.errors import UserError
from radio_sched.pack.archive import write_zip
from radio_sched.pack.manifest import MANIFEST_NAME, SIGNATURE_NAME, manifest_bytes
from radio_sched.pack.names import name_problem
from radio_sched.pack.sign import sign_manifest
from radio_sched.pack.verify import Limits, PackRefused, _read, signed_manifest

VOICE_FORMAT = "radio-sched-voice"
VOICE_FORMAT_VERSION = 1
ROLES = ("voice-model", "voice-config")
VOICE_LIMITS = Limits(
    max_pack_bytes=1 << 30,
    max_entries=4,
    max_entry_bytes=512 << 20,
    max_total_bytes=600 << 20,
    max_ratio=100.0,
)


@dataclass(frozen=True)
class InstalledVoice:
    model: Path
    config: Path
    espeak_voice: str
    producer: str


def build_voice_pack(model: Path, config: Path | None, output: Path, producer: str = "") -> Path:
    """Sign ``model`` and its json (default: model name + ".json") into ``output`` (.zip)."""
    config = config or model.with_name(model.name + ".json")
    files = {}
    for path, role in ((model, "voice-model"), (config, "voice-config")):
        try:
            files[role] = (path.name, path.read_bytes())
        except OSError as error:
            raise UserError(
                f"{path}: không đọc được tệp giọng ({error.strerror or error}); hãy kiểm tra "
                "đường dẫn (tệp .onnx và tệp .onnx.json đi cùng)."
            ) from error
        problem = name_problem(path.name)
        if problem:
            raise UserError(f"{path}: tên tệp không dùng được trong gói ({problem}); hãy đổi tên.")
    espeak_voice = _espeak_voice(files["voice-config"][1], config)
    public = keys.own_public_key()
    document: dict[str, Any] = {
        "format": VOICE_FORMAT,
        "format_version": VOICE_FORMAT_VERSION,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "producer": {
            "name": producer or public.name or "huyện",
            "key_fingerprint": public.fingerprint,
        },
        "voice": {"espeak_voice": espeak_voice},
        "files": [
            {
                "name": name,
                "role": role,
                "sha256": hashlib.sha256(data).hexdigest(),
                "size": len(data),
            }
            for role, (name, data) in files.items()
        ],
    }
    signed = manifest_bytes(document)
    signature = sign_manifest(signed)
    entries = [(name, data) for name, data in files.values()]
    entries += [(MANIFEST_NAME, signed), (SIGNATURE_NAME, signature.to_bytes())]
    write_zip(output, entries)
    return output


def _espeak_voice(data: bytes, source: Path) -> str:
    """The voice's phoneme language from its json; refuses a file that is no Piper config."""
    try:
        config = json.loads(data.decode("utf-8"))
        voice = config["espeak"]["voice"]
        config["phoneme_id_map"].items()
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise UserError(
            f"{source}: không phải tệp cấu hình giọng Piper (thiếu espeak.voice hoặc "
            "phoneme_id_map); hãy dùng tệp .onnx.json đi cùng tệp giọng."
        ) from error
    return str(voice)


def import_voice_pack(path: Path) -> InstalledVoice:
    """Verify ``path`` completely, then install its voice and point the settings at it."""
    from radio_sched.config import load_settings, save_settings

    def refuse(reason: str) -> PackRefused:
        return PackRefused(path, reason)

    if not path.is_file():
        raise UserError(f"{path}: không tìm thấy tệp gói giọng.")
    if path.stat().st_size > VOICE_LIMITS.max_pack_bytes:
        raise refuse("tệp gói lớn quá giới hạn")
    try:
        with zipfile.ZipFile(path) as archive:
            document, contents, producer = _verified(archive, refuse)
    except zipfile.BadZipFile as error:
        raise refuse(f"tệp zip hỏng hoặc không phải zip ({error})") from error
    voices = locations.voices_dir()
    installed: dict[str, Path] = {}
    for entry in document["files"]:
        target = voices / entry["name"]
        write_bytes_atomic(target, contents[entry["name"]])
        installed[entry["role"]] = target
    settings = load_settings()
    save_settings(
        replace(
            settings,
            piper_model=installed["voice-model"].name,
            piper_config=installed["voice-config"].name,
        )
    )
    return InstalledVoice(
        installed["voice-model"],
        installed["voice-config"],
        str(document["voice"]["espeak_voice"]),
        producer,
    )


def _verified(
    archive: zipfile.ZipFile, refuse: Any
) -> tuple[dict[str, Any], dict[str, bytes], str]:
    checked = signed_manifest(archive, VOICE_LIMITS, refuse)
    by_name, signed, trusted = checked.by_name, checked.manifest_bytes, checked.signer
    document = _parse(signed, refuse)
    if document["producer"]["key_fingerprint"] != trusted.fingerprint:
        raise refuse("manifest ghi một khoá khác với khoá đã ký gói")
    listed = {entry["name"]: entry for entry in document["files"]}
    present = set(by_name) - {MANIFEST_NAME, SIGNATURE_NAME}
    if present != set(listed):
        odd = sorted(present ^ set(listed))
        raise refuse(f"tệp trong gói không khớp danh sách trong manifest: {', '.join(odd)}")
    contents: dict[str, bytes] = {}
    for name, entry in listed.items():
        data = _read(archive, by_name[name], entry["size"], refuse)
        if len(data) != entry["size"] or hashlib.sha256(data).hexdigest() != entry["sha256"]:
            raise refuse(f"tệp {name} không khớp mã SHA-256 trong manifest (đã bị thay đổi)")
        contents[name] = data
    return document, contents, str(document["producer"]["name"])


def _parse(signed: bytes, refuse: Any) -> dict[str, Any]:
    """The signed manifest, checked strictly: a voice pack and nothing else."""
    try:
        document = json.loads(signed.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise refuse(f"manifest.json không phải JSON hợp lệ ({error})") from error
    if not isinstance(document, dict) or document.get("format") != VOICE_FORMAT:
        raise refuse(
            "đây không phải gói giọng đọc (có thể là gói chương trình: hãy nhập bằng "
            "radio-sched pack import)"
        )
    if document.get("format_version") != VOICE_FORMAT_VERSION:
        raise refuse(f"gói giọng phiên bản {document.get('format_version')!r} chưa được hỗ trợ")
    try:
        files = document["files"]
        roles = sorted(entry["role"] for entry in files)
        for entry in files:
            problem = name_problem(entry["name"])
            if problem or entry["name"] in (MANIFEST_NAME, SIGNATURE_NAME):
                raise refuse(f"tên tệp {entry['name']!r} không an toàn")
            if not isinstance(entry["size"], int) or not isinstance(entry["sha256"], str):
                raise refuse("manifest ghi cỡ hoặc mã SHA-256 sai kiểu")
        str(document["producer"]["name"])
        str(document["producer"]["key_fingerprint"])
        str(document["voice"]["espeak_voice"])
    except (KeyError, TypeError) as error:
        raise refuse(f"manifest gói giọng thiếu trường {error}") from error
    if roles != sorted(ROLES):
        raise refuse("gói giọng phải có đúng một tệp giọng (.onnx) và một tệp cấu hình (.json)")
    return document
