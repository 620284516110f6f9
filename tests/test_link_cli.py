"""`radio-sched link` and the daemon's link, as the operator runs them (in process)."""

from __future__ import annotations

import stat
import tomllib
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from link_support import Hub, new_ids
from mqtt_broker import MosquittoBroker, free_port
from test_pack_verify import trusted_district

from radio_sched.cli import main
from radio_sched.keys import format_fingerprint, read_public_key_file
from radio_sched.link import protocol
from radio_sched.link.protocol import NoticeBody
from radio_sched.link.settings import load_link_settings
from radio_sched.link.signing import station_key_path, station_public_key_path
from radio_sched.schedule.clock import SystemClock
from radio_sched.schedule.daemon import run_daemon
from radio_sched.schedule.player import make_player

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def setup(hub: str, station: str, host: str, port: int, *extra: str) -> int:
    argv = ["link", "setup", "--hub", hub, "--station", station, "--host", host]
    return main([*argv, "--port", str(port), *extra])


def test_setup_writes_the_link_the_password_and_the_station_key(
    station_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert setup("tinh-dong-nai", "xa-tan-thanh", "mqtt.example", 8883, "--password", "bi mat") == 0
    out = capsys.readouterr()
    public = read_public_key_file(station_public_key_path())
    assert str(station_public_key_path()) in out.out
    assert format_fingerprint(public.fingerprint) in out.out
    assert "keys trust" in out.err  # no hub key trusted yet: the operator is told what to do
    link = load_link_settings()
    assert link is not None and (link.hub, link.station, link.port) == (
        "tinh-dong-nai",
        "xa-tan-thanh",
        8883,
    )
    assert link.password() == "bi mat"
    assert stat.S_IMODE(link.password_path().stat().st_mode) == 0o600
    assert stat.S_IMODE(station_key_path().stat().st_mode) == 0o600
    text = (station_home / "station.toml").read_text(encoding="utf-8")
    assert "bi mat" not in text and "# Mã của trung tâm" in text

    # Changing the station's own settings keeps the link; setting up again keeps the key.
    assert main(["station", "set", "--slots", "Sáng 5h30-6h30"]) == 0
    assert load_link_settings() == link
    assert tomllib.loads((station_home / "station.toml").read_text())["station"]["name"]
    assert setup("tinh-dong-nai", "xa-tan-thanh", "mqtt2.example", 1883) == 0
    assert read_public_key_file(station_public_key_path()) == public
    assert "đã có từ trước" in capsys.readouterr().out


@pytest.mark.parametrize("bad", [["--station", "Xã Tân Thành"], ["--hub", "all"]])
def test_setup_refuses_bad_ids_and_writes_nothing(
    station_home: Path, bad: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    before = (station_home / "station.toml").read_text(encoding="utf-8")
    arguments = {"--hub": "tinh-dong-nai", "--station": "xa-tan-thanh"}
    arguments[bad[0]] = bad[1]
    argv = ["link", "setup", "--host", "h", *[x for pair in arguments.items() for x in pair]]
    assert main(argv) == 2
    assert "chỉ được gồm chữ thường" in capsys.readouterr().err
    assert (station_home / "station.toml").read_text(encoding="utf-8") == before
    assert not station_key_path().exists()


def test_sync_without_a_link_says_how_to_set_it_up(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["link"]) == 2
    assert "radio-sched link setup" in capsys.readouterr().err


def test_sync_receives_a_notice_and_the_operator_reads_it(
    mqtt_broker: MosquittoBroker, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hub_id, station_id = new_ids()
    trusted_district(tmp_path)
    assert setup(hub_id, station_id, mqtt_broker.host, mqtt_broker.port) == 0
    assert main(["link"]) == 0  # first contact: the broker keeps the session from now on
    capsys.readouterr()
    clock = SystemClock(ZONE)
    hub = Hub(mqtt_broker, hub_id, clock).connect()
    try:
        notice = NoticeBody("Lịch tiêm chủng", "Tiêm chủng tại trạm y tế\nsáng thứ Bảy.")
        message = hub.envelope("notice", notice.to_dict(), station_id)
        hub.send(protocol.topic_to_station(hub_id, station_id), message.to_payload())
        assert main(["link"]) == 0
        out = capsys.readouterr().out
        assert f"Đã nối với trung tâm {hub_id}" in out
        assert "nhận 1 tin (1 thông báo)" in out
        assert "1 thông báo chưa đọc" in out
        status = hub.take("status")[-1]
        assert status["body"]["state"] in ("paused", "stopped")
        assert hub.take("ack")[0]["body"] == {
            "message_id": message.id,
            "result": "shown",
            "reason": "",
        }
    finally:
        hub.close()
    assert main(["link", "notices"]) == 0
    shown = capsys.readouterr().out
    assert "Lịch tiêm chủng" in shown and "    sáng thứ Bảy." in shown
    assert main(["link", "notices"]) == 0
    assert "Không có thông báo mới" in capsys.readouterr().out
    assert main(["link", "notices", "--all"]) == 0
    assert "Lịch tiêm chủng" in capsys.readouterr().out


def test_sync_with_the_broker_down_says_so_and_fails(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert setup("tinh-dong-nai", "xa-tan-thanh", "127.0.0.1", free_port()) == 0
    assert main(["link", "--wait", "0.5"]) == 1
    err = capsys.readouterr().err
    assert "Không nối được với trung tâm tinh-dong-nai" in err and "vẫn phát" in err


def test_the_daemon_plays_on_when_the_broker_is_down(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from radio_sched.config import load_settings

    said: list[str] = []
    player = make_player("file", command=(), sink=tmp_path / "sink")
    assert setup("tinh-dong-nai", "xa-tan-thanh", "127.0.0.1", free_port()) == 0
    assert run_daemon(load_settings(), player, exit_after=0.5, say=said.append) == 0
    assert any("Nối với trung tâm tinh-dong-nai" in line for line in said)
    assert sum("Chưa nối được" in line for line in said) <= 1  # said once, not per retry


def test_the_daemons_link_beats_at_once_and_says_stopped_at_the_end(
    mqtt_broker: MosquittoBroker, tmp_path: Path
) -> None:
    from radio_sched.config import load_settings
    from radio_sched.link.operations import start_in_daemon
    from radio_sched.store import open_store

    hub_id, station_id = new_ids()
    trusted_district(tmp_path)
    assert setup(hub_id, station_id, mqtt_broker.host, mqtt_broker.port) == 0
    hub = Hub(mqtt_broker, hub_id, SystemClock(ZONE)).connect()
    store = open_store()
    settings = load_settings()
    try:
        link = start_in_daemon(
            store,
            settings,
            clock=SystemClock(settings.zone),
            state_of=lambda: ("playing", "Bài 1"),
            on_change=lambda: None,
            say=lambda _m: None,
        )
        assert link is not None
        beat = hub.take("status")[0]
        assert beat["body"]["state"] == "playing" and beat["body"]["now_playing"] == "Bài 1"
        link.stop()
        assert hub.take("status")[0]["body"]["state"] == "stopped"
    finally:
        hub.close()
        store.dispose()


def daemon_link_without_a_broker() -> tuple[object, list[str]]:
    """What the daemon's start of the link does here: the link (or None) and what it said."""
    from radio_sched.config import load_settings
    from radio_sched.link.operations import start_in_daemon
    from radio_sched.store import open_store

    store = open_store()
    said: list[str] = []
    try:
        settings = load_settings()
        link = start_in_daemon(
            store,
            settings,
            clock=SystemClock(settings.zone),
            state_of=lambda: ("paused", None),
            on_change=lambda: None,
            say=said.append,
        )
    finally:
        store.dispose()
    return link, said


def test_no_link_section_means_no_link(station_home: Path) -> None:
    assert daemon_link_without_a_broker() == (None, [])


def test_sync_is_refused_while_the_daemon_holds_the_link(
    station_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from radio_sched.schedule.daemon import StationLock

    assert setup("tinh-dong-nai", "xa-tan-thanh", "127.0.0.1", free_port()) == 0
    lock = StationLock(station_home)
    lock.acquire()
    try:
        assert main(["link"]) == 2
    finally:
        lock.release()
    assert "daemon) đang chạy và đã tự nối" in capsys.readouterr().err


def test_a_broken_link_setup_never_stops_the_daemon(station_home: Path, tmp_path: Path) -> None:
    bad_ca = tmp_path / "ca.crt"
    bad_ca.write_text("not a certificate", encoding="utf-8")
    assert (
        setup("tinh-dong-nai", "xa-tan-thanh", "127.0.0.1", free_port(), "--ca", str(bad_ca)) == 0
    )
    link, said = daemon_link_without_a_broker()
    assert link is None
    assert len(said) == 1 and said[0].startswith("Không nối với trung tâm")
