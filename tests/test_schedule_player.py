"""Players: pause detection, the file sink, an external command without a shell."""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

import pytest
from test_schedule_support import write_wav

from radio_sched.schedule.player import (
    MAX_WAIT_FOR_PAUSE,
    CommandPlayer,
    FileSinkPlayer,
    PlaybackError,
    cut_time,
    decode,
    last_boundary,
    make_player,
    pause_points,
)


def events() -> tuple[threading.Event, threading.Event]:
    return threading.Event(), threading.Event()


def test_pause_points_fall_in_the_silences(tmp_path: Path) -> None:
    sound = decode(write_wav(tmp_path / "a.wav", 4.0, sentence=0.5, pause=0.3))
    points = pause_points(sound)
    assert len(points) >= 4
    for point in points:
        assert 0.5 <= point % 0.8 <= 0.8  # inside a pause, never inside a "sentence"


@pytest.mark.parametrize(
    ("points", "position", "duration", "expected"),
    [
        ([1.0, 2.0, 3.0], 1.5, 4.0, 2.0),
        ([1.0], 1.5, 4.0, 4.0),  # no pause left: play to the end
        ([], 0.0, 100.0, MAX_WAIT_FOR_PAUSE),  # no pause at all: never wait beyond the cap
        ([50.0], 1.0, 100.0, 1.0 + MAX_WAIT_FOR_PAUSE),
    ],
)
def test_cut_time(points: list[float], position: float, duration: float, expected: float) -> None:
    assert cut_time(points, position, duration) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("points", "position", "expected"),
    [
        ([0.65, 1.45, 2.25], 0.3, 0.0),  # before the first boundary: from the top
        ([0.65, 1.45, 2.25], 0.65, 0.65),
        ([0.65, 1.45, 2.25], 2.0, 1.45),
        ([0.65, 1.45, 2.25], 9.0, 2.25),
        ([], 5.0, 0.0),
    ],
)
def test_last_boundary(points: list[float], position: float, expected: float) -> None:
    assert last_boundary(points, position) == pytest.approx(expected)


def test_file_sink_resumes_at_a_boundary_and_reports_each_one_passed(tmp_path: Path) -> None:
    audio = write_wav(tmp_path / "a.wav", 2.4, sentence=0.5, pause=0.3)
    points = pause_points(decode(audio))
    player = FileSinkPlayer(tmp_path / "sink")
    interrupt, abort = events()
    reported: list[float] = []
    result = player.play(
        audio, interrupt=interrupt, abort=abort, start_at=points[0], progress=reported.append
    )
    assert reported == pytest.approx(points[1:])  # the boundaries after the start, in order
    assert result.position == pytest.approx(2.4, abs=0.05) and not result.interrupted
    assert result.seconds == pytest.approx(2.4 - points[0], abs=0.05)
    heard = next((tmp_path / "sink" / "heard").glob("*.wav"))
    assert decode(heard).duration == pytest.approx(2.4 - points[0], abs=0.05)


def test_command_player_resumes_from_a_temporary_tail(tmp_path: Path) -> None:
    out = tmp_path / "seconds.txt"
    audio = write_wav(tmp_path / "a.wav", 2.0)
    script = (
        "import sys, wave; w = wave.open(sys.argv[-1]); "
        f"open({str(out)!r}, 'w').write(str(w.getnframes() / w.getframerate()))"
    )
    player = CommandPlayer([sys.executable, "-c", script])
    interrupt, abort = events()
    player.play(audio, interrupt=interrupt, abort=abort, start_at=0.8)
    assert float(out.read_text()) == pytest.approx(1.2, abs=0.01)


def test_file_sink_writes_what_would_be_heard(tmp_path: Path) -> None:
    player = FileSinkPlayer(tmp_path / "sink")
    interrupt, abort = events()
    result = player.play(
        write_wav(tmp_path / "a.wav", 0.5), interrupt=interrupt, abort=abort, label="k1"
    )
    assert result.seconds == pytest.approx(0.5, abs=0.05) and not result.interrupted
    heard = list((tmp_path / "sink" / "heard").glob("*.wav"))
    assert len(heard) == 1
    assert decode(heard[0]).duration == pytest.approx(0.5, abs=0.05)
    log = (tmp_path / "sink" / "sink.jsonl").read_text(encoding="utf-8")
    assert '"label": "k1"' in log and '"event": "end"' in log


def test_file_sink_interrupt_stops_at_a_pause(tmp_path: Path) -> None:
    player = FileSinkPlayer(tmp_path / "sink")
    interrupt, abort = events()
    threading.Timer(0.3, interrupt.set).start()
    result = player.play(write_wav(tmp_path / "a.wav", 4.0), interrupt=interrupt, abort=abort)
    assert result.interrupted
    assert 0.5 <= result.seconds <= 1.0  # the first pause runs from 0.5 s to 0.8 s
    assert result.position == pytest.approx(result.seconds)  # stopped at the pause itself


@pytest.mark.parametrize("content", [None, b"garbage" * 100])
def test_missing_or_corrupt_file_raises_playback_error(
    tmp_path: Path, content: bytes | None
) -> None:
    path = tmp_path / "x.mp3"
    if content is not None:
        path.write_bytes(content)
    interrupt, abort = events()
    with pytest.raises(PlaybackError):
        FileSinkPlayer(tmp_path / "sink").play(path, interrupt=interrupt, abort=abort)


def test_command_player_passes_the_file_as_one_argument_without_a_shell(tmp_path: Path) -> None:
    out = tmp_path / "argv.txt"
    audio = write_wav(tmp_path / "a; touch INJECTED $(echo x).wav", 0.2)
    script = f"import sys; open({str(out)!r}, 'w').write(sys.argv[-1])"
    player = CommandPlayer([sys.executable, "-c", script])
    interrupt, abort = events()
    result = player.play(audio, interrupt=interrupt, abort=abort)
    assert not result.interrupted
    assert out.read_text() == str(audio)
    assert not (tmp_path / "INJECTED").exists()


def test_command_player_failure_and_abort(tmp_path: Path) -> None:
    audio = write_wav(tmp_path / "a.wav", 3.0)
    interrupt, abort = events()
    with pytest.raises(PlaybackError, match="mã 3"):
        CommandPlayer([sys.executable, "-c", "import sys; sys.exit(3)"]).play(
            audio, interrupt=interrupt, abort=abort
        )
    slow = CommandPlayer([sys.executable, "-c", "import time; time.sleep(30)"])
    threading.Timer(0.3, abort.set).start()
    started = time.monotonic()
    result = slow.play(audio, interrupt=interrupt, abort=abort)
    assert result.interrupted and time.monotonic() - started < 10
    with pytest.raises(PlaybackError):
        CommandPlayer([])


def test_make_player() -> None:
    assert make_player("file").name == "file"
    assert make_player("miniaudio").name == "miniaudio"
    with pytest.raises(PlaybackError):
        make_player("loa")
