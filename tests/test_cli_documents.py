"""The command-line contract for directives and scripts."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from inprocess import run_cli

from conftest import FOUNDING_SAMPLE
from radio_sched.cli import main


def test_script_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["script", str(FOUNDING_SAMPLE), "--commune", "Xã Tân Thành", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    directive, script = payload["directive"], payload["script"]
    assert set(directive) >= {
        "number", "code", "issuer", "place", "date", "subject", "recipients", "items",
        "messages", "campaign", "frequency_per_day", "signer",
    }  # fmt: skip
    assert directive["campaign"] == {"start": "2021-09-07", "end": "2021-09-14"}
    assert directive["code"] == "STTTT-TTBCXB" and directive["number"] is None
    assert directive["date"] == "2021-09"
    assert directive["signer"]["name"] == "Lê Hải Yến"
    assert set(script) >= {"title", "commune", "text", "spoken", "estimated_seconds"}
    assert script["commune"] == "Xã Tân Thành"
    assert not re.search(r"\d", script["spoken"])
    assert script["estimated_seconds"] > 0


def test_speak_prints_the_spoken_form(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["speak", "Họp lúc 17h30 ngày 07/9/2021 tại UBND xã."]) == 0
    out = capsys.readouterr().out
    assert "mười bảy giờ ba mươi phút" in out
    assert "ngày mùng bảy tháng chín năm hai nghìn không trăm hai mươi mốt" in out
    assert "Ủy ban nhân dân" in out


def test_import_twice_keeps_one_copy_and_edit_makes_versions(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["import", str(FOUNDING_SAMPLE), "--commune", "Xã Tân Thành"]) == 0
    script_id = capsys.readouterr().out.strip()
    assert script_id == "1"
    assert main(["import", str(FOUNDING_SAMPLE), "--commune", "Xã Tân Thành"]) == 0
    assert capsys.readouterr().out.strip() == "1"

    edited = tmp_path / "edited.txt"
    edited.write_text("Đây là Đài Truyền thanh xã Tân Thành.\n\nXin hết.\n", encoding="utf-8")
    assert main(["edit", "1", str(edited), "--note", "rút gọn"]) == 0
    assert "phiên bản 2" in capsys.readouterr().out
    assert main(["show", "1", "--version", "1"]) == 0
    assert "Kính thưa toàn thể bà con nhân dân!" in capsys.readouterr().out
    assert main(["show", "1"]) == 0
    assert "Xin hết." in capsys.readouterr().out
    assert main(["list", "--json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert row["version"] == 2 and row["campaign"]["start"] == "2021-09-07"


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["script", "khong-co.txt", "--commune", "Xã A"], "khong-co.txt"),
        (["script", "{empty}", "--commune", "Xã A"], "tệp rỗng"),
        (["import", "{fake_docx}", "--commune", "Xã A"], "gia.docx"),
    ],
)
def test_bad_input_gives_one_line_error_and_nonzero_exit_without_writing(
    tmp_path: Path, args: list[str], needle: str
) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "gia.docx").write_bytes(b"PK\x03\x04 truncated")
    home = tmp_path / "home"
    args = [a.format(empty=tmp_path / "empty.txt", fake_docx=tmp_path / "gia.docx") for a in args]
    result = run_cli(*args, home=home)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0]
    assert not (home / "radio_sched.sqlite3").exists()


def test_demo_runs_end_to_end(tmp_path: Path) -> None:
    result = run_cli("demo", "--home", str(tmp_path / "demo"), home=tmp_path / "unused")
    assert result.returncode == 0, result.stderr
    assert "Đây là Đài Truyền thanh xã Tân Thành." in result.stdout
    assert (tmp_path / "demo" / "exports" / "kich-ban-1.txt").exists()
    assert (tmp_path / "demo" / "programs" / "script-1-v1.mp3").stat().st_size > 100_000
    assert "giọng offline" in result.stdout
    assert "14 lượt phát" in result.stdout  # 07–13/9, morning and evening
    assert (tmp_path / "demo" / "exports" / "lich-phat.ics").exists()


def test_demo_refuses_to_wipe_a_directory_it_did_not_make(tmp_path: Path) -> None:
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "data.txt").write_text("keep me")
    result = run_cli("demo", "--home", str(precious), home=tmp_path / "unused")
    assert result.returncode != 0
    assert (precious / "data.txt").read_text() == "keep me"


def test_script_json_gives_kind_review_and_a_decision_per_sentence(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["script", str(FOUNDING_SAMPLE), "--commune", "Xã Tân Thành", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    script = payload["script"]
    assert payload["kind"] == "document" == payload["directive"]["kind"]
    # The seed asks the press to inform: citizens get information, no task; the operator is told.
    assert payload["needs_review"] is script["needs_review"] is True
    assert payload["review_reasons"] == script["review_reasons"]
    assert "không có việc bà con phải làm" in payload["review_reasons"][0]
    decisions = script["decisions"]
    assert [d["id"] for d in decisions] == list(range(1, len(decisions) + 1))
    for decision in decisions:
        assert set(decision) == {
            "id", "block", "source", "category", "kept", "aired", "reason", "forced",
        }  # fmt: skip
        assert decision["kept"] is (decision["aired"] is not None)
        assert decision["reason"] and not decision["forced"]
    aired = [d["aired"] for d in decisions if d["kept"]]
    assert aired and all(a in script["text"] or len(a.split()) > 40 for a in aired)
    dropped = {d["category"] for d in decisions if not d["kept"]}
    assert "reporting" in dropped  # "… báo cáo kết quả về Sở"


def test_script_json_says_when_citizens_are_given_nothing_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    orders = tmp_path / "chi_thi.txt"
    orders.write_text(
        "UBND HUYỆN TÂN KỲ\nSố: 12/UBND-VP\nV/v kiểm tra công tác phòng cháy\n\n"
        "Kính gửi: Các phòng, ban, ngành thuộc huyện.\n\n"
        "1. Phòng Tài chính - Kế hoạch bố trí kinh phí kiểm tra công tác phòng cháy.\n"
        "2. Các phòng, ban báo cáo kết quả về Văn phòng UBND huyện trước ngày 20/5/2024.\n",
        encoding="utf-8",
    )
    assert main(["script", str(orders), "--commune", "Xã Tân Thành", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["needs_review"] is True
    assert "không có việc gì bà con phải làm" in payload["review_reasons"][0]
    assert not any(d["kept"] for d in payload["script"]["decisions"])
    assert "bố trí kinh phí" not in payload["script"]["text"]  # no invented task


def test_script_explain_prints_every_sentence_with_its_decision(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["script", str(FOUNDING_SAMPLE), "--commune", "Xã Tân Thành", "--json"]) == 0
    decisions = json.loads(capsys.readouterr().out)["script"]["decisions"]
    assert main(["script", str(FOUNDING_SAMPLE), "--commune", "Xã Tân Thành", "--explain"]) == 0
    out = capsys.readouterr().out
    headers = re.findall(r"^\[\s*(\d+)\] (ĐỌC|BỎ ) ([^:]+): (.+)$", out, re.MULTILINE)
    assert [int(h[0]) for h in headers] == [d["id"] for d in decisions]
    for (_, mark, _label, reason), decision in zip(headers, decisions, strict=True):
        assert (mark == "ĐỌC") is decision["kept"]
        assert reason == decision["reason"]
    assert out.count("Nguyên văn: ") == len(decisions)
    recast = [d for d in decisions if d["kept"] and d["aired"] != d["source"]]
    assert out.count("Đọc là: ") == len(recast) > 0
    assert "Báo cáo, đôn đốc" in out and "citizen_action" not in out  # labels in Vietnamese
