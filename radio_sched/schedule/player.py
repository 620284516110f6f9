"""Playback backends behind one small protocol: miniaudio (default), an external command, and a
file sink that writes what would be heard plus a log (tests and ``--dry-run``).

Every backend can be asked to stop at the next pause between sentences (``interrupt``, used
when an emergency must go on air) or at once (``abort``, when the daemon shuts down).
"""

from __future__ import annotations

import array
import datetime as dt
import json
import subprocess
import threading
import time
import wave
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from radio_sched.schedule.alsa import silence_alsa

PAUSE_SECONDS = 0.25  # a gap at least this long and this quiet is taken as a sentence boundary
PAUSE_DBFS = -40.0
MAX_WAIT_FOR_PAUSE = 15.0  # an emergency never waits longer than this for a boundary


class PlaybackError(Exception):
    """The file could not be played; the message says why, in Vietnamese."""


class UnplayableFile(PlaybackError):
    """The audio file is missing or corrupt: the item is skipped, the slot goes on."""


@dataclass(frozen=True)
class PlayResult:
    seconds: float  # heard in this playback
    interrupted: bool = False
    position: float | None = None  # where it stopped, seconds into the file (None: at the end)


@dataclass(frozen=True)
class Sound:
    samples: array.array[int]  # interleaved signed 16-bit
    channels: int
    rate: int

    @property
    def frames(self) -> int:
        return len(self.samples) // self.channels

    @property
    def duration(self) -> float:
        return self.frames / self.rate


class Player(Protocol):
    name: str

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
        """Play from ``start_at`` seconds (a sentence boundary); call ``progress`` with each
        sentence boundary passed, so a restart knows where to go on."""
        ...


def decode(path: Path) -> Sound:
    import miniaudio

    if not path.is_file():
        raise UnplayableFile(f"không tìm thấy tệp âm thanh {path}")
    try:
        info = miniaudio.get_file_info(str(path))
        decoded = miniaudio.decode_file(
            str(path), nchannels=info.nchannels, sample_rate=info.sample_rate
        )
    except (miniaudio.MiniaudioError, OSError, ValueError) as error:
        raise UnplayableFile(f"tệp âm thanh {path} hỏng hoặc không đọc được ({error})") from error
    if decoded.nchannels <= 0 or decoded.sample_rate <= 0:
        raise UnplayableFile(f"tệp âm thanh {path} không có dữ liệu âm thanh")
    return Sound(decoded.samples, decoded.nchannels, decoded.sample_rate)


def audio_duration(path: Path) -> float:
    """Measured duration in seconds; raises PlaybackError when the file is not audio."""
    import miniaudio

    try:
        return float(miniaudio.get_file_info(str(path)).duration)
    except (miniaudio.MiniaudioError, OSError, ValueError) as error:
        raise PlaybackError(f"tệp {path} không phải âm thanh đọc được ({error})") from error


def pause_points(sound: Sound) -> list[float]:
    """Middles of the quiet gaps, in seconds: where speech can be cut without clipping a word."""
    import numpy as np

    window = max(1, int(sound.rate * 0.02))
    data = np.frombuffer(sound.samples, dtype=np.int16).astype(np.float32)
    mono = data.reshape(-1, sound.channels).mean(axis=1) if sound.channels > 1 else data
    count = len(mono) // window
    if count == 0:
        return []
    frames = mono[: count * window].reshape(count, window)
    rms = np.sqrt((frames**2).mean(axis=1)) / 32768.0
    quiet = rms < 10 ** (PAUSE_DBFS / 20)
    needed = max(1, int(PAUSE_SECONDS / 0.02))
    points: list[float] = []
    run = 0
    for index, is_quiet in enumerate(quiet.tolist()):
        run = run + 1 if is_quiet else 0
        if run == needed:
            points.append((index - needed / 2) * window / sound.rate)
    return points


def cut_time(points: Sequence[float], position: float, duration: float) -> float:
    """When to stop if asked at ``position``: the next pause, but never later than the cap."""
    for point in points:
        if point >= position:
            return min(point, position + MAX_WAIT_FOR_PAUSE, duration)
    return min(position + MAX_WAIT_FOR_PAUSE, duration)


def last_boundary(points: Sequence[float], position: float) -> float:
    """The sentence boundary at or before ``position`` (0 before the first): where to resume."""
    found = 0.0
    for point in points:
        if point > position + 1e-6:
            break
        found = point
    return found


class _Clock:
    """Follows how far playback has gone, reports each sentence boundary passed (``progress``)
    and decides where an interruption lands."""

    def __init__(
        self,
        sound: Sound | None,
        duration: float,
        start_at: float = 0.0,
        progress: Callable[[float], None] | None = None,
    ) -> None:
        self.sound = sound
        self.duration = duration
        self.start_at = start_at
        self.progress = progress
        self.started = time.monotonic()
        self.stop_at: float | None = None
        self._points: list[float] | None = None
        self._reported = start_at

    @property
    def points(self) -> list[float]:
        if self._points is None:
            self._points = pause_points(self.sound) if self.sound is not None else []
        return self._points

    @property
    def position(self) -> float:
        """Seconds into the file (not into this playback)."""
        return self.start_at + time.monotonic() - self.started

    def check(self, interrupt: threading.Event, abort: threading.Event) -> bool:
        """True when playback must end now."""
        position = self.position
        if self.progress is not None:
            boundary = last_boundary(self.points, min(position, self.duration))
            if boundary > self._reported:
                self._reported = boundary
                self.progress(boundary)
        if abort.is_set():
            return True
        if interrupt.is_set() and self.stop_at is None:
            self.stop_at = cut_time(self.points, position, self.duration)
        return self.stop_at is not None and position >= self.stop_at

    def result(self, interrupted: bool) -> PlayResult:
        position = min(self.position, self.duration)
        if self.stop_at is not None:
            position = min(position, self.stop_at)
        return PlayResult(max(0.0, position - self.start_at), interrupted, position)


class FileSinkPlayer:
    """Writes what would be heard (a WAV per item) and a JSON-lines log, in real time."""

    name = "file"

    def __init__(self, directory: Path, realtime: bool = True) -> None:
        self.directory = directory
        self.realtime = realtime
        self._count = 0

    @property
    def log_path(self) -> Path:
        return self.directory / "sink.jsonl"

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
        self.directory.mkdir(parents=True, exist_ok=True)
        started_wall = dt.datetime.now(dt.UTC)
        start_at = min(max(0.0, start_at), sound.duration)
        clock = _Clock(sound, sound.duration, start_at, progress)
        self._log(
            {
                "event": "start",
                "label": label,
                "path": str(path),
                "at": started_wall,
                "from": round(start_at, 3),
            }
        )
        interrupted = False
        if self.realtime:
            while clock.position < sound.duration:
                if clock.check(interrupt, abort):
                    interrupted = True
                    break
                time.sleep(min(0.01, max(0.0, sound.duration - clock.position)))
            result = clock.result(interrupted)
        else:
            result = PlayResult(sound.duration - start_at, False, sound.duration)
        end = result.position if result.position is not None else sound.duration
        self._count += 1
        self._write_heard(sound, start_at, end, f"{self._count:04d}_{path.stem}.wav")
        self._log(
            {
                "event": "end",
                "label": label,
                "path": str(path),
                "at": dt.datetime.now(dt.UTC),
                "from": round(start_at, 3),
                "position": round(end, 3),
                "duration": round(sound.duration, 3),
                "seconds": round(result.seconds, 3),
                "interrupted": interrupted,
            }
        )
        return result

    def _write_heard(self, sound: Sound, start: float, end: float, name: str) -> None:
        first, last = int(start * sound.rate), int(end * sound.rate)
        heard = self.directory / "heard"
        heard.mkdir(exist_ok=True)
        with wave.open(str(heard / name), "wb") as out:
            out.setnchannels(sound.channels)
            out.setsampwidth(2)
            out.setframerate(sound.rate)
            out.writeframes(sound.samples[first * sound.channels : last * sound.channels].tobytes())

    def _log(self, record: dict[str, object]) -> None:
        line = json.dumps(record, ensure_ascii=False, default=_iso) + "\n"
        # Appending one short line per event: readers (tests, the operator) see whole lines.
        with self.log_path.open("a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()


def _iso(value: object) -> str:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    raise TypeError(type(value).__name__)


class MiniaudioPlayer:
    """Decodes with miniaudio (pip only, no system libraries) and plays on the default device."""

    name = "miniaudio"

    def __init__(self) -> None:
        silence_alsa()

    def check(self) -> str | None:
        """None when the default output device opens; else why not, for a warning at start."""
        import miniaudio

        try:
            miniaudio.PlaybackDevice(app_name="radio-sched").close()
        except miniaudio.MiniaudioError as error:
            return f"không mở được thiết bị phát âm thanh ({error})"
        return None

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
        import miniaudio

        sound = decode(path)
        start_at = min(max(0.0, start_at), sound.duration)
        clock = _Clock(sound, sound.duration, start_at, progress)
        finished = threading.Event()
        stop_frame = [sound.frames]

        def stream() -> Generator[array.array[int], int, None]:
            position = int(start_at * sound.rate)
            required: int = yield array.array("h")
            while position < stop_frame[0]:
                if clock.check(interrupt, abort):
                    stop_frame[0] = min(stop_frame[0], position)
                    break
                count = min(required, stop_frame[0] - position)
                chunk = sound.samples[
                    position * sound.channels : (position + count) * sound.channels
                ]
                position += count
                required = yield chunk
            finished.set()

        try:
            device = miniaudio.PlaybackDevice(
                output_format=miniaudio.SampleFormat.SIGNED16,
                nchannels=sound.channels,
                sample_rate=sound.rate,
                app_name="radio-sched",
            )
        except miniaudio.MiniaudioError as error:
            raise PlaybackError(f"không mở được thiết bị phát âm thanh ({error})") from error
        try:
            generator = stream()
            next(generator)
            clock.started = time.monotonic()
            device.start(generator)
            while not finished.wait(0.05):
                if abort.is_set() or clock.position > sound.duration + 5:
                    break
            time.sleep(0.2)  # let the device drain its last buffer
        finally:
            device.close()
        return clock.result(stop_frame[0] < sound.frames)


class CommandPlayer:
    """Runs an external player given as an argument list; the file is the last argument.

    Never through a shell, so a file name cannot inject a command."""

    name = "command"

    def __init__(self, argv: Sequence[str]) -> None:
        if not argv:
            raise PlaybackError("chưa khai báo lệnh phát (player_command) trong station.toml")
        self.argv = tuple(argv)

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
        if not path.is_file():
            raise UnplayableFile(f"không tìm thấy tệp âm thanh {path}")
        try:
            sound: Sound | None = decode(path)
        except PlaybackError:
            sound = None  # the external player may read formats miniaudio does not
        duration = sound.duration if sound is not None else float("inf")
        start_at = min(max(0.0, start_at), duration) if sound is not None else 0.0
        target = path
        if start_at > 0 and sound is not None:
            target = _tail(sound, start_at)  # an external player cannot be asked to seek
        try:
            process = subprocess.Popen(
                [*self.argv, str(target)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
        except OSError as error:
            raise PlaybackError(f"không chạy được lệnh phát {self.argv[0]!r} ({error})") from error
        clock = _Clock(sound, duration, start_at, progress)
        interrupted = False
        while process.poll() is None:
            if clock.check(interrupt, abort):
                interrupted = True
                process.terminate()
                try:
                    process.wait(timeout=3)
                except subprocess.TimeoutExpired:
                    process.kill()
                break
            time.sleep(0.02)
        process.wait()
        if process.returncode != 0 and not interrupted:
            stderr = (
                process.stderr.read().decode(errors="replace").strip() if process.stderr else ""
            )
            raise PlaybackError(
                f"lệnh phát {self.argv[0]!r} báo lỗi (mã {process.returncode}): {stderr[-200:]}"
            )
        if process.stderr is not None:
            process.stderr.close()
        if target != path:
            target.unlink(missing_ok=True)
        return clock.result(interrupted)


def _tail(sound: Sound, start_at: float) -> Path:
    """The rest of a sound from ``start_at``, as a temporary WAV for an external player."""
    import tempfile

    first = int(start_at * sound.rate) * sound.channels
    with (
        tempfile.NamedTemporaryFile(prefix="radio-sched-", suffix=".wav", delete=False) as handle,
        wave.open(handle, "wb") as out,
    ):
        out.setnchannels(sound.channels)
        out.setsampwidth(2)
        out.setframerate(sound.rate)
        out.writeframes(sound.samples[first:].tobytes())
    return Path(handle.name)


def make_player(kind: str, *, command: Sequence[str] = (), sink: Path | None = None) -> Player:
    # Import the decoder now (it brings numpy, ~20 MB of the daemon's ~70 MB), so the first
    # item of the day does not start late by the time the import takes.
    import miniaudio  # noqa: F401

    if kind == "file":
        from radio_sched import locations

        return FileSinkPlayer(sink or locations.station_home() / "sink")
    if kind == "command":
        return CommandPlayer(command)
    if kind == "miniaudio":
        return MiniaudioPlayer()
    raise PlaybackError(f"không biết cách phát {kind!r}: chọn miniaudio, command hoặc file")
