"""Packs of the same directive supersede each other by the time they were made; a pack whose
campaign is over imports with a note and never airs.

The district builds a pack, then a corrected one of the same directive (same number, new text)
later; the commune receives them in either order. The district's clock is the station clock the
builder reads, set per build.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from built_once import built_once
from sqlalchemy import func, select

from radio_sched import keys
from radio_sched.cli import main
from radio_sched.config import StationSettings, save_settings
from radio_sched.district import load_district
from radio_sched.pack.build import build_packs
from radio_sched.pack.importer import import_pack
from radio_sched.pack.verify import PackRefused
from radio_sched.schedule.service import load_plan
from radio_sched.store.db import open_store
from radio_sched.store.packs import ImportedPackRow
from radio_sched.store.programs import ProgramRow

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
DIRECTIVE = """\
UBND HUYỆN TÂN PHÚ
PHÒNG VĂN HÓA VÀ THÔNG TIN
Số: 45/VHTT-TT
V/v tuyên truyền phòng cháy rừng mùa khô
Tân Phú, ngày 20 tháng 11 năm 2026

Kính gửi: UBND các xã, thị trấn.

Thời gian tuyên truyền từ ngày 01/12/2026 đến ngày 07/12/2026, phát ít nhất 02 lần/ngày.

Người dân không đốt nương rẫy khi trời hanh khô.
"""
CORRECTION = DIRECTIVE.replace(
    "Người dân không đốt nương rẫy", "Người dân tuyệt đối không đốt nương rẫy, không đốt rác"
)
DISTRICT = '[district]\nname = "Phòng VH-TT huyện Tân Phú"\nengine = "offline"\n\n' + (
    '[[communes]]\nname = "Xã Tân Thành"\n'
)


@pytest.fixture(scope="session")
def packs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The original pack (made 20/11 09:00) and its correction (made 21/11 15:30), built once
    for the run."""
    return built_once(tmp_path_factory, "superseded-packs", _build_packs)


def _build_packs(tmp: Path) -> dict[str, Path]:
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setenv("RADIO_SCHED_HOME", str(tmp / "home"))
    try:
        keys.init_keys("Phòng VH-TT huyện Tân Phú")
        (tmp / "huyen.pub").write_text(keys.own_public_key().export_text(), encoding="utf-8")
        district_file = tmp / "district.toml"
        district_file.write_text(DISTRICT, encoding="utf-8")
        made = {}
        for name, text, when in (
            ("original", DIRECTIVE, dt.datetime(2026, 11, 20, 9, 0, tzinfo=ZONE)),
            ("correction", CORRECTION, dt.datetime(2026, 11, 21, 15, 30, tzinfo=ZONE)),
        ):
            monkeypatch.setattr(StationSettings, "now", lambda self, when=when: when)
            directive = tmp / f"{name}.txt"
            directive.write_text(text, encoding="utf-8")
            built = build_packs(
                directive, load_district(district_file), tmp / name, today=when.date()
            )
            made[name] = built.packs[0].path
        made["key"] = tmp / "huyen.pub"
        return made
    finally:
        monkeypatch.undo()


@pytest.fixture
def commune(packs: dict[str, Path], station_home: Path) -> None:
    save_settings(StationSettings(name="Xã Tân Thành"))
    keys.trust_key(packs["key"])


def programs() -> dict[int, bool]:
    store = open_store()
    try:
        with store.session() as session:
            return {row.id: row.enabled for row in session.scalars(select(ProgramRow))}
    finally:
        store.dispose()


def imported_count() -> int:
    store = open_store()
    try:
        with store.session() as session:
            return session.scalar(select(func.count()).select_from(ImportedPackRow)) or 0
    finally:
        store.dispose()


TODAY = dt.date(2026, 11, 26)


def test_a_correction_pauses_the_pack_it_replaces(packs: dict[str, Path], commune: None) -> None:
    first = import_pack(packs["original"], today=TODAY)
    second = import_pack(packs["correction"], today=TODAY)
    assert programs() == {first.program_id: False, second.program_id: True}
    assert any(f"thay cho chương trình số {first.program_id}" in n for n in second.notes)


def test_an_older_pack_after_its_correction_is_refused_with_the_reason(
    packs: dict[str, Path], commune: None, capsys: pytest.CaptureFixture[str]
) -> None:
    newer = import_pack(packs["correction"], today=TODAY)
    before = (programs(), imported_count())
    with pytest.raises(PackRefused) as refused:
        import_pack(packs["original"], today=TODAY)
    reason = str(refused.value)
    assert "cũ hơn" in reason and "45/VHTT-TT" in reason and "--allow-older" in reason
    assert "09:00 ngày 20/11/2026" in reason and "15:30 ngày 21/11/2026" in reason
    assert f"chương trình số {newer.program_id}" in reason
    assert (programs(), imported_count()) == before  # nothing written
    # From the command line: one line, the refusal's own exit code.
    assert main(["pack", "import", str(packs["original"])]) == 4
    assert capsys.readouterr().err.count("\n") == 1


def test_the_operator_may_take_the_older_pack_back_explicitly(
    packs: dict[str, Path], commune: None
) -> None:
    newer = import_pack(packs["correction"], today=TODAY)
    older = import_pack(packs["original"], today=TODAY, allow_older=True)
    assert programs() == {newer.program_id: False, older.program_id: True}


def test_a_pack_whose_campaign_ended_imports_with_a_note_and_never_airs(
    packs: dict[str, Path], commune: None
) -> None:
    years_later = dt.date(2029, 3, 1)
    result = import_pack(packs["correction"], schedule=True, today=years_later)
    assert any("đã kết thúc ngày 07/12/2026" in note for note in result.notes)
    store = open_store()
    try:
        plan = load_plan(store, StationSettings(), years_later, years_later + dt.timedelta(days=6))
    finally:
        store.dispose()
    assert not [p for p in plan.placements if p.program_id == result.program_id]


def test_a_pack_in_its_campaign_has_no_such_note(packs: dict[str, Path], commune: None) -> None:
    result = import_pack(packs["correction"], today=TODAY)
    assert not any("kết thúc" in note for note in result.notes)


def test_the_age_of_an_imported_pack_falls_back_to_its_import_time(
    packs: dict[str, Path], commune: None, station_home: Path
) -> None:
    # Its folder deleted by hand: an older pack still cannot come back after it.
    newer = import_pack(packs["correction"], today=TODAY)
    shutil.rmtree(newer.folder)
    with pytest.raises(PackRefused, match="cũ hơn"):
        import_pack(packs["original"], today=TODAY)
