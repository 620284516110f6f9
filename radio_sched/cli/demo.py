"""`radio-sched demo`: the main job end to end on the bundled sample directive."""

from __future__ import annotations

import argparse
import os
import shutil
from pathlib import Path
from typing import Any

from radio_sched import locations
from radio_sched.errors import UserError

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
    from radio_sched.atomic import write_text_atomic

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
    for stage in _LATER_STAGES:
        stage(store, settings, result.script_id, args)
    return 0


_LATER_STAGES: list[Any] = []
