"""Commune link benchmark: ``.venv/bin/python bench/bench_link.py [--quick]``.

A station's as-run outbox (N finished airings) goes to a real Mosquitto started for the run:
each batch read from the station database, signed with the station key, published at QoS 1, and
marked delivered on the broker's PUBACK. The baseline, measured in the same run, is signing the
same N rows into envelopes in memory (no database, no network); the figure is the ratio, and the
rows per second for the notes. ``--quick`` (what CI runs): 200 rows.

Prints figures only; nothing here fails on speed.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the real broker fixture lives with the tests


def main() -> int:
    rows = 200 if "--quick" in sys.argv[1:] else 5000
    with tempfile.TemporaryDirectory(prefix="bench-link-") as folder:
        home = Path(folder) / "home"
        home.mkdir()
        os.environ["RADIO_SCHED_HOME"] = str(home)
        return _run(rows, Path(folder))


def _run(rows: int, folder: Path) -> int:
    from zoneinfo import ZoneInfo

    from link_support import log_airings
    from mqtt_broker import running_broker

    from radio_sched.config import StationSettings, save_settings
    from radio_sched.link import protocol
    from radio_sched.link.client import LinkClient
    from radio_sched.link.settings import LinkSettings
    from radio_sched.link.signing import init_station_key, station_signer
    from radio_sched.link.station import StationLink
    from radio_sched.schedule.clock import FakeClock
    from radio_sched.store import link as link_store
    from radio_sched.store.db import open_store

    save_settings(StationSettings(name="Xã Tân Thành"))
    init_station_key("Xã Tân Thành")
    store = open_store()
    start = dt.datetime(2026, 11, 27, 6, tzinfo=dt.UTC)
    log_airings(store, rows, start)

    signer = station_signer()
    row = protocol.AsRunRow("1", "1", "Bài", "normal", 0.0, 0.0, 30.0, 30.0, "played")
    began = time.perf_counter()
    for first in range(0, rows, 100):
        body = protocol.AsRunBody((row,) * min(100, rows - first)).to_dict()
        protocol.build(
            kind="asrun",
            message_id=secrets.token_hex(16),
            sender="xa-bench",
            recipient="tinh-bench",
            seq=first + 1,
            sent_at=0.0,
            body=body,
            signer=signer,
        ).to_payload()
    baseline = time.perf_counter() - began

    clock = FakeClock(start.astimezone(ZoneInfo("Asia/Ho_Chi_Minh")))
    with running_broker(folder / "broker") as broker:
        link = LinkSettings(
            hub="tinh-bench", station="xa-bench", host=broker.host, port=broker.port
        )
        station = StationLink(store, StationSettings(), link, signer=signer, clock=clock)
        client = LinkClient(station, password=None, clock=clock)
        client.start()
        if not client.connected.wait(30):
            print("the broker did not answer")
            return 1
        began = time.perf_counter()
        client.flush()
        deadline = began + 600
        while True:
            with store.session() as session:
                if link_store.outbox_counts(session) == (rows, 0):
                    break
            if time.perf_counter() > deadline:
                print("the outbox did not empty")
                return 1
            time.sleep(0.005)
        flushed = time.perf_counter() - began
        client.stop()
    store.dispose()
    print(f"as-run outbox → Mosquitto, {rows} rows, acknowledged: {flushed:.2f} s")
    print(f"  {rows / flushed:,.0f} rows/s; signing the same rows in memory: {baseline:.3f} s")
    print(f"  ratio to signing alone: {flushed / baseline:.1f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
