"""Recording a script in the operator's voice: which sentences to read, keeping a take, importing
phone recordings, and handing the takes to the renderer.

The sentences are the renderer's own (``split_script`` then the spoken form), one prompt per
distinct spoken sentence, so a take made here is exactly the unit a render asks for. The CLI
(``radio-sched record``) and the TUI (Thu âm) both go through these functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from radio_sched.audio import takes as signal
from radio_sched.config import StationSettings
from radio_sched.errors import UserError
from radio_sched.store.db import Store
from radio_sched.store.documents import ScriptRow
from radio_sched.store.takes import (
    delete_take,
    recorded_keys,
    save_take,
    take_for,
    take_key,
)


@dataclass(frozen=True)
class Prompt:
    number: int  # 1-based, in reading order
    display: str  # the sentence as the script shows it
    spoken: str  # what is said (differs where the spoken form reads numbers, abbreviations …)
    key: str
    recorded: bool = False

    @property
    def differs(self) -> bool:
        return " ".join(self.display.split()) != self.spoken


@dataclass(frozen=True)
class ScriptPrompts:
    script_id: int
    version: int
    title: str
    prompts: tuple[Prompt, ...]

    @property
    def missing(self) -> list[Prompt]:
        return [p for p in self.prompts if not p.recorded]

    @property
    def recorded_count(self) -> int:
        return sum(p.recorded for p in self.prompts)


def sentence_prompts(text: str, settings: StationSettings) -> list[Prompt]:
    """The script's spoken sentences in reading order, each once (as the renderer speaks them)."""
    from radio_sched.script.sentences import split_script
    from radio_sched.script.spoken import spoken_form

    prompts: list[Prompt] = []
    seen: set[str] = set()
    for paragraph in split_script(text):
        for sentence in paragraph:
            spoken = " ".join(spoken_form(sentence, settings.dialect).split())
            key = take_key(spoken)
            if not spoken or key in seen:
                continue
            seen.add(key)
            prompts.append(Prompt(len(prompts) + 1, sentence, spoken, key))
    return prompts


def script_prompts(store: Store, script_id: int, settings: StationSettings) -> ScriptPrompts:
    """The latest version's sentences, each marked recorded or not."""
    with store.session() as session:
        script = session.get(ScriptRow, script_id)
        if script is None or not script.versions:
            raise UserError(
                f"Không có kịch bản số {script_id}; hãy xem danh sách (radio-sched list) và "
                "chọn đúng số."
            )
        text, version, title = script.latest.text, script.latest.version, script.title
    prompts = sentence_prompts(text, settings)
    with store.session() as session:
        found = recorded_keys(session, [p.key for p in prompts])
    marked = tuple(Prompt(p.number, p.display, p.spoken, p.key, p.key in found) for p in prompts)
    if not marked:
        raise UserError(f"Kịch bản số {script_id} không có câu nào để đọc.")
    return ScriptPrompts(script_id, version, title, marked)


def keep_take(
    store: Store,
    settings: StationSettings,
    spoken: str,
    samples: signal.Samples,
    *,
    source: str,
    who: str = "",
) -> signal.PreparedTake:
    """Trim and level a recording and keep it as the take of ``spoken`` (replacing any older
    one). SilentTake when nothing was heard; nothing is stored then."""
    prepared = signal.prepare_take(samples, settings.loudness_lufs)
    with store.session() as session:
        _save(session, spoken, prepared, settings, source, who)
    return prepared


def _save(
    session: Session,
    spoken: str,
    take: signal.PreparedTake,
    settings: StationSettings,
    source: str,
    who: str,
) -> None:
    save_take(
        session,
        spoken,
        take.wav,
        duration_seconds=take.duration_seconds,
        lufs=take.lufs,
        target_lufs=settings.loudness_lufs,
        source=source,
        recorded_by=who,
    )


def take_audio(store: Store, spoken: str) -> bytes | None:
    """The take's WAV bytes, to listen to."""
    with store.session() as session:
        row = take_for(session, spoken)
        return bytes(row.audio) if row is not None else None


def remove_take(store: Store, spoken: str) -> bool:
    with store.session() as session:
        return delete_take(session, spoken)


def import_recording(
    store: Store,
    settings: StationSettings,
    script_id: int,
    path: Path,
    *,
    sentence: int | None = None,
    who: str = "",
) -> list[Prompt]:
    """Takes from a recording file: one sentence (``sentence``, 1-based), or a whole reading
    split at its pauses and matched to the sentences in order. Returns the prompts given takes.
    Nothing is stored unless every piece fits (SplitMismatch says why not)."""
    prompts = script_prompts(store, script_id, settings).prompts
    samples = signal.decode_recording(path)
    source = path.name
    if sentence is not None:
        if not 1 <= sentence <= len(prompts):
            raise UserError(
                f"Kịch bản số {script_id} có {len(prompts)} câu; không có câu {sentence}."
            )
        chosen = prompts[sentence - 1]
        try:
            keep_take(store, settings, chosen.spoken, samples, source=source, who=who)
        except signal.SilentTake as error:
            raise UserError(f"{path}: {error}") from error
        return [chosen]
    pieces = signal.split_reading(samples, [_syllables(p.spoken) for p in prompts], str(path))
    prepared = [signal.prepare_take(piece, settings.loudness_lufs) for piece in pieces]
    with store.session() as session:
        for prompt, take in zip(prompts, prepared, strict=True):
            _save(session, prompt.spoken, take, settings, source, who)
    return list(prompts)


def _syllables(spoken: str) -> int:
    return max(1, len(spoken.split()))


class StoredTakes:
    """The station's takes as the renderer asks for them (``render_script_text(takes=…)``)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def digests(self, spoken: Sequence[str]) -> dict[str, str]:
        keys = {take_key(s): s for s in spoken}
        with self.store.session() as session:
            found = recorded_keys(session, keys)
        return {keys[key]: digest for key, digest in found.items()}

    def audio(self, spoken: str) -> bytes | None:
        return take_audio(self.store, spoken)
