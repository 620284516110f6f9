"""Glue between the store and the pure planner: read programs, pins and emergencies, then plan.

The operator's actions live in ``operations``; they are re-exported here so that callers (the
TUI) find the whole schedule service in one module.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from radio_sched import locations
from radio_sched.config import StationSettings
from radio_sched.schedule.model import Plan
from radio_sched.schedule.operations import (
    add_audio_program,
    add_pin,
    approve_program,
    approve_script,
    attach_render,
    bump_plan_revision,
    cancel_emergency,
    declare_emergency,
    disable_program,
    pin_program,
    remove_pin,
    replan,
    set_program_enabled,
    start_emergency,
    unpin_program,
)
from radio_sched.schedule.plan import plan_schedule
from radio_sched.store.db import Store
from radio_sched.store.programs import (
    active_emergencies,
    all_pins,
    all_skips,
    plan_revision,
    plannable_programs,
)


def load_plan(store: Store, settings: StationSettings, first: dt.date, last: dt.date) -> Plan:
    plan, _ = load_plan_with_revision(store, settings, first, last)
    return plan


def load_plan_with_revision(
    store: Store, settings: StationSettings, first: dt.date, last: dt.date
) -> tuple[Plan, int]:
    # One read transaction, so the revision matches the rows the plan was made from.
    with store.session() as session:
        revision = plan_revision(session)
        programs = plannable_programs(session)
        pins = all_pins(session)
        emergencies = active_emergencies(session)
        skips = all_skips(session)
    plan = plan_schedule(
        settings.slots, programs, first, last, settings.zone, pins, emergencies, skips
    )
    return plan, revision


def week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def resolve_audio(path: str | None) -> Path | None:
    """Audio paths are stored relative to the station home when they live inside it, so the
    home can be moved (tests, backups) without breaking programs."""
    if not path:
        return None
    candidate = Path(path)
    return candidate if candidate.is_absolute() else locations.station_home() / candidate


__all__ = [
    "add_audio_program",
    "add_pin",
    "approve_program",
    "approve_script",
    "attach_render",
    "bump_plan_revision",
    "cancel_emergency",
    "declare_emergency",
    "disable_program",
    "load_plan",
    "load_plan_with_revision",
    "pin_program",
    "remove_pin",
    "replan",
    "resolve_audio",
    "set_program_enabled",
    "start_emergency",
    "unpin_program",
    "week_of",
]
