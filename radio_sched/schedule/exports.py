"""The plan as JSON, as a printed grid (days × slots), as an iCalendar file and as M3U playlists."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from radio_sched import durations
from radio_sched.atomic import write_text_atomic
from radio_sched.config import StationSettings
from radio_sched.schedule.model import EMERGENCY_SLOT, Placement, Plan
from radio_sched.schedule.plan import WEEKDAY_NAMES
from radio_sched.schedule.service import resolve_audio


def placement_to_dict(placement: Placement) -> dict[str, object]:
    return {
        "program_id": placement.program_id,
        "title": placement.title,
        "start": placement.start.isoformat(),
        "end": placement.end.isoformat(),
        "slot": placement.slot,
        "priority": placement.priority.value,
        "day": placement.day.isoformat(),
        "key": placement.key,
        "pinned": placement.pinned,
    }


def plan_to_dict(plan: Plan) -> dict[str, object]:
    return {
        "placements": [placement_to_dict(p) for p in plan.placements],
        "unplaced": [
            {
                "program_id": u.program_id,
                "title": u.title,
                "day": u.day.isoformat() if u.day else None,
                "reason": u.reason,
            }
            for u in plan.unplaced
        ],
    }


def grid_rows(
    plan: Plan, first: dt.date, last: dt.date, settings: StationSettings
) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the week grid, as plain text cells."""
    names = [slot.name for slot in sorted(settings.slots, key=lambda s: s.start)]
    if any(p.slot == EMERGENCY_SLOT for p in plan.placements):
        names.append(EMERGENCY_SLOT)
    header = ["Ngày", *names]
    rows: list[list[str]] = []
    day = first
    while day <= last:
        row = [f"{WEEKDAY_NAMES[day.weekday()]}\n{day:%d/%m/%Y}"]
        for name in names:
            items = [p for p in plan.placements if p.day == day and p.slot == name]
            lines = [
                f"{p.start:%H:%M:%S} {'[ghim] ' if p.pinned else ''}{p.title} "
                f"({durations.short(p.duration_seconds)})"
                for p in items
            ]
            if items and name != EMERGENCY_SLOT:
                length = (items[0].slot_end - items[0].slot_start).total_seconds()
                used = sum(p.duration_seconds for p in items)
                share = 100 * used / length if length else 0
                lines.append(
                    f"— dùng {durations.short(used)}/{durations.short(length)} ({share:.0f}%)"
                )
            row.append("\n".join(lines) if lines else "—")
        rows.append(row)
        day += dt.timedelta(days=1)
    return header, rows


def print_grid(plan: Plan, first: dt.date, last: dt.date, settings: StationSettings) -> None:
    from rich.console import Console
    from rich.table import Table

    header, rows = grid_rows(plan, first, last, settings)
    table = Table(
        title=f"Lịch phát {settings.name}: {first:%d/%m/%Y} – {last:%d/%m/%Y} "
        f"({settings.timezone})",
        show_lines=True,
    )
    for name in header:
        table.add_column(name, overflow="fold")
    for row in rows:
        table.add_row(*row)
    console = Console(width=max(100, 40 * len(header)), soft_wrap=False)
    console.print(table)
    if plan.unplaced:
        console.print(f"Không xếp được {len(plan.unplaced)} lần phát:")
        for item in plan.unplaced:
            when = f"{item.day:%d/%m} " if item.day else ""
            console.print(f"  - {when}{item.title} (chương trình {item.program_id}): {item.reason}")


def write_ics(plan: Plan, path: Path, settings: StationSettings) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    from radio_sched.atomic import write_bytes_atomic

    write_bytes_atomic(path, ics_bytes(plan, settings))


def ics_bytes(plan: Plan, settings: StationSettings) -> bytes:
    """The plan as an iCalendar file (what ``write_ics`` writes), e.g. for a pack's member."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//radio-sched//lich phat//VI")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"Lịch phát {settings.name}")
    calendar.add("x-wr-timezone", settings.timezone)
    stamp = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)  # fixed, so the same plan gives the same file
    for placement in plan.placements:
        event = Event()
        event.add("uid", f"{placement.key}@radio-sched")
        event.add("dtstamp", stamp)
        # UTC in the file: every calendar reads it right, whatever zone database it carries.
        event.add("dtstart", placement.start.astimezone(dt.UTC))
        event.add("dtend", placement.end.astimezone(dt.UTC))
        event.add("summary", placement.title)
        event.add(
            "description",
            f"Khung giờ: {placement.slot}\nMức ưu tiên: {placement.priority.label}\n"
            f"Chương trình số {placement.program_id}",
        )
        event.add("categories", [placement.priority.value])
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data


def write_m3u(plan: Plan, directory: Path) -> list[Path]:
    """One extended M3U per slot and day, named by date and slot, in playing order."""
    groups: dict[tuple[dt.date, str], list[Placement]] = {}
    for placement in plan.placements:
        groups.setdefault((placement.day, placement.slot), []).append(placement)
    written = []
    for (day, slot), items in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[1][0].start)):
        safe = re.sub(r"[^\w-]+", "_", slot, flags=re.UNICODE)
        target = directory / f"{day.isoformat()}_{items[0].start:%H%M}_{safe}.m3u"
        lines = ["#EXTM3U", f"#PLAYLIST:{slot} {day:%d/%m/%Y}"]
        for item in items:
            audio = resolve_audio(item.audio_path)
            lines.append(f"#EXTINF:{round(item.duration_seconds)},{item.title}")
            lines.append(str(audio) if audio else f"# (chưa có âm thanh) {item.title}")
        write_text_atomic(target, "\n".join(lines) + "\n")
        written.append(target)
    return written
