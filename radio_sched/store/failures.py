"""Store and disk failures → one line for the operator (``errors.StoreFailure``).

The CLI's entry point and the as-run writer hand any exception here; what SQLite or the operating
system reports (a lock held too long, a damaged file, a full or read-only disk) comes back as a
``StoreFailure`` naming the file and saying what to do; anything else comes back as None and
stays a bug with its traceback. SQLite's result codes are read from the driver's exception
(Python 3.11 attaches them), its English message only when the code is missing.
"""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

from radio_sched.errors import (
    DatabaseBusy,
    DatabaseCorrupt,
    DiskFailure,
    DiskFull,
    NotWritable,
    StoreFailure,
)

# SQLite primary result codes (https://sqlite.org/rescode.html).
_PERM, _BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = (
    3, 5, 6, 8, 10, 11, 13, 14, 26,
)  # fmt: skip
# Less free space than this beside the database and an I/O error is a full disk: SQLite's pages
# are 4 KB and its shared-memory file grows by 32 KB.
NEARLY_FULL_BYTES = 1024 * 1024
_BY_MESSAGE = (
    ("database is locked", _BUSY),
    ("database table is locked", _LOCKED),
    ("file is not a database", _NOTADB),
    ("database disk image is malformed", _CORRUPT),
    ("database or disk is full", _FULL),
    ("readonly database", _READONLY),
    ("unable to open database file", _CANTOPEN),
    ("disk i/o error", _IOERR),
)


def explain(error: BaseException, database: Path | str | None = None) -> StoreFailure | None:
    """The operator's one line for ``error``, or None when it is not a store or disk failure.

    ``database`` names the station's database file (or URL) in the message."""
    if isinstance(error, StoreFailure):
        return error
    where = str(database) if database else "cơ sở dữ liệu"
    code = _sqlite_code(error)
    if code is not None:
        return _from_sqlite(code, where, database)
    if _is_lock_timeout(error):
        return _busy(where)
    if isinstance(error, OSError) and error.errno is not None:
        return _from_os(error, where)
    return None


def _sqlite_code(error: BaseException) -> int | None:
    original = getattr(error, "orig", None)  # SQLAlchemy wraps the driver's exception
    for candidate in (original, error):
        if candidate is None or type(candidate).__module__ != "sqlite3":
            continue
        code = getattr(candidate, "sqlite_errorcode", None)
        if isinstance(code, int):
            return code & 0xFF  # the primary code; extended codes add detail in the high bits
        message = str(candidate).lower()
        for text, by_message in _BY_MESSAGE:
            if text in message:
                return by_message
    return None


def _from_sqlite(code: int, where: str, database: Path | str | None) -> StoreFailure | None:
    if code in (_BUSY, _LOCKED):
        return _busy(where)
    if code in (_CORRUPT, _NOTADB):
        return DatabaseCorrupt(f"{where}: tệp cơ sở dữ liệu bị hỏng. {_restore_advice(database)}")
    if code == _FULL:
        return _full(where)
    if code in (_READONLY, _PERM, _CANTOPEN):
        return _not_writable(where)
    if code == _IOERR and _nearly_full(database):
        # SQLite reports a full disk as an I/O error when it fails to grow its shared-memory
        # file (SQLITE_IOERR_SHMSIZE) or a write is refused outright; the free space tells.
        return _full(where)
    if code == _IOERR:
        return DiskFailure(
            f"{where}: lỗi đọc/ghi đĩa. Hãy kiểm tra dung lượng trống và ổ đĩa (cáp, thẻ nhớ), "
            "rồi thử lại."
        )
    return None


def _from_os(error: OSError, where: str) -> StoreFailure | None:
    name = error.filename or where
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return _full(str(name))
    if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return _not_writable(str(name))
    if error.errno == errno.EIO:
        return DiskFailure(f"{name}: lỗi đọc/ghi đĩa. Hãy kiểm tra ổ đĩa, rồi thử lại.")
    return None


def _nearly_full(database: Path | str | None) -> bool:
    if not database or "://" in str(database):
        return False
    try:
        return shutil.disk_usage(Path(database).parent).free < NEARLY_FULL_BYTES
    except OSError:
        return False


def _is_lock_timeout(error: BaseException) -> bool:
    # filelock's Timeout: another program kept the migration lock beyond the bounded wait.
    return type(error).__module__.startswith("filelock") and isinstance(error, TimeoutError)


def _busy(where: str) -> DatabaseBusy:
    from radio_sched.store.db import BUSY_TIMEOUT_SECONDS

    return DatabaseBusy(
        f"{where}: cơ sở dữ liệu đang bị một chương trình khác giữ (đã chờ "
        f"{BUSY_TIMEOUT_SECONDS} giây). Hãy thử lại sau ít phút; nếu vẫn vậy, hãy đóng các "
        "chương trình khác đang mở cơ sở dữ liệu này."
    )


def _full(where: str) -> DiskFull:
    return DiskFull(
        f"{where}: đĩa đã đầy, không ghi được. Hãy giải phóng dung lượng: "
        "`radio-sched cache prune` xoá giọng đọc đã lưu tạm, và xoá bớt báo cáo cũ trong "
        "thư mục exports của đài, rồi thử lại."
    )


def _not_writable(where: str) -> NotWritable:
    return NotWritable(
        f"{where}: không ghi được (ổ đĩa chỉ cho đọc hoặc không có quyền ghi). Hãy cấp quyền "
        "ghi cho thư mục của đài, hoặc đặt biến RADIO_SCHED_HOME sang một thư mục ghi được."
    )


def _restore_advice(database: Path | str | None) -> str:
    from radio_sched.store import backup

    path = Path(database) if database and "://" not in str(database) else None
    copy = backup.latest(path) if path is not None else None
    if copy is not None:
        return (
            f"Hãy khôi phục bản sao tự động gần nhất ({copy.name}): "
            "`radio-sched backup restore` (tệp hỏng được giữ lại bên cạnh)."
        )
    return (
        "Chưa có bản sao tự động nào. Hãy đổi tên tệp hỏng (để giữ lại cho kỹ thuật viên) "
        "rồi chạy lại lệnh để đài tạo cơ sở dữ liệu mới."
    )
