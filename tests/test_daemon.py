"""The daemon for real: a subprocess with the file sink, on slots a few seconds from now."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from test_schedule_support import station_toml, write_wav

from radio_sched.cli import main

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
ROOT = Path(__file__).resolve().parent.parent


def slot_from_now(lead: float, length: float) -> tuple[dt.datetime, dt.datetime]:
    """A slot starting ``lead`` seconds from now (whole seconds), station time, same day."""
    now = dt.datetime.now(ZONE)
    midnight = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(), tzinfo=ZONE)
    if (midnight - now).total_seconds() < lead + length + 30:
        time.sleep((midnight - now).total_seconds() + 1)  # slots cannot cross midnight
        now = dt.datetime.now(ZONE)
    start = (now + dt.timedelta(seconds=lead)).replace(microsecond=0) + dt.timedelta(seconds=1)
    return start, start + dt.timedelta(seconds=length)


def setup_station(home: Path, tmp: Path, durations: list[float], lead: float = 3.0) -> dt.datetime:
    start, end = slot_from_now(lead, sum(durations) + 20)
    station_toml(home, [("Thử", start.time(), end.time())])
    for number, seconds in enumerate(durations, start=1):
        audio = write_wav(tmp / f"bai{number}.wav", seconds)
        assert (
            main(["program", "add-audio", str(audio), "--title", f"Bài {number}", "--per-day", "1"])
            == 0
        )
    return start


def start_daemon(home: Path, *args: str, tz: str = "UTC") -> subprocess.Popen[str]:
    env = {**os.environ, "RADIO_SCHED_HOME": str(home), "TZ": tz, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
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


def finish(process: subprocess.Popen[str], timeout: float = 60) -> tuple[str, str]:
    out, err = process.communicate(timeout=timeout)
    assert process.returncode == 0, err
    assert "Traceback" not in err, err
    return out, err


def wait_until(moment: dt.datetime) -> None:
    time.sleep(max(0.0, (moment - dt.datetime.now(ZONE)).total_seconds()))


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


def test_plays_on_time_at_station_time_with_host_in_utc(
    station_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    start = setup_station(station_home, tmp_path, [1.0, 1.0])
    run_for = (start - dt.datetime.now(ZONE)).total_seconds() + 2.5
    out, _ = finish(start_daemon(station_home, "--exit-after", f"{run_for:.1f}", tz="UTC"))
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


def test_sigkill_mid_slot_then_restart_plays_nothing_twice(
    station_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    start = setup_station(station_home, tmp_path, [1.5, 1.5, 1.5, 1.5])
    first = start_daemon(station_home, "--grace", "0.5", tz="America/Los_Angeles")
    wait_until(start + dt.timedelta(seconds=0.75))
    first.send_signal(signal.SIGKILL)
    first.communicate(timeout=10)
    wait_until(start + dt.timedelta(seconds=2.5))  # the second item's time passes while down
    run_for = (start - dt.datetime.now(ZONE)).total_seconds() + 6.5
    out, _ = finish(start_daemon(station_home, "--grace", "0.5", "--exit-after", f"{run_for:.1f}"))
    rows = sorted(asrun(capsys).values(), key=lambda r: str(r["scheduled_start"]))
    assert len(rows) == 4, out
    assert rows[0]["outcome"] == "failed" and "đột ngột" in str(rows[0]["reason"])
    assert rows[1]["outcome"] == "missed" and "không hoạt động" in str(rows[1]["reason"])
    assert rows[3]["outcome"] == "played"
    labels = [e["label"] for e in sink(station_home) if e["event"] == "start"]
    assert len(labels) == len(set(labels))  # nothing started twice
    assert labels.count(rows[0]["key"]) == 1  # the interrupted one was not replayed
    assert rows[1]["key"] not in labels


def test_busy_database_from_another_process_does_not_crash_it(
    station_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    start = setup_station(station_home, tmp_path, [1.5, 1.5], lead=4)
    run_for = (start - dt.datetime.now(ZONE)).total_seconds() + 6
    daemon = start_daemon(station_home, "--exit-after", f"{run_for:.1f}")
    wait_until(start - dt.timedelta(seconds=1.5))
    locker = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys, time\n"
            "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
            "c.execute('BEGIN EXCLUSIVE')\n"
            "c.execute('UPDATE plan_state SET revision = revision')\n"
            "print('locked', flush=True)\n"
            "time.sleep(5)\n"
            "c.execute('COMMIT')\n",
            str(station_home / "radio_sched.sqlite3"),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert locker.stdout is not None and locker.stdout.readline().strip() == "locked"
    locker.wait(timeout=30)
    out, _ = finish(daemon)
    starts = [e for e in sink(station_home) if e["event"] == "start"]
    assert len(starts) == 2, out
    first_start = min(dt.datetime.fromisoformat(str(e["at"])) for e in starts)
    assert first_start >= start - dt.timedelta(milliseconds=20)
    assert first_start - start < dt.timedelta(seconds=2)  # not held up by the locked database
    rows = asrun(capsys)
    assert {r["outcome"] for r in rows.values()} == {"played"}


def test_deleted_audio_file_is_skipped_and_logged(
    station_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    start = setup_station(station_home, tmp_path, [1.0, 1.0])
    next((station_home / "programs").glob("0001-*")).unlink()
    run_for = (start - dt.datetime.now(ZONE)).total_seconds() + 2.5
    out, _ = finish(start_daemon(station_home, "--exit-after", f"{run_for:.1f}"))
    rows = asrun(capsys)
    assert rows["Bài 1"]["outcome"] == "skipped"
    assert "không tìm thấy tệp âm thanh" in str(rows["Bài 1"]["reason"])
    assert rows["Bài 2"]["outcome"] == "played", out


def test_emergency_interrupts_at_a_pause_and_plan_changes_are_picked_up(
    station_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    start = setup_station(station_home, tmp_path, [8.0])
    alarm = write_wav(tmp_path / "bao.wav", 1.0)
    assert (
        main(["program", "add-audio", str(alarm), "--title", "Tin bão khẩn", "--per-day", "0"]) == 0
    )
    run_for = (start - dt.datetime.now(ZONE)).total_seconds() + 7
    daemon = start_daemon(station_home, "--exit-after", f"{run_for:.1f}")
    wait_until(start + dt.timedelta(seconds=1.5))
    assert main(["emergency", "2"]) == 0  # the running daemon learns of it from the plan revision
    out, _ = finish(daemon)
    rows = asrun(capsys)
    assert rows["Tin bão khẩn"]["outcome"] == "played", out
    assert rows["Bài 1"]["outcome"] == "skipped"
    assert "khẩn cấp" in str(rows["Bài 1"]["reason"])
    ends = {e["label"]: e for e in sink(station_home) if e["event"] == "end"}
    normal = ends[str(rows["Bài 1"]["key"])]
    assert normal["interrupted"] is True
    assert 1.5 <= float(str(normal["seconds"])) < 8.0


def test_daemon_imports_no_textual_and_core_no_apscheduler() -> None:
    code = (
        "import sys\n"
        "import radio_sched.schedule.plan, radio_sched.schedule.exports\n"
        "assert 'apscheduler' not in sys.modules\n"
        "import radio_sched.schedule.daemon, radio_sched.cli.schedule, radio_sched.report\n"
        "assert 'textual' not in sys.modules, 'textual imported'\n"
        # radio-sched-daemon builds the whole parser: no command module may import Textual early.
        "from radio_sched.cli import build_parser\n"
        "build_parser()\n"
        "assert 'textual' not in sys.modules, 'textual imported by the CLI parser'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_a_second_daemon_on_the_same_station_is_refused(station_home: Path) -> None:
    first = start_daemon(station_home, "--exit-after", "6")
    assert first.stdout is not None
    for line in first.stdout:
        if "bắt đầu phát theo lịch" in line:
            break
    time.sleep(0.5)  # the heartbeat is written by the as-run writer right after the start
    second = start_daemon(station_home, "--exit-after", "1")
    _, err = second.communicate(timeout=30)
    assert second.returncode == 2
    assert "tiến trình khác" in err and str(first.pid) in err
    first.kill()
    first.communicate(timeout=10)
