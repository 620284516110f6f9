"""Run the CLI with the station home on a small disk of its own: a tmpfs mounted in a private
mount namespace (root: ``unshare --mount``; others: a user namespace), read-only or nearly full.

A real file system refusing writes, which ``chmod`` cannot give when the tests run as root."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _unshare() -> list[str]:
    command = ["unshare", "--mount"] if os.geteuid() == 0 else ["unshare", "-rm"]
    if shutil.which("unshare") is None:
        pytest.skip("unshare is not installed")
    if subprocess.run([*command, "true"], capture_output=True, check=False).returncode != 0:
        pytest.skip("no private mount namespace here to mount a small disk")
    return command


def run_on_small_disk(
    home: Path,
    *commands: list[str],
    readonly: bool = False,
    leave_kb: int | None = None,
    keep: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """Copy ``home`` onto a 4 MB tmpfs and run each CLI command there, in order.

    ``readonly`` remounts it read-only; ``leave_kb`` fills it up to that much free space (0: full).
    ``keep`` receives a copy of the database files afterwards, for the test to inspect."""
    disk = home.parent / "disk"
    disk.mkdir(exist_ok=True)
    steps = [f"mount -t tmpfs -o size=4m tmpfs {disk}", f"cp -a {home}/. {disk}/"]
    if leave_kb is not None:
        steps.append(
            f"free=$(df --output=avail -k {disk} | tail -1); "
            f"dd if=/dev/zero of={disk}/filler bs=1k count=$((free - {leave_kb})) "
            "2>/dev/null || true"
        )
    if readonly:
        steps.append(f"mount -o remount,ro {disk}")
    python = f"RADIO_SCHED_HOME={disk} {sys.executable} -m radio_sched"
    runs = [" ".join([python, *(_quote(arg) for arg in args)]) for args in commands]
    # Every command runs; the exit code and stderr are those of the first one.
    script = "; ".join(steps) + "; " + runs[0] + "; code=$?"
    for run in runs[1:]:
        script += f"; {run} >&2"
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        script += f"; cp {disk}/radio_sched.sqlite3* {keep}/"
    script += "; exit $code"
    return subprocess.run(
        [*_unshare(), "sh", "-c", script],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO,
        check=False,
    )


def _quote(arg: str) -> str:
    import shlex

    return shlex.quote(arg)
