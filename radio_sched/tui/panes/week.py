"""Lịch tuần: days × slots with their programs and fill; what did not fit, and why; add, remove,
pin, re-plan; an emergency broadcast after a confirmation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.coordinate import Coordinate
from textual.widgets import DataTable, OptionList, Static
from textual.widgets.option_list import Option

from radio_sched import durations
from radio_sched.schedule.model import WEEKDAYS
from radio_sched.tui.messages import ActionFailed, PlanChanged, PlanLoaded
from radio_sched.tui.modals import ChoiceScreen, DaysScreen, EmergencyOrder, EmergencyScreen
from radio_sched.tui.panes.base import Pane, StatusLine, day_label, shorten
from radio_sched.tui.select import Select
from radio_sched.tui.services import plain_error

WATCH_SECONDS = 5.0


class WeekPane(Pane):
    DEFAULT_CSS = """
    WeekPane #week-title { height: 1; padding: 0 1; text-style: bold; }
    WeekPane #grid { height: auto; max-height: 10; }
    WeekPane #cell-row { height: 1fr; min-height: 3; }
    WeekPane #cell-items { width: 1fr; border: round $primary-darken-2; }
    WeekPane #program { width: 1fr; max-width: 40; }
    WeekPane #unplaced { height: auto; max-height: 4; color: $text-error; padding: 0 1; }
    """
    MAIN = "#grid"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left_square_bracket", "week(-1)", "Tuần trước"),
        Binding("right_square_bracket", "week(1)", "Tuần sau"),
        Binding("a", "add", "Thêm"),
        Binding("g", "pin", "Ghim"),
        Binding("d", "remove", "Gỡ"),
        Binding("l", "replan", "Lập lại"),
        Binding("e", "emergency", "Khẩn cấp"),
        Binding("t", "today", "Hôm nay"),
        Binding("n", "go_to_date", "Đến ngày"),
        Binding("c", "campaign", "Tuần chiến dịch"),
        Binding("b", "enable", "Bật lại"),
        Binding("h", "restore", "Đặt lại lượt đã gỡ"),
    ]

    plan: Any = None
    changing: int = 0
    """Changes made on this screen still being written (the watch must not claim them)."""
    programs: list[Any]
    silent: list[tuple[int, str]]
    removed: list[tuple[int, dt.date, str | None]]
    note: str = ""
    revision: int | None = None
    fresh: bool = True
    """What the last change did, said again once the week has been planned anew."""
    first: dt.date
    cursor_day: dt.date | None = None

    def compose(self) -> ComposeResult:
        self.programs, self.silent, self.removed = [], [], []
        today = self.ctx.today()
        self.first = today - dt.timedelta(days=today.weekday())
        yield Static("", id="week-title")
        yield DataTable(id="grid", cursor_type="cell")
        with Horizontal(id="cell-row"):
            yield OptionList(id="cell-items")
            yield Select[int]((), prompt="Chương trình để thêm", id="program")
        yield Static("", id="unplaced")
        yield StatusLine("Đang lập lịch…")

    def on_mount(self) -> None:
        self.load_week()
        self.set_interval(WATCH_SECONDS, self._watch)

    def _watch(self) -> None:
        if self.revision is not None and self.is_showing():
            self.check_revision(self.revision)

    @property
    def last(self) -> dt.date:
        return self.first + dt.timedelta(days=6)

    # -- workers ------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="week")
    def load_week(self) -> None:
        from radio_sched.schedule.operations import (
            program_choices,
            programs_without_audio,
            removed_airings,
        )
        from radio_sched.schedule.service import load_plan_with_revision

        first, last = self.first, self.last
        try:
            store = self.ctx.store()
            plan, revision = load_plan_with_revision(store, self.ctx.settings, first, last)
            programs = program_choices(store)
            silent = programs_without_audio(plan)
            removed = removed_airings(store, first, last)
        except Exception as error:  # noqa: BLE001
            self.post_message(ActionFailed(plain_error(error)))
            return
        self.post_message(PlanLoaded(first, last, plan, programs, revision, silent, removed))

    @work(thread=True, exclusive=True, group="week-watch")
    def check_revision(self, known: int) -> None:
        """The daemon's CLI or another operator may change the plan while this screen is open;
        a one-row read, so the poll costs nothing."""
        from radio_sched.store.programs import plan_revision

        try:
            with self.ctx.store().session() as session:
                revision = plan_revision(session)
        except Exception:  # noqa: BLE001 - a busy database now is a poll missed, not an error
            return
        if revision != known:
            self.post_message(
                PlanChanged(
                    "Lịch vừa được thay đổi ở nơi khác; đã cập nhật.",
                    elsewhere=True,
                    revision=revision,
                )
            )

    @work(thread=True, exclusive=False, group="week-change")
    def change(self, note: str, function: Callable[..., object], *args: Any, **kwargs: Any) -> None:
        """Run one of ``radio_sched.schedule.operations`` (the CLI's own) on the station store."""
        self.changing += 1
        try:
            function(self.ctx.store(), *args, **kwargs)
        except Exception as error:  # noqa: BLE001
            self.post_message(ActionFailed(plain_error(error)))
            return
        finally:
            self.changing -= 1
        self.post_message(PlanChanged(note))

    # -- events -------------------------------------------------------------------------------

    def on_plan_loaded(self, event: PlanLoaded) -> None:
        if event.first != self.first:
            return
        self.plan = event.plan
        self.revision = event.revision
        self.programs = list(event.programs)
        self.silent = list(event.silent)
        self.removed = list(event.removed)
        self.query_one("#week-title", Static).update(
            f"Tuần {event.first:%d/%m}–{event.last:%d/%m/%Y} · [ ] tuần · T hôm nay · "
            "N ngày · C chiến dịch"
        )
        grid = self.query_one("#grid", DataTable)
        cursor = grid.cursor_coordinate
        grid.clear(columns=True)
        slots = self.slot_names()
        grid.add_column("Ngày", key="day")
        for name in slots:
            grid.add_column(name, key=name)
        problem_days = {u.day for u in event.plan.unplaced}
        for offset in range(7):
            day = event.first + dt.timedelta(days=offset)
            label = Text(day_label(day))
            if day in problem_days:
                label = Text(f"{day_label(day)} ⚠", style="bold red")
            cells: list[Text | str] = [label]
            for name in slots:
                cells.append(self.cell_text(day, name))
            grid.add_row(*cells, key=day.isoformat())
        if self.fresh:
            # First time this week is shown: start on the day asked for (today by default).
            offset = ((self.cursor_day or self.ctx.today()) - event.first).days
            cursor = Coordinate(offset if 0 <= offset < 7 else 0, 1)
            self.fresh = False
        grid.cursor_coordinate = Coordinate(
            min(cursor.row, 6), max(1, min(cursor.column, len(slots)))
        )
        program_select = self.query_one("#program", Select)
        chosen = program_select.value
        program_select.set_options((choice.label, choice.program_id) for choice in event.programs)
        if isinstance(chosen, int) and any(c.program_id == chosen for c in event.programs):
            program_select.value = chosen
        self.show_unplaced()
        self.show_cell()
        count = f"{len(event.plan.placements)} lượt phát trong tuần."
        if self.note:
            self.status.say(f"{self.note} {count}", "ok")
            self.note = ""
        else:
            self.status.say(count)

    def on_plan_changed(self, event: PlanChanged) -> None:
        # The watch also sees this screen's own changes (the revision went up): what the
        # operator just did is not then reported as done elsewhere.
        if event.elsewhere and (
            self.changing or (event.revision is not None and (self.revision or 0) >= event.revision)
        ):
            return  # this screen's own change, or a plan already shown
        if not (event.elsewhere and self.note):
            self.note = event.note
        self.load_week()

    @on(DataTable.CellHighlighted, "#grid")
    def cell_moved(self) -> None:
        self.show_cell()

    # -- drawing ------------------------------------------------------------------------------

    def slot_names(self) -> list[str]:
        from radio_sched.schedule.model import EMERGENCY_SLOT

        names = [slot.name for slot in self.ctx.settings.slots]
        if self.plan is not None and any(p.slot == EMERGENCY_SLOT for p in self.plan.placements):
            names.append(EMERGENCY_SLOT)
        return names

    def placements(self, day: dt.date, slot: str) -> list[Any]:
        if self.plan is None:
            return []
        return [p for p in self.plan.placements if p.day == day and p.slot == slot]

    def cell_text(self, day: dt.date, slot_name: str) -> Text:
        slot = next((s for s in self.ctx.settings.slots if s.name == slot_name), None)
        items = self.placements(day, slot_name)
        if slot is not None and WEEKDAYS[day.weekday()] not in slot.days:
            return Text("—", style="dim")
        used = sum(p.duration_seconds for p in items)
        if slot is None:
            return Text(f"{len(items)} lượt", style="bold red")
        capacity = slot.minutes * 60
        filled = durations.short(used) if used else "0:00"
        text = f"{len(items)} bài · {filled}/{durations.short(capacity)}"
        style = "bold" if items else "dim"
        if used > capacity:
            style = "bold red"
        if any(p.pinned for p in items):
            text += " ★"
        return Text(text, style=style)

    def selected_cell(self) -> tuple[dt.date, str] | None:
        grid = self.query_one("#grid", DataTable)
        if self.plan is None or grid.row_count == 0:
            return None
        coordinate = grid.cursor_coordinate
        slots = self.slot_names()
        if coordinate.column < 1 or coordinate.column > len(slots):
            return None
        return self.first + dt.timedelta(days=coordinate.row), slots[coordinate.column - 1]

    def show_cell(self) -> None:
        items = self.query_one("#cell-items", OptionList)
        items.clear_options()
        cell = self.selected_cell()
        if cell is None:
            items.border_title = "Chọn một ô"
            return
        day, slot = cell
        items.border_title = f"{slot} {day_label(day)}"
        for placement in self.placements(day, slot):
            pin = " ★ghim" if placement.pinned else ""
            items.add_option(
                Option(
                    f"{placement.start:%H:%M} {placement.title} "
                    f"({durations.short(placement.duration_seconds)}){pin}",
                    id=placement.key,
                )
            )
        if items.option_count == 0:
            items.add_option(Option("(trống)", disabled=True))
        else:
            items.highlighted = 0

    def show_unplaced(self) -> None:
        lines = [
            f"⚠ {shorten(title, 40)}: chưa có âm thanh nên sẽ không phát; tạo ở Âm thanh (F4)."
            for _pid, title in self.silent
        ]
        titles = {c.program_id: c.title for c in self.programs}
        lines += [
            f"↺ {shorten(titles.get(pid, str(pid)), 40)}: đã gỡ khỏi "
            + (f"khung {slot} " if slot else "cả ngày ")
            + f"{day:%d/%m} (H trên ô đó: đặt lại)"
            for pid, day, slot in self.removed
        ]
        lines += [
            f"⚠ {u.title}" + (f" ({u.day:%d/%m})" if u.day else "") + f": {u.reason}"
            for u in (self.plan.unplaced if self.plan is not None else ())
        ]
        self.query_one("#unplaced", Static).update("\n".join(lines))

    def selected_placement(self) -> Any:
        items = self.query_one("#cell-items", OptionList)
        cell = self.selected_cell()
        if cell is None or items.highlighted is None:
            return None
        option = items.get_option_at_index(items.highlighted)
        return next((p for p in self.placements(*cell) if p.key == option.id), None)

    # -- actions ------------------------------------------------------------------------------

    def action_week(self, step: int) -> None:
        self.show_week(self.first + dt.timedelta(days=7 * step))

    def show_week(self, day: dt.date, *, cursor_day: dt.date | None = None) -> None:
        """The week holding ``day``; the grid keeps showing the old week until the new one is
        planned (no empty grid while keys are pressed fast)."""
        self.first = day - dt.timedelta(days=day.weekday())
        self.fresh = True
        self.cursor_day = cursor_day or day
        self.status.say("Đang lập lịch…")
        self.load_week()

    def action_today(self) -> None:
        self.show_week(self.ctx.today())

    def action_go_to_date(self) -> None:
        from radio_sched.tui.modals import DateScreen

        def answered(day: dt.date | None) -> None:
            if day is not None:
                self.show_week(day)

        self.app.push_screen(DateScreen(self.first), answered)

    def chosen_program(self) -> Any:
        """The program picked on the right, else the one of the airing under the cursor."""
        program = self.query_one("#program", Select).value
        placement = self.selected_placement()
        program_id = program if isinstance(program, int) else getattr(placement, "program_id", None)
        return next((c for c in self.programs if c.program_id == program_id), None)

    def action_campaign(self) -> None:
        choice = self.chosen_program()
        if choice is None:
            self.status.say("Chọn một chương trình ở ô bên phải để đến tuần chiến dịch của nó.")
            return
        if choice.start is None:
            self.status.say(f"«{choice.title}» không có ngày bắt đầu chiến dịch.")
            return
        self.show_week(choice.start)

    def action_enable(self) -> None:
        choice = self.chosen_program()
        if choice is None or choice.enabled:
            self.status.say(
                "Chọn một chương trình đang tạm ngừng ở ô bên phải rồi bấm B để bật lại."
            )
            return
        from radio_sched.schedule import operations

        self.change(
            f"Đã bật lại «{choice.title}».",
            operations.set_program_enabled,
            choice.program_id,
            True,
        )

    def action_replan(self) -> None:
        from radio_sched.schedule import operations

        self.change("Đã lập lại lịch.", operations.replan)

    def action_add(self) -> None:
        cell = self.selected_cell()
        program = self.query_one("#program", Select).value
        if cell is None or not isinstance(program, int):
            self.status.say("Chọn một ô trong lịch và một chương trình ở ô bên phải.", "error")
            return
        day, slot = cell
        from radio_sched.schedule import operations

        title = next((c.title for c in self.programs if c.program_id == program), str(program))
        self.change(
            f"Đã thêm «{title}» vào khung {slot} {day:%d/%m}.",
            operations.pin_program,
            program,
            day,
            slot,
        )

    def action_pin(self) -> None:
        placement = self.selected_placement()
        if placement is None:
            self.status.say("Chọn một chương trình trong ô (khung dưới lịch) để ghim.", "error")
            return
        from radio_sched.schedule import operations

        self.change(
            f"Đã ghim “{placement.title}” vào khung {placement.slot} {placement.day:%d/%m}.",
            operations.pin_program,
            placement.program_id,
            placement.day,
            placement.slot,
        )

    def action_remove(self) -> None:
        placement = self.selected_placement()
        if placement is None:
            self.status.say("Chọn một chương trình trong ô để gỡ.", "error")
            return
        from radio_sched.schedule import operations

        if placement.pinned:
            self.change(
                f"Đã gỡ ghim “{placement.title}”.",
                operations.unpin_program,
                placement.program_id,
                placement.day,
                placement.slot,
            )
            return
        title, day, slot = placement.title, placement.day, placement.slot
        program_id = placement.program_id

        def answered(choice: str | None) -> None:
            if choice == "one":
                self.change(
                    f"Đã gỡ “{title}” khỏi khung {slot} {day:%d/%m} (H: đặt lại).",
                    operations.remove_airing,
                    program_id,
                    day,
                    slot,
                )
            elif choice == "day":
                self.change(
                    f"Đã gỡ “{title}” khỏi ngày {day:%d/%m} (H: đặt lại).",
                    operations.remove_airing,
                    program_id,
                    day,
                    None,
                )
            elif choice == "days":
                self.choose_days(program_id, title, day)
            elif choice == "all":
                self.change(
                    f"Đã tạm ngừng “{title}” trên mọi ngày (chọn nó ở ô bên phải, B để bật lại).",
                    operations.disable_program,
                    program_id,
                )

        self.app.push_screen(
            ChoiceScreen(
                f"Gỡ “{shorten(title, 60)}” khỏi lịch:",
                [
                    ("one", f"Chỉ lượt này (khung {slot} {day:%d/%m})"),
                    ("day", f"Cả ngày {day:%d/%m}"),
                    ("days", "Những ngày chọn trong tuần…"),
                    ("all", "Tạm ngừng trên mọi ngày (bật lại bằng B)"),
                ],
            ),
            answered,
        )

    def choose_days(self, program_id: int, title: str, day: dt.date) -> None:
        from radio_sched.schedule import operations

        def answered(days: list[dt.date] | None) -> None:
            if days:
                listed = ", ".join(f"{d:%d/%m}" for d in days)
                self.change(
                    f"Đã gỡ “{title}” khỏi các ngày {listed} (H trên ô của ngày: đặt lại).",
                    operations.suspend_days,
                    program_id,
                    days,
                )

        week = [self.first + dt.timedelta(days=offset) for offset in range(7)]
        self.app.push_screen(
            DaysScreen(f"Gỡ “{shorten(title, 50)}” khỏi những ngày nào?", week, day), answered
        )

    def action_restore(self) -> None:
        cell = self.selected_cell()
        if cell is None:
            self.status.say("Chọn ô (ngày, khung giờ) có lượt đã gỡ để đặt lại.", "error")
            return
        day, slot = cell
        from radio_sched.schedule import operations

        self.change(
            f"Đã đặt lại các lượt đã gỡ ở khung {slot} {day:%d/%m}.",
            operations.restore_airings,
            day,
            slot,
        )

    def action_emergency(self) -> None:
        choice = self.chosen_program()
        if choice is None:
            self.status.say("Chọn chương trình cần phát khẩn cấp ở ô bên phải.", "error")
            return
        program_id, title = choice.program_id, choice.title

        from radio_sched.schedule import operations

        def answered(order: EmergencyOrder | None) -> None:
            if order is None:
                self.status.say("Đã huỷ, không phát khẩn cấp.")
                return
            repeat = ""
            if order.every is not None and order.span is not None:
                every, span = order.every.seconds // 60, order.span.seconds // 60
                repeat = f", nhắc lại mỗi {every} phút trong {span} phút"
            self.change(
                f"Đã ra lệnh phát khẩn cấp «{title}»{repeat}.",
                operations.declare_emergency,
                self.ctx.settings,
                program_id,
                start=self.ctx.now(),
                every=order.every,
                span=order.span,
                who=self.ctx.who,
            )

        self.app.push_screen(
            EmergencyScreen(
                f"PHÁT KHẨN CẤP «{title}» NGAY BÂY GIỜ?\n"
                "Chương trình đang phát sẽ bị ngắt ở chỗ ngắt câu gần nhất."
            ),
            answered,
        )
