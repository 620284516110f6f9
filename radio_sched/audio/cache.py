"""The audio cache: a speech engine is never asked twice for the same sentence.

Two kinds of entry live under ``cache_dir()``:

* ``sentences/ab/KEY.snd`` — one sentence as the engine returned it, addressed by
  (engine, voice settings, spoken sentence);
* ``programs/ab/KEY.snd`` — a finished program (chimes, pauses, loudness), addressed by its
  sentence keys and the render options, so re-rendering an unchanged script is a file copy.

An entry is a single file, written atomically: one line of JSON (format, SHA-256 of the audio,
facts about it), a newline, then the audio bytes. One file means one fsync and no window in
which a record points at missing audio. An entry whose checksum does not match, or whose audio
does not decode, is deleted and made again, never played.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from radio_sched import locations
from radio_sched.atomic import write_bytes_atomic
from radio_sched.audio import pcm
from radio_sched.audio.engines import SpeechEngine, Synthesis

if TYPE_CHECKING:
    from pydub import AudioSegment

SUFFIX = ".snd"
KINDS = ("sentences", "programs")
_STRAY_AGE_SECONDS = 3600


def entry_key(engine_name: str, settings_key: str, spoken: str) -> str:
    blob = "\0".join((engine_name, settings_key, " ".join(spoken.split())))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _kind_root(kind: str, root: Path | None) -> Path:
    path = (root or locations.cache_dir()) / kind
    path.mkdir(parents=True, exist_ok=True)
    return path


class _EntryStore:
    """Checksummed single-file entries in a two-level fan-out directory."""

    def __init__(self, kind: str, root: Path | None = None) -> None:
        self.root = _kind_root(kind, root)
        self.discarded = 0  # broken entries found and removed, for the report

    def path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}{SUFFIX}"

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()

    def read(self, key: str) -> tuple[dict[str, Any], bytes] | None:
        """The record and the audio; None when absent or broken (a broken entry is removed)."""
        path = self.path(key)
        try:
            blob = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError:
            self.discard(key)
            return None
        header, newline, data = blob.partition(b"\n")
        try:
            record = json.loads(header)
            valid = bool(newline) and hashlib.sha256(data).hexdigest() == record["sha256"]
        except (ValueError, KeyError, TypeError):
            valid = False
        if not valid:
            self.discard(key)
            return None
        return record, data

    def write(self, key: str, record: dict[str, Any], data: bytes) -> None:
        record = {**record, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
        record.setdefault("created_at", dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
        header = json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        write_bytes_atomic(self.path(key), header + b"\n" + data)

    def discard(self, key: str) -> None:
        self.discarded += 1
        self.path(key).unlink(missing_ok=True)


class SentenceCache:
    """Sentences by (engine, voice settings, spoken text)."""

    def __init__(self, root: Path | None = None) -> None:
        self.entries = _EntryStore("sentences", root)

    @property
    def discarded(self) -> int:
        return self.entries.discarded

    def key(self, engine: SpeechEngine, spoken: str) -> str:
        return entry_key(engine.name, engine.settings_key, spoken)

    def lookup(self, engine: SpeechEngine, spoken: str) -> AudioSegment | None:
        key = self.key(engine, spoken)
        found = self.entries.read(key)
        if found is None:
            return None
        record, data = found
        try:
            return pcm.decode(data, str(record["format"]))
        except (pcm.DecodeError, KeyError):
            self.entries.discard(key)
            return None

    def store(self, engine: SpeechEngine, spoken: str, synthesis: Synthesis) -> AudioSegment:
        """Keep the engine's output; returns it decoded (pcm.DecodeError if it is not audio)."""
        segment = pcm.decode(synthesis.data, synthesis.fmt)
        self.record(engine, spoken, synthesis, segment)
        return segment

    def record(
        self, engine: SpeechEngine, spoken: str, synthesis: Synthesis, segment: AudioSegment
    ) -> None:
        """Write an entry for output already decoded (and so known to be audio)."""
        record = {
            "engine": engine.name,
            "settings": engine.settings_key,
            "text": spoken,
            "format": synthesis.fmt,
            "duration_seconds": round(len(segment) / 1000, 3),
        }
        self.entries.write(self.key(engine, spoken), record, synthesis.data)


class ProgramCache:
    """Finished programs (untagged audio) by a key over their sentences and render options."""

    def __init__(self, root: Path | None = None) -> None:
        self.entries = _EntryStore("programs", root)

    def read(self, key: str) -> tuple[dict[str, Any], bytes] | None:
        return self.entries.read(key)

    def write(self, key: str, record: dict[str, Any], data: bytes) -> None:
        self.entries.write(key, record, data)


@dataclass(frozen=True)
class CacheInfo:
    path: Path
    sentences: int
    programs: int
    total_bytes: int
    by_engine: dict[str, int]  # sentence entries per engine
    oldest: float | None  # modification time, seconds since the epoch
    newest: float | None


def _records(kind: str, root: Path | None) -> list[tuple[Path, dict[str, Any]]]:
    found = []
    for path in sorted(_kind_root(kind, root).glob(f"*/*{SUFFIX}")):
        try:
            with path.open("rb") as handle:
                record = json.loads(handle.readline())
        except (OSError, ValueError):
            record = {}
        found.append((path, record if isinstance(record, dict) else {}))
    return found


def cache_info(root: Path | None = None) -> CacheInfo:
    total = 0
    times: list[float] = []
    by_engine: dict[str, int] = {}
    counts = {}
    for kind in KINDS:
        records = _records(kind, root)
        counts[kind] = len(records)
        for path, record in records:
            stat = path.stat()
            total += stat.st_size
            times.append(stat.st_mtime)
            if kind == "sentences":
                engine = str(record.get("engine", "?"))
                by_engine[engine] = by_engine.get(engine, 0) + 1
    return CacheInfo(
        path=root or locations.cache_dir(),
        sentences=counts["sentences"],
        programs=counts["programs"],
        total_bytes=total,
        by_engine=by_engine,
        oldest=min(times, default=None),
        newest=max(times, default=None),
    )


def prune_cache(
    *, older_than_days: float | None = None, engine: str | None = None, root: Path | None = None
) -> tuple[int, int]:
    """Remove entries: all, those not used for some days, or one engine's sentences.

    Also removes temporary files left by an interrupted write. Returns (entries, bytes) freed.
    """
    cutoff = time.time() - older_than_days * 86400 if older_than_days is not None else None
    removed = 0
    freed = 0
    for kind in KINDS:
        if engine is not None and kind == "programs":
            continue  # a program may hold that engine's voice, but is cheap to keep
        for path, record in _records(kind, root):
            if engine is not None and record.get("engine") != engine:
                continue
            stat = path.stat()
            if cutoff is not None and max(stat.st_atime, stat.st_mtime) >= cutoff:
                continue
            path.unlink(missing_ok=True)
            removed += 1
            freed += stat.st_size
        for stray in _kind_root(kind, root).glob("*/.*.tmp"):
            stat = stray.stat()
            # A young temporary file may belong to a render running right now.
            if stat.st_mtime < time.time() - _STRAY_AGE_SECONDS:
                freed += stat.st_size
                stray.unlink(missing_ok=True)
    return removed, freed
