"""Storage: SQLite in WAL mode inside the station home, versions kept for every edit."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from conftest import FOUNDING_SAMPLE
from radio_sched.errors import UserError
from radio_sched.script.pipeline import import_directive, save_script_edit
from radio_sched.store import open_store
from radio_sched.store.queries import script_versions


def test_default_database_lives_in_the_station_home_in_wal_mode(station_home: Path) -> None:
    store = open_store()
    with store.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar_one() >= 5000
    assert (station_home / "radio_sched.sqlite3").exists()


def test_database_url_is_a_setting(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'elsewhere.db'}"
    open_store(url)
    assert (tmp_path / "elsewhere.db").exists()


def test_edits_are_versions_and_unchanged_text_adds_none() -> None:
    store = open_store()
    result = import_directive(store, FOUNDING_SAMPLE, commune="Xã Tân Thành")
    original = result.script.text
    assert save_script_edit(store, result.script_id, original) == 1
    assert save_script_edit(store, result.script_id, original + "\n\nXin nhắc lại.") == 2
    versions = script_versions(store, result.script_id)
    assert [v.version for v in versions] == [1, 2]
    assert versions[0].text == original
    assert versions[1].estimated_seconds > versions[0].estimated_seconds


def test_editing_a_missing_script_is_a_user_error() -> None:
    with pytest.raises(UserError, match="Không có kịch bản số 42"):
        save_script_edit(open_store(), 42, "Xin chào")
