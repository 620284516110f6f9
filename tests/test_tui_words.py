"""Messages of the lower layers (also printed by the command line) in the screen's words: no
flags, engine or library names, no unit names the operator does not use."""

from __future__ import annotations

import re

import pytest

from radio_sched.tui.services import screen_words

FOREIGN = re.compile(r"--|gTTS|espeak|miniaudio|LUFS|radio-sched|station\.toml|pip ")


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (
            "Google từ chối đọc (mã 429): dịch vụ gTTS có thể đã đổi hoặc chặn máy này. Hãy dùng "
            'giọng ngoại tuyến: --engine offline (hoặc engine = "offline" trong station.toml).',
            "chọn «Giọng đọc máy» ở màn hình Âm thanh",
        ),
        (
            "cv.txt: không thấy chữ tiếng Việt nào — có thể sai bảng mã. Hãy lưu lại tệp ở dạng "
            "UTF-8, hoặc dùng --force nếu vẫn muốn đọc.",
            "Hãy lưu lại tệp ở dạng UTF-8.",
        ),
        (
            "Chuyển mã sang Unicode rồi lưu ở dạng UTF-8; dùng --force nếu vẫn muốn đọc.",
            "lưu ở dạng UTF-8.",
        ),
        (
            "Không khởi động được espeak-ng. Hãy cài lại gói bằng: pip install --force-reinstall "
            "espeakng-loader",
            "cài lại chương trình",
        ),
        (
            "Chương trình 2 chưa được duyệt hoặc đang tạm ngừng. Hãy chạy `radio-sched approve "
            "--program 2` hoặc `radio-sched program set 2 --enable` trước.",
            "F8 ở Kịch bản",
        ),
        ("Không có kịch bản 9. Xem `radio-sched list`.", "màn hình Văn bản (F2)"),
        ("độ lớn -16.0 LUFS", "độ lớn -16.0"),
    ],
)
def test_lower_layer_messages_are_shown_in_the_screens_words(message: str, expected: str) -> None:
    shown = screen_words(message)
    assert expected in shown
    assert not FOREIGN.search(shown), shown
