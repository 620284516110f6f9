"""district.toml: the documented template loads; mistakes are refused with the place named."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from radio_sched.cli import main
from radio_sched.config import StationSettings, save_settings
from radio_sched.district import load_district, write_district_template
from radio_sched.errors import UserError
from radio_sched.models import Dialect
from radio_sched.pack.commune import pack_file_names, slug


def test_template_is_documented_and_loads(tmp_path: Path) -> None:
    path = write_district_template(tmp_path / "district.toml")
    text = path.read_text(encoding="utf-8")
    assert "# Tên đơn vị làm gói" in text and "settings" in text
    district = load_district(path)
    assert district.name.startswith("Phòng Văn hóa")
    names = [c.name for c in district.communes]
    assert names == ["Xã Tân Thành", "Xã Tân Hòa", "Thị trấn Tân Phú"]
    assert district.communes[1].settings.dialect is Dialect.SOUTH
    assert [s.name for s in district.communes[0].settings.slots] == ["Sáng", "Chiều"]
    assert district.communes[2].settings.slots[0].start == dt.time(5, 30)


def test_init_refuses_to_overwrite(tmp_path: Path) -> None:
    path = write_district_template(tmp_path / "district.toml")
    with pytest.raises(UserError, match="--force"):
        write_district_template(path)
    write_district_template(path, force=True)


def test_cli_district_init(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "huyen.toml"
    assert main(["district", "init", str(target)]) == 0
    assert target.is_file()
    assert "huyen.toml" in target.read_text(encoding="utf-8")


def test_commune_from_a_station_settings_file(tmp_path: Path) -> None:
    station = tmp_path / "xa-phu-lam" / "station.toml"
    station.parent.mkdir()
    save_settings(StationSettings(name="Xã Phú Lâm", dialect=Dialect.SOUTH), station)
    path = tmp_path / "district.toml"
    path.write_text(
        '[district]\nname = "Huyện"\n\n[[communes]]\nsettings = "xa-phu-lam/station.toml"\n',
        encoding="utf-8",
    )
    commune = load_district(path).communes[0]
    assert commune.name == "Xã Phú Lâm" and commune.settings.dialect is Dialect.SOUTH


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ('[district]\nname = ""\n[[communes]]\nname = "Xã A"\n', "tên đơn vị"),
        ('[district]\nname = "H"\n', "chưa có xã"),
        (
            '[district]\nname = "H"\n[[communes]]\nname = "Xã A"\n[[communes]]\nname = "xã a"\n',
            "hai lần",
        ),
        ('[district]\nname = "H"\n[[communes]]\nname = "Xã A"\ncolour = 1\n', "colour"),
        ('[district]\nname = "H"\nengine = "robot"\n[[communes]]\nname = "Xã A"\n', "engine"),
        ('[district]\nname = "H"\n[[communes]]\ndialect = "north"\n', "thiếu tên xã"),
        ('[district]\nname = "H"\n[[communes]]\nsettings = "none.toml"\n', "không tìm thấy"),
        (
            '[district]\nname = "H"\n[[communes]]\nsettings = "a.toml"\nname = "Xã A"\n',
            "bỏ các trường khác",
        ),
        (
            '[district]\nname = "H"\n[[communes]]\nname = "Xã A"\ntimezone = "Mars/Base"\n',
            "múi giờ",
        ),
        (
            '[district]\nname = "H"\n[[communes]]\nname = "Xã A"\n'
            '[[communes.slots]]\nname = "S"\nstart = "07:00"\nend = "06:00"\n',
            "kết thúc trước",
        ),
        ("[district\n", "TOML"),
    ],
)
def test_broken_district_files_are_refused(tmp_path: Path, body: str, reason: str) -> None:
    path = tmp_path / "district.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(UserError, match=reason):
        load_district(path)


def test_missing_district_file_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="district init"):
        load_district(tmp_path / "none.toml")


def test_pack_file_names_never_collide() -> None:
    assert slug("Xã Đồng Tâm") == "xa-dong-tam"
    names = pack_file_names(["Xã Tân Thành", "Xã Tân Thạnh", "Thị trấn Tân Phú"])
    assert len(set(names)) == 3
    assert names[2] == "thi-tran-tan-phu.zip"
    assert all(name.startswith("xa-tan-thanh-") for name in names[:2])


def test_pack_modules_stay_headless() -> None:
    import subprocess
    import sys

    code = (
        "import sys, radio_sched.cli.pack, radio_sched.pack.build, radio_sched.pack.importer, "
        "radio_sched.pack.verify, radio_sched.keys, radio_sched.district; "
        "assert 'textual' not in sys.modules, 'textual imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
