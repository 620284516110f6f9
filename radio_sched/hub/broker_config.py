"""Mosquitto's three files for the hub's broker: ``mosquitto.conf``, ``acl`` and ``passwd``.

- Every user is named: no anonymous client. The hub's user is its id; each commune's user is its
  station id, and the broker makes the client id the user name (``use_username_as_clientid``),
  so no commune can take over another's persistent session.
- The ACL gives each commune its own topic and the hub's broadcast topic to read, and only its
  own ``from/<station>/…`` topics to write; the hub reads ``from/#`` and writes ``to/#``.
- The password file holds Mosquitto's own PBKDF2-SHA512 form (what ``mosquitto_passwd`` writes),
  made here from the hashes kept in the hub's database: no password is stored in clear.
- The documented setup has two listeners: one on the loopback for the hub service on the same
  machine, and a TLS one for the communes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from radio_sched.atomic import write_text_atomic
from radio_sched.link.protocol import PREFIX, hub_subscription, station_subscriptions

CONF_NAME = "mosquitto.conf"
ACL_NAME = "acl"
USERS_NAME = "passwd"
# Mosquitto's own format and default (mosquitto_passwd): $7$ is PBKDF2-SHA512.
HASH_ITERATIONS = 101
SALT_BYTES = 12
# A pack travels inside one message (base64): the protocol's limit plus the envelope.
MAX_PACKET_BYTES = 50 * 1024 * 1024
# A commune offline for longer than this loses its queued messages; the hub sends again what
# was not acknowledged when it comes back (``hub run``).
SESSION_EXPIRY = "30d"
FILE_MODE = 0o640  # readable by the group Mosquitto runs in (chown root:mosquitto)


def new_password() -> str:
    return secrets.token_urlsafe(18)


def password_hash(password: str, *, salt: bytes | None = None) -> str:
    """``$7$101$<salt>$<hash>``, as ``mosquitto_passwd`` writes it."""
    salt = salt if salt is not None else secrets.token_bytes(SALT_BYTES)
    digest = hashlib.pbkdf2_hmac("sha512", password.encode("utf-8"), salt, HASH_ITERATIONS)
    encoded_salt = base64.b64encode(salt).decode("ascii")
    return f"$7${HASH_ITERATIONS}${encoded_salt}${base64.b64encode(digest).decode('ascii')}"


def password_matches(password: str, hashed: str) -> bool:
    parts = hashed.split("$")
    if len(parts) != 5 or parts[1] != "7":
        return False
    salt = base64.b64decode(parts[3])
    digest = hashlib.pbkdf2_hmac("sha512", password.encode("utf-8"), salt, int(parts[2]))
    return hmac.compare_digest(base64.b64encode(digest).decode("ascii"), parts[4])


@dataclass(frozen=True)
class TlsFiles:
    certfile: str  # the broker's certificate (chain), PEM
    keyfile: str  # its private key, PEM
    port: int = 8883


def acl_text(hub: str, stations: Iterable[str]) -> str:
    lines = [
        "# Quyền trên các kênh MQTT — do radio-sched hub ghi, đừng sửa tay.",
        "",
        f"user {hub}",
        f"topic read {hub_subscription(hub)}",
        f"topic write {PREFIX}/{hub}/to/#",
    ]
    for station in sorted(stations):
        own, broadcast = station_subscriptions(hub, station)
        lines += [
            "",
            f"user {station}",
            f"topic read {own}",
            f"topic read {broadcast}",
            f"topic write {PREFIX}/{hub}/from/{station}/#",
        ]
    return "\n".join(lines) + "\n"


def passwd_text(users: Iterable[tuple[str, str]]) -> str:
    """``user:hash`` lines, sorted by user."""
    return "".join(f"{user}:{hashed}\n" for user, hashed in sorted(users))


def mosquitto_conf(
    folder: Path,
    *,
    local_port: int = 1883,
    local_address: str = "127.0.0.1",
    tls: TlsFiles | None = None,
    data_dir: Path | None = None,
    extra_lines: Sequence[str] = (),
) -> str:
    data = data_dir or folder / "data"
    lines = [
        "# Cấu hình Mosquitto cho trung tâm radio-sched (radio-sched hub broker-config).",
        "# Chạy: mosquitto -c " + str(folder / CONF_NAME),
        "# Sau khi thêm xã (tệp acl, passwd được ghi lại): systemctl reload mosquitto",
        "per_listener_settings false",
        "allow_anonymous false",
        f"password_file {folder / USERS_NAME}",
        f"acl_file {folder / ACL_NAME}",
        "persistence true",
        f"persistence_location {data}/",
        f"persistent_client_expiration {SESSION_EXPIRY}",
        "max_queued_messages 1000",
        # QoS 1 messages in flight to one client: the hub takes a burst of acknowledgements in
        # batches, and acknowledges each batch once it is stored.
        "max_inflight_messages 1000",
        f"max_packet_size {MAX_PACKET_BYTES}",
        "",
        "# Dịch vụ radio-sched hub run trên cùng máy.",
        # Set per listener, after it: before any listener it would open a default one on 1883.
        f"listener {local_port} {local_address}",
        "use_username_as_clientid true",
    ]
    lines += ["", "# Các xã kết nối qua TLS (cổng 8883)."]
    if tls is None:
        lines += [
            "# Bỏ dấu # ở năm dòng sau khi đã có chứng chỉ cho tên máy chủ:",
            "# listener 8883",
            "# use_username_as_clientid true",
            "# certfile /etc/mosquitto/certs/server.crt",
            "# keyfile /etc/mosquitto/certs/server.key",
            "# tls_version tlsv1.2",
        ]
    else:
        lines += [
            f"listener {tls.port}",
            "use_username_as_clientid true",
            f"certfile {tls.certfile}",
            f"keyfile {tls.keyfile}",
            "tls_version tlsv1.2",
        ]
    if extra_lines:
        lines += ["", *extra_lines]
    return "\n".join(lines) + "\n"


def prepare_data_dir(folder: Path) -> Path:
    """Where Mosquitto keeps its sessions and queued messages (it must exist)."""
    data = folder / "data"
    data.mkdir(parents=True, exist_ok=True)
    return data


def write_acl_and_passwd(folder: Path, hub: str, users: Sequence[tuple[str, str]]) -> None:
    """``users``: (user, hash) for the hub and every commune; the ACL names the communes."""
    folder.mkdir(parents=True, exist_ok=True)
    stations = [user for user, _hash in users if user != hub]
    write_text_atomic(folder / ACL_NAME, acl_text(hub, stations), file_mode=FILE_MODE)
    write_text_atomic(folder / USERS_NAME, passwd_text(users), file_mode=FILE_MODE)
