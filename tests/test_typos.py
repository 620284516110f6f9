"""Writers' typos (directive/typos.py): repaired when one answer is certain, otherwise held back;
real words, names and values that merely look odd are left alone. Sentences are real: from the
corpus (tests/data/directives) or from the stored pages cited in tests/data/spoken_phrases.tsv."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from radio_sched.cli.documents import explain_cleaning
from radio_sched.directive.clean import clean_text
from radio_sched.directive.parse import parse_text
from radio_sched.directive.typos import find_typos, unairable
from radio_sched.models import SentenceCategory
from radio_sched.script.classify import classify

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize(
    ("text", "typo", "repair", "kind"),
    [
        # 50_soctrang: a breve on a syllable that no one writes
        ("Buổi sắng bắt đầu từ 7 giờ 30 phút đến 11 giờ.", "sắng", "sáng", "non_word"),
        ("Sắng nay trời mưa to.", "Sắng", "Sáng", "non_word"),  # opening a sentence
        # 33_tungchau: hỏi for ngã, though "trừ", "trụ", "trú" are one mark away too
        (
            "chủ động nguồn thức ăn thô xanh dự trử cho đàn trâu bò như: rơm rạ, ngô sinh khối.",
            "trử",
            "trữ",
            "non_word",
        ),
        # spoken_phrases.tsv (conganbackan.vn): sắc for hỏi
        (
            "đất đá bên taluy dương sạt xuống mặt đường với khoẳng 100m3.",
            "khoẳng",
            "khoảng",
            "non_word",
        ),
        # 33_tungchau: a temperature is not a percentage
        (
            "những ngày nhiệt độ xuống quá thấp dưới 13% thì tuyệt đối không được chăn thả gia súc",
            "13%",
            "13 độ C",
            "percent_temperature",
        ),
        # 104_phonghoa: the degree sign typed as a letter o
        (
            "Trong trường hợp phát hiện trẻ có dấu hiệu bất thường: Sốt cao trên 38oC, co giật.",
            "38oC",
            "38 độ C",
            "unit_typo",
        ),
        # 103_anninhtay: the hour's unit repeated after the minutes; a stop before "phút"
        ("+ Buổi sáng: từ 7 giờ 30 giờ đến 11 giờ.", "7 giờ 30 giờ", "7 giờ 30", "unit_typo"),
        ("+ Buổi chiều: từ 14 giờ đến 16 giờ 30.phút.", ".", " ", "unit_typo"),
        # 126_tientien: a unit word typed twice before its name; the currency written twice
        (
            "+ Ngày 10/11 tổ chức tiêm trên địa bàn thôn thôn Cập Nhất 3;",
            "thôn thôn",
            "thôn",
            "repeated_word",
        ),
        (
            "Giá tiền tiêm: 01 liều cho một con chó bằng 20.000đ đồng/lần/con.",
            "đ ",
            " ",
            "unit_typo",
        ),
        # 126_tientien, 104_phonghoa: misspellings of the lists of common errors
        ("- Vác xin tiêm phòng: loại Rabinsin.", "Vác xin", "Vắc xin", "known_misspelling"),
        (
            "- Vắc xin Bạch hầu - Viêm màn não mũ do Hip (5 trong 1)",
            "màn não mũ",
            "màng não mủ",
            "known_misspelling",
        ),
        # 47_byt: the slash of 13/3 lost; the list's other dates are in March
        (
            "1. Quán ăn ở ngõ 13 Thái Hà, Hà Nội ngày 133 từ 12 giờ - 14 giờ.\n"
            "2. Quán thịt xiên nướng (31A Hồ Đắc Di, Hà Nội) ngày 15-3 từ 17 giờ đến 20 giờ.",
            "ngày 133",
            "ngày 13/3",
            "impossible_date",
        ),
    ],
)
def test_certain_typos_are_repaired_with_a_record(
    text: str, typo: str, repair: str, kind: str
) -> None:
    repaired, found = find_typos(text)
    assert [(w.text, w.repair, w.kind) for w in found] == [(typo, repair, kind)]
    assert repaired == text.replace(typo, repair, 1)
    assert found[0].note  # a Vietnamese sentence for the operator
    assert found[0].line == 1


@pytest.mark.parametrize(
    ("text", "typo"),
    [
        # 72_ninhthuan (marks lost): "đừng", "đứng" and "đựng" are all common
        ("03 tủ đưng trang thiết bị dạy học, 06 bộ bàn ghế", "đưng"),
        # no other date tells which month "133" is
        ("Quán ăn ở ngõ 13 Thái Hà ngày 133 từ 12 giờ - 14 giờ.", "ngày 133"),
        ("Lễ khai mạc vào ngày 45 tháng 6 năm 2024.", "ngày 45 tháng 6"),
        ("Thời gian: ngày 5 tháng 13 năm 2024.", "ngày 5 tháng 13"),
        ("hạn nộp hồ sơ ngày 32/12/2024.", "ngày 32/12"),
        ("Hạn nộp hồ sơ đến hết ngày 31/4/2024.", "ngày 31/4"),  # April has 30 days
        ("Hạn nộp hồ sơ đến hết ngày 30 tháng 2 năm 2024.", "ngày 30 tháng 2"),
        ("Thời gian ngừng cấp điện từ 7h30 đến 17h75 cùng ngày.", "17h75"),
    ],
)
def test_uncertain_typos_are_marked_and_not_aired(text: str, typo: str) -> None:
    repaired, found = find_typos(text)
    assert repaired == text
    assert [(w.text, w.repair) for w in found] == [(typo, None)]
    assert "không được đọc" in found[0].note
    assert unairable(text) == (typo,)


@pytest.mark.parametrize(
    "text",
    [
        "Đề nghị các hộ gia đình treo cờ Tổ quốc, băng zôn khẩu hiệu như sau:",  # 38: loanword
        "Hướng dẫn nhân dân ở nơi xung yếu chằng chống, néo nhà cửa và các tài sản.",  # 69: rare
        "Đề nghị bà con đến UBND xã Nặm Nhùn trước ngày 20/01/2026.",  # a name, mid-sentence
        "Nặm Pồ là huyện mới thành lập của tỉnh Điện Biên.",  # a name opening a sentence
        "BUỔI SẮNG",  # capitals: a heading or a name, never guessed at
        "Công ty trả lương tháng 13 cho người lao động trước Tết.",  # a bonus, not a date
        "Thời hạn tạm trú là 3 tháng 15 ngày kể từ ngày đăng ký.",  # a length of time
        "Trong ngày 200 ca mắc mới được ghi nhận.",  # a count, not a date
        "Nhiệt độ cao nhất 32 độ C, độ ẩm 85%.",  # humidity is a percentage
        "Nhiệt độ trung bình 25 độ C, độ ẩm không khí 70-80%.",
        "Tỷ lệ tiêm chủng đạt 98%, nhiệt độ ổn định.",
        "Buổi sáng bắt đầu từ 7 giờ 30 phút, ngày 15-3 và ngày 31/12/2024.",
        "Hạn cuối ngày 29/2/2024, từ 7h30 đến 11h00 và từ 13h30-17h.",
        # phongchongthientai.mard.gov.vn: a clock time, then a duration
        "Hồi 04 giờ ngày 11/10, vị trí tâm bão ở khoảng 14,6 độ Vĩ Bắc. Dự báo trong 12 giờ "
        "tới, bão di chuyển theo hướng Tây Tây Bắc, mỗi giờ đi được khoảng 20km.",
        "Mất điện kéo dài 25 giờ 30 phút.",  # a duration may pass 24 hours
        "Truy cập tuyensinhthuduc.vn hoặc gửi thư tới ubnd@hochiminhcity.gov.vn.",
        # thanhnien.vn/pages/20111008/kho-vi-duong-xuong-cap.aspx: Southern words, rare in print
        "Mặt đường bùn sình lầy lội và nước ngập che lấp “ổ gà, ổ trâu” bên dưới, khiến người "
        "điều khiển các phương tiện xe 2 bánh thường xuyên bị trượt té, còn nhà dân ở hai bên "
        "đường bị bùn và nước văng vào dơ bẩn.",
        # tuoitre.vn/duong-huyen-lo.html
        'Bà con qua lại đoạn đường này đi rất chậm và dòm ngó kỹ để "né" xe hướng ngược lại.',
        # reduplicative words (từ láy): rare as a whole, each half one mark from a common word
        "Đường vào thôn khấp khểnh, lổn nhổn đá, đi lại thoăn thoắt cũng không được.",
        "Nghe tiếng sột soạt, lỏm bỏm ngoài ruộng, bà con khệ nệ khiêng đồ lên cao.",
    ],
)
def test_real_words_names_and_values_are_left_alone(text: str) -> None:
    assert find_typos(text) == (text, [])
    assert unairable(text) == ()


# 34_maichau: the same letter writes "nhân dịp" twice and "nhan dịp" once.
MAICHAU = (
    "Trong những năm qua, việc tổ chức bắn pháo hoa vào đêm giao thừa nhân dịp Tết Nguyên đán "
    "tại huyện đã tạo không khí sôi nổi.\n\n"
    "Thực hiện văn bản về việc tổ chức bắn pháo hoa tại các huyện, thành phố nhân dịp Tết "
    "Nguyên đán Canh Tý 2020, Uỷ ban nhân dân huyện kêu gọi các doanh nghiệp, hộ kinh doanh và "
    "nhân dân hỗ trợ kinh phí để huyện có điều kiện tổ chức bắn pháo hoa đêm giao thừa nhan dịp "
    "Tết Nguyên đán Canh Tý năm 2020 tại huyện Mai Châu."
)
# 00_covid: "chú trọng" is written twice; "trong việc" beside "chú trọng việc" is no evidence.
CHU_TRONG = (
    "Lắng nghe tâm tư, nguyện vọng, chú trọng tháo gỡ khó khăn.\n"
    "Phản ánh thực tế, chú trọng việc kiểm tra qua hệ thống trực tuyến.\n"
    "Cần chủ động trong việc phòng chống dịch."
)


def test_a_real_word_typo_is_repaired_by_the_texts_own_spelling() -> None:
    repaired, found = find_typos(MAICHAU)
    assert [(w.text, w.repair, w.kind, w.line) for w in found] == [
        ("nhan", "nhân", "own_spelling", 3)
    ]
    assert "đêm giao thừa nhân dịp Tết" in repaired
    # without the right spelling elsewhere, a real word is never touched
    alone = MAICHAU.replace("nhân dịp", "vào dịp")
    assert find_typos(alone) == (alone, [])


def test_a_word_the_text_writes_with_its_other_neighbour_is_meant() -> None:
    assert find_typos(CHU_TRONG) == (CHU_TRONG, [])


def test_one_shared_neighbour_is_no_evidence_of_a_typo() -> None:
    # phucthanh.yenthanh.nghean.gov.vn and phongchongthientai.mard.gov.vn: "lợn và" beside
    # "lớn và", "ra ổ dịch" beside "ra ở các"
    text = (
        "Đồng thời các hộ dân chưa tiêm phòng vắc xin các mũi bắt buộc (dịch tả lợn, tụ huyết "
        "trùng lợn và tụ huyết trùng trâu, bò) thì đăng ký tại thú y xã.\n"
        "Đầu giờ sáng nay tại địa phương đã có gió lớn và đổi chiều.\n"
        "Từ khi xảy ra ổ dịch viêm da nổi cục trên trâu, bò, Cục Thú y đã phối hợp tiêm thí điểm.\n"
        "Cần đề phòng lũ quét và sạt lở đất có thể xảy ra ở các tỉnh vùng núi."
    )
    assert find_typos(text) == (text, [])


def _gold_files() -> dict[str, list[str]]:
    """Corpus file → its gold must_exclude strings."""
    files: dict[str, list[str]] = {}
    for name in ("gold_shared.json", "gold_extra.json"):
        for entry in json.loads((DATA / name).read_text(encoding="utf-8")):
            files[entry["file"]] = entry["must_exclude"]
    return files


# What the typo rules find in the whole corpus, by file. Every other file must come out with no
# typo found: a real word "repaired" in any of them fails this test.
EXPECTED = {
    "33_tungchau_chong_doi_ret_gia_suc_tb06.txt": {("13%", "13 độ C"), ("trử", "trữ")},
    "34_maichau_thu_ngo_phao_hoa_tet.txt": {("nhan", "nhân")},
    "47_byt_thong_bao_khan_so8_covid.txt": {("ngày 133", "ngày 13/3")},
    "103_anninhtay_tuyen_sinh_mau_giao_2020.txt": {("7 giờ 30 giờ", "7 giờ 30"), (".", " ")},
    "104_phonghoa_tiem_chung_thuong_xuyen_05_2025.txt": {
        ("38oC", "38 độ C"),
        ("màn não mũ", "màng não mủ"),
    },
    "125_sonvi_tam_dung_cho_phien_tb07_2021.txt": {("diễn biễn", "diễn biến")},
    "126_tientien_tiem_phong_dai_cho_vu_thu_2023.txt": {
        ("vác xin", "vắc xin"),
        ("Vác xin", "Vắc xin"),
        ("đ ", " "),
        ("thôn thôn", "thôn"),
    },
    "66_tienphong_vpcp2656_treo_co_bau_cu_2007.txt": {("các các", "các")},
    "50_soctrang_mg29_tiem_soi_rubella_2018.txt": {("sắng", "sáng")},
    # marks lost in the PDF's text layer: where one mark gives one common word it is put back
    "57_linhchieu_tuyen_sinh_lop1_2022.txt": {("thánh", "thành")},
    "72_ninhthuan_sgddt2917_lu_lut_pdf.txt": {
        ("xuông", "xuống"),
        ("ươc", "ước"),
        ("Ươc", "Ước"),
        ("đơi", None),
        ("đưng", None),
    },
}
TYPO_KINDS = {
    "non_word",
    "impossible_date",
    "percent_temperature",
    "unit_typo",
    "repeated_word",
    "known_misspelling",
    "own_spelling",
}


@pytest.mark.parametrize("name", sorted(_gold_files()), ids=lambda n: n[:2])
def test_the_corpus_yields_only_its_real_typos(name: str) -> None:
    text = unicodedata.normalize("NFC", (DATA / "directives" / name).read_text(encoding="utf-8"))
    cleaned = clean_text(text)
    found = {(w.text, w.repair) for w in cleaned.broken if w.kind in TYPO_KINDS}
    assert found == EXPECTED.get(name, set())
    repaired = [typo for typo, repair in found if repair is not None]
    for excluded in _gold_files()[name]:  # the gold's "never read this" that names a typo
        if any(typo in excluded for typo in repaired):
            assert excluded not in cleaned.text


def test_a_sentence_with_an_unrepaired_typo_is_held_back_as_broken() -> None:
    text = (
        "UBND xã Tân Thành thông báo lịch tiêm vắc xin sởi cho trẻ em.\n\n"
        "Đề nghị bà con đưa trẻ đến Trạm Y tế xã ngày 45 tháng 6 năm 2024.\n\n"
        "Đề nghị bà con cho trẻ ăn no trước khi tiêm."
    )
    cleaned, directive = parse_text(text)
    assert [w.text for w in cleaned.broken] == ["ngày 45 tháng 6"]
    decisions = classify(directive)
    held = [d for d in decisions if "ngày 45" in d.source]
    assert len(held) == 1
    assert held[0].category is SentenceCategory.BROKEN and not held[0].kept
    assert "ngày 45" in held[0].reason
    assert any(d.kept and "ăn no" in d.source for d in decisions)


def test_a_repaired_typo_is_aired_repaired() -> None:
    text = (
        "UBND xã Tân Thành thông báo lịch tiêm vắc xin sởi cho trẻ em.\n\n"
        "Buổi sắng bắt đầu từ 7 giờ 30 phút đến 11 giờ.\n\n"
        "Đề nghị bà con cho trẻ ăn no trước khi tiêm."
    )
    cleaned, directive = parse_text(text)
    assert [(w.text, w.repair) for w in cleaned.broken] == [("sắng", "sáng")]
    aired = " ".join(d.aired or d.source for d in classify(directive) if d.kept)
    assert "Buổi sáng bắt đầu" in aired and "sắng" not in aired


def test_explain_lists_each_repair_and_each_word_held_back() -> None:
    text = (
        "Buổi sắng bắt đầu từ 7 giờ 30 phút đến 11 giờ.\n\n"
        "Đề nghị bà con đưa trẻ đến Trạm Y tế xã ngày 45 tháng 6 năm 2024."
    )
    lines = explain_cleaning(clean_text(text)).splitlines()
    assert lines[0] == "Làm sạch văn bản:"
    assert any("«sắng» → «sáng»" in line and "Lỗi gõ dấu" in line for line in lines)
    assert any("«ngày 45 tháng 6»" in line and "không được đọc" in line for line in lines)


@pytest.mark.parametrize(
    "text",
    [
        "Xử phạt theo quy định tại điểm b khoản 1 Điều 5 Nghị định số 100/2019/NĐ-CP.",
        "Đề nghị bà con đưa trẻ đi uống vitamin A, bổ sung vitamin D và canxi.",
        "Trẻ sơ sinh được tiêm vắc xin viêm gan B trong 24 giờ đầu.",
        "Người có nhóm máu O, A, B đều có thể đăng ký hiến máu.",
    ],
)
def test_letters_used_as_labels_are_not_broken_words(text: str) -> None:
    assert unairable(text) == ()


def test_a_letter_lost_from_a_pdf_word_still_holds_the_sentence_back() -> None:
    # 52_hongngu: "đợt" lost its "ợ"; "đạt", "đất", "đốt", "đứt" are as likely
    assert unairable("Thường xuyên chỉ đạo Trạm Y tế thực hiện các đ t chiến dịch diệt") == ("đ",)
