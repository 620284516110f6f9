"""Keep the sound library's own complaints off the screen.

When a machine has no sound card, ALSA prints a dozen "cannot find card" lines straight to the
terminal (file descriptor 2) while miniaudio probes for a device; under a full-screen UI they
would scribble over it, and an unattended daemon would fill its console with them. ALSA lets a
program install its own error handler; the miniaudio player installs one that drops them, and the
TUI and the daemon say the plain thing themselves ("no sound device")."""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from typing import Any

_HANDLER: Any = None  # kept alive for as long as ALSA may call it


def silence_alsa() -> None:
    global _HANDLER
    if _HANDLER is not None or not sys.platform.startswith("linux"):
        return
    try:
        asound = ctypes.cdll.LoadLibrary("libasound.so.2")
    except OSError:
        return  # no ALSA, nothing to silence
    handler_type = ctypes.CFUNCTYPE(
        None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p
    )

    def ignore(*_args: Any) -> None:
        return None

    _HANDLER = handler_type(ignore)
    asound.snd_lib_error_set_handler(_HANDLER)
