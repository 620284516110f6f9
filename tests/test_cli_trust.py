"""What the operator can trust from the command line (issue 11): a script taken out with `show`
and put back with `edit` airs no header; audio written with `-o` is a copy, the program airs the
station's own file; a broken pipe ends quietly. Run as the operator runs them, in a fresh station
home, from a working folder that is deleted afterwards: through the console script's ``main`` in
this process (``inprocess.run_cli``), and the closed pipe in a real process of its own."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from inprocess import run_cli

from conftest import FOUNDING_SAMPLE


def cli(*args: str, home: Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, home=home, cwd=cwd)


def ok(*args: str, home: Path, cwd: Path | None = None) -> str:
    done = cli(*args, home=home, cwd=cwd)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_show_then_edit_keeps_the_script_without_its_header(
    station_home: Path, tmp_path: Path
) -> None:
    ok("import", str(FOUNDING_SAMPLE), home=station_home)
    first = ok("show", "1", home=station_home)
    assert not first.startswith("#") and "Thời lượng ước tính" not in first
    edited = tmp_path / "s.txt"
    edited.write_text(first.replace("Kính thưa", "Kính gửi", 1), encoding="utf-8")
    ok("edit", "1", str(edited), home=station_home)
    # A second round trip, this time with the header copied from the terminal into the file.
    done = cli("show", "1", home=station_home)
    edited.write_text(done.stderr + done.stdout, encoding="utf-8")
    ok("edit", "1", str(edited), home=station_home)
    final = ok("show", "1", home=station_home)
    assert final.startswith("Đây là Đài") and "Kính gửi" in final
    assert "#" not in final and "Thời lượng ước tính" not in final
    assert final.strip() == first.replace("Kính thưa", "Kính gửi", 1).strip()


def test_show_into_a_pipe_closed_early_ends_quietly(station_home: Path, tmp_path: Path) -> None:
    ok("import", str(FOUNDING_SAMPLE), home=station_home)
    # Far more than a pipe holds, so the writer meets the closed pipe.
    long = tmp_path / "long.txt"
    long.write_text("\n\n".join([ok("show", "1", home=station_home)] * 60), encoding="utf-8")
    ok("edit", "1", str(long), home=station_home)
    env = {**os.environ, "RADIO_SCHED_HOME": str(station_home), "PYTHONIOENCODING": "utf-8"}
    show = subprocess.Popen(
        [sys.executable, "-m", "radio_sched", "show", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert show.stdout is not None and show.stderr is not None
    show.stdout.read(10)  # then the reader goes away, as `head -c 10` does
    show.stdout.close()
    errors = show.stderr.read().decode("utf-8")
    show.wait(timeout=120)
    assert "Traceback" not in errors and "BrokenPipe" not in errors


def test_audio_written_with_o_is_a_copy_and_the_program_airs_the_station_file(
    station_home: Path, tmp_path: Path
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    ok("station", "init", "--name", "Xã Hòa Bình", "--force", home=station_home)
    ok("import", str(FOUNDING_SAMPLE), home=station_home, cwd=work)
    ok("synth", "1", "-o", "ban-tin.mp3", "--engine", "offline", home=station_home, cwd=work)
    assert (work / "ban-tin.mp3").is_file()
    ok("approve", "1", home=station_home, cwd=work)
    shutil.rmtree(work)
    programs = json.loads(ok("program", "list", "--json", home=station_home))["programs"]
    audio = Path(programs[0]["audio_path"])
    assert not audio.is_absolute(), audio  # inside the station home
    assert (station_home / audio).is_file()
    done = cli("plan", "--from", "2021-09-07", "--to", "2021-09-13", home=station_home)
    assert done.returncode == 0 and "Cảnh báo" not in done.stderr


def test_program_list_and_plan_warn_of_audio_that_is_gone(station_home: Path) -> None:
    ok("station", "init", "--name", "Xã Hòa Bình", "--force", home=station_home)
    ok("import", str(FOUNDING_SAMPLE), home=station_home)
    ok("synth", "1", "--engine", "offline", home=station_home)
    ok("approve", "1", home=station_home)
    for mp3 in (station_home / "programs").glob("*.mp3"):
        mp3.unlink()
    listing = cli("program", "list", home=station_home)
    assert "THIẾU ÂM THANH" in listing.stdout and "Cảnh báo" in listing.stderr
    plan = cli("plan", "--from", "2021-09-07", "--to", "2021-09-13", home=station_home)
    assert "Cảnh báo" in plan.stderr


def test_a_station_without_a_name_plans_and_airs_nothing(station_home: Path) -> None:
    (station_home / "station.toml").unlink()  # a fresh station: nobody has named it
    for command in (
        ("plan", "--from", "2021-09-07", "--to", "2021-09-13"),
        ("daemon", "--dry-run", "--exit-after", "1"),
        ("emergency", "1"),
    ):
        done = cli(*command, home=station_home)
        assert done.returncode != 0, command
        assert "station init --name" in done.stderr and "Traceback" not in done.stderr
    assert not (station_home / "asrun").exists()
    ok("station", "init", "--name", "Xã Hòa Bình", home=station_home)
    ok("plan", "--from", "2021-09-07", "--to", "2021-09-13", home=station_home)


def test_slots_are_set_from_the_command_line_and_a_slot_name_in_any_case_is_found(
    station_home: Path,
) -> None:
    done = cli("station", "set", "--slots", "Sáng 6h-6h30, Trưa 11h-11h30", home=station_home)
    assert done.returncode == 0, done.stderr
    assert "Sáng 06:00-06:30, Trưa 11:00-11:30" in done.stdout
    bad = cli("station", "set", "--slots", "6h-6h", home=station_home)
    assert bad.returncode != 0 and "kết thúc trước khi bắt đầu" in bad.stderr
    assert "Traceback" not in bad.stderr and "isoformat" not in bad.stderr
    ok("import", str(FOUNDING_SAMPLE), home=station_home)
    ok("approve", "1", "--no-render", home=station_home)
    done = cli("pin", "1", "--date", "2021-09-08", "--slot", "trưa", home=station_home)
    assert done.returncode == 0, done.stderr
    assert "khung Trưa" in done.stdout


def test_import_says_what_it_imported(station_home: Path) -> None:
    done = cli("import", str(FOUNDING_SAMPLE), home=station_home)
    assert done.returncode == 0
    assert done.stdout.strip() == "1"  # the number alone, for scripts
    assert "Truyền thông chống dịch" in done.stderr and "kịch bản số 1" in done.stderr


def test_import_on_an_unnamed_station_is_refused(station_home: Path) -> None:
    (station_home / "station.toml").unlink()
    done = cli("import", str(FOUNDING_SAMPLE), home=station_home)
    assert done.returncode != 0 and "station init" in done.stderr
    named = cli("import", str(FOUNDING_SAMPLE), "--commune", "Xã Hòa Bình", home=station_home)
    assert named.returncode == 0, named.stderr
