"""Station, programs, approval, pins, emergencies and plan exports through the CLI, in process."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from test_schedule_support import write_wav

from radio_sched.cli import main
from radio_sched.store.db import open_store
from radio_sched.store.documents import DirectiveRow, ScriptRow, add_version
from radio_sched.store.programs import ProgramRow


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def plan_json(capsys: pytest.CaptureFixture[str], first: str, last: str) -> dict[str, Any]:
    code, out, err = run(capsys, "plan", "--from", first, "--to", last, "--json")
    assert code == 0, err
    return dict(json.loads(out))


def add_audio(tmp_path: Path, title: str, seconds: float = 2.0, *extra: str) -> int:
    # Long programs only need their length: a low sample rate keeps the file small.
    audio = write_wav(tmp_path / f"{title}.wav", seconds, rate=8000 if seconds < 100 else 400)
    assert main(["program", "add-audio", str(audio), "--title", title, *extra]) == 0
    store = open_store()
    with store.session() as session:
        return max(row.id for row in session.query(ProgramRow))


def stored_script(campaign: tuple[dt.date, dt.date] | None = None, per_day: int | None = 3) -> int:
    store = open_store()
    with store.session() as session:
        directive = DirectiveRow(
            source_name="cv.txt",
            source_sha256="0" * 64,
            text="…",
            reference="123/STTTT-TTBCXB",
            subject="tuyên truyền phòng, chống dịch",
            campaign_start=campaign[0] if campaign else None,
            campaign_end=campaign[1] if campaign else None,
            frequency_per_day=per_day,
            parsed={"issuer": "Sở Thông tin và Truyền thông", "date": "2021-09-06"},
        )
        script = ScriptRow(directive=directive, commune="Xã Tân Thành", title="Phòng chống dịch")
        session.add_all([directive, script])
        session.flush()
        add_version(session, script, "Kính thưa toàn thể nhân dân…", 240.0)
        return script.id


def test_station_init_and_show(station_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (station_home / "station.toml").unlink()  # a fresh station
    code, out, _ = run(capsys, "station", "init", "--name", "Xã Hòa Bình", "--province", "Lạng Sơn")
    assert code == 0
    data = tomllib.loads((station_home / "station.toml").read_text(encoding="utf-8"))
    assert data["station"]["name"] == "Xã Hòa Bình"
    assert data["station"]["timezone"] == "Asia/Ho_Chi_Minh"
    assert [slot["start"] for slot in data["station"]["slots"]] == ["06:00", "17:00"]
    assert "# Múi giờ của đài" in (station_home / "station.toml").read_text(encoding="utf-8")
    code, _, err = run(capsys, "station", "init", "--name", "X")
    assert code == 2 and "--force" in err
    code, _, err = run(
        capsys, "station", "init", "--name", "X", "--timezone", "Mars/Base", "--force"
    )
    assert code == 2 and "Múi giờ" in err
    code, out, _ = run(capsys, "station", "show")
    assert code == 0 and "Xã Hòa Bình" in out


def test_add_audio_copies_into_station_home(
    station_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    audio = write_wav(tmp_path / "tin bão số 3.wav", 2.0)
    code, out, _ = run(
        capsys, "program", "add-audio", str(audio), "--title", "Tin bão", "--from", "07/09/2021",
        "--to", "2021-09-14", "--per-day", "3", "--priority", "priority", "--by", "Nguyễn Văn A",
        "--json",
    )  # fmt: skip
    assert code == 0
    program_id = json.loads(out)["program_id"]
    audio.unlink()  # the original may go away; the station keeps its copy
    store = open_store()
    with store.session() as session:
        row = session.get(ProgramRow, program_id)
        assert row is not None and row.audio_path is not None
        assert not Path(row.audio_path).is_absolute()
        assert (station_home / row.audio_path).is_file()
        assert row.approved_by == "Nguyễn Văn A" and row.approved_at is not None
        assert row.duration_seconds == pytest.approx(2.0, abs=0.01)
        assert (row.campaign_start, row.campaign_end) == (dt.date(2021, 9, 7), dt.date(2021, 9, 14))
    plan = plan_json(capsys, "2021-09-06", "2021-09-12")
    assert len(plan["placements"]) == 6 * 3
    assert all(p["start"].endswith("+07:00") for p in plan["placements"])
    assert {p["priority"] for p in plan["placements"]} == {"priority"}


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "Không tìm thấy"), (b"not audio at all" * 10, "âm thanh")],
)
def test_add_audio_errors_name_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | None, message: str
) -> None:
    path = tmp_path / "hong.mp3"
    if content is not None:
        path.write_bytes(content)
    code, _, err = run(capsys, "program", "add-audio", str(path), "--title", "X")
    assert code == 2
    assert message in err and "hong.mp3" in err
    assert len(err.strip().splitlines()) == 1


def test_draft_programs_are_not_planned_until_approved(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    program_id = add_audio(tmp_path, "Bản nháp", 2.0, "--draft")
    assert plan_json(capsys, "2021-09-06", "2021-09-06")["placements"] == []
    assert main(["approve", "--program", str(program_id), "--by", "Trưởng đài"]) == 0
    assert len(plan_json(capsys, "2021-09-06", "2021-09-06")["placements"]) == 2


def test_approve_script_records_who_and_when_and_plans_campaign(
    capsys: pytest.CaptureFixture[str],
) -> None:
    script_id = stored_script((dt.date(2021, 9, 7), dt.date(2021, 9, 14)), per_day=2)
    code, _out, err = run(capsys, "approve", str(script_id), "--by", "Trần Thị B", "--no-render")
    assert code == 0, err
    store = open_store()
    with store.session() as session:
        script = session.get(ScriptRow, script_id)
        assert script is not None
        assert script.approved_by == "Trần Thị B" and script.approved_at is not None
        assert script.approved_version == 1
    plan = plan_json(capsys, "2021-09-06", "2021-09-12")
    days = sorted({p["day"] for p in plan["placements"]})
    assert days[0] == "2021-09-07" and len(plan["placements"]) == 6 * 2
    # Estimated duration until audio is rendered.
    first = plan["placements"][0]
    span = dt.datetime.fromisoformat(first["end"]) - dt.datetime.fromisoformat(first["start"])
    assert span == dt.timedelta(seconds=240)


def test_approve_renders_with_the_audio_module(
    tmp_path: Path,
    station_home: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from radio_sched.audio import programs as audio_programs

    rendered = write_wav(station_home / "programs" / "script-1-v1.wav", 3.0)
    calls: list[int] = []

    def fake_render(store: object, script_id: int, **kwargs: object) -> SimpleNamespace:
        calls.append(script_id)
        return SimpleNamespace(path=rendered, duration_seconds=3.0)

    monkeypatch.setattr(audio_programs, "render_stored_script", fake_render)
    monkeypatch.setattr(audio_programs, "latest_render", lambda session, script_id: None)
    script_id = stored_script()
    code, _out, err = run(capsys, "approve", str(script_id), "--by", "A")
    assert code == 0, err
    assert calls == [script_id]
    store = open_store()
    with store.session() as session:
        program = session.query(ProgramRow).filter_by(script_id=script_id).one()
        assert program.audio_path == "programs/script-1-v1.wav"
        assert program.duration_seconds == 3.0
        assert program.per_day == 3  # from the directive


def test_approve_unknown_script(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "approve", "99", "--no-render")
    assert code == 2 and "99" in err


def test_pins_and_emergencies(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = add_audio(tmp_path, "Một", 60.0, "--per-day", "1")
    second = add_audio(tmp_path, "Hai", 60.0, "--per-day", "1")
    assert main(["pin", str(second), "--date", "2021-09-08", "--slot", "Sáng"]) == 0
    plan = plan_json(capsys, "2021-09-08", "2021-09-08")
    morning = [p for p in plan["placements"] if p["slot"] == "Sáng"]
    assert morning[0]["program_id"] == second and morning[0]["pinned"]
    code, _, err = run(capsys, "pin", str(first), "--date", "2021-09-08", "--slot", "Trưa")
    assert code == 2 and "Trưa" in err
    assert main(["unpin", str(second), "--date", "2021-09-08", "--slot", "Sáng"]) == 0

    code, out, err = run(
        capsys, "emergency", str(first), "--every", "10m", "--for", "1h", "--at", "10:00"
    )
    assert code == 0, err
    today = dt.datetime.now(dt.timezone(dt.timedelta(hours=7))).date().isoformat()
    plan = plan_json(capsys, today, today)
    urgent = [p for p in plan["placements"] if p["slot"] == "Khẩn cấp"]
    assert [p["start"][11:16] for p in urgent] == [
        "10:00",
        "10:10",
        "10:20",
        "10:30",
        "10:40",
        "10:50",
    ]
    code, out, _ = run(capsys, "emergency", "--list")
    assert "chương trình 1" in out
    assert main(["emergency", "--cancel", "1"]) == 0
    plan = plan_json(capsys, today, today)
    assert not [p for p in plan["placements"] if p["slot"] == "Khẩn cấp"]


def test_disabled_programs_are_not_planned(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    program_id = add_audio(tmp_path, "Tạm dừng", 2.0)
    assert main(["program", "set", str(program_id), "--disable"]) == 0
    assert plan_json(capsys, "2021-09-06", "2021-09-06")["placements"] == []
    _code, out, _ = run(capsys, "program", "list")
    assert "tạm ngừng" in out


def test_plan_grid_ics_and_m3u(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from icalendar import Calendar

    add_audio(tmp_path, "Phòng dịch", 120.0, "--from", "2021-09-07", "--to", "2021-09-14")
    add_audio(tmp_path, "Quá dài", 3600.0)
    code, out, _ = run(capsys, "plan", "--from", "2021-09-06", "--to", "2021-09-12")
    assert code == 0
    assert "thứ Ba" in out and "07/09/2021" in out and "Phòng dịch" in out
    assert "Không xếp được" in out and "Quá dài" in out

    ics = tmp_path / "lich.ics"
    m3u = tmp_path / "m3u"
    code, _, _ = run(
        capsys,
        "plan",
        "--from",
        "2021-09-06",
        "--to",
        "2021-09-12",
        "--ics",
        str(ics),
        "--m3u",
        str(m3u),
    )
    assert code == 0
    calendar = Calendar.from_ical(ics.read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 12
    starts = sorted(event.decoded("dtstart") for event in events)
    assert starts[0] == dt.datetime(2021, 9, 6, 23, 0, tzinfo=dt.UTC)  # 06:00 on the 7th, Hà Nội
    playlists = sorted(m3u.glob("*.m3u"))
    assert len(playlists) == 12
    text = playlists[0].read_text(encoding="utf-8")
    assert text.startswith("#EXTM3U") and "#EXTINF:120,Phòng dịch" in text
    assert text.splitlines()[-1].endswith(".wav") and Path(text.splitlines()[-1]).is_file()


def test_plan_json_shape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add_audio(tmp_path, "Tin", 30.0, "--per-day", "1")
    add_audio(tmp_path, "Quá dài", 3600.0, "--per-day", "1")
    plan = plan_json(capsys, "2021-09-06", "2021-09-06")
    placement = plan["placements"][0]
    assert {"program_id", "title", "start", "end", "slot", "priority"} <= placement.keys()
    assert dt.datetime.fromisoformat(placement["start"]).utcoffset() == dt.timedelta(hours=7)
    assert {"program_id", "reason"} <= plan["unplaced"][0].keys()


def test_service_functions_for_the_tui(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The TUI calls these by name on ``radio_sched.schedule.service``."""
    from radio_sched.config import load_settings
    from radio_sched.schedule import service

    program_id = add_audio(tmp_path, "Tin", 30.0, "--per-day", "1")
    store = open_store()
    revision = service.replan(store)
    assert service.bump_plan_revision(store) == revision + 1
    service.pin_program(store, program_id, dt.date(2021, 9, 6), "Chiều")
    service.unpin_program(store, program_id, dt.date(2021, 9, 6), "Chiều")
    assert service.declare_emergency(store, load_settings(), program_id) == 1
    service.disable_program(store, program_id)
    assert plan_json(capsys, "2021-09-06", "2021-09-06")["placements"] == []
    with pytest.raises(Exception, match="99"):
        service.pin_program(store, 99, dt.date(2021, 9, 6), "Sáng")


def test_emergency_refused_for_a_draft_program(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    program_id = add_audio(tmp_path, "Nháp", 5.0, "--draft")
    code, _, err = run(capsys, "emergency", str(program_id))
    assert code == 2 and "chưa được duyệt" in err
