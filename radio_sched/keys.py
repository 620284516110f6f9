"""Ed25519 keys: the district signs its packs, the commune trusts the district's public key.

The district's private key lives in the station home's ``keys/`` folder, readable by its owner
only. A public key travels as a one-line text file (``radio-sched-ed25519 <base64> <name>``) that
the commune trusts after comparing its fingerprint with the district over the phone: the
fingerprint, not the file, is what makes the trust meaningful.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from radio_sched import locations
from radio_sched.atomic import write_bytes_atomic, write_text_atomic
from radio_sched.errors import UserError

KEY_TYPE = "radio-sched-ed25519"
PRIVATE_KEY_NAME = "district_ed25519.key"
PUBLIC_KEY_NAME = "district_ed25519.pub"
TRUSTED_DIR_NAME = "trusted"
PRIVATE_KEY_MODE = 0o600
_PUBLIC_KEY_MAX_BYTES = 16_384
_HEX64 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class PublicKey:
    raw: bytes  # the 32 bytes of the Ed25519 public key
    name: str = ""  # who holds the private key, e.g. "Phòng VH-TT huyện Tân Phú"

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.raw)

    def line(self) -> str:
        encoded = base64.b64encode(self.raw).decode("ascii")
        return f"{KEY_TYPE} {encoded} {self.name}".rstrip()

    def export_text(self) -> str:
        """The exported file: comments for the human, then the one line that matters."""
        lines = []
        if self.name:
            lines.append(f"# Khoá công khai của {self.name}")
        lines.append(f"# Dấu vân tay: {format_fingerprint(self.fingerprint)}")
        lines.append(self.line())
        return "\n".join(lines) + "\n"

    def verify(self, signature: bytes, data: bytes) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(self.raw).verify(signature, data)
        except (InvalidSignature, ValueError):
            return False
        return True


def fingerprint(raw: bytes) -> str:
    """SHA-256 of the raw public key, in hex."""
    return hashlib.sha256(raw).hexdigest()


def format_fingerprint(value: str) -> str:
    """Groups of four, upper case, so two people can read it to each other over the phone."""
    value = value.upper()
    return " ".join(value[index : index + 4] for index in range(0, len(value), 4))


def private_key_path() -> Path:
    return locations.keys_dir() / PRIVATE_KEY_NAME


def public_key_path() -> Path:
    return locations.keys_dir() / PUBLIC_KEY_NAME


def trusted_dir(*, create: bool = True) -> Path:
    if not create:
        # Verifying a pack only reads: it must not even leave an empty folder behind.
        return locations.station_home() / "keys" / TRUSTED_DIR_NAME
    path = locations.keys_dir() / TRUSTED_DIR_NAME
    path.mkdir(parents=True, exist_ok=True)
    return path


# ------------------------------------------------------------------------------ district side


def init_keys(name: str = "", *, force: bool = False) -> PublicKey:
    """Make the district key pair; refuses to replace an existing one unless ``force``.

    Replacing the key means every commune must trust the new one, hence the refusal by default.
    """
    private_path = private_key_path()
    if private_path.exists() and not force:
        raise UserError(
            f"{private_path}: đã có khoá của huyện. Thay khoá thì mọi xã phải tin cậy lại khoá "
            "mới; nếu thật sự muốn, chạy lại với --force."
        )
    return make_key_pair(private_path, public_key_path(), name)


def make_key_pair(private_path: Path, public_path: Path, name: str = "") -> PublicKey:
    """A new Ed25519 pair: the private key owner-only (PEM), the public one as an export file."""
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    # The temporary file gets this mode before the key is written into it.
    write_bytes_atomic(private_path, pem, file_mode=PRIVATE_KEY_MODE)
    public = PublicKey(raw_public(private.public_key()), " ".join(name.split()))
    write_text_atomic(public_path, public.export_text())
    return public


def load_private_key() -> Ed25519PrivateKey:
    return load_private_key_file(
        private_key_path(),
        'Chưa có khoá ký của huyện. Hãy tạo bằng: radio-sched keys init --name "Tên đơn vị"',
    )


def load_private_key_file(path: Path, missing: str) -> Ed25519PrivateKey:
    """The Ed25519 private key in ``path``; ``missing`` tells the operator how to make one."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UserError(missing) from None
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as error:
        raise UserError(f"{path}: tệp khoá riêng bị hỏng ({error}).") from error
    if not isinstance(key, Ed25519PrivateKey):
        raise UserError(f"{path}: không phải khoá Ed25519.")
    return key


def own_public_key() -> PublicKey:
    """The district's public key, with the name given at ``keys init``."""
    return public_key_of(load_private_key(), public_key_path())


def public_key_of(private: Ed25519PrivateKey, public_path: Path) -> PublicKey:
    """The public half of ``private``, named as in its export file when that file matches."""
    raw = raw_public(private.public_key())
    name = ""
    try:
        stored = parse_public_key(public_path.read_text(encoding="utf-8"))
        if stored.raw == raw:
            name = stored.name
    except (OSError, UserError, UnicodeDecodeError):
        pass  # the public file is only a convenience; the private key is the truth
    return PublicKey(raw, name)


def sign(data: bytes) -> tuple[PublicKey, bytes]:
    return own_public_key(), load_private_key().sign(data)


# ------------------------------------------------------------------------------- commune side


def parse_public_key(text: str, source: str = "khoá") -> PublicKey:
    """An exported key file: comment lines, then ``radio-sched-ed25519 <base64> [name]``.

    A PEM ``PUBLIC KEY`` block (as ``openssl pkey -pubout`` writes) is accepted too.
    """
    if "-----BEGIN PUBLIC KEY-----" in text:
        try:
            key = serialization.load_pem_public_key(text.encode("ascii", "replace"))
        except ValueError as error:
            raise UserError(f"{source}: khoá PEM không đọc được ({error}).") from error
        if not isinstance(key, Ed25519PublicKey):
            raise UserError(f"{source}: không phải khoá Ed25519.")
        return PublicKey(raw_public(key))
    lines = [
        line.strip()
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if len(lines) != 1:
        raise UserError(
            f"{source}: cần đúng một dòng khoá dạng “{KEY_TYPE} …”, tìm thấy {len(lines)} dòng."
        )
    parts = lines[0].split(maxsplit=2)
    if len(parts) < 2 or parts[0] != KEY_TYPE:
        raise UserError(f"{source}: dòng khoá phải bắt đầu bằng “{KEY_TYPE}”.")
    try:
        raw = base64.b64decode(parts[1], validate=True)
    except (binascii.Error, ValueError) as error:
        raise UserError(f"{source}: phần khoá không phải base64 hợp lệ.") from error
    if len(raw) != 32:
        raise UserError(f"{source}: khoá Ed25519 phải dài 32 byte, ở đây {len(raw)} byte.")
    return PublicKey(raw, parts[2] if len(parts) > 2 else "")


def read_public_key_file(path: Path) -> PublicKey:
    try:
        with path.open("rb") as handle:
            data = handle.read(_PUBLIC_KEY_MAX_BYTES + 1)
    except FileNotFoundError:
        raise UserError(f"{path}: không tìm thấy tệp khoá.") from None
    except OSError as error:
        raise UserError(f"{path}: không đọc được tệp khoá ({error.strerror}).") from error
    if len(data) > _PUBLIC_KEY_MAX_BYTES:
        raise UserError(f"{path}: tệp quá lớn, không phải tệp khoá công khai.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UserError(f"{path}: tệp khoá không phải văn bản UTF-8.") from error
    return parse_public_key(text, str(path))


def trust_key(path: Path, *, expected_fingerprint: str | None = None) -> tuple[PublicKey, bool]:
    """Trust the key in ``path``; returns the key and whether it was newly trusted."""
    key = read_public_key_file(path)
    if expected_fingerprint is not None:
        wanted = "".join(expected_fingerprint.split()).lower()
        if wanted != key.fingerprint:
            raise UserError(
                f"{path}: dấu vân tay của khoá là {format_fingerprint(key.fingerprint)}, khác với "
                "dấu vân tay được báo. Không tin cậy khoá này; hãy hỏi lại huyện."
            )
    target = trusted_dir() / f"{key.fingerprint}.pub"
    if target.exists():
        return key, False
    write_text_atomic(target, key.export_text())
    return key, True


def trusted_keys() -> dict[str, PublicKey]:
    """Trusted keys by fingerprint. A file whose content does not match its name is ignored:
    only ``trust_key`` writes there, so a mismatch means someone else did."""
    keys: dict[str, PublicKey] = {}
    folder = trusted_dir(create=False)
    if not folder.is_dir():
        return keys
    for path in sorted(folder.glob("*.pub")):
        if not _HEX64.match(path.stem):
            continue
        try:
            key = read_public_key_file(path)
        except UserError:
            continue
        if key.fingerprint == path.stem:
            keys[key.fingerprint] = key
    return keys


def raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
