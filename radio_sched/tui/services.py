"""Small helpers around the other layers' functions: plain error sentences and one read the
store's query module does not offer yet. The panes call the core, ``radio_sched.store.queries``,
``radio_sched.audio.programs``, ``radio_sched.schedule.operations`` and ``radio_sched.report``
directly, the same functions the CLI calls."""

from __future__ import annotations

from typing import Any

from radio_sched.atomic import WriteFailed
from radio_sched.config import SettingsError
from radio_sched.errors import UserError


def plain_error(error: BaseException) -> str:
    """One sentence for the status line; tracebacks are for the log, not the operator."""
    if isinstance(error, UserError | SettingsError):
        return str(error)
    if isinstance(error, WriteFailed):
        return f"Không ghi được tệp: {error.strerror}"
    name = type(error).__name__
    if name == "PlaybackError":
        return f"Không phát được: {error}"
    if isinstance(error, OSError):
        return f"Lỗi tệp hoặc thiết bị: {error.strerror or error}"
    return f"Lỗi không mong đợi ({name}): {error}"


def directive_text(store: Any, directive_id: int | None) -> str:
    """The directive's text as imported, for the side-by-side view."""
    if directive_id is None:
        return "(Kịch bản này không gắn với văn bản nào.)"
    from radio_sched.store.queries import directive_text as stored_text

    text = stored_text(store, directive_id)
    return text if text is not None else "(Không tìm thấy văn bản.)"
