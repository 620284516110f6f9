"""What plays now: a pure function of the plan, the as-run log and the time.

The runner asks ``next_decision`` whenever it is free; the answer is one decision with its
reason (in Vietnamese, for the log): play an item, resume an interrupted one from the sentence
where it stopped, re-place an interrupted one in a later slot of its campaign, close one that can
no longer be finished, or log one as missed. No files, no clock, no store: tests are tables.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from radio_sched.schedule.model import Outcome, Placement, Plan

DEFAULT_GRACE = 5.0  # an item this late still starts; later ones are missed (or chained in a slot)
OVERRUN_SECONDS = 30.0  # a slot on air may run this far past its end before items are dropped
EMERGENCY_GRACE = 300.0


@dataclass(frozen=True)
class Logged:
    """What the as-run log says of one placement."""

    outcome: Outcome
    position: float = 0.0  # seconds into the audio of the last sentence boundary reached
    resume_at: dt.datetime | None = None  # an interrupted item re-placed in a later slot


@dataclass(frozen=True)
class OnAir:
    """The slot this runner has kept on air, and when it last finished an item in it."""

    instance: str
    since: dt.datetime


class Action(StrEnum):
    PLAY = "play"
    RESUME = "resume"
    REPLACE = "replace"  # an interrupted item moves to a later slot (``resume_at``)
    CLOSE = "close"  # an interrupted item that can no longer be finished
    MISS = "miss"


@dataclass(frozen=True)
class Decision:
    action: Action
    placement: Placement
    reason: str = ""
    position: float = 0.0  # where to start in the audio, seconds (a sentence boundary)
    resume_at: dt.datetime | None = None


def next_decision(
    plan: Plan,
    logged: Mapping[str, Logged],
    now: dt.datetime,
    *,
    floor: dt.datetime,
    on_air: OnAir | None = None,
    grace: float = DEFAULT_GRACE,
) -> Decision | None:
    """The first thing to do now, or None when nothing is due.

    ``floor``: placements before it are not this station's business (before its first run).
    Every placement from the floor on gets exactly one outcome: played (perhaps in parts),
    missed, skipped or closed. Emergencies first, then interrupted items, then the plan's order.
    """
    due = [p for p in plan.placements if floor <= p.start <= now and p.key not in logged]
    for placement in sorted((p for p in due if p.is_emergency), key=_order):
        late = (now - placement.start).total_seconds()
        if late <= EMERGENCY_GRACE:
            return Decision(Action.PLAY, placement)
        return Decision(
            Action.MISS, placement, f"quá {int(EMERGENCY_GRACE)} giây sau giờ phát khẩn cấp"
        )
    interrupted = [
        (p, logged[p.key])
        for p in plan.placements
        if p.key in logged and logged[p.key].outcome is Outcome.INTERRUPTED
    ]
    interrupted.sort(key=lambda item: (not item[0].is_emergency, _order(item[0])))
    for placement, entry in interrupted:
        decision = _resume(plan, logged, placement, entry, now, on_air, grace)
        if decision is not None:
            return decision
    for placement in sorted(due, key=_order):
        return _due(placement, now, on_air, grace)
    return None


def _order(placement: Placement) -> tuple[dt.datetime, str]:
    return placement.start, placement.key


def _chained(instance: str, now: dt.datetime, on_air: OnAir | None, grace: float) -> bool:
    """The slot is on air in this runner, which was busy until just now."""
    return (
        on_air is not None
        and on_air.instance == instance
        and (now - on_air.since).total_seconds() <= grace
    )


def _due(placement: Placement, now: dt.datetime, on_air: OnAir | None, grace: float) -> Decision:
    late = (now - placement.start).total_seconds()
    fits = now + dt.timedelta(seconds=placement.duration_seconds) <= placement.slot_end + (
        dt.timedelta(seconds=OVERRUN_SECONDS)
    )
    if late <= grace:
        return Decision(Action.PLAY, placement)
    if _chained(placement.instance, now, on_air, grace):
        if fits:
            return Decision(Action.PLAY, placement)  # the item follows the one before
        return Decision(Action.MISS, placement, "không còn đủ thời gian trong khung giờ")
    return Decision(
        Action.MISS,
        placement,
        f"đài không hoạt động lúc {placement.start:%H:%M:%S %d/%m/%Y} "
        f"(chạy lại lúc {now:%H:%M:%S})",
    )


def _resume(
    plan: Plan,
    logged: Mapping[str, Logged],
    placement: Placement,
    entry: Logged,
    now: dt.datetime,
    on_air: OnAir | None,
    grace: float,
) -> Decision | None:
    remaining = max(0.0, placement.duration_seconds - entry.position)
    finish = now + dt.timedelta(seconds=remaining)
    overrun = dt.timedelta(seconds=OVERRUN_SECONDS)
    if placement.is_emergency:
        if (now - placement.end).total_seconds() <= EMERGENCY_GRACE:
            return Decision(Action.RESUME, placement, position=entry.position)
        return Decision(
            Action.CLOSE, placement, "tin khẩn cấp bị ngắt quá lâu, không phát tiếp", entry.position
        )
    if entry.resume_at is None:
        if finish <= placement.slot_end + overrun:
            return Decision(Action.RESUME, placement, position=entry.position)
    else:
        if now < entry.resume_at:
            return None  # waits for its new place
        slot = _instance_at(plan, entry.resume_at)
        if slot is not None:
            late = (now - entry.resume_at).total_seconds()
            chained = _chained(slot.instance, now, on_air, grace)
            if (late <= grace or chained) and finish <= slot.end + overrun:
                return Decision(Action.RESUME, placement, position=entry.position)
    target = _free_slot(plan, logged, placement, remaining, now)
    if target is None:
        return Decision(
            Action.CLOSE,
            placement,
            "không còn khung giờ trống trong thời gian tuyên truyền để phát tiếp phần còn lại",
            entry.position,
        )
    return Decision(
        Action.REPLACE,
        placement,
        f"khung giờ không còn chỗ; phát tiếp phần còn lại ({remaining:.0f} giây) vào khung giờ "
        f"{target.slot} lúc {target.at:%H:%M:%S %d/%m/%Y}",
        entry.position,
        target.at,
    )


@dataclass(frozen=True)
class _Slot:
    instance: str
    slot: str
    start: dt.datetime
    end: dt.datetime
    used: float
    at: dt.datetime = dt.datetime.min


def _instances(plan: Plan) -> dict[str, _Slot]:
    found: dict[str, _Slot] = {}
    for p in plan.placements:
        if p.is_emergency:
            continue
        known = found.get(p.instance)
        used = (known.used if known else 0.0) + p.duration_seconds
        found[p.instance] = _Slot(p.instance, p.slot, p.slot_start, p.slot_end, used)
    return found


def _instance_at(plan: Plan, moment: dt.datetime) -> _Slot | None:
    return next((s for s in _instances(plan).values() if s.start <= moment <= s.end), None)


def _free_slot(
    plan: Plan,
    logged: Mapping[str, Logged],
    placement: Placement,
    remaining: float,
    now: dt.datetime,
) -> _Slot | None:
    """The next slot of the campaign that still has room after its own items and after other
    interrupted items already moved there."""
    by_key = {p.key: p for p in plan.placements}
    slots = _instances(plan)
    extra: dict[str, float] = {}
    for key, entry in logged.items():
        if entry.outcome is Outcome.INTERRUPTED and entry.resume_at is not None:
            other = by_key.get(key)
            if other is None or key == placement.key:
                continue
            slot = _instance_at(plan, entry.resume_at)
            if slot is not None:
                left = max(0.0, other.duration_seconds - entry.position)
                extra[slot.instance] = extra.get(slot.instance, 0.0) + left
    for slot in sorted(slots.values(), key=lambda s: s.start):
        if slot.start <= now:
            continue
        day = dt.date.fromisoformat(slot.instance.split("/", 1)[0])
        if placement.campaign_end is not None and day > placement.campaign_end:
            continue
        used = slot.used + extra.get(slot.instance, 0.0)
        capacity = (slot.end - slot.start).total_seconds()
        if used + remaining <= capacity + 1e-6:
            at = slot.start + dt.timedelta(seconds=used)
            return _Slot(slot.instance, slot.slot, slot.start, slot.end, used, at)
    return None
