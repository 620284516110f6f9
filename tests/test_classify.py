"""Sentence decisions on real sample directives, operator overrides and carried edits."""

from __future__ import annotations

import golden
from radio_sched.directive.parse import parse_directive
from radio_sched.directive.read import read_directive_text
from radio_sched.models import SentenceCategory as C
from radio_sched.script.classify import classify
from radio_sched.script.compose import carry_edits, compose_script, recompose

SEED = golden.SAMPLES / "00_covid_binh_thuong_moi_langson_stttt.txt"


def _seed_decisions():  # type: ignore[no-untyped-def]
    return classify(parse_directive(read_directive_text(SEED)))


def test_every_body_sentence_has_a_decision_with_a_vietnamese_reason() -> None:
    decisions = _seed_decisions()
    assert [d.id for d in decisions] == list(range(1, len(decisions) + 1))
    assert all(d.reason for d in decisions)
    categories = {d.category for d in decisions}
    assert C.REPORTING in categories and C.CITIZEN_INFO in categories


def test_reporting_and_press_analysis_are_dropped_messages_kept() -> None:
    decisions = _seed_decisions()
    by_start = {d.source[:12]: d for d in decisions}
    assert not by_start["Đề nghị Quý "].kept  # "… báo cáo kết quả về Sở"
    assert not by_start["5. Phân tích"].kept
    assert by_start["2. Truyền đi"].kept
    aired = by_start["2. Truyền đi"].aired or ""
    assert aired.startswith("Xin thông tin tới bà con về việc giãn cách")  # has a verb


def test_operator_overrides_force_sentences_in_and_out() -> None:
    directive = parse_directive(read_directive_text(SEED))
    base = compose_script(directive, "Xã A")
    dropped = next(d for d in base.decisions if not d.kept and d.category == C.REPORTING)
    kept = next(d for d in base.decisions if d.kept)
    script = compose_script(directive, "Xã A", {dropped.id: True, kept.id: False})
    forced = {d.id: d for d in script.decisions}
    assert forced[dropped.id].kept and forced[dropped.id].forced
    assert not forced[kept.id].kept and "Người biên tập" in forced[kept.id].reason


def test_edits_are_carried_over_or_reported_lost() -> None:
    before = "Câu một. Câu hai.\n\nCâu ba."
    edited = "Câu một sửa. Câu hai.\n\nCâu ba. Câu thêm."
    after = "Câu hai.\n\nCâu ba."
    text, kept, lost = carry_edits(before, edited, after)
    assert "Câu thêm." in text and "Câu một sửa." not in text
    assert len(kept) == 1 and len(lost) == 1 and "Câu một" in lost[0]


def test_recompose_without_edits_is_the_composition() -> None:
    directive = parse_directive(read_directive_text(SEED))
    result = recompose(directive, "Xã A", {})
    assert result.text == result.script.text and not result.lost_edits
