"""Past-tense events posted by the panes' workers (from threads) and handled on the UI thread."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:
    from radio_sched.config import StationSettings
    from radio_sched.hub.dashboard import CommuneState
    from radio_sched.report import AsRunRecord
    from radio_sched.store.queries import ScriptSummary, ScriptVersionView


@dataclass
class ActionFailed(Message):
    """A worker stopped on an error; ``text`` is the plain Vietnamese sentence to show."""

    text: str


@dataclass
class ScriptsListed(Message):
    scripts: list[ScriptSummary]


@dataclass
class DirectiveImported(Message):
    directive_id: int
    script_id: int
    title: str
    already_imported: bool


@dataclass
class ScriptChosen(Message):
    """The operator picked a script to work on (in the directives list)."""

    script_id: int


@dataclass
class ScriptLoaded(Message):
    summary: ScriptSummary
    directive_text: str
    versions: list[ScriptVersionView]
    shown: ScriptVersionView
    decisions: tuple[Any, ...] = ()  # SentenceDecision of every source sentence
    review: tuple[str, ...] = ()  # why the operator must review (nothing for citizens)


@dataclass
class SentenceToggled(Message):
    """A source sentence was put on air or taken off; the script was recomposed."""

    script_id: int
    sentence_id: int
    aired: bool
    version: int
    lost_edits: tuple[str, ...]


@dataclass
class DurationEstimated(Message):
    seconds: float
    text_length: int


@dataclass
class SpokenFormMade(Message):
    text: str


@dataclass
class ScriptSaved(Message):
    script_id: int
    version: int


@dataclass
class ScriptApproved(Message):
    script_id: int
    program_id: int
    version: int
    with_audio: bool = False
    """The program got this version's audio in the same transaction as the approval."""


@dataclass
class SynthesisProgressed(Message):
    done: int
    total: int


@dataclass
class SynthesisFinished(Message):
    script_id: int
    path: Path
    duration_seconds: float
    lufs: float
    target_lufs: float
    sentence_engines: tuple[str, ...]
    engines_used: dict[str, int]
    notes: tuple[str, ...]


@dataclass
class SynthesisCancelled(Message):
    pass


@dataclass
class RenderFound(Message):
    """The latest stored render of the current script (None when it has none)."""

    script_id: int
    path: Path | None
    duration_seconds: float | None
    lufs: float | None
    version: int | None
    engines_used: dict[str, int] | None


@dataclass
class PreviewStarted(Message):
    path: Path


@dataclass
class PreviewEnded(Message):
    seconds: float
    stopped: bool


@dataclass
class PlanLoaded(Message):
    first: dt.date
    last: dt.date
    plan: Any  # radio_sched.schedule.model.Plan
    programs: list[Any]  # radio_sched.schedule.operations.ProgramChoice
    revision: int
    silent: list[tuple[int, str]]  # programs in the plan whose audio is missing
    removed: list[tuple[int, dt.date, str | None]]  # airings the operator took off


@dataclass
class PlanChanged(Message):
    """Something the planner reads was changed (pin, removal, emergency); reload the week."""

    note: str
    elsewhere: bool = False  # noticed by the revision watch, not done on this screen
    revision: int | None = None  # the revision the watch saw


@dataclass
class AsRunLoaded(Message):
    day: dt.date
    records: list[AsRunRecord]


@dataclass
class ReportExported(Message):
    path: Path


@dataclass
class SettingsSaved(Message):
    path: Path
    settings: StationSettings


@dataclass
class CommunesRefreshed(Message):
    """The hub's screen read its communes' state (``radio-sched hub tui``)."""

    states: list[CommuneState]
    refused: int  # messages refused in the last 24 hours
    at: dt.datetime
