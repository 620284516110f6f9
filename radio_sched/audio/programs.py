"""Stored scripts to program audio in the station home, each render recorded in the store."""

from __future__ import annotations

import math
import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from radio_sched import locations
from radio_sched.atomic import atomic_open
from radio_sched.audio.recording import StoredTakes
from radio_sched.audio.render import RenderResult, render_script_text
from radio_sched.config import StationSettings, load_settings
from radio_sched.errors import UserError
from radio_sched.store.db import Store
from radio_sched.store.documents import ScriptRow
from radio_sched.store.renders import RenderRow, add_render, latest_render

__all__ = ["RenderRow", "latest_render", "program_path", "render_stored_script"]


def program_path(script_id: int, version: int) -> Path:
    return locations.programs_dir() / f"script-{script_id}-v{version}.mp3"


def render_stored_script(
    store: Store,
    script_id: int,
    *,
    engine: str = "auto",
    settings: StationSettings | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    output: Path | None = None,
    repeat: bool = False,
    version: int | None = None,
) -> RenderResult:
    """Render the latest version of a stored script (or ``version``) and record the render.

    The file always goes to ``programs_dir()/script-{id}-v{version}.mp3``, which is what the
    store records and what a program airs; ``output`` gets a copy for the user, so moving or
    deleting it never silences the station. No transaction is held while the voice works: the
    text is read first, the render recorded after. A sentence the operator recorded is spoken
    with the take (``radio-sched record``), the others by the engine.
    """
    settings = settings or load_settings()
    with store.session() as session:
        script = session.get(ScriptRow, script_id)
        if script is None:
            raise UserError(
                f"Không có kịch bản số {script_id} trong cơ sở dữ liệu; "
                "hãy xem danh sách kịch bản và chọn đúng số."
            )
        if not script.versions:
            raise UserError(f"Kịch bản số {script_id} chưa có nội dung; hãy soạn trước khi đọc.")
        chosen = script.latest
        if version is not None:
            matching = [row for row in script.versions if row.version == version]
            if not matching:
                raise UserError(
                    f"Kịch bản số {script_id} không có phiên bản {version}; "
                    f"phiên bản mới nhất là {chosen.version}."
                )
            chosen = matching[0]
        text, version = chosen.text, chosen.version
        title, commune = script.title, script.commune
        directive = script.directive
        reference = directive.reference if directive is not None else None
    result = render_script_text(
        text,
        output=program_path(script_id, version),
        title=title,
        commune=commune,
        engine=engine,
        settings=settings,
        reference=reference,
        repeat=repeat,
        progress=progress,
        cancelled=cancelled,
        takes=StoredTakes(store),
    )
    with store.session() as session:
        add_render(
            session,
            script_id=script_id,
            version=version,
            path=str(result.path),
            duration_seconds=result.duration_seconds,
            lufs=result.lufs if math.isfinite(result.lufs) else None,
            engines_used=result.engines_used,
        )
    if output is not None:
        return _user_copy(
            result, output, text, title, commune, engine, settings, reference, repeat, store
        )
    return result


def _user_copy(
    result: RenderResult,
    output: Path,
    text: str,
    title: str,
    commune: str,
    engine: str,
    settings: StationSettings,
    reference: str | None,
    repeat: bool,
    store: Store,
) -> RenderResult:
    """The station's render copied to where the user asked (rendered again from the sentence
    cache when another format is asked for); the result names the copy."""
    if output.suffix.lower() != result.path.suffix.lower():
        return render_script_text(
            text,
            output=output,
            title=title,
            commune=commune,
            engine=engine,
            settings=settings,
            reference=reference,
            repeat=repeat,
            takes=StoredTakes(store),
        )
    with result.path.open("rb") as reader, atomic_open(output) as writer:
        shutil.copyfileobj(reader, writer, 1 << 20)
    return replace(result, path=output)
