"""Approval is recorded only after a successful render, together with its audio; the plan warns
about a program that cannot air for want of audio; an over-long script is refused."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from small_disk import run_on_small_disk

from radio_sched.cli import main
from radio_sched.config import StationSettings, save_settings
from radio_sched.errors import UserError
from radio_sched.schedule import operations
from radio_sched.script.pipeline import save_script_edit
from radio_sched.store import open_store

RELEASE_0_1_0 = Path(__file__).parent / "data" / "stations" / "release-0.1.0.sqlite3"


@pytest.fixture
def station(station_home: Path) -> Path:
    """Release 0.1.0's station: script 1 was approved at version 1, then edited (version 2)."""
    database = station_home / "radio_sched.sqlite3"
    shutil.copyfile(RELEASE_0_1_0, database)
    save_settings(StationSettings(engine="offline"))
    return database


def approval_state(database: Path) -> tuple[object, ...]:
    with closing(sqlite3.connect(database)) as connection:
        script = connection.execute(
            "SELECT approved_version, approved_at FROM scripts WHERE id = 1"
        ).fetchone()
        program = connection.execute(
            "SELECT script_version, audio_path, approved_at FROM programs WHERE script_id = 1"
        ).fetchone()
    return (*script, *program)


def test_a_full_disk_during_the_render_approves_nothing(station: Path, tmp_path: Path) -> None:
    before = approval_state(station)
    after = tmp_path / "after"
    # Room for the database's own writes, not for the voice's audio.
    done = run_on_small_disk(
        station.parent, ["approve", "1", "--by", "Tâm"], leave_kb=400, keep=after
    )
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().count("\n") == 0, done.stderr
    # The voice's files did not fit (the database itself still had room).
    assert "radio-sched: lỗi: Không ghi được tệp" in done.stderr, done.stderr
    assert approval_state(after / station.name) == before


def test_approve_records_the_approval_and_the_audio_together(
    station: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["approve", "1", "--by", "Tâm"]) == 0
    approved_version, approved_at, program_version, audio, _ = approval_state(station)
    assert approved_version == program_version == 2
    assert approved_at is not None
    assert audio == "programs/script-1-v2.mp3"
    assert (station.parent / str(audio)).is_file()


def test_plan_warns_about_a_program_without_audio(
    station: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["approve", "1", "--by", "Tâm", "--no-render"]) == 0
    capsys.readouterr()
    assert main(["plan", "--from", "2021-09-06", "--to", "2021-09-12"]) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if "Cảnh báo" in line]
    # Script 1's program has no audio now; the district bulletin's file was never copied here.
    assert any("chương trình 1 " in line and "chưa có âm thanh" in line for line in warnings)
    assert any("chương trình 2 " in line for line in warnings)


def test_an_over_long_script_is_refused_at_approval(station: Path) -> None:
    store = open_store(f"sqlite:///{station}")
    try:
        sentence = "Đề nghị bà con nhân dân thực hiện nghiêm các biện pháp phòng chống dịch. "
        save_script_edit(store, 1, sentence * 600, "quá dài")
        before = approval_state(station)
        with pytest.raises(UserError, match="quá giới hạn 60 phút"):
            operations.approve_script(store, 1, "Tâm")
        assert approval_state(station) == before
    finally:
        store.dispose()
