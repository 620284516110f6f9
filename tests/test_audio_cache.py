"""The sentence cache: warm renders make no engine calls, an edit makes one, damage is repaired."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from radio_sched.audio import cache as audio_cache
from radio_sched.audio.engines import OfflineEngine, Synthesis
from radio_sched.audio.render import RenderResult, render_script_text

SCRIPT = (
    "Kính thưa toàn thể bà con nhân dân. Hôm nay trời mưa to.\n\n"
    "Đề nghị bà con không ra đồng. Hãy giữ gìn sức khỏe.\n\n"
    "Xin cảm ơn bà con."
)


@dataclass
class CountingEngine:
    """The real offline voice, counting the sentences it is asked for."""

    inner: OfflineEngine = field(default_factory=OfflineEngine)
    calls: list[str] = field(default_factory=list)
    name: str = "offline"

    @property
    def settings_key(self) -> str:
        return self.inner.settings_key

    def synthesize(self, spoken: str) -> Synthesis:
        self.calls.append(spoken)
        return self.inner.synthesize(spoken)


@pytest.fixture
def engine(monkeypatch: pytest.MonkeyPatch) -> CountingEngine:
    counting = CountingEngine()
    monkeypatch.setattr("radio_sched.audio.render.engine_chain", lambda _name: [counting])
    return counting


def render(text: str, output: Path) -> RenderResult:
    return render_script_text(text, output=output, title="Thử", commune="Xã A", engine="offline")


def test_warm_render_makes_no_engine_calls(engine: CountingEngine, tmp_path: Path) -> None:
    cold = render(SCRIPT, tmp_path / "cold.mp3")
    assert len(engine.calls) == 5
    assert (cold.engine_calls, cold.cache_hits) == (5, 0)
    engine.calls.clear()
    warm = render(SCRIPT, tmp_path / "warm.mp3")
    assert engine.calls == []
    assert (warm.engine_calls, warm.cache_hits) == (0, 5)
    assert warm.engines_used == {"offline": 5}
    assert abs(warm.duration_seconds - cold.duration_seconds) < 0.01


def test_editing_one_sentence_makes_exactly_one_call(
    engine: CountingEngine, tmp_path: Path
) -> None:
    render(SCRIPT, tmp_path / "a.mp3")
    engine.calls.clear()
    edited = SCRIPT.replace("Hôm nay trời mưa to.", "Hôm nay trời mưa rất to.")
    result = render(edited, tmp_path / "b.mp3")
    assert engine.calls == ["Hôm nay trời mưa rất to."]
    assert (result.engine_calls, result.cache_hits) == (1, 4)


def test_sentence_cache_is_used_without_the_program_cache(
    engine: CountingEngine, tmp_path: Path
) -> None:
    render(SCRIPT, tmp_path / "a.mp3")
    engine.calls.clear()
    # Moving a paragraph break changes the program, not the sentences.
    regrouped = SCRIPT.replace("Hôm nay trời mưa to.\n\n", "Hôm nay trời mưa to. ")
    result = render(regrouped, tmp_path / "b.mp3")
    assert engine.calls == []
    assert result.cache_hits == 5


def _entries(kind: str) -> list[Path]:
    return sorted(audio_cache._kind_root(kind, None).glob("*/*.snd"))


@pytest.mark.parametrize("damage", ["flip_byte", "truncate", "garbage_with_good_checksum"])
def test_damaged_sentence_is_made_again_not_played(
    engine: CountingEngine, tmp_path: Path, damage: str
) -> None:
    cache = audio_cache.SentenceCache()
    sentence = "Hôm nay trời mưa to."
    cache.store(engine, sentence, engine.inner.synthesize(sentence))
    [entry] = _entries("sentences")
    blob = entry.read_bytes()
    if damage == "flip_byte":
        entry.write_bytes(blob[:-100] + bytes([blob[-100] ^ 0xFF]) + blob[-99:])
    elif damage == "truncate":
        entry.write_bytes(blob[: len(blob) // 2])
    else:
        key = cache.key(engine, sentence)
        cache.entries.write(key, {"format": "wav"}, b"RIFF-not-really-a-wave-file")
    assert cache.lookup(engine, sentence) is None
    assert not entry.exists()

    engine.calls.clear()
    result = render(sentence, tmp_path / "out.wav")
    assert engine.calls == [sentence]
    assert result.engine_calls == 1
    assert cache.lookup(engine, sentence) is not None


def test_damaged_program_entry_falls_back_to_sentences(
    engine: CountingEngine, tmp_path: Path
) -> None:
    first = render(SCRIPT, tmp_path / "a.mp3")
    [program] = _entries("programs")
    blob = program.read_bytes()
    program.write_bytes(blob[:-10] + b"0123456789")
    engine.calls.clear()
    again = render(SCRIPT, tmp_path / "b.mp3")
    assert engine.calls == []
    assert again.cache_hits == 5
    assert abs(again.duration_seconds - first.duration_seconds) < 0.01
    assert (tmp_path / "b.mp3").read_bytes()[-10:] != b"0123456789"


def test_cache_key_depends_on_engine_settings_and_text() -> None:
    key = audio_cache.entry_key
    assert key("offline", "s1", "Câu một.") == key("offline", "s1", "Câu  một.")
    assert len({key("offline", "s1", "a"), key("gtts", "s1", "a"), key("offline", "s2", "a")}) == 3


def test_cache_info_and_prune(engine: CountingEngine, tmp_path: Path) -> None:
    render(SCRIPT, tmp_path / "a.mp3")
    info = audio_cache.cache_info()
    assert (info.sentences, info.programs) == (5, 1)
    assert info.by_engine == {"offline": 5}
    assert info.total_bytes > 0
    assert audio_cache.prune_cache(older_than_days=1) == (0, 0)
    assert audio_cache.prune_cache(engine="gtts")[0] == 0
    removed, freed = audio_cache.prune_cache()
    assert removed == 6 and freed == info.total_bytes
    assert audio_cache.cache_info().sentences == 0
