"""Check a pack completely, in memory, before anything of it touches the station's disk.

Order matters: the zip's structure is checked from its directory alone (names, types, sizes,
ratios) before a byte is decompressed; then the signature, against the commune's own trusted
keys, before the manifest is even parsed; then the manifest's schema; then every file against
the manifest. What is returned holds the very bytes that were checked, so the import writes
exactly those and never goes back to the zip.
"""

from __future__ import annotations

import hashlib
import stat
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from radio_sched import keys
from radio_sched.errors import UserError
from radio_sched.pack.manifest import (
    MANIFEST_NAME,
    SIGNATURE_NAME,
    Manifest,
    ManifestError,
    parse_manifest,
)
from radio_sched.pack.names import collision_key, name_problem
from radio_sched.pack.sign import MAX_SIGNATURE_BYTES, SignatureFormatError, parse_signature


@dataclass(frozen=True)
class Limits:
    """Sane bounds for one commune's pack; a zip bomb crosses one of them before it expands."""

    max_pack_bytes: int = 1 << 30  # the zip file itself
    max_entries: int = 32
    max_entry_bytes: int = 256 << 20  # one file, uncompressed
    max_total_bytes: int = 512 << 20  # all files, uncompressed
    max_ratio: float = 100.0  # uncompressed / compressed, for entries larger than ratio_floor
    ratio_floor: int = 64 << 10
    max_manifest_bytes: int = 1 << 20


DEFAULT_LIMITS = Limits()
_CHUNK = 1 << 20
# Info-ZIP's "Unicode Path" extra field: some extractors use the name in it instead of the one
# we checked, so a pack carrying one could mean different files to different tools.
_UNICODE_PATH_EXTRA = 0x7075


class PackRefused(UserError):
    """The pack is not accepted; nothing was written. The message gives the reason."""

    exit_code = 4

    def __init__(self, pack: Path, reason: str) -> None:
        super().__init__(f"{pack.name}: từ chối gói — {reason}.")
        self.reason = reason


Refuse = Callable[[str], PackRefused]


@dataclass(frozen=True)
class VerifiedPack:
    path: Path
    pack_id: str  # SHA-256 of manifest.json: the same pack has the same id, wherever it travels
    manifest: Manifest
    signer: keys.PublicKey  # the commune's trusted copy, with the name it was trusted under
    contents: dict[str, bytes]  # every listed file, checked against the manifest
    manifest_bytes: bytes  # exactly as signed
    signature_bytes: bytes


def verify_pack(path: Path, limits: Limits = DEFAULT_LIMITS) -> VerifiedPack:
    """Verify ``path`` against the trusted keys of this station home; raises PackRefused."""

    def refuse(reason: str) -> PackRefused:
        return PackRefused(path, reason)

    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise UserError(f"{path}: không tìm thấy tệp gói.") from None
    except OSError as error:
        raise UserError(f"{path}: không đọc được tệp gói ({error.strerror}).") from error
    if not path.is_file():
        raise refuse("không phải một tệp")
    if size > limits.max_pack_bytes:
        raise refuse(f"tệp gói lớn quá giới hạn {limits.max_pack_bytes >> 20} MB")
    try:
        with zipfile.ZipFile(path) as archive:
            return _verify_archive(path, archive, limits, refuse)
    except zipfile.BadZipFile as error:
        raise refuse(f"tệp zip hỏng hoặc không phải zip ({error})") from error
    except (zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError) as error:
        raise refuse(f"không đọc được nội dung zip ({error})") from error
    except OSError as error:
        raise UserError(f"{path}: không đọc được tệp gói ({error.strerror or error}).") from error


@dataclass(frozen=True)
class SignedManifest:
    """A zip whose entries passed the checks, and its manifest's bytes with their trusted signer."""

    by_name: dict[str, zipfile.ZipInfo]
    manifest_bytes: bytes  # exactly as signed
    signer: keys.PublicKey
    signature_bytes: bytes


def signed_manifest(archive: zipfile.ZipFile, limits: Limits, refuse: Refuse) -> SignedManifest:
    """Entries checked from the zip's directory, then the signature against the trusted keys,
    before the manifest is parsed (program packs and voice packs alike)."""
    entries = archive.infolist()
    if len(entries) > limits.max_entries:
        raise refuse(f"có {len(entries)} tệp, quá giới hạn {limits.max_entries}")
    by_name = _check_entries(entries, limits, refuse)

    if MANIFEST_NAME not in by_name:
        raise refuse("không có manifest.json — đây không phải gói của radio-sched")
    if SIGNATURE_NAME not in by_name:
        raise refuse("gói chưa được ký (không có manifest.sig)")
    signature_bytes = _read(archive, by_name[SIGNATURE_NAME], MAX_SIGNATURE_BYTES, refuse)
    try:
        signature = parse_signature(signature_bytes)
    except SignatureFormatError as error:
        raise refuse(f"chữ ký không đọc được: {error}") from error
    trusted = keys.trusted_keys().get(signature.public_key.fingerprint)
    if trusted is None:
        shown = keys.format_fingerprint(signature.public_key.fingerprint)
        raise refuse(
            f"được ký bằng khoá chưa được tin cậy (dấu vân tay {shown}). Nếu đúng là khoá của "
            "huyện, hãy đối chiếu dấu vân tay với huyện rồi chạy: radio-sched keys trust TỆP_KHOÁ"
        )
    manifest_bytes = _read(archive, by_name[MANIFEST_NAME], limits.max_manifest_bytes, refuse)
    if not trusted.verify(signature.signature, manifest_bytes):
        raise refuse("chữ ký không khớp: manifest.json đã bị sửa sau khi ký")
    return SignedManifest(by_name, manifest_bytes, trusted, signature_bytes)


def _verify_archive(
    path: Path, archive: zipfile.ZipFile, limits: Limits, refuse: Refuse
) -> VerifiedPack:
    signed = signed_manifest(archive, limits, refuse)
    by_name, manifest_bytes, trusted = signed.by_name, signed.manifest_bytes, signed.signer
    signature_bytes = signed.signature_bytes
    try:
        manifest = parse_manifest(manifest_bytes)
    except ManifestError as error:
        raise refuse(f"manifest không đúng lược đồ: {error}") from error
    if manifest.key_fingerprint != trusted.fingerprint:
        raise refuse("manifest ghi một khoá khác với khoá đã ký gói")

    listed = {f.name: f for f in manifest.files}
    present = set(by_name) - {MANIFEST_NAME, SIGNATURE_NAME}
    extra = sorted(present - set(listed))
    if extra:
        raise refuse(f"có tệp không kê trong manifest: {', '.join(extra)}")
    missing = sorted(set(listed) - present)
    if missing:
        raise refuse(f"thiếu tệp được kê trong manifest: {', '.join(missing)}")
    contents: dict[str, bytes] = {}
    for name, entry in listed.items():
        info = by_name[name]
        if info.file_size != entry.size:
            raise refuse(f"tệp {name} có cỡ khác với manifest (đã bị thay đổi sau khi ký)")
        data = _read(archive, info, entry.size, refuse)
        if len(data) != entry.size or hashlib.sha256(data).hexdigest() != entry.sha256:
            raise refuse(
                f"tệp {name} không khớp mã SHA-256 trong manifest (đã bị thay đổi sau khi ký)"
            )
        contents[name] = data
    return VerifiedPack(
        path=path,
        pack_id=hashlib.sha256(manifest_bytes).hexdigest(),
        manifest=manifest,
        signer=trusted,
        contents=contents,
        manifest_bytes=manifest_bytes,
        signature_bytes=signature_bytes,
    )


def _check_entries(
    entries: list[zipfile.ZipInfo], limits: Limits, refuse: Refuse
) -> dict[str, zipfile.ZipInfo]:
    """Names, types and sizes from the zip's directory, before decompressing anything."""
    by_name: dict[str, zipfile.ZipInfo] = {}
    seen: dict[str, str] = {}
    total = 0
    for info in entries:
        # zipfile cuts a name at NUL and, on Windows, turns "\" into "/"; check what the
        # archive really says as well as what zipfile made of it.
        for name in dict.fromkeys((info.orig_filename, info.filename)):
            problem = name_problem(name)
            if problem:
                raise refuse(problem)
        name = info.filename
        key = collision_key(name)
        if key in seen:
            raise refuse(f"tên tệp trùng nhau: {seen[key]!r} và {name!r}")
        seen[key] = name
        kind = _entry_kind(info)
        if kind:
            raise refuse(f"{name!r} là {kind}; gói chỉ được chứa tệp thường")
        if info.flag_bits & 0x1:
            raise refuse(f"{name!r} bị mã hoá")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise refuse(f"{name!r} dùng kiểu nén không hỗ trợ ({info.compress_type})")
        if _UNICODE_PATH_EXTRA in _extra_ids(info.extra):
            raise refuse(f"{name!r} mang một tên thứ hai (trường Unicode Path)")
        if info.file_size > limits.max_entry_bytes:
            raise refuse(
                f"{name!r} lớn quá giới hạn {limits.max_entry_bytes >> 20} MB khi giải nén"
            )
        total += info.file_size
        if total > limits.max_total_bytes:
            raise refuse(
                f"tổng dung lượng giải nén vượt giới hạn {limits.max_total_bytes >> 20} MB"
            )
        if info.file_size > limits.ratio_floor:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > limits.max_ratio:
                raise refuse(
                    f"{name!r} nén với tỉ lệ {ratio:.0f}:1, vượt giới hạn {limits.max_ratio:.0f}:1 "
                    "(nghi là bom zip)"
                )
        by_name[name] = info
    return by_name


def _entry_kind(info: zipfile.ZipInfo) -> str | None:
    """What the entry is when it is not a regular file (symlink, folder, device …)."""
    if info.is_dir():
        return "thư mục"
    mode = info.external_attr >> 16
    if info.create_system == 3 and mode:  # made on Unix: the high half is st_mode
        if stat.S_ISLNK(mode):
            return "liên kết tượng trưng (symlink)"
        if stat.S_ISDIR(mode):
            return "thư mục"
        if stat.S_IFMT(mode) not in (0, stat.S_IFREG):
            return "tệp đặc biệt"
    if info.external_attr & 0x10:  # MS-DOS directory attribute
        return "thư mục"
    return None


def _extra_ids(extra: bytes) -> set[int]:
    ids: set[int] = set()
    position = 0
    while position + 4 <= len(extra):
        header = int.from_bytes(extra[position : position + 2], "little")
        length = int.from_bytes(extra[position + 2 : position + 4], "little")
        ids.add(header)
        position += 4 + length
    return ids


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, refuse: Refuse) -> bytes:
    """At most ``limit`` bytes: the sizes in a zip's directory are the attacker's word."""
    chunks: list[bytes] = []
    count = 0
    with archive.open(info) as handle:
        while True:
            chunk = handle.read(_CHUNK)
            if not chunk:
                break
            count += len(chunk)
            if count > limit:
                raise refuse(f"{info.filename!r} giải nén ra nhiều hơn khai báo")
            chunks.append(chunk)
    return b"".join(chunks)
