"""Who is at the keyboard: the name recorded with an approval or an emergency order."""

from __future__ import annotations

import getpass
import os

UNKNOWN = "không rõ"


def operator_name(given: str | None = None) -> str:
    """The name the operator gave (``--by``, the TUI's operator), else the login name."""
    if given:
        return given
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return os.environ.get("USER", UNKNOWN)
