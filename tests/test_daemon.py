"""The daemon for real: a subprocess with the file sink, on slots a few seconds from now.

These wait for the wall clock on purpose (marker ``realtime``, part of the default run); the
runner's decisions are tested on a fake clock in test_daemon_runner.py. To hold under load the
daemon is started first and the slot is put a few seconds ahead only once it is on air (it reads
station.toml again when the file changes), and each test ends when the sink shows the items
ended, not after a fixed time."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from test_schedule_support import station_toml, write_wav

from radio_sched.cli import main

pytestmark = pytest.mark.realtime

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
ROOT = Path(__file__).resolve().parent.parent
LEAD = 4.0  # seconds from writing the slot to its start: two plan checks and some
PATIENCE = 60.0  # longest wait for what should take seconds, on a loaded machine


def add_programs(tmp: Path, durations: list[float]) -> None:
    for number, seconds in enumerate(durations, start=1):
        audio = write_wav(tmp / f"bai{number}.wav", seconds)
        assert (
            main(["program", "add-audio", str(audio), "--title", f"Bài {number}", "--per-day", "1"])
            == 0
        )


def put_slot(home: Path, length: float, lead: float = LEAD) -> dt.datetime:
    """A slot starting ``lead`` seconds from now (whole seconds), station time, same day."""
    now = dt.datetime.now(ZONE)
    midnight = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(), tzinfo=ZONE)
    if (midnight - now).total_seconds() < lead + length + 60:
        pytest.skip("too close to midnight for a slot on one day")
    start = (now + dt.timedelta(seconds=lead)).replace(microsecond=0) + dt.timedelta(seconds=1)
    station_toml(home, [("Thử", start.time(), (start + dt.timedelta(seconds=length)).time())])
    return start


def empty_station(home: Path) -> None:
    station_toml(home, [("Đêm", dt.time(0, 0, 1), dt.time(0, 0, 2))])  # nothing soon


STARTED: list[subprocess.Popen[str]] = []


@pytest.fixture(autouse=True)
def no_daemon_left_behind() -> Iterator[None]:
    """A test that fails midway must not leave its daemon airing into a temporary folder for the
    rest of the day (four did, for 45 minutes, after one failed run on a shared machine)."""
    yield
    while STARTED:
        process = STARTED.pop()
        if process.poll() is None:
            process.kill()
            process.communicate()


def start_daemon(home: Path, *args: str, tz: str = "UTC") -> subprocess.Popen[str]:
    env = {**os.environ, "RADIO_SCHED_HOME": str(home), "TZ": tz, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "radio_sched",
            "daemon",
            "--player",
            "file",
            "--sink",
            str(home / "sink"),
            *args,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    STARTED.append(process)
    return process


def started(process: subprocess.Popen[str]) -> None:
    """Wait until the daemon says it is on air."""
    assert process.stdout is not None
    for line in process.stdout:
        if "bắt đầu phát theo lịch" in line:
            return
    raise AssertionError(process.communicate(timeout=10))


def stop(process: subprocess.Popen[str]) -> str:
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=PATIENCE)
    assert process.returncode == 0, err
    assert "Traceback" not in err, err
    return out


def wait_until(moment: dt.datetime) -> None:
    time.sleep(max(0.0, (moment - dt.datetime.now(ZONE)).total_seconds()))


def wait_for_ends(home: Path, count: int) -> list[dict[str, object]]:
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        ends = [e for e in sink(home) if e["event"] == "end"]
        if len(ends) >= count:
            return ends
        time.sleep(0.1)
    raise AssertionError(f"still waiting for {count} items to end: {sink(home)}")


def asrun(capsys: pytest.CaptureFixture[str]) -> dict[str, dict[str, object]]:
    capsys.readouterr()
    assert main(["asrun", "--from", "2000-01-01", "--to", "2100-01-01", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["asrun"]
    return {row["title"]: row for row in rows}


def sink(home: Path) -> list[dict[str, object]]:
    path = home / "sink" / "sink.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def on_air_with(
    home: Path, tmp: Path, durations: list[float], tz: str = "UTC"
) -> tuple[subprocess.Popen[str], dt.datetime]:
    """A daemon on air, then programs, then a slot ``LEAD`` seconds ahead."""
    empty_station(home)
    daemon = start_daemon(home, tz=tz)
    started(daemon)
    add_programs(tmp, durations)
    return daemon, put_slot(home, sum(durations) + 20)


def test_plays_on_time_at_station_time_with_host_in_utc(
    station_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    daemon, start = on_air_with(station_home, tmp_path, [1.0, 1.0], tz="UTC")
    wait_for_ends(station_home, 2)
    out = stop(daemon)
    rows = asrun(capsys)
    assert {r["outcome"] for r in rows.values()} == {"played"}, out
    scheduled = sorted(dt.datetime.fromisoformat(str(r["scheduled_start"])) for r in rows.values())
    assert scheduled[0] == start  # the slot's station time, not the host's
    assert scheduled[0].utcoffset() == dt.timedelta(hours=7)
    starts = {
        e["label"]: dt.datetime.fromisoformat(str(e["at"]))
        for e in sink(station_home)
        if e["event"] == "start"
    }
    for row in rows.values():
        actual = starts[str(row["key"])]
        due = dt.datetime.fromisoformat(str(row["scheduled_start"]))
        assert actual >= due - dt.timedelta(milliseconds=20)  # never early
        assert actual - due < dt.timedelta(seconds=5)  # within the grace, else it would be missed


def test_sigkill_mid_item_then_restart_resumes_at_the_sentence(
    station_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, start = on_air_with(station_home, tmp_path, [1.5, 1.5, 1.5, 1.5], "America/Los_Angeles")
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:  # 0.8 s or more into the second item: past a pause
        starts = [e for e in sink(station_home) if e["event"] == "start"]
        if len(starts) >= 2:
            wait_until(dt.datetime.fromisoformat(str(starts[1]["at"])) + dt.timedelta(seconds=0.8))
            break
        time.sleep(0.02)
    first.send_signal(signal.SIGKILL)
    first.communicate(timeout=10)
    second = start_daemon(station_home)
    wait_for_ends(station_home, 4)
    out = stop(second)
    rows = sorted(asrun(capsys).values(), key=lambda r: str(r["scheduled_start"]))
    assert len(rows) == 4, out
    assert {r["outcome"] for r in rows} == {"played"}, out
    starts = [e for e in sink(station_home) if e["event"] == "start"]
    cut = str(rows[1]["key"])
    parts = [float(str(e["from"])) for e in starts if e["label"] == cut]
    assert len(parts) == 2 and parts[0] == 0.0, out
    assert 0.5 < parts[1] <= 1.5  # a pause before the kill, not the top
    for row in rows:  # everything else started once, from the top
        if row["key"] != cut:
            assert [e["from"] for e in starts if e["label"] == row["key"]] == [0.0]
    assert start <= dt.datetime.fromisoformat(str(rows[0]["scheduled_start"]))


def test_locked_database_holds_the_sound_until_its_start_row_is_written(
    station_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    daemon, start = on_air_with(station_home, tmp_path, [1.5, 1.5])
    wait_until(start - dt.timedelta(seconds=1.0))
    locker = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys, time, datetime\n"
            "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
            "c.execute('BEGIN EXCLUSIVE')\n"
            "c.execute('UPDATE plan_state SET revision = revision')\n"
            "print('locked', flush=True)\n"
            "time.sleep(3)\n"
            "c.execute('COMMIT')\n"
            "print(datetime.datetime.now(datetime.UTC).isoformat(), flush=True)\n",
            str(station_home / "radio_sched.sqlite3"),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert locker.stdout is not None and locker.stdout.readline().strip() == "locked"
    released = dt.datetime.fromisoformat(locker.stdout.readline().strip())
    locker.wait(timeout=30)
    wait_for_ends(station_home, 2)
    out = stop(daemon)
    starts = [e for e in sink(station_home) if e["event"] == "start"]
    assert len(starts) == 2 and len({e["label"] for e in starts}) == 2, out
    first_start = min(dt.datetime.fromisoformat(str(e["at"])) for e in starts)
    # Not a sound before its row could be written; then at once (the slot is held on air).
    assert first_start >= released - dt.timedelta(milliseconds=50), out
    rows = asrun(capsys)
    assert {r["outcome"] for r in rows.values()} == {"played"}, out


def test_emergency_interrupts_at_a_pause_then_the_item_resumes_there(
    station_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    alarm = write_wav(tmp_path / "bao.wav", 1.0)
    daemon, start = on_air_with(station_home, tmp_path, [6.0])
    add_alarm = ["program", "add-audio", str(alarm), "--title", "Tin bão khẩn", "--per-day", "0"]
    assert main(add_alarm) == 0
    wait_until(start + dt.timedelta(seconds=1.5))
    assert main(["emergency", "2"]) == 0  # the running daemon learns of it from the plan revision
    ends = wait_for_ends(station_home, 3)
    out = stop(daemon)
    rows = asrun(capsys)
    assert rows["Tin bão khẩn"]["outcome"] == "played", out
    assert rows["Bài 1"]["outcome"] == "played", out
    normal = [e for e in ends if e["label"] == rows["Bài 1"]["key"]]
    assert normal[0]["interrupted"] is True and 1.5 <= float(str(normal[0]["position"])) < 6.0
    assert normal[1]["from"] == normal[0]["position"]  # went on where it stopped
    assert float(str(normal[1]["position"])) == pytest.approx(6.0, abs=0.05)
    assert [e["label"] for e in ends].index(rows["Tin bão khẩn"]["key"]) == 1


def test_daemon_imports_no_textual_and_core_no_apscheduler() -> None:
    code = (
        "import sys\n"
        "import radio_sched.schedule.now, radio_sched.schedule.clock\n"
        # What plays now is pure: no store, no player behind it.
        "assert not {'sqlalchemy', 'miniaudio', 'numpy'} & set(sys.modules), sys.modules\n"
        "import radio_sched.schedule.plan, radio_sched.schedule.exports\n"
        "assert 'apscheduler' not in sys.modules\n"
        "import radio_sched.schedule.daemon, radio_sched.cli.daemon, radio_sched.report\n"
        "assert 'textual' not in sys.modules, 'textual imported'\n"
        # radio-sched-daemon builds the whole parser: no command module may import Textual early.
        "from radio_sched.cli import build_parser\n"
        "build_parser()\n"
        "assert 'textual' not in sys.modules, 'textual imported by the CLI parser'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_two_daemons_started_in_the_same_second_one_refuses(station_home: Path) -> None:
    first = start_daemon(station_home, "--exit-after", "4")
    second = start_daemon(station_home, "--exit-after", "4")
    results = [p.communicate(timeout=60) for p in (first, second)]
    codes = sorted(p.returncode for p in (first, second))
    assert codes == [0, 2], results
    refused = next(
        err for p, (_, err) in zip((first, second), results, strict=True) if p.returncode
    )
    lines = [line for line in refused.splitlines() if line.strip()]
    assert len(lines) == 1 and "tiến trình khác" in lines[0], refused
    assert "daemon.lock" in lines[0] and "Traceback" not in refused
