"""Plain data shared by every layer: what a directive says and the script made from it.

Nothing here touches files, clocks or the network.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal


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

    @property
    def text(self) -> str:
        return "\n\n".join(paragraph.text for paragraph in self.paragraphs)
