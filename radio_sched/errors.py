"""Errors meant for the user: one line that names the file and says what to do."""

from __future__ import annotations


class UserError(Exception):
    """Shown to the user as a single line, without a traceback; the command exits non-zero."""

    exit_code = 2
