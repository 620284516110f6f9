"""Shared fixtures: every test runs in its own station home, offline."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

DATA_DIR = Path(__file__).parent / "data"
SAMPLE_DIRECTIVES = sorted((DATA_DIR / "directives").glob("*.txt"))
FOUNDING_SAMPLE = DATA_DIR / "directives" / "00_covid_binh_thuong_moi_langson_stttt.txt"

# Real services started by the tests themselves, one per xdist worker (session fixtures).
pytest_plugins = ["mqtt_broker", "postgres_server"]


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """Twice the cores (at most eight): about half of the suite's time is waiting (daemons airing
    on the wall clock, the Pilot waiting for an idle app, locks held by other processes), and a
    waiting worker leaves its core to another."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return min(8, 2 * (cores or 1))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that wait on the wall clock (marker ``realtime``: a real daemon airing for tens of
    seconds) go first, each followed by one ordinary test. The scheduler (``--dist load`` with
    one test sent at a time, pyproject) then hands every worker a waiting test before anything
    else, so their waits overlap the rest of the suite instead of ending it on one worker; a
    pair, because a worker holds two tests at a time."""
    waiting = [item for item in items if item.get_closest_marker("realtime")]
    others = [item for item in items if not item.get_closest_marker("realtime")]
    paired = [test for pair in zip(waiting, others, strict=False) for test in pair]
    items[:] = paired + waiting[len(others) :] + others[len(waiting) :]


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
