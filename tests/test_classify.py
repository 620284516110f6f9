"""Sentence decisions on real sample directives, operator overrides and carried edits."""

from __future__ import annotations

from typing import TYPE_CHECKING

import golden
from radio_sched.directive.parse import parse_directive
from radio_sched.directive.read import read_directive_text
from radio_sched.models import SentenceCategory as C
from radio_sched.models import SentenceDecision
from radio_sched.script.classify import classify
from radio_sched.script.compose import carry_edits, compose_script, recompose

if TYPE_CHECKING:
    from radio_sched.script.pipeline import ImportResult
    from radio_sched.store import Store

SEED = golden.SAMPLES / "00_covid_binh_thuong_moi_langson_stttt.txt"


def _seed_decisions() -> tuple[SentenceDecision, ...]:
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


# --- stored decisions and the operator's toggle ---------------------------------------------


def _imported() -> tuple[Store, ImportResult]:
    from radio_sched.script.pipeline import import_directive
    from radio_sched.store import open_store

    store = open_store()
    result = import_directive(store, SEED, commune="Xã Tân Thành")
    return store, result


def test_decisions_are_stored_with_the_composed_version() -> None:
    from radio_sched.store.queries import script_version

    store, result = _imported()
    view = script_version(store, result.script_id)
    assert view.composed
    assert view.decisions == result.script.decisions  # every sentence, as composed
    assert view.overrides == {}


def test_an_edit_keeps_the_decisions_of_the_composition_it_edits() -> None:
    from radio_sched.script.pipeline import save_script_edit
    from radio_sched.store.queries import script_version

    store, result = _imported()
    save_script_edit(store, result.script_id, result.script.text + "\n\nCâu thêm.", "sửa")
    view = script_version(store, result.script_id)
    assert view.version == 2 and not view.composed
    assert view.decisions == result.script.decisions


def test_toggling_a_dropped_sentence_airs_it_and_keeps_the_operators_edit() -> None:
    from radio_sched.script.operations import toggle_sentence
    from radio_sched.script.pipeline import save_script_edit
    from radio_sched.store.queries import script_version, script_versions

    store, result = _imported()
    script = result.script
    opening = script.paragraphs[0].text
    edited = script.text.replace(opening, opening + " Xin mời bà con chú ý.")
    save_script_edit(store, result.script_id, edited, "sửa lời mở")
    dropped = next(d for d in script.decisions if d.category == C.REPORTING)

    toggled = toggle_sentence(store, result.script_id, dropped.id)

    assert toggled.aired and toggled.decision.forced
    assert toggled.lost_edits == () and len(toggled.kept_edits) == 1
    versions = script_versions(store, result.script_id)
    composed, latest = versions[-2], versions[-1]
    assert composed.composed and not latest.composed and latest.version == toggled.version
    aired = toggled.decision.aired or ""
    assert aired in composed.text and aired in latest.text
    assert "Xin mời bà con chú ý." in latest.text and "Xin mời" not in composed.text
    assert script_version(store, result.script_id).overrides == {dropped.id: True}


def test_toggling_back_returns_to_the_composers_decision() -> None:
    from radio_sched.script.operations import toggle_sentence
    from radio_sched.store.queries import script_version

    store, result = _imported()
    kept = next(d for d in result.script.decisions if d.kept)
    first = toggle_sentence(store, result.script_id, kept.id)
    assert not first.aired and (kept.aired or "") not in script_version(store, 1).text
    second = toggle_sentence(store, result.script_id, kept.id)
    view = script_version(store, result.script_id)
    assert second.aired and not second.decision.forced
    assert view.overrides == {} and view.text == result.script.text


def test_an_edit_of_a_dropped_sentence_is_reported_lost() -> None:
    from radio_sched.script.operations import toggle_sentence
    from radio_sched.script.pipeline import save_script_edit

    store, result = _imported()
    kept = next(d for d in result.script.decisions if d.aired and d.aired in result.script.text)
    aired = kept.aired or ""
    save_script_edit(store, result.script_id, result.script.text.replace(aired, "Câu đã sửa."))
    toggled = toggle_sentence(store, result.script_id, kept.id)
    assert len(toggled.lost_edits) == 1 and "Câu đã sửa." in toggled.lost_edits[0]


def test_toggling_an_unknown_sentence_is_a_user_error() -> None:
    import pytest

    from radio_sched.errors import UserError
    from radio_sched.script.operations import toggle_sentence

    store, result = _imported()
    with pytest.raises(UserError, match="không có câu số 999"):
        toggle_sentence(store, result.script_id, 999)


# --- rules of the genre, on sentences of real directives ------------------------------------


def _decide(*body: str, recipients: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    from radio_sched.models import Directive

    return classify(Directive(body=body, recipients=recipients))


def test_a_scammer_asking_citizens_is_not_turned_into_our_call() -> None:
    (decision,) = _decide(
        "Người lạ gọi điện thoại tự xưng công an yêu cầu người dân tải, cài đặt ứng dụng "
        "VNeID, cung cấp thông tin như căn cước công dân."
    )
    assert not (decision.aired or "").startswith("Đề nghị")


def test_what_an_agency_never_asks_is_not_recast_as_a_request() -> None:
    # 107_cafef: the negation governs the request; recast, it told people to give their data
    (decision,) = _decide(
        "Công an xã Hòa Hiệp cho biết, không thực hiện việc yêu cầu người dân cung cấp thông "
        "tin cá nhân, làm hồ sơ bảo hiểm hay giải quyết thủ tục hành chính qua điện thoại."
    )
    assert decision.kept
    assert "không thực hiện việc yêu cầu" in (decision.aired or "")
    assert not (decision.aired or "").startswith("Đề nghị")


def test_a_plans_purpose_for_its_agencies_is_not_read() -> None:
    # 110_binhdinh: the plan's "Mục đích" section, for departments and districts
    (decision,) = _decide(
        "1. Mục đích: Quán triệt nâng cao hơn nữa trách nhiệm của các sở, ban, ngành, chính "
        "quyền các cấp trong công tác bảo đảm trật tự, an toàn giao thông."
    )
    assert not decision.kept


def test_a_junctions_name_is_not_an_order() -> None:
    # 100_nhatrang: "Nút giao N8" is a road junction, not "giao" (assign) to someone
    (decision,) = _decide(
        "Niêm yết phương án dự kiến bồi thường đối với các trường hợp bị giải tỏa, Hạng mục: "
        "Giao giữa đường D1 - đường Hoàng Diệu (Nút giao N8 - 01 trường hợp) để hộ gia đình và "
        "cá nhân đóng góp ý kiến."
    )
    assert (decision.aired or "").startswith("Niêm yết phương án")


def test_a_storms_forecast_in_a_telegram_to_agencies_is_read_to_citizens() -> None:
    # 124_kyanh: the telegram goes to commune chairmen; the storm's strength is for everyone
    decisions = _decide(
        "Sức gió mạnh nhất vùng gần tâm bão mạnh cấp 8 (60-75km/giờ), giật cấp 10.",
        "Chủ tịch UBND các xã triển khai ngay phương án sơ tán dân.",
        recipients=("Chủ tịch Ủy ban nhân dân các xã", "Trưởng các phòng, ban, đoàn thể huyện"),
    )
    assert decisions[0].kept and "giật cấp 10" in (decisions[0].aired or "")
    assert not decisions[1].kept


def test_a_steering_committee_asking_agencies_is_not_recast() -> None:
    # 123_kiemlam: "Ban chỉ đạo" is a committee's name, not the verb "chỉ đạo"
    decisions = _decide(
        "Ban chỉ đạo phòng chống thiên tai và tìm kiếm cứu nạn tỉnh yêu cầu Ban chỉ đạo các "
        "địa phương và các chủ rừng triển khai ngay các biện pháp khẩn cấp.",
        "Trên toàn tỉnh đang ở cấp V, cấp cực kỳ nguy hiểm.",
    )
    assert not (decisions[0].aired or "").startswith("Đề nghị phòng chống")


def test_what_a_newsletter_or_a_portal_is_told_to_publish_is_not_read() -> None:
    # 131_quan8
    decisions = _decide(
        "1. Bản tin Quận 8 đăng nội dung bài phát thanh tuyên truyền Hội Hoa Xuân trên Tờ tin "
        "tháng 01/2018.",
        "2. Tổ Công nghệ Thông tin Quận 8 đăng nội dung của bài phát thanh trên cổng thông tin.",
    )
    assert not any(d.kept for d in decisions)


def test_the_situation_that_led_to_a_notice_is_not_read_alone() -> None:
    # 125_sonvi: a circumstance with no clause of its own
    decisions = _decide(
        "Trước diễn biến phức tạp của dịch bệnh Covid-19 trong nước cũng như trên địa bàn tỉnh.",
        "Ủy ban nhân dân xã thông báo tạm dừng họp chợ phiên từ 0 giờ ngày 21/7/2021.",
    )
    assert not decisions[0].kept and decisions[1].kept


def test_where_each_residential_group_goes_is_read() -> None:
    # 142_bachmai, 143_cogiang: a residential group names people by where they live
    decisions = _decide(
        "UBND phường thông báo địa điểm niêm yết danh sách cử tri như sau:",
        "- Khu phố 1: số 57 Đề Thám",
        "- TDP số 1 và 3: Trường THCS Ngô Gia Tự (Địa chỉ ngõ 300 Bạch Mai).",
        "- Khu phố 2: số 59 Đề Thám.",
    )
    assert all(d.kept for d in decisions[1:])


def test_communes_named_as_the_zones_of_an_outbreak_are_information() -> None:
    # 140_yenthuy
    (decision,) = _decide(
        "Vùng có dịch là các xã Phú Lai, Đoàn Kết, Hữu Lợi; Vùng bị dịch uy hiếp gồm các xã: "
        "Yên Trị, Ngọc Lương, Bảo Hiệu."
    )
    assert decision.kept


def test_whoever_is_assigned_to_tell_people_is_not_telling_them() -> None:
    # 140_yenthuy
    (decision,) = _decide(
        "UBND huyện giao Chủ tịch UBND các xã Phú Lai, Đoàn Kết chịu trách nhiệm thông báo đến "
        "người dân chăn nuôi về việc bệnh Dịch tả lợn Châu Phi tái xuất hiện trên địa bàn."
    )
    assert not decision.kept


def test_flags_at_half_mast_ordered_to_villages_and_schools_are_told_to_everyone() -> None:
    # 145_giapho
    (decision,) = _decide(
        "UBND xã đề nghị các đơn vị thôn, hiệu trưởng các trường và trạm Y tế xã tổ chức treo rủ "
        "tại nhà văn hóa thôn và các cơ quan, trường học trong 2 ngày 26/9 và 27/9/2018.",
        recipients=("Các đồng chí Bí Thư Chi Bộ, Thôn Trưởng 12 đơn vị thôn",),
    )
    assert decision.kept
    assert "treo cờ rủ tại nhà văn hóa thôn" in (decision.aired or "")


def test_a_sentence_pointing_to_a_linked_plan_says_nothing() -> None:
    # 144_caugiay
    (decision,) = _decide("Phòng Văn hóa và Thông tin thông báo nội dung của Kế hoạch.")
    assert not decision.kept


def test_what_people_reported_is_not_a_task_for_them() -> None:
    # 107_cafef: "Người dân phản ánh, …" reports what people said
    (decision,) = _decide(
        "Người dân phản ánh, các đối tượng gọi điện tự xưng cán bộ Công an xã, yêu cầu cung "
        "cấp thông tin cá nhân để làm hồ sơ bảo hiểm."
    )
    assert (decision.aired or "").startswith("Người dân phản ánh")


def test_a_short_item_with_a_label_and_its_value_is_read() -> None:
    # 108_trungan: the first affected area of a water cut, five words
    decisions = _decide(
        "Khu vực bị mất nước:",
        "* Huyện Hóc Môn: toàn vùng",
        "* Quận 12: Phường Hiệp Thành, Tân Chánh Hiệp.",
    )
    assert any("Hóc Môn" in (d.aired or "") for d in decisions)


def test_a_village_board_is_an_agency_not_the_people() -> None:
    (decision,) = _decide(
        "Uỷ ban nhân dân xã đề nghị các đơn vị, Mặt trận, các đoàn thể xã, Ban nhân dân các "
        "thôn quan tâm triển khai thực hiện và chủ động tuyên truyền một số nội dung sau:"
    )
    assert not decision.kept


def test_an_agency_list_of_verbs_addresses_no_one() -> None:
    (decision,) = _decide(
        "UBND các quận, huyện, thị xã có trách nhiệm chỉ đạo, kiểm tra, rà soát việc treo cờ "
        "Tổ quốc tại các cơ quan, công sở trên địa bàn."
    )
    assert not decision.kept


def test_flag_hanging_at_homes_ordered_to_agencies_becomes_a_call_with_its_dates() -> None:
    (decision,) = _decide(
        "Đề nghị các Bộ, cơ quan ngang Bộ, UBND các tỉnh tổ chức, thực hiện việc treo cờ Tổ quốc "
        "trong hai ngày 19 và 20/5/2007 tại tất cả các công sở và nhà dân trong cả nước."
    )
    assert decision.category == C.CITIZEN_ACTION
    assert decision.aired == (
        "Đề nghị bà con nhân dân treo cờ Tổ quốc trong hai ngày 19 và 20/5/2007 tại tất cả các "
        "công sở và nhà dân trong cả nước."
    )


def test_page_furniture_and_headings_are_not_aired() -> None:
    decisions = _decide(
        "Ánh Minh|18/08/2022 19:00", "UBND TỈNH ĐỒNG NAI", "Ủy ban nhân dân tỉnh Hải Dương."
    )
    assert [d.category for d in decisions] == [C.CHROME] * 3


def test_a_topic_line_is_aired_with_a_verb() -> None:
    (decision,) = _decide(
        "Tuyên truyền cuộc bầu cử đại biểu Quốc hội khóa XV và bầu cử đại biểu Hội đồng nhân dân "
        "các cấp nhiệm kỳ 2021 - 2026."
    )
    assert (decision.aired or "").startswith("Xin thông tin tới bà con về cuộc bầu cử")


def test_an_announcement_to_customers_drops_the_agencies_on_its_list() -> None:
    (decision,) = _decide(
        "Xí nghiệp nước sạch Đông Hà xin trân trọng thông báo tới các UBND các phường, xã và Quý "
        "khách hàng sử dụng nước trên địa bàn khu vực: xã Cam An sẽ bị tạm ngừng cấp nước."
    )
    assert decision.category == C.CITIZEN_INFO
    assert decision.aired == (
        "Xí nghiệp nước sạch Đông Hà thông báo tới khách hàng sử dụng nước trên địa bàn khu vực: "
        "xã Cam An sẽ bị tạm ngừng cấp nước."
    )


def test_what_the_press_is_told_to_warn_about_is_told_to_citizens() -> None:
    intro, content, topics = _decide(
        "Đề nghị Báo Hải Dương, Đài Phát thanh và Truyền hình tỉnh:",
        "Trong đó, tập trung tuyên truyền về: Thủ đoạn gọi điện giả danh cán bộ Nhà nước để lừa "
        "đảo chiếm đoạt tài sản; thủ đoạn thông báo trúng thưởng lớn, yêu cầu chuyển tiền.",
        "Trong đó chú ý nhấn mạnh: triệu chứng, nguyên nhân, đường lây truyền.",
    )
    assert not intro.kept
    assert content.category == C.CITIZEN_INFO
    assert (content.aired or "").startswith("Bà con cần lưu ý: thủ đoạn gọi điện giả danh")
    assert not topics.kept  # headings only: nothing said about them


def test_a_campaign_agencies_carry_out_is_a_call_to_take_part() -> None:
    campaign, press = _decide(
        "Thường xuyên chỉ đạo Trạm Y tế thực hiện các đợt chiến dịch diệt lăng quăng hiệu quả; "
        "giám sát chặt chẽ các khu vực có nguy cơ cao.",
        "Phối hợp Đài Truyền thanh mở chiến dịch truyền thông phòng, chống sốt xuất huyết.",
        recipients=("Trung tâm Y tế", "Đài Truyền thanh"),
    )
    assert campaign.category == C.CITIZEN_ACTION
    assert campaign.aired == (
        "Đề nghị bà con tích cực hưởng ứng, tham gia chiến dịch diệt lăng quăng."
    )
    assert not press.kept  # the press's own campaign


def test_a_task_to_get_people_to_act_is_a_call_to_them() -> None:
    (decision,) = _decide(
        "Trạm Y tế phối hợp các thôn vận động người dân thường xuyên diệt lăng quăng, bọ gậy."
    )
    assert decision.aired == "Đề nghị bà con nhân dân thường xuyên diệt lăng quăng, bọ gậy."


def test_spreading_a_cited_plan_tells_what_the_plan_is_about() -> None:
    _intro, plan, topics = _decide(
        "Uỷ ban nhân dân xã đề nghị các đơn vị, Ban nhân dân các thôn tuyên truyền một số nội "
        "dung sau:",
        "1. Tiếp tục thông tin, tuyên truyền rộng rãi trong cộng đồng theo Kế hoạch số: "
        "26/KH-VHTT ngày 15/9/2020 của Phòng Văn hóa và Thông tin về việc ban hành Kế hoạch "
        "Triển khai thực hiện Chiến dịch tiêm chủng vắc xin phòng, chống bệnh bạch hầu trên địa "
        "bàn huyện của Phòng Văn hóa và Thông tin. Trong đó chú ý nhấn mạnh: triệu chứng, "
        "nguyên nhân.",
    )
    assert plan.category == C.CITIZEN_INFO
    assert plan.aired == (
        "Xin thông tin tới bà con về việc chiến dịch tiêm chủng vắc xin phòng, chống bệnh bạch "
        "hầu trên địa bàn huyện."
    )
    assert not topics.kept
    law = _decide("Tăng cường tuyên truyền Luật An ninh mạng số 24/2018/QH14 về an ninh mạng.")
    assert not law[0].kept


def test_an_ellipsis_inside_a_sentence_is_not_read_as_its_end() -> None:
    (decision,) = _decide(
        "Trong đó, tập trung tuyên truyền về: thủ đoạn chiếm quyền sử dụng tài khoản (mạng xã "
        "hội Facebook, Zalo...), lập tài khoản mạo danh người khác.",
        recipients=("Báo Hải Dương",),
    )
    assert decision.aired == (
        "Bà con cần lưu ý: thủ đoạn chiếm quyền sử dụng tài khoản (mạng xã hội Facebook, Zalo), "
        "lập tài khoản mạo danh người khác."
    )


def test_a_bulleted_item_taken_for_the_headline_goes_back_before_its_siblings() -> None:
    from radio_sched.models import Directive

    decisions = classify(
        Directive(
            title="- Diện tích đất thu hồi: khoảng 3,13 ha",
            body=(
                "UBND phường Tiền Phong trân trọng thông báo:",
                "- Số hộ bị ảnh hưởng: khoảng 75 hộ dân.",
                "- Khu vực thu hồi đất: thuộc các xứ đồng Sau Trong, Sau Ngoài.",
            ),
        )
    )
    sources = [d.source.lstrip("- ")[:9] for d in decisions]
    assert sources == ["UBND phườ", "Diện tích", "Số hộ bị ", "Khu vực t"]


def test_an_item_headed_by_agencies_is_theirs() -> None:
    intro, village, households, evacuation = _decide(
        "Ban phòng chống lụt bão xã thông báo cho các hộ kinh doanh và toàn thể Nhân dân cần "
        "thực hiện tốt một số nội dung sau:",
        "- Cấp ủy, Chính quyền các thôn; Kịp thời kiểm tra và thông báo cho các tàu thuyền về "
        "nơi trú ẩn an toàn.",
        "- Các hộ kinh doanh buôn bán ở chợ chủ động phương án bảo vệ tài sản.",
        "- Có kế hoạch di dời dân ở vùng dễ bị sạt lở nhằm hạn chế thiệt hại về người.",
    )
    assert intro.kept and households.kept
    assert not village.kept
    assert not evacuation.kept  # the people are moved: someone else's task


def test_the_next_sentence_of_an_agency_task_is_still_theirs() -> None:
    task, duty, call = _decide(
        "- Các Trường học, Trạm y tế, Ban quản lý chợ cần có kế hoạch phòng chống lũ lụt. Tổ "
        "chức trực ban 24/24 h để thông báo kịp thời về Ban phòng chống bão lụt xã.",
        "- Các hộ dân chủ động phương án bảo vệ tài sản.",
    )
    assert task.category == C.AGENCY_TASK
    assert duty.category == C.AGENCY_TASK and duty.block == task.block
    assert call.kept


def test_a_numbered_section_name_is_not_aired_its_items_are() -> None:
    heading, call, when = _decide(
        "I. Thời gian và Phạm vi ảnh hưởng",
        "2. Không đốt rơm rạ trên đồng ruộng",
        "Thời gian ngừng điện (dự kiến): Thứ Sáu, ngày 21 tháng 11 năm 2025.",
    )
    assert heading.category == C.CHROME
    assert when.kept
    assert call.kept  # an order without its full stop is no heading


def test_people_asked_beside_agencies_told_to_go_on_hear_the_call() -> None:
    (decision,) = _decide(
        "Theo đó, trong thời gian chờ Thủ tướng Chính phủ ban hành chỉ đạo triển khai các giải "
        "pháp phòng, chống dịch Covid-19, Chủ tịch UBND tỉnh đề nghị Nhân dân và yêu cầu các "
        "sở, ban, ngành, cơ quan đơn vị đoàn thể, các cơ quan Trung ương đóng chân trên địa bàn "
        "tỉnh và UBND các huyện, thành phố tiếp tục duy trì thực hiện các giải pháp cấp bách "
        "phòng, chống dịch Covid-19 trên địa bàn."
    )
    assert decision.aired == (
        "Đề nghị bà con nhân dân tiếp tục duy trì thực hiện các giải pháp cấp bách phòng, chống "
        "dịch Covid-19 trên địa bàn."
    )


def test_a_call_to_do_the_following_is_not_read_before_a_call_that_says_it() -> None:
    intro, first, second = _decide(
        "UBND xã Thuận Lợi đề nghị các cơ quan, đơn vị, doanh nghiệp và hộ gia đình tại các khu "
        "vực bị ảnh hưởng:",
        "- Chủ động sắp xếp công việc, sinh hoạt để tránh gián đoạn trong thời gian ngừng điện.",
        "- Thực hiện các biện pháp bảo quản đối với các thiết bị điện.",
    )
    assert not intro.kept
    assert (first.aired or "").startswith("Đề nghị bà con chủ động sắp xếp công việc")
    assert second.kept


def test_a_warning_to_people_inside_an_order_to_commands_is_a_call_to_them() -> None:
    (decision,) = _decide(
        "Chủ tịch UBND huyện chỉ đạo Ban Chỉ huy PCTT các xã thực hiện ngay: Cảnh báo cho nhân "
        "dân chủ động chằng chống nhà cửa trước mưa dông; kiểm tra nhà ở của người dân có mái "
        "tôn để phòng, chống tốc mái; rà soát các công trình đang thi công."
    )
    aired = decision.aired or ""
    assert aired.startswith("Đề nghị bà con nhân dân chủ động chằng chống nhà cửa")
    assert "tốc mái" in aired and "nhà ở của gia đình" in aired
    assert "Ban Chỉ huy" not in aired and "công trình" not in aired


def test_a_deadline_for_commands_listed_under_their_names_is_not_aired() -> None:
    intro, task = _decide(
        "Thủ trưởng các sở, ngành, Chủ tịch UBND các huyện tập trung thực hiện một số việc sau:",
        "- Khẩn trương hoàn thành sơ kết công tác chỉ đạo, điều hành năm 2023 trước ngày "
        "15/3/2024.",
    )
    assert not intro.kept and not task.kept


def test_units_told_to_spread_the_word_give_people_the_message_not_the_order() -> None:
    message, order = _decide(
        "Cụ thể, các địa phương cần tuyên truyền rộng rãi trong nhân dân về thủ đoạn giả mạo "
        "nhân viên điện lực gọi điện đòi tiền.",
        "Các đơn vị cần tăng cường tuyên truyền trên hệ thống loa.",
    )
    assert message.aired == (
        "Xin thông tin tới bà con về thủ đoạn giả mạo nhân viên điện lực gọi điện đòi tiền."
    )
    assert order.category == C.MEDIA and not order.kept


def test_orders_after_an_address_to_agencies_stay_theirs_advice_to_people_does_not() -> None:
    address, forces, means, advice = _decide(
        "UBND tỉnh đề nghị các sở, ngành, địa phương thực hiện nghiêm các chỉ đạo về ứng phó mưa "
        "lũ.",
        "Bố trí lực lượng trực 24/24 giờ tại các điểm xung yếu.",
        "Sẵn sàng phương tiện, vật tư để ứng cứu khi có sự cố.",
        "Không đi qua ngầm, tràn khi nước chảy xiết.",
    )
    assert not address.kept and not forces.kept and not means.kept
    assert "lực lượng" in forces.reason or forces.category == C.AGENCY_TASK
    assert advice.kept


def test_a_mass_clean_up_ordered_to_villages_invites_people_and_keeps_its_day() -> None:
    call, when = _decide(
        "UBND xã đề nghị các thôn, đoàn thể đồng loạt ra quân tổng vệ sinh, khơi thông cống "
        "rãnh. Đồng loạt vào sáng ngày 7/9/2025 (thứ Bảy)"
    )
    assert call.aired == (
        "Đề nghị bà con tích cực hưởng ứng, tham gia ra quân tổng vệ sinh, khơi thông cống rãnh."
    )
    assert when.aired == "Thời gian: đồng loạt vào sáng ngày 7/9/2025 (thứ Bảy)."


def test_the_time_of_a_dropped_order_is_dropped_with_it() -> None:
    _, when = _decide(
        "UBND xã đề nghị Công an xã tổ chức tuần tra. Bắt đầu từ tối ngày 7/9/2025 (thứ Bảy)"
    )
    assert not when.kept


def test_a_paper_tag_and_a_sign_off_are_not_read() -> None:
    news, sign_off = _decide(
        "HNM - Theo dự báo, từ đêm nay khu vực thành phố có mưa to, có nơi mưa rất to.",
        "Trân trọng thông báo./.",
    )
    assert (news.aired or "").startswith("Theo dự báo")
    assert sign_off.category == C.CHROME


def test_a_caption_with_a_date_stays_a_caption_and_helpers_turning_out_are_no_campaign() -> None:
    help_out, caption = _decide(
        "UBND xã đề nghị Đoàn Thanh niên ra quân giúp dân thu hoạch lúa. Lực lượng ra quân "
        "ngày 12/5/2025 (ảnh: Minh Anh)"
    )
    assert not help_out.kept
    assert caption.category == C.CHROME


def test_a_ban_inside_an_agency_task_is_read_the_channels_of_propaganda_are_not() -> None:
    task, channels = _decide(
        "- Cán bộ Thú y phối hợp với các trưởng thôn tổ chức tiêm phòng; đồng thời nghiêm cấm "
        "việc thả trâu, bò trên đường giao thông.",
        "Lồng ghép tại cuộc họp thôn và qua xe loa để tuyên truyền đến từng hộ.",
    )
    assert task.aired == "Nghiêm cấm việc thả trâu, bò trên đường giao thông."
    assert channels.category == C.MEDIA
