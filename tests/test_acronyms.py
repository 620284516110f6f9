"""Abbreviations a directive spells out for itself, on sentences of real directives."""

from __future__ import annotations

import pytest

from radio_sched.directive.acronyms import document_acronyms, expand_acronyms
from radio_sched.models import Directive
from radio_sched.script.compose import compose_script

CENSUS = (
    "Tổng điều tra dân số và nhà ở năm 2019 là cuộc Tổng điều tra đầu tiên ứng dụng công nghệ "
    "thông tin. Do vậy, BCĐ huyện đề nghị tất cả mọi người dân tích cực hưởng ứng cuộc TĐT và "
    "khai báo đầy đủ, chính xác cho các điều tra viên."
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Thành lập Ban Chỉ đạo Tổng điều tra (BCĐ TĐT) cấp huyện.",
            {"BCĐ": "Ban Chỉ đạo", "TĐT": "Tổng điều tra"},
        ),
        (
            "Sở Văn hóa, Thể thao và Du lịch (VHTTDL) đề nghị các huyện.",
            {"VHTTDL": "Văn hóa, Thể thao và Du lịch"},
        ),
        (
            "Ban Chỉ đạo Chương trình phát triển lâm nghiệp bền vững (PTLNBV) cảnh báo cháy rừng.",
            {"PTLNBV": "phát triển lâm nghiệp bền vững"},
        ),
        (CENSUS, {"TĐT": "Tổng điều tra"}),  # written out elsewhere, as a name
        ("Yêu cầu Sở Nông nghiệp và PTNT khẩn trương thực hiện.", {}),  # not spelled out
        ("BCĐ CHƯƠNG TRÌNH PTLNBV", {}),  # a heading in capitals spells nothing
        ("Quốc hội khóa XIV. Xã Ia Vê họp.", {}),  # a Roman numeral
        ("Số 12/UBND-VX. Thư mục d:\\CV\\SVH\\T4 của Sở Văn hóa.", {}),  # codes and paths
    ],
)
def test_abbreviations_spelled_out_in_the_document(text: str, expected: dict[str, str]) -> None:
    assert document_acronyms(text) == expected


def test_a_phrase_that_only_fits_the_letters_does_not_override_the_dictionary() -> None:
    text = "Ủy ban nhân dân xã thông báo. UBND xã đề nghị bà con."
    assert document_acronyms(text) == {"UBND": "Ủy ban nhân dân"}
    assert document_acronyms(text, known={"UBND"}) == {}


def test_two_phrases_that_fit_equally_are_no_definition() -> None:
    text = "Tổ dân phố họp. Trạm dân phòng trực. Thông báo của TDP."
    assert document_acronyms(text) == {}


def test_expansion_writes_the_words_and_drops_a_bracket_that_only_repeats_them() -> None:
    acronyms = {"BCĐ": "Ban Chỉ đạo", "TĐT": "Tổng điều tra"}
    assert (
        expand_acronyms("Ban Chỉ đạo Tổng điều tra (BCĐ TĐT) họp; cuộc TĐT, TT&TT.", acronyms)
        == "Ban Chỉ đạo Tổng điều tra họp; cuộc Tổng điều tra, TT&TT."
    )
    assert expand_acronyms("Tháng (5) của UBND (UBND)", acronyms) == "Tháng (5) của UBND (UBND)"


def test_the_script_says_the_words_the_document_gives() -> None:
    script = compose_script(Directive(body=tuple(CENSUS.split(". "))), "Xã A")
    assert "TĐT" not in script.text
    assert "hưởng ứng cuộc Tổng điều tra" in script.text


def test_an_issuer_with_letters_nobody_spelled_out_is_not_named_in_the_lead() -> None:
    directive = Directive(
        issuer="BCĐ Chương trình PTLNBV tỉnh Đồng Nai",
        body=("Đề nghị bà con không đốt nương rẫy trong mùa khô.",),
    )
    script = compose_script(directive, "Xã A")
    assert "PTLNBV" not in script.text
    assert script.needs_review
    assert any("PTLNBV" in reason for reason in script.review_reasons)
    named = Directive(issuer="BCĐ tỉnh Đồng Nai", body=directive.body)
    assert "của BCĐ tỉnh Đồng Nai" in compose_script(named, "Xã A").text
