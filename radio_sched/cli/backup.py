"""Subcommands for copies of the station's database: backup list, take, restore.

Copies are taken automatically before every upgrade of the database's structure; ``restore``
puts one back, for instance after a power cut damaged the file. The damaged file is kept beside
the copies, never deleted.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from radio_sched.errors import UserError


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("backup", help="Bản sao cơ sở dữ liệu của đài")
    sub = parser.add_subparsers(dest="backup_command", metavar="LỆNH", required=True)
    listing = sub.add_parser("list", help="Các bản sao đã có, cũ trước mới sau")
    listing.set_defaults(handler=_list)
    take = sub.add_parser("take", help="Sao lưu cơ sở dữ liệu ngay bây giờ")
    take.set_defaults(handler=_take)
    restore = sub.add_parser(
        "restore",
        help="Khôi phục một bản sao (mặc định: bản mới nhất); hãy dừng trình phát tự động trước",
    )
    restore.add_argument("copy", type=Path, nargs="?", help="Tệp bản sao (xem `backup list`)")
    restore.set_defaults(handler=_restore)


def database_file() -> Path:
    """The station's SQLite file; other databases are backed up with their own tools."""
    from sqlalchemy.engine import make_url

    from radio_sched.config import load_settings

    url = make_url(load_settings().resolved_database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise UserError(
            f"Cơ sở dữ liệu {url.render_as_string(hide_password=True)} không phải tệp SQLite; "
            "hãy sao lưu bằng công cụ của máy chủ cơ sở dữ liệu đó."
        )
    return Path(url.database)


def _list(_args: argparse.Namespace) -> int:
    from radio_sched.store import backup

    database = database_file()
    copies = backup.backups(database)
    if not copies:
        print(f"Chưa có bản sao nào trong {backup.backup_dir(database)}.")
    for copy in copies:
        print(f"{copy}  ({copy.stat().st_size / 1024:.0f} KB)")
    return 0


def _take(_args: argparse.Namespace) -> int:
    from radio_sched.store import backup

    database = database_file()
    if not database.exists():
        raise UserError(f"{database}: chưa có cơ sở dữ liệu để sao lưu.")
    print(f"Đã sao lưu: {backup.take(database, label='thu-cong')}")
    return 0


def _restore(args: argparse.Namespace) -> int:
    from radio_sched.store import backup

    database = database_file()
    copy = args.copy or backup.latest(database)
    if copy is None:
        raise UserError(f"Chưa có bản sao nào trong {backup.backup_dir(database)}.")
    if not copy.is_file():
        raise UserError(f"{copy}: không tìm thấy bản sao. Xem `radio-sched backup list`.")
    _check_copy(copy)
    kept = _move_aside(database)
    backup.restore(copy, database)
    print(f"Đã khôi phục {database} từ {copy.name}.")
    if kept:
        print(f"Tệp cũ được giữ lại: {kept}")
    return 0


def _check_copy(copy: Path) -> None:
    import sqlite3
    from contextlib import closing

    try:
        with closing(sqlite3.connect(f"file:{copy}?mode=ro", uri=True)) as connection:
            verdict = connection.execute("PRAGMA quick_check").fetchone()
    except sqlite3.DatabaseError as error:
        raise UserError(f"{copy}: bản sao cũng bị hỏng ({error}). Hãy chọn bản khác.") from error
    if not verdict or verdict[0] != "ok":
        raise UserError(f"{copy}: bản sao cũng bị hỏng. Hãy chọn bản khác (`backup list`).")


def _move_aside(database: Path) -> Path | None:
    """Keep the current file (and its WAL) beside the copies, under a name no copy has."""
    from radio_sched.store import backup

    if not database.exists():
        return None
    when = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    kept = backup.backup_dir(database) / f"{database.stem}-{when}-truoc-khoi-phuc.cu"
    kept.parent.mkdir(parents=True, exist_ok=True)
    database.replace(kept)
    for suffix in ("-wal", "-shm"):
        side = database.with_name(database.name + suffix)
        if side.exists():
            side.replace(kept.with_name(kept.name + suffix))
    return kept
