"""Every failure of the store or of the disk is one line naming the file and what to do, from
every command: a lock held by another program, a damaged file, a read-only or a full disk.

The conditions are real: a second process holding SQLite's exclusive lock, random bytes in the
database file, and a small tmpfs mounted (in a private mount namespace) read-only or filled up.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import wave
from collections.abc import Iterator
from pathlib import Path

import pytest
from small_disk import run_on_small_disk

from radio_sched.cli import main
from radio_sched.errors import DatabaseBusy, DatabaseCorrupt, DiskFull, NotWritable
from radio_sched.store import backup, open_store
from radio_sched.store.failures import explain

SAMPLE = Path(__file__).parent / "data" / "directives" / "01_bau_cu_condao_stttt169.txt"
RELEASE_0_1_0 = Path(__file__).parent / "data" / "stations" / "release-0.1.0.sqlite3"


def silence_wav(path: Path, seconds: float = 1.0) -> Path:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(bytes(int(8000 * seconds) * 2))
    return path


@pytest.fixture
def station(station_home: Path) -> Path:
    """A station in service: release 0.1.0's database, opened (so upgraded), with a copy."""
    database = station_home / "radio_sched.sqlite3"
    shutil.copyfile(RELEASE_0_1_0, database)
    open_store(f"sqlite:///{database}").dispose()
    assert main(["backup", "take"]) == 0
    return database


def commands(tmp_path: Path) -> dict[str, list[str]]:
    return {
        "import": ["import", str(SAMPLE)],
        "program list": ["program", "list"],
        "report": ["report", "--from", "2021-09-06", "--to", "2021-09-12", "--format", "csv"],
        "approve": ["approve", "--program", "1", "--by", "Tâm"],
        "add-audio": ["program", "add-audio", str(silence_wav(tmp_path / "a.wav")), "--title", "T"],
        "plan": ["plan", "--from", "2021-09-06", "--to", "2021-09-12"],
        "asrun": ["asrun", "--from", "2021-09-06", "--to", "2021-09-12"],
    }


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(args)
    return code, capsys.readouterr().err


def assert_one_line(error: str, *needles: str) -> None:
    assert error.count("\n") == 1, error
    assert error.startswith("radio-sched: lỗi: ")
    assert "Traceback" not in error
    for needle in needles:
        assert needle in error, error


# -- a damaged database --------------------------------------------------------------------


@pytest.mark.parametrize(
    "command", ["import", "program list", "report", "approve", "add-audio", "plan", "asrun"]
)
def test_a_damaged_database_names_the_file_and_the_restore_command(
    station: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    assert backup.latest(station) is not None
    station.write_bytes(os.urandom(64 * 1024))
    for side in ("-wal", "-shm"):
        station.with_name(station.name + side).unlink(missing_ok=True)
    code, error = run(commands(tmp_path)[command], capsys)
    assert code == 3
    assert_one_line(error, str(station), "bị hỏng", "radio-sched backup restore")


def test_restore_puts_the_backup_back_and_keeps_the_damaged_file(
    station: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    damaged = os.urandom(64 * 1024)
    station.write_bytes(damaged)
    assert main(["backup", "restore"]) == 0
    assert main(["program", "list"]) == 0
    out = capsys.readouterr().out
    assert "Bản tin huyện" in out or "chương trình" in out.lower()
    kept = [p for p in station.parent.joinpath("backups").iterdir() if p.suffix == ".cu"]
    assert [p.read_bytes() for p in kept] == [damaged]


def test_a_damaged_database_without_any_copy_says_what_to_do(
    station_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = station_home / "radio_sched.sqlite3"
    database.write_bytes(os.urandom(8192))
    code, error = run(["program", "list"], capsys)
    assert code == 3
    assert_one_line(error, str(database), "Chưa có bản sao", "đổi tên")


# -- a lock held by another program ----------------------------------------------------------


@pytest.fixture
def held_lock(station: Path) -> Iterator[None]:
    """Another process holds SQLite's exclusive (write) lock until the test ends."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys\n"
            f"c = sqlite3.connect({str(station)!r}, isolation_level=None)\n"
            "c.execute('BEGIN EXCLUSIVE')\n"
            "print('held', flush=True)\n"
            "sys.stdin.read()\n"
            "c.execute('COMMIT')\n",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    try:
        yield
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)


@pytest.mark.parametrize("command", ["import", "approve", "add-audio"])
def test_a_lock_held_past_the_bounded_wait_is_one_line(
    station: Path,
    held_lock: None,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    command: str,
) -> None:
    monkeypatch.setattr("radio_sched.store.db.BUSY_TIMEOUT_SECONDS", 1)
    code, error = run(commands(tmp_path)[command], capsys)
    assert code == 3
    assert_one_line(error, str(station), "chương trình khác", "đã chờ 1 giây", "thử lại")


def test_readers_are_not_blocked_by_a_writer(
    station: Path, held_lock: None, capsys: pytest.CaptureFixture[str]
) -> None:
    # WAL: the plan and the lists stay readable while the daemon (or anyone) writes.
    assert main(["program", "list"]) == 0


# -- read-only and full disks ----------------------------------------------------------------


@pytest.mark.parametrize("command", ["import", "program list", "approve", "add-audio", "report"])
def test_a_read_only_home_is_one_line(station: Path, tmp_path: Path, command: str) -> None:
    args = commands(tmp_path)[command]
    done = run_on_small_disk(station.parent, args, readonly=True)
    assert done.returncode == 3, done.stderr
    assert_one_line(done.stderr, "disk", "không ghi được", "quyền ghi")


@pytest.mark.parametrize("command", ["import", "program list", "approve", "add-audio", "report"])
def test_a_full_disk_is_one_line_saying_what_to_free(
    station: Path, tmp_path: Path, command: str
) -> None:
    args = commands(tmp_path)[command]
    done = run_on_small_disk(station.parent, args, leave_kb=0)
    assert done.returncode == 3, done.stderr
    assert_one_line(done.stderr, "disk", "đĩa đã đầy", "radio-sched cache prune")


# -- the translation itself ----------------------------------------------------------------


def test_explain_leaves_other_errors_alone() -> None:
    assert explain(ValueError("x"), "db.sqlite3") is None
    assert explain(KeyError("x"), None) is None


def test_explain_reads_sqlites_own_codes(tmp_path: Path) -> None:
    import sqlite3

    database = tmp_path / "ro.sqlite3"
    sqlite3.connect(database).execute("CREATE TABLE t (x)").connection.commit()
    readonly = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    with pytest.raises(sqlite3.OperationalError) as raised:
        readonly.execute("INSERT INTO t VALUES (1)")
    assert isinstance(explain(raised.value, database), NotWritable)
    database.write_bytes(os.urandom(4096))
    with pytest.raises(sqlite3.DatabaseError) as corrupt:
        sqlite3.connect(database).execute("SELECT * FROM t")
    assert isinstance(explain(corrupt.value, database), DatabaseCorrupt)
    full = OSError(28, "No space left on device", str(tmp_path / "x"))
    assert isinstance(explain(full), DiskFull)
    assert DatabaseBusy.transient and not DiskFull.transient
