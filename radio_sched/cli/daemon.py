"""`radio-sched daemon` (and `radio-sched-daemon`): air the plan, log in the station's time."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import shlex
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from radio_sched.cli.common import named_station_settings
from radio_sched.errors import UserError


def register(subparsers: Any) -> None:
    daemon = subparsers.add_parser("daemon", help="Chạy phát tự động theo lịch")
    daemon.add_argument(
        "--player",
        choices=["miniaudio", "command", "file"],
        help="Cách phát (mặc định: trường player trong station.toml)",
    )
    daemon.add_argument("--player-command", help='Lệnh phát ngoài, ví dụ "mpv --no-video"')
    daemon.add_argument(
        "--sink",
        type=Path,
        metavar="THƯ_MỤC",
        help="Thư mục ghi khi --player file (mặc định: sink)",
    )
    daemon.add_argument("--dry-run", action="store_true", help="Không phát ra loa: ghi ra tệp")
    daemon.add_argument("--exit-after", type=float, metavar="GIÂY", help="Dừng sau số giây")
    daemon.add_argument(
        "--grace", type=float, default=5.0, metavar="GIÂY", help="Trễ tối đa vẫn phát (5 giây)"
    )
    daemon.set_defaults(handler=_daemon)


class StationTimeFormatter(logging.Formatter):
    """Log lines stamped in the station's zone, like the console, whatever the host's zone is:
    "2021-09-07 06:00:00,012 +0700"."""

    def __init__(self, fmt: str, zone: ZoneInfo) -> None:
        super().__init__(fmt)
        self.zone = zone

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        when = dt.datetime.fromtimestamp(record.created, self.zone)
        return f"{when:%Y-%m-%d %H:%M:%S},{int(record.msecs):03d} {when:%z}"


def _daemon(args: argparse.Namespace) -> int:
    from radio_sched import locations
    from radio_sched.schedule.daemon import run_daemon
    from radio_sched.schedule.player import MiniaudioPlayer, PlaybackError, make_player

    settings = named_station_settings()
    kind = "file" if args.dry_run else (args.player or settings.player)
    command = shlex.split(args.player_command) if args.player_command else settings.player_command
    try:
        player = make_player(kind, command=command, sink=args.sink)
    except PlaybackError as error:
        raise UserError(f"{error} (tệp cài đặt station.toml, trường player)") from error
    log_file = locations.logs_dir() / "daemon.log"
    handler = logging.FileHandler(log_file, encoding="utf-8")
    handler.setFormatter(
        StationTimeFormatter("%(asctime)s %(levelname)s %(message)s", settings.zone)
    )
    logging.basicConfig(level=logging.INFO, handlers=[handler])
    # Warnings also reach the console; the file keeps every line for the operator.
    console = logging.StreamHandler()
    console.setLevel(logging.WARNING)
    logging.getLogger().addHandler(console)
    for noisy in ("apscheduler",):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    daemon_log = logging.getLogger("radio_sched.daemon")

    def say(message: str) -> None:
        stamp = settings.now().strftime("%H:%M:%S.%f")[:-3]
        print(f"[{stamp}] {message}", flush=True)
        daemon_log.info(message)

    if isinstance(player, MiniaudioPlayer) and (problem := player.check()) is not None:
        say(
            f"Cảnh báo: {problem}. Hãy kiểm tra loa/card âm thanh, hoặc dùng --player command "
            "hay --dry-run; đài vẫn chạy và ghi lỗi vào nhật ký phát."
        )
    say(f"Nhật ký của đài: {log_file}")
    return run_daemon(settings, player, exit_after=args.exit_after, grace=args.grace, say=say)
