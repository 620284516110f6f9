"""The kill loop (opt-in: pytest -m slow): a real daemon on a temporary station with many short
programs in slots a few seconds apart, killed with SIGKILL 40+ times at random moments, half of
the time while another process holds the database locked, with an emergency in the middle.

At the end: every placement has exactly one as-run row, none left "playing", nothing aired
twice in full, and an item cut by a kill went on from a sentence boundary, not from the top.
Figures are printed (run with -s to see them)."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from test_schedule_support import station_toml, write_wav

from radio_sched.cli import main
from radio_sched.config import load_settings
from radio_sched.schedule.player import decode, pause_points
from radio_sched.schedule.service import load_plan
from radio_sched.store.asrun import AsRunRow
from radio_sched.store.db import open_store

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")]

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
ROOT = Path(__file__).resolve().parent.parent
SLOTS = 14
SLOT_SECONDS = 12
GAP_SECONDS = 3
PROGRAMS = 8
ITEM_SECONDS = 2.4
KILLS = 40
LOCKER = (
    "import sqlite3, sys, time\n"
    "c = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)\n"
    "c.execute('BEGIN EXCLUSIVE')\n"
    "c.execute('UPDATE plan_state SET revision = revision')\n"
    "print('locked', flush=True)\n"
    "time.sleep(float(sys.argv[2]))\n"
    "c.execute('COMMIT')\n"
)


def spawn(home: Path, number: int) -> tuple[subprocess.Popen[bytes], Path]:
    out = home.parent / f"daemon-{number:03d}.out"
    env = {**os.environ, "RADIO_SCHED_HOME": str(home), "PYTHONUNBUFFERED": "1"}
    with out.open("wb") as handle:
        process = subprocess.Popen(
            [sys.executable, "-m", "radio_sched", "daemon", "--player", "file"],
            cwd=ROOT,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
    return process, out


def wait_ready(out: Path, limit: float = 60.0) -> bool:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if "bắt đầu phát theo lịch" in out.read_text(encoding="utf-8", errors="replace"):
            return True
        time.sleep(0.05)
    return False


def test_forty_kills_leave_a_true_as_run_log(station_home: Path, tmp_path: Path) -> None:
    rng = random.Random(int(os.environ.get("KILL_LOOP_SEED", "9")))
    now = dt.datetime.now(ZONE)
    first = (now + dt.timedelta(seconds=12)).replace(microsecond=0)
    span = SLOTS * (SLOT_SECONDS + GAP_SECONDS)
    midnight = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(), tzinfo=ZONE)
    if (midnight - first).total_seconds() < span + 120:
        pytest.skip("too close to midnight for slots on one day")
    slots = []
    for index in range(SLOTS):
        start = first + dt.timedelta(seconds=index * (SLOT_SECONDS + GAP_SECONDS))
        end = start + dt.timedelta(seconds=SLOT_SECONDS)
        slots.append((f"K{index:02d}", start.time(), end.time()))
    station_toml(station_home, slots)
    for number in range(1, PROGRAMS + 1):
        audio = write_wav(tmp_path / f"p{number}.wav", ITEM_SECONDS, sentence=0.5, pause=0.3)
        assert main(["program", "add-audio", str(audio), "--title", f"Bài {number}",
                     "--per-day", str(SLOTS * 4 // PROGRAMS)]) == 0  # fmt: skip
    alarm = write_wav(tmp_path / "alarm.wav", 1.6, sentence=0.5, pause=0.3)
    assert main(["program", "add-audio", str(alarm), "--title", "Khẩn", "--per-day", "0"]) == 0
    last_end = first + dt.timedelta(seconds=span)
    database = station_home / "radio_sched.sqlite3"

    kills = locked_kills = early_kills = 0
    emergency_declared = False
    number = 0
    lockers: list[subprocess.Popen[bytes] | None] = []
    while dt.datetime.now(ZONE) < last_end - dt.timedelta(seconds=10) or kills < KILLS:
        number += 1
        daemon, out = spawn(station_home, number)
        locker = None
        if rng.random() < 0.2:
            early_kills += 1
            time.sleep(rng.uniform(0.0, 1.0))  # in the middle of starting up
        else:
            assert wait_ready(out), out.read_text(encoding="utf-8")
            time.sleep(rng.uniform(0.3, 4.0))
        if not emergency_declared and dt.datetime.now(ZONE) > first + dt.timedelta(seconds=60):
            assert main(["emergency", str(PROGRAMS + 1)]) == 0
            emergency_declared = True
            time.sleep(rng.uniform(0.5, 2.0))
        if rng.random() < 0.5:  # killed while another process holds the database, restarted so
            hold = rng.uniform(1.0, 6.0)
            locker = subprocess.Popen(
                [sys.executable, "-c", LOCKER, str(database), f"{hold:.2f}"],
                stdout=subprocess.PIPE,
            )
            assert locker.stdout is not None and locker.stdout.readline().strip() == b"locked"
            time.sleep(rng.uniform(0.0, 1.0))
            locked_kills += 1
        daemon.send_signal(signal.SIGKILL)
        daemon.wait(timeout=30)
        kills += 1
        assert "Traceback" not in out.read_text(encoding="utf-8", errors="replace")

        lockers.append(locker)
    for held in lockers:
        if held is not None:
            held.wait(timeout=60)

    daemon, out = spawn(station_home, number + 1)
    assert wait_ready(out)
    while dt.datetime.now(ZONE) < last_end + dt.timedelta(seconds=40):
        time.sleep(0.5)
    daemon.send_signal(signal.SIGTERM)
    daemon.wait(timeout=60)
    text = out.read_text(encoding="utf-8", errors="replace")
    assert daemon.returncode == 0 and "Traceback" not in text, text

    settings = load_settings()
    store = open_store(settings.resolved_database_url)
    plan = load_plan(store, settings, first.date(), first.date())
    with store.session() as session:
        rows = {row.key: row for row in session.query(AsRunRow)}
    store.dispose()
    wanted = {p.key for p in plan.placements if p.start >= first}
    placed_normal = {p.key for p in plan.placements if not p.is_emergency and p.start >= first}
    assert len(placed_normal) >= 40
    assert wanted <= set(rows), sorted(wanted - set(rows))  # every placement has its row
    assert not [k for k, r in rows.items() if r.outcome == "playing"]  # none left open
    assert all(r.ended_at is not None for r in rows.values() if r.outcome != "missed")

    events = [
        json.loads(line)
        for line in (station_home / "sink" / "sink.jsonl").read_text("utf-8").splitlines()
    ]
    starts: dict[str, list[float]] = {}
    full: Counter[str] = Counter()
    for event in events:
        if event["event"] == "start":
            starts.setdefault(event["label"], []).append(float(event["from"]))
        elif event["from"] == 0 and event["position"] >= event["duration"] - 0.05:
            full[event["label"]] += 1
    twice = [label for label, count in full.items() if count > 1]
    assert not twice  # nothing aired twice in full
    boundaries = pause_points(decode(next((station_home / "programs").glob("*p1.wav"))))
    resumed = {label: froms for label, froms in starts.items() if len(froms) > 1}
    from_sentence = [f for froms in resumed.values() for f in froms[1:] if f > 0]
    assert all(min(abs(f - b) for b in boundaries) < 0.05 for f in from_sentence)
    assert from_sentence  # some item killed mid-item went on from its sentence
    outcomes = Counter(r.outcome for r in rows.values())
    print(
        f"\nkills={kills} (with the database locked: {locked_kills}, during start-up: "
        f"{early_kills}); placements={len(wanted)}; rows={len(rows)}; outcomes={dict(outcomes)}; "
        f"items in parts={len(resumed)}; resumed from a sentence={len(from_sentence)}; "
        f"resumes in the log={sum(r.resumes for r in rows.values())}; "
        f"aired in full twice={len(twice)}"
    )
