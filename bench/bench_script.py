"""Directive → script + spoken form over the bundled samples.

    .venv/bin/python bench/bench_script.py

Prints the median time per directive for each stage, and the whole pipeline as a ratio against a
baseline measured in the same run: reading the file and normalizing it to NFC (the least any
pipeline must do). Goal: ≤ 20 ms median per directive for read + parse + compose + spoken form.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

from radio_sched.directive.parse import parse_directive
from radio_sched.directive.read import read_directive_text
from radio_sched.script.compose import compose_script, script_spoken_text

SAMPLES = sorted((Path(__file__).parent.parent / "tests" / "data" / "directives").glob("*.txt"))
ROUNDS = 30


def median_ms(work: Callable[[Path], object]) -> float:
    per_directive: list[float] = []
    for path in SAMPLES:
        timings = []
        for _ in range(ROUNDS):
            start = time.perf_counter()
            work(path)
            timings.append(time.perf_counter() - start)
        per_directive.append(statistics.median(timings))
    return statistics.median(per_directive) * 1000


def pipeline(path: Path) -> str:
    script = compose_script(parse_directive(read_directive_text(path)), "Xã Tân Thành")
    return script_spoken_text(script.text)


def main() -> None:
    pipeline(SAMPLES[0])  # warm imports and compiled patterns
    baseline = median_ms(read_directive_text)
    parse_only = median_ms(lambda p: parse_directive(read_directive_text(p)))
    whole = median_ms(pipeline)
    print(f"samples: {len(SAMPLES)} directives, {ROUNDS} rounds each (median of medians)")
    print(f"read + NFC (baseline)             {baseline:8.3f} ms   1.0×")
    print(f"read + parse                      {parse_only:8.3f} ms  {parse_only / baseline:5.1f}×")
    print(f"read + parse + compose + spoken   {whole:8.3f} ms  {whole / baseline:5.1f}×")
    print(f"goal ≤ 20 ms per directive: {'met' if whole <= 20 else 'NOT met'} ({whole:.2f} ms)")


if __name__ == "__main__":
    main()
