"""The cleaning stage: page chrome, hard wraps, cut-off ends and broken words, on real lines."""

from __future__ import annotations

import pytest

from radio_sched.directive.clean import InputKind, Reason, clean_text
from radio_sched.directive.syllables import is_syllable

BODY = (
    "UBND xã Vĩnh Hưng đề nghị Nhân dân trên địa bàn xã quan tâm theo dõi, thực hiện việc "
    "kiểm tra danh sách cử tri."
)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("20/7/2022 16:18", Reason.TIMESTAMP),
        ("19/08/2019 10:57:25 Xem cỡ chữ Google", Reason.TIMESTAMP),
        ("Thứ Năm, 26/03/2020, 10:01", Reason.TIMESTAMP),
        ("05/04/2019 15:44 Số lượt xem: 59", Reason.TIMESTAMP),
        ("Tin Hoạt động >> Văn bản mới", Reason.NAVIGATION),
        ("Truy cập nội dung luôn", Reason.NAVIGATION),
        ("15oC", Reason.WIDGET),
        ("Độ ẩm trung bình %. Tốc độ gió km/h", Reason.WIDGET),
        ("Nội dung chi tiết tại đây: CV 369", Reason.READ_MORE),
        (
            "Tài liệu đính kèm: LAY Y KIEN CU TRI VE DE AN THANH LAP THI TRAN SON TINH.rar",
            Reason.DOWNLOAD,
        ),
        ("Tệp đính kèm", Reason.DOWNLOAD),
        ("Bản quyền thuộc về Ủy Ban Nhân Dân xã Tịnh Hà.", Reason.COPYRIGHT),
        ("Điện thoại: 0255 3842272; Fax: 0255 3842272;Email: ubndxatinhha@g", Reason.CONTACT),
        ("z4532915608324_6d8391f44c8a7842bab11d0a8b7e76bb.jpg", Reason.CAPTION),
        ("Nguồn: UBND xã", Reason.SOURCE),
        ("(09:12 | 04/03/2019)", Reason.TIMESTAMP),
        ("Cong thong tin dien tu xa", Reason.WIDGET),
        # 111_minhduc: a portal prints its machine stamp and its weekday line
        ("2025-07-28T11:07:49+07:00", Reason.TIMESTAMP),
        ("Thứ hai - 28/07/2025 11:07", Reason.TIMESTAMP),
        (
            "https://minhduc.dongnai.gov.vn/vi/news/kinh-te-moi-truong/thong-bao-138.html",
            Reason.LINK,
        ),
        # 108_trungan: the links under "Xem thêm thông tin"
        ("* https://vnexpress.net/", Reason.LINK),
        # 100_nhatrang: the papers attached to a notice
        ("- Kèm phương án dự kiến(Hạng mục: Nút giao N8 - 01 trường hợp)", Reason.ATTACHED),
        # 120_dienban: the post's card, its fields run together on one line
        (
            "Tác giả: UBND thị xã Điện Bàn .Ngày đăng: 10/05/2019 .Lượt xem: 1844 lượt.",
            Reason.POST_INFO,
        ),
        # 142_bachmai: the post's date in English
        ("Publish date 08/05/2021 | 14:34 | Lượt xem: 377", Reason.TIMESTAMP),
        # 150_huonggiang: the reader's contrast buttons
        ("A- A A+ | Tăng tương phản Giảm tương phản", Reason.WIDGET),
        # 107_cafef: a date written with dashes, a twelve-hour clock
        ("14-02-2026 - 11:18 AM", Reason.TIMESTAMP),
        # 107_cafef: the picture's alt text, the headline with the picture's number
        (
            "Nhiều người tới công an xã 'làm việc' theo lời đối tượng lừa đảo- Ảnh 1.",
            Reason.CAPTION,
        ),
    ],
)
def test_chrome_lines_are_removed_with_their_reason(line: str, reason: Reason) -> None:
    cleaned = clean_text(f"{BODY}\n\n{line}\n\n{BODY.replace('xã', 'thôn')}")
    assert line not in cleaned.text
    assert [(r.text, r.reason) for r in cleaned.removals] == [(line, reason)]
    assert cleaned.removals[0].note  # a Vietnamese sentence for the operator


@pytest.mark.parametrize(
    ("line", "kept", "removed"),
    [
        (
            "(hocmon.gov.vn) Theo Công văn số 3517/UBND ngày 18/7/2022, UBND huyện đề nghị.",
            "Theo Công văn số 3517/UBND ngày 18/7/2022, UBND huyện đề nghị.",
            "(hocmon.gov.vn)",
        ),
        ("(TTV) - Ban Chỉ huy PCTT và TKCN tỉnh có Công điện.", "Ban Chỉ huy", "(TTV) -"),
        ("(PLO)- Người lạ gọi điện thoại tự xưng công an.", "Người lạ gọi", "(PLO)-"),
        (
            "UBND xã Vĩnh Hưng thông báo về việc niêm yết danh sách cử tri 03/02/2026 11:08",
            "UBND xã Vĩnh Hưng thông báo về việc niêm yết danh sách cử tri",
            "03/02/2026 11:08",
        ),
        # 131_quan8: a date in words and an afternoon clock after the category
        (
            "Tin văn hóa thể thao 15 Tháng Giêng 2018 4:30:00 CH",
            "Tin văn hóa thể thao",
            "15 Tháng Giêng 2018 4:30:00 CH",
        ),
        # 108_trungan, 102_huongtho: the posting label after the headline
        (
            "Thông báo khẩn về việc ngưng cung cấp nước (Ngày đăng: 19/10/2018)",
            "Thông báo khẩn về việc ngưng cung cấp nước",
            "(Ngày đăng: 19/10/2018)",
        ),
        (
            "Hương Thọ: Thông báo lịch thời vụ Đông Xuân 2021-2022 Ngày cập nhật 21/10/2021",
            "Hương Thọ: Thông báo lịch thời vụ Đông Xuân 2021-2022",
            "Ngày cập nhật 21/10/2021",
        ),
    ],
)
def test_chrome_inside_a_line_is_cut_out(line: str, kept: str, removed: str) -> None:
    cleaned = clean_text(f"{line}\n\n{BODY}")
    assert cleaned.text.startswith(kept)
    assert removed not in cleaned.text
    assert [r.text for r in cleaned.removals] == [removed]


def test_byline_and_outlet_at_the_end_of_a_write_up() -> None:
    cleaned = clean_text(
        f"{BODY}\n\nThông báo cũng được viết bằng cả tiếng Anh.\n\nV.Cường-Tr.Hằng\n.\n."
    )
    assert "V.Cường" not in cleaned.text
    assert Reason.BYLINE in {r.reason for r in cleaned.removals}
    cleaned = clean_text(f"{BODY}\n\nPTDnews")
    assert cleaned.removed(Reason.OUTLET)[0].text == "PTDnews"


def test_a_signature_under_a_title_is_not_a_byline() -> None:
    text = (
        f"Mai Châu, ngày 19 tháng 12 năm 2019\n\n{BODY}\n\nPHÓ CHỦ TỊCH UBND HUYỆN\n\nPhạm Văn Hoàn"
    )
    cleaned = clean_text(text)
    assert cleaned.text.endswith("Phạm Văn Hoàn")
    assert cleaned.kind is InputKind.DOCUMENT


def test_an_image_caption_printed_twice_goes_entirely() -> None:
    caption = "Bản đồ đường đi của cơn bão."
    cleaned = clean_text(f"{BODY}\n\n{caption}\n{caption}\n\n{BODY.replace('xã', 'thôn')}")
    assert caption not in cleaned.text
    assert [r.reason for r in cleaned.removals] == [Reason.CAPTION, Reason.CAPTION]


def test_hard_wrapped_pdf_lines_are_joined() -> None:
    text = (
        "Số:1050/UBND-VX\n"
        "1. Phòng Y tế:\n"
        "Phối hợp Trung tâm Y tế triển khai kế hoạch diệt lăng quăng phòng,\n"
        "chống sốt xuất huyết đã được Ban Chỉ đạo chăm sóc sức khỏe nhân dân Thị xã\n"
        "phê duyệt; tổ chức giám sát chặt chẽ việc triển khai thực hiện ở tất cả các xã,\n"
        "phường.\n"
        "2. Trung tâm Y tế:\n"
        "Căn cứ Công văn số 385/UBND-KGVX ngày 25 tháng 9 năm 2017 của\n"
        "Ủy ban nhân dân Tỉnh về việc tăng cường công tác phòng, chống bệnh sốt xuất\n"
        "huyết, Ủy ban nhân dân thị xã Hồng Ngự chỉ đạo thực hiện các nội dung trên đây.\n"
    )
    cleaned = clean_text(text)
    lines = cleaned.text.split("\n")
    assert lines[2].startswith("Phối hợp") and lines[2].endswith("các xã, phường.")
    assert lines[4].startswith("Căn cứ") and "năm 2017 của Ủy ban nhân dân Tỉnh" in lines[4]
    assert lines[3] == "2. Trung tâm Y tế:"
    assert cleaned.joined_lines == 5


@pytest.mark.parametrize(
    ("last", "tail"),
    [
        (
            "Phụ huynh liên hệ trực tiếp Ủy ban nhân dân phường để lập d",
            "Phụ huynh liên hệ trực tiếp Ủy ban nhân dân phường để lập d",
        ),
        (
            "Việc định danh điện tử mức 2 phải do công dân trực tiếp đi làm. Ngoài nội dung trên, "
            "nếu có người gọi điện thoại",
            "Ngoài nội dung trên, nếu có người gọi điện thoại",
        ),
    ],
)
def test_the_cut_off_end_of_an_excerpt_is_dropped(last: str, tail: str) -> None:
    cleaned = clean_text(f"{BODY}\n\n{BODY}\n\n{last}")
    assert cleaned.kind is InputKind.EXCERPT
    assert cleaned.removed(Reason.CUT_OFF)[0].text == tail
    assert tail not in cleaned.text


@pytest.mark.parametrize(
    ("last", "kept", "tail"),
    [
        (
            "Trong đó, tập trung tuyên truyền về: thủ đoạn chiếm quyền sử dụng tài khoản (mạng xã "
            "hội Facebook, Zalo...), lập tài khoản mạo danh người khác, tuyển c",
            "lập tài khoản mạo danh người khác.",
            "tuyển c",
        ),
        (
            "Xí nghiệp nước sạch Đông Hà trân trọng thông báo để Khách hàng trong khu vực trên "
            "được biết, có kế hoạch sử dụng nước phù hợp và mong nhận đư",
            "có kế hoạch sử dụng nước phù hợp.",
            "và mong nhận đư",
        ),
        (
            "Phối hợp Trung tâm Y tế tăng cường truyền thông đến người dân về các biện pháp "
            "phòng chống dịch sốt xuất huyết để mọi người chủ động thực hiện, trong đó biện pháp "
            "hiệu quả và đơn giản nhất là thường xuyên di",
            "để mọi người chủ động thực hiện.",
            "trong đó biện pháp hiệu quả và đơn giản nhất là thường xuyên di",
        ),
    ],
)
def test_a_cut_off_sentence_keeps_its_complete_clauses(last: str, kept: str, tail: str) -> None:
    cleaned = clean_text(f"{BODY}\n\n{BODY}\n\n{last}")
    assert cleaned.text.endswith(kept)
    assert cleaned.removed(Reason.CUT_OFF)[0].text == tail


def test_a_citation_line_without_a_period_is_not_cut_off() -> None:
    last = (
        "Công văn 3464/ UBND- KGVX ngày 24/7/2021 của UBND tỉnh Thái Nguyên về việc tăng cường "
        "các biện pháp cấp bách phòng chống dịch"
    )
    cleaned = clean_text(f"{BODY}\n\n{last}")
    assert cleaned.text.endswith(last)
    assert not cleaned.removals


@pytest.mark.parametrize(
    ("line", "repaired", "found"),
    [
        (
            "văn bảnsố 12 và điểmbắn pháo hoa",
            "văn bản số 12 và điểm bắn pháo hoa",
            ["bảnsố", "điểmbắn"],
        ),
        ("Ủy ba n nhân dân phường", "Ủy ban nhân dân phường", ["ba n"]),
        (
            "với lực lư ng nòng cốt là nhân viên y tế",
            "với lực lượng nòng cốt là nhân viên y tế",
            ["lư ng"],
        ),
        ("đã đư c phê duyệt", "đã được phê duyệt", ["đư c"]),
        ("Phối h p Trung tâm Y tế", "Phối hợp Trung tâm Y tế", ["h p"]),
    ],
)
def test_broken_pdf_words_are_repaired(line: str, repaired: str, found: list[str]) -> None:
    # A PDF font that loses "ợ" and "ỉ" loses them everywhere, so the text never shows them.
    cleaned = clean_text(f"{line}.")
    assert cleaned.text == f"{repaired}."
    assert [w.text for w in cleaned.broken] == found
    assert all(w.repair for w in cleaned.broken)


def test_a_broken_word_with_no_certain_repair_is_marked_not_aired_silently() -> None:
    cleaned = clean_text("Người dân cần thực hiện ngay việc tiêm phòng cho gia súc trong tuầnxyz.")
    assert not cleaned.broken or cleaned.broken[0].repair is None


def test_detached_pdf_tone_marks_are_removed_and_reported() -> None:
    line = "V/v báo cáo nhanh tinh hình bị thiêt hai \u0300 \u0323 \u0323 do lũ lụt."
    cleaned = clean_text(line)
    assert "\u0323" not in cleaned.text and "\u0300" not in cleaned.text
    assert cleaned.removed(Reason.DETACHED_MARKS)


def test_a_flattened_two_column_header_is_split() -> None:
    text = (
        "UBND TỈNH NINH THUẬN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM SỞ GIÁO DỤC VÀ ĐÀO TẠO "
        "Độc lập - Tự do - Hạnh phúc Số : 2917 /SGDĐT-VP Phan Rang-Tháp Chàm, ngày 05 tháng11 "
        "năm 2010 V/v báo cáo nhanh tình hình thiệt hại do lũ lụt."
    )
    assert clean_text(text).text.split("\n") == [
        "UBND TỈNH NINH THUẬN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "SỞ GIÁO DỤC VÀ ĐÀO TẠO",
        "Độc lập - Tự do - Hạnh phúc",
        "Số : 2917 /SGDĐT-VP",
        "Phan Rang-Tháp Chàm, ngày 05 tháng11 năm 2010",
        "V/v báo cáo nhanh tình hình thiệt hại do lũ lụt.",
    ]


@pytest.mark.parametrize(
    "word",
    "chỉ đạo lượng được hợp đợt tỉnh quyết quân giếng gì khuya tuyển người khoẻ quốc".split(),
)
def test_vietnamese_syllables(word: str) -> None:
    assert is_syllable(word)
    assert is_syllable(word.upper())


@pytest.mark.parametrize("word", "ch nh ng bảnsố điểmbắn cí kê̂ gha ngha VNeID Facebook".split())
def test_not_syllables(word: str) -> None:
    assert not is_syllable(word)


def test_words_that_lost_their_tone_to_detached_marks_are_not_aired_silently() -> None:
    line = "V/v báo cáo nhanh tinh hình bị thiêt hai \u0300 \u0323 \u0323 do lũ lụt."
    cleaned = clean_text(line)
    lost = {w.text for w in cleaned.broken if w.kind == "lost_mark"}
    assert {"tinh", "hai"} <= lost  # "tình", "hại": which mark goes where is not certain
    assert all(w.repair is None for w in cleaned.broken if w.kind == "lost_mark")
    assert cleaned.unrepaired_in("bị thiêt hai do lũ lụt")


def test_a_unit_after_a_number_is_not_a_broken_word() -> None:
    assert not clean_text("Nước ngập khoảng 1 m và bị ngâm nhiều ngày.").broken


def test_short_lines_above_a_posts_headline_are_the_pages_menu_and_categories() -> None:
    headline = "Xã Tân Phú ra quân tổng vệ sinh môi trường phòng chống sốt xuất huyết"
    text = (
        "Tìm kiếm\nGiới thiệu chung\nKinh tế - Xã hội\n"
        f"{headline}\n(08:15 | 12/06/2022)\n\n{BODY}\n\n{BODY.replace('xã', 'thôn')}"
    )
    cleaned = clean_text(text)
    assert cleaned.text.startswith(headline)
    removed = [(r.text, r.reason) for r in cleaned.removals]
    assert removed[:3] == [
        ("Tìm kiếm", Reason.NAVIGATION),
        ("Giới thiệu chung", Reason.NAVIGATION),
        ("Kinh tế - Xã hội", Reason.NAVIGATION),
    ]
    # Without a post's date line the headline cannot be told, and nothing goes.
    assert clean_text(text.replace("(08:15 | 12/06/2022)", "")).text.startswith("Tìm kiếm")


def test_an_unmarked_line_is_a_widget_only_in_text_written_with_marks() -> None:
    label = "Chung nhan Website uy tin"
    assert label not in clean_text(f"{label}\n\n{BODY}").text
    plain = "UBND xa Vinh Hung de nghi Nhan dan theo doi danh sach cu tri."
    assert label in clean_text(f"{label}\n\n{plain}").text


def test_table_bars_at_the_ends_of_a_line_are_layout() -> None:
    cleaned = clean_text(f"Kính gửi: Quý khách hàng sử dụng điện |\n{BODY} |")
    assert "|" not in cleaned.text
    assert [r.reason for r in cleaned.removals] == [Reason.LAYOUT, Reason.LAYOUT]


def test_a_write_ups_attribution_and_source_are_removed_and_kept_as_data() -> None:
    text = (
        "Theo thông tin trên cổng thông tin của Công ty Điện lực Bắc Ninh (PCBN), ngày 5/7 "
        "nhiều khu vực sẽ tạm ngừng cấp điện để bảo dưỡng lưới điện.\n"
        f"{BODY} Nguồn: PCBN\n"
        "Lịch cúp điện Bắc Ninh ngày 5/7 - Thông tin mới nhất\n"
        "Minh Hà"
    )
    cleaned = clean_text(text)
    assert cleaned.text.startswith("Ngày 5/7 nhiều khu vực")
    assert cleaned.text.endswith("danh sách cử tri.")
    removed = [(r.text, r.reason) for r in cleaned.removals]
    assert (
        "Theo thông tin trên cổng thông tin của Công ty Điện lực Bắc Ninh (PCBN)",
        Reason.SOURCE,
    ) in removed
    assert ("Nguồn: PCBN", Reason.SOURCE) in removed
    assert ("Lịch cúp điện Bắc Ninh ngày 5/7 - Thông tin mới nhất", Reason.HEADLINE) in removed


def test_a_table_copied_one_cell_a_line_is_read_as_one_item_a_row() -> None:
    cells = [
        "STT", "Khu vực", "Thôn", "Địa điểm", "(tiêm chủng)",
        "1", "Khu vực 1", "Thôn Đông, Thôn Tây", "Trạm Y tế",
        "2", "Khu vực 2", "Thôn Bắc", "Thôn Bắc",
    ]  # fmt: skip
    text = f"{BODY}\n\n" + "\n\n".join(cells) + f"\n\n{BODY.replace('xã', 'thôn')}"
    cleaned = clean_text(text)
    assert "- Khu vực 1: thôn: Thôn Đông, Thôn Tây; địa điểm (tiêm chủng): Trạm Y tế." in (
        cleaned.text
    )
    # A place that is both a row's cell and the next cell is not a caption printed twice.
    assert "- Khu vực 2: thôn: Thôn Bắc; địa điểm (tiêm chủng): Thôn Bắc." in cleaned.text
    assert [r.text for r in cleaned.removed(Reason.TABLE)] == [*cells[:5], "1", "2"]
    assert Reason.CAPTION not in {r.reason for r in cleaned.removals}


def test_a_pdf_copy_with_short_lines_among_its_full_ones_still_joins_its_wraps() -> None:
    full = [
        "Công ty thông báo đến Quý khách hàng sử dụng nước được biết về thời gian tạm",
        "ngừng cấp nước do sửa chữa đường ống chính tại khu vực phường Hoàng Văn",
        "Thụ, phường Gia Sàng và một phần phường Quang Trung thuộc thành phố Thái",
        "Nguyên trước đây, thời gian dự kiến từ 07 giờ 00 phút đến khoảng 16 giờ",
        "cùng ngày. Sau khi sửa chữa xong, Công ty thực hiện cấp nước trở lại ngay,",
        "tuy nhiên các hộ ở khu vực có địa hình cao có thể chưa có nước hoặc nước",
        "yếu trong một số giờ tiếp theo, mong Quý khách hàng thông cảm và chia sẻ",
        "cùng Công ty trong thời gian thi công sửa chữa đường ống cấp nước chính",
        "của thành phố. Đề nghị Quý khách hàng chủ động dự trữ nước để sử dụng.",
    ]
    short = [  # a table's cells and short paragraph ends: more than a third of the lines
        "- Tổ 1, tổ 2 phường Gia Sàng: cả ngày;",
        "- Tổ 5 phường Hoàng Văn Thụ: buổi sáng;",
        "- Tổ 7 phường Quang Trung: buổi chiều;",
        "- Các hộ dọc đường Bắc Kạn: cả ngày.",
        "0208 3851 742 - Phòng Kinh doanh Công ty;",
        "0208 3859 519 - Xí nghiệp Nước sạch số 1;",
        "0888 722 567 - Số điện thoại đường dây nóng.",
    ]
    cleaned = clean_text("\n".join(full + short))
    assert "phường Hoàng Văn Thụ, phường Gia Sàng" in cleaned.text
    assert "thành phố Thái Nguyên trước đây" in cleaned.text


def test_a_name_the_writer_spells_the_same_way_twice_is_not_split_as_glued() -> None:
    text = (
        "UBND xã Anông thông báo lịch tiêm chủng tại trạm y tế xã Anông.\n"
        "Người dân xã Anông đưa trẻ đi tiêm đúng lịch."
    )
    cleaned = clean_text(text)
    assert cleaned.text.count("Anông") == 3
    assert not [w for w in cleaned.broken if w.text == "Anông"]
    # Glued once, it is still two words run together.
    assert "văn bản số" in clean_text("Theo văn bảnsố 12 của UBND xã về tiêm chủng.").text


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("đề phòng loại tội phạm này như sau:Cảnh báo các thủ đoạn.", "như sau: Cảnh báo"),
        ("Đề nghị bà con được biết.Đề nghị các hộ dân thực hiện.", "được biết. Đề nghị"),
        ("Tại TP.Hồ Chí Minh từ 17:30 ngày 5/5, Số:12 và Q.10.", "TP.Hồ Chí Minh từ 17:30"),
    ],
)
def test_a_stop_glued_to_the_next_sentence_gets_its_space(line: str, kept: str) -> None:
    assert kept in clean_text(line).text


def test_dots_for_and_so_on_glued_to_the_next_clause_become_a_comma() -> None:
    # 104_phonghoa: "tím tái, ....phụ huynh cần …"
    cleaned = clean_text(
        "Trong trường hợp phát hiện trẻ có dấu hiệu bất thường: Sốt cao, co giật, tím tái, "
        "....phụ huynh cần đưa ngay trẻ đến cơ sở y tế."
    )
    assert "tím tái, phụ huynh cần đưa ngay" in cleaned.text
    assert "." not in cleaned.text.split("tím tái")[1].split("cơ sở")[0]


def test_a_time_written_with_its_decimals_is_not_taken_for_dots() -> None:
    cleaned = clean_text("Giá 1.500 đồng... mỗi ký, bà con lưu ý.")
    assert "1.500" in cleaned.text


PROSE = (
    "Ngày 16/04/2025, Hội đồng nghĩa vụ quân sự xã Phước Lộc đã tổ chức đăng ký nghĩa vụ quân "
    "sự lần đầu cho các nam công dân đủ 17 tuổi tại địa phương."
)


def test_a_caption_between_two_paragraphs_of_a_write_up_is_dropped() -> None:
    # 109_phuocloc: the photo captions stand between paragraphs, with no stop
    caption = "Thanh niên trong diện đến tham gia đăng ký nghĩa vụ quân sự lần đầu"
    cleaned = clean_text(f"{PROSE}\n\n{caption}\n{PROSE.replace('Phước Lộc', 'Tân Thành')}")
    assert caption not in cleaned.text
    assert [r.text for r in cleaned.removed(Reason.INTERTITLE)] == [caption]


def test_a_short_item_after_a_colon_is_not_a_caption() -> None:
    text = f"{PROSE}\nĐịa điểm:\nNhà văn hóa thôn Đông\n{PROSE.replace('Phước Lộc', 'Tân Thành')}"
    assert "Nhà văn hóa thôn Đông" in clean_text(text).text


def test_a_labels_colon_glued_to_its_number_gets_its_space() -> None:
    # 100_nhatrang
    cleaned = clean_text(
        "3. Thời gian niêm yết:20 ngày, kể từ ngày 11-4-2018 đến hết ngày 2-5-2018."
    )
    assert "Thời gian niêm yết: 20 ngày" in cleaned.text


def test_a_minutes_sign_after_a_clock_time_goes() -> None:
    # 129_dawaco: "Từ 14h00′ đến 15h30′"
    cleaned = clean_text(
        "Từ 14h00′ đến 15h30′ thứ hai ngày 02/02/2026, công ty thao tác trên tuyến ống."
    )
    assert "Từ 14h00 đến 15h30 thứ hai" in cleaned.text


def test_pictographs_used_as_bullets_become_a_list_and_are_never_read() -> None:
    # 143_cogiang: a social-media post
    cleaned = clean_text(
        "Ngày 13/4/2021, phường Cô Giang niêm yết danh sách cử tri tại địa điểm như sau:\n"
        "👉 Khu phố 1: số 57 Đề Thám\n👉 Khu phố 2: số 59 Đề Thám\n"
        "✍️Khi kiểm tra danh sách cử tri, nếu phát hiện sai sót, cử tri có quyền khiếu nại."
    )
    assert "- Khu phố 1: số 57 Đề Thám" in cleaned.text
    assert "- Khi kiểm tra danh sách cử tri" in cleaned.text
    assert not any(ch in cleaned.text for ch in "👉✍\ufe0f")


def test_a_table_whose_serial_column_has_its_own_head_is_read_as_a_list() -> None:
    # 142_bachmai: "Khu vực bỏ phiếu" heads the serial column; an address in brackets under
    # a cell is that cell's second line
    lines = [
        "1. Địa điểm bỏ phiếu",
        "Khu vực bỏ phiếu",
        "Gồm các",
        "Tổ dân phố",
        "(TDP)",
        "Địa điểm bỏ phiếu",
        "1",
        "TDP số 1 và 3",
        "Trường THCS Ngô Gia Tự",
        "(Địa chỉ ngõ 300 Bạch Mai)",
        "2",
        "TDP số 2 và 12",
        "Trung tâm giáo dục thường xuyên",
        "(Địa chỉ số 15 Bùi Ngọc Dương)",
        "3",
        "TDP số 5, 7, 8",
        "Trường Tiểu học Bạch Mai",
        "(Địa chỉ số 44-46 phố Hồng Mai)",
    ]
    cleaned = clean_text("\n\n".join(lines) + "\n\nĐề nghị cử tri đi bầu cử đúng giờ.")
    assert "- TDP số 1 và 3: Trường THCS Ngô Gia Tự (Địa chỉ ngõ 300 Bạch Mai)." in cleaned.text
    assert "Gồm các" not in cleaned.text
    assert "\n1\n" not in f"\n{cleaned.text}\n"


def test_a_links_words_in_brackets_are_cut_out() -> None:
    # 144_caugiay
    cleaned = clean_text(
        "Phòng Văn hóa thông báo Kế hoạch tiêm phòng (Xem nội dung kế hoạch tại đây)."
    )
    assert "Xem nội dung" not in cleaned.text
    assert [r.reason for r in cleaned.removals] == [Reason.READ_MORE]
