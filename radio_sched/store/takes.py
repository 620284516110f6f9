"""The operator's recorded takes: one per spoken sentence, kept in the station's database.

A take is addressed like the sentence cache, by the sentence as it is spoken (not by the engine:
a human voice replaces every engine's), so wherever the station speaks that sentence the take is
used, and an edited script needs takes only for the sentences whose spoken form changed. The
audio lives in the row (16-bit mono WAV, already trimmed and levelled) so a database backup
keeps the takes with the scripts they belong to.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from collections.abc import Iterable

from sqlalchemy import DateTime, Float, LargeBinary, String, Text, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from radio_sched.store.db import Base, utcnow


def take_key(spoken: str) -> str:
    """The key of a spoken sentence: NFC, whitespace collapsed, as the sentence cache reads it."""
    text = " ".join(unicodedata.normalize("NFC", spoken).split())
    return hashlib.sha256(("take\0" + text).encode("utf-8")).hexdigest()


class TakeRow(Base):
    __tablename__ = "takes"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    spoken: Mapped[str] = mapped_column(Text)
    audio: Mapped[bytes] = mapped_column(LargeBinary)  # WAV, mono 16-bit
    sha256: Mapped[str] = mapped_column(String(64))
    duration_seconds: Mapped[float] = mapped_column(Float)
    lufs: Mapped[float | None] = mapped_column(Float)
    target_lufs: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(Text, default="")  # "micro" or the imported file's name
    recorded_by: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


def save_take(
    session: Session,
    spoken: str,
    audio: bytes,
    *,
    duration_seconds: float,
    lufs: float | None,
    target_lufs: float,
    source: str,
    recorded_by: str = "",
) -> TakeRow:
    """Store a take for ``spoken``, replacing the one it had (a re-take)."""
    key = take_key(spoken)
    row = session.scalar(select(TakeRow).where(TakeRow.key == key))
    if row is None:
        row = TakeRow(key=key)
        session.add(row)
    row.spoken = " ".join(unicodedata.normalize("NFC", spoken).split())
    row.audio = audio
    row.sha256 = hashlib.sha256(audio).hexdigest()
    row.duration_seconds = duration_seconds
    row.lufs = lufs
    row.target_lufs = target_lufs
    row.source = source
    row.recorded_by = recorded_by
    row.created_at = utcnow()
    session.flush()
    return row


def take_for(session: Session, spoken: str) -> TakeRow | None:
    return session.scalar(select(TakeRow).where(TakeRow.key == take_key(spoken)))


def recorded_keys(session: Session, keys: Iterable[str]) -> dict[str, str]:
    """Of ``keys``, those with a take, each with its audio's SHA-256 (changes with a re-take)."""
    wanted = list(dict.fromkeys(keys))
    found: dict[str, str] = {}
    for offset in range(0, len(wanted), 500):
        chunk = wanted[offset : offset + 500]
        rows = session.execute(select(TakeRow.key, TakeRow.sha256).where(TakeRow.key.in_(chunk)))
        found.update({key: digest for key, digest in rows})
    return found


def delete_take(session: Session, spoken: str) -> bool:
    row = take_for(session, spoken)
    if row is None:
        return False
    session.delete(row)
    return True


# ------------------------------------------------------------------------- what a program spoke

RECORDED_VOICE = "operator"
"""The name a recorded sentence goes by among the engines of a render (``engines_used``)."""


def sources_of(voices: Iterable[str]) -> str | None:
    """ "recorded", "synthetic" or "mixed" for the voices of a program's sentences."""
    names = set(voices)
    if not names:
        return None
    if names == {RECORDED_VOICE}:
        return "recorded"
    return "mixed" if RECORDED_VOICE in names else "synthetic"


def program_sources(session: Session, program_id: int) -> str | None:
    """What the audio a program airs was spoken with, from the render of its approved version;
    None for audio imported as is (nobody knows) or a program without a render."""
    from radio_sched.store.programs import ProgramRow
    from radio_sched.store.renders import latest_render

    program = session.get(ProgramRow, program_id)
    if program is None or program.script_id is None or program.script_version is None:
        return None
    render = latest_render(session, program.script_id, program.script_version)
    if render is None:
        return None
    return sources_of(name for name, count in dict(render.engines_used).items() if count)


def takes_since(session: Session, moment: dt.datetime) -> bool:
    """Whether a take was recorded after ``moment`` (a render older than it may lack it)."""
    from radio_sched.store.programs import aware

    newest = session.scalar(select(func.max(TakeRow.created_at)))
    return newest is not None and aware(newest) > aware(moment)
