"""TUI benchmark, one command: ``.venv/bin/python bench/bench_tui.py``.

1. Time to first screen: from building the app to its first screen being ready (headless, 100×30),
   for radio-sched's app and for a bare Textual App measured in the same run (median of N, ratio;
   goal ≤ 1.5×). Both in fresh subprocesses, so import time counts as it does for the operator.
2. Typing in the script editor with a 5,000-word script: time per key press through the Pilot,
   against typing into an empty TextArea in the same run (ratio).

Prints figures only; there are no timing thresholds in the tests.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 11
KEYS = 200

FIRST_SCREEN = r"""
import time
started = time.perf_counter()
import asyncio, datetime as dt, sys
kind = sys.argv[1]
if kind == "bare":
    from textual.app import App
    from textual.widgets import Footer, Static
    class Bare(App[None]):
        def compose(self):
            yield Static("Xin chào")
            yield Footer()
    app = Bare()
elif kind == "widgets":
    from textual.app import App
    from textual.widgets import Button, ContentSwitcher, DataTable, Footer, Input, Static
    class SameWidgets(App[None]):
        def compose(self):
            yield Static("Đài")
            yield Static("Văn bản F2  Kịch bản F3  Âm thanh F4  Lịch tuần F5")
            with ContentSwitcher(initial="a"):
                yield DataTable(id="a")
                for name in ("b", "c", "d", "e", "f"):
                    yield Static(name, id=name)
            yield Input()
            yield Button("Nhập")
            yield Footer()
    app = SameWidgets()
else:
    from radio_sched.tui.app import make_app
    app = make_app(today=dt.date(2021, 9, 7))
from textual import events
ready = []
def hook(message):
    if isinstance(message, events.Ready) and not ready:
        ready.append(time.perf_counter() - started)
async def main():
    async with app.run_test(size=(100, 30), message_hook=hook) as pilot:
        await pilot.pause()
        print(ready[0], time.perf_counter() - started)
asyncio.run(main())
"""


def first_screen(kind: str, home: str) -> tuple[float, float]:
    """Seconds to the Ready event (first screen drawn) and to idle (every pane mounted)."""
    env = {**os.environ, "RADIO_SCHED_HOME": home}
    done = subprocess.run(
        [sys.executable, "-c", FIRST_SCREEN, kind],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"the {kind} app did not start:\n{done.stderr}")
    ready, idle = done.stdout.strip().splitlines()[-1].split()
    return float(ready), float(idle)


def long_script(words: int = 5000) -> str:
    sentence = (
        "Ủy ban nhân dân xã đề nghị bà con thực hiện nghiêm quy định phòng, chống dịch từ ngày "
        "07/9/2021 và liên hệ số 0205.3812.345 khi cần hỗ trợ."
    )
    per = len(sentence.split())
    paragraphs = []
    for number in range(words // per + 1):
        paragraphs.append(sentence if number % 5 else sentence + "\n")
    return " ".join(paragraphs)


async def typing_in_app(text: str) -> float:
    from radio_sched.config import load_settings
    from radio_sched.script.pipeline import save_script_edit
    from radio_sched.store import open_store
    from radio_sched.tui.app import make_app

    sys.path.insert(0, str(ROOT / "tests"))  # the Pilot helpers live with the tests
    from pilot import settle

    store = open_store()
    from radio_sched.script.pipeline import import_directive

    sample = ROOT / "tests/data/directives/00_covid_binh_thuong_moi_langson_stttt.txt"
    result = import_directive(store, sample, commune=load_settings().name)
    save_script_edit(store, result.script_id, text, "bench")
    store.dispose()
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.open_script(result.script_id, switch=True)
        await settle(pilot)
        editor = app.query_one("#editor")
        if len(editor.text.split()) < 5000:
            raise RuntimeError("the editor did not load the long script")
        editor.focus()
        await pilot.press("ctrl+home")
        started = time.perf_counter()
        for _ in range(KEYS // 10):
            await pilot.press(*"xin chào ")
            await pilot.press("enter")
        elapsed = time.perf_counter() - started
        await settle(pilot)
        return elapsed / KEYS


async def typing_in_bare(text: str = "") -> float:
    from textual.app import App, ComposeResult
    from textual.widgets import TextArea

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield TextArea(text, id="editor", soft_wrap=True)

    app = Bare()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        editor = app.query_one("#editor")
        editor.focus()
        started = time.perf_counter()
        for _ in range(KEYS // 10):
            await pilot.press(*"xin chào ")
            await pilot.press("enter")
        return (time.perf_counter() - started) / KEYS


def main() -> None:
    global RUNS, KEYS
    if len(sys.argv) > 1:  # bench/run.py --quick asks for fewer runs and keys
        RUNS = int(sys.argv[1])
    if len(sys.argv) > 2:
        KEYS = int(sys.argv[2])
    with tempfile.TemporaryDirectory() as home:
        os.environ["RADIO_SCHED_HOME"] = home
        first_screen("app", home)  # warm the bytecode caches of both before measuring
        first_screen("bare", home)
        ours, bare, same = [], [], []
        for _ in range(RUNS):  # interleaved, so a busy machine slows all alike
            ours.append(first_screen("app", home))
            bare.append(first_screen("bare", home))
            same.append(first_screen("widgets", home))
        print(f"Time to first screen (median of {RUNS}, fresh process, imports included):")
        for index, what in enumerate(("first screen drawn (Ready)", "idle, all tabs mounted")):
            app_median = statistics.median(run[index] for run in ours)
            bare_median = statistics.median(run[index] for run in bare)
            print(f"  {what}:")
            print(f"    radio-sched TUI  {app_median * 1000:7.1f} ms")
            print(f"    bare Textual app {bare_median * 1000:7.1f} ms")
            same_median = statistics.median(run[index] for run in same)
            print(f"    ratio            {app_median / bare_median:7.2f}×   (goal ≤ 1.5×)")
            print(
                f"    (a bare app with the same Textual widgets {same_median * 1000:.1f} ms;"
                f" ours / it = {app_median / same_median:.2f}×)"
            )

        text = long_script()
        ours_key = asyncio.run(typing_in_app(text))
        bare_key = asyncio.run(typing_in_bare())
        loaded_key = asyncio.run(typing_in_bare(text))
        words = len(text.split())
        print(f"Typing {KEYS} keys through the Pilot:")
        print(f"  script editor, {words} words        {ours_key * 1000:6.2f} ms/key")
        print(f"  empty TextArea, bare app          {bare_key * 1000:6.2f} ms/key")
        print(f"  ratio                             {ours_key / bare_key:6.2f}×")
        print(f"  (bare TextArea with the same text {loaded_key * 1000:6.2f} ms/key: the widget's")
        print(f"   own cost of a long text; ours / it = {ours_key / loaded_key:.2f}×)")


if __name__ == "__main__":
    main()
