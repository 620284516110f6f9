"""Benchmark: district packs for 1 commune vs 30 communes (and, with --big, 200) in one run.

    .venv/bin/python bench/bench_pack.py [--directive FILE] [--big] [--jobs N]

Each build starts from an empty station home (cold sentence and program caches), with the
offline voice, so the figures do not depend on the network. A small untimed build runs first so
that neither timed build pays for importing the libraries. The goal is 30 communes in at most
1.5× the time of one: only the openings and closings differ between communes.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from radio_sched import keys, locations
from radio_sched.district import district_from_dict
from radio_sched.pack.build import BuildResult, build_packs

_SYLLABLES = ("An", "Bình", "Phú", "Tân", "Hòa", "Thạnh", "Lộc", "Mỹ", "Long", "Đông", "Tây", "Sơn")


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--directive", type=Path, default=locations.bundled_sample_directive())
    parser.add_argument("--big", action="store_true", help="also build for 200 communes")
    parser.add_argument("--jobs", type=int, default=None, help="thread pool size (default: auto)")
    parser.add_argument("--communes", type=int, default=30, help="the district's size to compare")
    args = parser.parse_args()

    counts = [1, args.communes] + ([200] if args.big else [])
    with tempfile.TemporaryDirectory(prefix="bench-pack-") as folder:
        workdir = Path(folder)
        warm_up = workdir / "warm-up.txt"
        warm_up.write_text("Thông điệp: “Giữ rừng là giữ nhà”.\n", encoding="utf-8")
        build(warm_up, 1, workdir / "warm-up", args.jobs)
        results: dict[int, BuildResult] = {}
        for count in counts:
            started = time.perf_counter()
            results[count] = build(args.directive, count, workdir, args.jobs)
            wall = time.perf_counter() - started
            result = results[count]
            size = sum(p.size for p in result.packs) / 1e6
            print(
                f"{count:4d} communes: {wall:6.2f} s  ({wall / count:5.2f} s/commune, "
                f"{result.engine_calls} sentences synthesized, {result.bodies} body, "
                f"{size:.1f} MB of packs, program {result.packs[0].duration_seconds:.0f} s)"
            )
    one = results[1].seconds
    print(f"directive: {args.directive.name}; cpus: {os.cpu_count()}")
    for count in counts[1:]:
        ratio = results[count].seconds / one
        goal = "  (goal ≤ 1.5×)" if count == 30 else ""
        marginal = (results[count].seconds - one) / (count - 1)
        print(
            f"ratio {count} / 1 communes: {ratio:.2f}×{goal}; "
            f"each further commune costs {marginal:.2f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
