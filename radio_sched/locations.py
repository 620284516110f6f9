"""Every path the program reads or writes, decided in one place.

All writes go under the station home: ``$RADIO_SCHED_HOME`` when it is set (tests and the demo
move the whole home this way), else the platform's user data directory.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

HOME_ENV = "RADIO_SCHED_HOME"
_PACKAGE_DIR = Path(__file__).resolve().parent


def station_home() -> Path:
    override = os.environ.get(HOME_ENV)
    home = Path(override).expanduser() if override else user_data_path("radio-sched", False)
    home.mkdir(parents=True, exist_ok=True)
    return home


def settings_file() -> Path:
    return station_home() / "station.toml"


def database_file() -> Path:
    return station_home() / "radio_sched.sqlite3"


def default_database_url() -> str:
    return f"sqlite:///{database_file()}"


def cache_dir() -> Path:
    return _subdir("cache")


def programs_dir() -> Path:
    return _subdir("programs")


def exports_dir() -> Path:
    return _subdir("exports")


def keys_dir() -> Path:
    return _subdir("keys")


def logs_dir() -> Path:
    return _subdir("logs")


def voices_dir() -> Path:
    """Voice model files (Piper .onnx + .json) the station speaks with."""
    return _subdir("voices")


def _subdir(name: str) -> Path:
    path = station_home() / name
    path.mkdir(parents=True, exist_ok=True)
    return path


def bundled_audio_dir() -> Path:
    """Chimes shipped with the package (wheel) or the top-level ``audio/`` folder (checkout)."""
    packaged = _PACKAGE_DIR / "_bundled_audio"
    return packaged if packaged.is_dir() else _PACKAGE_DIR.parent / "audio"


def bundled_sample_directive() -> Path:
    name = "00_covid_binh_thuong_moi_langson_stttt.txt"
    packaged = _PACKAGE_DIR / "_sample" / name
    if packaged.is_file():
        return packaged
    return _PACKAGE_DIR.parent / "tests" / "data" / "directives" / name
