"""Program audio to bytes and to disk: WAV, MP3 by the bundled ffmpeg, ID3 tags, atomic writes."""

from __future__ import annotations

import importlib
import io
import math
import subprocess
from pathlib import Path
from typing import Any

import numpy as np

from radio_sched.atomic import WriteFailed, write_bytes_atomic
from radio_sched.audio import loudness, pcm
from radio_sched.errors import UserError

Samples = np.ndarray[Any, np.dtype[np.float64]]
MP3_BITRATE = "64k"


def encode(samples: Samples, fmt: str) -> bytes:
    raw = np.clip(np.round(samples * 32768.0), -32768, 32767).astype("<i2").tobytes()
    if fmt == "wav":
        return pcm.wav_bytes(raw, pcm.SAMPLE_RATE)
    return encode_mp3(raw, pcm.SAMPLE_RATE)


# LAME (as built into imageio-ffmpeg) plays back about 0.45 dB quieter than its input, at every
# rate and bitrate we tried. We pre-compensate, then measure the decoded file to be sure.
_mp3_level_loss_db = -0.45
_MP3_TOLERANCE_LU = 0.2


def mp3_level_loss_db() -> float:
    """How much quieter LAME plays back than its input, as last measured (starts at −0.45 dB)."""
    return _mp3_level_loss_db


def encode_mp3_on_target(samples: Samples, target: float) -> tuple[bytes, float]:
    """MP3 whose decoded loudness is the target; returns it and its measured loudness.

    Use this rather than ``encode_mp3`` for anything played on air: see ``_mp3_level_loss_db``.
    """
    global _mp3_level_loss_db
    measured = -math.inf
    data = b""
    for _attempt in range(2):
        data = encode(samples * 10 ** (-_mp3_level_loss_db / 20), "mp3")
        decoded = pcm.to_float(pcm.decode(data, "mp3"))
        measured = loudness.integrated_lufs(decoded, pcm.SAMPLE_RATE)
        if not math.isfinite(measured) or abs(measured - target) <= _MP3_TOLERANCE_LU:
            break
        _mp3_level_loss_db += measured - target
    return data, measured


def encode_mp3(raw: bytes, rate: int) -> bytes:
    """16-bit mono PCM to MP3 through the bundled ffmpeg, by pipes: no temporary files."""
    import imageio_ffmpeg

    command = [
        imageio_ffmpeg.get_ffmpeg_exe(),
        "-hide_banner",
        "-loglevel",
        "error",
        "-f",
        "s16le",
        "-ar",
        str(rate),
        "-ac",
        "1",
        "-i",
        "pipe:0",
        "-c:a",
        "libmp3lame",
        "-b:a",
        MP3_BITRATE,
        "-compression_level",
        "7",  # lame -q 7: half the time of the default, no audible loss on speech at 64k
        "-id3v2_version",
        "0",  # mutagen writes the tags; ffmpeg's own would only say "Lavf"
        "-write_id3v1",
        "0",
        "-f",
        "mp3",
        "pipe:1",
    ]
    try:
        done = subprocess.run(command, input=raw, capture_output=True, check=False)
    except OSError as error:
        raise UserError(
            f"Không chạy được ffmpeg ({error}). Hãy cài lại gói: pip install --force-reinstall "
            "imageio-ffmpeg"
        ) from error
    if done.returncode != 0 or not done.stdout:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["?"]
        raise UserError(f"ffmpeg không mã hoá được MP3: {message[0]}")
    return done.stdout


def tags_for(title: str, commune: str, reference: str | None, date: str) -> dict[str, str]:
    tags = {"title": title, "commune": commune, "date": date}
    if reference:
        tags["reference"] = reference
    return tags


def tagged(mp3: bytes, tags: dict[str, str]) -> bytes:
    """MP3 bytes with an ID3v2.3 tag (v2.3: older players and Windows read it)."""
    id3_module: Any = importlib.import_module("mutagen.id3")  # untyped library
    ID3, COMM, TALB, TDRC = id3_module.ID3, id3_module.COMM, id3_module.TALB, id3_module.TDRC
    TIT2, TPE1, TXXX = id3_module.TIT2, id3_module.TPE1, id3_module.TXXX
    id3 = ID3()
    id3.add(TIT2(encoding=3, text=tags["title"]))
    id3.add(TPE1(encoding=3, text=tags["commune"]))
    id3.add(TALB(encoding=3, text=f"Đài truyền thanh {tags['commune']}"))
    id3.add(TDRC(encoding=3, text=tags["date"]))
    if "reference" in tags:
        id3.add(TXXX(encoding=3, desc="Số văn bản", text=tags["reference"]))
        id3.add(COMM(encoding=3, lang="vie", desc="", text=f"Văn bản số {tags['reference']}"))
    buffer = io.BytesIO(mp3)
    id3.save(buffer, v2_version=3)
    return buffer.getvalue()


def write_output(path: Path, data: bytes) -> None:
    try:
        write_bytes_atomic(path, data)
    except WriteFailed:
        raise
    except OSError as error:
        # atomic_open creates the folder and the temporary file before its own guard.
        raise WriteFailed(
            error.errno or 0,
            f"Không ghi được tệp {path}: {error.strerror or error}. "
            "Hãy kiểm tra dung lượng đĩa trống và quyền ghi vào thư mục này.",
        ) from error
