"""The runner's decisions, in process: play, chain, miss, skip — without waiting for real slots."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from test_schedule_support import write_wav

from radio_sched.config import StationSettings
from radio_sched.schedule.daemon import EMERGENCY_GRACE, Runner
from radio_sched.schedule.model import EMERGENCY_SLOT, Placement, Priority
from radio_sched.schedule.player import PlayResult
from radio_sched.store.asrun import AsRunRow
from radio_sched.store.db import open_store

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


class RecordingPlayer:
    name = "test"

    def __init__(self) -> None:
        self.played: list[str] = []

    def play(
        self, path: Path, *, interrupt: threading.Event, abort: threading.Event, label: str = ""
    ) -> PlayResult:
        self.played.append(label)
        return PlayResult(1.0)


def placement(key: str, start: dt.datetime, audio: str | None, slot: str = "Sáng") -> Placement:
    return Placement(
        key=key,
        program_id=1,
        title=key,
        start=start,
        end=start + dt.timedelta(seconds=60),
        slot=slot,
        priority=Priority.EMERGENCY if slot == EMERGENCY_SLOT else Priority.NORMAL,
        day=start.date(),
        slot_start=start - dt.timedelta(minutes=1),
        slot_end=start + dt.timedelta(minutes=10),
        audio_path=audio,
    )


@pytest.fixture
def runner(tmp_path: Path):  # type: ignore[no-untyped-def]
    store = open_store()
    player = RecordingPlayer()
    runner = Runner(store, StationSettings(), player, grace=5.0, say=lambda _m: None)
    runner.writer.start()
    yield runner
    runner.writer.close()
    store.dispose()


def outcomes(runner: Runner) -> dict[str, tuple[str, str]]:
    runner.writer.close()
    with runner.store.session() as session:
        return {row.key: (row.outcome, row.reason) for row in session.query(AsRunRow)}


def test_decisions(runner: Runner, tmp_path: Path) -> None:
    audio = str(write_wav(tmp_path / "a.wav", 0.2))
    now = dt.datetime.now(ZONE)
    player = runner.player
    assert isinstance(player, RecordingPlayer)

    runner._decide(placement("on-time", now - dt.timedelta(seconds=1), audio), now)
    runner._decide(placement("gap", now - dt.timedelta(seconds=30), audio, slot="Chiều"), now)
    # Same slot as "on-time", which just ended: the slot is on air, so a late item follows on.
    runner._decide(placement("chained", now - dt.timedelta(seconds=30), audio), now)
    runner._decide(placement("no-file", now, str(tmp_path / "gone.wav")), now)
    stale = now - dt.timedelta(seconds=EMERGENCY_GRACE + 60)
    runner._decide(placement("stale-emergency", stale, audio, slot=EMERGENCY_SLOT), now)
    runner._decide(
        placement("emergency", now - dt.timedelta(seconds=60), audio, EMERGENCY_SLOT), now
    )
    # Already in the log (another run played it): never again.
    runner._decide(placement("on-time", now, audio), now)

    assert player.played == ["on-time", "chained", "emergency"]
    result = outcomes(runner)
    assert result["on-time"][0] == "played"
    assert result["gap"][0] == "missed" and "không hoạt động" in result["gap"][1]
    assert result["chained"][0] == "played"
    assert result["no-file"][0] == "skipped" and "gone.wav" in result["no-file"][1]
    assert result["stale-emergency"][0] == "missed"
    assert result["emergency"][0] == "played"


def test_late_item_that_no_longer_fits_its_slot_is_missed(runner: Runner, tmp_path: Path) -> None:
    audio = str(write_wav(tmp_path / "a.wav", 0.2))
    now = dt.datetime.now(ZONE)
    runner._decide(placement("first", now, audio), now)
    late = placement("late", now - dt.timedelta(minutes=15), audio)
    runner._decide(late, now)  # its slot ended five minutes ago
    assert outcomes(runner)["late"] == ("missed", "không còn đủ thời gian trong khung giờ")


def test_corrupt_audio_is_skipped(tmp_path: Path) -> None:
    from radio_sched.schedule.player import FileSinkPlayer

    store = open_store()
    runner = Runner(
        store, StationSettings(), FileSinkPlayer(tmp_path / "sink"), say=lambda _m: None
    )
    runner.writer.start()
    broken = tmp_path / "hong.mp3"
    broken.write_bytes(b"\x00garbage" * 50)
    now = dt.datetime.now(ZONE)
    runner._decide(placement("broken", now, str(broken)), now)
    result = outcomes(runner)
    assert result["broken"][0] == "skipped" and "hong.mp3" in result["broken"][1]
    store.dispose()


def test_runner_replans_when_station_file_or_revision_changes(
    station_home: Path, tmp_path: Path
) -> None:
    import os

    from test_schedule_support import station_toml

    from radio_sched.cli import main

    path = station_toml(station_home, [("Sáng", dt.time(6), dt.time(6, 30))])
    audio = write_wav(tmp_path / "a.wav", 1.0)
    assert main(["program", "add-audio", str(audio), "--title", "Tin", "--per-day", "1"]) == 0
    store = open_store()
    from radio_sched.config import load_settings

    runner = Runner(store, load_settings(path), RecordingPlayer(), say=lambda _m: None)
    runner.writer.start()
    runner.refresh(force=True)
    assert {p.slot for p in runner.plan.placements} == {"Sáng"}
    station_toml(station_home, [("Trưa", dt.time(11), dt.time(11, 30))])
    os.utime(path, (path.stat().st_atime, path.stat().st_mtime + 5))  # a coarse clock may tie
    runner.refresh()
    assert {p.slot for p in runner.plan.placements} == {"Trưa"}
    before = runner.revision
    assert main(["program", "set", "1", "--per-day", "0"]) == 0
    runner.refresh()
    assert runner.revision > before and runner.plan.placements == ()
    runner.writer.close()
    store.dispose()
