"""Benchmark of the schedule: planning speed, playback lateness, idle daemon memory.

    .venv/bin/python bench/bench_schedule.py [--slots 50] [--stations 200]

1. Plan 200 stations × 20 programs for a week (goal ≤ 1 s). Also printed as a ratio against a
   baseline measured in the same run: a trivial pass over the same input (each program's active
   days and total airtime), so the figure means something on another machine.
2. Lateness of playback start over 50 short slots, the real daemon with the file sink (goal:
   p99 ≤ 0.5 s late, never early). Lateness is the sink's start time minus the scheduled time.
3. Idle daemon memory (goal ≤ 80 MB RSS), read from /proc after it has settled.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from radio_sched.schedule.model import Priority, Program, Slot  # noqa: E402
from radio_sched.schedule.plan import plan_schedule  # noqa: E402

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
MONDAY = dt.date(2021, 9, 6)


def stations(count: int, programs: int) -> list[tuple[tuple[Slot, ...], list[Program]]]:
    rng = random.Random(39)
    result = []
    for _ in range(count):
        slots = [
            Slot("Sáng", dt.time(5, 30), dt.time(6, 0 + rng.choice([15, 30, 45]))),
            Slot("Chiều", dt.time(17, 0), dt.time(17, rng.choice([15, 30, 45]))),
        ]
        if rng.random() < 0.3:
            slots.append(Slot("Trưa", dt.time(11, 0), dt.time(11, 30), days=("mon", "wed", "fri")))
        items = []
        for pid in range(1, programs + 1):
            start = MONDAY + dt.timedelta(days=rng.randint(-3, 5))
            items.append(
                Program(
                    id=pid,
                    title=f"Chương trình {pid}",
                    duration_seconds=rng.uniform(60, 480),
                    priority=rng.choice([Priority.NORMAL] * 6 + [Priority.PRIORITY]),
                    start=start,
                    end=start + dt.timedelta(days=rng.randint(2, 10)),
                    per_day=rng.choice([1, 2, 2, 3]),
                )
            )
        result.append((tuple(slots), items))
    return result


def baseline(data: list[tuple[tuple[Slot, ...], list[Program]]]) -> float:
    total = 0.0
    for _slots, programs in data:
        for offset in range(7):
            day = MONDAY + dt.timedelta(days=offset)
            for program in programs:
                if program.active_on(day):
                    total += (program.duration_seconds or 0) * program.per_day
    return total


def bench_plan(count: int) -> dict[str, float]:
    data = stations(count, 20)
    base_times, plan_times = [], []
    placements = unplaced = 0
    for _ in range(5):
        started = time.perf_counter()
        baseline(data)
        base_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        placements = unplaced = 0
        for slots, programs in data:
            plan = plan_schedule(slots, programs, MONDAY, MONDAY + dt.timedelta(days=6), ZONE)
            placements += len(plan.placements)
            unplaced += len(plan.unplaced)
        plan_times.append(time.perf_counter() - started)
    best_plan, best_base = min(plan_times), min(base_times)
    return {
        "plan_seconds": best_plan,
        "baseline_seconds": best_base,
        "ratio": best_plan / best_base,
        "placements": placements,
        "unplaced": unplaced,
    }


def write_wav(path: Path, seconds: float) -> None:
    rate = 8000
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"\x10\x00" * int(rate * seconds))


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def daemon(home: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "RADIO_SCHED_HOME": str(home), "TZ": "UTC"}
    return subprocess.Popen(
        [sys.executable, "-m", "radio_sched", "daemon", "--player", "file", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def cli(home: Path, *args: str) -> str:
    env = {**os.environ, "RADIO_SCHED_HOME": str(home)}
    done = subprocess.run(
        [sys.executable, "-m", "radio_sched", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def bench_lateness(slots: int, spacing: float = 1.0, item: float = 0.4) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        now = dt.datetime.now(ZONE)
        midnight = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(), tzinfo=ZONE)
        if (midnight - now).total_seconds() < slots * spacing + 60:
            time.sleep((midnight - now).total_seconds() + 1)
            now = dt.datetime.now(ZONE)
        first = now.replace(microsecond=0) + dt.timedelta(seconds=5)
        lines = ["[station]", 'name = "Xã Thử"', 'timezone = "Asia/Ho_Chi_Minh"']
        for index in range(slots):
            start = first + dt.timedelta(seconds=index * spacing)
            end = start + dt.timedelta(seconds=spacing * 0.9)
            lines += [
                "[[station.slots]]",
                f'name = "K{index:02d}"',
                f'start = "{start.time().isoformat(timespec="seconds")}"',
                f'end = "{end.time().isoformat(timespec="milliseconds")}"',
            ]
        (home / "station.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        audio = home / "tin.wav"
        write_wav(audio, item)
        # One program aired in every slot: per-day = number of slots.
        cli(
            home, "program", "add-audio", str(audio), "--title", "Tin ngắn", "--per-day", str(slots)
        )
        run_for = (first - dt.datetime.now(ZONE)).total_seconds() + slots * spacing + 2
        process = daemon(home, "--sink", str(home / "sink"), "--exit-after", f"{run_for:.1f}")
        _, err = process.communicate(timeout=run_for + 60)
        if process.returncode != 0:
            raise SystemExit(err)
        rows = json.loads(
            cli(home, "asrun", "--from", "2000-01-01", "--to", "2100-01-01", "--json")
        )
        due = {r["key"]: dt.datetime.fromisoformat(r["scheduled_start"]) for r in rows["asrun"]}
        lateness = []
        for line in (home / "sink" / "sink.jsonl").read_text(encoding="utf-8").splitlines():
            event = json.loads(line)
            if event["event"] == "start":
                lateness.append(
                    (dt.datetime.fromisoformat(event["at"]) - due[event["label"]]).total_seconds()
                )
        played = sum(1 for r in rows["asrun"] if r["outcome"] == "played")
    lateness.sort()
    p99 = lateness[min(len(lateness) - 1, round(0.99 * (len(lateness) - 1)))]
    return {
        "slots": slots,
        "played": played,
        "min": lateness[0],
        "p50": statistics.median(lateness),
        "p99": p99,
        "max": lateness[-1],
    }


def bench_idle_rss(settle: float = 6.0) -> float:
    """A station in service with nothing to air: named (a daemon without a name refuses to
    start, and this read the memory of a process already gone: "nan MB"), its database made
    (a first start also loads the migration engine, about 10 MB more)."""
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        (home / "station.toml").write_text('[station]\nname = "Xã Thử"\n', encoding="utf-8")
        cli(home, "program", "list")
        process = daemon(home, "--sink", str(home / "sink"), "--exit-after", f"{settle + 5}")
        time.sleep(settle)
        alive = process.poll() is None
        rss = rss_mb(process.pid) if alive else float("nan")
        _, err = process.communicate(timeout=60)
    if not alive or rss != rss:
        raise SystemExit(f"the idle daemon was not running after {settle} s: {err}")
    return rss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stations", type=int, default=200)
    parser.add_argument("--slots", type=int, default=50)
    parser.add_argument("--settle", type=float, default=6.0, help="idle time before RSS, s")
    args = parser.parse_args()

    plan = bench_plan(args.stations)
    print(
        f"Lập lịch {args.stations} đài × 20 chương trình × 1 tuần: {plan['plan_seconds']:.3f} s "
        f"(mục tiêu ≤ 1 s) — gấp {plan['ratio']:.0f} lần lượt duyệt cơ sở "
        f"({plan['baseline_seconds'] * 1000:.1f} ms); {plan['placements']:.0f} lượt xếp, "
        f"{plan['unplaced']:.0f} lượt không xếp được"
    )
    late = bench_lateness(args.slots)
    print(
        f"Độ trễ bắt đầu phát, {late['played']:.0f}/{late['slots']:.0f} khung ngắn (tệp): "
        f"min {late['min'] * 1000:.1f} ms, p50 {late['p50'] * 1000:.1f} ms, "
        f"p99 {late['p99'] * 1000:.1f} ms, max {late['max'] * 1000:.1f} ms "
        f"(mục tiêu p99 ≤ 500 ms, không bao giờ sớm: {'đạt' if late['min'] >= 0 else 'KHÔNG ĐẠT'})"
    )
    rss = bench_idle_rss(args.settle)
    print(f"Bộ nhớ của daemon khi rảnh: {rss:.1f} MB RSS (mục tiêu ≤ 80 MB)")


if __name__ == "__main__":
    main()
