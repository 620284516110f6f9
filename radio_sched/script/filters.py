"""The grammar of directives as seen from a loudspeaker: who is addressed, where the predicate
starts, what is a legal basis, and the small text repairs a spoken sentence needs.

Directives are written to agencies; a loudspeaker script speaks to citizens. The patterns here
describe the genre (Nghị định 30/2020/NĐ-CP documents and the portal write-ups made from them),
not any one document: the modal verbs that address someone ("đề nghị", "yêu cầu", "kêu gọi"), the
nouns that name agencies or citizens, the verbs that pass a task on to citizens ("vận động nhân
dân …", "hướng dẫn người chăn nuôi …"), the openings of a legal basis ("Căn cứ …", "Thực hiện
Công văn số …").
"""

from __future__ import annotations

import re

from radio_sched.directive.patterns import LOWER, UPPER

_W = rf"[{LOWER}{UPPER}0-9]"  # a letter or digit of Vietnamese text
_DOC = (
    r"(?:công văn|công điện|kế hoạch|thông báo|chỉ thị|quyết định|hướng dẫn|văn bản|thông tư|"
    r"nghị quyết|nghị định|tờ trình|luật|thư|chương trình|đề án|kết luận)"
)
# Nouns that name agencies, units, officials and organised bodies.
AGENCY_NOUN = re.compile(
    r"(?<!\w)(?:cơ quan|đơn vị|sở|phòng(?! khám| chống|,| bệnh| tránh| dịch| ngừa| cháy| học)|"
    r"ban(?! ngày| đêm)|ubnd|ủy ban|uỷ ban|trung tâm|đài|báo(?! cáo)|hội(?! nghị)|mặt trận|"
    r"mttq\w*|ub\.?\s*mttq\w*|đoàn thể|ngành|chủ tịch|giám đốc|thủ trưởng|công an|"
    r"quân sự|bộ(?! đội)|cục|chi cục|tiểu ban|bcđ|bch|thường trực|trường học|các trường|"
    r"trạm y tế|thôn|xóm|ấp|khóm|tổ dân phố|tdp|khu phố|lực lượng|hội đồng|văn phòng|"
    r"điện lực|xí nghiệp|công ty|cán bộ|công chức|viên chức|đảng viên|các cấp|"
    r"các địa phương|doanh nghiệp|tổ chức|nhà trường|trưởng thôn|tổ trưởng|hiệu trưởng|"
    r"trưởng (?:các\s+)?(?:ban|phòng|ngành|đơn vị|trạm|khu phố|ấp|bản)|"
    r"các (?:huyện|tỉnh|xã|phường|thị trấn|thị xã|thành phố|quận)|xã, phường)(?!\w)",
    re.IGNORECASE,
)
# Nouns that name citizens: the people a loudspeaker talks to.
CITIZEN_NOUN = re.compile(
    r"(?<!\w)(?:nhân dân|người dân|bà con|hộ gia đình|gia đình|các hộ|hộ dân|hộ kinh doanh|"
    r"công dân|cử tri|phụ huynh|cha mẹ|người chăn nuôi|nông dân|ngư dân|chủ tàu|"
    r"chủ (?:các )?phương tiện|chủ hộ|thuyền trưởng|người lao động|học sinh|thanh niên|"
    r"giới trẻ|mọi người|toàn dân|cá nhân|khách hàng|người tiêu dùng|người tham gia giao thông|"
    r"du khách|quần chúng|người nuôi|người trồng|hội viên|chủ cơ sở|tiểu thương|những ai|"
    r"bất kỳ ai|bất cứ ai|những người|người nào|trẻ em|con em)(?!\w)",
    re.IGNORECASE,
)
# Verbs by which a directive addresses someone: "X đề nghị Y làm Z".
ADDRESS_VERB = re.compile(
    r"(?<!\w)(?P<verb>đề nghị|yêu cầu|kêu gọi|khuyến cáo|khuyến khích|giao cho|"
    # "giao UBND xã …", not a junction's name ("Nút giao N8")
    r"(?<!nút\s)giao(?=\s+(?:các\s|(?-i:[A-ZĐ])[^\W\d]))|^đối với|chỉ đạo|"
    r"mong muốn|kính mong|mong|đề xuất)(?!\w)\s*:?\s*",
    re.IGNORECASE,
)
# Verbs by which an agency passes a task on to citizens: "vận động nhân dân treo cờ".
RELAY_VERB = re.compile(
    r"(?<!\w)(?P<verb>vận động|hướng dẫn|khuyến cáo|kêu gọi|phát động|nhắc nhở|yêu cầu|"
    r"đề nghị|thông báo cho|thông báo tới|thông báo đến|tuyên truyền cho|tuyên truyền để|"
    r"cảnh báo(?=\s+(?:cho|tới|đến|nhân dân|người dân|bà con)(?!\w)))"
    r"(?:\s+(?:trong|cho|đến|tới|để))?(?!\w)\s+",
    re.IGNORECASE,
)
# Where a predicate begins. Strong markers (adverbs of manner and modality, and the most common
# verbs of a call) win over the first plain verb, which may belong to a relative clause ("hộ gia
# đình sử dụng điện … thực hiện tắt đèn").
STRONG_PREDICATE = re.compile(
    r"(?<!\w)(?:thực hiện|tham gia|tích cực|chủ động|khẩn trương|nghiêm túc|quan tâm|hưởng ứng|"
    r"cần|phải|hãy|không được|không|tuyệt đối|với tinh thần|cùng chung tay|chung tay|"
    r"đồng hành|nâng cao|tăng cường|thường xuyên|kịp thời|trực tiếp|tiếp tục|duy trì|"
    r"chịu trách nhiệm)(?!\w)",
    re.IGNORECASE,
)
PLAIN_PREDICATE = re.compile(
    r"(?<!\w)(?:treo|tắt|đến|liên hệ|kiểm tra|theo dõi|đăng ký|cảnh giác|tìm|loại bỏ|khai báo|"
    r"chấp hành|ủng hộ|hỗ trợ|chuẩn bị|che chắn|gia cố|áp dụng|sử dụng|đưa|phản ánh|dự trữ|"
    r"trữ|lưu ý|mang|ghi nhớ|bảo vệ|giữ|hạn chế|tránh|di chuyển|neo đậu|tập trung|biết|"
    r"được biết|lắng nghe|tiêm|vệ sinh|xây dựng|giúp|góp phần|đóng góp|có kế hoạch|sắp xếp|"
    r"bố trí|cung cấp|cài đặt|tải|chuyển|báo ngay|thông báo|tháo dỡ|thay thế|phòng tránh|"
    r"thoát ra|di dời|sơ tán|gia hạn|nộp|xuất trình|mặc|đội|ở|làm|dọn|diệt|phát quang|"
    r"chăm sóc|nuôi nhốt|chăn thả|báo cáo|tuyên truyền|triển khai|tổ chức|phối hợp|chỉ đạo|"
    r"phát huy)(?!\w)",
    re.IGNORECASE,
)
# A legal basis or cited document opening a sentence: "Căn cứ …", "Thực hiện Công văn số …",
# "Thực hiện công tác quản lý nhà nước về …" (the agency's remit, not news for bà con),
# "Theo Thông báo số …", "Xét đề nghị …", "X nhận được Công văn số …".
BASIS_START = re.compile(
    rf"^(?:Căn cứ|Xét|Thực hiện\s+(?:{_DOC}|ý kiến|chỉ đạo|sự chỉ đạo|nội dung|công tác|"
    rf"nhiệm vụ|chức năng|chủ trương)|"
    rf"Theo\s+(?:{_DOC}|ý kiến|chỉ đạo|tinh thần|đề nghị|quy định))(?!\w)",
    re.IGNORECASE,
)
# A document number and code as cited: "số 3464/UBND-KGVX", "Công điện số 81", "CV 369".
CITED_DOCUMENT = re.compile(
    rf"(?:{_DOC}\s+)?(?:số\s*:?\s*)?\d+\s*/\s*[{UPPER}0-9][{UPPER}0-9&.\-\s]*[{UPPER}0-9]"
    rf"|{_DOC}\s+số\s*:?\s*\d+",
    re.IGNORECASE,
)
# A portal write-up's narrative of a document: "UBND huyện vừa có Công văn … về việc …".
ISSUED_NARRATIVE = re.compile(
    rf"(?<!\w)(?:vừa có|vừa ban hành|đã ban hành|ban hành|đã có|có|vừa phát đi|đã ra|ra|"
    rf"đã ký|vừa ký|ký|đã phát hành|vừa phát hành|phát hành)\s+"
    rf"{_DOC}(?!\w)",
    re.IGNORECASE,
)
REPORTING = re.compile(
    r"(?<!\w)(?:báo cáo(?:\s+kết quả|\s+tình hình|\s+về)?|đôn đốc|tổng hợp|sơ kết|tổng kết|"
    r"kiểm tra, giám sát|giám sát)(?!\w)",
    re.IGNORECASE,
)
MEDIA = re.compile(
    r"(?<!\w)(?:biên tập|đưa tin|phát sóng|đăng tải|đăng, phát|thời lượng|chuyên trang|"
    r"chuyên mục|tin, bài|tin bài|phóng sự|cơ quan báo chí|hệ thống thông tin cơ sở|"
    r"trang thông tin điện tử|cổng thông tin|cổng/trang|mạng xã hội|truyền thanh|phát thanh|"
    r"truyền hình|pa nô|băng rôn|băng zôn|khẩu hiệu|kế hoạch truyền thông|phản ánh|"
    r"phân tích|sản xuất)(?!\w)",
    re.IGNORECASE,
)
# Instruction lead-ins whose remainder is the message: "Tuyên truyền các thông điệp: …".
CONTENT_LEAD = re.compile(
    r"^(?:(?:Theo đó|Đồng thời|Ngoài ra)\s*,\s*)?(?:Tiếp tục\s+|Tăng cường\s+)?"
    r"(?:(?:thông tin|tuyên truyền|truyền đi|truyền thông|phổ biến)(?:,\s*|\s+))+"
    r"(?:mạnh,\s*rộng khắp\s+|sâu rộng\s+|rộng rãi\s+|rộng khắp\s+)?(?:trong cộng đồng\s+)?"
    r"(?:(?:đến|tới|cho)\s+(?:người dân|nhân dân|bà con)\s+)?"
    r"(?:(?:các|những)\s+)?(?:thông điệp\s*)?(?:về\s+)?:?\s*",
    re.IGNORECASE,
)
# "… tuyên truyền về: A; B; C" — A, B and C are the message.
CONTENT_LIST = re.compile(
    r"(?:(?:các|những|một số) nội dung sau|tuyên truyền về|tuyên truyền|thông điệp|"
    r"chú ý nhấn mạnh|nhấn mạnh)\s*:\s*(?P<content>.+)$",
    re.IGNORECASE,
)
# Looking back rather than asking: "Thời gian qua, …", "Năm 2015, …", "Tuy nhiên, … vẫn …".
BACKGROUND_START = re.compile(
    r"^(?:Thời gian qua|Trong thời gian qua|(?:Trong )?(?:những|các) năm qua|Vừa qua|"
    r"Qua đó|Trước đó|Tuy nhiên|Bên cạnh đó|(?:Trong )?năm \d{4}|Năm \d{4}|"
    r"Tại [^,]{2,40}, năm \d{4}|"
    r"Theo thông báo của|Theo (?:tin|số liệu) (?:từ|của))",
    re.IGNORECASE,
)
STATISTICS = re.compile(
    r"\d[\d.]*\s*(?:trường hợp|ca mắc|ca bệnh|ca tử vong|người chết|ca)\b|ghi nhận", re.IGNORECASE
)
DISCOURSE_LEAD = re.compile(
    r"^(?:Theo đó|Đồng thời|Ngoài ra|Do đó|Vì vậy|Vậy|Nay|Do vậy|Bên cạnh đó|Cụ thể)"
    r"\s*,?\s*",
    re.IGNORECASE,
)
SUBJECT_DETERMINER = re.compile(
    r"^(?:(?:tất cả|toàn thể|mọi|từng)\s+)?(?:(?:các|những)\s+)?", re.IGNORECASE
)
# "… theo yêu cầu tại Công văn nêu trên", "… theo Kế hoạch số 26/KH-VHTT …": a tail that only
# cites a document.
CITING_TAIL = re.compile(
    rf",?\s*(?:theo|tại)\s+(?:(?:yêu cầu|quy định|hướng dẫn|tinh thần|nội dung)\s+(?:tại|của)\s+)?"
    rf"{_DOC}\b[^.;]*$",
    re.IGNORECASE,
)
URL = re.compile(r"\(?\s*<?(?:https?://|www\.)[^\s)>]+>?\s*\)?|\S+@\S+\.\w+")
EMPTY_PARENS = re.compile(r"\(\s*\)")
ELLIPSIS_END = re.compile(r"\s*(?:\.{2,}|…)\s*$|\s*;\s*\.{2,}\s*$")
# "(Facebook, Zalo...)", "TikTok…, và": an ellipsis closing a list inside a sentence means "and
# so on"; read aloud as a full stop it would end the sentence mid-way.
ELLIPSIS_INSIDE = re.compile(r"\s*(?:\.{2,}|…)(?=\s*[),;])")
DOCUMENT_END = re.compile(r"\s*\./\.\s*$")
ITEM_MARKER = re.compile(
    r"^(?:[IVXLC]+\.|\d{1,2}(?:\.\d{1,2})*[.)]|[a-zđ]\)|[-–•+*])\s*(?=\S)", re.IGNORECASE
)
TRAILING_COLON = re.compile(r":\s*$")
_TOPIC_LEAD = re.compile(
    r"^(?:tăng cường\s+|tiếp tục\s+|phối hợp\s+)*(?:công tác\s+)?(?:thông tin,?\s*)?"
    r"(?:(?:tuyên truyền|truyền thông)(?:,\s*|\s+))+(?:các hoạt động\s+)?(?:về\s+)?",
    re.IGNORECASE,
)


def citizen_topic(subject: str) -> str:
    """ "tuyên truyền cuộc bầu cử …" → "cuộc bầu cử …": what the listener is asked to mind."""
    topic = re.sub(r"^và\s+", "", _TOPIC_LEAD.sub("", subject, count=1))
    return topic if len(topic.split()) >= 2 else subject


def predicate_start(text: str, start: int = 0) -> int | None:
    """Where the predicate begins in ``text`` after ``start``: the first strong marker within
    the next 30 words, else the first plain verb; None when none is found."""
    window_end = _word_offset(text, start, 30)
    strong = STRONG_PREDICATE.search(text, start, window_end)
    plain = PLAIN_PREDICATE.search(text, start, window_end)
    found = [m for m in (strong, plain) if m is not None]
    if not found:
        return None
    if strong is not None and plain is not None and plain.start() < strong.start():
        # A plain verb before the strong one belongs to a relative clause when the strong
        # marker is near ("hộ gia đình sử dụng điện … thực hiện"); otherwise it is the verb.
        between = text[plain.start() : strong.start()]
        if len(between.split()) > 12 or ("," in between and not CITIZEN_NOUN.search(between)):
            return plain.start()
        return strong.start()
    return found[0].start()


_IMPERATIVE_ONLY = re.compile(r"^(?:cho|đưa|mang|giữ|để|nên)\s", re.IGNORECASE)


def is_imperative(text: str) -> bool:
    """A sentence that starts with its verb: an order or advice with no subject named."""
    return predicate_start(text) == 0 or bool(_IMPERATIVE_ONLY.match(text))


def _word_offset(text: str, start: int, words: int) -> int:
    for count, match in enumerate(re.finditer(r"\S+", text[start:]), start=1):
        if count == words:
            return start + match.end()
    return len(text)


def addressee_kind(noun_phrase: str) -> str:
    """ "citizen", "agency", "mixed" or "none" for the people a noun phrase names."""
    citizens = bool(CITIZEN_NOUN.search(noun_phrase))
    # "Ủy ban nhân dân" contains "nhân dân": look for agencies with that name removed.
    # So does a village's "Ban nhân dân thôn", "Mặt trận … nhân dân" bodies, and unions named after
    # their members ("Đoàn Thanh niên", "Hội Nông dân").
    without_names = re.sub(
        r"(?:ủy|uỷ) ban nhân dân|hội đồng nhân dân|ban nhân dân|(?:tòa án|viện kiểm sát) nhân dân|"
        r"đoàn thanh niên|hội (?:liên hiệp )?(?:nông dân|phụ nữ|thanh niên|cựu chiến binh|"
        r"người cao tuổi)",
        "ủy ban",
        noun_phrase,
        flags=re.IGNORECASE,
    )
    citizens = bool(CITIZEN_NOUN.search(without_names))
    agencies = bool(AGENCY_NOUN.search(without_names))
    if citizens and agencies:
        return "mixed"
    if citizens:
        return "citizen"
    if agencies:
        return "agency"
    return "none"


def split_outside_parentheses(text: str, separator: str = ";") -> list[str]:
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for char in text:
        if char in "(“":
            depth += 1
        elif char in ")”" and depth > 0:
            depth -= 1
        if char == separator and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [part.strip() for part in parts]


def strip_citing_tail(text: str) -> str:
    """ "… tham gia bầu chọn theo yêu cầu tại Công văn nêu trên." → "… tham gia bầu chọn"."""
    stripped = CITING_TAIL.sub("", text.rstrip(" .")).rstrip(" ,;")
    return stripped if stripped != text.rstrip(" .") else text.rstrip(" ,;")


def _web_address(match: re.Match[str]) -> str:
    """A web address citizens are asked to visit is read as its host and path
    ("tuyensinhthuduc.vn"); one in parentheses only cites a source and is dropped."""
    found = match.group(0)
    if found.lstrip().startswith("(") or "@" in found:
        return " "
    address = re.sub(r"^<?(?:https?://)?(?:www\.)?", "", found.strip()).rstrip("/>")
    return f" {address} "


def clean_sentence(sentence: str) -> str:
    sentence = ITEM_MARKER.sub("", sentence.strip())
    sentence = URL.sub(_web_address, sentence)
    sentence = EMPTY_PARENS.sub("", sentence)
    sentence = DOCUMENT_END.sub(".", sentence)
    sentence = ELLIPSIS_END.sub(".", sentence)
    sentence = ELLIPSIS_INSIDE.sub("", sentence)
    sentence = " ".join(sentence.split())
    sentence = re.sub(r"\s+([,.;:!?])", r"\1", sentence)
    sentence = re.sub(r"([(])\s+", r"\1", sentence)
    sentence = re.sub(r"\.{2,}", ".", sentence)
    return sentence.strip()


def capitalize_first(text: str) -> str:
    for index, char in enumerate(text):
        if char.isalpha():
            return text[:index] + char.upper() + text[index + 1 :]
    return text


def lower_first(text: str) -> str:
    """Lower-case the first word unless it is an acronym or a name ("UBND", "Tết")."""
    words = text.split(" ", 1)
    first = words[0]
    following = words[1][:1] if len(words) > 1 else ""
    if (
        following.isupper()  # a name of two or more words: "Tân Trụ", "Hà Nội"
        or not first
        or first.isupper()
        or first in KEEP_CAPITALIZED
        or sum(c.isupper() for c in first) > 1
    ):
        return text
    return first[:1].lower() + text[1:]


KEEP_CAPITALIZED = {"Quốc", "Hội", "Đảng", "Nhà", "Chính", "Tết", "Ngày", "Tuần", "Luật", "Cờ"}


def end_sentence(text: str) -> str:
    text = TRAILING_COLON.sub("", text.rstrip(" ,;-–"))
    return text if text.endswith((".", "!", "?", "”", '"')) else text + "."


# Heads of a noun phrase that opens a verbless line: "Cuộc bầu cử …", "Những thủ đoạn …".
NOUN_PHRASE_HEAD = re.compile(
    r"^(?:(?:những|các|mọi)\s+)?(?:cuộc|việc|công tác|phong trào|chiến dịch|hoạt động|"
    r"phương thức|thủ đoạn|hình thức|dấu hiệu|tác hại|nguy cơ|ý nghĩa|nội dung|quy định|"
    r"chính sách|chủ trương|kết quả|tình hình|biện pháp|cách|kỷ niệm|ngày hội|lễ|tuần lễ|"
    r"tháng hành động|kiến thức)(?!\w)",
    re.IGNORECASE,
)


def is_noun_phrase(text: str) -> bool:
    """A line that names a topic rather than saying something about it: a nominal head and
    no modal or calling verb."""
    if TRAILING_COLON.search(text) or ":" in text[:60]:
        return False
    if re.search(r"\d{1,2}\s*/\s*\d{1,2}", text):
        return False  # a dated line is a schedule ("Kỷ niệm … treo cờ từ ngày 18/8 …")
    return bool(NOUN_PHRASE_HEAD.match(text)) and STRONG_PREDICATE.search(text) is None


def mostly_upper(text: str) -> bool:
    """A heading or an agency's name set in capitals ("UBND TỈNH ĐỒNG NAI")."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 6 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def words(text: str) -> int:
    return len(re.findall(rf"{_W}+", text))
