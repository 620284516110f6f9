"""Pure planning: slots + programs + pins + emergencies → placements for a range of days.

No files, no clock: the same input always gives the same plan, so a re-plan after any change
keeps every placement that the change does not touch (keys are stable).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from radio_sched import durations
from radio_sched.schedule.model import (
    EMERGENCY_SLOT,
    WEEKDAYS,
    Emergency,
    Pin,
    Placement,
    Plan,
    Priority,
    Program,
    Skip,
    Slot,
    Unplaced,
)

WEEKDAY_NAMES = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")


@dataclass
class _Instance:
    """One slot on one day while it is being filled."""

    index: int
    slot: Slot
    start: dt.datetime
    end: dt.datetime
    pinned: list[tuple[int, Program]] = field(default_factory=list)  # (position, program)
    free: list[Program] = field(default_factory=list)
    used: float = 0.0
    held: set[int] = field(default_factory=set)

    @property
    def capacity(self) -> float:
        return (self.end - self.start).total_seconds()

    def add(self, program: Program, position: int | None = None) -> None:
        if position is None:
            self.free.append(program)
        else:
            self.pinned.append((position, program))
        self.used += _duration(program)
        self.held.add(program.id)

    def holds(self, program_id: int) -> bool:
        return program_id in self.held

    def fits(self, program: Program) -> bool:
        # A microsecond of slack so that programs filling a slot exactly still fit after float sums.
        return self.used + _duration(program) <= self.capacity + 1e-6


def plan_schedule(
    slots: Sequence[Slot],
    programs: Iterable[Program],
    first_day: dt.date,
    last_day: dt.date,
    zone: ZoneInfo,
    pins: Iterable[Pin] = (),
    emergencies: Iterable[Emergency] = (),
    skips: Iterable[Skip] = (),
) -> Plan:
    """Placements for every day from ``first_day`` to ``last_day`` inclusive, station time."""
    ordered_slots = tuple(sorted(slots, key=lambda s: (s.start, s.name)))
    all_programs = sorted(programs, key=lambda p: p.id)
    by_id = {p.id: p for p in all_programs}
    pins_by_day: dict[dt.date, list[Pin]] = {}
    for pin in sorted(pins, key=lambda p: (p.day, p.slot, p.position, p.program_id)):
        pins_by_day.setdefault(pin.day, []).append(pin)

    skips_by_day: dict[dt.date, set[tuple[int, str | None]]] = {}
    for skip in skips:
        skips_by_day.setdefault(skip.day, set()).add((skip.program_id, skip.slot))

    placements: list[Placement] = []
    unplaced: list[Unplaced] = []
    day = first_day
    while day <= last_day:
        day_placements, day_unplaced = _plan_day(
            day,
            ordered_slots,
            all_programs,
            by_id,
            pins_by_day.get(day, []),
            zone,
            skips_by_day.get(day, set()),
        )
        placements.extend(day_placements)
        unplaced.extend(day_unplaced)
        day += dt.timedelta(days=1)

    window_start = dt.datetime.combine(first_day, dt.time(), tzinfo=zone)
    window_end = dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    for emergency in sorted(emergencies, key=lambda e: e.id):
        placed, missing = _plan_emergency(emergency, by_id, zone, window_start, window_end)
        placements.extend(placed)
        unplaced.extend(missing)

    placements.sort(key=lambda p: (p.start, p.key))
    return Plan(tuple(placements), tuple(unplaced), ordered_slots)


def _plan_day(
    day: dt.date,
    slots: tuple[Slot, ...],
    programs: list[Program],
    by_id: dict[int, Program],
    pins: list[Pin],
    zone: ZoneInfo,
    skips: set[tuple[int, str | None]],
) -> tuple[list[Placement], list[Unplaced]]:
    weekday = WEEKDAYS[day.weekday()]
    instances = [
        _Instance(
            index=index,
            slot=slot,
            start=dt.datetime.combine(day, slot.start, tzinfo=zone),
            end=dt.datetime.combine(day, slot.end, tzinfo=zone),
        )
        for index, slot in enumerate(s for s in slots if weekday in s.days)
    ]
    unplaced: list[Unplaced] = []
    # The operator removed these programs' airings of the whole day.
    active = [p for p in programs if p.active_on(day) and (p.id, None) not in skips]
    if not instances:
        no_slot = f"không có khung giờ phát nào vào {WEEKDAY_NAMES[day.weekday()]}"
        return [], [Unplaced(p.id, p.title, day, no_slot) for p in active if p.per_day > 0]

    pinned_count: dict[int, int] = {}
    for pin in pins:
        program = by_id.get(pin.program_id)
        if program is None:
            continue  # the program was deleted; its pins go with it
        instance = next((i for i in instances if i.slot.name == pin.slot), None)
        reason = _unusable(program)
        if reason is None and not program.active_on(day):
            reason = f"được ghim ngày {day:%d/%m/%Y} nhưng ngoài thời gian tuyên truyền"
        if reason is None and instance is None:
            reason = f"được ghim vào khung giờ {pin.slot!r} nhưng ngày này không có khung giờ đó"
        if reason is None and instance is not None and not instance.fits(program):
            reason = _full_reason(program, instance)
        if reason is not None or instance is None:
            unplaced.append(Unplaced(program.id, program.title, day, reason or ""))
            continue
        instance.add(program, pin.position)
        pinned_count[program.id] = pinned_count.get(program.id, 0) + 1

    usable: list[Program] = []
    for program in active:
        problem = _unusable(program)
        if problem is None:
            usable.append(program)
        elif program.per_day > 0:
            unplaced.append(Unplaced(program.id, program.title, day, problem))

    # Round by round within each class, so an overfull day drops extra repeats before whole
    # programs, and a higher class is always served first.
    ordinal = {p.id: n for n, p in enumerate(usable)}
    for rank in sorted({p.priority.rank for p in usable}, reverse=True):
        group = [p for p in usable if p.priority.rank == rank]
        # An airing the operator removed from a slot is not moved to another one.
        removed = {p.id: sum((p.id, i.slot.name) in skips for i in instances) for p in group}
        wanted = {
            p.id: max(0, p.per_day - pinned_count.get(p.id, 0) - removed[p.id]) for p in group
        }
        rounds = max(wanted.values(), default=0)
        for repeat in range(rounds):
            for program in group:
                if repeat >= wanted[program.id]:
                    continue
                preferred = _preferred_slot(
                    repeat, wanted[program.id], len(instances), day, ordinal[program.id]
                )
                not_begun = [i for i in instances if not _begun_before(program, i)]
                late = len(not_begun) < len(instances)
                # Approved late in the day: what is left of it is not crammed with repeats.
                if not not_begun or (late and repeat >= len(not_begun)):
                    reason = _late_reason(program, zone)
                    unplaced.append(Unplaced(program.id, program.title, day, reason))
                    continue
                open_to = [i for i in not_begun if (program.id, i.slot.name) not in skips]
                if not open_to:
                    continue  # the operator removed it from every slot left
                target = _choose(open_to, preferred, program)
                if target is None:
                    roomiest = max(instances, key=lambda i: i.capacity - i.used)
                    reason = _full_reason(program, roomiest, day=day, repeat=repeat)
                    unplaced.append(Unplaced(program.id, program.title, day, reason))
                else:
                    target.add(program)

    return [p for inst in instances for p in _lay_out(day, inst)], unplaced


def _preferred_slot(repeat: int, count: int, slots: int, day: dt.date, ordinal: int) -> int:
    """Spread ``count`` repeats evenly over the day; rotate by day and program so that a program
    aired once a day alternates between morning and evening instead of always taking the first."""
    rotation = (day.toordinal() + ordinal) % slots
    return (repeat * slots // max(count, 1) + rotation) % slots


def _begun_before(program: Program, instance: _Instance) -> bool:
    """The slot had begun on the day the program was approved, before it was approved."""
    moment = program.available_from
    if moment is None:
        return False
    moment = moment.astimezone(instance.start.tzinfo)
    return instance.start.date() == moment.date() and instance.start < moment


def _late_reason(program: Program, zone: ZoneInfo) -> str:
    moment = program.available_from
    at = f" lúc {moment.astimezone(zone):%H:%M}" if moment is not None else ""
    return f"được duyệt{at}, sau khi các khung giờ hôm nay đã bắt đầu; phát từ khung giờ sau"


def _choose(instances: list[_Instance], preferred: int, program: Program) -> _Instance | None:
    candidates = sorted(instances, key=lambda i: (abs(i.index - preferred), -i.index))
    # Prefer a slot that does not already carry this program: repeats belong in different slots.
    for allow_repeat in (False, True):
        for instance in candidates:
            if (allow_repeat or not instance.holds(program.id)) and instance.fits(program):
                return instance
    return None


def _lay_out(day: dt.date, instance: _Instance) -> list[Placement]:
    pinned = [p for _, p in sorted(instance.pinned, key=lambda item: (item[0], item[1].id))]
    rest: list[Program] = []
    for rank in sorted({p.priority.rank for p in instance.free}, reverse=True):
        group = sorted((p for p in instance.free if p.priority.rank == rank), key=lambda p: p.id)
        # Rotate within a class so that no program always opens the slot.
        shift = (day.toordinal() + instance.index) % len(group)
        rest.extend(group[shift:] + group[:shift])
    placements: list[Placement] = []
    seen: dict[int, int] = {}
    moment = instance.start
    flagged = [True] * len(pinned) + [False] * len(rest)
    for program, is_pinned in zip(pinned + rest, flagged, strict=True):
        repeat = seen.get(program.id, 0)
        seen[program.id] = repeat + 1
        end = moment + dt.timedelta(seconds=_duration(program))
        placements.append(
            Placement(
                key=f"{day.isoformat()}/{instance.slot.name}/{program.id}/{repeat}",
                program_id=program.id,
                title=program.title,
                start=moment,
                end=end,
                slot=instance.slot.name,
                priority=program.priority,
                day=day,
                slot_start=instance.start,
                slot_end=instance.end,
                audio_path=program.audio_path,
                pinned=is_pinned,
                directive_id=program.directive_id,
                campaign_end=program.end,
            )
        )
        moment = end
    return placements


def _plan_emergency(
    emergency: Emergency,
    by_id: dict[int, Program],
    zone: ZoneInfo,
    window_start: dt.datetime,
    window_end: dt.datetime,
) -> tuple[list[Placement], list[Unplaced]]:
    program = by_id.get(emergency.program_id)
    if program is None:
        why = f"lệnh khẩn cấp {emergency.id}: chương trình chưa duyệt, đã tạm ngừng hoặc đã xoá"
        title = f"chương trình {emergency.program_id}"
        return [], [Unplaced(emergency.program_id, title, None, why)]
    reason = _unusable(program)
    if reason is not None:
        return [], [Unplaced(program.id, program.title, None, reason)]
    length = dt.timedelta(seconds=_duration(program))
    placements = []
    for number, moment in enumerate(emergency.occurrences()):
        local = moment.astimezone(zone)
        if not window_start <= local < window_end:
            continue
        placements.append(
            Placement(
                key=f"E{emergency.id}/{number}",
                program_id=program.id,
                title=program.title,
                start=local,
                end=local + length,
                slot=EMERGENCY_SLOT,
                priority=Priority.EMERGENCY,
                day=local.date(),
                slot_start=local,
                slot_end=local + length,
                audio_path=program.audio_path,
                directive_id=program.directive_id,
            )
        )
    return placements, []


def _duration(program: Program) -> float:
    return float(program.duration_seconds or 0.0)


def _unusable(program: Program) -> str | None:
    if program.duration_seconds is None or program.duration_seconds <= 0:
        return "chưa có thời lượng (chưa có âm thanh và chưa ước tính được)"
    return None


def _full_reason(
    program: Program, instance: _Instance, day: dt.date | None = None, repeat: int | None = None
) -> str:
    need = durations.in_words(_duration(program))
    if _duration(program) > instance.capacity + 1e-6 and day is None:
        capacity = durations.in_words(instance.capacity)
        return f"dài {need}, dài hơn khung giờ {instance.slot.name!r} ({capacity})"
    left = durations.in_words(max(0.0, instance.capacity - instance.used))
    what = f"lần phát thứ {repeat + 1}" if repeat is not None else "chương trình"
    where = f"các khung giờ ngày {day:%d/%m/%Y}" if day else f"khung giờ {instance.slot.name!r}"
    return f"{what} không còn chỗ: cần {need}, {where} còn trống nhiều nhất {left}"
