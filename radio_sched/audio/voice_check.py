"""Intelligibility of the voices: each engine reads a fixed set of broadcast sentences, an
offline Vietnamese recognizer writes down what it hears, and the word error rate (WER) against
the spoken form says how much a listener would miss.

The recognizer is ``viet-asr`` (an optional install: a 56 MB wheel with its model inside, not a
dependency). ``radio-sched voice check`` and ``tests/test_audio_asr.py`` both measure with this
module.

The fixed set, ``broadcast_sentences.txt`` beside this module, are real broadcast sentences NOT
used to tune the offline voice, chosen by a rule written down before any tuning (the file's
header). The tuning set is :data:`TUNING_SENTENCES`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from radio_sched.audio import pcm
from radio_sched.audio.engines import EngineUnavailable, SpeechEngine
from radio_sched.errors import UserError
from radio_sched.models import Dialect

if TYPE_CHECKING:
    from radio_sched.config import StationSettings

RECOGNIZER_INSTALL = "pip install viet-asr==0.1.0.dev11"
ASR_RATE = 16_000

BROADCAST_SENTENCES_FILE = Path(__file__).with_name("broadcast_sentences.txt")


def broadcast_sentences() -> tuple[str, ...]:
    """The fixed set (see the file's header for how it was chosen)."""
    lines = BROADCAST_SENTENCES_FILE.read_text(encoding="utf-8").splitlines()
    return tuple(line.split("\t")[0] for line in lines if line.strip() and not line.startswith("#"))


# The sentences the offline voice's settings and text stage were tuned on (never the set above).
TUNING_SENTENCES: tuple[str, ...] = (
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

ENGINE_LABELS = {
    "gtts": "giọng Google (trên mạng)",
    "piper": "giọng Piper (tệp giọng của đài)",
    "offline": "giọng máy espeak-ng (ngoại tuyến)",
}


class RecognizerMissing(UserError):
    """The offline recognizer is not installed."""


class Recognizer(Protocol):
    def transcribe(self, audio: Any, sample_rate: float = ...) -> Any: ...


def load_recognizer() -> Recognizer:
    """viet-asr's pipeline, or RecognizerMissing with the install command."""
    try:
        import vietasr
    except ImportError as error:
        raise RecognizerMissing(
            "Chưa cài bộ nhận dạng tiếng nói ngoại tuyến (gói viet-asr, khoảng 56 MB) nên chưa "
            f"đo được độ dễ nghe. Hãy cài bằng: {RECOGNIZER_INSTALL} rồi chạy lại."
        ) from error
    pipeline: Recognizer = vietasr.Pipeline.new().add("vietasr").build()
    return pipeline


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


@dataclass
class EngineScore:
    """One engine's round trip over the sentence set."""

    engine: str
    errors: int = 0
    words: int = 0
    failure: str | None = None  # why the engine could not speak (then no WER)
    heard: list[tuple[str, str]] = field(default_factory=list)  # (spoken form, transcript)

    @property
    def wer(self) -> float | None:
        return self.errors / self.words if self.words and self.failure is None else None


def measure(
    engine: SpeechEngine,
    recognizer: Recognizer,
    sentences: Sequence[str],
    *,
    dialect: Dialect = Dialect.NORTH,
    padding_ms: int = 300,
    progress: Callable[[int, int], None] | None = None,
) -> EngineScore:
    """Display sentence → spoken form → engine → 16 kHz → recognizer → word errors."""
    from radio_sched.script.spoken import spoken_form

    score = EngineScore(engine.name)
    pad = np.zeros(ASR_RATE * padding_ms // 1000, dtype=np.int16)
    for done, sentence in enumerate(sentences, 1):
        spoken = spoken_form(sentence, dialect)
        try:
            synthesis = engine.synthesize(spoken)
        except EngineUnavailable as error:
            score.failure = str(error)
            return score
        segment = pcm.decode(synthesis.data, synthesis.fmt).set_frame_rate(ASR_RATE)
        samples = np.frombuffer(segment.raw_data, dtype="<i2")
        heard = str(recognizer.transcribe(np.concatenate([pad, samples, pad]), ASR_RATE).text)
        reference = words(spoken)
        score.errors += edit_distance(reference, words(heard))
        score.words += len(reference)
        score.heard.append((spoken, heard))
        if progress:
            progress(done, len(sentences))
    return score


def engines_to_check(settings: StationSettings, *, online: bool) -> list[SpeechEngine]:
    """gTTS only when asked (it needs the network), Piper when the station has a voice file,
    and always espeak-ng."""
    from radio_sched.audio.engines import GttsEngine, OfflineEngine
    from radio_sched.audio.piper_engine import PiperEngine, model_from_settings

    engines: list[SpeechEngine] = [GttsEngine(retries=1)] if online else []
    model = model_from_settings(settings)
    if model is not None:
        engines.append(PiperEngine(model))
    engines.append(OfflineEngine())
    return engines


def recommendation(scores: Sequence[EngineScore]) -> str:
    """One Vietnamese paragraph for the office: which voice to air with, and how sure."""
    measured = [s for s in scores if s.wer is not None]
    if not measured:
        return "Không đo được giọng nào; hãy xem lý do ở trên."
    best = min(measured, key=lambda s: s.wer or 0.0)
    wer = best.wer or 0.0
    label = ENGINE_LABELS.get(best.engine, best.engine)
    setting = "auto" if best.engine == "gtts" else best.engine
    if wer <= 0.2:
        quality = "người nghe hiểu gần hết"
    elif wer <= 0.4:
        quality = "người nghe hiểu phần lớn, nên đọc chậm và nhắc lại ý chính"
    elif wer <= 0.6:
        quality = "người nghe bỏ sót nhiều từ; với tin quan trọng nên tự thu âm giọng người đọc"
    else:
        quality = (
            "người nghe khó theo dõi; nên thu âm giọng người đọc (Thu âm) hoặc dùng tệp giọng "
            "Piper tiếng Việt"
        )
    text = (
        f'Khuyến nghị: dùng {label} (engine = "{setting}" trong station.toml hoặc Cài đặt); '
        f"tỉ lệ lỗi từ {wer:.0%}: {quality}."
    )
    offline = next((s for s in measured if s.engine == "offline"), None)
    if best.engine == "gtts" and offline is not None and offline is not best:
        text += (
            f" Khi mất mạng, chương trình tự chuyển sang giọng dự phòng "
            f"(espeak-ng: tỉ lệ lỗi {(offline.wer or 0.0):.0%})."
        )
    return text
