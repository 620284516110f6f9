"""The runner in process on a fake clock: a morning of slots, emergencies, crashes and a locked
database, without waiting for the wall clock."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from test_schedule_support import station_toml, write_wav

from radio_sched.cli import main
from radio_sched.config import load_settings
from radio_sched.errors import UserError
from radio_sched.report import build_report
from radio_sched.schedule.clock import FakeClock
from radio_sched.schedule.daemon import LOCK_NAME, Runner, StationLock, _StartRows
from radio_sched.schedule.operations import declare_emergency
from radio_sched.schedule.player import PlayResult, decode, last_boundary, pause_points
from radio_sched.store.asrun import AsRunRow
from radio_sched.store.db import Store, open_store

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = dt.datetime.now(ZONE).date()


def at(hour: int, minute: int, second: float = 0.0) -> dt.datetime:
    return dt.datetime.combine(TODAY, dt.time(hour, minute), tzinfo=ZONE) + dt.timedelta(
        seconds=second
    )


@dataclass
class FakePlayer:
    """Plays on the fake clock: moves it 0.1 s at a time, reports the sentence boundaries of
    the real file, stops at the next one when interrupted. ``events`` are called once when the
    clock reaches their time (an operator declaring an emergency, a crash)."""

    clock: FakeClock
    name: str = "fake"
    heard: list[tuple[str, float, float]] = field(default_factory=list)  # label, from, to
    events: list[tuple[dt.datetime, Callable[[], None]]] = field(default_factory=list)

    def play(
        self,
        path: Path,
        *,
        interrupt: threading.Event,
        abort: threading.Event,
        label: str = "",
        start_at: float = 0.0,
        progress: Callable[[float], None] | None = None,
    ) -> PlayResult:
        sound = decode(path)
        points = pause_points(sound)
        position, reported, stop_at = start_at, start_at, None
        while position < sound.duration:
            self._fire()
            if abort.is_set():
                break
            if interrupt.is_set() and stop_at is None:
                stop_at = next((p for p in points if p >= position), sound.duration)
            if stop_at is not None and position >= stop_at:
                break
            step = min(0.1, sound.duration - position)
            self.clock.advance(step)
            position += step
            boundary = last_boundary(points, position)
            if progress is not None and boundary > reported:
                reported = boundary
                progress(boundary)
        self.heard.append((label, round(start_at, 2), round(position, 2)))
        done = position >= sound.duration - 1e-6
        return PlayResult(position - start_at, not done, position)

    def _fire(self) -> None:
        for moment, action in list(self.events):
            if self.clock.now() >= moment:
                self.events.remove((moment, action))
                action()


class Crash(BaseException):
    """A kill -9 in the middle of an item: nothing after it runs in that process."""


@pytest.fixture
def station(station_home: Path, tmp_path: Path) -> Iterator[Path]:
    # Two slots; five one-sentence-a-second programs of 4 s (1 s tone, 0.3 s pause...).
    station_toml(
        station_home,
        [("Sáng", dt.time(6), dt.time(6, 0, 20)), ("Chiều", dt.time(17), dt.time(17, 0, 30))],
    )
    for number in (1, 2, 3):
        audio = write_wav(tmp_path / f"bai{number}.wav", 4.0, sentence=0.7, pause=0.3)
        assert main(["program", "add-audio", str(audio), "--title", f"Bài {number}"]) == 0
    yield station_home


def make_runner(clock: FakeClock, player: FakePlayer | None = None) -> tuple[Runner, FakePlayer]:
    player = player or FakePlayer(clock)
    runner = Runner(open_store(), load_settings(), player, say=lambda _m: None, clock=clock)
    runner.prepare()
    return runner, player


def run_until(runner: Runner, clock: FakeClock, end: dt.datetime) -> None:
    """What the daemon's loop does, with APScheduler's wake-ups replaced by a 0.5 s tick."""
    while clock.now() < end:
        runner.refresh()
        runner.process_due()
        flush(runner)
        clock.advance(0.5)


def flush(runner: Runner) -> None:
    assert runner.writer.submit(lambda _s: None).wait(30)


def rows(store: Store) -> dict[str, AsRunRow]:
    with store.session() as session:
        return {row.title + "@" + row.slot: row for row in session.query(AsRunRow)}


def close(runner: Runner) -> None:
    runner.writer.close()
    runner.store.dispose()


def test_a_morning_plays_in_order_on_the_fake_clock(station: Path) -> None:
    clock = FakeClock(at(5, 59, 50))
    runner, player = make_runner(clock)
    run_until(runner, clock, at(6, 1))
    log = rows(runner.store)
    morning = {k: r for k, r in log.items() if k.endswith("@Sáng")}
    assert morning and {r.outcome for r in morning.values()} == {"played"}
    for row in morning.values():
        assert row.seconds == pytest.approx(4.0, abs=0.15)
        assert row.ended_at is not None and row.position == pytest.approx(4.0, abs=0.15)
    labels = [label for label, start, _ in player.heard]
    assert sorted(labels) == sorted(r.key for r in morning.values())  # each once, from the top
    assert all(start == 0 for _, start, _ in player.heard)
    close(runner)


def test_emergency_interrupts_at_a_pause_and_the_item_resumes_there(
    station: Path, tmp_path: Path
) -> None:
    alarm = write_wav(tmp_path / "bao.wav", 2.0, sentence=0.7, pause=0.3)
    assert main(["program", "add-audio", str(alarm), "--title", "Tin bão", "--per-day", "0"]) == 0
    clock = FakeClock(at(5, 59, 58))
    player = FakePlayer(clock)
    runner, _ = make_runner(clock, player)
    store, settings = runner.store, runner.settings

    def storm() -> None:  # the operator declares it; the running daemon learns of it
        declare_emergency(store, settings, 4, start=clock.now())
        runner.refresh()

    player.events.append((at(6, 0, 1.5), storm))
    run_until(runner, clock, at(6, 0, 40))
    log = rows(store)
    first = min((r for r in log.values() if r.slot == "Sáng"), key=lambda r: r.scheduled_start)
    parts = [h for h in player.heard if h[0] == first.key]
    assert len(parts) == 2  # cut at a pause, then resumed where it stopped
    assert parts[0][1] == 0 and 1.5 <= parts[0][2] <= 2.1
    assert parts[1][1] == parts[0][2] and parts[1][2] == pytest.approx(4.0, abs=0.15)
    assert first.outcome == "played" and first.resumes == 1
    assert first.seconds == pytest.approx(4.0, abs=0.2)  # both parts, counted once
    assert log["Tin bão@Khẩn cấp"].outcome == "played"
    order = [h[0] for h in player.heard]
    assert order.index(log["Tin bão@Khẩn cấp"].key) == 1  # the emergency went on air between
    report = build_report(store, settings, TODAY, TODAY)
    line = next(ln for sec in report.sections for ln in sec.lines if ln.title == first.title)
    aired = [r for r in log.values() if r.title == first.title and r.outcome == "played"]
    assert line.broadcasts == len(aired) and line.failed == 0  # the resumed item counts once
    close(runner)


def test_a_stopped_daemon_leaves_the_item_interrupted_and_the_next_goes_on(station: Path) -> None:
    clock = FakeClock(at(5, 59, 58))
    player = FakePlayer(clock)
    runner, _ = make_runner(clock, player)

    def sigterm() -> None:  # what Runner.stop does, without joining a thread
        runner.stopping.set()
        runner.abort.set()

    player.events.append((at(6, 0, 2.5), sigterm))
    run_until(runner, clock, at(6, 0, 3))
    flush(runner)
    first = next(iter(rows(runner.store).values()))
    assert first.outcome == "interrupted" and first.ended_at is not None
    assert 1.5 < first.position < 2.5  # the sentence boundary before the stop
    assert first.seconds == pytest.approx(2.5, abs=0.15)  # what was heard, to the stop
    close(runner)
    again, _ = make_runner(clock, FakePlayer(clock))
    run_until(again, clock, at(6, 0, 40))
    heard = [h for h in again.player.heard if h[0] == first.key]  # type: ignore[attr-defined]
    assert heard == [(first.key, round(first.position, 2), pytest.approx(4.0, abs=0.15))]
    assert rows(again.store)[f"{first.title}@Sáng"].outcome == "played"
    close(again)


def test_the_station_lock_lets_one_daemon_in_and_says_who_holds_it(station_home: Path) -> None:
    first, second = StationLock(station_home), StationLock(station_home)
    first.acquire()
    try:
        with pytest.raises(UserError) as refused:
            second.acquire()
        message = str(refused.value)
        assert "\n" not in message and "tiến trình khác" in message
        assert f"pid {os.getpid()}" in message and LOCK_NAME in message
    finally:
        first.release()
    second.acquire()  # free again once released (the kernel does the same when a process dies)
    second.release()


def test_interrupted_item_without_room_moves_to_the_next_slot_and_the_log_says_so(
    station: Path, tmp_path: Path
) -> None:
    long_alarm = write_wav(tmp_path / "bao.wav", 60.0, sentence=0.7, pause=0.3)
    assert main(["program", "add-audio", str(long_alarm), "--title", "Bão", "--per-day", "0"]) == 0
    clock = FakeClock(at(5, 59, 58))
    player = FakePlayer(clock)
    runner, _ = make_runner(clock, player)
    store, settings = runner.store, runner.settings

    def storm() -> None:
        declare_emergency(store, settings, 4, start=clock.now())
        runner.refresh()

    player.events.append((at(6, 0, 1.5), storm))
    run_until(runner, clock, at(6, 2))
    first = min(
        (r for r in rows(store).values() if r.slot == "Sáng"), key=lambda r: r.scheduled_start
    )
    assert first.outcome == "interrupted"
    assert first.resume_at is not None and "khung giờ Chiều" in first.reason
    assert first.ended_at is not None and 1.0 < first.seconds < 4.0
    clock.set(at(16, 59, 50))
    run_until(runner, clock, at(17, 1))
    first = rows(store)[f"{first.title}@Sáng"]
    assert first.outcome == "played" and first.seconds == pytest.approx(4.0, abs=0.2)
    parts = [h for h in player.heard if h[0] == first.key]
    assert len(parts) == 2 and parts[1][1] == parts[0][2] > 0
    close(runner)


def test_crash_mid_item_resumes_at_the_last_sentence_on_restart(station: Path) -> None:
    clock = FakeClock(at(5, 59, 58))
    player = FakePlayer(clock)

    def kill() -> None:
        raise Crash

    player.events.append((at(6, 0, 2.5), kill))
    runner, _ = make_runner(clock, player)
    with pytest.raises(Crash):
        run_until(runner, clock, at(6, 0, 10))
    flush(runner)
    close(runner)  # the process is gone; its row says "playing" at the last boundary
    clock.advance(3)
    again, _ = make_runner(clock, FakePlayer(clock))
    run_until(again, clock, at(6, 0, 40))
    log = rows(again.store)
    first = min((r for r in log.values() if r.slot == "Sáng"), key=lambda r: r.scheduled_start)
    heard = [h for h in again.player.heard if h[0] == first.key]  # type: ignore[attr-defined]
    assert heard and 1.5 < heard[0][1] < 2.5  # the sentence boundary before 2.5 s
    assert first.outcome == "played" and first.resumes == 1
    # The item that came due while the first was running late still gets its outcome (it
    # follows on in the slot), and nothing is left open.
    assert {r.outcome for r in log.values() if r.slot == "Sáng"} == {"played"}
    assert len([r for r in log.values() if r.slot == "Sáng"]) == len(
        [p for p in again.plan.placements if p.slot == "Sáng" and p.day == TODAY]
    )
    close(again)


def test_item_due_behind_a_late_one_is_not_dropped_after_a_crash(station: Path) -> None:
    """Issue 9 item 3: start 3 s into a slot, killed at slot + 10.5 s, restarted later."""
    clock = FakeClock(at(6, 0, 3))
    player = FakePlayer(clock)

    def kill() -> None:
        raise Crash

    player.events.append((at(6, 0, 10.5), kill))
    runner, _ = make_runner(clock, player)
    with pytest.raises(Crash):
        run_until(runner, clock, at(6, 0, 19))
    flush(runner)
    close(runner)
    clock.set(at(6, 5))  # down until after the slot
    again, _ = make_runner(clock, FakePlayer(clock))
    run_until(again, clock, at(6, 5, 5))
    log = {r.key: r for r in rows(again.store).values()}
    wanted = [p.key for p in again.plan.placements if p.day == TODAY and p.slot == "Sáng"]
    assert wanted and set(wanted) <= set(log)  # every placement has its row
    assert all(log[k].outcome != "playing" for k in wanted)
    close(again)


def test_locked_database_delays_the_start_row_and_the_sound(station: Path) -> None:
    clock = FakeClock(at(5, 59, 58))
    runner, player = make_runner(clock)
    locker = sqlite3.connect(station / "radio_sched.sqlite3", isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        clock.set(at(6, 0, 0.5))
        runner.process_due()  # the start row cannot be written: nothing plays
        assert player.heard == [] and runner.blocked
    finally:
        locker.execute("COMMIT")
        locker.close()
    run_until(runner, clock, at(6, 0, 40))
    log = rows(runner.store)
    assert {r.outcome for r in log.values() if r.slot == "Sáng"} == {"played"}
    assert len(player.heard) == len({h[0] for h in player.heard})  # nothing twice
    close(runner)


def test_runner_replans_when_station_file_or_revision_changes(station: Path) -> None:
    clock = FakeClock(at(5, 0))
    runner, _ = make_runner(clock)
    assert {p.slot for p in runner.plan.placements} == {"Sáng", "Chiều"}
    path = station_toml(station, [("Trưa", dt.time(11), dt.time(11, 30))])
    os.utime(path, (path.stat().st_atime, path.stat().st_mtime + 5))  # a coarse clock may tie
    runner.refresh()
    assert {p.slot for p in runner.plan.placements} == {"Trưa"}
    before = runner.revision
    for number in (1, 2, 3):
        assert main(["program", "set", str(number), "--per-day", "0"]) == 0
    runner.refresh()
    assert runner.revision > before and runner.plan.placements == ()
    close(runner)


def test_missing_and_corrupt_audio_are_skipped_and_the_slot_goes_on(station: Path) -> None:
    programs = sorted((station / "programs").iterdir())
    programs[0].unlink()
    programs[1].write_bytes(b"\x00garbage" * 50)
    clock = FakeClock(at(5, 59, 58))
    runner, _ = make_runner(clock)
    run_until(runner, clock, at(6, 0, 20))
    outcomes = {r.title: (r.outcome, r.reason) for r in rows(runner.store).values()}
    assert (
        outcomes["Bài 1"][0] == "skipped" and "không tìm thấy tệp âm thanh" in outcomes["Bài 1"][1]
    )
    assert outcomes["Bài 2"][0] == "skipped" and programs[1].name in outcomes["Bài 2"][1]
    assert outcomes["Bài 3"][0] == "played"
    close(runner)


def test_a_log_that_cannot_be_written_does_not_silence_the_station(station: Path) -> None:
    """Read-only, full or damaged (not merely busy): the items play from memory, the problem is
    said once, and the rows are written when the log can take them."""
    clock = FakeClock(at(5, 59, 58))
    said: list[str] = []
    player = FakePlayer(clock)
    runner = Runner(open_store(), load_settings(), player, say=said.append, clock=clock)
    database = station / "radio_sched.sqlite3"
    runner.start_rows.dispose()
    runner.start_rows = _StartRows(f"sqlite:///file:{database}?mode=ro&uri=true", str(database))
    runner.prepare()
    run_until(runner, clock, at(6, 0, 20))
    morning = [r for r in rows(runner.store).values() if r.slot == "Sáng"]
    assert morning and {r.outcome for r in morning} == {"played"}
    assert len(player.heard) == len(morning)
    assert all(r.started_at is not None and r.ended_at is not None for r in morning)
    from_memory = [m for m in said if "trong bộ nhớ" in m]
    assert len(from_memory) == 1 and str(database) in from_memory[0]
    close(runner)
