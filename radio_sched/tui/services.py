"""The functions of the other layers that the TUI calls, named in one place.

Nothing here decides anything: each function delegates to the core, the store read models or the
schedule/audio services that the CLI uses too. Where a service has not landed yet, the call says
so in plain words instead of the UI re-implementing it.
"""

from __future__ import annotations

import importlib
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


def service(module: str, *names: str) -> Any:
    """The first of ``names`` found in ``module``; a plain UserError when none has landed."""
    try:
        loaded = importlib.import_module(module)
    except ImportError as error:
        raise UserError(f"Chức năng này chưa sẵn sàng (thiếu {module}).") from error
    for name in names:
        function = getattr(loaded, name, None)
        if function is not None:
            return function
    raise UserError(f"Chức năng này chưa sẵn sàng (thiếu {module}.{names[0]}).")


def directive_text(store: Any, directive_id: int | None) -> str:
    """The directive's text as imported, for the side-by-side view.

    A plain read; ``radio_sched.store.queries`` has no read model for it yet (asked for in the
    TUI's report), so this reads the row directly inside one short session."""
    if directive_id is None:
        return "(Kịch bản này không gắn với văn bản nào.)"
    from radio_sched.store.documents import DirectiveRow

    with store.session() as session:
        row = session.get(DirectiveRow, directive_id)
        return str(row.text) if row is not None else "(Không tìm thấy văn bản.)"


def approve_script(store: Any, script_id: int, who: str) -> tuple[int, int]:
    """Approve the latest version and create or refresh its program → (program id, version).

    The schedule layer's function; it currently lives in ``radio_sched.cli.schedule``."""
    function = (
        service("radio_sched.schedule.service", "approve_script")
        if _has("radio_sched.schedule.service", "approve_script")
        else service("radio_sched.cli.schedule", "approve_script")
    )
    program_id, version = function(store, script_id, who)
    return int(program_id), int(version)


def _has(module: str, name: str) -> bool:
    try:
        return hasattr(importlib.import_module(module), name)
    except ImportError:
        return False
