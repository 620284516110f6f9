"""Subcommands for sound: synth (a program), say (one line), cache (info, prune).

pydub, gTTS, numpy and the espeak-ng library are imported inside the handlers, so ``--help``
and the other commands stay light.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from radio_sched import durations
from radio_sched.errors import UserError

if TYPE_CHECKING:
    from radio_sched.audio.render import RenderResult

_ENGINES = ("auto", "gtts", "piper", "offline")
_ENGINE_HELP = (
    "Giọng đọc: auto (Google khi có mạng, không thì Piper nếu đài có tệp giọng, rồi ngoại tuyến), "
    "gtts, piper (tệp giọng của đài), offline"
)


def register(subparsers: Any) -> None:
    synth = subparsers.add_parser(
        "synth", help="Tổng hợp giọng đọc một văn bản hoặc kịch bản đã lưu thành tệp âm thanh"
    )
    synth.add_argument("source", help="Văn bản (.txt, .docx, .pdf) hoặc mã số kịch bản đã lưu")
    synth.add_argument("--commune", help='Tên xã/phường, ví dụ "Xã Tân Thành"')
    synth.add_argument("--engine", choices=_ENGINES, help=_ENGINE_HELP)
    synth.add_argument(
        "-o",
        "--output",
        type=Path,
        help="Tệp ra .mp3 hoặc .wav (với mã kịch bản: mặc định vào thư mục chương trình của đài)",
    )
    synth.add_argument("--json", action="store_true", help="In kết quả dạng JSON")
    synth.add_argument("--repeat", action="store_true", help='Đọc lại toàn bài sau "Xin nhắc lại"')
    synth.add_argument("--force", action="store_true", help="Đọc cả khi không thấy chữ tiếng Việt")
    synth.set_defaults(handler=_synth)

    say = subparsers.add_parser("say", help="Đọc một câu thành tệp âm thanh (không có nhạc hiệu)")
    say.add_argument("text", nargs="+", help="Câu cần đọc")
    say.add_argument("--engine", choices=_ENGINES, help=_ENGINE_HELP)
    say.add_argument("-o", "--output", type=Path, required=True, help="Tệp ra .wav hoặc .mp3")
    say.set_defaults(handler=_say)

    cache = subparsers.add_parser("cache", help="Bộ nhớ đệm giọng đọc: xem hoặc dọn")
    actions = cache.add_subparsers(dest="cache_action", metavar="VIỆC", required=True)
    info = actions.add_parser("info", help="Số câu, dung lượng, giọng đọc trong bộ nhớ đệm")
    info.add_argument("--json", action="store_true")
    info.set_defaults(handler=_cache_info)
    prune = actions.add_parser("prune", help="Xoá bộ nhớ đệm (tất cả, hoặc phần cũ)")
    prune.add_argument("--older-than", type=float, metavar="NGÀY", help="Chỉ xoá mục cũ hơn")
    prune.add_argument("--engine", choices=_ENGINES[1:], help="Chỉ xoá câu của một giọng")
    prune.set_defaults(handler=_cache_prune)


def _synth(args: argparse.Namespace) -> int:
    from radio_sched.config import load_settings

    settings = load_settings()
    engine = args.engine or settings.engine
    source = str(args.source)
    with _progress() as progress:
        if source.isdigit():
            from radio_sched.audio.programs import render_stored_script
            from radio_sched.cli.common import station_store

            with station_store() as store:
                result = render_stored_script(
                    store,
                    int(source),
                    engine=engine,
                    settings=settings,
                    progress=progress,
                    output=args.output,
                    repeat=args.repeat,
                )
        else:
            result = _synth_file(Path(source), args, engine, settings, progress)
    _report(result, as_json=args.json)
    return 0


def _synth_file(
    path: Path,
    args: argparse.Namespace,
    engine: str,
    settings: Any,
    progress: Callable[[int, int], None],
) -> RenderResult:
    from radio_sched.audio.render import render_script_text
    from radio_sched.script.pipeline import script_from_file

    if not path.is_file():
        raise UserError(
            f"{path}: không có tệp này; hãy đưa đường dẫn văn bản hoặc mã số kịch bản đã lưu."
        )
    if args.output is None:
        raise UserError(f"{path}: hãy chọn tệp ra bằng -o, ví dụ -o {path.stem}.mp3")
    commune = args.commune or settings.name
    directive, script = script_from_file(path, commune=commune, force=args.force)
    date = directive.date.iso() if directive.date is not None and directive.date.year else None
    return render_script_text(
        script.text,
        output=args.output,
        title=script.title,
        commune=script.commune,
        engine=engine,
        settings=settings,
        reference=directive.reference,
        repeat=args.repeat,
        progress=progress,
        date=date,
    )


def _say(args: argparse.Namespace) -> int:
    from radio_sched.audio.render import render_script_text
    from radio_sched.config import load_settings

    settings = load_settings()
    text = " ".join(args.text)
    with _progress() as progress:
        result = render_script_text(
            text,
            output=args.output,
            title=text[:80],
            commune=settings.name,
            engine=args.engine or settings.engine,
            settings=settings,
            progress=progress,
            chimes=False,
        )
    _report(result, as_json=False)
    return 0


def _report(result: RenderResult, *, as_json: bool) -> None:
    for note in result.notes:
        print(f"Lưu ý: {note}", file=sys.stderr)
    if as_json:
        print(json.dumps(result.as_json(), ensure_ascii=False))
        return
    from radio_sched.store.takes import RECORDED_VOICE

    engines = ", ".join(
        f"{'người đọc (thu âm)' if name == RECORDED_VOICE else name}: {count} câu"
        for name, count in result.engines_used.items()
    )
    length = durations.in_words(result.duration_seconds)
    print(f"Đã ghi {result.path} ({length}, {result.lufs:.1f} LUFS).")
    print(
        f"Giọng đọc: {engines}. Tổng hợp mới {result.engine_calls} câu, "
        f"lấy từ bộ nhớ đệm {result.cache_hits} câu."
    )


@contextlib.contextmanager
def _progress() -> Iterator[Callable[[int, int], None]]:
    """A progress bar on stderr (stdout stays clean for --json); silent when not a terminal."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = Console(stderr=True)
    bar = Progress(
        TextColumn("Tổng hợp giọng đọc"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("câu"),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )
    task = bar.add_task("synth", total=None)

    def update(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)

    with bar:
        yield update


def _cache_info(args: argparse.Namespace) -> int:
    from radio_sched.audio.cache import cache_info

    info = cache_info()
    if args.json:
        payload = {
            "path": str(info.path),
            "sentences": info.sentences,
            "programs": info.programs,
            "bytes": info.total_bytes,
            "by_engine": info.by_engine,
        }
        print(json.dumps(payload, ensure_ascii=False))
        return 0
    print(f"Bộ nhớ đệm: {info.path}")
    print(f"Câu đã đọc: {info.sentences}; chương trình: {info.programs}")
    print(f"Dung lượng: {info.total_bytes / 1_048_576:.1f} MB")
    for engine, count in sorted(info.by_engine.items()):
        print(f"  {engine}: {count} câu")
    if info.oldest is not None and info.newest is not None:
        oldest = dt.datetime.fromtimestamp(info.oldest).strftime("%d/%m/%Y")
        newest = dt.datetime.fromtimestamp(info.newest).strftime("%d/%m/%Y")
        print(f"Từ {oldest} đến {newest}")
    return 0


def _cache_prune(args: argparse.Namespace) -> int:
    from radio_sched.audio.cache import prune_cache

    removed, freed = prune_cache(older_than_days=args.older_than, engine=args.engine)
    print(f"Đã xoá {removed} mục, giải phóng {freed / 1_048_576:.1f} MB.")
    return 0
