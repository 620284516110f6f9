"""The non-audio files of a pack: the script as text and Word, the suggested schedule."""

from __future__ import annotations

import datetime as dt
import io
import json
import threading
from typing import Any

from radio_sched.config import StationSettings
from radio_sched.models import Script
from radio_sched.schedule.exports import ics_bytes, plan_to_dict
from radio_sched.schedule.model import Plan, Priority, Program
from radio_sched.schedule.plan import plan_schedule

AUDIO_NAME = "program.mp3"
SCRIPT_TXT = "script.txt"
SCRIPT_DOCX = "script.docx"
SCHEDULE_JSON = "schedule.json"
SCHEDULE_ICS = "schedule.ics"
SCHEDULE_M3U = "schedule.m3u"
PACK_PROGRAM_ID = 1  # the only program a pack's schedule knows; the commune gives it its own id


def script_text(script: Script, reference: str | None) -> bytes:
    header = [script.title]
    if reference:
        header.append(f"Văn bản số {reference}")
    return ("\n".join(header) + "\n\n" + script.text + "\n").encode("utf-8")


def script_docx(script: Script, reference: str | None, producer: str) -> bytes:
    document = _blank_document()
    document.core_properties.title = script.title
    document.core_properties.author = producer
    document.add_heading(script.title, level=1)
    if reference:
        document.add_paragraph(f"Văn bản số {reference}")
    document.add_paragraph(f"Kịch bản cho {script.commune}. Nơi làm: {producer}.")
    for paragraph in script.paragraphs:
        document.add_paragraph(paragraph.text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


_documents = threading.local()


def _blank_document() -> Any:
    """python-docx's blank document, emptied for the next script: opening the template costs
    more than writing a commune's script, and a district build writes one per commune. One per
    thread, as python-docx documents are not shared between threads."""
    import docx

    document = getattr(_documents, "blank", None)
    if document is None:
        document = _documents.blank = docx.Document()
    body = document.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):  # the page settings stay
            body.remove(child)
    return document


def suggested_plan(
    settings: StationSettings,
    *,
    title: str,
    duration_seconds: float,
    priority: Priority,
    per_day: int,
    first: dt.date,
    last: dt.date,
) -> Plan:
    """Where the planner would put this program alone in the commune's slots over the window."""
    program = Program(
        id=PACK_PROGRAM_ID,
        title=title,
        duration_seconds=duration_seconds,
        priority=priority,
        start=first,
        end=last,
        per_day=per_day,
        audio_path=AUDIO_NAME,
    )
    return plan_schedule(settings.slots, [program], first, last, settings.zone)


def schedule_json(plan: Plan, settings: StationSettings, first: dt.date, last: dt.date) -> bytes:
    document = {
        "commune": settings.name,
        "timezone": settings.timezone,
        "first_day": first.isoformat(),
        "last_day": last.isoformat(),
        "audio": AUDIO_NAME,
        "slots": [
            {
                "name": slot.name,
                "start": slot.start.strftime("%H:%M"),
                "end": slot.end.strftime("%H:%M"),
                "days": list(slot.days),
            }
            for slot in settings.slots
        ],
        **plan_to_dict(plan),
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def schedule_ics(plan: Plan, settings: StationSettings) -> bytes:
    return ics_bytes(plan, settings)


def schedule_m3u(plan: Plan) -> bytes:
    """One playlist in airing order; the audio is named relative to the playlist, so it plays
    from wherever the pack is unpacked."""
    lines = ["#EXTM3U", "#PLAYLIST:Lịch phát gợi ý"]
    for placement in plan.placements:
        lines.append(f"# {placement.start:%d/%m/%Y %H:%M} — {placement.slot}")
        lines.append(f"#EXTINF:{round(placement.duration_seconds)},{placement.title}")
        lines.append(AUDIO_NAME)
    return ("\n".join(lines) + "\n").encode("utf-8")
