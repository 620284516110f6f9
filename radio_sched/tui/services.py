"""Small helpers around the other layers' functions: plain error sentences and one read the
store's query module does not offer yet. The panes call the core, ``radio_sched.store.queries``,
``radio_sched.audio.programs``, ``radio_sched.schedule.operations`` and ``radio_sched.report``
directly, the same functions the CLI calls."""

from __future__ import annotations

import re
from typing import Any

from radio_sched.atomic import WriteFailed
from radio_sched.config import SettingsError
from radio_sched.errors import UserError

# The lower layers' messages are also printed by the command line, where a flag or a library's
# name helps; on the screen the operator sees the words of the screen instead.
_SCREEN_WORDS = (
    (
        re.compile(r"--engine offline \(hoặc engine = \"offline\" trong station\.toml\)"),
        "chọn «Giọng đọc máy» ở màn hình Âm thanh",
    ),
    (re.compile(r"--engine offline"), "«Giọng đọc máy»"),
    (re.compile(r"dịch vụ gTTS|gTTS|Google Translate"), "giọng đọc trên mạng"),
    (re.compile(r"giọng (?:đọc )?ngoại tuyến(?: espeak-ng)?|espeak-ng"), "giọng đọc máy"),
    (re.compile(r"miniaudio"), "bộ phát âm thanh"),
    (re.compile(r"\s*LUFS"), ""),
    # The screen has no "read anyway": the clause that offers the flag goes.
    (re.compile(r"[,;] (?:hoặc )?dùng --force nếu(?: vẫn)? muốn đọc"), ""),
    (
        re.compile(r"Hãy cài lại gói(?: bằng)?: pip install --force-reinstall \S+"),
        "Hãy nhờ người cài đặt máy cài lại chương trình.",
    ),
    (
        re.compile(r"Hãy chạy `radio-sched approve --program \d+` hoặc `[^`]*` trước\."),
        "Hãy duyệt nó (F8 ở Kịch bản) hoặc bật lại (B ở Lịch tuần) trước.",
    ),
    (re.compile(r"Xem `radio-sched list`\.?"), "Xem danh sách ở màn hình Văn bản (F2)."),
    (re.compile(r"Xem `radio-sched [^`]*`\.?|`radio-sched [^`]*`"), "màn hình Lịch tuần (F5)"),
    (re.compile(r"(?:tệp )?station\.toml"), "tệp cài đặt của đài"),
)


def screen_words(text: str) -> str:
    for pattern, words in _SCREEN_WORDS:
        text = pattern.sub(words, text)
    return text


def plain_error(error: BaseException) -> str:
    """One sentence for the status line; tracebacks are for the log, not the operator."""
    return screen_words(_plain_error(error))


def _plain_error(error: BaseException) -> str:
    if isinstance(error, UserError | SettingsError):
        return str(error)
    if isinstance(error, WriteFailed):
        return f"Không ghi được tệp: {error.strerror}"
    name = type(error).__name__
    if name == "PlaybackError":
        return f"Không phát được: {error}"
    if isinstance(error, OSError):
        return f"Lỗi tệp hoặc thiết bị: {error.strerror or error}"
    return f"Lỗi không mong đợi: {error}"


def directive_text(store: Any, directive_id: int | None) -> str:
    """The directive's text as imported, for the side-by-side view."""
    if directive_id is None:
        return "(Kịch bản này không gắn với văn bản nào.)"
    from radio_sched.store.queries import directive_text as stored_text

    text = stored_text(store, directive_id)
    return text if text is not None else "(Không tìm thấy văn bản.)"


def composer_view(
    store: Any, directive_id: int | None, commune: str, stored: tuple[Any, ...]
) -> tuple[tuple[Any, ...], tuple[str, ...]]:
    """The composer's decision on every source sentence (the stored ones, or what the composer
    decides today for a script stored before decisions were kept) and why the script needs the
    operator's review (the directive gives citizens nothing to do), recomputed from the stored
    directive with the operator's overrides."""
    if directive_id is None:
        return stored, ()
    from radio_sched.directive.serialize import directive_from_dict
    from radio_sched.models import overrides_of
    from radio_sched.script.compose import compose_script
    from radio_sched.store.documents import DirectiveRow

    with store.session() as session:
        row = session.get(DirectiveRow, directive_id)
        parsed = row.parsed if row is not None else None
    if not parsed:
        return stored, ()
    script = compose_script(directive_from_dict(parsed), commune, overrides_of(list(stored)))
    return (stored or tuple(script.decisions)), tuple(script.review_reasons)
