"""District → commune with the offline voice: build, trust, verify, import, import again.

The district and the commune are two station homes in one test; RADIO_SCHED_HOME is switched
between them as the two offices would be two machines.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from radio_sched import keys
from radio_sched.audio import pcm
from radio_sched.cli import main
from radio_sched.config import StationSettings, save_settings
from radio_sched.district import load_district
from radio_sched.pack.build import BuildResult, build_packs
from radio_sched.pack.importer import import_pack
from radio_sched.pack.manifest import MANIFEST_NAME, parse_manifest
from radio_sched.pack.verify import PackRefused, verify_pack
from radio_sched.store.db import open_store
from radio_sched.store.packs import ImportedPackRow
from radio_sched.store.programs import PinRow, ProgramRow

DIRECTIVE = """\
UBND HUYỆN TÂN PHÚ
PHÒNG VĂN HÓA VÀ THÔNG TIN
Số: 45/VHTT-TT
V/v tuyên truyền phòng cháy rừng mùa khô
Tân Phú, ngày 20 tháng 11 năm 2026

Kính gửi: UBND các xã, thị trấn.

Thời gian tuyên truyền từ ngày 01/12/2026 đến ngày 07/12/2026, phát ít nhất 02 lần/ngày.

Người dân không đốt nương rẫy khi trời hanh khô.

Thông điệp: “Giữ rừng là giữ nhà”.
"""

DISTRICT = """\
[district]
name = "Phòng VH-TT huyện Tân Phú"
engine = "offline"

[[communes]]
name = "Xã Tân Thành"

[[communes]]
name = "xã tân hòa"

[[communes]]
name = "Xã Phú Lâm"
dialect = "south"
[[communes.slots]]
name = "Tối"
start = "18:00"
end = "18:30"
"""


class Offices:
    """Two homes under ``tmp_path``: the district's and the commune's.

    ``built`` is a build already made once for the session (``built_offices``): a test's first
    plain ``build()`` copies its district home (keys, sentence cache) and its packs instead of
    synthesizing them again; a build with progress or another engine, and every later build, is
    a real one."""

    def __init__(
        self,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        built: tuple[Path, BuildResult] | None = None,
    ) -> None:
        self.tmp = tmp_path
        self.monkeypatch = monkeypatch
        self.district_home = tmp_path / "district"
        self.commune_home = tmp_path / "commune"
        self.built = built

    def at_district(self) -> None:
        self.monkeypatch.setenv("RADIO_SCHED_HOME", str(self.district_home))

    def at_commune(self, name: str = "Xã Tân Thành") -> None:
        self.monkeypatch.setenv("RADIO_SCHED_HOME", str(self.commune_home))
        save_settings(StationSettings(name=name))

    def build(self, progress: Any = None, engine: str | None = None) -> BuildResult:
        self.at_district()
        first = not self.district_home.exists()
        if self.built is not None and first and progress is None and engine is None:
            return self._copy_built(*self.built)
        if not keys.private_key_path().exists():
            keys.init_keys("Phòng VH-TT huyện Tân Phú")
        directive = self.tmp / "45-VHTT.txt"
        directive.write_text(DIRECTIVE, encoding="utf-8")
        district_file = self.tmp / "district.toml"
        district_file.write_text(DISTRICT, encoding="utf-8")
        return build_packs(
            directive,
            load_district(district_file),
            self.tmp / "out",
            engine=engine,
            today=dt.date(2026, 11, 26),
            progress=progress,
        )

    def _copy_built(self, root: Path, result: BuildResult) -> BuildResult:
        for name in ("district", "out", "45-VHTT.txt", "district.toml"):
            if (root / name).is_dir():
                shutil.copytree(root / name, self.tmp / name)
            else:
                shutil.copy2(root / name, self.tmp / name)
        packs = tuple(
            dataclasses.replace(p, path=self.tmp / p.path.relative_to(root)) for p in result.packs
        )
        return dataclasses.replace(result, packs=packs)

    def trust_district(self) -> None:
        self.at_district()
        exported = self.tmp / "huyen.pub"
        exported.write_text(keys.own_public_key().export_text(), encoding="utf-8")
        self.at_commune()
        keys.trust_key(exported)


@pytest.fixture(scope="session")
def built_offices(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    """The district's build, synthesized once per worker for the tests that only need packs."""
    root = tmp_path_factory.mktemp("built-offices")
    with pytest.MonkeyPatch.context() as monkeypatch:
        return root, Offices(root, monkeypatch).build()


@pytest.fixture
def offices(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, built_offices: tuple[Path, BuildResult]
) -> Offices:
    return Offices(tmp_path, monkeypatch, built_offices)


def counts() -> tuple[int, int, int]:
    store = open_store()
    try:
        with store.session() as session:
            return (
                session.scalar(select(func.count()).select_from(ProgramRow)) or 0,
                session.scalar(select(func.count()).select_from(PinRow)) or 0,
                session.scalar(select(func.count()).select_from(ImportedPackRow)) or 0,
            )
    finally:
        store.dispose()


def test_one_pack_per_commune_with_the_body_rendered_once(offices: Offices) -> None:
    events: list[tuple[str, int, int]] = []
    result = offices.build(progress=lambda *event: events.append(event))
    assert ("synth", result.engine_calls, result.engine_calls) in events
    assert ("packs", 3, 3) in events
    assert [p.commune for p in result.packs] == ["Xã Tân Thành", "Xã Tân Hòa", "Xã Phú Lâm"]
    assert [p.path.name for p in result.packs] == [
        "xa-tan-thanh.zip",
        "xa-tan-hoa.zip",
        "xa-phu-lam.zip",
    ]
    assert result.bodies == 2  # one per dialect
    assert result.engine == "offline"

    programs = {}
    for built in result.packs:
        with zipfile.ZipFile(built.path) as archive:
            assert sorted(archive.namelist()) == sorted(
                [
                    "program.mp3",
                    "script.txt",
                    "script.docx",
                    "schedule.json",
                    "schedule.ics",
                    "schedule.m3u",
                    "manifest.json",
                    "manifest.sig",
                ]
            )
            manifest = parse_manifest(archive.read(MANIFEST_NAME))
            programs[built.commune] = archive.read("program.mp3")
            script = archive.read("script.txt").decode("utf-8")
            schedule = json.loads(archive.read("schedule.json"))
        assert manifest.commune == built.commune
        assert f"Đài Truyền thanh xã {built.commune.split(' ', 1)[1]}" in script
        assert manifest.reference == "45/VHTT-TT"
        assert manifest.campaign == (dt.date(2026, 12, 1), dt.date(2026, 12, 7))
        assert manifest.data["producer"]["key_fingerprint"] == keys.own_public_key().fingerprint
        audio = manifest.file("audio")
        decoded = pcm.decode(programs[built.commune], "mp3")
        assert abs(len(decoded) / 1000 - (audio.duration_seconds or 0)) < 0.1
        assert manifest.program["per_day"] == 2
        assert len(schedule["placements"]) == 7 * 2  # twice a day over the campaign week
        slots = {p["slot"] for p in schedule["placements"]}
        assert slots == ({"Tối"} if built.commune == "Xã Phú Lâm" else {"Sáng", "Chiều"})

    # The shared body is the same MP3 frames in both northern programs; the openings differ.
    north_a, north_b = programs["Xã Tân Thành"], programs["Xã Tân Hòa"]
    assert north_a != north_b
    middle = len(north_a) // 2
    assert north_a[middle : middle + 8192] in north_b
    southern = programs["Xã Phú Lâm"]
    assert north_a[middle : middle + 8192] not in southern  # its numbers are read the south way


def test_rebuilding_reuses_every_sentence(offices: Offices) -> None:
    first = offices.build()
    assert first.engine_calls > 0
    again = offices.build()
    assert again.engine_calls == 0
    assert again.cache_hits == first.engine_calls + first.cache_hits


def test_round_trip_import_and_reimport_changes_nothing(offices: Offices) -> None:
    result = offices.build()
    pack = result.packs[0].path
    offices.trust_district()

    verified = verify_pack(pack)
    assert verified.signer.name == "Phòng VH-TT huyện Tân Phú"
    imported = import_pack(pack, schedule=True)
    assert not imported.already_imported and imported.pins_added == 14
    program_audio = imported.folder / "program.mp3"
    assert program_audio.read_bytes() == verified.contents["program.mp3"]
    assert counts() == (1, 14, 1)
    store = open_store()
    with store.session() as session:
        row = session.get(ProgramRow, imported.program_id)
        assert row is not None and row.approved
        assert (row.campaign_start, row.campaign_end) == (
            dt.date(2026, 12, 1),
            dt.date(2026, 12, 7),
        )
        assert row.per_day == 2 and row.priority == "normal"
        assert row.audio_path == f"programs/packs/{verified.pack_id[:16]}/program.mp3"
    store.dispose()
    snapshot = {p: p.read_bytes() for p in imported.folder.iterdir()}

    again = import_pack(pack, schedule=True)
    assert again.already_imported and again.pins_added == 0
    assert again.program_id == imported.program_id
    assert counts() == (1, 14, 1)
    assert {p: p.read_bytes() for p in imported.folder.iterdir()} == snapshot


def test_import_without_schedule_then_with_it(offices: Offices) -> None:
    pack = offices.build().packs[0].path
    offices.trust_district()
    assert import_pack(pack).pins_added == 0
    assert counts() == (1, 0, 1)
    assert import_pack(pack, schedule=True).pins_added == 14
    assert counts() == (1, 14, 1)


def test_pack_for_another_commune_is_refused_unless_asked(offices: Offices) -> None:
    pack = offices.build().packs[1].path  # Xã Tân Hòa
    offices.trust_district()
    with pytest.raises(PackRefused, match="đọc sai tên xã"):
        import_pack(pack)
    assert not (offices.commune_home / "programs" / "packs").exists() or not any(
        (offices.commune_home / "programs" / "packs").iterdir()
    )
    assert import_pack(pack, any_commune=True).program_id is not None


def test_refused_import_writes_nothing(offices: Offices) -> None:
    pack = offices.build().packs[0].path
    offices.trust_district()
    forged = offices.tmp / "forged.zip"
    with zipfile.ZipFile(pack) as source, zipfile.ZipFile(forged, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "script.txt":
                data = data.replace("Giữ rừng".encode(), "Đốt rừng".encode())
            target.writestr(info, data)
    before = sorted(p for p in offices.commune_home.rglob("*"))
    with pytest.raises(PackRefused, match=r"script\.txt"):
        import_pack(forged)
    assert sorted(p for p in offices.commune_home.rglob("*")) == before


def test_untrusted_district_is_refused_on_import(offices: Offices) -> None:
    pack = offices.build().packs[0].path
    offices.at_commune()
    with pytest.raises(PackRefused, match="chưa được tin cậy"):
        import_pack(pack)


def test_cli_build_verify_import(offices: Offices, capsys: pytest.CaptureFixture[str]) -> None:
    offices.at_district()
    assert main(["keys", "init", "--name", "Phòng VH-TT huyện Tân Phú"]) == 0
    capsys.readouterr()
    directive = offices.tmp / "45.txt"
    directive.write_text(DIRECTIVE, encoding="utf-8")
    (offices.tmp / "district.toml").write_text(DISTRICT, encoding="utf-8")
    out = offices.tmp / "packs"
    code = main(
        [
            "pack",
            "build",
            str(directive),
            "--district",
            str(offices.tmp / "district.toml"),
            "-o",
            str(out),
            "--engine",
            "offline",
            "--json",
        ]
    )
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    assert len(report["packs"]) == 3 and report["bodies"] == 2
    assert main(["keys", "export", "-o", str(offices.tmp / "huyen.pub")]) == 0

    offices.at_commune()
    pack = str(out / "xa-tan-thanh.zip")
    assert main(["pack", "verify", pack]) == 2 + 2  # refused: the key is not trusted yet
    assert "chưa được tin cậy" in capsys.readouterr().err
    assert main(["keys", "trust", str(offices.tmp / "huyen.pub")]) == 0
    assert main(["pack", "verify", pack]) == 0
    assert "Xã Tân Thành" in capsys.readouterr().out
    assert main(["pack", "import", pack, "--schedule"]) == 0
    assert "14 lượt phát" in capsys.readouterr().out
    assert main(["pack", "import", pack, "--schedule"]) == 0
    assert "đã được nhập trước đó" in capsys.readouterr().out


def test_two_imports_racing_leave_one_program_and_its_files(
    offices: Offices, monkeypatch: pytest.MonkeyPatch
) -> None:
    from radio_sched.pack import importer

    pack = offices.build().packs[0].path
    offices.trust_district()
    first = import_pack(pack)
    real = importer._imported_before
    calls: list[int] = []

    def late(*args: object, **kwargs: object) -> importer.ImportResult | None:
        # The second import looks before the first has committed, then loses the race.
        calls.append(1)
        return None if len(calls) == 1 else real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(importer, "_imported_before", late)
    second = import_pack(pack)
    assert second.already_imported and second.program_id == first.program_id
    assert counts() == (1, 0, 1)
    assert (first.folder / "program.mp3").is_file()


def test_google_voice_failing_midway_rebuilds_every_pack_offline(
    offices: Offices, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No commune may get a program in two voices: a fallback midway redoes the whole build."""
    from radio_sched.audio.engines import (
        EngineUnavailable,
        GttsEngine,
        OfflineEngine,
        Synthesis,
    )
    from radio_sched.pack import build

    offline = OfflineEngine()

    class FlakyGoogle:
        """Answers like gTTS (same cache keys) for a few sentences, then the network goes."""

        name = "gtts"
        settings_key = GttsEngine().settings_key
        answered = 0

        def synthesize(self, spoken: str) -> Synthesis:
            if FlakyGoogle.answered >= 6:
                raise EngineUnavailable("Mất kết nối tới Google.")
            FlakyGoogle.answered += 1
            return offline.synthesize(spoken)

    chains = {"auto": [FlakyGoogle(), offline], "gtts": [FlakyGoogle()], "offline": [offline]}
    monkeypatch.setattr(build, "engine_chain", lambda name: chains[name])
    result = offices.build(engine="auto")  # as with --engine auto; the district file says offline
    assert result.engine == "offline"
    assert any("Mất kết nối" in note for note in result.notes)
    for built in result.packs:
        with zipfile.ZipFile(built.path) as archive:
            manifest = parse_manifest(archive.read(MANIFEST_NAME))
        assert manifest.program["engine"] == "offline"


def test_a_pack_built_again_with_the_same_audio_is_not_imported_twice(offices: Offices) -> None:
    first = offices.build().packs[0].path.read_bytes()
    rebuilt = offices.build().packs[0].path
    earlier = offices.tmp / "earlier.zip"
    earlier.write_bytes(first)
    offices.trust_district()
    # Different packs unless both builds fell within the same second of "created_at".
    different = verify_pack(earlier).pack_id != verify_pack(rebuilt).pack_id
    import_pack(earlier)
    again = import_pack(rebuilt)
    assert again.already_imported
    if different:
        assert any("không nhập thêm" in note for note in again.notes)
    assert counts() == (1, 0, 1)
