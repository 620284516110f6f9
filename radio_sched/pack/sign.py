"""``manifest.sig``: an Ed25519 signature over the exact bytes of ``manifest.json``.

The signature file names the public key that made it, so a commune can say *which* key signed a
pack it does not trust; whether the key is trusted is decided by the commune's own list, never by
anything in the pack.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass

from radio_sched import keys

ALGORITHM = "Ed25519"
MAX_SIGNATURE_BYTES = 4_096


class SignatureFormatError(ValueError):
    """``manifest.sig`` is not a signature document; the message is in Vietnamese."""


@dataclass(frozen=True)
class PackSignature:
    public_key: keys.PublicKey
    signature: bytes

    def to_bytes(self) -> bytes:
        document = {
            "algorithm": ALGORITHM,
            "key_fingerprint": self.public_key.fingerprint,
            "public_key": base64.b64encode(self.public_key.raw).decode("ascii"),
            "signature": base64.b64encode(self.signature).decode("ascii"),
        }
        return (json.dumps(document, sort_keys=True, indent=2) + "\n").encode("ascii")


def sign_manifest(manifest_bytes: bytes) -> PackSignature:
    """Sign with the district key in this station home."""
    public, signature = keys.sign(manifest_bytes)
    return PackSignature(public, signature)


def parse_signature(data: bytes) -> PackSignature:
    if len(data) > MAX_SIGNATURE_BYTES:
        raise SignatureFormatError("manifest.sig quá lớn")
    try:
        document = json.loads(data.decode("ascii"))
    except (UnicodeDecodeError, ValueError) as error:
        raise SignatureFormatError("manifest.sig không phải JSON hợp lệ") from error
    expected = {"algorithm", "key_fingerprint", "public_key", "signature"}
    if not isinstance(document, dict) or set(document) != expected:
        raise SignatureFormatError(
            f"manifest.sig phải có đúng các trường {', '.join(sorted(expected))}"
        )
    if document["algorithm"] != ALGORITHM:
        raise SignatureFormatError(f"manifest.sig dùng thuật toán lạ {document['algorithm']!r}")
    try:
        raw = base64.b64decode(str(document["public_key"]), validate=True)
        signature = base64.b64decode(str(document["signature"]), validate=True)
    except (binascii.Error, ValueError) as error:
        raise SignatureFormatError("manifest.sig có khoá hoặc chữ ký không phải base64") from error
    if len(raw) != 32 or len(signature) != 64:
        raise SignatureFormatError("manifest.sig có khoá hoặc chữ ký sai độ dài")
    public = keys.PublicKey(raw)
    if document["key_fingerprint"] != public.fingerprint:
        raise SignatureFormatError("manifest.sig ghi dấu vân tay không khớp với khoá của nó")
    return PackSignature(public, signature)
