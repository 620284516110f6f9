"""The playback daemon: APScheduler wakes a single playback runner at each placement's time.

Design, in short:
- One daemon per station: an operating-system lock on a file in the station home, held for the
  life of the process (the kernel releases it when the process dies), on top of the heartbeat.
- The plan is the truth. Whenever the runner is free it asks ``now.next_decision`` (a pure
  function of the plan, the as-run log and the time) what to do: play what is on time, chain
  the rest of a slot already on air, resume an interrupted item from its sentence, re-place it in
  a later slot, or log as missed what fell into a gap. Every placement since the station first
  ran gets exactly one row.
- The start row is committed before the sound starts: the runner waits for it (a bounded wait)
  and does not start while the database is busy; only a log that cannot be written at all
  (read-only, full, damaged) lets the station go on from memory, said once. While an item plays,
  each sentence boundary passed is written to its row, so after a crash it resumes there.
- One timer path: APScheduler (memory job store, station zone) holds one date job per upcoming
  placement, with a stable id, plus a watch job every ``POLL_SECONDS``; jobs only wake the
  runner, so a late, doubled or stale job is harmless. The jobs are made from the plan on every
  start, so they need no database (a busy database cannot delay a wake-up).
- Other rows (progress, ends, missed items, the heartbeat) go through the store's
  ``AsRunWriter`` thread, so playback never waits for them.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from radio_sched import locations
from radio_sched.config import StationSettings, load_settings
from radio_sched.errors import StoreFailure, UserError
from radio_sched.schedule.clock import Clock, SystemClock
from radio_sched.schedule.model import Outcome, Placement, Plan
from radio_sched.schedule.now import (
    DEFAULT_GRACE,
    EMERGENCY_GRACE,
    OVERRUN_SECONDS,
    Action,
    Decision,
    Logged,
    OnAir,
    next_decision,
)
from radio_sched.schedule.player import PlaybackError, Player, UnplayableFile
from radio_sched.schedule.service import load_plan_with_revision, resolve_audio
from radio_sched.script.templates import station_name
from radio_sched.store import asrun
from radio_sched.store.asrun_writer import AsRunWriter
from radio_sched.store.db import Store, open_store
from radio_sched.store.failures import explain
from radio_sched.store.takes import program_sources

if TYPE_CHECKING:
    from radio_sched.link.operations import DaemonLink

log = logging.getLogger("radio_sched.daemon")

__all__ = [
    "DEFAULT_GRACE",
    "EMERGENCY_GRACE",
    "OVERRUN_SECONDS",
    "Runner",
    "StationLock",
    "run_daemon",
]

POLL_SECONDS = 2.0  # how often the plan revision is checked and the heartbeat written
START_ROW_WAIT = 3.0  # longest wait for the start row; not written by then, the item waits
START_BUSY_LIMIT = 120.0  # longest wait at start for a database busy with another program
WRITE_BUSY_MS = 1000  # one write attempt waits this long for a busy database, then retries
JOB_HORIZON = dt.timedelta(hours=26)
JOB_PREFIX = "placement:"
MISFIRE_GRACE = 15 * 60  # a wake-up is idempotent: better late than silently dropped
DUE_FUNC = "radio_sched.schedule.daemon:placement_due"
WATCH_FUNC = "radio_sched.schedule.daemon:watch_plan"
LOCK_NAME = "daemon.lock"
PID_NAME = "daemon.pid"
PLAN_DAYS_AHEAD = 2  # an interrupted item may be re-placed in a slot up to this many days on

# APScheduler stores jobs as a textual function reference plus plain arguments; at run time the
# job reaches the live runner of this process through this module-level variable.
_RUNNER: Runner | None = None


def placement_due(key: str) -> None:
    """Job function: a placement's time has come. Only wakes the runner."""
    runner = _RUNNER
    if runner is not None:
        runner.wake(key)


def watch_plan() -> None:
    """Job function: re-read the plan when the operator changed it; write the heartbeat."""
    runner = _RUNNER
    if runner is not None:
        runner.refresh()


# -- one daemon per station ----------------------------------------------------------------


class StationLock:
    """An operating-system lock on ``daemon.lock`` in the station home (flock on Unix, msvcrt
    on Windows, through filelock), held until ``release`` or the process dies."""

    def __init__(self, home: Path) -> None:
        from filelock import FileLock

        self.home = home
        self.path = home / LOCK_NAME
        self._lock = FileLock(str(self.path), is_singleton=False)

    def acquire(self) -> None:
        from filelock import Timeout

        self.home.mkdir(parents=True, exist_ok=True)
        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            raise UserError(
                f"Đài đang được một tiến trình khác phát (pid {self._holder()}, khoá {self.path}); "
                "hãy dừng tiến trình đó trước khi chạy lại."
            ) from None
        try:
            (self.home / PID_NAME).write_text(str(os.getpid()), encoding="utf-8")
        except OSError as error:
            log.warning("Không ghi được số tiến trình vào %s: %s", self.home / PID_NAME, error)

    def release(self) -> None:
        self._lock.release(force=True)

    def _holder(self) -> str:
        try:
            return (self.home / PID_NAME).read_text(encoding="utf-8").strip() or "?"
        except OSError:
            return "?"


# -- writes --------------------------------------------------------------------------------


class _StartRows:
    """The start row, written by the playback thread itself before the sound starts.

    Its own engine waits at most ``WRITE_BUSY_MS`` per attempt for a busy database, so the wait
    for the row is bounded: within ``START_ROW_WAIT`` it is committed, or it was not written at
    all (a transaction either commits or not), and the item does not start."""

    def __init__(self, url: str, database: str) -> None:
        self.engine = writer_engine(url)
        self.database = database
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def write(self, work: Callable[[Session], None], timeout: float) -> StoreFailure | None:
        """None once committed (or refused by the unique key: ``work`` tells which); else the
        failure, transient (busy: try again later) or lasting (read-only, full, damaged)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                with self._sessions.begin() as session:
                    work(session)
                return None
            except IntegrityError:
                return None
            except Exception as error:  # classified: a bug is re-raised
                failure = explain(error, self.database)
                if failure is None:
                    raise
            if not failure.transient or time.monotonic() >= deadline:
                return failure
            time.sleep(0.05)

    def dispose(self) -> None:
        self.engine.dispose()


def writer_engine(url: str) -> Engine:
    """The writer's engine: the station's pragmas, with a short wait for a busy database."""
    if not url.startswith("sqlite"):
        return create_engine(url)
    engine = create_engine(url, connect_args={"timeout": WRITE_BUSY_MS / 1000})

    def pragmas(connection: Any, _record: Any) -> None:
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={WRITE_BUSY_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    event.listen(engine, "connect", pragmas)
    return engine


# -- the runner ----------------------------------------------------------------------------


class Runner:
    """Plays what the plan says, one item at a time, on a thread of its own."""

    def __init__(
        self,
        store: Store,
        settings: StationSettings,
        player: Player,
        *,
        grace: float = DEFAULT_GRACE,
        settings_path: Path | None = None,
        say: Callable[[str], None] = print,
        clock: Clock | None = None,
    ) -> None:
        self.store = store
        self.settings = settings
        self.player = player
        self.grace = grace
        self.settings_path = settings_path or locations.settings_file()
        self.say = say
        self.clock: Clock = clock or SystemClock(settings.zone)
        self.writer = AsRunWriter(store, report=say)
        self.start_rows = _StartRows(
            store.engine.url.render_as_string(hide_password=False), str(self.writer.database)
        )
        self.from_memory = False  # the log cannot be written (lasting failure): play anyway
        self.scheduler: Any = None
        self.plan = Plan((), ())
        self.revision = -1
        self.plan_day: dt.date | None = None
        self.settings_mtime = self._settings_mtime()
        self.logged: dict[str, Logged] = {}  # what the log says (or will say) of each key
        self.on_air: OnAir | None = None
        self.floor: dt.datetime = self.clock.now()
        self.current: Placement | None = None
        self.blocked: str = ""  # why the last start row could not be written
        self.interrupt = threading.Event()
        self.abort = threading.Event()
        self.wakeup = threading.Event()
        self.stopping = threading.Event()
        self.jobs_dirty = True
        self._beat: threading.Event | None = None
        self._lock = threading.RLock()
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------------

    def prepare(self) -> None:
        """Read where the last run left off; start the writer; make the first plan."""
        now = self.clock.now()
        delay = 0.5
        give_up = time.monotonic() + START_BUSY_LIMIT
        while True:
            try:
                with self.store.session() as session:
                    since = asrun.since(session)
                    ended = asrun.last_heartbeat(session) or now
                    crashed = [
                        (row.title, row.key, row.seconds)
                        for row in asrun.close_interrupted(session, ended)
                    ]
                break
            except OperationalError as error:
                # Nothing may start before the log says where the last run left off: wait for a
                # busy database (bounded), refuse to start on a broken one, in one line.
                failure = explain(error, self.writer.database)
                if failure is None or not failure.transient:
                    raise failure or error from None
                if time.monotonic() > give_up:
                    raise failure from None
                log.warning("Cơ sở dữ liệu đang bận, đọc lại nhật ký phát sau %.1f giây", delay)
                if self.stopping.wait(delay):
                    return
                delay = min(delay * 2, 5.0)
        for title, key, seconds in crashed:
            self.say(
                f"Ghi nhận bị ngắt: {title} ({key}) sau {seconds:.0f} giây — "
                "sẽ phát tiếp từ câu đang đọc dở."
            )
        # Every placement since the station first ran gets an outcome (a new station missed
        # nothing: only what is due within the grace still plays); at most one day back.
        first_run = now - dt.timedelta(seconds=self.grace + 1)
        self.floor = since.astimezone(self.clock.now().tzinfo) if since else first_run
        self.floor = max(self.floor, now - dt.timedelta(days=1))
        self.writer.start()
        floor = self.floor
        self.writer.submit(lambda session: asrun.beat(session, os.getpid(), floor))
        self.refresh(force=True)

    def start(self) -> None:
        self.prepare()
        self._thread = threading.Thread(target=self._loop, name="playback", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self.stopping.set()
        self.abort.set()
        self.wakeup.set()
        if self._thread is not None:
            self._thread.join(10)
        self.writer.close()
        self.start_rows.dispose()

    def now(self) -> dt.datetime:
        return self.clock.now()

    # -- plan ------------------------------------------------------------------------------

    def refresh(self, force: bool = False) -> None:
        """Re-plan when the revision, the settings file or the day changed; keep jobs in step."""
        now = self.now()
        mtime = self._settings_mtime()
        try:
            with self.store.session() as session:
                from radio_sched.store.programs import plan_revision

                revision = plan_revision(session)
        except OperationalError as error:
            log.warning("Không đọc được cơ sở dữ liệu, sẽ thử lại: %s", error)
            self.wakeup.set()
            return
        changed = force or revision != self.revision or mtime != self.settings_mtime
        changed = changed or self.plan_day != now.date()
        if changed:
            if mtime != self.settings_mtime:
                try:
                    self.settings = load_settings(self.settings_path)
                except ValueError as error:
                    log.warning("Cài đặt mới không dùng được, giữ cài đặt cũ: %s", error)
                self.settings_mtime = mtime
            try:
                self._replan(now)
            except OperationalError as error:
                log.warning("Không đọc được kế hoạch, sẽ thử lại: %s", error)
                self.wakeup.set()
                return
        if self._beat is None or self._beat.is_set():  # one heartbeat queued at a time
            self._beat = self.writer.submit(lambda session: asrun.beat(session, os.getpid()))
        if self.jobs_dirty:
            self.sync_jobs()
        if self._emergency_due(now) and self._playing_normal():
            self.interrupt.set()
        self.wakeup.set()

    def _replan(self, now: dt.datetime) -> None:
        today = now.date()
        plan, revision = load_plan_with_revision(
            self.store,
            self.settings,
            today - dt.timedelta(days=1),
            today + dt.timedelta(days=PLAN_DAYS_AHEAD),
        )
        keys = [p.key for p in plan.placements if p.start >= self.floor]
        with self.store.session() as session:
            found = asrun.states(session, keys)
        with self._lock:
            if revision != self.revision and self.revision >= 0:
                self.say(f"Kế hoạch đã thay đổi (phiên bản {revision}), đọc lại.")
            self.plan = plan
            self.revision = revision
            self.plan_day = today
            # What this process decided and has not yet seen committed stays as it decided.
            for key, state in found.items():
                mine = self.logged.get(key)
                if mine is None or mine.outcome is Outcome.PLAYING:
                    self.logged[key] = state
            self.jobs_dirty = True

    def sync_jobs(self) -> None:
        """One date job per upcoming placement; stable ids, so a re-plan only moves what moved."""
        scheduler = self.scheduler
        if scheduler is None:
            return
        now = self.now()
        with self._lock:
            wanted = {
                JOB_PREFIX + p.key: (p.key, p.title, p.start)
                for p in self.plan.placements
                if p.key not in self.logged and now - dt.timedelta(seconds=60) < p.start
                if p.start < now + JOB_HORIZON
            }
            for key, state in self.logged.items():
                if (
                    state.outcome is Outcome.INTERRUPTED
                    and state.resume_at is not None
                    and now < state.resume_at < now + JOB_HORIZON
                ):
                    wanted[JOB_PREFIX + key] = (key, key, state.resume_at)
        try:
            existing = {
                job.id: job.next_run_time
                for job in scheduler.get_jobs(jobstore="default")
                if job.id.startswith(JOB_PREFIX)
            }
            for job_id, (key, title, moment) in wanted.items():
                if existing.get(job_id) == moment:
                    continue
                scheduler.add_job(
                    DUE_FUNC,
                    trigger="date",
                    run_date=moment,
                    args=[key],
                    id=job_id,
                    name=title[:100],
                    jobstore="default",
                    replace_existing=True,
                    misfire_grace_time=MISFIRE_GRACE,
                    coalesce=True,
                )
            for job_id in existing.keys() - wanted.keys():
                if existing[job_id] is not None and existing[job_id] > now:
                    scheduler.remove_job(job_id, jobstore="default")
            self.jobs_dirty = False
        except Exception as error:  # noqa: BLE001 - the scheduler must not stop playback
            log.warning("Chưa cập nhật được lịch hẹn giờ, sẽ thử lại: %s", error)

    # -- wake-ups --------------------------------------------------------------------------

    def wake(self, key: str) -> None:
        with self._lock:
            placement = next((p for p in self.plan.placements if p.key == key), None)
        if placement is not None and placement.is_emergency and self._playing_normal():
            self.interrupt.set()
        self.wakeup.set()

    def _playing_normal(self) -> bool:
        current = self.current
        return current is not None and not current.is_emergency

    def _emergency_due(self, now: dt.datetime) -> bool:
        with self._lock:
            # Only one that will actually air: a stale one is logged as missed, not let
            # interrupt the program on air.
            return any(
                p.is_emergency
                and p.key not in self.logged
                and self.floor <= p.start <= now
                and (now - p.start).total_seconds() <= EMERGENCY_GRACE
                for p in self.plan.placements
            )

    # -- the playback loop -----------------------------------------------------------------

    def _loop(self) -> None:
        # The only timer is APScheduler's: its date jobs and its watch job set ``wakeup``.
        while not self.stopping.is_set():
            try:
                self.process_due()
            except Exception:  # the station must stay on air (logged with its traceback)
                log.exception("Lỗi khi xử lý lịch phát; tiếp tục.")
            self.clock.wait(self.wakeup, None)
            self.wakeup.clear()

    def decide(self) -> Decision | None:
        """What to do now: the pure decision on the runner's plan, log and clock."""
        with self._lock:
            return next_decision(
                self.plan,
                self.logged,
                self.now(),
                floor=self.floor,
                on_air=self.on_air,
                grace=self.grace,
            )

    def process_due(self) -> None:
        while not self.stopping.is_set():
            decision = self.decide()
            if decision is None:
                return
            self.interrupt.clear()
            if not self.carry_out(decision):
                return  # the database would not take the start row: wait for the next wake-up

    def carry_out(self, decision: Decision) -> bool:
        """Act on one decision; False when a start row could not be written (nothing played)."""
        placement = decision.placement
        if decision.action is Action.MISS:
            reason = decision.reason
            if self.blocked:
                reason = f"{self.blocked}; không phát để nhật ký luôn đúng"
            self._missed(placement, reason)
            return True
        if decision.action is Action.CLOSE:
            self._close(placement, decision)
            return True
        if decision.action is Action.REPLACE:
            self._replace(placement, decision)
            return True
        return self._play(placement, decision.position, resumed=decision.action is Action.RESUME)

    def _remember(self, key: str, state: Logged) -> None:
        with self._lock:
            self.logged[key] = state
            self.jobs_dirty = True

    def _missed(self, placement: Placement, reason: str) -> None:
        self._remember(placement.key, Logged(Outcome.MISSED))
        self.say(
            f"Bỏ lỡ: {placement.title} ({placement.slot} {placement.start:%H:%M:%S}) — {reason}"
        )
        row = asrun.new_row(placement, Outcome.MISSED, reason, self.player.name)
        self.writer.submit(lambda session: session.add(row))

    def _close(self, placement: Placement, decision: Decision) -> None:
        key, ended = placement.key, self.now().astimezone(dt.UTC)
        self._remember(key, Logged(Outcome.SKIPPED, decision.position))
        self.say(f"Không phát tiếp: {placement.title} — {decision.reason}")

        def close(session: Session) -> None:
            row = _row(session, key)
            row.outcome, row.reason, row.resume_at = Outcome.SKIPPED.value, decision.reason, None
            row.ended_at = row.ended_at or ended

        self.writer.submit(close)

    def _replace(self, placement: Placement, decision: Decision) -> None:
        key, at = placement.key, decision.resume_at
        self._remember(key, Logged(Outcome.INTERRUPTED, decision.position, at))
        self.say(f"Dời phần còn lại: {placement.title} — {decision.reason}")

        def move(session: Session) -> None:
            row = _row(session, key)
            row.reason = decision.reason
            row.resume_at = at.astimezone(dt.UTC) if at is not None else None

        self.writer.submit(move)

    def _play(self, placement: Placement, position: float, *, resumed: bool) -> bool:
        key = placement.key
        now = self.now()
        path = resolve_audio(placement.audio_path)
        if path is None or not path.is_file():
            reason = (
                f"không tìm thấy tệp âm thanh {path or '(chưa có)'}; bỏ qua, khung giờ tiếp tục"
            )
            self.say(f"Bỏ qua: {placement.title} — {reason}")
            self._remember(key, Logged(Outcome.SKIPPED, position))
            self._ended(placement, Outcome.SKIPPED, reason, None, position)
            return True
        base = [0.0]
        ours = [False]
        if resumed:
            # The part before the break is still on its way through the writer; its seconds are
            # what the resumed part adds to, so let it land first (the report counts both once).
            self.writer.submit(lambda _session: None).wait(START_ROW_WAIT)

        def begin(session: Session) -> None:
            ours[0] = False
            if resumed:
                row = _row(session, key)
                if row.outcome not in _OPEN:
                    return  # finished meanwhile
                row.outcome, row.resume_at, row.ended_at = Outcome.PLAYING.value, None, None
                row.resumes = (row.resumes or 0) + 1
                row.reason = f"phát tiếp từ giây {position:.1f} sau khi bị ngắt"
                base[0] = row.seconds
            else:
                row = asrun.new_row(placement, Outcome.PLAYING, "", self.player.name)
                row.started_at = now.astimezone(dt.UTC)
                # Whose voice airs (synthetic, the operator's takes, or both), for the report.
                row.sources = program_sources(session, placement.program_id)
                session.add(row)
                session.flush()  # a duplicate key fails here: the placement is not ours
            ours[0] = True

        # The start row is committed before the sound starts, or the item does not start now;
        # only when the log cannot be written at all (read-only, full, damaged: reported once
        # by the writer) does the station go on from memory, its rows waiting in the writer.
        failure = self.start_rows.write(begin, START_ROW_WAIT)
        if failure is not None and failure.transient:
            self.blocked = "cơ sở dữ liệu bị khoá, không ghi được nhật ký trước giờ phát"
            self.on_air = OnAir(placement.instance, self.now())  # alive, the slot is on air
            self.say(f"Chờ ghi nhật ký: {placement.title} — {self.blocked}; sẽ thử lại.")
            self.wakeup.set()
            return False
        self.blocked = ""
        if failure is not None:
            if not self.from_memory:
                self.say(f"Đài vẫn phát theo lịch trong bộ nhớ: {failure}")
            self.from_memory = True
        else:
            self.from_memory = False
            if not ours[0]:
                # Another run wrote this placement (the unique key refused ours): never again.
                self._refresh_state(key)
                return True
        self._remember(key, Logged(Outcome.PLAYING, position))
        late = (now - placement.start).total_seconds()
        if resumed:
            self.say(f"Phát tiếp: {placement.title} ({placement.slot}) từ giây {position:.1f}")
        else:
            self.say(
                f"Phát: {placement.title} ({placement.slot}, lịch {placement.start:%H:%M:%S}, "
                f"trễ {late:.2f} giây)"
            )

        def progress(boundary: float) -> None:
            heard = base[0] + max(0.0, boundary - position)

            def save(session: Session) -> None:
                row = _row(session, key, placement, self.player.name)
                if row.outcome in _OPEN:  # an older part's end may land late: still playing
                    row.outcome = Outcome.PLAYING.value
                    row.position, row.seconds_played = boundary, heard

            self.writer.submit(save)

        self.current = placement
        interrupt = threading.Event() if placement.is_emergency else self.interrupt
        stopped = position
        try:
            result = self.player.play(
                path,
                interrupt=interrupt,
                abort=self.abort,
                label=key,
                start_at=position,
                progress=progress,
            )
        except UnplayableFile as error:
            outcome, reason, seconds = Outcome.SKIPPED, f"{error}; bỏ qua, khung giờ tiếp tục", 0.0
            self.say(f"Bỏ qua: {placement.title} — {error}")
        except PlaybackError as error:
            outcome, reason, seconds = Outcome.FAILED, f"{error}; khung giờ tiếp tục", 0.0
            self.say(f"Lỗi phát: {placement.title} — {error}")
        else:
            seconds = result.seconds
            stopped = result.position if result.position is not None else stopped + seconds
            if result.interrupted and self.abort.is_set():
                outcome = Outcome.INTERRUPTED
                reason = "đài được dừng khi đang phát; sẽ phát tiếp từ câu đang đọc dở"
            elif result.interrupted:
                outcome = Outcome.INTERRUPTED
                reason = f"ngắt tại chỗ nghỉ sau {seconds:.1f} giây để phát tin khẩn cấp"
            else:
                outcome, reason = Outcome.PLAYED, "phát tiếp sau khi bị ngắt" if resumed else ""
        finally:
            self.current = None
            # An emergency keeps on air the slot it broke into: the slot's items follow it.
            instance = placement.instance
            if placement.is_emergency and self.on_air is not None:
                instance = self.on_air.instance
            self.on_air = OnAir(instance, self.now())
        if outcome is Outcome.INTERRUPTED and self.abort.is_set():
            stopped = _boundary_before(path, stopped, position)
        self._remember(key, Logged(outcome, stopped))
        self._ended(placement, outcome, reason, base[0] + seconds, stopped)
        return True

    def _refresh_state(self, key: str) -> None:
        try:
            with self.store.session() as session:
                found = asrun.states(session, [key])
        except OperationalError:
            found = {}
        self._remember(key, found.get(key, Logged(Outcome.PLAYED)))

    def _ended(
        self,
        placement: Placement,
        outcome: Outcome,
        reason: str,
        seconds: float | None,
        position: float,
    ) -> None:
        """The item's one outcome (``seconds`` None: keep the seconds already heard)."""
        key, ended = placement.key, self.now().astimezone(dt.UTC)
        player = self.player.name

        def finish(session: Session) -> None:
            row = _row(session, key, placement, player)
            row.outcome, row.reason = outcome.value, reason
            row.ended_at, row.position = ended, position
            if seconds is not None:
                row.seconds_played = seconds
            if row.started_at is None:  # played from memory: the start row could not be written
                row.started_at = ended - dt.timedelta(seconds=seconds or 0.0)

        self.writer.submit(finish)

    def _settings_mtime(self) -> float:
        try:
            return self.settings_path.stat().st_mtime
        except OSError:
            return 0.0


_OPEN = (Outcome.PLAYING.value, Outcome.INTERRUPTED.value)


def _row(
    session: Session, key: str, placement: Placement | None = None, player: str = ""
) -> asrun.AsRunRow:
    """The row of ``key``; made (for ``placement``) when a skip comes before any start row."""
    from sqlalchemy import select

    row = session.scalars(select(asrun.AsRunRow).where(asrun.AsRunRow.key == key)).first()
    if row is None:
        if placement is None:
            raise LookupError(key)
        row = asrun.new_row(placement, Outcome.SKIPPED, "", player)
        session.add(row)
    return row


def _boundary_before(path: Path, position: float, floor: float) -> float:
    """After a stop mid-sentence, the boundary to resume from (not before ``floor``)."""
    from radio_sched.schedule.player import decode, last_boundary, pause_points

    try:
        return max(floor, last_boundary(pause_points(decode(path)), position))
    except PlaybackError:
        return floor


# -- the process ---------------------------------------------------------------------------


def build_scheduler(settings: StationSettings) -> Any:
    from apscheduler.executors.pool import ThreadPoolExecutor
    from apscheduler.jobstores.memory import MemoryJobStore
    from apscheduler.schedulers.background import BackgroundScheduler

    return BackgroundScheduler(
        # Jobs are made from the plan on every start, so memory is enough, and a database
        # busy with another writer cannot hold up a wake-up.
        jobstores={"default": MemoryJobStore(), "local": MemoryJobStore()},
        executors={"default": ThreadPoolExecutor(max_workers=4)},
        # The defaults (1-second grace, no coalescing, the host's zone) would drop a wake-up
        # after a short stall and plan in the wrong zone on a UTC server.
        job_defaults={"misfire_grace_time": MISFIRE_GRACE, "coalesce": True, "max_instances": 1},
        timezone=settings.zone,
    )


def run_daemon(
    settings: StationSettings,
    player: Player,
    *,
    exit_after: float | None = None,
    grace: float = DEFAULT_GRACE,
    say: Callable[[str], None] = print,
    clock: Clock | None = None,
) -> int:
    lock = StationLock(locations.station_home())
    lock.acquire()
    try:
        return _run_locked(settings, player, exit_after, grace, say, clock)
    finally:
        lock.release()


def _run_locked(
    settings: StationSettings,
    player: Player,
    exit_after: float | None,
    grace: float,
    say: Callable[[str], None],
    clock: Clock | None,
) -> int:
    global _RUNNER
    store = open_store(settings.resolved_database_url)
    try:
        _refuse_second_daemon(store)
    except UserError:
        store.dispose()
        raise
    runner = Runner(store, settings, player, grace=grace, say=say, clock=clock)
    _RUNNER = runner
    finished = threading.Event()

    def on_signal(signum: int, _frame: object) -> None:
        finished.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    scheduler = build_scheduler(settings)
    link: DaemonLink | None = None
    try:
        runner.start()
        say(
            f"{station_name(settings.name)}: bắt đầu phát theo lịch (múi giờ {settings.timezone}, "
            f"cách phát {player.name})."
        )
        scheduler.start()
        runner.scheduler = scheduler
        scheduler.add_job(
            WATCH_FUNC,
            trigger="interval",
            seconds=POLL_SECONDS,
            id="watch-plan",
            jobstore="local",
            replace_existing=True,
        )
        runner.sync_jobs()
        link = _start_link(runner, store, say)
        finished.wait(exit_after)
    finally:
        say("Đang dừng…")
        if scheduler.running:
            scheduler.shutdown(wait=False)
        if link is not None:
            link.stop()
        runner.stop()
        _RUNNER = None
        store.dispose()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0


def _start_link(runner: Runner, store: Store, say: Callable[[str], None]) -> DaemonLink | None:
    """The link to the hub when station.toml has a [link] section; it never blocks or stops
    playback (a broker that is down is retried in the background)."""
    from radio_sched.link.operations import start_in_daemon

    def state() -> tuple[str, str | None]:
        current = runner.current
        return ("playing", current.title) if current is not None else ("paused", None)

    return start_in_daemon(
        store,
        runner.settings,
        clock=runner.clock,
        state_of=state,
        on_change=runner.refresh,
        say=say,
    )


def _refuse_second_daemon(store: Store) -> None:
    """A daemon of another home on the same database (the lock only covers one home)."""
    with store.session() as session:
        row = session.get(asrun.DaemonStateRow, 1)
        if row is None or row.pid == os.getpid():
            return
        age = (dt.datetime.now(dt.UTC) - asrun.aware(row.heartbeat)).total_seconds()
        pid = row.pid
    if age > 3 * POLL_SECONDS or not _alive(pid):
        return
    raise UserError(
        f"Đài đang được một tiến trình khác phát (pid {pid}, {locations.database_file()}); "
        "hãy dừng tiến trình đó trước khi chạy lại."
    )


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":
        return True  # os.kill(pid, 0) would send Ctrl-C there; rely on the heartbeat's age
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
