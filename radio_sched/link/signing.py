"""Keys that sign link messages: the hub's district key, and each station's own key.

The station key (``keys/station_ed25519.key`` in the station home, owner-only) signs the
station's as-run and status messages; its public file (``keys/station_ed25519.pub``, the usual
one-line format) is registered at the hub (``radio-sched hub commune add <id> --key <file>``),
after comparing fingerprints over the phone as for the district key.
"""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from radio_sched import keys, locations

STATION_PRIVATE_KEY_NAME = "station_ed25519.key"
STATION_PUBLIC_KEY_NAME = "station_ed25519.pub"


class KeySigner:
    """A private key as the protocol's ``Signer``."""

    def __init__(self, private: Ed25519PrivateKey, name: str = "") -> None:
        self._private = private
        self.public_key = keys.PublicKey(keys.raw_public(private.public_key()), name)

    @property
    def fingerprint(self) -> str:
        return self.public_key.fingerprint

    def sign(self, data: bytes) -> bytes:
        return self._private.sign(data)


def district_signer() -> KeySigner:
    """The office's key (``radio-sched keys init``), which signs packs and hub messages."""
    private = keys.load_private_key()
    return KeySigner(private, keys.public_key_of(private, keys.public_key_path()).name)


def station_key_path() -> Path:
    return locations.keys_dir() / STATION_PRIVATE_KEY_NAME


def station_public_key_path() -> Path:
    return locations.keys_dir() / STATION_PUBLIC_KEY_NAME


def init_station_key(name: str) -> tuple[keys.PublicKey, bool]:
    """The station's key pair, made once; returns (public key, whether it was made now).

    An existing key is kept: the hub knows the station by it, and a new one would have to be
    registered again."""
    if station_key_path().exists():
        return station_signer().public_key, False
    return keys.make_key_pair(station_key_path(), station_public_key_path(), name), True


def station_signer() -> KeySigner:
    private = keys.load_private_key_file(
        station_key_path(),
        "Chưa có khoá của đài để nối với trung tâm. Hãy chạy: radio-sched link setup …",
    )
    return KeySigner(private, keys.public_key_of(private, station_public_key_path()).name)
