"""Sentences to audio through the sentence cache and a chain of engines."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING

from radio_sched.atomic import WriteFailed
from radio_sched.audio import pcm
from radio_sched.audio.cache import SentenceCache
from radio_sched.audio.engines import EngineUnavailable, SpeechEngine, Synthesis

if TYPE_CHECKING:
    from pydub import AudioSegment


class Speaker:
    """Sentences to audio through the cache and an engine chain, counting what it did.

    In ``auto`` the chain is gTTS then the offline voice; an engine that fails is not asked
    again during this render, and every fallback is noted for the operator.
    """

    def __init__(
        self,
        chain: Sequence[SpeechEngine],
        cache: SentenceCache | None = None,
        *,
        background_writes: bool = False,
    ) -> None:
        if not chain:
            raise ValueError("empty engine chain")
        self.chain = list(chain)
        self.cache = cache or SentenceCache()
        self.down: dict[str, str] = {}
        self.engine_calls = 0
        self.cache_hits = 0
        self.notes: list[str] = []
        # Cache writes end in an fsync each; in the background they overlap the next sentence
        # and the assembly instead of adding to them. finish() waits for them.
        self._writer = ThreadPoolExecutor(1, "sentence-cache") if background_writes else None
        self._pending: list[Future[None]] = []

    def write_later(self, write: Callable[[], None]) -> None:
        """Run a cache write in the background (or now, without background writes)."""
        if self._writer is None:
            self._guard(write)
        else:
            self._pending.append(self._writer.submit(self._guard, write))

    def finish(self) -> None:
        """Wait for background writes; their failures become notes."""
        for future in self._pending:
            future.result()
        self._pending.clear()
        if self._writer is not None:
            self._writer.shutdown(wait=True)
            self._writer = None

    def _guard(self, write: Callable[[], None]) -> None:
        try:
            write()
        except WriteFailed as error:
            # The cache only saves time; a full disk must not stop the broadcast.
            note = f"Không lưu được bộ nhớ đệm: {error.strerror}"
            if note not in self.notes:
                self.notes.append(note)

    def preferred_key(self, spoken: str) -> tuple[str, str]:
        engine = self.chain[0]
        return engine.name, self.cache.key(engine, spoken)

    def speak(self, spoken: str) -> tuple[AudioSegment, str]:
        failure: EngineUnavailable | None = None
        for engine in self.chain:
            if engine.name in self.down:
                continue
            segment = self.cache.lookup(engine, spoken)
            if segment is not None:
                self.cache_hits += 1
                return segment, engine.name
            try:
                synthesis = engine.synthesize(spoken)
                self.engine_calls += 1
                segment = self._keep(engine, spoken, synthesis)
            except EngineUnavailable as error:
                failure = error
                self._mark_down(engine, str(error))
                continue
            except pcm.DecodeError as error:
                failure = EngineUnavailable(
                    f"Giọng {engine.name} trả về dữ liệu không phải âm thanh ({error})."
                )
                self._mark_down(engine, str(failure))
                continue
            return segment, engine.name
        raise failure or EngineUnavailable("Không còn giọng đọc nào dùng được.")

    def _keep(self, engine: SpeechEngine, spoken: str, synthesis: Synthesis) -> AudioSegment:
        segment = pcm.decode(synthesis.data, synthesis.fmt)
        self.write_later(lambda: self.cache.record(engine, spoken, synthesis, segment))
        return segment

    def _mark_down(self, engine: SpeechEngine, message: str) -> None:
        self.down[engine.name] = message
        rest = [e.name for e in self.chain if e.name not in self.down]
        if rest:
            self.notes.append(f"{message} Chuyển sang giọng {rest[0]}.")
