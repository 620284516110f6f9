"""A real PostgreSQL server for the tests: one per test session (per xdist worker), one database
per session copied from a migrated template, emptied before each test, so a test starts on an
empty hub database at the newest revision in a few milliseconds (copying the template for every
test took half a second each on a loaded machine).

The server programs come from the distribution (``/usr/lib/postgresql/<n>/bin``, or ``initdb`` on
the PATH). ``initdb`` refuses to run as root, so when the tests run as root the server runs as the
``postgres`` system user, in a temporary folder that user owns. It listens only on a Unix socket
in that folder (no TCP port to collide with another suite beside this one), with durability
turned off: a test database is thrown away anyway.

Used as a pytest plugin (``pytest_plugins`` in ``conftest.py``): the fixtures ``postgres``
(the server) and ``hub_database_url`` (a fresh, migrated hub database) are then available to
every test module, the commune link's end-to-end tests included.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

SERVER_USER = "postgres"  # the superuser role initdb creates, and the system user when root


def server_bin_dir() -> Path:
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).parent
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda path: int(path.parent.parent.name) if path.parent.parent.name.isdigit() else 0,
    )
    if not versions:
        pytest.fail(
            "PostgreSQL server programs not found (initdb): install the distribution's "
            "postgresql package (apt-get install postgresql)"
        )
    return versions[-1].parent


def free_port() -> int:
    """A port number for the socket's name (``.s.PGSQL.<port>``); nothing listens on TCP."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class PostgresServer:
    """A throw-away server; ``url(database)`` gives an SQLAlchemy URL for psycopg 3."""

    def __init__(self) -> None:
        self.bin = server_bin_dir()
        self.as_root = os.geteuid() == 0
        self.folder = Path(tempfile.mkdtemp(prefix="radio-sched-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self._names = itertools.count(1)
        self._lock = threading.Lock()
        if self.as_root:
            user = pwd.getpwnam(SERVER_USER)
            os.chown(self.folder, user.pw_uid, user.pw_gid)
        self.folder.chmod(0o700)

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", SERVER_USER, "--"] if self.as_root else []
        done = subprocess.run(
            [*prefix, *command], capture_output=True, text=True, timeout=120, check=False
        )
        if done.returncode != 0:
            log = self.folder / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{command[0]} failed: {done.stderr or done.stdout}\n{tail}")

    def start(self) -> None:
        self._run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            SERVER_USER,
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        options = " ".join(
            [
                f"-p {self.port}",
                f"-k {self.folder}",
                "-c listen_addresses=''",
                "-c fsync=off",
                "-c synchronous_commit=off",
                "-c full_page_writes=off",
                "-c max_connections=60",
                "-c shared_buffers=32MB",
            ]
        )
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.folder / "server.log"),
            "-w",
            "-o",
            options,
            "start",
        )

    def stop(self) -> None:
        with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{SERVER_USER}@/{database}?host={self.folder}&port={self.port}"

    def execute(self, statement: str, database: str = "postgres") -> list[tuple[object, ...]]:
        """One statement outside a transaction (CREATE/DROP DATABASE need that); its rows."""
        import psycopg

        with psycopg.connect(
            host=str(self.folder), port=self.port, user=SERVER_USER, dbname=database
        ) as connection:
            connection.autocommit = True
            cursor = connection.execute(statement.encode("utf-8"))
            return cursor.fetchall() if cursor.description else []

    def empty_tables(self, database: str, keep: tuple[str, ...] = ()) -> None:
        """Every table of ``database`` emptied (those in ``keep`` left as they are): much faster
        than copying a template (CREATE DATABASE writes the whole catalog again)."""
        tables = [
            str(row[0])
            for row in self.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'", database
            )
            if row[0] not in keep
        ]
        if tables:
            # A test that left a connection in a transaction would make TRUNCATE wait: fail
            # loudly instead of hanging the suite.
            names = ", ".join(f'"{name}"' for name in tables)
            self.execute(
                f"SET lock_timeout = '20s'; TRUNCATE {names} RESTART IDENTITY CASCADE", database
            )

    def new_database(self, template: str | None = None) -> str:
        """A new, empty (or copied) database; returns its name."""
        with self._lock:
            name = f"test_{next(self._names)}"
        copied = f" TEMPLATE {template}" if template else ""
        self.execute(f"CREATE DATABASE {name}{copied}")
        return name

    def drop_database(self, name: str) -> None:
        self.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    server = PostgresServer()
    try:
        server.start()
        yield server
    finally:
        server.stop()


def _migrated_template(server: PostgresServer, prepare: Callable[[str], None]) -> str:
    name = server.new_database()
    prepare(server.url(name))
    # A template may not have open connections when it is copied: ``prepare`` disposes its own.
    return name


@pytest.fixture(scope="session")
def hub_template(postgres: PostgresServer) -> str:
    """A database with the hub's schema, made once per session by the hub's own migrations."""

    def prepare(url: str) -> None:
        from radio_sched.hub.db import open_hub_store

        open_hub_store(url).dispose()

    return _migrated_template(postgres, prepare)


@pytest.fixture(scope="session")
def hub_database(postgres: PostgresServer, hub_template: str) -> str:
    """The session's hub database, copied once from the template."""
    return postgres.new_database(template=hub_template)


@pytest.fixture
def hub_database_url(postgres: PostgresServer, hub_database: str) -> str:
    """An empty hub database for one test, at the newest revision (the session's database with
    every table emptied: tests of one worker run one after the other)."""
    postgres.empty_tables(hub_database, keep=("hub_alembic_version",))
    return postgres.url(hub_database)
