"""Thu âm: the operator reads the script into the microphone, one sentence at a time.

A prompter in large text (what is said, where the spoken form differs from the script's text),
the list of sentences with which are recorded, and keys to record/stop, listen, re-take, move,
and render the program with the takes. Recording, saving and rendering run in thread workers
that post past-tense events back; the screen never waits on the microphone or the voice.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from radio_sched.tui.context import TuiContext
from radio_sched.tui.panes.base import StatusLine, shorten
from radio_sched.tui.services import plain_error

if TYPE_CHECKING:
    from radio_sched.audio.capture import CaptureSource
    from radio_sched.audio.recording import Prompt, ScriptPrompts

SOURCES_WORDS = {
    "recorded": "toàn bộ bằng giọng người đọc",
    "synthetic": "toàn bộ bằng giọng máy",
    "mixed": "vừa giọng người đọc vừa giọng máy",
}


@dataclass
class PromptsLoaded(Message):
    prompts: ScriptPrompts


@dataclass
class TakeSaved(Message):
    number: int
    seconds: float


@dataclass
class RecordingFailed(Message):
    text: str


@dataclass
class ProgramRendered(Message):
    recorded: int
    total: int
    sources: str | None


class RecordingScreen(Screen[None]):
    DEFAULT_CSS = """
    RecordingScreen { layout: vertical; }
    RecordingScreen #rec-head { height: 1; padding: 0 1; background: $boost; }
    RecordingScreen #rec-prompter {
        height: auto; min-height: 5; border: thick $accent; padding: 0 2; margin: 0 1;
    }
    RecordingScreen #rec-display { color: $text-muted; }
    RecordingScreen #rec-spoken { text-style: bold; color: $text; padding-top: 1; }
    RecordingScreen #rec-state { height: 1; padding: 0 1; text-style: bold; }
    RecordingScreen #rec-state.-on { color: $text-error; }
    RecordingScreen #rec-list { height: 1fr; margin: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r,space", "toggle_record", "Thu/dừng"),
        Binding("n", "listen", "Nghe lại"),
        Binding("x", "retake", "Thu lại"),
        Binding("pagedown,right", "move(1)", "Câu sau"),
        Binding("pageup,left", "move(-1)", "Câu trước"),
        Binding("d", "render", "Dựng chương trình"),
        Binding("escape", "close", "Đóng"),
    ]

    def __init__(self, ctx: TuiContext, script_id: int, capture: CaptureSource | None) -> None:
        super().__init__()
        self.ctx = ctx
        self.script_id = script_id
        self.capture = capture
        self.prompts: ScriptPrompts | None = None
        self.index = 0
        self.recording = False

    def compose(self) -> ComposeResult:
        yield Static(f"Thu âm kịch bản số {self.script_id}", id="rec-head")
        with Vertical(id="rec-prompter"):
            yield Static("", id="rec-display")
            yield Static("Đang tải các câu…", id="rec-spoken")
        yield Static("", id="rec-state")
        yield OptionList(id="rec-list")
        yield StatusLine(
            "R: bắt đầu thu, đọc câu trên khung, R lần nữa để dừng; N nghe lại; "
            "X thu lại; ←/→ câu trước/sau; D dựng chương trình."
        )
        yield Footer()

    @property
    def status(self) -> StatusLine:
        return self.query_one(StatusLine)

    def on_mount(self) -> None:
        self.load()

    @property
    def current(self) -> Prompt | None:
        if self.prompts is None or not self.prompts.prompts:
            return None
        return self.prompts.prompts[self.index]

    # -- loading ------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="recording-load")
    def load(self) -> None:
        from radio_sched.audio.recording import script_prompts

        try:
            prompts = script_prompts(self.ctx.store(), self.script_id, self.ctx.settings)
        except Exception as error:  # noqa: BLE001 - one sentence for the operator
            self.post_message(RecordingFailed(plain_error(error)))
            return
        self.post_message(PromptsLoaded(prompts))

    def on_prompts_loaded(self, event: PromptsLoaded) -> None:
        first_time = self.prompts is None
        self.prompts = event.prompts
        if first_time:
            missing = event.prompts.missing
            self.index = missing[0].number - 1 if missing else 0
        self.index = min(self.index, len(event.prompts.prompts) - 1)
        self.show()

    def show(self) -> None:
        if self.prompts is None:
            return
        prompts = self.prompts
        total = len(prompts.prompts)
        self.query_one("#rec-head", Static).update(
            f"Thu âm: {shorten(prompts.title, 50)} · đã thu {prompts.recorded_count}/{total} câu"
        )
        prompt = prompts.prompts[self.index]
        mark = "đã thu" if prompt.recorded else "chưa thu"
        # Where the spoken form differs, the script's text is only a reminder (one line); the
        # operator reads the large text below it.
        display = shorten(prompt.display, 48) if prompt.differs else ""
        self.query_one("#rec-display", Static).update(
            f"Câu {prompt.number}/{total} ({mark}){': ' + display if display else ''}"
        )
        self.query_one("#rec-spoken", Static).update(
            f"Đọc là: {prompt.spoken}" if prompt.differs else prompt.spoken
        )
        options = self.query_one("#rec-list", OptionList)
        options.clear_options()
        options.add_options(
            [
                Option(
                    f"{'✓' if p.recorded else '·'} {p.number:>2}. {shorten(p.display, 64)}",
                    id=str(i),
                )
                for i, p in enumerate(prompts.prompts)
            ]
        )
        options.highlighted = self.index
        self._show_state()

    def _show_state(self) -> None:
        state = self.query_one("#rec-state", Static)
        state.set_class(self.recording, "-on")
        state.update("● ĐANG THU — đọc xong bấm R" if self.recording else "")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if not self.recording and event.option.id is not None:
            self.index = int(event.option.id)
            self.show()

    # -- actions ------------------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        if self.prompts is None or self.recording:
            return
        self.index = max(0, min(len(self.prompts.prompts) - 1, self.index + step))
        self.show()

    def action_toggle_record(self) -> None:
        if self.recording:
            self.recording = False
            self._show_state()
            self.finish_take(self.index)
            return
        if self.current is None:
            return
        try:
            self._source().start()
        except Exception as error:  # noqa: BLE001 - no microphone: said plainly
            self.status.say(plain_error(error), "error")
            return
        self.recording = True
        self._show_state()
        self.status.say(f"Đang thu câu {self.current.number}…")

    def action_retake(self) -> None:
        """Record the current sentence again (the new take replaces the old one); X again, like
        R, stops."""
        self.action_toggle_record()

    def _source(self) -> CaptureSource:
        if self.capture is None:
            from radio_sched.audio.capture import open_capture

            self.capture = open_capture(self.ctx.settings.capture_device)
        return self.capture

    @work(thread=True, exclusive=True, group="recording-take")
    def finish_take(self, index: int) -> None:
        from radio_sched.audio.recording import keep_take

        if self.prompts is None:
            return
        prompt = self.prompts.prompts[index]
        try:
            samples = self._source().stop()
            take = keep_take(
                self.ctx.store(),
                self.ctx.settings,
                prompt.spoken,
                samples,
                source="micro",
                who=self.ctx.who,
            )
        except Exception as error:  # noqa: BLE001
            self.post_message(RecordingFailed(plain_error(error)))
            return
        self.post_message(TakeSaved(prompt.number, take.duration_seconds))

    def on_take_saved(self, event: TakeSaved) -> None:
        self.status.say(
            f"Đã lưu bản thu câu {event.number} ({event.seconds:.1f} giây). "
            "N nghe lại, X thu lại, → câu sau.",
            "ok",
        )
        self.load()

    def on_recording_failed(self, event: RecordingFailed) -> None:
        self.status.say(event.text, "error")

    @work(thread=True, exclusive=True, group="recording-listen")
    def action_listen(self) -> None:
        from radio_sched.audio.recording import take_audio

        prompt = self.current
        if prompt is None:
            return
        audio = take_audio(self.ctx.store(), prompt.spoken)
        if audio is None:
            self.post_message(RecordingFailed(f"Câu {prompt.number} chưa có bản thu."))
            return
        import tempfile
        from pathlib import Path

        from radio_sched.schedule.player import make_player

        settings = self.ctx.settings
        try:
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / f"cau-{prompt.number}.wav"
                path.write_bytes(audio)
                player = make_player(
                    self.ctx.player_kind or settings.player, command=settings.player_command
                )
                player.play(
                    path, interrupt=threading.Event(), abort=threading.Event(), label="nghe lại"
                )
        except Exception as error:  # noqa: BLE001
            self.post_message(RecordingFailed(plain_error(error)))

    @work(thread=True, exclusive=True, group="recording-render")
    def action_render(self) -> None:
        from radio_sched.audio.programs import render_stored_script

        try:
            result = render_stored_script(
                self.ctx.store(),
                self.script_id,
                engine=self.ctx.settings.engine,
                settings=self.ctx.settings,
            )
        except Exception as error:  # noqa: BLE001
            self.post_message(RecordingFailed(plain_error(error)))
            return
        total = len(result.sentence_engines)
        self.post_message(ProgramRendered(result.recorded_sentences, total, result.sources))

    def on_program_rendered(self, event: ProgramRendered) -> None:
        words = SOURCES_WORDS.get(event.sources or "", "")
        self.status.say(
            f"Đã dựng chương trình: {event.recorded}/{event.total} câu giọng người đọc ({words}).",
            "ok",
        )

    def action_close(self) -> None:
        if self.recording:
            self.recording = False
            self._source().stop()  # nothing kept: the operator left mid-sentence
        self.dismiss(None)
