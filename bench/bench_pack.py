"""Benchmark: district packs for 1, 30 and 200 communes, as ratios to one commune in the same run.

    .venv/bin/python bench/bench_pack.py [--quick] [--counts 1,30,200] [--directive FILE] [--jobs N]

Each size is built in a fresh child process from an empty station home (cold sentence and
program caches), with the offline voice, so the figures do not depend on the network. Inside
it, a small untimed build runs first so that the timed build does not pay for importing the
libraries. Printed per size: wall seconds of the build, its ratio to one commune, the CPU
seconds of the child and its workers, and the peak resident memory of the largest of them
(ru_maxrss from wait4, what ``/usr/bin/time -v`` reports), which must not grow with the
number of communes: programs are streamed to disk one by one. Goals (issue 14): 30 communes
in at most 1.5× one, 200 communes in at most 20 s on two cores. ``--quick`` (CI) builds 1 and
10 communes.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from radio_sched import keys, locations
from radio_sched.district import district_from_dict
from radio_sched.pack.build import BuildResult, build_packs

_SYLLABLES = ("An", "Bình", "Phú", "Tân", "Hòa", "Thạnh", "Lộc", "Mỹ", "Long", "Đông", "Tây", "Sơn")
GOAL_RATIO_30 = 1.5
GOAL_SECONDS_200 = 20.0


def commune_names(count: int) -> list[str]:
    names = []
    for index in range(count):
        first = _SYLLABLES[index % len(_SYLLABLES)]
        second = _SYLLABLES[(index // len(_SYLLABLES) + 3) % len(_SYLLABLES)]
        names.append(f"Xã {first} {second} {index + 1}" if index >= 144 else f"Xã {first} {second}")
    return names


def build(directive: Path, count: int, workdir: Path, jobs: int | None) -> BuildResult:
    home = workdir / f"home-{count}"
    home.mkdir(parents=True, exist_ok=True)
    os.environ[locations.HOME_ENV] = str(home)
    keys.init_keys("Phòng VH-TT huyện Thử Nghiệm")
    raw = {
        "district": {"name": "Phòng VH-TT huyện Thử Nghiệm", "engine": "offline"},
        "communes": [{"name": name} for name in commune_names(count)],
    }
    district = district_from_dict(raw, workdir / "district.toml")
    return build_packs(directive, district, workdir / f"out-{count}", jobs=jobs)


def single(directive: Path, count: int, jobs: int | None) -> dict[str, float]:
    """One timed build in this process (the child's side); its figures as one JSON line."""
    with tempfile.TemporaryDirectory(prefix="bench-pack-") as folder:
        workdir = Path(folder)
        warm_up = workdir / "warm-up.txt"
        warm_up.write_text("Thông điệp: “Giữ rừng là giữ nhà”.\n", encoding="utf-8")
        build(warm_up, 1, workdir / "warm-up", jobs)
        started = time.perf_counter()
        result = build(directive, count, workdir, jobs)
        wall = time.perf_counter() - started
        return {
            "seconds": wall,
            "sentences": result.engine_calls,
            "bodies": result.bodies,
            "megabytes": sum(p.size for p in result.packs) / 1e6,
            "program": result.packs[0].duration_seconds,
        }


def measure(directive: Path, count: int, jobs: int | None) -> dict[str, float]:
    """``single`` in a child process; adds its CPU time and peak memory (wait4's rusage)."""
    command = [sys.executable, __file__, "--single", str(count), "--directive", str(directive)]
    if jobs:
        command += ["--jobs", str(jobs)]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    if child.stdout is None:
        raise RuntimeError("no pipe from the bench child")
    output = child.stdout.read()  # before wait4, which reaps the child with its rusage
    _pid, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"bench child for {count} communes failed ({child.returncode})")
    figures: dict[str, float] = json.loads(output.strip().splitlines()[-1])
    figures["cpu"] = usage.ru_utime + usage.ru_stime  # the child and its worker processes
    figures["rss_mb"] = usage.ru_maxrss / 1024  # the largest of them, KiB on Linux
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--directive", type=Path, default=locations.bundled_sample_directive())
    parser.add_argument("--quick", action="store_true", help="1 and 10 communes (CI)")
    parser.add_argument("--counts", default=None, help="sizes to build, e.g. 1,30,200")
    parser.add_argument("--jobs", type=int, default=None, help="workers (default: auto)")
    parser.add_argument("--single", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.single is not None:
        print(json.dumps(single(args.directive, args.single, args.jobs)))
        return 0

    text = args.counts or ("1,10" if args.quick else "1,30,200")
    counts = sorted({int(n) for n in text.split(",")} | {1})
    results: dict[int, dict[str, float]] = {}
    for count in counts:
        results[count] = figures = measure(args.directive, count, args.jobs)
        ratio = figures["seconds"] / results[1]["seconds"]
        print(
            f"{count:4d} communes: {figures['seconds']:6.2f} s  ({ratio:5.2f}× one commune; "
            f"{figures['seconds'] / count:5.2f} s/commune; cpu {figures['cpu']:6.1f} s; "
            f"peak RSS {figures['rss_mb']:4.0f} MB; {figures['sentences']:.0f} sentences "
            f"synthesized, {figures['bodies']:.0f} body, {figures['megabytes']:.1f} MB of packs, "
            f"program {figures['program']:.0f} s)",
            flush=True,
        )
    one = results[1]["seconds"]
    print(f"directive: {args.directive.name}; cpus: {os.cpu_count()}")
    for count in counts[1:]:
        seconds = results[count]["seconds"]
        goal = ""
        if count == 30:
            goal = f"  (goal ≤ {GOAL_RATIO_30}×)"
        elif count == 200:
            goal = f"  (goal ≤ {GOAL_SECONDS_200:.0f} s: {seconds:.1f} s)"
        marginal = (seconds - one) / (count - 1)
        print(
            f"ratio {count} / 1 communes: {seconds / one:.2f}×{goal}; "
            f"each further commune costs {marginal:.3f} s; peak RSS "
            f"{results[count]['rss_mb'] - results[1]['rss_mb']:+.0f} MB over one commune"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
