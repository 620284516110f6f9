"""Speech engines: a sentence of spoken Vietnamese in, audio bytes out.

* ``gtts`` — Google Translate's voice through gTTS: good, but online and rate-limited.
* ``offline`` — espeak-ng's Vietnamese voice from the ``espeakng-loader`` wheel, through ctypes:
  always available, no apt step, no download, no subprocess.
* ``piper`` — a neural voice from a Piper model file the station has (optional extra ``piper``,
  see :mod:`radio_sched.audio.piper_engine`).
* ``auto`` — not an engine but a policy, carried out by the renderer: gTTS while it answers, then
  the station's Piper voice when it has one, then the offline voice (see :func:`engine_chain`).
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from radio_sched.audio import pcm
from radio_sched.errors import UserError

if TYPE_CHECKING:
    from radio_sched.config import StationSettings

ENGINE_NAMES = ("auto", "gtts", "piper", "offline")


@dataclass(frozen=True)
class Synthesis:
    data: bytes
    fmt: str  # "wav" or "mp3": the engine's own output, cached as it came


class EngineUnavailable(UserError):
    """The engine cannot speak right now (no network, refused, library missing).

    The message is one Vietnamese line for the operator; ``auto`` falls back on it.
    """


class SpeechEngine(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def settings_key(self) -> str:
        """Everything besides the text that changes the sound; part of the cache key."""
        ...

    def synthesize(self, spoken: str) -> Synthesis: ...


# --------------------------------------------------------------------------- offline (espeak-ng)

# espeak-ng's public API (speak_lib.h).
_AUDIO_OUTPUT_SYNCHRONOUS = 2
_INITIALIZE_DONT_EXIT = 0x8000  # return an error instead of exit() when the data is missing
_POS_CHARACTER = 1
_CHARS_UTF8 = 1
_PARAM_RATE = 1
_PARAM_VOLUME = 2
_PARAM_PITCH = 3
_PARAM_RANGE = 4
_PARAM_WORDGAP = 7
_CALLBACK = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
)


@dataclass(frozen=True)
class OfflineVoice:
    """Settings of the espeak-ng voice, chosen by measured intelligibility.

    Word error rate of an offline Vietnamese recognizer on 16 broadcast sentences
    (tests/test_audio_asr.py): espeak-ng's defaults (vi, 175, gap 0) ≈ 0.90; vi+f3 130/5 ≈ 0.74;
    female variants beat male and klatt ones (0.72-0.80 vs 0.81-0.94); widening the pitch range
    from 50 to 100 gains the most (vi+f1: 0.81 → 0.73), since Vietnamese tones are pitch
    contours; vi+f5 at 130 with gap 5 and range 100 ≈ 0.68. Rates 115 and 145-150 and gaps
    0 or 10 were no better.
    """

    voice: str = "vi+f5"
    rate: int = 130  # words per minute in espeak's terms
    word_gap: int = 5  # extra pause between words, in units of 10 ms
    pitch: int = 50  # base pitch, 0-100
    pitch_range: int = 100  # how far the pitch moves, 0-100: Vietnamese tones live in it
    volume: int = 100


class _Espeak:
    """The process-wide espeak-ng library. Its state is global, so every call holds the lock."""

    lock = threading.Lock()
    _instance: _Espeak | None = None

    def __init__(self) -> None:
        try:
            import espeakng_loader

            library = ctypes.CDLL(espeakng_loader.get_library_path())
            data_dir = espeakng_loader.get_data_path()
        except (ImportError, OSError, RuntimeError) as error:
            raise EngineUnavailable(
                f"Không tải được giọng đọc ngoại tuyến espeak-ng ({error}). "
                "Hãy cài lại gói bằng: pip install --force-reinstall espeakng-loader"
            ) from error
        library.espeak_Initialize.restype = ctypes.c_int
        library.espeak_Initialize.argtypes = [
            ctypes.c_int,
            ctypes.c_int,
            ctypes.c_char_p,
            ctypes.c_int,
        ]
        library.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        library.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        library.espeak_Synth.argtypes = [
            ctypes.c_void_p,
            ctypes.c_size_t,
            ctypes.c_uint,
            ctypes.c_int,
            ctypes.c_uint,
            ctypes.c_uint,
            ctypes.c_void_p,
            ctypes.c_void_p,
        ]
        # espeak-ng looks for "espeak-ng-data" inside the directory it is given.
        parent = data_dir.rsplit("espeak-ng-data", 1)[0].rstrip("/\\") or "."
        rate = library.espeak_Initialize(
            _AUDIO_OUTPUT_SYNCHRONOUS, 0, parent.encode(), _INITIALIZE_DONT_EXIT
        )
        if rate <= 0:
            raise EngineUnavailable(
                f"Không khởi động được espeak-ng với dữ liệu {data_dir}. "
                "Hãy cài lại gói bằng: pip install --force-reinstall espeakng-loader"
            )
        self.library = library
        self.sample_rate = int(rate)
        self._chunks: list[bytes] = []
        # Kept on the instance: ctypes callbacks must outlive every call into the library.
        self._callback = _CALLBACK(self._collect)
        library.espeak_SetSynthCallback(self._callback)

    @classmethod
    def get(cls) -> _Espeak:
        with cls.lock:
            if cls._instance is None:
                cls._instance = _Espeak()
            return cls._instance

    def _collect(self, wav: Any, count: int, _events: Any) -> int:
        if count > 0 and wav:
            self._chunks.append(ctypes.string_at(wav, count * 2))
        return 0  # 0 = carry on

    def speak(self, text: str, voice: OfflineVoice) -> bytes:
        with self.lock:
            self._chunks = []
            if self.library.espeak_SetVoiceByName(voice.voice.encode()) != 0:
                raise EngineUnavailable(f"espeak-ng không có giọng {voice.voice!r}.")
            for parameter, value in (
                (_PARAM_RATE, voice.rate),
                (_PARAM_WORDGAP, voice.word_gap),
                (_PARAM_PITCH, voice.pitch),
                (_PARAM_RANGE, voice.pitch_range),
                (_PARAM_VOLUME, voice.volume),
            ):
                self.library.espeak_SetParameter(parameter, value, 0)
            encoded = text.encode("utf-8") + b"\0"
            buffer = ctypes.create_string_buffer(encoded, len(encoded))
            status = self.library.espeak_Synth(
                buffer, len(encoded), 0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None
            )
            if status != 0:
                raise EngineUnavailable(f"espeak-ng báo lỗi {status} khi đọc câu.")
            self.library.espeak_Synchronize()
            return b"".join(self._chunks)


_OFFLINE_UNSPEAKABLE = re.compile(r"[\"“”«»()\[\]{}*_#/\\|<>~^]")
_LETTER_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")


def offline_text(spoken: str) -> str:
    """Last touches for espeak-ng on text already in spoken form.

    espeak reads some symbols aloud by English names or makes odd stops on them; quotes and
    brackets carry nothing a listener needs, and "Cô-vít" reads better as two syllables.

    Measured and left out (recognizer round trip, radio_sched.audio.voice_check, on the tuning
    sentences plus 14 golden sentences outside the held-out set; 2 rounds, 0.715 as it is, a
    round's jitter ±0.02): commas around a date's month and year (+1.5 word errors), commas
    before conjunctions in runs of over 10 words (+2.0), colons read as commas (+6.5), commas
    as full stops (+1.5), a stop before the sentence (±0), lower case and the final stop (the
    same sound), "hai mươi mốt" → "hai mốt" (0.613 → 0.633 on the number sentences). What the
    recognizer misses is espeak-ng's rendering of tones — level-tone syllables ("nhân dân"
    heard "ngon ngon", "mươi" heard "miêu"), a sentence's first words ("Đề nghị" lost even on a
    second reading) — which no respelling reaches: the remedies are a Piper voice or Thu âm.
    """
    text = _OFFLINE_UNSPEAKABLE.sub(" ", spoken)
    text = _LETTER_HYPHEN.sub(" ", text)
    return " ".join(text.split())


@dataclass
class OfflineEngine:
    voice: OfflineVoice = field(default_factory=OfflineVoice)
    name: str = "offline"

    @property
    def settings_key(self) -> str:
        return key_of("espeak-ng", asdict(self.voice), _OFFLINE_TEXT_VERSION)

    def synthesize(self, spoken: str) -> Synthesis:
        espeak = _Espeak.get()
        audio = espeak.speak(offline_text(spoken), self.voice)
        if not audio:
            raise EngineUnavailable("espeak-ng không tạo ra âm thanh cho câu này.")
        return Synthesis(pcm.wav_bytes(audio, espeak.sample_rate), "wav")


_OFFLINE_TEXT_VERSION = 1  # bump when offline_text changes, so cached sentences are re-made


# --------------------------------------------------------------------------------------- gTTS


@dataclass
class GttsEngine:
    """Google Translate's voice, with the manners gTTS leaves to its caller.

    gTTS waits forever unless given a timeout, and does not retry; Google answers bursts with
    429. We pass a timeout, retry connection errors, 429 and 5xx with exponential backoff, and
    keep a pause between requests.
    """

    timeout: tuple[float, float] = (5.0, 20.0)  # (connect, read) seconds
    retries: int = 3
    backoff: float = 1.0  # seconds before the first retry; doubles each time
    pause: float = 0.5  # seconds kept between two requests
    tld: str = "com"
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    name: str = "gtts"
    requests_made: int = 0
    _last_request: float | None = None

    @property
    def settings_key(self) -> str:
        return key_of("gtts", {"lang": "vi", "tld": self.tld, "slow": False})

    def synthesize(self, spoken: str) -> Synthesis:
        from gtts import gTTS, gTTSError

        text = " ".join(spoken.split())
        if not text:
            raise EngineUnavailable("Câu rỗng, không có gì để đọc.")
        delay = self.backoff
        for attempt in range(self.retries + 1):
            self._keep_pause()
            try:
                tts = gTTS(text, lang="vi", tld=self.tld, lang_check=False, timeout=self.timeout)
                data = b"".join(tts.stream())
            except gTTSError as error:
                status = error.rsp.status_code if error.rsp is not None else None
                transient = status is None or status == 429 or status >= 500
                if not transient:
                    raise EngineUnavailable(_refusal_message(status)) from error
                if attempt == self.retries:
                    raise EngineUnavailable(_unreachable_message(status, attempt + 1)) from error
                self.sleep(delay)
                delay *= 2
                continue
            if not data:
                raise EngineUnavailable(_refusal_message(200))
            return Synthesis(data, "mp3")
        raise AssertionError("unreachable")  # pragma: no cover

    def _keep_pause(self) -> None:
        now = self.clock()
        if self._last_request is not None:
            wait = self.pause - (now - self._last_request)
            if wait > 0:
                self.sleep(wait)
        self._last_request = self.clock()
        self.requests_made += 1


def _refusal_message(status: int | None) -> str:
    return (
        f"Google từ chối đọc (mã {status}): dịch vụ gTTS có thể đã đổi hoặc chặn máy này. "
        'Hãy dùng giọng ngoại tuyến: --engine offline (hoặc engine = "offline" trong station.toml).'
    )


def _unreachable_message(status: int | None, attempts: int) -> str:
    cause = "không kết nối được" if status is None else f"Google trả lời mã {status}"
    return (
        f"Không dùng được giọng Google ({cause}) sau {attempts} lần thử. "
        "Hãy kiểm tra mạng, thử lại sau, hoặc dùng giọng ngoại tuyến: --engine offline."
    )


# ------------------------------------------------------------------------------------ selection


def key_of(*parts: object) -> str:
    """A short digest of an engine's settings, for the cache key."""
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def engine_chain(name: str, settings: StationSettings | None = None) -> list[SpeechEngine]:
    """Engines to try in order for ``name``.

    ``auto`` is gTTS, then the station's Piper voice when ``settings`` name one, then the
    offline voice. ``piper`` alone without a voice file still makes a chain: its engine says
    what to do when asked to speak. Without ``settings`` the station's file is read (the voice
    file is the station's, whoever renders).
    """
    from radio_sched.audio.piper_engine import PiperEngine, model_from_settings

    piper_model = None
    if name in ("auto", "piper"):
        if settings is None:
            from radio_sched.config import load_settings

            settings = load_settings()
        piper_model = model_from_settings(settings)
    if name == "auto":
        # With a voice to fall back on, one retry is enough: a commune without a link should
        # hear the offline voice within seconds, not after the full backoff.
        chain: list[SpeechEngine] = [GttsEngine(retries=1, backoff=0.5)]
        if piper_model is not None:
            chain.append(PiperEngine(piper_model))
        return [*chain, OfflineEngine()]
    if name == "gtts":
        return [GttsEngine()]
    if name == "piper":
        return [PiperEngine(piper_model)]
    if name == "offline":
        return [OfflineEngine()]
    raise ValueError(f"Không có giọng đọc {name!r}; chọn một trong: {', '.join(ENGINE_NAMES)}.")
