"""Plain data shared by every layer: what a directive says and the script made from it.

Nothing here touches files, clocks or the network.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal


@dataclass(frozen=True)
class PartialDate:
    """A date as written; "ngày tháng 9 năm 2021" (unsigned draft) keeps only month and year."""

    year: int | None = None
    month: int | None = None
    day: int | None = None

    def to_date(self) -> dt.date | None:
        if self.year and self.month and self.day:
            return dt.date(self.year, self.month, self.day)
        return None

    def iso(self) -> str:
        """ISO 8601 with reduced precision for partial dates: "2021-09", "2021"."""
        parts = [f"{self.year:04d}" if self.year else "----"]
        if self.month:
            parts.append(f"{self.month:02d}")
            if self.day:
                parts.append(f"{self.day:02d}")
        return "-".join(parts)


@dataclass(frozen=True)
class DateRange:
    start: dt.date
    end: dt.date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    def days(self) -> list[dt.date]:
        count = (self.end - self.start).days + 1
        return [self.start + dt.timedelta(days=offset) for offset in range(count)]


@dataclass(frozen=True)
class Signer:
    name: str
    title: str | None = None
    authority: str | None = None  # "KT.", "TL.", "TM.", "Q." … with what follows ("KT. GIÁM ĐỐC")


@dataclass(frozen=True)
class Item:
    """A numbered or bulleted point of a directive; ``marker`` is "1.", "a)", "-", "+", "II."."""

    marker: str
    text: str
    children: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Directive:
    number: str | None = None  # "123"; None when blank, as on an unsigned draft
    code: str | None = None  # "STTTT-TTBCXB"
    issuer: str | None = None
    place: str | None = None
    date: PartialDate | None = None
    subject: str | None = None
    recipients: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    items: tuple[Item, ...] = ()
    messages: tuple[str, ...] = ()
    campaign: DateRange | None = None
    frequency_per_day: int | None = None
    attachments: tuple[str, ...] = ()
    copy_to: tuple[str, ...] = ()  # "Nơi nhận"
    signer: Signer | None = None
    title: str | None = None  # headline of a portal summary
    body: tuple[str, ...] = ()  # body paragraphs in order, header and footer removed
    # What the text was: "document", "news_writeup", "excerpt" or "pdf_copy"
    # (directive.clean.InputKind); None when parsed without the cleaning stage.
    kind: str | None = None

    @property
    def reference(self) -> str | None:
        """The number and code as cited: 123/STTTT-TTBCXB, or /STTTT-TTBCXB for a blank number."""
        if not self.code:
            return self.number
        return f"{self.number or ''}/{self.code}"


ParagraphRole = Literal["opening", "lead", "message", "closing"]


class SentenceCategory(StrEnum):
    """What one sentence of a directive is, seen from the loudspeaker."""

    CITIZEN_ACTION = "citizen_action"  # asks citizens to do something: aired
    CITIZEN_INFO = "citizen_info"  # tells citizens something they should know: aired
    SLOGAN = "slogan"  # a message to read word for word: aired
    AGENCY_TASK = "agency_task"  # an order to an agency or official
    LEGAL_BASIS = "legal_basis"  # "Căn cứ …", a cited document, a write-up's "vừa có Công văn"
    REPORTING = "reporting"  # reporting back, đôn đốc, tổng hợp
    MEDIA = "media"  # how the press and radio should produce content
    BACKGROUND = "background"  # looking back, statistics, context not asked of anyone
    CHROME = "chrome"  # page furniture: bylines, dates of posting, source lines, captions
    CUT_OFF = "cut_off"  # the cut-off end of an excerpt
    BROKEN = "broken"  # words broken beyond repair

    @property
    def label(self) -> str:
        """The category in the operator's words (the screen and ``--explain``)."""
        return _CATEGORY_LABELS[self]


_CATEGORY_LABELS = {
    SentenceCategory.CITIZEN_ACTION: "Việc bà con làm",
    SentenceCategory.CITIZEN_INFO: "Thông tin cho dân",
    SentenceCategory.SLOGAN: "Khẩu hiệu",
    SentenceCategory.AGENCY_TASK: "Việc của cơ quan",
    SentenceCategory.LEGAL_BASIS: "Căn cứ, văn bản dẫn",
    SentenceCategory.REPORTING: "Báo cáo, đôn đốc",
    SentenceCategory.MEDIA: "Việc của báo, đài",
    SentenceCategory.BACKGROUND: "Bối cảnh, số liệu",
    SentenceCategory.CHROME: "Trình bày trang tin",
    SentenceCategory.CUT_OFF: "Câu bị cắt dở",
    SentenceCategory.BROKEN: "Chữ hỏng",
}


AIRED_CATEGORIES = frozenset(
    {SentenceCategory.CITIZEN_ACTION, SentenceCategory.CITIZEN_INFO, SentenceCategory.SLOGAN}
)


@dataclass(frozen=True)
class SentenceDecision:
    """The composer's decision on one source sentence, with its reason for the operator.

    ``aired`` is the text read on air (recast for "bà con" where needed), None when dropped.
    """

    id: int
    block: int
    source: str
    category: SentenceCategory
    reason: str
    aired: str | None = None
    forced: bool = False  # the operator overturned the composer

    @property
    def kept(self) -> bool:
        return self.aired is not None


def decision_to_dict(decision: SentenceDecision) -> dict[str, Any]:
    """The JSON form of a decision, as ``script --json`` prints it and the store keeps it."""
    return {
        "id": decision.id,
        "block": decision.block,
        "source": decision.source,
        "category": str(decision.category),
        "kept": decision.kept,
        "aired": decision.aired,
        "reason": decision.reason,
        "forced": decision.forced,
    }


def decision_from_dict(data: dict[str, Any]) -> SentenceDecision:
    return SentenceDecision(
        id=int(data["id"]),
        block=int(data["block"]),
        source=str(data["source"]),
        category=SentenceCategory(data["category"]),
        reason=str(data["reason"]),
        aired=data.get("aired"),
        forced=bool(data.get("forced", False)),
    )


def overrides_of(decisions: Sequence[SentenceDecision]) -> dict[int, bool]:
    """The operator's overrides behind a set of decisions: sentence id → aired or not."""
    return {d.id: d.kept for d in decisions if d.forced}


@dataclass(frozen=True)
class Paragraph:
    role: ParagraphRole
    text: str


class Dialect(StrEnum):
    NORTH = "north"  # nghìn, linh
    SOUTH = "south"  # ngàn, lẻ


@dataclass(frozen=True)
class Script:
    """A loudspeaker script: display text in paragraphs, as an operator reads and edits it."""

    title: str
    commune: str
    paragraphs: tuple[Paragraph, ...]
    estimated_seconds: float = 0.0
    notes: tuple[str, ...] = ()
    decisions: tuple[SentenceDecision, ...] = ()
    needs_review: bool = False
    review_reasons: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return "\n\n".join(paragraph.text for paragraph in self.paragraphs)
