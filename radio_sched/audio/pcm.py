"""Audio bytes in and out: decoding engine output, WAV encoding, pydub with the bundled ffmpeg.

pydub looks for ffmpeg on PATH and warns at import when it is missing; we point it at the
binary that ships in the ``imageio-ffmpeg`` wheel instead, so no system package is needed.
"""

from __future__ import annotations

import io
import warnings
import wave
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from pydub import AudioSegment

SAMPLE_RATE = 24_000  # gTTS speaks at 24 kHz; the offline voice (22.05 kHz) is resampled to it
SAMPLE_WIDTH = 2


class DecodeError(ValueError):
    """Bytes that do not decode to audio (a corrupt cache entry, a truncated download)."""


_pydub: Any = None


def pydub_module() -> Any:
    """pydub, configured with imageio-ffmpeg's ffmpeg (and its import warning silenced)."""
    global _pydub
    if _pydub is None:
        import imageio_ffmpeg

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # "Couldn't find ffmpeg"
            warnings.simplefilter("ignore", DeprecationWarning)  # audioop on Python 3.12
            import pydub

        ffmpeg = imageio_ffmpeg.get_ffmpeg_exe()
        pydub.AudioSegment.converter = ffmpeg
        pydub.AudioSegment.ffmpeg = ffmpeg
        _pydub = pydub
    return _pydub


def segment_from_pcm(pcm: bytes, rate: int) -> AudioSegment:
    pydub = pydub_module()
    segment: AudioSegment = pydub.AudioSegment(
        data=pcm, sample_width=SAMPLE_WIDTH, frame_rate=rate, channels=1
    )
    return segment


def wav_bytes(pcm: bytes, rate: int) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(SAMPLE_WIDTH)
        writer.setframerate(rate)
        writer.writeframes(pcm)
    return buffer.getvalue()


def decode(data: bytes, fmt: str) -> AudioSegment:
    """Engine output (``wav`` or ``mp3``) as a mono 16-bit segment at ``SAMPLE_RATE``.

    MP3 goes through miniaudio's decoder in-process: there is no ffprobe in imageio-ffmpeg, and
    starting ffmpeg once per sentence would dominate a warm render.
    """
    if fmt == "wav":
        try:
            with wave.open(io.BytesIO(data), "rb") as reader:
                if reader.getsampwidth() != SAMPLE_WIDTH:
                    raise DecodeError(f"WAV {reader.getsampwidth() * 8}-bit, cần 16-bit")
                channels = reader.getnchannels()
                rate = reader.getframerate()
                frames = reader.getnframes()
                pcm = reader.readframes(frames)
        except (wave.Error, EOFError) as error:
            raise DecodeError(str(error)) from error
        if len(pcm) != frames * channels * SAMPLE_WIDTH or frames == 0:
            raise DecodeError("WAV bị cắt cụt hoặc rỗng")
        segment = segment_from_pcm(pcm, rate) if channels == 1 else _mix_down(pcm, channels, rate)
    elif fmt == "mp3":
        import miniaudio

        try:
            decoded = miniaudio.decode(
                data,
                output_format=miniaudio.SampleFormat.SIGNED16,
                nchannels=1,
                sample_rate=SAMPLE_RATE,
            )
        except miniaudio.DecodeError as error:
            raise DecodeError(str(error)) from error
        if decoded.num_frames == 0:
            raise DecodeError("MP3 không có khung âm thanh nào")
        segment = segment_from_pcm(decoded.samples.tobytes(), SAMPLE_RATE)
    else:
        raise DecodeError(f"định dạng không biết: {fmt}")
    return conform(segment)


def conform(segment: AudioSegment) -> AudioSegment:
    """Mono, 16-bit, ``SAMPLE_RATE``: one shape for everything that gets concatenated."""
    result: AudioSegment = (
        segment.set_channels(1).set_sample_width(SAMPLE_WIDTH).set_frame_rate(SAMPLE_RATE)
    )
    return result


def _mix_down(pcm: bytes, channels: int, rate: int) -> AudioSegment:
    samples = np.frombuffer(pcm, dtype="<i2").reshape(-1, channels).mean(axis=1)
    return segment_from_pcm(samples.astype("<i2").tobytes(), rate)


def to_float(segment: AudioSegment) -> np.ndarray[Any, np.dtype[np.float64]]:
    """Samples in −1…1 (mono)."""
    raw = np.frombuffer(segment.raw_data, dtype="<i2").astype(np.float64)
    result: np.ndarray[Any, np.dtype[np.float64]] = raw / 32768.0
    return result


def from_float(samples: np.ndarray[Any, np.dtype[np.float64]], rate: int) -> AudioSegment:
    clipped = np.clip(np.round(samples * 32768.0), -32768, 32767).astype("<i2")
    return segment_from_pcm(clipped.tobytes(), rate)
