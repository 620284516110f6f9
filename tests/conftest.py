"""Shared fixtures: every test runs in its own station home, offline."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

DATA_DIR = Path(__file__).parent / "data"
SAMPLE_DIRECTIVES = sorted((DATA_DIR / "directives").glob("*.txt"))
FOUNDING_SAMPLE = DATA_DIR / "directives" / "00_covid_binh_thuong_moi_langson_stttt.txt"

# Real services started by the tests themselves, one per xdist worker (session fixtures).
pytest_plugins = ["mqtt_broker", "postgres_server"]


@pytest.fixture(autouse=True)
def station_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("RADIO_SCHED_HOME", str(home))
    # A named station, as after `station init`: without one nothing is planned or aired (the
    # first-start tests remove this file).
    from radio_sched.config import StationSettings, save_settings

    save_settings(StationSettings(name="Xã Tân Thành"), home / "station.toml")
    yield home
