"""Run every benchmark in this folder, one after another, in this interpreter.

    .venv/bin/python bench/run.py

Each benchmark measures its own baseline in the same run and prints its figures as ratios.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCHMARKS = (
    "bench_script.py",
    "bench_audio.py",
    "bench_schedule.py",
    "bench_pack.py",
    "bench_tui.py",
)


def main() -> int:
    here = Path(__file__).parent
    failed = []
    for name in BENCHMARKS:
        print(f"\n=== {name} ===", flush=True)
        if subprocess.call([sys.executable, str(here / name)]) != 0:
            failed.append(name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
