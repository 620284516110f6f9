"""The layers of the README, kept by import-linter (`lint-imports` in .ci/run, contracts in
pyproject.toml) and by the checks here that a contract cannot express."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
import tomllib
from pathlib import Path

import radio_sched.directive
import radio_sched.schedule
import radio_sched.script

ROOT = Path(__file__).resolve().parent.parent
CORE_PACKAGES = (radio_sched.directive, radio_sched.script, radio_sched.schedule)
# The modules of those packages that touch the world, each for a reason.
ADAPTERS = {
    "radio_sched.directive.read": "reads files",
    "radio_sched.script.pipeline": "stores directives and scripts",
    "radio_sched.script.operations": "operator actions on stored scripts",
    "radio_sched.schedule.clock": "reads the clock",
    "radio_sched.schedule.daemon": "runs the station",
    "radio_sched.schedule.player": "plays sound",
    "radio_sched.schedule.alsa": "talks to the sound card",
    "radio_sched.schedule.service": "loads the plan from the store",
    "radio_sched.schedule.operations": "operator actions on the schedule (the interfaces' door)",
    "radio_sched.schedule.approvals": "approves and renders",
    "radio_sched.schedule.airings": "pins, removed airings, emergencies",
    "radio_sched.schedule.changes": "the plan revision and station-home paths",
    "radio_sched.schedule.exports": "writes calendars and playlists",
}


def contract(contract_id: str) -> dict[str, list[str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    found: dict[str, list[str]] = next(c for c in contracts if c["id"] == contract_id)
    return found


def test_every_module_of_the_core_packages_is_in_the_core_contract_or_named_an_adapter() -> None:
    core = set(contract("pure-core")["source_modules"])
    modules = {
        f"{package.__name__}.{info.name}"
        for package in CORE_PACKAGES
        for info in pkgutil.iter_modules(package.__path__)
    }
    unclassified = modules - core - ADAPTERS.keys()
    assert not unclassified, f"add to the pure-core contract or to ADAPTERS: {unclassified}"
    assert not core & ADAPTERS.keys()
    # Pure modules outside the packages (the link's protocol is pure; the rest of link/ does I/O).
    top_level = {"radio_sched.models", "radio_sched.durations", "radio_sched.link.protocol"}
    assert not (core | ADAPTERS.keys()) - modules - top_level, "a module was renamed"


def test_building_the_cli_parser_does_not_load_textual() -> None:
    """The CLI imports the TUI inside the command that opens it (a contract sees that import), so
    whether a plain command or `radio-sched-daemon` loads Textual is checked at run time."""
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
