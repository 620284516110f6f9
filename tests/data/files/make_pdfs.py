"""Regenerate the PDF fixtures (needs reportlab and a Vietnamese-capable TTF font):

.venv/bin/python tests/data/files/make_pdfs.py /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
"""

import sys
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

HERE = Path(__file__).parent
LINES = [
    "UBND TỈNH LẠNG SƠN",
    "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
    "Số: 812/STTTT-TTBCXB",
    "V/v tuyên truyền phòng, chống bão số 3",
    "Lạng Sơn, ngày 05 tháng 8 năm 2024",
    "Kính gửi: Phòng Văn hóa và Thông tin các huyện, thành phố.",
    "Đề nghị tuyên truyền từ ngày 05/8 đến ngày 10/8/2024, ít nhất 02 lần/ngày:",
    "1. Người dân chằng chống nhà cửa, không ra khơi khi có bão.",
    "2. Thông điệp: “Chủ động phòng, chống thiên tai để bảo vệ tính mạng”.",
]


def main(font_path: str) -> None:
    pdfmetrics.registerFont(TTFont("Viet", font_path))
    page = canvas.Canvas(str(HERE / "directive.pdf"), pagesize=A4)
    page.setFont("Viet", 11)
    y = 800
    for line in LINES:
        page.drawString(50, y, line)
        y -= 22
    page.save()
    scanned = canvas.Canvas(str(HERE / "scanned.pdf"), pagesize=A4)
    scanned.rect(50, 500, 400, 250, fill=1)  # an image-like page with no text layer
    scanned.save()


if __name__ == "__main__":
    main(sys.argv[1])
