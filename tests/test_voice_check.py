"""radio-sched voice check without the recognizer installed (the default suite and CI), and the
parts of the measurement that do not need it. The round trip itself runs in tests/test_audio_asr.py
(pytest -m asr, with viet-asr installed)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from radio_sched.audio import voice_check
from radio_sched.audio.piper_engine import PiperEngine, PiperModel
from radio_sched.audio.voice_check import (
    EngineScore,
    RecognizerMissing,
    broadcast_sentences,
    edit_distance,
    engines_to_check,
    measure,
    recommendation,
    words,
)
from radio_sched.cli import main
from radio_sched.config import StationSettings


class NeverCalled:
    def transcribe(self, audio: Any, sample_rate: float = 16_000) -> Any:
        raise AssertionError("the recognizer must not be asked when the engine cannot speak")


def test_the_fixed_set_is_the_held_out_broadcast_sentences() -> None:
    sentences = broadcast_sentences()
    assert len(sentences) == 27 and len(set(sentences)) == 27
    assert not set(sentences) & set(voice_check.TUNING_SENTENCES)
    assert all(len(s.split()) >= 4 and not s.startswith("#") for s in sentences)


def test_word_error_counting() -> None:
    assert words("Kính thưa, bà con!") == ["kính", "thưa", "bà", "con"]
    assert edit_distance(words("bà con nhân dân"), words("bà con dân")) == 1
    assert edit_distance(words("một hai"), words("ba bốn năm")) == 3


def test_engines_checked_gtts_only_when_online_piper_only_when_configured() -> None:
    assert [e.name for e in engines_to_check(StationSettings(), online=False)] == ["offline"]
    settings = StationSettings(piper_model="giong.onnx")
    names = [e.name for e in engines_to_check(settings, online=True)]
    assert names == ["gtts", "piper", "offline"]


def test_an_engine_that_cannot_speak_is_reported_not_scored(station_home: Path) -> None:
    engine = PiperEngine(PiperModel.at("khong-co.onnx"))
    score = measure(engine, NeverCalled(), broadcast_sentences()[:2])
    assert score.wer is None and score.failure is not None and "khong-co.onnx" in score.failure


def test_recommendation_names_the_clearest_voice_in_vietnamese() -> None:
    scores = [
        EngineScore("gtts", errors=10, words=100),
        EngineScore("offline", errors=70, words=100),
        EngineScore("piper", failure="Chưa chọn tệp giọng Piper"),
    ]
    advice = recommendation(scores)
    assert "giọng Google" in advice and "10%" in advice and "espeak-ng: tỉ lệ lỗi 70%" in advice
    advice = recommendation([EngineScore("offline", errors=70, words=100)])
    assert "espeak-ng" in advice and "Thu âm" in advice
    assert "Không đo được" in recommendation([EngineScore("piper", failure="x")])


def test_voice_check_without_the_recognizer_says_how_to_install_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "vietasr", None)  # as on a default install
    with pytest.raises(RecognizerMissing):
        voice_check.load_recognizer()
    assert main(["voice", "check"]) == 2
    err = capsys.readouterr().err.strip()
    assert "viet-asr" in err and voice_check.RECOGNIZER_INSTALL in err and "\n" not in err
