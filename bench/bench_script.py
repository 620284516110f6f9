"""Directive → script + spoken form over the bundled corpus (tests/data/directives).

    .venv/bin/python bench/bench_script.py [ROUNDS]

Prints the median time per directive for each stage, and each as a ratio against a baseline
measured in the same run: reading the file and normalizing it to NFC (the least any pipeline
must do). Goal: ≤ 20 ms median per directive for read + clean + parse + classify + compose +
spoken form.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from radio_sched.directive.clean import clean_text
from radio_sched.directive.parse import parse_text
from radio_sched.directive.read import read_directive_text
from radio_sched.script.classify import classify
from radio_sched.script.compose import compose_script, script_spoken_text

SAMPLES = sorted((Path(__file__).parent.parent / "tests" / "data" / "directives").glob("*.txt"))
ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 15


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
    _, directive = parse_text(read_directive_text(path))
    script = compose_script(directive, "Xã Tân Thành")  # classifies every sentence
    return script_spoken_text(script.text)


def main() -> None:
    pipeline(SAMPLES[0])  # warm imports and compiled patterns
    stages: list[tuple[str, Callable[[Path], object]]] = [
        ("read + NFC (baseline)", read_directive_text),
        ("read + clean", lambda p: clean_text(read_directive_text(p))),
        ("read + clean + parse", lambda p: parse_text(read_directive_text(p))),
        ("… + classify", lambda p: classify(parse_text(read_directive_text(p))[1])),
        ("… + classify + compose", lambda p: compose_script(
            parse_text(read_directive_text(p))[1], "Xã Tân Thành")),
        ("… + compose + spoken (whole)", pipeline),
    ]  # fmt: skip
    print(f"samples: {len(SAMPLES)} directives, {ROUNDS} rounds each (median of medians)")
    baseline = 0.0
    whole = 0.0
    for label, work in stages:
        ms = median_ms(work)
        baseline = baseline or ms
        whole = ms
        print(f"{label:<32} {ms:8.3f} ms  {ms / baseline:6.1f}×")
    print(f"goal ≤ 20 ms per directive: {'met' if whole <= 20 else 'NOT met'} ({whole:.2f} ms)")


if __name__ == "__main__":
    main()
