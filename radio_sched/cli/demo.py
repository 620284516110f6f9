"""`radio-sched demo`: the main job end to end on the bundled sample directive."""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from radio_sched import locations
from radio_sched.atomic import write_text_atomic
from radio_sched.errors import UserError

if TYPE_CHECKING:
    from radio_sched.config import StationSettings
    from radio_sched.models import Directive
    from radio_sched.store import Store

DEMO_MARKER = ".radio-sched-demo"
DEFAULT_DEMO_HOME = Path("demo-home")
DEMO_COMMUNE = "Xã Tân Thành"


def register(subparsers: Any) -> None:
    demo = subparsers.add_parser(
        "demo", help="Chạy thử toàn bộ quy trình trên văn bản mẫu, trong một thư mục đài riêng"
    )
    demo.add_argument(
        "--home", type=Path, default=None, help="Thư mục đài thử (mặc định: ./demo-home)"
    )
    demo.add_argument("--commune", default=DEMO_COMMUNE)
    demo.add_argument(
        "--engine", default="offline", help="Giọng đọc: offline (mặc định), gtts, auto"
    )
    demo.set_defaults(handler=_demo)


def prepare_demo_home(home: Path) -> Path:
    """A fresh demo home; only a directory the demo made itself is ever wiped."""
    home = home.resolve()
    if home.exists() and any(home.iterdir()):
        if not (home / DEMO_MARKER).exists():
            raise UserError(
                f"{home}: thư mục đã có dữ liệu không phải của bản chạy thử. "
                "Hãy chọn thư mục khác bằng --home."
            )
        shutil.rmtree(home)
    home.mkdir(parents=True, exist_ok=True)
    (home / DEMO_MARKER).write_text("radio-sched demo home\n", encoding="utf-8")
    os.environ[locations.HOME_ENV] = str(home)
    return home


def _demo(args: argparse.Namespace) -> int:
    from radio_sched.config import StationSettings, save_settings
    from radio_sched.script.pipeline import import_directive
    from radio_sched.store import open_store

    home = prepare_demo_home(args.home or DEFAULT_DEMO_HOME)
    settings = StationSettings(name=args.commune, engine=args.engine)
    save_settings(settings)
    sample = locations.bundled_sample_directive()
    store = open_store()
    print(f"Thư mục đài thử: {home}")
    print(f"Văn bản mẫu: {sample.name}")

    result = import_directive(store, sample, commune=settings.name, settings=settings)
    script_file = locations.exports_dir() / f"kich-ban-{result.script_id}.txt"
    write_text_atomic(script_file, result.script.text + "\n")
    directive = result.directive
    campaign = (
        f"{directive.campaign.start:%d/%m/%Y} – {directive.campaign.end:%d/%m/%Y}"
        if directive.campaign
        else "không ghi"
    )
    print()
    print(
        f"1. Đọc và phân tích văn bản: số {directive.reference or '—'}, {directive.issuer or '—'}"
    )
    counts = f"{len(directive.items)} mục; {len(directive.messages)} thông điệp"
    print(f"   Chiến dịch: {campaign}; {counts}")
    print(
        f"2. Soạn kịch bản số {result.script_id}: {result.script.title} "
        f"(ước tính {result.script.estimated_seconds:.0f} giây) → {script_file}"
    )
    print()
    print(result.script.text)
    print()
    _audio_and_schedule(store, settings, result.script_id, directive)
    return 0


def _audio_and_schedule(
    store: Store, settings: StationSettings, script_id: int, directive: Directive
) -> None:
    import datetime as dt

    from radio_sched.audio.programs import render_stored_script
    from radio_sched.schedule import exports, operations
    from radio_sched.schedule.service import load_plan

    with _progress("3. Tổng hợp giọng đọc") as advance:
        rendered = render_stored_script(
            store, script_id, engine=settings.engine, settings=settings, progress=advance
        )
    engines = ", ".join(f"{name}: {count} câu" for name, count in rendered.engines_used.items())
    print(
        f"3. Âm thanh: {rendered.path} — {rendered.duration_seconds:.0f} giây, "
        f"{rendered.lufs:.1f} LUFS (chuẩn {rendered.target_lufs:.0f}), giọng {engines}"
    )

    operations.approve_and_render(store, settings, script_id, "demo", say=lambda _message: None)
    first = directive.campaign.start if directive.campaign else settings.now().date()
    last = first + dt.timedelta(days=6)
    plan = load_plan(store, settings, first, last)
    calendar = locations.exports_dir() / "lich-phat.ics"
    exports.write_ics(plan, calendar, settings)
    playlists = exports.write_m3u(plan, locations.exports_dir() / "m3u")
    print(
        f"4. Duyệt và lên lịch tuần {first:%d/%m} – {last:%d/%m/%Y}: "
        f"{len(plan.placements)} lượt phát → {calendar}, {len(playlists)} danh sách M3U"
    )
    exports.print_grid(plan, first, last, settings)
    print()
    home = locations.station_home()
    print(
        f"Tiếp theo, với đài thử này (đặt {locations.HOME_ENV}={home}): "
        "`radio-sched` mở giao diện điều hành; `radio-sched daemon --dry-run` chạy phát theo lịch."
    )


@contextlib.contextmanager
def _progress(label: str) -> Iterator[Callable[[int, int], None]]:
    from rich.console import Console
    from rich.progress import Progress

    with Progress(transient=True, console=Console(stderr=True)) as progress:
        task = progress.add_task(label, total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        yield advance
