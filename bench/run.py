"""Run every benchmark in this folder, one after another, in this interpreter.

    .venv/bin/python bench/run.py            # the full run, figures for the notes
    .venv/bin/python bench/run.py --quick    # small sizes, what CI runs so they cannot rot

Each benchmark measures its own baseline in the same run and prints its figures as ratios;
none has a threshold that fails the run (speed varies with the machine), only errors do. The
full run goes one benchmark after another; the quick one runs them side by side (their outputs
printed in order): it checks that each still runs and says what it should, and its figures,
taken while the others run, are not for the notes.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
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
HERE = Path(__file__).parent
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
    failed = run_side_by_side() if quick else run_one_after_another()
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


def run_one_after_another() -> list[str]:
    failed = []
    for name in BENCHMARKS:
        print(f"\n=== {name} ===", flush=True)
        if subprocess.call([sys.executable, str(HERE / name)]) != 0:
            failed.append(name)
    return failed


def run_side_by_side() -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        outputs = {name: Path(tmp) / f"{name}.out" for name in BENCHMARKS}
        running = {}
        for name in BENCHMARKS:
            with outputs[name].open("wb") as output:
                running[name] = subprocess.Popen(
                    [sys.executable, str(HERE / name), *QUICK_ARGUMENTS[name]],
                    stdout=output,
                    stderr=subprocess.STDOUT,
                )
        failed = []
        for name in BENCHMARKS:
            code = running[name].wait()
            print(f"\n=== {name} ===", flush=True)
            sys.stdout.write(outputs[name].read_text(encoding="utf-8", errors="replace"))
            sys.stdout.flush()
            if code != 0:
                failed.append(name)
    return failed


if __name__ == "__main__":
    sys.exit(main())
