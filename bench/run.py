"""Run every benchmark in this folder, one after another, in this interpreter.

    .venv/bin/python bench/run.py            # the full run, figures for the notes
    .venv/bin/python bench/run.py --quick    # small sizes, what CI runs so they cannot rot

Each benchmark measures its own baseline in the same run and prints its figures as ratios;
none has a threshold that fails the run (speed varies with the machine), only errors do.
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
    "bench_hub.py",
    "bench_link.py",
)
QUICK_ARGUMENTS = {
    "bench_script.py": ["2"],
    "bench_audio.py": ["--no-calibrate", "--latency", "0.01", "--paragraphs", "2"],
    "bench_schedule.py": ["--stations", "5", "--slots", "3", "--settle", "1"],
    "bench_pack.py": ["--quick"],
    "bench_tui.py": ["1", "20"],
    "bench_hub.py": ["--quick"],
    "bench_link.py": ["--quick"],
}


def main() -> int:
    quick = "--quick" in sys.argv[1:]
    here = Path(__file__).parent
    failed = []
    for name in BENCHMARKS:
        print(f"\n=== {name} ===", flush=True)
        extra = QUICK_ARGUMENTS[name] if quick else []
        if subprocess.call([sys.executable, str(here / name), *extra]) != 0:
            failed.append(name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
