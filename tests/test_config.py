"""Station settings: written with a real TOML writer, read back before they replace the file,
documented from field metadata (no source code needed at run time)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tomllib
from dataclasses import fields
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from radio_sched.cli import main
from radio_sched.config import (
    SettingsError,
    StationSettings,
    field_doc,
    load_settings,
    render_settings,
    save_settings,
)
from radio_sched.schedule.model import Slot

PACKAGE = Path(__file__).resolve().parents[1] / "radio_sched"

# Any one-line text: letters of every script, quotes, backslashes, TOML's own punctuation.
ONE_LINE = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=0, max_size=40)


@settings(max_examples=60, deadline=None)
@given(name=ONE_LINE, district=ONE_LINE, slot_name=ONE_LINE.filter(bool))
def test_any_one_line_names_are_written_so_they_read_back(
    tmp_path_factory: pytest.TempPathFactory, name: str, district: str, slot_name: str
) -> None:
    path = tmp_path_factory.mktemp("station") / "station.toml"
    written = StationSettings(
        name=name,
        district=district,
        player_command=("mpv", '--title="a\\b"'),
        slots=(Slot(slot_name, dt.time(5, 30), dt.time(6, 0, 30), ("mon", "sun")),),
    )
    save_settings(written, path)
    assert load_settings(path) == written


def test_station_init_refuses_a_name_on_two_lines_and_writes_nothing(
    station_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (station_home / "station.toml").unlink()  # a fresh station
    code = main(["station", "init", "--name", "Xã Tân\nThành"])
    error = capsys.readouterr().err
    assert code == 2
    assert error.count("\n") == 1 and "một dòng" in error
    assert str(station_home / "station.toml") in error
    assert not (station_home / "station.toml").exists()
    assert main(["station", "show"]) == 0  # every command still works


def test_a_hand_edited_file_with_a_line_break_in_a_name_is_refused_with_the_field(
    tmp_path: Path,
) -> None:
    path = tmp_path / "station.toml"
    path.write_text('[station]\nname = "Xã Tân\\nThành"\n', encoding="utf-8")
    with pytest.raises(SettingsError, match="name"):
        load_settings(path)


def test_every_field_is_documented_in_the_file() -> None:
    text = render_settings(StationSettings())
    for cls in (StationSettings, Slot):
        for f in fields(cls):
            assert field_doc(f), f.name
            assert f"# {field_doc(f)}" in text or f"{f.name}: {field_doc(f)}" in text
    assert tomllib.loads(text)["station"]["name"] == "Xã Tân Thành"


def test_settings_are_documented_when_only_compiled_files_are_installed(tmp_path: Path) -> None:
    # Some installers ship bytecode only; inspect.getsource then fails. A real sourceless copy.
    copy = tmp_path / "radio_sched"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "tui"))
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", "-b", str(copy)], check=True, timeout=120
    )
    for source in copy.rglob("*.py"):
        source.unlink()
    code = (
        "import radio_sched.config as c, inspect\n"
        "assert c.__file__.endswith('.pyc'), c.__file__\n"
        "print(c.render_settings(c.StationSettings()))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "# Múi giờ của đài." in done.stdout
