"""A placeholder that imports and mounts a pane just after the first screen has been drawn.

Textual's ``Lazy`` defers the mount but needs the widget built, so its module (and everything
that module imports) would still load before the first screen; this defers the import too.
What is asked of the pane before it exists (a key pressed early on a slow PC) waits in
``when_ready`` and is done as soon as the pane is mounted, instead of failing to find it."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from textual.widget import Widget


class Deferred(Widget):
    DEFAULT_CSS = "Deferred { display: none; }"

    def __init__(self, module: str, class_name: str, *args: Any, **kwargs: Any) -> None:
        super().__init__()
        self.module = module
        self.class_name = class_name
        self.args = args
        self.kwargs = kwargs
        self.target_id: str | None = kwargs.get("id")
        self._pending: list[Callable[[Widget], object]] = []

    def when_ready(self, action: Callable[[Widget], object]) -> None:
        self._pending.append(action)

    def on_mount(self) -> None:
        self.call_after_refresh(self.replace)

    async def replace(self) -> None:
        parent = self.parent
        if not isinstance(parent, Widget):
            return
        widget_class = getattr(importlib.import_module(self.module), self.class_name)
        widget = widget_class(*self.args, **self.kwargs)
        await parent.mount(widget, after=self)
        await self.remove()
        for action in self._pending:
            action(widget)
        self._pending.clear()
