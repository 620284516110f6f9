"""Assembly: loudness, true peak, tags, formats, repeat, failed writes, stored scripts, CLI."""

from __future__ import annotations

import errno
import json
import os
import wave
from pathlib import Path

import miniaudio
import numpy as np
import pyloudnorm
import pytest
from scipy.signal import resample_poly

from radio_sched import locations
from radio_sched.atomic import WriteFailed
from radio_sched.audio import loudness
from radio_sched.audio.render import RenderCancelled, render_script_text
from radio_sched.cli import main
from radio_sched.config import StationSettings
from radio_sched.errors import UserError

TEXT = (
    "Kính thưa toàn thể bà con nhân dân. Từ ngày 07/9/2021, UBND xã tổ chức tiêm vắc-xin.\n\n"
    "Đề nghị bà con mang theo căn cước. Xin cảm ơn bà con."
)


def decode_mp3(path: Path) -> tuple[np.ndarray, int]:
    decoded = miniaudio.decode_file(
        str(path), output_format=miniaudio.SampleFormat.FLOAT32, nchannels=1, sample_rate=24_000
    )
    return np.asarray(decoded.samples, dtype=np.float64), decoded.sample_rate


def true_peak_dbfs(samples: np.ndarray) -> float:
    return float(20 * np.log10(np.abs(resample_poly(samples, 4, 1)).max()))


def render(output: Path, **options: object) -> object:
    options.setdefault("engine", "offline")
    return render_script_text(TEXT, output=output, title="Tiêm vắc-xin", commune="Xã A", **options)  # type: ignore[arg-type]


@pytest.mark.parametrize("target", [-16.0, -20.0])
def test_mp3_loudness_is_on_target_and_true_peak_under_ceiling(
    tmp_path: Path, target: float
) -> None:
    settings = StationSettings(loudness_lufs=target)
    result = render(tmp_path / "out.mp3", settings=settings)
    samples, rate = decode_mp3(tmp_path / "out.mp3")
    measured = pyloudnorm.Meter(rate).integrated_loudness(samples)
    assert abs(measured - target) <= 1.0
    assert abs(result.lufs - target) <= 1.0  # type: ignore[attr-defined]
    assert result.target_lufs == target  # type: ignore[attr-defined]
    assert true_peak_dbfs(samples) <= -1.0
    assert abs(len(samples) / rate - result.duration_seconds) < 0.2  # type: ignore[attr-defined]


def test_mp3_has_id3_tags(tmp_path: Path) -> None:
    from mutagen.id3 import ID3

    render(tmp_path / "out.mp3", reference="123/UBND-VX", date="2021-09-07")
    tags = ID3(tmp_path / "out.mp3")  # type: ignore[no-untyped-call]
    assert str(tags["TIT2"]) == "Tiêm vắc-xin"
    assert str(tags["TPE1"]) == "Xã A"
    assert str(tags["TDRC"]) == "2021-09-07"
    assert str(tags["TXXX:Số văn bản"]) == "123/UBND-VX"


def test_wav_output_is_mono_16_bit(tmp_path: Path) -> None:
    result = render(tmp_path / "out.wav")
    with wave.open(str(tmp_path / "out.wav")) as reader:
        assert (reader.getnchannels(), reader.getsampwidth()) == (1, 2)
        seconds = reader.getnframes() / reader.getframerate()
    assert abs(seconds - result.duration_seconds) < 0.01  # type: ignore[attr-defined]


def test_chimes_pauses_and_repeat_lengthen_the_program(tmp_path: Path) -> None:
    plain = render(tmp_path / "a.wav", chimes=False)
    with_chimes = render(tmp_path / "b.wav")
    repeated = render(tmp_path / "c.wav", repeat=True)
    assert with_chimes.duration_seconds > plain.duration_seconds + 3  # type: ignore[attr-defined]
    speech = plain.duration_seconds  # type: ignore[attr-defined]
    assert repeated.duration_seconds > with_chimes.duration_seconds + speech  # type: ignore[attr-defined]
    assert repeated.sentence_engines[-1] == "offline"  # type: ignore[attr-defined]
    assert len(repeated.sentence_engines) == len(plain.sentence_engines) + 1  # type: ignore[attr-defined]


def test_bundled_chimes_exist_and_are_what_the_generator_makes(tmp_path: Path) -> None:
    from radio_sched.audio import chimes

    bundled = locations.bundled_audio_dir()
    for path in chimes.generate(tmp_path):
        assert (bundled / path.name).read_bytes() == path.read_bytes()


def test_progress_and_cancel(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    render(tmp_path / "a.wav", progress=lambda done, total: seen.append((done, total)))
    assert seen[0] == (0, 4) and seen[-1] == (4, 4)
    with pytest.raises(RenderCancelled):
        render(tmp_path / "b.wav", cancelled=lambda: len(seen) > 0)
    assert not (tmp_path / "b.wav").exists()


def test_empty_text_and_bad_suffix_are_user_errors(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="không có câu"):
        render_script_text(" \n\n ", output=tmp_path / "a.mp3", title="t", commune="Xã A")
    with pytest.raises(UserError, match=r"\.mp3 hoặc \.wav"):
        render(tmp_path / "a.ogg")


def _no_leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir()]


def test_disk_full_on_write_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("radio_sched.atomic.os.fsync", full)
    with pytest.raises(WriteFailed) as raised:
        render(out_dir / "program.mp3")
    assert "program.mp3" in str(raised.value.strerror)
    assert "dung lượng đĩa" in str(raised.value.strerror)
    assert _no_leftovers(out_dir) == []


def test_failed_replace_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    real_replace = os.replace

    def refuse(src: str, dst: str) -> None:
        if Path(dst).parent == out_dir:
            raise OSError(errno.EROFS, "Read-only file system")
        real_replace(src, dst)

    monkeypatch.setattr("radio_sched.atomic.os.replace", refuse)
    with pytest.raises(WriteFailed):
        render(out_dir / "program.wav")
    assert _no_leftovers(out_dir) == []


def test_read_only_folder_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests may run as root, for whom chmod does not stop writes; refuse as the OS would.
    out_dir = tmp_path / "locked"
    out_dir.mkdir()

    def refuse(
        suffix: str | None = None,
        prefix: str | None = None,
        dir: Path | None = None,  # noqa: A002 - mkstemp's own keyword
    ) -> tuple[int, str]:
        if dir is not None and Path(dir) == out_dir:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_mkstemp(suffix=suffix, prefix=prefix, dir=dir)

    import tempfile

    real_mkstemp = tempfile.mkstemp
    monkeypatch.setattr("radio_sched.atomic.tempfile.mkstemp", refuse)
    with pytest.raises(WriteFailed) as raised:
        render(out_dir / "program.mp3")
    assert "quyền ghi" in str(raised.value.strerror)
    assert _no_leftovers(out_dir) == []


def test_loudness_helpers() -> None:
    rate = 24_000
    t = np.arange(rate * 2) / rate
    # A sine at a quarter of the sample rate, sampled 45° off its crests: every sample is at
    # 0.9·cos 45°, 3 dB under the true peak.
    tricky = 0.9 * np.sin(2 * np.pi * rate / 4 * t + np.pi / 4)
    assert 20 * np.log10(np.abs(tricky).max()) == pytest.approx(20 * np.log10(0.9) - 3.01, abs=0.01)
    assert loudness.true_peak_db(tricky) == pytest.approx(20 * np.log10(0.9), abs=0.15)
    limited = loudness.limit(tricky * 2, rate, -1.0)
    assert loudness.true_peak_db(limited) <= -1.0 + 0.05
    assert loudness.integrated_lufs(np.zeros(100), rate) == -np.inf
    assert loudness.integrated_lufs(np.zeros(rate), rate) == -np.inf


@pytest.mark.parametrize("rate", [16_000, 22_050, 24_000, 44_100])
def test_fast_loudness_equals_pyloudnorm(rate: int) -> None:
    rng = np.random.default_rng(rate)
    samples = rng.standard_normal(rate * 7) * 0.05
    samples[rate : rate * 3] *= 0.003  # a quiet stretch, so both gates matter
    assert loudness.integrated_lufs(samples, rate) == pytest.approx(
        pyloudnorm.Meter(rate).integrated_loudness(samples), abs=1e-6
    )


# ------------------------------------------------------------------------- stored scripts, CLI


def _stored_script(text: str) -> int:
    from radio_sched.store.db import open_store
    from radio_sched.store.documents import ScriptRow, add_version

    store = open_store()
    with store.session() as session:
        script = ScriptRow(commune="Xã A", title="Tiêm vắc-xin")
        session.add(script)
        session.flush()
        add_version(session, script, text, estimated_seconds=10.0)
        script_id = script.id
    store.dispose()
    return script_id


def test_render_stored_script_records_the_render() -> None:
    from radio_sched.audio.programs import latest_render, render_stored_script
    from radio_sched.store.db import open_store

    script_id = _stored_script(TEXT)
    store = open_store()
    with store.session() as session:
        assert latest_render(session, script_id) is None
    result = render_stored_script(store, script_id, engine="offline")
    assert result.path == locations.programs_dir() / f"script-{script_id}-v1.mp3"
    assert result.path.is_file()
    with store.session() as session:
        row = latest_render(session, script_id)
        assert row is not None
        assert (row.version, row.path) == (1, str(result.path))
        assert row.duration_seconds == pytest.approx(result.duration_seconds)
        assert row.engines_used == {"offline": 4}
    with pytest.raises(UserError, match="Không có kịch bản số 999"):
        render_stored_script(store, 999, engine="offline")

    from radio_sched.store.documents import ScriptRow, add_version

    with store.session() as session:
        script = session.get(ScriptRow, script_id)
        assert script is not None
        add_version(session, script, TEXT + " Xin nhắc lại lần nữa.", estimated_seconds=12.0)
    latest = render_stored_script(store, script_id, engine="offline")
    assert latest.path.name == f"script-{script_id}-v2.mp3"
    approved = render_stored_script(store, script_id, engine="offline", version=1)
    assert approved.path == result.path and approved.engine_calls == 0
    with store.session() as session:
        row = latest_render(session, script_id)
        assert row is not None and row.version == 1
    with pytest.raises(UserError, match="không có phiên bản 7"):
        render_stored_script(store, script_id, engine="offline", version=7)
    store.dispose()


def test_cli_synth_stored_script_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    script_id = _stored_script(TEXT)
    output = tmp_path / "x.mp3"
    code = main(["synth", str(script_id), "--engine", "offline", "-o", str(output), "--json"])
    assert code == 0
    payload = json.loads(capsys.readouterr().out)
    assert set(payload) == {
        "path",
        "duration_seconds",
        "lufs",
        "target_lufs",
        "engine_calls",
        "cache_hits",
        "engines_used",
        "sources",
    }
    assert payload["path"] == str(output) and output.is_file()
    assert payload["engines_used"] == {"offline": 4}
    assert payload["sources"] == "synthetic"


def test_cli_synth_directive_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    directive = tmp_path / "cong_van.txt"
    directive.write_text(
        "UBND XÃ A\nSố: 12/TB-UBND\nXã A, ngày 07 tháng 9 năm 2021\n\nTHÔNG BÁO\n"
        "Về việc tiêm vắc-xin\n\nĐề nghị nhân dân đến trạm y tế xã tiêm vắc-xin đúng lịch.\n",
        encoding="utf-8",
    )
    output = tmp_path / "out.mp3"
    code = main(
        ["synth", str(directive), "--commune", "Xã A", "--engine", "offline", "-o", str(output)]
    )
    assert code == 0, capsys.readouterr().err
    assert output.is_file()
    assert "Đã ghi" in capsys.readouterr().out


def test_cli_say_and_cache(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    output = tmp_path / "say.wav"
    assert (
        main(["say", "UBND", "xã", "họp", "lúc", "7h30.", "--engine", "offline", "-o", str(output)])
        == 0
    )
    assert output.is_file()
    capsys.readouterr()
    assert main(["cache", "info", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["sentences"] == 1 and info["by_engine"] == {"offline": 1}
    assert main(["cache", "prune"]) == 0
    assert "Đã xoá 2 mục" in capsys.readouterr().out


def test_cli_errors_are_one_vietnamese_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["synth", str(tmp_path / "khong_co.txt"), "-o", str(tmp_path / "a.mp3")]) == 2
    err = capsys.readouterr().err.strip()
    assert "khong_co.txt" in err and "không có tệp này" in err and "\n" not in err
