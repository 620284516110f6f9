"""The README's everyday commands, read from the README and run in order as the operator runs
them (a fresh station home, a working folder), then the working folder is deleted: the plan warns
of nothing and the daemon airs the approved version's audio from the station home. The commands
run through the console script's ``main`` in this process (``inprocess.run_cli``: a subprocess
each cost a second of CPU); the daemon runs in its own process on the wall clock, as on air.

Only what cannot be in a README is changed: the sample directive and a district recording stand
in for congvan.docx and ban-tin-huyen.mp3, the operator's edit is written into kich-ban.txt, and
the daemon runs with the file sink until the as-run log shows the emergency aired."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from inprocess import run_cli
from test_schedule_support import write_wav

from conftest import FOUNDING_SAMPLE

pytestmark = pytest.mark.realtime  # the daemon airs on the wall clock

ROOT = Path(__file__).resolve().parent.parent
EDITED = "Kính thưa bà con. Chiều nay 17h30 có họp tổ dân phố tại nhà văn hoá."


def readme_commands() -> list[list[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Everyday commands", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block is not None
    return [
        shlex.split(line, comments=True)[1:]
        for line in block.group(1).splitlines()
        if line.startswith("radio-sched ")
    ]


def run(args: list[str], home: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, home=home, cwd=cwd)


def test_the_readme_day_airs_the_approved_audio_after_the_working_folder_is_gone(
    station_home: Path, tmp_path: Path
) -> None:
    (station_home / "station.toml").unlink()  # a fresh station home
    work = tmp_path / "lam-viec"
    work.mkdir()
    shutil.copy(FOUNDING_SAMPLE, work / "congvan.txt")
    write_wav(work / "ban-tin-huyen.wav", 3.0, rate=8000)
    commands = readme_commands()
    names = [args[0] for args in commands]
    assert names.index("approve") < names.index("plan") < names.index("daemon")

    daemon_args: list[str] | None = None
    for args in commands:
        args = [
            {"congvan.docx": "congvan.txt", "ban-tin-huyen.mp3": "ban-tin-huyen.wav"}.get(a, a)
            for a in args
        ]
        if args[0] == "plan":
            shutil.rmtree(work)  # everything after this runs without the working folder
            work = tmp_path
        if args[0] == "daemon":
            daemon_args = args
            break
        output = None
        if ">" in args:
            args, output = args[: args.index(">")], args[args.index(">") + 1]
        done = run(args, station_home, work)
        assert done.returncode == 0, (args, done.stderr)
        assert "Cảnh báo" not in done.stderr, (args, done.stderr)
        if output is not None:
            (work / output).write_text(done.stdout, encoding="utf-8")
            assert not done.stdout.startswith("#")  # the script alone
            if args[0] == "show":  # the operator's edit
                (work / output).write_text(EDITED, encoding="utf-8")
    assert daemon_args is not None

    env = {**os.environ, "RADIO_SCHED_HOME": str(station_home)}
    daemon = subprocess.Popen(
        [sys.executable, "-m", "radio_sched", *daemon_args, "--dry-run", "--grace", "3600"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 300
        records: list[dict[str, object]] = []
        while time.monotonic() < deadline:
            done = run(["asrun", "--json"], station_home, tmp_path)
            records = json.loads(done.stdout)["asrun"] if done.returncode == 0 else []
            if any(r["outcome"] == "played" for r in records):
                break
            time.sleep(1)
    finally:
        daemon.terminate()
        daemon.communicate(timeout=120)
    assert [r["outcome"] for r in records] == ["played"], records

    heard = [json.loads(line) for line in (station_home / "sink" / "sink.jsonl").open()]
    played = Path(heard[0]["path"])
    assert played.is_relative_to(station_home / "programs")
    assert played.name.endswith("-v2.mp3")  # the approved version: the operator's edit
    listing = run(["program", "list"], station_home, tmp_path)
    assert "THIẾU ÂM THANH" not in listing.stdout and "Cảnh báo" not in listing.stderr

    for args in commands[names.index("daemon") + 1 :]:
        done = run(args, station_home, tmp_path)
        assert done.returncode == 0, (args, done.stderr)
    assert "đã phát" in run(["asrun"], station_home, tmp_path).stdout
    assert list((station_home / "exports").glob("bao-cao_*.docx"))
