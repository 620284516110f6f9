"""`radio-sched ARGS` run inside the test process, through the console script's own ``main``.

A subprocess costs about a second of CPU (the interpreter and every import) before the command
does anything, and the suite ran a few hundred of them. Tests whose subject is not the process
itself (a closed pipe, two daemons, a kill) call this instead: the same ``main``, the same
arguments, the station home and working folder as the operator's, and a
``CompletedProcess`` with the exit code and both streams, an uncaught exception's traceback in
``stderr`` as the interpreter would print it, so "no Traceback" assertions still mean something.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import traceback
from pathlib import Path

from radio_sched.cli import main


def run_cli(*args: str, home: Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    out, err = io.StringIO(), io.StringIO()
    saved_home, saved_cwd = os.environ.get("RADIO_SCHED_HOME"), Path.cwd()
    os.environ["RADIO_SCHED_HOME"] = str(home)
    try:
        if cwd is not None:
            os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exit_:  # argparse's usage errors, --help
                code = exit_.code if isinstance(exit_.code, int) else 1
            except Exception:  # noqa: BLE001 - the interpreter would print it and exit 1
                traceback.print_exc(file=err)
                code = 1
    finally:
        os.chdir(saved_cwd)
        if saved_home is None:
            os.environ.pop("RADIO_SCHED_HOME", None)
        else:
            os.environ["RADIO_SCHED_HOME"] = saved_home
    return subprocess.CompletedProcess(["radio-sched", *args], code, out.getvalue(), err.getvalue())
