"""Console entry points. Each feature registers its subcommands from its own module.

A subcommand module has ``register(subparsers)`` which adds parsers whose ``handler`` default is
a function ``(args) -> int``. Heavy libraries are imported inside handlers so ``--help`` and the
daemon stay light.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Sequence

from radio_sched import __version__
from radio_sched.atomic import WriteFailed
from radio_sched.errors import UserError

COMMAND_MODULES = (
    "radio_sched.cli.documents",
    "radio_sched.cli.demo",
    "radio_sched.cli.audio",
    "radio_sched.cli.station",
    "radio_sched.cli.programs",
    "radio_sched.cli.plan",
    "radio_sched.cli.emergency",
    "radio_sched.cli.daemon",
    "radio_sched.cli.asrun",
    "radio_sched.cli.pack",
    "radio_sched.cli.tui",
    "radio_sched.cli.backup",
    "radio_sched.cli.record",
    "radio_sched.cli.voice",
    "radio_sched.cli.link",
    "radio_sched.cli.hub",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="radio-sched",
        description="Soạn, tổng hợp giọng đọc và lên lịch phát cho đài truyền thanh cấp xã.",
    )
    parser.add_argument("--version", action="version", version=f"radio-sched {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="LỆNH")
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    _utf8_console()
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:  # `radio-sched` alone is the operator opening the station's screen
        return main(["tui"])
    try:
        return int(handler(args))
    except UserError as error:
        print(f"radio-sched: lỗi: {error}", file=sys.stderr)
        return error.exit_code
    except WriteFailed as error:
        print(f"radio-sched: lỗi: {error.strerror}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        print("radio-sched: đã dừng.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `radio-sched show 1 | head`: the reader has what it wanted; nothing to report.
        _silence_stdout()
        return 0
    except Exception as error:
        # The one place where a failure of the database or of the disk, from any command,
        # becomes one line that names the file and says what to do.
        failure = _store_failure(error)
        if failure is None:
            raise
        print(f"radio-sched: lỗi: {failure}", file=sys.stderr)
        return failure.exit_code


def _silence_stdout() -> None:
    """Whatever is still buffered for a closed pipe goes nowhere (not a second error at exit)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _store_failure(error: Exception) -> UserError | None:
    from radio_sched.store.failures import explain

    return explain(error, _database_name())


def _database_name() -> str | None:
    """The station's database as the operator knows it: its file, or its URL without password."""
    try:
        from sqlalchemy.engine import make_url

        from radio_sched.config import load_settings

        url = make_url(load_settings().resolved_database_url)
    except Exception:  # noqa: BLE001 - the settings may be what failed; name no file then
        return None
    if url.get_backend_name() == "sqlite" and url.database:
        return url.database
    return url.render_as_string(hide_password=True)


def daemon_main(argv: Sequence[str] | None = None) -> int:
    return main(["daemon", *(sys.argv[1:] if argv is None else argv)])


def _utf8_console() -> None:
    # Windows consoles default to a legacy code page that cannot print Vietnamese.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(encoding="utf-8", errors="replace")


if __name__ == "__main__":
    sys.exit(main())
