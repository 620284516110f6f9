"""Neural voices through Piper, when the station has a voice file (optional extra ``piper``).

A Piper voice is two files the office provides: the model (``.onnx``) and its configuration
(``.onnx.json``: sample rate, espeak-ng voice for the phonemes, phoneme ids). Nothing is ever
downloaded: the files are named in ``station.toml`` (``piper_model``, ``piper_config``), by full
path or by name in the station's ``voices`` folder, where district packs install them.

The sentence cache keys on the files' digests, so replacing a voice file re-makes its sentences
while renaming or moving it does not. A loaded voice (a few seconds for a medium model) is kept
for the process, per file digest.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from radio_sched import locations
from radio_sched.audio import pcm
from radio_sched.audio.engines import EngineUnavailable, Synthesis, key_of, offline_text
from radio_sched.errors import UserError

if TYPE_CHECKING:
    from radio_sched.config import StationSettings

INSTALL_HINT = "pip install 'radio-sched[piper]'"
_TEXT_VERSION = 1  # bump when piper_text changes, so cached sentences are re-made


@dataclass(frozen=True)
class PiperModel:
    """A voice model file and its json configuration."""

    model: Path
    config: Path

    @classmethod
    def at(cls, model: Path | str, config: Path | str | None = None) -> PiperModel:
        model_path = _in_voices(model)
        config_path = (
            _in_voices(config) if config else model_path.with_name(model_path.name + ".json")
        )
        return cls(model_path, config_path)


def _in_voices(name: Path | str) -> Path:
    path = Path(name).expanduser()
    return path if path.is_absolute() else locations.voices_dir() / path


def model_from_settings(settings: StationSettings) -> PiperModel | None:
    """The station's Piper voice, or None when none is chosen."""
    if not settings.piper_model.strip():
        return None
    return PiperModel.at(settings.piper_model.strip(), settings.piper_config.strip() or None)


def check_piper_choice(settings: StationSettings) -> None:
    """Refuse settings that choose Piper without its files, when they are saved rather than at
    the next render (UserError naming the missing file)."""
    model = model_from_settings(settings)
    if model is None:
        if settings.engine == "piper":
            raise UserError(
                'Giọng "piper" cần tệp giọng: hãy điền ô Tệp giọng .onnx trong Cài đặt '
                "(hoặc --piper-model, piper_model trong station.toml)."
            )
        return
    for path in (model.model, model.config):
        if not path.is_file():
            raise UserError(
                f"{path}: không có tệp này; hãy chép tệp giọng (.onnx và .onnx.json) vào đó."
            )


def not_configured_message() -> str:
    return (
        "Chưa chọn tệp giọng Piper: hãy chép tệp giọng (.onnx và .onnx.json) vào thư mục "
        f"{locations.voices_dir()} rồi ghi tên tệp vào piper_model trong station.toml "
        '(hoặc ô "Tệp giọng .onnx" trong Cài đặt), hoặc chọn giọng khác.'
    )


def missing_extra_message(error: BaseException | None = None) -> str:
    cause = f" ({error})" if error else ""
    return (
        f"Chưa cài giọng đọc Piper: máy này thiếu gói piper-tts{cause}. "
        f"Hãy cài bằng: {INSTALL_HINT}, hoặc chọn giọng khác trong Cài đặt."
    )


# --------------------------------------------------------------------------- file digests

_digests: dict[tuple[str, int, int], str] = {}
_digest_lock = threading.Lock()


def file_digest(path: Path) -> str:
    """sha256 of a file, remembered while its size and mtime stay (a model is tens of MB)."""
    stat = path.stat()
    memo = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    with _digest_lock:
        known = _digests.get(memo)
    if known is not None:
        return known
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    value = digest.hexdigest()
    with _digest_lock:
        _digests[memo] = value
    return value


# --------------------------------------------------------------------------------- loading

_voices: dict[tuple[str, str], Any] = {}
_load_lock = threading.Lock()


def load_voice(model: PiperModel) -> Any:
    """piper.PiperVoice for ``model``, loaded once per process and per file content."""
    for path, what in ((model.model, "tệp giọng"), (model.config, "tệp cấu hình giọng")):
        if not path.is_file():
            raise EngineUnavailable(
                f"{path}: không có {what} Piper. Hãy chép tệp vào đó (tệp .onnx đi cùng tệp "
                ".onnx.json), hoặc sửa piper_model/piper_config trong station.toml."
            )
    memo = (file_digest(model.model), file_digest(model.config))
    with _load_lock:
        voice = _voices.get(memo)
        if voice is not None:
            return voice
        try:
            from piper import PiperVoice
        except ImportError as error:
            raise EngineUnavailable(missing_extra_message(error)) from error
        try:
            voice = PiperVoice.load(model.model, config_path=model.config)
        except (ValueError, KeyError, TypeError) as error:
            raise EngineUnavailable(
                f"{model.config}: tệp cấu hình giọng Piper không hợp lệ ({error!r}). Hãy chép lại "
                "tệp .onnx.json đi cùng tệp giọng."
            ) from error
        except Exception as error:  # onnxruntime raises its own exception types
            raise EngineUnavailable(
                f"{model.model}: không mở được tệp giọng Piper ({error}). Tệp có thể bị hỏng "
                "khi chép; hãy chép lại từ nơi cung cấp."
            ) from error
        _voices[memo] = voice
        return voice


def piper_text(spoken: str) -> str:
    """Text for Piper's phonemizer (espeak-ng underneath): the offline voice's last touches."""
    return offline_text(spoken)


def phoneme_ids(model: PiperModel, spoken: str) -> list[list[int]]:
    """The model's input for a sentence: phoneme ids per sentence, as Piper computes them."""
    voice = load_voice(model)
    return [voice.phonemes_to_ids(p) for p in voice.phonemize(piper_text(spoken)) if p]


# ---------------------------------------------------------------------------------- engine


@dataclass
class PiperEngine:
    """Piper's voice for a station's model; ``model=None`` means none is chosen."""

    model: PiperModel | None
    name: str = "piper"
    _key: str | None = field(default=None, repr=False)

    @property
    def settings_key(self) -> str:
        # Never raises: the speaker asks for the key before trying the engine, and a missing
        # file must become EngineUnavailable in synthesize (so auto falls back), not a crash.
        if self._key is None:
            if self.model is None:
                return key_of("piper", None)
            try:
                digests = [file_digest(self.model.model), file_digest(self.model.config)]
            except OSError:
                return key_of("piper", str(self.model.model), "missing")
            self._key = key_of("piper", digests, _TEXT_VERSION)
        return self._key

    def synthesize(self, spoken: str) -> Synthesis:
        if self.model is None:
            raise EngineUnavailable(not_configured_message())
        voice = load_voice(self.model)
        text = piper_text(spoken)
        if not text:
            raise EngineUnavailable("Câu rỗng, không có gì để đọc.")
        chunks = list(voice.synthesize(text))
        if not chunks:
            raise EngineUnavailable(
                f"{self.model.model}: giọng Piper không tạo ra âm thanh cho câu này."
            )
        rate = int(chunks[0].sample_rate)
        audio = np.concatenate([chunk.audio_int16_array for chunk in chunks])
        return Synthesis(pcm.wav_bytes(audio.astype("<i2").tobytes(), rate), "wav")

    def espeak_voice(self) -> str:
        """The espeak-ng voice the model's phonemes come from ("vi" for a Vietnamese voice)."""
        if self.model is None:
            raise EngineUnavailable(not_configured_message())
        return str(load_voice(self.model).config.espeak_voice)
