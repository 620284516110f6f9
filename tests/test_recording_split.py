"""Takes from generated audio with known pauses: trimming, levelling, and splitting a whole
reading into its sentences (or refusing, with the reason)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from recording_support import SYLLABLE_SECONDS, WORD_GAP_SECONDS, reading, sentence, silence

from radio_sched.audio import export, loudness, takes
from radio_sched.errors import UserError

RATE = takes.RATE


def voiced_seconds(piece: np.ndarray) -> float:
    return len(takes.trim_silence(piece, margin=0.0)) / RATE


def spoken_seconds(syllables: int, comma: float = 0.0) -> float:
    # A comma's gap stands in for one gap between words.
    gaps = (syllables - 1) * WORD_GAP_SECONDS + (comma - WORD_GAP_SECONDS if comma else 0.0)
    return syllables * SYLLABLE_SECONDS + gaps


def test_leading_and_trailing_silence_go_a_small_margin_stays() -> None:
    voice = sentence(6)
    take = reading([voice], lead=1.5, tail=2.0)
    trimmed = takes.trim_silence(take)
    kept = len(trimmed) / RATE
    assert kept == pytest.approx(len(voice) / RATE + 2 * takes.KEEP_MARGIN_SECONDS, abs=0.05)
    # The margin is room noise, not voice: the first and last 0.1 s are quiet.
    edge = int(0.1 * RATE)
    assert np.abs(trimmed[:edge]).max() < 0.01 and np.abs(trimmed[-edge:]).max() < 0.01


def test_a_take_is_levelled_to_the_station_target_under_the_ceiling() -> None:
    quiet = reading([sentence(10) * 0.05], lead=0.3, tail=0.3)
    prepared = takes.prepare_take(quiet, -16.0)
    samples = takes.samples_of_wav(prepared.wav)
    assert loudness.integrated_lufs(samples, RATE) == pytest.approx(-16.0, abs=0.5)
    assert loudness.true_peak_db(samples) <= takes.CEILING_DB + 0.1
    assert prepared.duration_seconds == pytest.approx(len(samples) / RATE)


def test_silence_alone_is_refused_with_what_to_check() -> None:
    with pytest.raises(takes.SilentTake, match="micro"):
        takes.prepare_take(reading([silence(2.0)]), -16.0)


def test_pauses_between_words_are_not_pauses_between_sentences() -> None:
    found = takes.find_pauses(reading([sentence(8), sentence(5)], pause=0.7))
    assert len(found) == 1
    assert found[0].length / RATE == pytest.approx(0.7, abs=0.05)


def test_a_reading_that_fits_is_cut_into_its_sentences_in_order() -> None:
    # The longest pause (1.2 s) is a breath inside the long third sentence: the cuts that fit
    # the sentences' lengths are the two shorter pauses between sentences.
    weights = [8, 5, 12]
    audio = reading([sentence(8), sentence(5), sentence(12, comma_after=2, comma=1.2)], pause=0.7)
    pieces = takes.split_reading(audio, weights, "ca-doc.wav")
    expected = [spoken_seconds(8), spoken_seconds(5), spoken_seconds(12, comma=1.2)]
    # Frames are 20 ms: a piece's voice is measured to within two of them.
    assert [voiced_seconds(p) for p in pieces] == pytest.approx(expected, abs=0.04)
    assert sum(len(p) for p in pieces) == len(audio)  # nothing lost between pieces


def test_fewer_pieces_than_sentences_is_refused_naming_the_file_and_both_counts() -> None:
    audio = reading([sentence(8), sentence(12)])
    with pytest.raises(takes.SplitMismatch) as caught:
        takes.split_reading(audio, [8, 5, 12], "ban-thu.mp3")
    message = str(caught.value)
    assert "ban-thu.mp3" in message and "2 đoạn" in message and "3 câu" in message


def test_pieces_that_do_not_fit_the_sentences_are_refused_with_the_reason() -> None:
    # Three pieces for three sentences, but the reader read another text: a long piece where a
    # three-syllable sentence is expected.
    audio = reading([sentence(12), sentence(3), sentence(3)])
    with pytest.raises(takes.SplitMismatch) as caught:
        takes.split_reading(audio, [3, 3, 12], "ban-thu.wav")
    message = str(caught.value)
    assert "ban-thu.wav" in message and "đoạn thứ 1" in message and "3 câu" in message


@pytest.mark.parametrize("fmt", ["wav", "mp3"])
def test_a_phone_recording_decodes_from_wav_and_mp3(tmp_path: Path, fmt: str) -> None:
    audio = reading([sentence(6), sentence(4)])
    path = tmp_path / f"dien-thoai.{fmt}"
    path.write_bytes(export.encode(audio, fmt))
    decoded = takes.decode_recording(path)
    assert len(decoded) / RATE == pytest.approx(len(audio) / RATE, abs=0.1)
    assert len(takes.split_reading(decoded, [6, 4], path.name)) == 2


def test_unreadable_files_are_refused_naming_them(tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"khong-co\.wav"):
        takes.decode_recording(tmp_path / "khong-co.wav")
    broken = tmp_path / "hong.mp3"
    broken.write_bytes(b"not audio at all")
    with pytest.raises(UserError, match=r"hong\.mp3"):
        takes.decode_recording(broken)
    with pytest.raises(UserError, match=r"ghi-am\.m4a.*\.mp3"):
        takes.decode_recording(tmp_path / "ghi-am.m4a")


def test_the_miniaudio_adapter_records_through_the_library() -> None:
    """The real adapter on miniaudio's null device (every machine has it; it hears silence):
    the bytes the library delivers come back as samples, and silence is no take."""
    import time

    import miniaudio

    from radio_sched.audio.capture import MiniaudioCapture

    capture = MiniaudioCapture(backends=[miniaudio.Backend.NULL])
    capture.start()
    deadline = time.monotonic() + 30  # polled: the device's thread delivers when it runs
    while capture.bytes_heard < RATE // 5 and time.monotonic() < deadline:
        time.sleep(0.01)
    samples = capture.stop()
    assert len(samples) >= RATE // 10 and not samples.any()
    with pytest.raises(takes.SilentTake):
        takes.prepare_take(samples, -16.0)
