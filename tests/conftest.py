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


@pytest.fixture(scope="session")
def named_station_toml(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """station.toml as `station init` writes it, once per worker: every test starts from a copy
    (save_settings validates, renders and fsyncs, which thousands of tests paid for each)."""
    from radio_sched.config import StationSettings, save_settings

    path = tmp_path_factory.mktemp("named-station") / "station.toml"
    save_settings(StationSettings(name="Xã Tân Thành"), path)
    return path.read_bytes()


@pytest.fixture(autouse=True)
def station_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, named_station_toml: bytes
) -> Iterator[Path]:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("RADIO_SCHED_HOME", str(home))
    # A named station, as after `station init`: without one nothing is planned or aired (the
    # first-start tests remove this file).
    (home / "station.toml").write_bytes(named_station_toml)
    yield home
