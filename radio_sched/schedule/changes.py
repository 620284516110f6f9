"""What every schedule change shares: the program that is not there, paths kept relative to the
station home, and the plan revision that tells the running daemon and the TUI to plan again."""

from __future__ import annotations

from pathlib import Path

from radio_sched import locations
from radio_sched.errors import UserError
from radio_sched.store.db import Store
from radio_sched.store.programs import (
    bump_revision,
)


def no_program(program_id: int) -> UserError:
    return UserError(f"Không có chương trình {program_id}. Xem `radio-sched program list`.")


def relative_to_home(path: Path) -> str:
    """Paths inside the station home are stored relative to it, so the home can be moved."""
    try:
        return str(path.resolve().relative_to(locations.station_home().resolve()))
    except ValueError:
        return str(path.resolve())


def in_station_home(path: Path) -> bool:
    """A program airs only audio kept in the station home: a file the user was given elsewhere
    (``synth -o``) can be moved or deleted at any time."""
    return not Path(relative_to_home(path)).is_absolute()


def replan(store: Store) -> int:
    """Ask every reader (daemon, TUI) to plan again; returns the new revision."""
    with store.session() as session:
        return bump_revision(session)


bump_plan_revision = replan
