"""Recording from a microphone, behind a small protocol: miniaudio (the playback library, pip
only) in service, any other source (generated audio) in tests.

A source records between ``start()`` and ``stop()`` and hands back mono float samples at
``pcm.SAMPLE_RATE``; the device is the one chosen in Cài đặt (``capture_device`` in
station.toml, by name; empty for the system's default).
"""

from __future__ import annotations

import threading
from collections.abc import Generator
from typing import Any, Protocol

import numpy as np

from radio_sched.audio import pcm
from radio_sched.errors import UserError

Samples = np.ndarray[Any, np.dtype[np.float64]]

# miniaudio's null backend lists a device that "records" zeros: it is no microphone.
_NULL_DEVICE = "Discard all samples"


class NoMicrophone(UserError):
    """No capture device can be opened; the message says what to do instead."""


NO_MICROPHONE = (
    "Máy này không có micro nào dùng được{detail}. Hãy cắm micro (hoặc tai nghe có micro) rồi "
    "chọn nó ở màn hình Cài đặt (capture_device trong station.toml); hoặc thu bằng điện thoại "
    "rồi nhập tệp: radio-sched record SỐ --import ban-thu.mp3"
)


class CaptureSource(Protocol):
    name: str

    def start(self) -> None:
        """Begin recording (NoMicrophone when the device cannot be opened)."""
        ...

    def stop(self) -> Samples:
        """End recording; what was heard since ``start``."""
        ...


def capture_devices() -> list[str]:
    """Names of the microphones the system offers (empty when there is none)."""
    import miniaudio

    from radio_sched.schedule.alsa import silence_alsa

    silence_alsa()
    try:
        found = miniaudio.Devices().get_captures()
    except miniaudio.MiniaudioError:
        return []
    return [str(d["name"]) for d in found if not str(d["name"]).startswith(_NULL_DEVICE)]


class MiniaudioCapture:
    """The station's microphone through miniaudio, 16-bit mono at the renderer's rate."""

    name = "miniaudio"

    def __init__(self, device: str = "", backends: list[Any] | None = None) -> None:
        self.device = device
        self.backends = backends  # miniaudio.Backend values; None: the system's own
        self._chunks: list[bytes] = []
        self._lock = threading.Lock()
        self._device: Any = None

    def _device_id(self) -> Any:
        import miniaudio

        if not self.device:
            return None
        for info in miniaudio.Devices().get_captures():
            if info["name"] == self.device:
                return info["id"]
        names = ", ".join(capture_devices()) or "không có"
        raise NoMicrophone(
            f"Không thấy micro «{self.device}» đã chọn ở Cài đặt (các micro hiện có: {names}); "
            "hãy cắm lại micro hoặc chọn micro khác ở Cài đặt."
        )

    def start(self) -> None:
        import miniaudio

        from radio_sched.schedule.alsa import silence_alsa

        silence_alsa()
        if self.backends is None and not capture_devices():
            raise NoMicrophone(NO_MICROPHONE.format(detail=""))
        self._chunks = []
        try:
            device = miniaudio.CaptureDevice(
                input_format=miniaudio.SampleFormat.SIGNED16,
                nchannels=1,
                sample_rate=pcm.SAMPLE_RATE,
                device_id=self._device_id(),
                backends=self.backends,
                app_name="radio-sched",
            )
        except miniaudio.MiniaudioError as error:
            raise NoMicrophone(NO_MICROPHONE.format(detail=f" ({error})")) from error
        generator = self._collect()
        next(generator)
        device.start(generator)
        self._device = device

    def _collect(self) -> Generator[None, bytes, None]:
        while True:
            data = yield
            with self._lock:
                self._chunks.append(bytes(data))

    @property
    def bytes_heard(self) -> int:
        with self._lock:
            return sum(len(chunk) for chunk in self._chunks)

    def stop(self) -> Samples:
        if self._device is not None:
            self._device.close()
            self._device = None
        with self._lock:
            raw = b"".join(self._chunks)
            self._chunks = []
        samples: Samples = np.frombuffer(raw, dtype="<i2").astype(np.float64) / 32768.0
        return samples


def open_capture(device: str = "") -> CaptureSource:
    return MiniaudioCapture(device)
