"""The core, the CLI and the daemon never load Textual; the pure core loads no adapters at all.

Each check runs in a fresh interpreter, because this test process may already have imported
anything."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

import pytest

HEADLESS = [
    "radio_sched.cli",
    "radio_sched.script.compose",
    "radio_sched.directive.parse",
    "radio_sched.schedule.daemon",
]
PURE_CORE = [
    "radio_sched.directive",
    "radio_sched.directive.parse",
    "radio_sched.script.compose",
    "radio_sched.script.spoken",
    "radio_sched.script.sentences",
    "radio_sched.script.filters",
    "radio_sched.script.templates",
    "radio_sched.models",
]
ADAPTERS = ["textual", "apscheduler", "gtts", "pydub"]


def loaded_after_import(module: str, watched: list[str]) -> list[str]:
    code = (
        "import importlib, json, sys\n"
        f"importlib.import_module({module!r})\n"
        f"print(json.dumps([m for m in {watched!r} if m in sys.modules]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    found: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


@pytest.mark.parametrize("module", HEADLESS)
def test_headless_module_does_not_load_textual(module: str) -> None:
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"{module} is not there yet")
    assert loaded_after_import(module, ["textual"]) == []


def test_building_the_cli_parser_does_not_load_textual() -> None:
    code = (
        "import sys\n"
        "from radio_sched.cli import build_parser\n"
        "build_parser()\n"
        "print('textual' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip().splitlines()[-1] == "False"


@pytest.mark.parametrize("module", PURE_CORE)
def test_pure_core_loads_no_adapter(module: str) -> None:
    assert loaded_after_import(module, ADAPTERS) == []
