"""daemon.log is stamped in the station's time, like the console, whatever the host's zone."""

from __future__ import annotations

import datetime as dt
import logging
from zoneinfo import ZoneInfo

from radio_sched.cli.daemon import StationTimeFormatter


def _line(zone: str) -> str:
    formatter = StationTimeFormatter("%(asctime)s %(levelname)s %(message)s", ZoneInfo(zone))
    record = logging.LogRecord("radio_sched.daemon", logging.INFO, __file__, 1, "Phát", None, None)
    # 2021-09-06 23:00:00.250 UTC: already the 7th at the station in Hà Nội.
    record.created = dt.datetime(2021, 9, 6, 23, 0, 0, 250000, tzinfo=dt.UTC).timestamp()
    record.msecs = 250.0
    return formatter.format(record)


def test_log_lines_carry_the_station_time_and_offset() -> None:
    assert _line("Asia/Ho_Chi_Minh") == "2021-09-07 06:00:00,250 +0700 INFO Phát"


def test_another_station_zone_moves_the_stamp_not_the_host() -> None:
    assert _line("Europe/Paris") == "2021-09-07 01:00:00,250 +0200 INFO Phát"
