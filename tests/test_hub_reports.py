"""What the office reads, on a real PostgreSQL: `hub status` (delivered, imported, aired against
planned), the district's report (docx, CSV) and the ttn export, validated against its schema.
Also the CLI, in process, from `hub init` to `hub export`."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from docx import Document
from test_hub_ingest import HUB, START, ZONE, Hub, Station, asrun_row, open_hub, status
from test_pack_verify import fields, members

from radio_sched import keys, locations
from radio_sched.cli import main
from radio_sched.errors import UserError
from radio_sched.hub import operations, ttn
from radio_sched.hub.settings import HubSettings
from radio_sched.pack.archive import Member, seal, write_zip
from radio_sched.pack.manifest import MANIFEST_NAME, SIGNATURE_NAME

TITLE = "Phòng chống cháy rừng"  # the program title in test_pack_verify's manifest


@pytest.fixture
def hub(hub_database_url: str, tmp_path: Path) -> Iterator[Hub]:
    with open_hub(hub_database_url, tmp_path) as opened:
        yield opened


def placements(days: int) -> list[dict[str, Any]]:
    """Two airings a day, morning and evening, from START's day."""
    result = []
    for offset in range(days):
        day = START.date() + dt.timedelta(days=offset)
        for slot, hour in (("Sáng", 6), ("Chiều", 17)):
            begin = dt.datetime.combine(day, dt.time(hour), tzinfo=ZONE)
            result.append(
                {
                    "program_id": 1,
                    "title": TITLE,
                    "start": begin.isoformat(),
                    "end": (begin + dt.timedelta(seconds=13)).isoformat(),
                    "slot": slot,
                    "priority": "normal",
                    "day": day.isoformat(),
                    "key": f"1:{begin.isoformat()}",
                    "pinned": False,
                }
            )
    return result


def make_pack(path: Path, commune: str, days: int = 3) -> Path:
    public = keys.own_public_key()
    document = {"commune": commune, "placements": placements(days), "unplaced": []}
    schedule = json.dumps(document, ensure_ascii=False).encode("utf-8")
    files = [*members(), Member("schedule.json", "schedule-json", schedule)]
    sealed = seal(fields(public, commune={"name": commune, "dialect": "north"}), files)
    entries = [(m.name, m.data) for m in files]
    entries += [
        (MANIFEST_NAME, sealed.manifest_bytes),
        (SIGNATURE_NAME, sealed.signature.to_bytes()),
    ]
    write_zip(path, entries)
    return path


def a_week_of_airings(hub: Hub, tmp_path: Path) -> dict[str, Any]:
    """A pack to Xã Tân Thành, imported and aired twice (once missed), an emergency aired at
    both communes, heartbeats."""
    tan_thanh, tan_hoa = hub.stations["xa-tan-thanh"], hub.stations["xa-tan-hoa"]
    pack = make_pack(tmp_path / "xa-tan-thanh.zip", "Xã Tân Thành")
    [sent] = operations.send_packs(
        hub.store, hub.settings, [pack], ["xa-tan-thanh"], hub.clock.now()
    )
    emergencies = operations.send_emergency(
        hub.store, hub.settings, "Lũ về, sơ tán ngay", ["all"], hub.clock.now(), repeat=2
    )
    emergency_id = emergencies[0].emergency_id

    def deliver(station: Station, kind: str, body: dict[str, Any]) -> None:
        topic, payload = station.message(kind, body, now=hub.clock.now())
        assert hub.service.handle(topic, payload).verdict.accepted

    deliver(tan_thanh, "ack", {"message_id": sent.id, "result": "imported", "reason": ""})
    morning = START.replace(hour=6) + dt.timedelta(days=1)
    rows = [
        asrun_row("a1", morning, title=TITLE),
        asrun_row("a2", morning + dt.timedelta(hours=11), title=TITLE),
        asrun_row("a3", morning + dt.timedelta(days=1), title=TITLE, outcome="missed"),
        asrun_row("e1", START + dt.timedelta(minutes=5), title="Tin khẩn cấp", kind="emergency")
        | {"emergency_id": emergency_id, "seconds_played": 42.0},
    ]
    deliver(tan_thanh, "asrun", {"rows": rows})
    deliver(
        tan_hoa,
        "asrun",
        {
            "rows": [
                asrun_row("x1", START + dt.timedelta(minutes=6), title="Tin khẩn cấp")
                | {"emergency_id": emergency_id, "seconds_played": 42.0}
            ]
        },
    )
    deliver(tan_thanh, "status", status("playing", START))
    return {"sent": sent, "emergency_id": emergency_id, "planned": len(placements(3))}


def test_status_counts_packs_delivered_imported_and_aired_against_planned(
    hub: Hub, tmp_path: Path
) -> None:
    week = a_week_of_airings(hub, tmp_path)
    states = {s.station_id: s for s in operations.commune_states(hub.store, hub.clock.now())}
    tan_thanh, tan_hoa = states["xa-tan-thanh"], states["xa-tan-hoa"]
    assert (tan_thanh.packs_sent, tan_thanh.packs_delivered, tan_thanh.packs_imported) == (1, 1, 1)
    assert (tan_thanh.aired, tan_thanh.planned) == (2, week["planned"])
    assert (tan_thanh.emergencies_sent, tan_thanh.emergencies_aired) == (1, 1)
    assert tan_thanh.online and tan_thanh.now_playing == TITLE
    assert (tan_hoa.packs_sent, tan_hoa.aired, tan_hoa.planned) == (0, 0, 0)
    assert (tan_hoa.emergencies_aired, tan_hoa.online) == (1, False)


def test_a_pack_made_for_another_commune_is_not_sent(hub: Hub, tmp_path: Path) -> None:
    pack = make_pack(tmp_path / "xa-tan-hoa.zip", "Xã Tân Hoà")
    with pytest.raises(UserError, match="làm cho Xã Tân Hoà, không phải Xã Tân Thành"):
        operations.send_packs(hub.store, hub.settings, [pack], ["xa-tan-thanh"], START)
    # Several packs to "all": each goes to the commune it was made for.
    other = make_pack(tmp_path / "xa-tan-thanh.zip", "Xã Tân Thành")
    stray = make_pack(tmp_path / "xa-la.zip", "Xã Lạ")
    notes: list[str] = []
    sent = operations.send_packs(
        hub.store, hub.settings, [pack, other, stray], ["all"], START, note=notes.append
    )
    assert sorted((row.recipient, row.subject) for row in sent) == [
        ("xa-tan-hoa", "xa-tan-hoa.zip"),
        ("xa-tan-thanh", "xa-tan-thanh.zip"),
    ]
    assert notes == [f"Không gửi (không khớp xã nào đã đăng ký): {stray}."]
    notes.clear()
    operations.send_packs(hub.store, hub.settings, [other], ["all"], START, note=notes.append)
    assert notes == ["Chưa có gói cho 1 xã: xa-tan-hoa (Xã Tân Hoà)."]


def test_a_pack_signed_by_another_key_is_not_sent(hub: Hub, tmp_path: Path) -> None:
    pack = make_pack(tmp_path / "xa-tan-thanh.zip", "Xã Tân Thành")
    keys.init_keys("Huyện khác", force=True)  # the hub's key is now another one
    with pytest.raises(UserError, match="không được ký bằng khoá của trung tâm này"):
        operations.send_packs(hub.store, hub.settings, [pack], ["xa-tan-thanh"], START)


def test_the_district_report_adds_up_its_communes(hub: Hub, tmp_path: Path) -> None:
    a_week_of_airings(hub, tmp_path)
    settings = HubSettings(**{**hub.settings.__dict__, "name": "Phòng Văn hoá huyện Tân Phú"})
    first, last = START.date(), START.date() + dt.timedelta(days=6)
    csv_path, docx_path = tmp_path / "bc.csv", tmp_path / "bc.docx"
    report = operations.write_hub_report(
        hub.store, settings, first, last, csv_path, "csv", today=last
    )
    operations.write_hub_report(hub.store, settings, first, last, docx_path, "docx", today=last)
    assert (report.broadcasts, report.minutes_text) == (4, "4,6")  # 95+95+42+42 s
    rows = list(csv.DictReader(io.StringIO(csv_path.read_text(encoding="utf-8-sig"))))
    by_id = {row["Mã xã"]: row for row in rows}
    assert by_id["xa-tan-thanh"]["Số lần phát"] == "3"
    assert by_id["xa-tan-thanh"]["Số lần bỏ lỡ"] == "1"
    assert by_id["xa-tan-thanh"]["Số tin khẩn cấp đã phát"] == "1"
    assert by_id["xa-tan-hoa"]["Số lần phát"] == "1"
    text = "\n".join(p.text for p in Document(str(docx_path)).paragraphs)
    assert "BÁO CÁO" in text
    assert "Phòng Văn hoá huyện Tân Phú báo cáo kết quả tuyên truyền" in text
    assert "Tổng cộng: 4 lần phát, 4,6 phút. Không phát được 1 lần" in text
    cells = [cell.text for table in Document(str(docx_path)).tables for cell in table._cells]
    assert "Xã Tân Thành" in cells and TITLE in cells and "1/2" in cells and "2/2" in cells


def test_the_ttn_export_has_the_observed_shape(hub: Hub, tmp_path: Path) -> None:
    week = a_week_of_airings(hub, tmp_path)
    first, last = START.date(), START.date() + dt.timedelta(days=6)
    document = operations.export_ttn(hub.store, hub.settings, first, last, now=hub.clock.now())
    jsonschema.validate(document, ttn.schema(), cls=jsonschema.Draft202012Validator)
    records = document["BanTin"]
    assert len(records) == 4  # the played airings only
    pack_airing = next(
        r for r in records if r["CumLoaID"] == "xa-tan-thanh" and r["TieuDe"] == TITLE
    )
    assert pack_airing["BanTinID"] == week["sent"].pack_id
    assert pack_airing["ThoiLuong"] == "00:01:35"
    assert pack_airing["ThoiDiemBatDau"] == int(
        (START.replace(hour=6) + dt.timedelta(days=1)).timestamp()
    )
    assert pack_airing["MucDoUuTien"] == 3
    emergency = [r for r in records if r["BanTinID"] == week["emergency_id"]]
    assert [r["MucDoUuTien"] for r in emergency] == [1, 1]
    devices = {d["CumLoaID"]: d for d in document["TrangThaiThietBi"]}
    assert devices["xa-tan-thanh"]["TrangThaiHoatDong"] == 0
    assert devices["xa-tan-thanh"]["TrangThaiKetNoi"] == 1
    assert devices["xa-tan-hoa"]["TrangThaiKetNoi"] == 0
    [schedule] = document["LichPhat"]
    assert schedule["DanhSachDiaBan"] == [{"CumLoaID": "xa-tan-thanh", "TenDiaBan": "Xã Tân Thành"}]
    times = [t for day in schedule["DanhSachNgayPhat"] for t in day["ThoiDiemPhat"]]
    assert len(times) == week["planned"]
    assert all(t["ThoiGianKetThuc"] - t["ThoiGianBatDau"] == 13 for t in times)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("BanTin", 0, "ThoiLuong"), "95"),
        (("BanTin", 0, "ThoiDiemBatDau"), "2026-12-02T08:00"),
        (("TrangThaiThietBi", 0, "TrangThaiHoatDong"), 3),
        (("LichPhat", 0, "DanhSachNgayPhat", 0, "ThoiDiemPhat"), []),
    ],
)
def test_the_schema_refuses_what_the_observed_shape_does_not_allow(
    hub: Hub, tmp_path: Path, path: tuple[Any, ...], value: Any
) -> None:
    a_week_of_airings(hub, tmp_path)
    document = operations.export_ttn(
        hub.store,
        hub.settings,
        START.date(),
        START.date() + dt.timedelta(days=6),
        now=hub.clock.now(),
    )
    broken = copy.deepcopy(document)
    target: Any = broken
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    with pytest.raises(jsonschema.ValidationError):
        ttn.validate(broken)


def test_the_hub_from_the_command_line(
    hub_database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keys.init_keys("Phòng VH-TT huyện Tân Phú")
    station = Station("xa-tan-thanh", "Xã Tân Thành")
    key_file = tmp_path / "xa.pub"
    key_file.write_text(station.signer.public.export_text(), encoding="utf-8")
    pack = make_pack(tmp_path / "xa-tan-thanh.zip", "Xã Tân Thành")
    broker_dir = tmp_path / "mosquitto"
    commands = [
        [
            "hub",
            "init",
            "--id",
            HUB,
            "--name",
            "Phòng VH-TT huyện Tân Phú",
            "--database-url",
            hub_database_url,
            "--broker",
            "mqtt://127.0.0.1:1883",
        ],
        ["hub", "broker-config", str(broker_dir)],
        ["hub", "commune", "add", "xa-tan-thanh", "--name", "Xã Tân Thành", "--key", str(key_file)],
        ["hub", "send-pack", str(pack), "--to", "xa-tan-thanh"],
        ["hub", "emergency", "Lũ về, sơ tán ngay", "--to", "all", "--repeat", "2"],
        ["hub", "status"],
        ["hub", "export", "--format", "ttn", "-o", str(tmp_path / "ttn.json")],
        ["hub", "report", "--format", "csv", "-o", str(tmp_path / "bc.csv")],
        ["hub", "refusals"],
    ]
    for command in commands:
        assert main(command) == 0, command
    out = capsys.readouterr().out
    assert "Tài khoản MQTT của xã: xa-tan-thanh  mật khẩu: " in out
    assert "Đã ghi lại" in out and "systemctl reload mosquitto" in out
    assert "xa-tan-thanh: xa-tan-thanh.zip (6 lần phát theo lịch gợi ý)" in out
    assert "Đã ký và xếp 1 tin vào hàng gửi" in out
    assert "0/1 xã đang kết nối." in out and "chưa kết nối" in out
    assert "Không có tin nào bị từ chối." in out and "bị từ chối trong 24 giờ" not in out
    ttn.validate(json.loads((tmp_path / "ttn.json").read_text(encoding="utf-8")))
    assert "user xa-tan-thanh" in (broker_dir / "acl").read_text(encoding="utf-8")
    hub_toml = locations.station_home() / "hub.toml"
    assert hub_toml.stat().st_mode & 0o777 == 0o600
    # Mistakes are one line in Vietnamese, with what to do, and a non-zero exit.
    assert main(["hub", "send-pack", str(pack), "--to", "xa-khong-co"]) == 2
    assert main(["hub", "init", "--id", HUB]) == 2
    assert main(["hub", "commune", "add", "Xa Sai", "--name", "X", "--key", str(key_file)]) == 2
    err = capsys.readouterr().err
    assert "Không có xã xa-khong-co trong danh sách" in err
    assert "trung tâm đã được khởi tạo" in err
    assert "Mã xã 'Xa Sai' không hợp lệ" in err
    # A forged message reaches the service: the status says so and `hub refusals` shows why.
    settings = operations.load_hub_settings()
    topic, payload = station.message("asrun", {"rows": []}, now=dt.datetime.now(dt.UTC))
    with operations.hub_store(settings) as store:
        service = operations.hub_service(settings, store, say=lambda _line: None)
        service.handle(topic, payload.replace(b'"rows":[]', b'"rows":[],"extra":1'))
    assert main(["hub", "status"]) == 0
    assert main(["hub", "refusals"]) == 0
    out = capsys.readouterr().out
    assert "1 tin bị từ chối trong 24 giờ qua: radio-sched hub refusals" in out
    assert "xa-tan-thanh  [bad_signature]" in out and "chữ ký không đúng" in out
