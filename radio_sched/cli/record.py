"""`radio-sched record`: read a stored script into the microphone, sentence by sentence, or
import a phone recording (one sentence, or a whole reading split at its pauses)."""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from radio_sched.errors import UserError

if TYPE_CHECKING:
    from radio_sched.audio.capture import CaptureSource
    from radio_sched.audio.recording import Prompt, ScriptPrompts
    from radio_sched.config import StationSettings
    from radio_sched.store.db import Store

KEYS = "[Enter] thu · n nghe lại · t câu tiếp · l câu trước · q thoát"


def register(subparsers: Any) -> None:
    record = subparsers.add_parser(
        "record",
        help="Thu âm kịch bản bằng giọng người đọc (từng câu qua micro, hoặc nhập tệp ghi âm)",
    )
    record.add_argument("script", type=int, help="Mã số kịch bản đã lưu")
    record.add_argument(
        "--import",
        dest="import_file",
        type=Path,
        metavar="TỆP",
        help="Tệp ghi âm .wav hoặc .mp3 (điện thoại): một câu (--sentence) hoặc cả bài",
    )
    record.add_argument(
        "--sentence", type=int, metavar="SỐ", help="Câu số mấy (đếm từ 1) nhận tệp ghi âm"
    )
    record.add_argument(
        "--all", action="store_true", help="Đi qua mọi câu, cả câu đã thu (để thu lại)"
    )
    record.add_argument("--list", action="store_true", help="Chỉ liệt kê các câu và câu nào đã thu")
    record.set_defaults(handler=_record)


def _record(args: argparse.Namespace) -> int:
    from radio_sched.audio import recording
    from radio_sched.cli.common import station_settings, station_store
    from radio_sched.operator import operator_name

    settings = station_settings()
    if args.sentence is not None and args.import_file is None:
        raise UserError("--sentence đi cùng --import TỆP (tệp ghi âm của câu đó).")
    with station_store(settings) as store:
        if args.import_file is not None:
            done = recording.import_recording(
                store,
                settings,
                args.script,
                args.import_file,
                sentence=args.sentence,
                who=operator_name(""),
            )
            numbers = ", ".join(str(p.number) for p in done)
            print(f"Đã nhập {args.import_file.name} làm bản thu của câu {numbers}.")
            _summary(recording.script_prompts(store, args.script, settings), print)
            return 0
        if args.list:
            _list(recording.script_prompts(store, args.script, settings).prompts)
            return 0
        from radio_sched.audio.capture import (
            NO_MICROPHONE,
            NoMicrophone,
            capture_devices,
            open_capture,
        )

        if not capture_devices():  # said before the first prompt, not after it
            raise NoMicrophone(NO_MICROPHONE.format(detail=""))
        return prompter(
            store,
            settings,
            args.script,
            open_capture(settings.capture_device),
            every=args.all,
        )


def _list(prompts: tuple[Prompt, ...]) -> None:
    for prompt in prompts:
        mark = "đã thu" if prompt.recorded else "chưa thu"
        print(f"{prompt.number:>3}. [{mark}] {prompt.display}")


def _summary(prompts: ScriptPrompts, say: Callable[[str], None]) -> None:
    total = len(prompts.prompts)
    say(f"Kịch bản số {prompts.script_id}: đã thu {prompts.recorded_count}/{total} câu.")
    if prompts.missing:
        left = ", ".join(str(p.number) for p in prompts.missing)
        say(f"Các câu còn đọc bằng giọng máy: {left}.")
    if prompts.recorded_count:
        say(
            f"Dựng lại chương trình để dùng các bản thu: radio-sched synth {prompts.script_id} "
            "(chương trình đã duyệt được thay bằng bản mới)."
        )


def prompter(
    store: Store,
    settings: StationSettings,
    script_id: int,
    capture: CaptureSource,
    *,
    every: bool = False,
    ask: Callable[[str], str] = input,
    say: Callable[[str], None] = print,
    play: Callable[[bytes], None] | None = None,
) -> int:
    """One sentence at a time: its text (and what is said, where that differs), then record,
    listen, re-take, next or previous. Starts at the first sentence without a take (every
    sentence with ``every``) and ends after the last one or on ``q``."""
    from radio_sched.audio import recording
    from radio_sched.audio.takes import SilentTake
    from radio_sched.operator import operator_name

    play = play or _player(settings)
    who = operator_name("")
    state = recording.script_prompts(store, script_id, settings)
    say(f"Thu âm: {state.title} ({len(state.prompts)} câu, đã thu {state.recorded_count}).")
    todo = list(state.prompts) if every else state.missing
    if not todo:
        say("Mọi câu đã có bản thu. Dùng --all để thu lại câu nào đó.")
        return 0
    index = 0
    while 0 <= index < len(todo):
        prompt = todo[index]
        say("")
        say(f"Câu {prompt.number}/{len(state.prompts)}: {prompt.display}")
        if prompt.differs:
            say(f"Đọc là: {prompt.spoken}")
        answer = ask(f"{KEYS} > ").strip().lower()
        if answer == "q":
            break
        if answer == "t":
            index += 1
            continue
        if answer == "l":
            index = max(0, index - 1)
            continue
        if answer == "n":
            audio = recording.take_audio(store, prompt.spoken)
            if audio is None:
                say("Câu này chưa có bản thu.")
            else:
                play(audio)
            continue
        capture.start()
        try:
            ask("Đang thu… đọc xong bấm Enter. ")
        finally:
            samples = capture.stop()
        try:
            take = recording.keep_take(
                store, settings, prompt.spoken, samples, source="micro", who=who
            )
        except SilentTake as error:
            say(str(error))
            continue
        say(f"Đã lưu bản thu câu {prompt.number} ({take.duration_seconds:.1f} giây).")
        answer = ask("Enter: câu tiếp · n nghe lại · r thu lại > ").strip().lower()
        if answer == "n":
            play(take.wav)
            answer = ask("Enter: câu tiếp · r thu lại > ").strip().lower()
        if answer != "r":
            index += 1
    _summary(recording.script_prompts(store, script_id, settings), say)
    return 0


def _player(settings: StationSettings) -> Callable[[bytes], None]:
    def play(wav: bytes) -> None:
        import threading

        from radio_sched.schedule.player import PlaybackError, make_player

        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "nghe-lai.wav"
            path.write_bytes(wav)
            try:
                player = make_player(settings.player, command=settings.player_command)
                player.play(
                    path, interrupt=threading.Event(), abort=threading.Event(), label="nghe lại"
                )
            except PlaybackError as error:
                print(f"Không phát được: {error}", file=sys.stderr)

    return play
