"""Kịch bản: the directive beside its script; edit, see the spoken form, save versions, approve."""

from __future__ import annotations

import datetime as dt
from datetime import tzinfo
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import OptionList, Static, TextArea
from textual.widgets.option_list import Option

from radio_sched import durations
from radio_sched.models import SentenceCategory
from radio_sched.tui.messages import (
    ActionFailed,
    DurationEstimated,
    ScriptApproved,
    ScriptLoaded,
    ScriptSaved,
    SentenceToggled,
    SpokenFormMade,
)
from radio_sched.tui.panes.base import Pane, StatusLine
from radio_sched.tui.services import composer_view, directive_text, plain_error

if TYPE_CHECKING:
    from radio_sched.models import SentenceDecision
    from radio_sched.store.queries import ScriptSummary, ScriptVersionView

ESTIMATE_DELAY = 0.3  # seconds of quiet typing before the duration is estimated again


class ScriptPane(Pane):
    DEFAULT_CSS = """
    ScriptPane #script-body { height: 1fr; }
    ScriptPane #left { width: 2fr; border: round $primary-darken-2; }
    ScriptPane #right { width: 3fr; }
    ScriptPane #directive-text { padding: 0 1; }
    ScriptPane #versions { display: none; height: 1fr; }
    ScriptPane.-versions #versions { display: block; }
    ScriptPane.-versions #directive-scroll, ScriptPane.-versions #decisions { display: none; }
    ScriptPane #decisions { display: none; height: 1fr; }
    ScriptPane.-decided #decisions { display: block; }
    ScriptPane.-decided #directive-scroll { display: none; }
    ScriptPane.-versions.-decided #decisions { display: none; }
    ScriptPane #review-note { display: none; height: auto; max-height: 3; padding: 0 1;
        color: $text-warning; text-style: bold; }
    ScriptPane.-review #review-note { display: block; }
    ScriptPane #editor, ScriptPane #spoken { height: 1fr; }
    ScriptPane #spoken { display: none; }
    ScriptPane.-spoken #spoken { display: block; }
    ScriptPane.-spoken #editor { display: none; }
    ScriptPane #script-head, ScriptPane #duration { height: 1; padding: 0 1; }
    ScriptPane #script-head { text-style: bold; }
    """
    MAIN = "#editor"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Lưu"),
        Binding("ctrl+t", "spoken", "Dạng đọc"),
        Binding("ctrl+l", "versions", "Phiên bản"),
        Binding("f8", "approve", "Duyệt"),
        Binding("f9", "toggle_sentence", "Đọc/bỏ câu"),
    ]

    script_id: int | None = None
    summary: ScriptSummary | None = None
    decisions: tuple[SentenceDecision, ...] = ()
    versions: list[ScriptVersionView]
    saved_text: str = ""
    dirty: bool = False
    _loads_pending: int = 0
    """The editor differs from the saved version (exact once the typing pauses)."""
    after_load: str = ""
    """What to say once the reload that follows a save or an approval has arrived."""
    _estimate_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        self.versions = []
        with Horizontal(id="script-body"):
            with Vertical(id="left"):
                with VerticalScroll(id="directive-scroll"):
                    yield Static("Chọn một kịch bản ở màn hình Văn bản (F2).", id="directive-text")
                yield OptionList(id="decisions")
                yield OptionList(id="versions")
            with Vertical(id="right"):
                yield Static("", id="review-note")
                yield Static("Chưa mở kịch bản nào", id="script-head")
                yield TextArea(id="editor", soft_wrap=True, show_line_numbers=False)
                yield TextArea(id="spoken", soft_wrap=True, read_only=True)
                yield Static("Thời lượng ước tính: —", id="duration")
        yield StatusLine("")

    @property
    def editor(self) -> TextArea:
        return self.query_one("#editor", TextArea)

    def has_unsaved_edits(self) -> bool:
        """The editor differs from the saved version (exact, whatever the typing debounce)."""
        if self.script_id is None or self.summary is None:
            return False
        return self.editor.text.strip() != self.saved_text.strip()

    def show_script(self, script_id: int, version: int | None = None) -> None:
        self.script_id = script_id
        self.load_script(script_id, version)

    # -- workers ------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="script-load")
    def load_script(self, script_id: int, version: int | None = None) -> None:
        from radio_sched.store.queries import list_scripts, script_versions

        try:
            store = self.ctx.store()
            versions = script_versions(store, script_id)
            summary = next(s for s in list_scripts(store) if s.script_id == script_id)
            shown = next((v for v in versions if v.version == version), versions[-1])
            text = directive_text(store, summary.directive_id)
            decisions, review = composer_view(
                store, summary.directive_id, summary.commune, shown.decisions
            )
        except Exception as error:  # noqa: BLE001
            self.post_message(ActionFailed(plain_error(error)))
            return
        self.post_message(ScriptLoaded(summary, text, versions, shown, decisions, review))

    @work(thread=True, exclusive=True, group="script-save")
    def toggle(self, script_id: int, sentence_id: int) -> None:
        from radio_sched.script.operations import toggle_sentence

        try:
            result = toggle_sentence(self.ctx.store(), script_id, sentence_id)
        except Exception as error:  # noqa: BLE001
            self.post_message(ActionFailed(plain_error(error)))
            return
        self.post_message(
            SentenceToggled(
                script_id, sentence_id, result.aired, result.version, tuple(result.lost_edits)
            )
        )

    @work(thread=True, exclusive=True, group="estimate")
    def estimate(self, text: str) -> None:
        from radio_sched.script.compose import estimate_seconds

        try:
            seconds = estimate_seconds(text, self.ctx.settings.dialect)
        except Exception as error:  # noqa: BLE001
            self.post_message(ActionFailed(plain_error(error)))
            return
        self.post_message(DurationEstimated(seconds, len(text)))

    @work(thread=True, exclusive=True, group="spoken")
    def make_spoken(self, text: str) -> None:
        from radio_sched.script.compose import script_spoken_text

        try:
            spoken = script_spoken_text(text, self.ctx.settings.dialect)
        except Exception as error:  # noqa: BLE001
            self.post_message(ActionFailed(plain_error(error)))
            return
        self.post_message(SpokenFormMade(spoken))

    @work(thread=True, exclusive=True, group="script-save")
    def save(self, script_id: int, text: str) -> None:
        from radio_sched.script.pipeline import save_script_edit

        try:
            version = save_script_edit(self.ctx.store(), script_id, text, "Sửa trên màn hình")
        except Exception as error:  # noqa: BLE001
            self.post_message(ActionFailed(plain_error(error)))
            return
        self.post_message(ScriptSaved(script_id, version))

    @work(thread=True, exclusive=True, group="script-save")
    def approve(self, script_id: int, latest: int, on_air: int | None) -> None:
        """Approve the latest version. A script already on the schedule keeps airing its
        approved version until the new one has its audio: then both change in one
        transaction, so the program never airs words nobody approved, nor nothing."""
        from radio_sched.audio.programs import latest_render
        from radio_sched.schedule import operations
        from radio_sched.schedule.service import resolve_audio

        try:
            store = self.ctx.store()
            with store.session() as session:
                render = latest_render(session, script_id)
                audio = None
                if render is not None and render.version == latest:
                    path = resolve_audio(render.path)
                    if path is not None and path.is_file():
                        audio = (path, float(render.duration_seconds))
            if audio is None and on_air is not None:
                self.post_message(
                    ActionFailed(
                        f"Bản {latest} chưa có âm thanh: tạo âm thanh ở màn hình Âm thanh (F4, "
                        f"bấm R) rồi duyệt. Trong lúc đó lịch vẫn phát bản {on_air}."
                    )
                )
                return
            program_id, version = operations.approve_script(
                store, script_id, self.ctx.who, version=latest, audio=audio, today=self.ctx.today()
            )
        except Exception as error:  # noqa: BLE001
            self.post_message(ActionFailed(plain_error(error)))
            return
        self.post_message(ScriptApproved(script_id, program_id, version, audio is not None))

    # -- events -------------------------------------------------------------------------------

    def on_script_loaded(self, event: ScriptLoaded) -> None:
        self.summary = event.summary
        self.versions = event.versions
        latest = event.versions[-1]
        self.saved_text = latest.text
        self.query_one("#directive-text", Static).update(event.directive_text)
        self.show_decisions(event.decisions)
        note = self.query_one("#review-note", Static)
        note.update("\n".join(f"⚠ {reason}" for reason in event.review))
        self.set_class(bool(event.review), "-review")
        self._loads_pending += 1  # load_text posts a Changed that is not the operator's edit
        self.editor.load_text(event.shown.text)
        self.dirty = event.shown.version != latest.version
        self.remove_class("-spoken")
        options = self.query_one("#versions", OptionList)
        options.clear_options()
        zone = self.ctx.settings.zone
        options.add_options(
            Option(
                f"Bản {v.version} · {_stamp(v.created_at, zone)} · "
                f"{durations.in_words(v.estimated_seconds)}" + (f" · {v.note}" if v.note else ""),
                id=str(v.version),
            )
            for v in reversed(event.versions)
        )
        self.update_head(changed=self.dirty)
        self.update_duration(event.shown.estimated_seconds)
        if self.after_load:
            self.status.say(self.after_load, "ok")
            self.after_load = ""
        elif event.shown.version != latest.version:
            self.status.say(
                f"Đang xem phiên bản {event.shown.version}. Ctrl+S để lưu nó thành phiên bản mới."
            )
        else:
            self.status.say("Sửa kịch bản bên phải; Ctrl+S lưu, Ctrl+T xem dạng đọc, F8 duyệt.")
        focused = self.app.focused
        if self.is_showing() and (focused is None or self not in focused.ancestors):
            # Shown before its script arrived (a slow machine): its keys work once it has.
            self.focus_main()

    def show_decisions(self, decisions: tuple[SentenceDecision, ...]) -> None:
        """Every source sentence, aired (✓) or not (✗), with the composer's reason; Enter or F9
        on one overturns the decision."""
        self.decisions = decisions
        listing = self.query_one("#decisions", OptionList)
        highlighted = listing.highlighted
        listing.clear_options()
        listing.border_title = "Câu của văn bản · Enter: đọc/bỏ"
        for decision in decisions:
            mark = Text("✓ ", style="bold green") if decision.kept else Text("✗ ", style="red")
            label = SentenceCategory(decision.category).label
            forced = (
                " (người biên tập chọn)"
                if decision.forced and "biên tập" not in decision.reason.lower()
                else ""
            )
            prompt = Text.assemble(
                mark,
                (f"{decision.id}. ", "bold"),
                decision.source,
                "\n   ",
                (f"{label}{forced}: {decision.reason}", "dim italic"),
            )
            listing.add_option(Option(prompt, id=str(decision.id)))
        if decisions:  # Enter on the list always has a sentence to act on
            listing.highlighted = min(highlighted or 0, len(decisions) - 1)
        self.set_class(bool(decisions), "-decided")

    def update_head(self, changed: bool = False) -> None:
        summary = self.summary
        if summary is None:
            return
        self.query_one("#script-head", Static).update(
            f"#{summary.script_id} · {version_state(summary)}" + (" · chưa lưu" if changed else "")
        )

    def update_duration(self, seconds: float) -> None:
        self.query_one("#duration", Static).update(
            f"Thời lượng ước tính: {durations.in_words(seconds)}"
        )

    @on(TextArea.Changed, "#editor")
    def text_changed(self) -> None:
        if self._loads_pending:
            self._loads_pending -= 1
            return
        if self.summary is None:
            return
        # Nothing per key press that reads the whole text (a 5,000-word script is 30 kB): the
        # estimate walks the spoken form, so it runs debounced in an exclusive worker.
        if not self.dirty:
            self.dirty = True
            self.update_head(changed=True)
        if self._estimate_timer is not None:
            self._estimate_timer.stop()
        self._estimate_timer = self.set_timer(ESTIMATE_DELAY, self._estimate_now)

    def _estimate_now(self) -> None:
        self._estimate_timer = None
        text = self.editor.text
        self.dirty = text.strip() != self.saved_text.strip()
        self.update_head(changed=self.dirty)
        self.estimate(text)

    def on_duration_estimated(self, event: DurationEstimated) -> None:
        self.update_duration(event.seconds)

    def on_spoken_form_made(self, event: SpokenFormMade) -> None:
        self.query_one("#spoken", TextArea).load_text(event.text)
        self.add_class("-spoken")
        self.status.say("Dạng đọc (chỉ xem). Ctrl+T để quay lại sửa.")

    def on_script_saved(self, event: ScriptSaved) -> None:
        self.after_load = f"Đã lưu kịch bản số {event.script_id}, phiên bản {event.version}."
        on_air = self.summary.approved_version if self.summary is not None else None
        if on_air is not None:
            self.after_load += (
                f" Lịch vẫn phát bản {on_air} đã duyệt; duyệt bản {event.version} (F8) để thay."
            )
        self.load_script(event.script_id)

    def on_script_approved(self, event: ScriptApproved) -> None:
        self.after_load = f"Đã duyệt phiên bản {event.version}; bản này được lên lịch phát." + (
            "" if event.with_audio else " Sang Âm thanh (F4) để tạo âm thanh."
        )
        if self.script_id is not None:
            self.load_script(self.script_id)

    @on(OptionList.OptionSelected, "#decisions")
    def sentence_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.toggle_sentence(int(event.option.id))

    def action_toggle_sentence(self) -> None:
        listing = self.query_one("#decisions", OptionList)
        if not self.decisions or listing.highlighted is None:
            self.status.say("Kịch bản này không có danh sách câu của văn bản để đọc/bỏ.")
            return
        option = listing.get_option_at_index(listing.highlighted)
        if option.id is not None:
            self.toggle_sentence(int(option.id))

    def toggle_sentence(self, sentence_id: int) -> None:
        script_id = self._need_script()
        if script_id is None:
            return
        if self.has_unsaved_edits():
            self.status.say(
                "Kịch bản có chỗ sửa chưa lưu: Ctrl+S để lưu trước, rồi mới đọc/bỏ câu.", "error"
            )
            return
        self.status.say("Đang soạn lại kịch bản…")
        self.toggle(script_id, sentence_id)

    def on_sentence_toggled(self, event: SentenceToggled) -> None:
        done = "Đã đưa câu {} vào" if event.aired else "Đã bỏ câu {} khỏi"
        text = f"{done.format(event.sentence_id)} kịch bản (bản {event.version})."
        if event.lost_edits:
            text += " Không giữ được chỗ sửa: " + "; ".join(event.lost_edits)
        else:
            text += " Các chỗ đã sửa được giữ nguyên."
        self.after_load = text
        self.load_script(event.script_id)

    @on(OptionList.OptionSelected, "#versions")
    def version_chosen(self, event: OptionList.OptionSelected) -> None:
        if self.script_id is not None and event.option.id is not None:
            self.remove_class("-versions")
            self.load_script(self.script_id, int(event.option.id))
            self.editor.focus()

    # -- actions ------------------------------------------------------------------------------

    def _need_script(self) -> int | None:
        if self.script_id is None or self.summary is None:
            self.status.say("Chưa mở kịch bản nào: chọn một kịch bản ở màn hình Văn bản (F2).")
            return None
        return self.script_id

    def action_save(self) -> None:
        script_id = self._need_script()
        if script_id is not None:
            self.status.say("Đang lưu…")
            self.save(script_id, self.editor.text)

    def action_spoken(self) -> None:
        if self._need_script() is None:
            return
        if self.has_class("-spoken"):
            self.remove_class("-spoken")
            self.editor.focus()
            self.status.say("Đang sửa kịch bản.")
        else:
            self.status.say("Đang chuyển sang dạng đọc…")
            self.make_spoken(self.editor.text)

    def action_versions(self) -> None:
        if self._need_script() is None:
            return
        self.toggle_class("-versions")
        if self.has_class("-versions"):
            self.query_one("#versions", OptionList).focus()
            self.status.say("Chọn một phiên bản và Enter để xem; Ctrl+L để đóng.")

    def action_approve(self) -> None:
        script_id = self._need_script()
        if script_id is None:
            return
        if self.editor.text.strip() != self.saved_text.strip():
            self.status.say("Kịch bản có chỗ sửa chưa lưu: Ctrl+S để lưu rồi mới duyệt.", "error")
            return
        if self.summary is None or not self.versions:
            return
        latest = self.versions[-1].version
        on_air = self.summary.approved_version
        if on_air == latest:
            self.status.say(f"Bản {latest} đã được duyệt và đang trên lịch phát.", "ok")
            return
        self.status.say("Đang duyệt…")
        self.approve(script_id, latest, on_air)


def version_state(summary: ScriptSummary) -> str:
    """Which version is on the schedule and which is being edited, in a few words."""
    on_air, latest = summary.approved_version, summary.version
    if on_air is None:
        return f"bản {latest} · chưa duyệt"
    if on_air == latest:
        return f"bản {latest} · đã duyệt, trên lịch phát"
    return f"đang sửa bản {latest} (chưa duyệt) · lịch phát bản {on_air}"


def _stamp(moment: dt.datetime, zone: tzinfo) -> str:
    """When a version was saved, in station time (SQLite hands back naive UTC)."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)
    return f"{aware.astimezone(zone):%d/%m %H:%M}"
