"""A real Mosquitto broker for the link tests: its own config, port and folder, stopped at the end.

Use it as a context manager, or through the ``mqtt_broker`` fixture (one broker per xdist worker
and test session, anonymous, no ACL; tests that need users or an ACL start their own with
``running_broker``)::

    with running_broker(tmp_path, acl_file=acl, password_file=passwords) as broker:
        client.connect(broker.host, broker.port)
        broker.restart()  # the link drops; persistent sessions survive (persistence is on)

No mock: the broker is the Debian ``mosquitto`` program (``.ci/run`` installs it when missing).
"""

from __future__ import annotations

import getpass
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

HOST = "127.0.0.1"
# Waiting for a process to listen is not a timing assertion: the deadline only stops a broken
# broker from hanging the suite, and a loaded machine gets plenty of it.
_START_DEADLINE_S = 20.0


def mosquitto_program() -> str:
    found = shutil.which("mosquitto") or shutil.which("mosquitto", path="/usr/sbin:/sbin")
    if found is None:
        pytest.fail(
            "Mosquitto is not installed: `apt-get install mosquitto mosquitto-clients` "
            "(.ci/run does it on a fresh machine)."
        )
    return found


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def write_password_file(path: Path, users: Mapping[str, str]) -> Path:
    """A Mosquitto password file (hashed by ``mosquitto_passwd -U``) for ``users``."""
    path.write_text("".join(f"{user}:{password}\n" for user, password in users.items()))
    path.chmod(0o600)
    program = shutil.which("mosquitto_passwd")
    if program is None:
        pytest.fail("mosquitto_passwd is missing: `apt-get install mosquitto`.")
    subprocess.run([program, "-U", str(path)], check=True, capture_output=True)
    return path


class MosquittoBroker:
    """One running ``mosquitto`` on ``HOST:port``; ``restart`` keeps port and persisted state."""

    def __init__(
        self,
        folder: Path,
        *,
        acl_file: Path | None = None,
        password_file: Path | None = None,
        extra_config: Sequence[str] = (),
    ) -> None:
        self.folder = folder
        self.host = HOST
        self.port = free_port()
        self.config_path = folder / "mosquitto.conf"
        self.log_path = folder / "mosquitto.log"
        (folder / "data").mkdir(parents=True, exist_ok=True)
        lines = [
            # Started as root (CI), mosquitto would switch to the 'mosquitto' user, which cannot
            # read this test's folder.
            f"user {getpass.getuser()}",
            f"allow_anonymous {'false' if password_file else 'true'}",
            "persistence true",
            f"persistence_location {folder / 'data'}/",
            "autosave_interval 0",
            f"log_dest file {self.log_path}",
            "log_type error",
            "log_type warning",
            "log_type notice",
            "log_type information",
            "connection_messages true",
            "max_queued_messages 100000",
        ]
        if acl_file is not None:
            lines.append(f"acl_file {acl_file}")
        if password_file is not None:
            lines.append(f"password_file {password_file}")
        lines.extend(extra_config)
        self._settings = lines
        self._write_config()
        self._process: subprocess.Popen[bytes] | None = None
        self._started_once = False
        self._log_start = 0

    def _write_config(self) -> None:
        lines = [f"listener {self.port} {HOST}", *self._settings]
        self.config_path.write_text("\n".join(lines) + "\n")

    def start(self) -> None:
        if self._process is not None:
            return
        for _attempt in range(3):
            self._log_start = len(self.log())
            self._process = subprocess.Popen(
                [mosquitto_program(), "-c", str(self.config_path)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            if self._wait_listening(may_move=not self._started_once):
                self._started_once = True
                return
            # The free port was taken between choosing it and the broker binding it (another
            # suite beside this one); a first start may move, a restart keeps its port.
            self.port = free_port()
            self._write_config()
        pytest.fail(f"mosquitto found no free port:\n{self.log()}")

    def stop(self) -> None:
        """Stop cleanly (SIGTERM): Mosquitto saves its sessions and queued messages."""
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=_START_DEADLINE_S)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if process.stderr is not None:
            process.stderr.close()

    def restart(self) -> None:
        """Drop every connection; sessions and queued QoS 1 messages come back from disk."""
        self.stop()
        self.start()

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def _wait_listening(self, *, may_move: bool) -> bool:
        """True once this broker listens (its log says it runs, and it takes a connection);
        False when its port was taken and it may move. A connection alone proved nothing: the
        process that holds the port takes it while this broker exits."""
        assert self._process is not None
        deadline = time.monotonic() + _START_DEADLINE_S
        while True:
            since_start = self.log()[self._log_start :]
            port_taken = "Address already in use" in since_start
            if port_taken and self._process.poll() is None:
                self._process.kill()
                self._process.wait()
            if self._process.poll() is not None:
                stderr = (
                    self._process.stderr.read().decode(errors="replace")
                    if (self._process.stderr)
                    else ""
                )
                self._process = None
                if may_move and port_taken:
                    return False
                pytest.fail(f"mosquitto exited at start:\n{stderr}\n{since_start}")
            if " running" in since_start:
                try:
                    with socket.create_connection((self.host, self.port), timeout=1.0):
                        return True
                except OSError:
                    pass
            if time.monotonic() > deadline:
                self.stop()
                pytest.fail(f"mosquitto did not listen on {self.port}:\n{since_start}")
            time.sleep(0.02)


@contextmanager
def running_broker(
    folder: Path,
    *,
    acl_file: Path | None = None,
    password_file: Path | None = None,
    extra_config: Sequence[str] = (),
) -> Iterator[MosquittoBroker]:
    broker = MosquittoBroker(
        folder, acl_file=acl_file, password_file=password_file, extra_config=extra_config
    )
    broker.start()
    try:
        yield broker
    finally:
        broker.stop()


@pytest.fixture(scope="session")
def mqtt_broker() -> Iterator[MosquittoBroker]:
    """One anonymous broker per test session (so per xdist worker). Tests that restart the
    broker or need users and an ACL start their own with ``running_broker``."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    with (
        tempfile.TemporaryDirectory(prefix=f"mosquitto-{worker}-") as folder,
        running_broker(Path(folder)) as broker,
    ):
        yield broker
