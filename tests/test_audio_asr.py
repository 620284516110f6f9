"""Intelligibility of the offline voice, measured by an offline Vietnamese recognizer (opt-in).

    .venv/bin/pip install viet-asr==0.1.0.dev11     # ~56 MB wheel, model inside; not a dev dep
    .venv/bin/python -m pytest -m asr tests/test_audio_asr.py -s

The round trip is: display sentence → spoken form → offline voice (default settings) → 16 kHz →
recognizer → word error rate against the spoken form. espeak-ng output varies slightly from call
to call (its voicing has random jitter), so the figure moves by a few points between runs.
Run this file as a script to compare voice settings: ``python tests/test_audio_asr.py``.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Sequence
from typing import Any

import numpy as np
import pytest

from radio_sched.audio import pcm
from radio_sched.audio.engines import OfflineEngine, OfflineVoice
from radio_sched.script.spoken import spoken_form

pytestmark = pytest.mark.asr

SENTENCES = (
    "Kính thưa toàn thể bà con nhân dân trong xã.",
    "Đề nghị bà con đeo khẩu trang khi ra khỏi nhà.",
    "Ủy ban nhân dân xã tổ chức tiêm vắc-xin từ ngày 07/9/2021.",
    "Bão số 5 có khả năng đổ bộ vào các tỉnh miền Trung trong đêm nay.",
    "Các hộ gia đình cần chằng chống nhà cửa, không ra khơi đánh bắt cá.",
    "Thanh niên trong độ tuổi từ 18 đến 25 đến trạm y tế để khám sức khỏe nghĩa vụ quân sự.",
    "Không đốt rơm rạ trên đồng ruộng gây ô nhiễm môi trường.",
    "Đài truyền thanh xã xin cảm ơn bà con đã chú ý lắng nghe.",
    "Người dân cần theo dõi chặt chẽ diễn biến của mưa lũ.",
    "Hãy đưa người già và trẻ em đến nơi an toàn.",
    "Mọi người đội mũ bảo hiểm khi đi xe máy.",
    "Không uống rượu bia khi tham gia giao thông.",
    "Lịch tiêm chủng sẽ được thông báo trên loa truyền thanh.",
    "Cuộc bầu cử đại biểu Quốc hội diễn ra vào ngày chủ nhật.",
    "Mỗi cử tri cần mang theo thẻ cử tri khi đi bỏ phiếu.",
    "Bà con hãy giữ gìn vệ sinh chung và rửa tay thường xuyên bằng xà phòng.",
)
GOAL_WER = 0.70
_ASR_RATE = 16_000


def words(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", text).lower()
    return re.sub(r"[^\w\s]", " ", text).split()


def edit_distance(reference: Sequence[str], hypothesis: Sequence[str]) -> int:
    row = list(range(len(hypothesis) + 1))
    for i, ref_word in enumerate(reference, 1):
        previous, row[0] = row[0], i
        for j, hyp_word in enumerate(hypothesis, 1):
            current = min(row[j] + 1, row[j - 1] + 1, previous + (ref_word != hyp_word))
            previous, row[j] = row[j], current
    return row[-1]


def word_error_rate(
    recognizer: Any, voice: OfflineVoice, *, verbose: bool = False, padding_ms: int = 300
) -> float:
    engine = OfflineEngine(voice)
    errors = total = 0
    pad = np.zeros(_ASR_RATE * padding_ms // 1000, dtype=np.int16)
    for sentence in SENTENCES:
        spoken = spoken_form(sentence)
        segment = pcm.decode(engine.synthesize(spoken).data, "wav").set_frame_rate(_ASR_RATE)
        audio = np.concatenate([pad, np.frombuffer(segment.raw_data, dtype="<i2"), pad])
        heard = recognizer.transcribe(audio, _ASR_RATE).text
        reference = words(spoken)
        errors += edit_distance(reference, words(heard))
        total += len(reference)
        if verbose:
            print(f"  REF {spoken}\n  HYP {heard}")
    return errors / total


@pytest.fixture(scope="module")
def recognizer() -> Any:
    vietasr = pytest.importorskip("vietasr")
    return vietasr.Pipeline.new().add("vietasr").build()


@pytest.fixture(scope="module")
def our_wer(recognizer: Any) -> float:
    # Two rounds: the voice's jitter moves a single round's figure by about ±0.03.
    rounds = [word_error_rate(recognizer, OfflineVoice(), verbose=not i) for i in range(2)]
    print(f"WER with {OfflineVoice()}: rounds {rounds}")
    return sum(rounds) / len(rounds)


def test_offline_voice_is_intelligible_to_a_recognizer(our_wer: float) -> None:
    assert our_wer <= GOAL_WER


def test_default_settings_beat_espeak_defaults(recognizer: Any, our_wer: float) -> None:
    espeak_default = word_error_rate(
        recognizer, OfflineVoice(voice="vi", rate=175, word_gap=0, pitch_range=50)
    )
    print(f"WER ours {our_wer:.3f}, espeak-ng defaults {espeak_default:.3f}")
    assert our_wer < espeak_default - 0.1


if __name__ == "__main__":
    # Compare settings: python tests/test_audio_asr.py '{"voice": "vi", "rate": 175}' …
    import json

    import vietasr

    pipeline = vietasr.Pipeline.new().add("vietasr").build()
    for spec in sys.argv[1:] or ["{}"]:
        voice = OfflineVoice(**json.loads(spec))
        print(voice, round(word_error_rate(pipeline, voice), 3), flush=True)
