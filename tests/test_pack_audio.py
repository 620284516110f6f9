"""Pack programs joined frame to frame: segments encoded apart decode as the parts laid end to
end (no gap, no click), at the station's loudness; worker processes build the same program."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import numpy as np
import pytest

from radio_sched import keys
from radio_sched.audio import loudness, pcm, render
from radio_sched.district import District, district_from_dict
from radio_sched.errors import UserError
from radio_sched.pack import audio, build
from radio_sched.pack.build import build_packs
from radio_sched.pack.verify import verify_pack

RATE = pcm.SAMPLE_RATE


def tone(seconds: float, frequency: float, level: float = 0.3) -> audio.Samples:
    """A tone with 5 ms fades, like a trimmed sentence: sound from its first sample to its last."""
    t = np.arange(int(seconds * RATE)) / RATE
    samples: audio.Samples = level * np.sin(2 * np.pi * frequency * t)
    fade = int(0.005 * RATE)
    samples[:fade] *= np.linspace(0, 1, fade)
    samples[-fade:] *= np.linspace(1, 0, fade)
    return samples


def silence(seconds: float) -> audio.Samples:
    return np.zeros(int(seconds * RATE))


def decoded(mp3: bytes) -> audio.Samples:
    """The project's decoder (miniaudio, as the player and the importer use it)."""
    return pcm.to_float(pcm.decode(mp3, "mp3"))


def test_lame_frame_geometry_holds() -> None:
    """What frame_aligned relies on: n samples (whole frames) give n / 576 + 2 frames of 192
    bytes, and input sample 0 comes out at ENCODER_DELAY."""
    for frames in (20, 101):
        raw = np.zeros(frames * audio.FRAME_SAMPLES)
        raw[1000:] = tone((len(raw) - 1000) / RATE, 440)
        pcm16 = np.round(raw * 32767).astype("<i2").tobytes()
        data = audio.frames_only(audio._lame(pcm16))
        assert len(data) == (frames + 2) * audio.FRAME_BYTES
        out = decoded(data)
        assert len(out) == (frames + 2) * audio.FRAME_SAMPLES
        onset = int(np.flatnonzero(np.abs(out) > 0.01)[0])
        assert abs(onset - (1000 + audio.ENCODER_DELAY)) <= 12  # the tone's fade-in


def test_segments_joined_frame_to_frame_decode_as_the_parts_end_to_end() -> None:
    # A program's layout: chime first (no silence before it), then segments cut in the middle
    # of pauses, each with sound close to its ends.
    segments = [
        np.concatenate([tone(0.8, 660), silence(0.35)]),
        np.concatenate([silence(0.35), tone(2.1, 440), silence(0.225)]),
        np.concatenate([silence(0.225), tone(1.3, 523), silence(0.45)]),
        np.concatenate([silence(0.45), tone(0.9, 330), silence(0.05)]),
    ]
    encoded = [audio.encode(s, 0.0, first=index == 0) for index, s in enumerate(segments)]
    expected = np.concatenate(
        [audio.frame_aligned(s, first=index == 0) for index, s in enumerate(segments)]
    )
    joined = b"".join(part.mp3 for part in encoded)
    out = decoded(joined)

    # Duration: what the parts add up to, to the sample (so within a frame of the design).
    assert len(out) == len(expected)
    designed = sum(len(s) for s in segments) + audio.ENCODER_DELAY
    assert abs(len(out) - designed) <= len(segments) * audio.FRAME_SAMPLES // 2
    assert sum(p.seconds for p in encoded) == pytest.approx(len(out) / RATE)
    # Every part where it was laid: the decoded program follows the parts closely throughout.
    error = out - expected
    snr = 10 * np.log10(np.sum(expected**2) / np.sum(error**2))
    assert snr > 15
    # No gap and no click at the joints: silence on both sides, no jump in the waveform.
    joints = np.cumsum([len(audio.frame_aligned(s, first=i == 0)) for i, s in enumerate(segments)])
    step = np.abs(np.diff(out))
    typical = np.percentile(step[np.abs(out[1:]) > 0.05], 99)
    for joint in joints[:-1]:
        around = slice(joint - audio.FRAME_SAMPLES, joint + audio.FRAME_SAMPLES)
        assert np.abs(out[around]).max() < 0.003
        assert step[around].max() < typical / 20


def test_a_segment_must_begin_and_end_in_silence() -> None:
    """The encoder's delay and padding are taken from a segment's ends: sound there would be
    lost, and a join there could click."""
    starts_with_sound = np.concatenate([tone(1.0, 440), silence(0.3)])
    with pytest.raises(ValueError, match="silence"):
        audio.encode(starts_with_sound, 0.0)
    audio.encode(starts_with_sound, 0.0, first=True)  # the program's start: delay put in front
    # 100 samples past a whole number of frames: rounding to a frame would cut sound.
    ends_with_sound = np.concatenate([silence(0.3), tone(1.0, 440)])
    ends_with_sound = ends_with_sound[: 30 * audio.FRAME_SAMPLES + 100]
    with pytest.raises(ValueError, match="silence"):
        audio.encode(ends_with_sound, 0.0)


def test_frames_only_drops_a_header_frame_and_refuses_other_formats() -> None:
    segment = audio.encode(np.concatenate([silence(0.1), tone(0.5, 440), silence(0.1)]), 0.0)
    frame = bytearray(segment.mp3[: audio.FRAME_BYTES])
    frame[4:] = bytes(len(frame) - 4)
    frame[13:17] = b"Info"  # a LAME/Xing header frame, as some encoders write first
    assert audio.frames_only(bytes(frame) + segment.mp3) == segment.mp3
    other_rate = bytearray(segment.mp3)
    other_rate[audio.FRAME_BYTES + 2] = 0x88  # 22.05 kHz in the second frame
    with pytest.raises(ValueError, match="24 kHz"):
        audio.frames_only(bytes(other_rate))
    with pytest.raises(ValueError, match="whole"):
        audio.frames_only(segment.mp3[:-1])


def small_district(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, District]:
    """A district home with its key (trusted by itself, as a commune would), a short directive
    and two communes."""
    monkeypatch.setenv("RADIO_SCHED_HOME", str(tmp_path / "district"))
    keys.init_keys("Phòng VH-TT huyện Thử")
    exported = tmp_path / "huyen.pub"
    exported.write_text(keys.own_public_key().export_text(), encoding="utf-8")
    keys.trust_key(exported)  # the same home verifies, as a commune would
    directive = tmp_path / "vb.txt"
    directive.write_text(
        "Số: 7/VHTT\nV/v phòng cháy rừng\n\nNgười dân không đốt nương rẫy khi trời hanh khô.\n\n"
        "Thông điệp: “Giữ rừng là giữ nhà”.\n",
        encoding="utf-8",
    )
    district = district_from_dict(
        {
            "district": {"name": "Phòng VH-TT huyện Thử", "engine": "offline"},
            "communes": [{"name": "Xã Tân Thành"}, {"name": "Xã Phú Lâm"}],
        },
        tmp_path / "district.toml",
    )
    return directive, district


def test_worker_processes_build_the_same_programs_at_the_station_loudness(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    directive, district = small_district(tmp_path, monkeypatch)
    day = dt.date(2026, 11, 26)
    threads = build_packs(directive, district, tmp_path / "t", processes=False, today=day)
    workers = build_packs(directive, district, tmp_path / "p", processes=True, jobs=2, today=day)
    assert workers.engine_calls == 0 and workers.cache_hits > 0  # every sentence was cached
    target = district.communes[0].settings.loudness_lufs
    for one, other in zip(threads.packs, workers.packs, strict=True):
        program = zipfile.ZipFile(one.path).read("program.mp3")
        assert zipfile.ZipFile(other.path).read("program.mp3") == program
        verify_pack(other.path)
        samples = decoded(program)
        assert len(samples) / RATE == pytest.approx(one.duration_seconds, abs=0.001)
        assert loudness.integrated_lufs(samples, RATE) == pytest.approx(target, abs=0.5)
        assert loudness.true_peak_db(samples) <= render.TRUE_PEAK_CEILING_DB


@pytest.mark.parametrize("processes", [False, True], ids=["threads", "processes"])
def test_a_body_that_fails_stops_the_build_with_its_own_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, processes: bool
) -> None:
    """Communes start before the body is rendered and wait for it only to join it: when it
    fails, none waits forever, and the build stops with the body's error; no pack is left."""
    directive, district = small_district(tmp_path, monkeypatch)

    def failing_body(*_args: object) -> None:
        raise UserError("Không làm được phần nội dung chung (thử).")

    monkeypatch.setattr(build, "render_body", failing_body)
    with pytest.raises(UserError, match="nội dung chung"):
        build.build_packs(directive, district, tmp_path / "out", processes=processes, jobs=2)
    assert not list((tmp_path / "out").glob("*.zip"))
