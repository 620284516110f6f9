"""``radio-sched tui``: the operator's terminal UI. Textual is imported only inside the handler,
so other commands and the daemon never load it."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    tui = subparsers.add_parser("tui", help="Mở màn hình điều khiển của đài (mặc định)")
    tui.add_argument(
        "--browse",
        type=Path,
        help="Thư mục mở sẵn trong trình chọn tệp (mặc định: thư mục hiện tại)",
    )
    tui.set_defaults(handler=_tui)


def _tui(args: argparse.Namespace) -> int:
    from radio_sched.config import SettingsError
    from radio_sched.errors import UserError
    from radio_sched.tui.app import make_app

    try:
        app = make_app(browse_root=args.browse)
    except SettingsError as error:
        raise UserError(str(error)) from error
    app.run()
    return 0
