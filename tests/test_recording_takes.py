"""Takes in the station: a recorded sentence replaces the synthetic one wherever it is spoken,
an edited script asks only for its changed sentences, the render and the as-run log say whose
voice aired, `radio-sched record` prompts and imports."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from recording_support import SCRIPT, FakeCapture, add_airing, add_script, reading, sentence

from radio_sched.audio import export, recording
from radio_sched.audio.programs import render_stored_script
from radio_sched.cli import main
from radio_sched.cli.record import prompter
from radio_sched.config import StationSettings, load_settings, save_settings
from radio_sched.schedule.approvals import approve_script
from radio_sched.script.pipeline import save_script_edit
from radio_sched.store import open_store
from radio_sched.store.db import Store
from radio_sched.store.takes import program_sources

RELEASE_0_1_0 = Path(__file__).parent / "data" / "stations" / "release-0.1.0.sqlite3"
SETTINGS = StationSettings(name="Xã Tân Thành", engine="offline")


@pytest.fixture
def store(station_home: Path) -> Iterator[Store]:
    save_settings(SETTINGS)
    opened = open_store()
    add_script(opened)
    yield opened
    opened.dispose()


def record(store: Store, numbers: list[int], syllables: int = 5) -> None:
    prompts = recording.script_prompts(store, 1, SETTINGS).prompts
    for number in numbers:
        voice = reading([sentence(syllables)], lead=0.4, tail=0.4, seed=number)
        recording.keep_take(store, SETTINGS, prompts[number - 1].spoken, voice, source="micro")


def test_the_prompts_are_the_renderers_sentences_with_the_spoken_form(store: Store) -> None:
    prompts = recording.script_prompts(store, 1, SETTINGS).prompts
    assert [p.display for p in prompts] == [
        "Kính thưa bà con.",
        "Chiều nay 17h30 có họp tổ dân phố.",
        "Đề nghị bà con đến đúng giờ.",
    ]
    assert prompts[1].differs and "mười bảy giờ ba mươi" in prompts[1].spoken
    assert not prompts[0].differs
    assert not any(p.recorded for p in prompts)


def test_a_program_mixes_takes_and_synthetic_sentences_and_says_so(store: Store) -> None:
    record(store, [1, 3])
    result = render_stored_script(store, 1, engine="offline", settings=SETTINGS)
    assert result.sentence_engines == ("operator", "offline", "operator")
    assert result.sources == "mixed"
    assert result.engine_calls == 1  # only the sentence without a take went to the voice
    assert any("2/3 câu đọc bằng giọng người" in note for note in result.notes)
    first = result.path.read_bytes()

    # A re-take of sentence 1 makes a different program (not the cached one).
    record(store, [1], syllables=9)
    again = render_stored_script(store, 1, engine="offline", settings=SETTINGS)
    assert again.sentence_engines == result.sentence_engines
    assert again.path.read_bytes() != first
    assert again.duration_seconds > result.duration_seconds

    # Every sentence recorded: the voice is not asked at all, and the program is "recorded".
    record(store, [2])
    whole = render_stored_script(store, 1, engine="offline", settings=SETTINGS)
    assert whole.sources == "recorded" and whole.engine_calls == 0


def test_a_take_is_used_wherever_its_sentence_is_spoken(store: Store) -> None:
    record(store, [1])
    other = add_script(store, "Kính thưa bà con. Tối nay mất điện.", "Thông báo khác")
    result = render_stored_script(store, other, engine="offline", settings=SETTINGS)
    assert result.sentence_engines == ("operator", "offline")


def test_editing_one_sentence_asks_for_exactly_one_new_take(store: Store) -> None:
    record(store, [1, 2, 3])
    assert recording.script_prompts(store, 1, SETTINGS).missing == []
    save_script_edit(store, 1, SCRIPT.replace("17h30", "18h"))
    missing = recording.script_prompts(store, 1, SETTINGS).missing
    assert [p.number for p in missing] == [2]
    assert "mười tám giờ" in missing[0].spoken


def test_the_as_run_log_says_whose_voice_aired(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    record(store, [1, 3])
    result = render_stored_script(store, 1, engine="offline", settings=SETTINGS)
    program_id, _ = approve_script(store, 1, "Tâm", audio=(result.path, result.duration_seconds))
    start = dt.datetime(2026, 12, 2, 6, 0, tzinfo=dt.UTC)
    with store.session() as session:
        assert program_sources(session, program_id) == "mixed"
    add_airing(store, program_id, start)
    assert main(["asrun", "--from", "2026-12-01", "--to", "2026-12-07"]) == 0
    assert "[giọng người đọc và giọng máy]" in capsys.readouterr().out


def test_the_prompter_records_listens_retakes_and_moves_on(store: Store) -> None:
    capture = FakeCapture(syllables=(5, 7, 6, 8))
    answers = iter(
        [
            "",
            "",
            "n",
            "r",  # sentence 1: record, stop, listen, re-take
            "",
            "",
            "",  # sentence 1 again: record, stop, next
            "t",  # sentence 2 skipped
            "",
            "",
            "",  # sentence 3: record, stop, next
        ]
    )
    heard: list[bytes] = []
    said: list[str] = []
    assert (
        prompter(
            store,
            SETTINGS,
            1,
            capture,
            ask=lambda _: next(answers),
            say=said.append,
            play=heard.append,
        )
        == 0
    )
    assert capture.takes == 3 and len(heard) == 1
    text = "\n".join(said)
    assert "Câu 2/3: Chiều nay 17h30 có họp tổ dân phố." in text
    assert "Đọc là: Chiều nay mười bảy giờ ba mươi" in text
    state = recording.script_prompts(store, 1, SETTINGS)
    assert [p.recorded for p in state.prompts] == [True, False, True]
    assert "đã thu 2/3 câu" in text and "giọng máy: 2" in text


def test_import_a_whole_reading_or_one_sentence(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    syllables = [
        len(p.spoken.split()) for p in recording.script_prompts(store, 1, SETTINGS).prompts
    ]
    whole = tmp_path / "ca-bai.mp3"
    whole.write_bytes(export.encode(reading([sentence(n) for n in syllables]), "mp3"))
    assert main(["record", "1", "--import", str(whole)]) == 0
    out = capsys.readouterr().out
    assert "câu 1, 2, 3" in out and "đã thu 3/3 câu" in out

    one = tmp_path / "cau-2.wav"
    one.write_bytes(export.encode(reading([sentence(4)]), "wav"))
    assert main(["record", "1", "--import", str(one), "--sentence", "2"]) == 0
    assert "câu 2." in capsys.readouterr().out
    assert main(["synth", "1", "--engine", "offline"]) == 0
    assert "Giọng đọc: người đọc (thu âm): 3 câu. Tổng hợp mới 0 câu" in capsys.readouterr().out

    short = tmp_path / "thieu.wav"
    short.write_bytes(export.encode(reading([sentence(6), sentence(8)]), "wav"))
    assert main(["record", "1", "--import", str(short)]) != 0
    err = capsys.readouterr().err
    assert "thieu.wav" in err and "2 đoạn" in err and "3 câu" in err


def test_without_a_microphone_the_operator_is_told_what_to_do(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    from radio_sched.audio.capture import capture_devices

    if capture_devices():
        pytest.skip("this machine has a microphone")
    assert main(["record", "1"]) != 0
    err = capsys.readouterr().err
    assert "không có micro" in err and "--import" in err


def test_release_0_1_0_stations_gain_takes_and_as_run_sources(tmp_path: Path) -> None:
    database = tmp_path / "radio_sched.sqlite3"
    shutil.copyfile(RELEASE_0_1_0, database)
    with closing(sqlite3.connect(database)) as connection:
        before = connection.execute("SELECT key, outcome FROM asrun ORDER BY id").fetchall()
    open_store(f"sqlite:///{database}").dispose()
    with closing(sqlite3.connect(database)) as connection:
        assert connection.execute("SELECT count(*) FROM takes").fetchone() == (0,)
        after = connection.execute("SELECT key, outcome, sources FROM asrun ORDER BY id")
        rows = after.fetchall()
    assert before and [row[:2] for row in rows] == before
    assert {row[2] for row in rows} == {None}


def test_approving_after_new_takes_airs_them_not_the_older_render(store: Store) -> None:
    from radio_sched.schedule.approvals import approve_and_render

    render_stored_script(store, 1, engine="offline", settings=SETTINGS)  # all synthetic
    record(store, [2])
    approval = approve_and_render(store, SETTINGS, 1, "Tâm", say=lambda _: None)
    with store.session() as session:
        assert program_sources(session, approval.program_id) == "mixed"


def test_the_daemon_logs_that_a_program_aired_in_the_readers_voice(station_home: Path) -> None:
    from test_daemon_runner import close, make_runner, rows, run_until
    from test_schedule_support import station_toml

    from radio_sched.schedule.approvals import approve_and_render
    from radio_sched.schedule.clock import FakeClock

    station_toml(station_home, [("Sáng", dt.time(6), dt.time(6, 30))])
    settings = load_settings()
    store = open_store()
    add_script(store)
    for prompt in recording.script_prompts(store, 1, settings).prompts:
        voice = reading([sentence(4)], lead=0.3, tail=0.3, seed=prompt.number)
        recording.keep_take(store, settings, prompt.spoken, voice, source="micro")
    approve_and_render(store, settings, 1, "Tâm", say=lambda _: None)
    store.dispose()

    # Tomorrow morning (today's program became available only when it was approved).
    zone = settings.zone
    tomorrow = dt.datetime.now(zone).date() + dt.timedelta(days=1)
    start = dt.datetime.combine(tomorrow, dt.time(5, 59, 50), tzinfo=zone)
    clock = FakeClock(start)
    runner, _player = make_runner(clock)
    run_until(runner, clock, start + dt.timedelta(seconds=40))
    (row,) = rows(runner.store).values()
    assert row.outcome == "played" and row.sources == "recorded"
    close(runner)
