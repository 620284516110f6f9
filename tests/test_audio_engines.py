"""Speech engines: the offline voice for real; gTTS through its own code with HTTP faked."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from urllib.parse import unquote

import numpy as np
import pytest
import requests
import requests_mock

from radio_sched.audio import pcm
from radio_sched.audio.engines import (
    EngineUnavailable,
    GttsEngine,
    OfflineEngine,
    OfflineVoice,
    Synthesis,
    engine_chain,
    offline_text,
)
from radio_sched.audio.render import encode_mp3, render_script_text
from radio_sched.errors import UserError

BATCHEXECUTE = re.compile(
    r"https://translate\.google\.com/_/TranslateWebserverUi/data/batchexecute"
)


def tone_mp3(seconds: float = 0.6, frequency: float = 220.0) -> bytes:
    t = np.arange(int(seconds * 24_000)) / 24_000
    samples = (0.3 * np.sin(2 * np.pi * frequency * t) * 32767).astype("<i2")
    return encode_mp3(samples.tobytes(), 24_000)


def google_body(mp3: bytes) -> str:
    """A batchexecute answer as Google sends it and gTTS parses it (one line per RPC)."""
    compact = (",", ":")
    payload = json.dumps([base64.b64encode(mp3).decode("ascii")], separators=compact)
    envelope = json.dumps(
        [["wrb.fr", "jQ1olc", payload, None, None, None, "generic"]], separators=compact
    )
    return f')]}}\'\n\n{len(envelope)}\n{envelope}\n25\n[["e",4,null,null,142]]\n'


class Recorder:
    def __init__(self) -> None:
        self.sleeps: list[float] = []
        self.now = 0.0

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 3))
        self.now += seconds

    def clock(self) -> float:
        return self.now


def gtts_engine(recorder: Recorder, **overrides: float) -> GttsEngine:
    return GttsEngine(sleep=recorder.sleep, clock=recorder.clock, **overrides)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def mp3() -> bytes:
    return tone_mp3()


# ----------------------------------------------------------------------------------- offline


def test_offline_voice_speaks_vietnamese_for_real() -> None:
    synthesis = OfflineEngine().synthesize("Kính thưa toàn thể bà con nhân dân trong xã.")
    assert synthesis.fmt == "wav"
    segment = pcm.decode(synthesis.data, "wav")
    assert segment.channels == 1 and segment.sample_width == 2
    assert segment.frame_rate == pcm.SAMPLE_RATE
    assert 1.5 < len(segment) / 1000 < 8
    assert segment.dBFS > -40  # not silence


def test_offline_voice_settings_change_the_sound_and_the_cache_key() -> None:
    slow = OfflineEngine(OfflineVoice(rate=110))
    fast = OfflineEngine(OfflineVoice(rate=200))
    assert slow.settings_key != fast.settings_key
    sentence = "Đề nghị bà con đeo khẩu trang khi ra khỏi nhà."
    slow_audio = pcm.decode(slow.synthesize(sentence).data, "wav")
    fast_audio = pcm.decode(fast.synthesize(sentence).data, "wav")
    assert len(slow_audio) > len(fast_audio) * 1.3


def test_offline_text_drops_symbols_espeak_would_name() -> None:
    assert offline_text("“Cô-vít mười chín” (virus)") == "Cô vít mười chín virus"


def test_unknown_voice_is_a_clear_error() -> None:
    with pytest.raises(EngineUnavailable, match="không có giọng"):
        OfflineEngine(OfflineVoice(voice="no-such-voice")).synthesize("Xin chào.")


def test_engine_names() -> None:
    assert [e.name for e in engine_chain("auto")] == ["gtts", "offline"]
    assert [e.name for e in engine_chain("offline")] == ["offline"]
    with pytest.raises(ValueError, match="Không có giọng đọc"):
        engine_chain("festival")


def test_engine_unavailable_is_a_user_error() -> None:
    assert issubclass(EngineUnavailable, UserError)


# -------------------------------------------------------------------------------------- gTTS


def test_gtts_success_sends_vietnamese_with_a_timeout(mp3: bytes) -> None:
    recorder = Recorder()
    engine = gtts_engine(recorder)
    with requests_mock.Mocker() as mock:
        mock.post(BATCHEXECUTE, text=google_body(mp3))
        synthesis = engine.synthesize("Xin chào bà con.")
        request = mock.last_request
    assert synthesis == Synthesis(mp3, "mp3")
    assert request is not None and request.timeout == engine.timeout
    rpc = json.loads(unquote(request.text).removeprefix("f.req=").rstrip("&"))
    text, lang, *_ = json.loads(rpc[0][0][1])
    assert (text, lang) == ("Xin chào bà con.", "vi")
    assert 0.5 < len(pcm.decode(synthesis.data, "mp3")) / 1000 < 0.8


def test_gtts_retries_after_429_with_backoff(mp3: bytes) -> None:
    recorder = Recorder()
    engine = gtts_engine(recorder, backoff=1.0)
    with requests_mock.Mocker() as mock:
        mock.post(BATCHEXECUTE, [{"status_code": 429}, {"text": google_body(mp3)}])
        synthesis = engine.synthesize("Xin chào.")
        assert mock.call_count == 2
    assert synthesis.data == mp3
    assert 1.0 in recorder.sleeps


def test_gtts_retries_server_errors_then_gives_up_with_a_vietnamese_message() -> None:
    recorder = Recorder()
    engine = gtts_engine(recorder, backoff=1.0)
    with requests_mock.Mocker() as mock:
        mock.post(BATCHEXECUTE, status_code=503)
        with pytest.raises(EngineUnavailable, match="Google trả lời mã 503"):
            engine.synthesize("Xin chào.")
        assert mock.call_count == engine.retries + 1
    backoffs = [s for s in recorder.sleeps if s >= 1.0]
    assert backoffs == [1.0, 2.0, 4.0]


@pytest.mark.parametrize(
    "error", [requests.exceptions.ConnectTimeout, requests.exceptions.ReadTimeout]
)
def test_gtts_timeouts_are_retried_then_reported(error: type[Exception], mp3: bytes) -> None:
    recorder = Recorder()
    engine = gtts_engine(recorder)
    with requests_mock.Mocker() as mock:
        mock.post(BATCHEXECUTE, [{"exc": error}, {"text": google_body(mp3)}])
        assert engine.synthesize("Xin chào.").data == mp3
    with requests_mock.Mocker() as mock:
        mock.post(BATCHEXECUTE, exc=error)
        with pytest.raises(EngineUnavailable, match="không kết nối được"):
            engine.synthesize("Xin chào.")


def test_gtts_permanent_refusal_is_not_retried() -> None:
    recorder = Recorder()
    engine = gtts_engine(recorder)
    with requests_mock.Mocker() as mock:
        mock.post(BATCHEXECUTE, status_code=403)
        with pytest.raises(EngineUnavailable, match="Google từ chối") as raised:
            engine.synthesize("Xin chào.")
        assert mock.call_count == 1
    assert "--engine offline" in str(raised.value)


def test_gtts_answer_without_audio_is_a_refusal() -> None:
    with requests_mock.Mocker() as mock:
        mock.post(
            BATCHEXECUTE, text=')]}\'\n\n[["wrb.fr","jQ1olc",null,null,null,[3],"generic"]]\n'
        )
        with pytest.raises(EngineUnavailable, match="từ chối"):
            gtts_engine(Recorder()).synthesize("Xin chào.")


def test_gtts_keeps_a_polite_pause_between_requests(mp3: bytes) -> None:
    recorder = Recorder()
    engine = gtts_engine(recorder, pause=0.5)
    with requests_mock.Mocker() as mock:
        mock.post(BATCHEXECUTE, text=google_body(mp3))
        engine.synthesize("Câu một.")
        engine.synthesize("Câu hai.")
    assert recorder.sleeps == [0.5]


# ------------------------------------------------------------------------------ auto fallback


def _auto_chain(recorder: Recorder) -> list[object]:
    return [gtts_engine(recorder), OfflineEngine()]


def test_auto_uses_gtts_when_it_answers(
    tmp_path: Path, mp3: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorder = Recorder()
    monkeypatch.setattr("radio_sched.audio.render.engine_chain", lambda _n: _auto_chain(recorder))
    with requests_mock.Mocker() as mock:
        mock.post(BATCHEXECUTE, text=google_body(mp3))
        result = render_script_text(
            "Câu một. Câu hai.", output=tmp_path / "a.wav", title="t", commune="Xã A"
        )
    assert result.engines_used == {"gtts": 2}
    assert result.sentence_engines == ("gtts", "gtts")
    assert result.notes == ()


def test_auto_falls_back_to_offline_when_google_refuses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorder = Recorder()
    monkeypatch.setattr("radio_sched.audio.render.engine_chain", lambda _n: _auto_chain(recorder))
    with requests_mock.Mocker() as mock:
        mock.post(BATCHEXECUTE, status_code=403)
        result = render_script_text(
            "Kính thưa bà con. Hôm nay trời mưa to.\n\nXin cảm ơn.",
            output=tmp_path / "a.wav",
            title="t",
            commune="Xã A",
        )
        assert mock.call_count == 1  # once refused, gTTS is not asked again in this render
    assert result.engines_used == {"offline": 3}
    assert result.sentence_engines == ("offline",) * 3
    assert any("Google từ chối" in note and "offline" in note for note in result.notes)
    assert (tmp_path / "a.wav").stat().st_size > 10_000


def test_auto_reports_a_mixed_program(
    tmp_path: Path, mp3: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorder = Recorder()
    monkeypatch.setattr("radio_sched.audio.render.engine_chain", lambda _n: _auto_chain(recorder))
    with requests_mock.Mocker() as mock:
        mock.post(BATCHEXECUTE, [{"text": google_body(mp3)}, {"status_code": 403}])
        result = render_script_text(
            "Câu một. Câu hai. Câu ba.", output=tmp_path / "a.wav", title="t", commune="Xã A"
        )
    assert result.sentence_engines == ("gtts", "offline", "offline")
    assert result.engines_used == {"gtts": 1, "offline": 2}
    assert any("nhiều giọng đọc" in note for note in result.notes)


def test_gtts_alone_fails_with_the_message_when_google_refuses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorder = Recorder()
    monkeypatch.setattr("radio_sched.audio.render.engine_chain", lambda _n: [gtts_engine(recorder)])
    with requests_mock.Mocker() as mock:
        mock.post(BATCHEXECUTE, status_code=403)
        with pytest.raises(EngineUnavailable, match="Google từ chối"):
            render_script_text("Câu một.", output=tmp_path / "a.mp3", title="t", commune="Xã A")
    assert not (tmp_path / "a.mp3").exists()
