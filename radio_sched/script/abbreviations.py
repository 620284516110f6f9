"""Abbreviations a reader expands aloud, kept as data so more can be added without code.

This module is the one home of the abbreviations the program knows; spoken.py reads every table
here and holds only the rules of context.

* ``ABBREVIATIONS``: whole tokens, matched case-sensitively (never inside a longer word or
  acronym); "&" and "-" count as token edges so "PCTT&XYZ" still expands its known half. Longer
  keys win. A compound written with "&", "-" or "," is also looked up with its joiners removed
  ("LĐ-TB&XH" finds "LĐTBXH"), so each known compound is read by its natural full name.
* ``COMPOUND_PARTS``: parts that have one meaning only *inside* such a compound ("TN" and "MT" in
  "TN&MT"); alone they are too ambiguous to expand.
* ``CONTEXTUAL``: abbreviations with two meanings, each with the words around it that select it
  ("BCH" is Ban Chấp hành of a party or union, Ban Chỉ huy of the military or disaster command).
* ``DOTTED_ABBREVIATIONS``: titles and places written with a dot before a name ("TP. Huế",
  "BS. Lan"): the dot is not a sentence end. ``ADDRESS_ABBREVIATIONS``: "P.3", "Q.10".
* ``SIGNING_AUTHORITIES``: "KT.", "TL.", "TM.", "TUQ." before a signer's title.
* ``DOCUMENT_TYPES``: "KH số 04", "QĐ 123".

Entries whose reading depends on digits (ĐT = điện thoại before a phone number but đường tỉnh
before a road number, QL + number, COVID-19, F0) are rules in spoken.py instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

ABBREVIATIONS: Final[dict[str, str]] = {
    # Government and mass organisations
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "MTTQ": "Mặt trận Tổ quốc",
    "UBMTTQ": "Ủy ban Mặt trận Tổ quốc",
    "UBMTTQVN": "Ủy ban Mặt trận Tổ quốc Việt Nam",
    "MTTQVN": "Mặt trận Tổ quốc Việt Nam",
    "ĐBQH": "đại biểu Quốc hội",
    "UBTVQH": "Ủy ban Thường vụ Quốc hội",
    "CHXHCN": "Cộng hòa xã hội chủ nghĩa",
    "CHXHCNVN": "Cộng hòa xã hội chủ nghĩa Việt Nam",
    "TW": "Trung ương",
    "TƯ": "Trung ương",
    "T.Ư": "Trung ương",
    "HUV": "Huyện ủy viên",
    "TUV": "Tỉnh ủy viên",
    "VP": "Văn phòng",
    "BĐBP": "Bộ đội Biên phòng",
    "KTTV": "Khí tượng Thủy văn",
    "CNVC": "công nhân viên chức",
    "CNVCLĐ": "công nhân viên chức, lao động",
    "BCĐ": "Ban Chỉ đạo",
    "BCHQS": "Ban Chỉ huy quân sự",
    "CHQS": "Chỉ huy quân sự",
    "BQL": "Ban Quản lý",
    "BTV": "Ban Thường vụ",
    "UBKT": "Ủy ban Kiểm tra",
    "CAND": "Công an nhân dân",
    "QĐND": "Quân đội nhân dân",
    "CCB": "Cựu chiến binh",
    "ĐVTN": "đoàn viên thanh niên",
    "ĐTN": "Đoàn Thanh niên",
    "TNCS": "Thanh niên Cộng sản",
    "LHPN": "Liên hiệp Phụ nữ",
    "HTX": "hợp tác xã",
    "BTC": "Ban Tổ chức",
    "BGH": "Ban Giám hiệu",
    "ĐU": "Đảng ủy",
    "TTYT": "Trung tâm Y tế",
    "TYT": "Trạm Y tế",
    "BVĐK": "Bệnh viện Đa khoa",
    "CDC": "Trung tâm Kiểm soát bệnh tật",
    "GV": "giáo viên",
    "HS": "học sinh",
    "SV": "sinh viên",
    "CCCD": "căn cước công dân",
    "CMND": "chứng minh nhân dân",
    "GPLX": "giấy phép lái xe",
    "KCN": "khu công nghiệp",
    "TDP": "tổ dân phố",
    "KDC": "khu dân cư",
    "UB": "Ủy ban",
    "TP": "thành phố",
    "Tp": "thành phố",
    "HCM": "Hồ Chí Minh",
    "TPHCM": "thành phố Hồ Chí Minh",
    "TX": "thị xã",
    # Ministries and departments
    "TTTT": "Thông tin và Truyền thông",
    "TT&TT": "Thông tin và Truyền thông",
    "BTTTT": "Bộ Thông tin và Truyền thông",
    "STTTT": "Sở Thông tin và Truyền thông",
    "CNTT&TT": "Công nghệ thông tin và Truyền thông",
    "GD&ĐT": "Giáo dục và Đào tạo",
    "GDĐT": "Giáo dục và Đào tạo",
    "NN&PTNT": "Nông nghiệp và Phát triển nông thôn",
    "NNPTNT": "Nông nghiệp và Phát triển nông thôn",
    "PTNT": "Phát triển nông thôn",
    "NNMT": "Nông nghiệp và Môi trường",
    "KHĐT": "Kế hoạch và Đầu tư",
    "KHCN": "Khoa học và Công nghệ",
    "GTVT": "Giao thông vận tải",
    "TN&MT": "Tài nguyên và Môi trường",
    "TNMT": "Tài nguyên và Môi trường",
    "LĐTB&XH": "Lao động, Thương binh và Xã hội",
    "LĐTBXH": "Lao động, Thương binh và Xã hội",
    "VH-TT": "văn hóa thông tin",
    "VHTT": "văn hóa thông tin",
    "VH&TT": "Văn hóa và Thông tin",
    "PT-TH": "Phát thanh Truyền hình",
    "PT&TH": "Phát thanh Truyền hình",
    "VH,TT&DL": "Văn hóa, Thể thao và Du lịch",
    "VHTTDL": "Văn hóa, Thể thao và Du lịch",
    "TDTT": "thể dục thể thao",
    # Topics
    "PCCC": "phòng cháy chữa cháy",
    "PCCC&CNCH": "phòng cháy chữa cháy và cứu nạn cứu hộ",
    "CNCH": "cứu nạn cứu hộ",
    "PCTT": "phòng chống thiên tai",
    "TKCN": "tìm kiếm cứu nạn",
    "PCTT&TKCN": "phòng chống thiên tai và tìm kiếm cứu nạn",
    "ATGT": "an toàn giao thông",
    "TTATGT": "trật tự an toàn giao thông",
    "CSGT": "cảnh sát giao thông",
    "THCS": "trung học cơ sở",
    "THPT": "trung học phổ thông",
    "NVQS": "nghĩa vụ quân sự",
    "KT-XH": "kinh tế xã hội",
    "KTXH": "kinh tế xã hội",
    "ANTT": "an ninh trật tự",
    "ANQP": "an ninh quốc phòng",
    "QP-AN": "quốc phòng an ninh",
    "TTATXH": "trật tự an toàn xã hội",
    "ATTP": "an toàn thực phẩm",
    "ATVSTP": "an toàn vệ sinh thực phẩm",
    "TNGT": "tai nạn giao thông",
    "BVTV": "bảo vệ thực vật",
    "VSMT": "vệ sinh môi trường",
    "NTM": "nông thôn mới",
    "XDNTM": "xây dựng nông thôn mới",
    "VSATTP": "vệ sinh an toàn thực phẩm",
    "CNTT": "công nghệ thông tin",
    "BHYT": "bảo hiểm y tế",
    "BHXH": "bảo hiểm xã hội",
    "SĐT": "số điện thoại",
    "VN": "Việt Nam",
    "VNĐ": "đồng",
    "VND": "đồng",
    "USD": "đô la Mỹ",
    # Health campaign words (the digit-bearing ones, COVID-19, F0, 5K, are rules in spoken.py)
    "WHO": "Tổ chức Y tế Thế giới",
    "vaccine": "vắc xin",
    "Vaccine": "Vắc xin",
    "vắc-xin": "vắc xin",
    "Vắc-xin": "Vắc xin",
    "vắcxin": "vắc xin",
    "COVID": "Cô-vít",
    "Covid": "Cô-vít",
    "covid": "Cô-vít",
    "MERS-CoV": "Mẹc-cô-vi",
    "nCoV": "en-cô-vi",
    "AIDS": "ết",
    # Foreign words read as words, not spelled letter by letter (an unknown cluster is spelled)
    "ASEAN": "A-xê-an",
    "UNESCO": "U-nét-xcô",
    "UNICEF": "U-ni-xép",
    "NATO": "Na-tô",
    "OK": "ô kê",
    "WiFi": "oai phai",
    # Foreign words a Vietnamese voice stumbles on
    "Email": "Thư điện tử",
    "email": "thư điện tử",
    "E-mail": "Thư điện tử",
    "e-mail": "thư điện tử",
    "Website": "Trang thông tin điện tử",
    "website": "trang thông tin điện tử",
    "Hotline": "Đường dây nóng",
    "hotline": "đường dây nóng",
    # Writing conventions
    "V/v": "về việc",
    "v/v": "về việc",
    "b/c": "báo cáo",
    "đ/c": "đồng chí",
    "Đ/c": "Đồng chí",
    "v.v.": "vân vân",
    "v.v": "vân vân",
    "VD": "ví dụ",
}

# Inside a compound only ("TN&MT", "KT–VH–XH"): lowercase, the way the topic is said.
COMPOUND_PARTS: Final[dict[str, str]] = {
    "NN": "nông nghiệp",
    "LĐ": "lao động",
    "TB": "thương binh",
    "XH": "xã hội",
    "VH": "văn hóa",
    "DL": "du lịch",
    "TN": "tài nguyên",
    "MT": "môi trường",
    "GD": "giáo dục",
    "KT": "kinh tế",
    "QP": "quốc phòng",
    "AN": "an ninh",
    "YT": "y tế",
    "XD": "xây dựng",
}


@dataclass(frozen=True)
class ContextualReading:
    """One meaning of an ambiguous abbreviation and the words that select it.

    ``after``: the words right after the abbreviation that name what it heads ("BCH Quân sự",
    "BCH Đảng bộ"), tried first; ``before``: words earlier in the sentence ("Chỉ huy trưởng
    BCH xã"). All lowercase; an abbreviation counts in its written and expanded forms."""

    words: str
    after: tuple[str, ...]
    before: tuple[str, ...]


# The first reading is the default when no cue is found: in public writing "BCH" is far more
# often a party, Đoàn or union Ban Chấp hành; the military writes "Ban CHQS" or "Bộ CHQS".
CONTEXTUAL: Final[dict[str, tuple[ContextualReading, ...]]] = {
    "BCH": (
        ContextualReading(
            "Ban Chấp hành",
            after=(
                "đảng", "đoàn", "công đoàn", "chi đoàn", "chi bộ", "hội", "trung ương", "tw",
                "tư", "t.ư", "liên đoàn", "lđlđ", "thành đoàn", "huyện đoàn", "tỉnh đoàn",
                "mặt trận", "mttq", "cựu chiến binh", "ccb",
            ),
            before=("đảng", "đại hội", "hội nghị", "công đoàn", "đoàn viên", "ủy viên"),
        ),
        ContextualReading(
            "Ban Chỉ huy",
            after=(
                "quân sự", "qs", "pctt", "phòng chống thiên tai", "phòng, chống thiên tai",
                "phòng chống lụt bão", "tkcn", "tìm kiếm cứu nạn", "phòng thủ", "ptds", "pccc",
                "phòng cháy", "biên phòng", "bộ đội",
            ),
            before=("quân sự", "chỉ huy", "dân quân", "thiên tai", "pctt", "bão", "lũ"),
        ),
    ),
}  # fmt: skip

DOTTED_ABBREVIATIONS: Final[dict[str, str]] = {
    "TP": "thành phố",
    "Tp": "thành phố",
    "TX": "thị xã",
    "Tx": "thị xã",
    "BS": "Bác sĩ",
    "ThS": "Thạc sĩ",
    "TS": "Tiến sĩ",
    "PGS": "Phó Giáo sư",
    "GS": "Giáo sư",
    "KS": "Kỹ sư",
}

# "TT. HĐND tỉnh", "TT.Ủy ban nhân dân": before an elected body or a committee, "TT." is its
# standing committee ("Thường trực"); elsewhere it may be a thị trấn, so it is left alone.
STANDING_BODY: Final[tuple[str, str]] = ("TT", "Thường trực")

# "P.3, Q.10", "P.Tân Thuận Đông": a ward and a district (before a number or a place name).
ADDRESS_ABBREVIATIONS: Final[dict[str, str]] = {"P": "phường", "Q": "quận"}

SIGNING_AUTHORITIES: Final[dict[str, str]] = {
    "KT": "Ký thay",
    "TL": "Thừa lệnh",
    "TM": "Thay mặt",
    "TUQ": "Thừa ủy quyền",
}

# Before "số" or a number: "KH số 04" → "kế hoạch số bốn".
DOCUMENT_TYPES: Final[dict[str, str]] = {
    "KH": "kế hoạch",
    "CT": "chỉ thị",
    "QĐ": "quyết định",
    "CV": "công văn",
    "TB": "thông báo",
    "NQ": "nghị quyết",
    "NĐ": "nghị định",
    "HD": "hướng dẫn",
    "BC": "báo cáo",
    "KL": "kết luận",
}
