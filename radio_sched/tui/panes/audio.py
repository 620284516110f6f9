"""Âm thanh: render the current script with a chosen voice (cancellable, per-sentence progress),
see which voice spoke each sentence, the duration and loudness; preview through the player."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Button, DataTable, Label, ProgressBar, Static
from textual.worker import get_current_worker

from radio_sched import durations
from radio_sched.tui.messages import (
    ActionFailed,
    PreviewEnded,
    PreviewStarted,
    RenderFound,
    SynthesisCancelled,
    SynthesisFinished,
    SynthesisProgressed,
)
from radio_sched.tui.panes.base import Pane, StatusLine
from radio_sched.tui.select import Select
from radio_sched.tui.services import plain_error

ENGINES = (
    ("Tự động (trên mạng, mất mạng thì giọng máy)", "auto"),
    ("Giọng đọc trên mạng (cần Internet)", "gtts"),
    ("Giọng từ tệp giọng của đài (không cần mạng)", "piper"),
    ("Giọng đọc máy (không cần mạng)", "offline"),
)
VOICE_NAMES = {
    "gtts": "giọng đọc trên mạng",
    "piper": "giọng từ tệp của đài",
    "offline": "giọng đọc máy",
}


def voice_name(engine: str) -> str:
    return VOICE_NAMES.get(engine, "giọng người đọc" if engine == "operator" else engine)


def voices_used(engines_used: dict[str, int] | None) -> str:
    return ", ".join(f"{voice_name(n)}: {c} câu" for n, c in (engines_used or {}).items()) or "—"


def loudness_words(lufs: float | None) -> str:
    """Loudness as a plain number (the unit's name means nothing to the operator)."""
    if lufs is None or lufs != lufs:  # NaN when silent
        return "—"
    return f"{lufs:.1f}".replace(".", ",")


class AudioPane(Pane):
    DEFAULT_CSS = """
    AudioPane #audio-controls { height: 3; }
    AudioPane #engine { width: 1fr; max-width: 56; }
    AudioPane Button { min-width: 10; }
    AudioPane #progress-row { height: 1; padding: 0 1; }
    AudioPane #progress-label { width: 1fr; }
    AudioPane #render-summary { height: auto; padding: 0 1; }
    AudioPane #sentences { height: 1fr; }
    """
    MAIN = "#sentences"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "render", "Tổng hợp"),
        Binding("x", "cancel", "Huỷ"),
        Binding("p", "preview", "Nghe thử"),
        Binding("s", "stop", "Dừng"),
    ]

    script_id: int | None = None
    audio_path: Path | None = None
    cancelled: bool = False
    """The operator cancelled the running render: its late progress is not shown."""

    def compose(self) -> ComposeResult:
        self._abort = threading.Event()
        engine = self.ctx.settings.engine
        with Horizontal(id="audio-controls"):
            yield Select(
                ENGINES,
                value=engine if engine in {v for _, v in ENGINES} else "auto",
                allow_blank=False,
                id="engine",
            )
            yield Button("Tổng hợp", id="render", variant="primary")
            yield Button("Nghe thử", id="preview")
        with Horizontal(id="progress-row"):
            yield Label("Chưa tổng hợp.", id="progress-label")
            bar = ProgressBar(total=None, show_eta=False, id="progress")
            bar.display = False
            yield bar
        yield Static("", id="render-summary")
        table: DataTable[str] = DataTable(id="sentences", cursor_type="row")
        table.add_columns("Câu", "Giọng đọc")
        yield table
        yield StatusLine("Chọn một kịch bản ở màn hình Văn bản (F2) rồi bấm R để tổng hợp.")

    def show_script(self, script_id: int) -> None:
        self.script_id = script_id
        self.find_render(script_id)

    # -- workers ------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="render-lookup")
    def find_render(self, script_id: int) -> None:
        from radio_sched.audio.programs import latest_render
        from radio_sched.schedule.service import resolve_audio

        try:
            with self.ctx.store().session() as session:
                row = latest_render(session, script_id)
                found = (
                    RenderFound(
                        script_id,
                        resolve_audio(row.path),
                        row.duration_seconds,
                        row.lufs,
                        row.version,
                        dict(row.engines_used),
                    )
                    if row is not None
                    else RenderFound(script_id, None, None, None, None, None)
                )
        except Exception as error:  # noqa: BLE001
            self.post_message(ActionFailed(plain_error(error)))
            return
        self.post_message(found)

    @work(thread=True, exclusive=True, group="synth", description="Tổng hợp giọng đọc")
    def synthesize(self, script_id: int, engine: str) -> None:
        from radio_sched.audio.programs import render_stored_script
        from radio_sched.audio.render import RenderCancelled

        worker = get_current_worker()

        def progress(done: int, total: int) -> None:
            self.post_message(SynthesisProgressed(done, total))

        try:
            result = render_stored_script(
                self.ctx.store(),
                script_id,
                engine=engine,
                settings=self.ctx.settings,
                progress=progress,
                cancelled=lambda: worker.is_cancelled,
            )
            notes = tuple(result.notes) + self.attach_if_approved(script_id)
        except RenderCancelled:
            self.post_message(SynthesisCancelled())
            return
        except Exception as error:  # noqa: BLE001
            if worker.is_cancelled:
                # The operator cancelled; what the voice said on its way out (a network
                # timeout) must not replace "Đã huỷ" on the screen.
                return
            self.post_message(ActionFailed(plain_error(error)))
            return
        self.post_message(
            SynthesisFinished(
                script_id,
                result.path,
                result.duration_seconds,
                result.lufs,
                result.target_lufs,
                tuple(result.sentence_engines),
                dict(result.engines_used),
                notes,
            )
        )

    def attach_if_approved(self, script_id: int) -> tuple[str, ...]:
        """An approved script's program gets the new audio, as ``radio-sched approve`` does."""
        from radio_sched.schedule import operations
        from radio_sched.store.queries import list_scripts

        store = self.ctx.store()
        summary = next((s for s in list_scripts(store) if s.script_id == script_id), None)
        if summary is None or summary.approved_version is None:
            return ("Kịch bản chưa duyệt: duyệt (F8 ở Kịch bản) để đưa vào lịch.",)
        if summary.approved_version != summary.version:
            return (
                f"Đây là âm thanh của bản {summary.version}, chưa duyệt: lịch vẫn phát bản "
                f"{summary.approved_version}. Duyệt bản {summary.version} (F8 ở Kịch bản) để thay.",
            )
        operations.attach_render(store, self.ctx.settings, script_id, say=lambda _text: None)
        return (f"Lịch phát dùng âm thanh này (bản {summary.version} đã duyệt).",)

    @work(thread=True, exclusive=True, group="preview")
    def play_preview(self, path: Path, abort: threading.Event) -> None:
        from radio_sched.schedule.player import make_player

        settings = self.ctx.settings
        try:
            player = make_player(
                self.ctx.player_kind or settings.player, command=settings.player_command
            )
            self.post_message(PreviewStarted(path))
            result = player.play(path, interrupt=threading.Event(), abort=abort, label="nghe thử")
        except Exception as error:  # noqa: BLE001
            self.post_message(ActionFailed(_no_sound_message(error)))
            return
        self.post_message(PreviewEnded(result.seconds, abort.is_set()))

    # -- events -------------------------------------------------------------------------------

    def on_render_found(self, event: RenderFound) -> None:
        if event.script_id != self.script_id:
            return
        self.audio_path = event.path
        bar = self.query_one("#progress", ProgressBar)
        table = self.query_one("#sentences", DataTable)
        table.clear()
        if event.path is None:
            # Hidden rather than indeterminate: an idle bar should not move.
            bar.display = False
            self.query_one("#progress-label", Label).update(
                f"Kịch bản số {event.script_id} chưa có âm thanh."
            )
            self.query_one("#render-summary", Static).update("")
            self.status.say("Bấm R để tổng hợp giọng đọc.")
            return
        bar.display = False
        self.query_one("#progress-label", Label).update(
            f"Kịch bản số {event.script_id}: đã có âm thanh (phiên bản {event.version})."
        )
        self.query_one("#render-summary", Static).update(
            f"Thời lượng {durations.short(event.duration_seconds)} · độ lớn "
            f"{loudness_words(event.lufs)} · {voices_used(event.engines_used)}\n"
            f"Đã lưu trong thư mục chương trình của đài (bản {event.version})."
        )
        self.status.say("P nghe thử, R tổng hợp lại.")

    def on_synthesis_progressed(self, event: SynthesisProgressed) -> None:
        if self.cancelled:
            return
        self.query_one("#progress", ProgressBar).update(total=event.total, progress=event.done)
        label = f"Câu {event.done}/{event.total}"
        if event.total and event.done >= event.total:
            # The last sentence is read; joining, levelling and writing the file take seconds.
            label += " · đang ghép và chỉnh độ lớn, ghi tệp…"
        self.query_one("#progress-label", Label).update(label)

    def on_synthesis_finished(self, event: SynthesisFinished) -> None:
        self.audio_path = event.path
        self.query_one("#progress-label", Label).update(f"Xong {len(event.sentence_engines)} câu.")
        self.query_one("#render-summary", Static).update(
            f"Thời lượng {durations.short(event.duration_seconds)} · độ lớn "
            f"{loudness_words(event.lufs)} (chuẩn {event.target_lufs:.0f}) · "
            f"{voices_used(event.engines_used)}\nĐã lưu trong thư mục chương trình của đài."
        )
        table = self.query_one("#sentences", DataTable)
        table.clear()
        for number, engine in enumerate(event.sentence_engines, start=1):
            table.add_row(str(number), voice_name(engine))
        notes = " ".join(event.notes)
        self.status.say(f"Đã tạo âm thanh. {notes}".strip(), "ok")

    def on_synthesis_cancelled(self, _event: SynthesisCancelled) -> None:
        self.cancelled = True
        self.query_one("#progress-label", Label).update("Đã huỷ; không ghi tệp nào.")
        self.status.say("Đã huỷ tổng hợp.")

    def on_preview_started(self, event: PreviewStarted) -> None:
        self.status.say(f"Đang phát thử {event.path.name}… (S để dừng)")

    def on_preview_ended(self, event: PreviewEnded) -> None:
        what = "Đã dừng" if event.stopped else "Đã phát xong"
        self.status.say(f"{what} ({durations.short(event.seconds)}).")

    @on(Button.Pressed, "#render")
    def render_pressed(self) -> None:
        self.action_render()

    @on(Button.Pressed, "#preview")
    def preview_pressed(self) -> None:
        self.action_preview()

    # -- actions ------------------------------------------------------------------------------

    def action_render(self) -> None:
        if self.script_id is None:
            self.status.say("Chưa chọn kịch bản: chọn ở màn hình Văn bản (F2).", "error")
            return
        engine = self.query_one("#engine", Select).value
        bar = self.query_one("#progress", ProgressBar)
        bar.display = True
        bar.update(total=None, progress=0)
        self.query_one("#progress-label", Label).update("Đang chuẩn bị…")
        self.cancelled = False
        self.status.say("Đang tổng hợp giọng đọc… (X để huỷ)")
        self.synthesize(self.script_id, str(engine))

    def action_cancel(self) -> None:
        running = [
            worker
            for worker in self.app.workers
            if worker.node is self and worker.group == "synth" and not worker.is_finished
        ]
        for worker in running:
            worker.cancel()
        if not running:
            self.status.say("Không có việc tổng hợp nào đang chạy.")
            return
        # Said now: a worker cancelled before it started posts nothing itself.
        self.on_synthesis_cancelled(SynthesisCancelled())

    def action_preview(self) -> None:
        if self.audio_path is None:
            self.status.say("Chưa có âm thanh để nghe thử: bấm R để tổng hợp trước.", "error")
            return
        self._abort = threading.Event()
        self.play_preview(self.audio_path, self._abort)

    def action_stop(self) -> None:
        self._abort.set()


def _no_sound_message(error: Exception) -> str:
    text = plain_error(error)
    if "thiết bị" in text or "device" in text.lower():
        return (
            f"{text}. Máy này không có thiết bị âm thanh dùng được, nên không nghe thử được; "
            "âm thanh vẫn đã được lưu và sẽ phát theo lịch trên máy có loa."
        )
    return text
