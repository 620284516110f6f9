"""Atomic file writes: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO


class WriteFailed(OSError):
    """A write could not complete (disk full, read-only home, …); nothing was left behind."""


PUBLIC_FILE_MODE = 0o644  # programs and exports are read by players that may run as others


@contextlib.contextmanager
def atomic_open(path: Path, *, file_mode: int = PUBLIC_FILE_MODE) -> Iterator[IO[bytes]]:
    """A binary handle whose content replaces ``path`` only when the block completes."""
    tmp: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        tmp = Path(tmp_name)
        # mkstemp makes the file owner-only; the mode is set before any byte is written, so a
        # private file is never readable by others, even for a moment.
        tmp.chmod(file_mode)
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(path)
    except OSError as error:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        raise WriteFailed(
            error.errno or 0,
            f"Không ghi được tệp {path}: {error.strerror or error}. "
            "Hãy kiểm tra dung lượng đĩa trống và quyền ghi vào thư mục này.",
        ) from error
    except BaseException:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        raise


def write_bytes_atomic(path: Path, data: bytes, *, file_mode: int = PUBLIC_FILE_MODE) -> None:
    with atomic_open(path, file_mode=file_mode) as handle:
        handle.write(data)


def write_text_atomic(path: Path, text: str, *, file_mode: int = PUBLIC_FILE_MODE) -> None:
    write_bytes_atomic(path, text.encode("utf-8"), file_mode=file_mode)
