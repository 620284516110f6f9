"""The operator opening the station's screen sees the hub's unread notices."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pilot import screen_text, settle, until
from radio_sched.store import link as link_store
from radio_sched.store import open_store
from radio_sched.tui.app import make_app


def _notice(title: str) -> None:
    store = open_store()
    try:
        with store.session() as session:
            session.add(
                link_store.NoticeRow(
                    message_id=title.encode().hex()[:32].ljust(32, "0"),
                    sender="huyen-tan-phu",
                    title=title,
                    text="Họp lúc 14 giờ tại hội trường.",
                    received_at=dt.datetime(2026, 12, 2, 8, tzinfo=dt.UTC),
                )
            )
    finally:
        store.dispose()


def toasts(app: Any) -> str:
    """What the pop-up notes say, whole (on screen they may wrap over other widgets)."""
    return " ".join(" ".join(str(t.render()).split()) for t in app.query("Toast"))


async def test_unread_notices_are_said_when_the_screen_opens(station_home: Path) -> None:
    _notice("Lịch họp giao ban")
    app = make_app(today=dt.date(2026, 12, 2))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        await until(pilot, lambda: "Lịch họp giao ban" in toasts(app), "the notice")
        shown = toasts(app)
        assert "1 thông báo của trung tâm" in shown and "radio-sched link notices" in shown


async def test_no_notice_no_toast(station_home: Path) -> None:
    app = make_app(today=dt.date(2026, 12, 2))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        assert "thông báo của trung tâm" not in toasts(app) + screen_text(app)
