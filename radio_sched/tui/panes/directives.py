"""Văn bản: the imported directives and their scripts; import a file by path or by browsing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Button, DataTable, DirectoryTree, Input

from radio_sched import durations
from radio_sched.tui.messages import ActionFailed, DirectiveImported, ScriptChosen, ScriptsListed
from radio_sched.tui.panes.base import Pane, StatusLine, shorten
from radio_sched.tui.services import plain_error


class DirectivesPane(Pane):
    DEFAULT_CSS = """
    DirectivesPane #scripts { height: 1fr; min-height: 4; }
    DirectivesPane #import-row { height: 3; }
    DirectivesPane #import-path { width: 1fr; }
    DirectivesPane #browser { height: 9; display: none; border: round $primary; }
    DirectivesPane.-browsing #browser { display: block; }
    """
    MAIN = "#scripts"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+o", "browse", "Chọn tệp"),
        Binding("ctrl+r", "reload", "Làm mới"),
    ]

    def compose(self) -> ComposeResult:
        yield DataTable(id="scripts", cursor_type="row", zebra_stripes=True)
        with Horizontal(id="import-row"):
            yield Input(
                placeholder="Đường dẫn văn bản (.txt, .docx, .pdf) rồi Enter",
                id="import-path",
                select_on_focus=False,  # a key typed from the list must not be replaced
            )
            yield Button("Nhập", id="import", variant="primary")
        yield StatusLine("Đang tải danh sách văn bản…")

    def on_mount(self) -> None:
        # After the first paint: the worker imports SQLAlchemy and opens the database, which
        # would otherwise compete with drawing the first screen.
        self.call_after_refresh(self.load_scripts)

    # -- workers ------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="directives-list")
    def load_scripts(self) -> None:
        from radio_sched.store.queries import list_scripts

        try:
            self.post_message(ScriptsListed(list_scripts(self.ctx.store())))
        except Exception as error:  # noqa: BLE001 - shown to the operator instead of crashing
            self.post_message(ActionFailed(plain_error(error)))

    @work(thread=True, exclusive=True, group="import")
    def import_file(self, path: Path) -> None:
        from radio_sched.script.pipeline import import_directive

        try:
            if not path.is_file():
                raise FileNotFoundError(path)
            result = import_directive(
                self.ctx.store(), path, commune=self.ctx.settings.name, settings=self.ctx.settings
            )
        except FileNotFoundError:
            self.post_message(ActionFailed(f"Không tìm thấy tệp {path}. Hãy kiểm tra đường dẫn."))
            return
        except Exception as error:  # noqa: BLE001
            self.post_message(ActionFailed(plain_error(error)))
            return
        self.post_message(
            DirectiveImported(
                result.directive_id, result.script_id, result.script.title, result.already_imported
            )
        )

    # -- events -------------------------------------------------------------------------------

    def on_scripts_listed(self, event: ScriptsListed) -> None:
        table = self.query_one("#scripts", DataTable)
        cursor = table.cursor_row
        wide = self.size.width >= 100
        table.clear(columns=True)
        if wide:
            table.add_columns("Mã", "Số văn bản", "Trích yếu", "Chiến dịch", "Dài", "Trạng thái")
        else:  # 80 columns: the title needs the room more than the document number
            table.add_columns("Mã", "Trích yếu", "Chiến dịch", "Dài", "Trạng thái")
        for row in event.scripts:
            cells = [
                str(row.script_id),
                *([row.reference or "—"] if wide else []),
                shorten(row.title, max(16, self.size.width - (64 if wide else 50))),
                _campaign(row.campaign_start, row.campaign_end, wide),
                durations.short(row.estimated_seconds),
                _state(row.version, row.approved_version),
            ]
            table.add_row(*cells, key=str(row.script_id))
        if event.scripts:
            table.move_cursor(row=min(cursor, len(event.scripts) - 1))
        if not event.scripts:
            self.status.say("Chưa có văn bản nào. Gõ đường dẫn văn bản ở ô dưới rồi Enter.")
        elif not self.status.has_class("-ok"):
            self.status.say(
                f"{len(event.scripts)} kịch bản. Enter để mở kịch bản, Ctrl+O để chọn tệp mới."
            )

    def on_key(self, event: events.Key) -> None:
        """Typing while the list has focus (as after F2) goes into the path box, not nowhere;
        Backspace in the file browser goes up a folder."""
        focused = self.app.focused
        if isinstance(focused, DirectoryTree) and event.key == "backspace":
            event.stop()
            focused.path = Path(focused.path).resolve().parent
            self.status.say(f"Thư mục: {focused.path} (Backspace: lên thư mục cha)")
            return
        if (
            isinstance(focused, DataTable)
            and event.character is not None
            and event.is_printable
            and not event.character.isspace()
            and event.key not in self.app.active_bindings  # "?" still opens the help
        ):
            event.stop()
            self._into_path_box(event.character)

    def on_paste(self, event: events.Paste) -> None:
        """A file dropped on the terminal arrives as a paste of its path (often quoted): on the
        list or the file browser it goes into the path box, as typing does, not nowhere."""
        first_line = next(iter(event.text.splitlines()), "").strip()
        if isinstance(self.app.focused, DataTable | DirectoryTree) and first_line:
            event.stop()
            self._into_path_box(first_line)

    def _into_path_box(self, text: str) -> None:
        path_input = self.query_one("#import-path", Input)
        path_input.focus()
        path_input.insert_text_at_cursor(text)

    def on_directive_imported(self, event: DirectiveImported) -> None:
        if event.already_imported:
            self.status.say(
                f"Văn bản này đã được nhập trước đó (kịch bản số {event.script_id}).", "ok"
            )
        else:
            self.status.say(f"Đã nhập: {event.title} (kịch bản số {event.script_id}).", "ok")
        self.query_one("#import-path", Input).value = ""
        self.load_scripts()

    @on(Input.Submitted, "#import-path")
    @on(Button.Pressed, "#import")
    def start_import(self) -> None:
        text = dropped_path(self.query_one("#import-path", Input).value)
        if not text:
            self.status.say("Hãy gõ đường dẫn tệp hoặc bấm Ctrl+O để chọn tệp.", "error")
            return
        self.status.say("Đang đọc văn bản…")
        self.import_file(Path(text).expanduser())

    @on(DirectoryTree.FileSelected)
    def file_chosen(self, event: DirectoryTree.FileSelected) -> None:
        path_input = self.query_one("#import-path", Input)
        path_input.value = str(event.path)
        self.remove_class("-browsing")
        path_input.focus()
        self.status.say("Bấm Enter để nhập tệp này.")

    @on(DataTable.RowSelected, "#scripts")
    def row_chosen(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.post_message(ScriptChosen(int(event.row_key.value)))

    # -- actions ------------------------------------------------------------------------------

    def action_browse(self) -> None:
        if not self.query("#browser"):
            # Mounted on first use: the tree reads the disk; the first screen need not wait.
            self.mount(DirectoryTree(self.ctx.browse_root, id="browser"), before=self.status)
        self.toggle_class("-browsing")
        if self.has_class("-browsing"):
            self.query_one("#browser", DirectoryTree).focus()
            self.status.say("Chọn tệp rồi Enter; Backspace: lên thư mục cha; Ctrl+O: đóng.")
        else:
            self.query_one("#import-path", Input).focus()

    def action_reload(self) -> None:
        self.load_scripts()


def dropped_path(text: str) -> str:
    """A path as terminals paste or drop it: quoted ('…' or "…"), as a file:// address, or
    with backslash-escaped spaces."""
    from urllib.parse import unquote, urlparse

    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        text = text[1:-1]
    if text.startswith("file://"):
        text = unquote(urlparse(text).path)
    elif "\\ " in text and not Path(text).exists():
        text = text.replace("\\ ", " ")
    return text.strip()


def _campaign(start: dt.date | None, end: dt.date | None, wide: bool) -> str:
    if not (start and end):
        return "—"
    return f"{start:%d/%m} – {end:%d/%m/%Y}" if wide else f"{start:%d/%m}–{end:%d/%m/%y}"


def _state(latest: int, on_air: int | None) -> str:
    """Short enough for 80 columns: which version airs, which is a draft."""
    if on_air is None:
        return f"nháp bản {latest}"
    if on_air == latest:
        return f"duyệt bản {latest}"
    return f"phát {on_air}, nháp {latest}"
