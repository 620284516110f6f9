"""Golden loudspeaker scripts: one per sample directive, in the top-level ``scripts/`` folder
(``<sample>.txt`` the script as the operator sees it, ``<sample>.spoken.txt`` what the voice
reads; ``scripts/README.md`` says so for readers, and ``update`` leaves it alone).

Regenerate after a deliberate change to the composer or the spoken form, then review the diff:

    .venv/bin/python tests/golden.py --update
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "tests" / "data" / "directives"
GOLDEN_DIR = ROOT / "scripts"
GOLDEN_COMMUNE = "Xã Tân Thành"


def file_names(sample: Path) -> tuple[str, str]:
    """The golden files of a sample: the display script, then its spoken form."""
    return f"{sample.stem}.txt", f"{sample.stem}.spoken.txt"


def render(sample: Path) -> dict[str, str]:
    """The files a sample produces: the display script and its spoken form."""
    from radio_sched.directive.parse import parse_text
    from radio_sched.directive.read import read_directive_text
    from radio_sched.script.compose import compose_script, script_spoken_text

    _, directive = parse_text(read_directive_text(sample))  # cleaned, as the pipeline does
    script = compose_script(directive, GOLDEN_COMMUNE)
    header = f"# {script.title}\n# Thời lượng ước tính: {script.estimated_seconds:.0f} giây\n\n"
    shown, spoken = file_names(sample)
    return {shown: header + script.text + "\n", spoken: script_spoken_text(script.text) + "\n"}


def expected_names() -> list[str]:
    """Every golden file's name, composing nothing: the test's parameters are collected in each
    worker, and composing every sample there cost a second of CPU per worker."""
    return sorted(name for sample in SAMPLES.glob("*.txt") for name in file_names(sample))


def expected(name: str) -> str:
    """One golden file's expected content; its sample is composed once per process."""
    sample = next(s for s in SAMPLES.glob("*.txt") if name in file_names(s))
    return _rendered(sample)[name]


@functools.cache
def _rendered(sample: Path) -> dict[str, str]:
    return render(sample)


def expected_files() -> dict[str, str]:
    files: dict[str, str] = {}
    for sample in sorted(SAMPLES.glob("*.txt")):
        files.update(_rendered(sample))
    return files


def update() -> None:
    GOLDEN_DIR.mkdir(exist_ok=True)
    files = expected_files()
    for stale in GOLDEN_DIR.glob("*.txt"):
        if stale.name not in files:
            stale.unlink()
    for name, content in files.items():
        (GOLDEN_DIR / name).write_text(content, encoding="utf-8")
    print(f"Đã ghi {len(files)} tệp vào {GOLDEN_DIR}")


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit(__doc__)
    update()
