"""The playback daemon: APScheduler wakes a single playback runner at each placement's time.

Design, in short:
- The plan is the truth. On start, after any gap and on every wake the runner works out from the
  plan and the as-run log what is due: it plays what is on time, chains the rest of a slot that is
  already on air, and logs as missed what fell into a gap. Nothing is replayed.
- APScheduler (SQLAlchemy job store in the station database, station zone) holds one date job per
  upcoming placement, with a stable id and ``replace_existing``; the job function only wakes the
  runner, so a late, doubled or stale job is harmless. The runner also keeps its own timer to the
  next placement, so a job store blocked by a busy database cannot delay a broadcast.
- As-run rows are written by one writer thread that retries while the database is busy; playback
  never waits for the database. The unique key in the as-run table keeps a placement from ever
  being started twice.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import queue
import signal
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from radio_sched import locations
from radio_sched.config import StationSettings, load_settings
from radio_sched.errors import UserError
from radio_sched.schedule.model import Outcome, Placement, Plan
from radio_sched.schedule.player import PlaybackError, Player, UnplayableFile
from radio_sched.schedule.service import load_plan_with_revision, resolve_audio
from radio_sched.script.templates import station_name
from radio_sched.store import asrun
from radio_sched.store.db import Store, open_store

log = logging.getLogger("radio_sched.daemon")

POLL_SECONDS = 2.0  # how often the plan revision is checked and the heartbeat written
DEFAULT_GRACE = 5.0  # an item this late still starts; later ones are missed (or chained in a slot)
OVERRUN_SECONDS = 30.0  # a slot on air may run this far past its end before items are dropped
EMERGENCY_GRACE = 300.0
START_ROW_WAIT = 0.25  # longest wait for the as-run start row before playing anyway
JOB_HORIZON = dt.timedelta(hours=26)
JOB_PREFIX = "placement:"
MISFIRE_GRACE = 15 * 60  # a wake-up is idempotent: better late than silently dropped
DUE_FUNC = "radio_sched.schedule.daemon:placement_due"
WATCH_FUNC = "radio_sched.schedule.daemon:watch_plan"

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


@dataclass
class _Writer:
    """Serial database writes with retries, so a busy database never blocks playback."""

    store: Store
    jobs: queue.Queue[tuple[Callable[[Session], None], threading.Event] | None] = field(
        default_factory=queue.Queue
    )
    thread: threading.Thread | None = None

    def start(self) -> None:
        self.thread = threading.Thread(target=self._run, name="asrun-writer", daemon=True)
        self.thread.start()

    def submit(self, job: Callable[[Session], None]) -> threading.Event:
        """Queue a write; the event is set once it is committed (or found to be a duplicate)."""
        done = threading.Event()
        self.jobs.put((job, done))
        return done

    def close(self, timeout: float = 20.0) -> None:
        self.jobs.put(None)
        if self.thread is not None:
            self.thread.join(timeout)

    def _run(self) -> None:
        while True:
            item = self.jobs.get()
            if item is None:
                return
            job, done = item
            delay = 0.2
            while True:
                try:
                    with self.store.session() as session:
                        job(session)
                    done.set()
                    break
                except IntegrityError:
                    log.warning("Bỏ qua một dòng nhật ký phát đã có (không ghi hai lần).")
                    done.set()
                    break
                except OperationalError as error:
                    log.warning(
                        "Cơ sở dữ liệu đang bận, thử ghi lại sau %.1f giây: %s", delay, error
                    )
                    time.sleep(delay)
                    delay = min(delay * 2, 5.0)


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
    ) -> None:
        self.store = store
        self.settings = settings
        self.player = player
        self.grace = grace
        self.settings_path = settings_path or locations.settings_file()
        self.say = say
        self.zone = settings.zone
        self.writer = _Writer(store)
        self.scheduler: Any = None
        self.plan = Plan((), ())
        self.revision = -1
        self.plan_day: dt.date | None = None
        self.settings_mtime = self._settings_mtime()
        self.handled: set[str] = set()  # keys started or logged, by us or found in the log
        self.live_slots: set[str] = set()  # slot instances on air in this process
        self.last_end: dt.datetime | None = None  # when the runner last finished an item
        self.floor: dt.datetime = dt.datetime.now(self.zone)
        self.current: Placement | None = None
        self.interrupt = threading.Event()
        self.abort = threading.Event()
        self.wakeup = threading.Event()
        self.stopping = threading.Event()
        self.jobs_dirty = True
        self._lock = threading.RLock()
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> None:
        now = self.now()
        # Reads only here: a database busy with another writer must not hold up the start.
        with self.store.session() as session:
            interrupted = asrun.interrupted_rows(session)
            heartbeat = asrun.last_heartbeat(session)
            titles = [(row.key, row.title) for row in interrupted]
        for key, title in titles:
            self.handled.add(key)
            self.say(f"Ghi nhận bị ngắt: {title} ({key}) — không phát lại.")
        reason = "đài dừng đột ngột khi đang phát; không phát lại để tránh phát hai lần"

        def close(session: Session) -> None:
            asrun.close_interrupted(session, reason)

        self.writer.submit(close)
        # Placements before the last sign of life were the previous run's business; with no
        # previous run at all there is nothing to call missed (a new station missed nothing),
        # only what is due within the grace still plays.
        first_run = now - dt.timedelta(seconds=self.grace + 1)
        self.floor = heartbeat.astimezone(self.zone) if heartbeat else first_run
        self.floor = max(self.floor, now - dt.timedelta(days=1))
        self.writer.start()
        self.writer.submit(lambda session: asrun.beat(session, os.getpid()))
        self.refresh(force=True)
        self._thread = threading.Thread(target=self._loop, name="playback", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self.stopping.set()
        self.abort.set()
        self.wakeup.set()
        if self._thread is not None:
            self._thread.join(10)
        self.writer.close()

    def now(self) -> dt.datetime:
        return dt.datetime.now(self.zone)

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
                return
        self.writer.submit(lambda session: asrun.beat(session, os.getpid()))
        if self.jobs_dirty:
            self.sync_jobs()
        if self._emergency_due(now) and self._playing_normal():
            self.interrupt.set()
        self.wakeup.set()

    def _replan(self, now: dt.datetime) -> None:
        today = now.date()
        plan, revision = load_plan_with_revision(
            self.store, self.settings, today - dt.timedelta(days=1), today + dt.timedelta(days=1)
        )
        keys = [p.key for p in plan.placements if p.start >= self.floor]
        with self.store.session() as session:
            logged = asrun.known_keys(session, keys)
        with self._lock:
            if revision != self.revision and self.revision >= 0:
                self.say(f"Kế hoạch đã thay đổi (phiên bản {revision}), đọc lại.")
            self.plan = plan
            self.revision = revision
            self.plan_day = today
            self.handled |= logged
            self.jobs_dirty = True

    def sync_jobs(self) -> None:
        """One date job per upcoming placement; stable ids, so a re-plan only moves what moved."""
        scheduler = self.scheduler
        if scheduler is None:
            return
        now = self.now()
        with self._lock:
            wanted = {
                JOB_PREFIX + p.key: p
                for p in self.plan.placements
                if p.key not in self.handled and now - dt.timedelta(seconds=60) < p.start
                if p.start < now + JOB_HORIZON
            }
        try:
            existing = {
                job.id: job.next_run_time
                for job in scheduler.get_jobs(jobstore="default")
                if job.id.startswith(JOB_PREFIX)
            }
            for job_id, placement in wanted.items():
                if existing.get(job_id) == placement.start:
                    continue
                scheduler.add_job(
                    DUE_FUNC,
                    trigger="date",
                    run_date=placement.start,
                    args=[placement.key],
                    id=job_id,
                    name=placement.title[:100],
                    jobstore="default",
                    replace_existing=True,
                    misfire_grace_time=MISFIRE_GRACE,
                    coalesce=True,
                )
            soon = now + dt.timedelta(seconds=2)
            for job_id in existing.keys() - wanted.keys():
                # Jobs already due are APScheduler's to fire and remove; touching them races it.
                if existing[job_id] is not None and existing[job_id] > soon:
                    scheduler.remove_job(job_id, jobstore="default")
            self.jobs_dirty = False
        except Exception as error:  # noqa: BLE001 - a busy job store must not stop playback
            log.warning("Chưa cập nhật được lịch APScheduler, sẽ thử lại: %s", error)

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
                and p.key not in self.handled
                and self.floor <= p.start <= now
                and (now - p.start).total_seconds() <= EMERGENCY_GRACE
                for p in self.plan.placements
            )

    # -- the playback loop -----------------------------------------------------------------

    def _loop(self) -> None:
        while not self.stopping.is_set():
            try:
                self.process_due()
            except Exception:  # noqa: BLE001 - the station must stay on air
                log.exception("Lỗi khi xử lý lịch phát; tiếp tục.")
            self.wakeup.wait(self._seconds_to_next())
            self.wakeup.clear()

    def _seconds_to_next(self) -> float:
        now = self.now()
        with self._lock:
            upcoming = [
                p.start for p in self.plan.placements if p.key not in self.handled and p.start > now
            ]
        if not upcoming:
            return POLL_SECONDS
        return max(0.0, min(POLL_SECONDS, (min(upcoming) - now).total_seconds()))

    def process_due(self) -> None:
        while not self.stopping.is_set():
            now = self.now()
            with self._lock:
                due = [
                    p
                    for p in self.plan.placements
                    if p.key not in self.handled and self.floor <= p.start <= now
                ]
            if not due:
                return
            # Emergencies jump the queue; otherwise in plan order.
            due.sort(key=lambda p: (not p.is_emergency, p.start, p.key))
            self.interrupt.clear()
            self._decide(due[0], now)

    def _decide(self, placement: Placement, now: dt.datetime) -> None:
        late = (now - placement.start).total_seconds()
        instance = f"{placement.day}/{placement.slot}"
        # A late item follows on only if its slot is on air and the runner has been busy until
        # just now (an item or an emergency); after a gap (crash, sleep) past items are missed.
        chained = (
            instance in self.live_slots
            and self.last_end is not None
            and (now - self.last_end).total_seconds() <= self.grace
        )
        fits = now + dt.timedelta(seconds=placement.duration_seconds) <= placement.slot_end + (
            dt.timedelta(seconds=OVERRUN_SECONDS)
        )
        if placement.is_emergency:
            if late <= EMERGENCY_GRACE:
                self._play(placement, now)
            else:
                self._missed(placement, f"quá {int(EMERGENCY_GRACE)} giây sau giờ phát khẩn cấp")
        elif late <= self.grace:
            self._play(placement, now)
        elif chained and fits:
            self._play(placement, now)  # the slot is on air: the item follows the one before
        elif chained:
            self._missed(placement, "không còn đủ thời gian trong khung giờ")
        else:
            self._missed(
                placement,
                f"đài không hoạt động lúc {placement.start:%H:%M:%S %d/%m/%Y} "
                f"(chạy lại lúc {now:%H:%M:%S})",
            )

    def _missed(self, placement: Placement, reason: str) -> None:
        self.handled.add(placement.key)
        self.say(
            f"Bỏ lỡ: {placement.title} ({placement.slot} {placement.start:%H:%M:%S}) — {reason}"
        )
        row = asrun.new_row(placement, Outcome.MISSED, reason, self.player.name)
        self.writer.submit(lambda session: session.add(row))

    def _already_logged(self, key: str) -> bool:
        try:
            with self.store.session() as session:
                return bool(asrun.known_keys(session, [key]))
        except OperationalError as error:
            # Reads rarely fail under WAL; if one does, the in-memory set still guards this run.
            log.warning("Không kiểm tra được nhật ký phát: %s", error)
            return False

    def _play(self, placement: Placement, now: dt.datetime) -> None:
        key = placement.key
        if self._already_logged(key):
            self.handled.add(key)
            return
        self.handled.add(key)
        self.live_slots.add(f"{placement.day}/{placement.slot}")
        path = resolve_audio(placement.audio_path)
        row = asrun.new_row(placement, Outcome.PLAYING, "", self.player.name)
        row.started_at = now.astimezone(dt.UTC)
        if path is None or not path.is_file():
            reason = (
                f"không tìm thấy tệp âm thanh {path or '(chưa có)'}; bỏ qua, khung giờ tiếp tục"
            )
            row.outcome, row.reason, row.ended_at = Outcome.SKIPPED.value, reason, row.started_at
            self.say(f"Bỏ qua: {placement.title} — {reason}")
            self.writer.submit(lambda session: session.add(row))
            self.last_end = self.now()
            return
        # Committed before the sound starts when the database is free (a few milliseconds), so a
        # crash right after cannot lead to a replay; a busy database only delays the row.
        self.writer.submit(lambda session: session.add(row)).wait(START_ROW_WAIT)
        late = (now - placement.start).total_seconds()
        self.say(
            f"Phát: {placement.title} ({placement.slot}, lịch {placement.start:%H:%M:%S}, "
            f"trễ {late:.2f} giây)"
        )
        self.current = placement
        interrupt = threading.Event() if placement.is_emergency else self.interrupt
        try:
            result = self.player.play(path, interrupt=interrupt, abort=self.abort, label=key)
        except UnplayableFile as error:
            outcome, reason, seconds = Outcome.SKIPPED, f"{error}; bỏ qua, khung giờ tiếp tục", 0.0
            self.say(f"Bỏ qua: {placement.title} — {error}")
        except PlaybackError as error:
            outcome, reason, seconds = Outcome.FAILED, f"{error}; khung giờ tiếp tục", 0.0
            self.say(f"Lỗi phát: {placement.title} — {error}")
        else:
            seconds = result.seconds
            if self.abort.is_set() and result.interrupted:
                outcome, reason = Outcome.FAILED, "đài được dừng khi đang phát"
            elif result.interrupted:
                outcome = Outcome.SKIPPED
                reason = f"ngắt tại chỗ nghỉ sau {seconds:.1f} giây để phát tin khẩn cấp"
            else:
                outcome, reason = Outcome.PLAYED, ""
        finally:
            self.current = None
            self.last_end = self.now()
        ended = self.last_end.astimezone(dt.UTC)

        def finish(session: Session) -> None:
            stored = session.query(asrun.AsRunRow).filter_by(key=key).one()
            stored.outcome, stored.reason = outcome.value, reason
            stored.ended_at, stored.seconds_played = ended, seconds

        self.writer.submit(finish)

    def _settings_mtime(self) -> float:
        try:
            return self.settings_path.stat().st_mtime
        except OSError:
            return 0.0


def _tolerant_job_store(store: Store) -> Any:
    """The SQLAlchemy job store, except that removing or updating a job that is already gone (or
    that a busy database will not let us touch yet) is logged instead of raised: APScheduler calls
    these from its own thread, which dies on an exception, and our jobs are idempotent wake-ups."""
    from apscheduler.jobstores.base import JobLookupError
    from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore

    class TolerantJobStore(SQLAlchemyJobStore):  # type: ignore[misc]
        def remove_job(self, job_id: str) -> None:
            try:
                super().remove_job(job_id)
            except (JobLookupError, OperationalError) as error:
                log.debug("Không xoá được việc hẹn giờ %s: %s", job_id, error)

        def update_job(self, job: Any) -> None:
            try:
                super().update_job(job)
            except (JobLookupError, OperationalError) as error:
                log.debug("Không cập nhật được việc hẹn giờ %s: %s", job.id, error)

    return TolerantJobStore(engine=store.engine, tablename="apscheduler_jobs")


def build_scheduler(store: Store, settings: StationSettings) -> Any:
    from apscheduler.executors.pool import ThreadPoolExecutor
    from apscheduler.jobstores.memory import MemoryJobStore
    from apscheduler.schedulers.background import BackgroundScheduler

    return BackgroundScheduler(
        jobstores={
            "default": _tolerant_job_store(store),
            "local": MemoryJobStore(),
        },
        executors={"default": ThreadPoolExecutor(max_workers=4)},
        # The defaults (1-second grace, no coalescing, the host's zone) would drop a wake-up
        # after a short stall and plan in the wrong zone on a UTC server.
        job_defaults={"misfire_grace_time": MISFIRE_GRACE, "coalesce": True, "max_instances": 1},
        timezone=settings.zone,
        jobstore_retry_interval=2,
    )


def run_daemon(
    settings: StationSettings,
    player: Player,
    *,
    exit_after: float | None = None,
    grace: float = DEFAULT_GRACE,
    say: Callable[[str], None] = print,
) -> int:
    global _RUNNER
    store = open_store(settings.resolved_database_url)
    try:
        _refuse_second_daemon(store)
    except UserError:
        store.dispose()
        raise
    runner = Runner(store, settings, player, grace=grace, say=say)
    _RUNNER = runner
    finished = threading.Event()

    def on_signal(signum: int, _frame: object) -> None:
        finished.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    scheduler = build_scheduler(store, settings)
    try:
        runner.start()
        say(
            f"{station_name(settings.name)}: bắt đầu phát theo lịch (múi giờ {settings.timezone}, "
            f"cách phát {player.name})."
        )
        _start_scheduler(scheduler, finished)
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
        finished.wait(exit_after)
    finally:
        say("Đang dừng…")
        if scheduler.running:
            scheduler.shutdown(wait=False)
        runner.stop()
        _RUNNER = None
        store.dispose()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0


def _refuse_second_daemon(store: Store) -> None:
    """Two daemons on one station would air everything twice through two outputs."""
    with store.session() as session:
        row = session.get(asrun.DaemonStateRow, 1)
        if row is None or row.pid == os.getpid():
            return
        age = (dt.datetime.now(dt.UTC) - asrun.aware(row.heartbeat)).total_seconds()
        pid = row.pid
    if age > 3 * POLL_SECONDS or not _alive(pid):
        return
    raise UserError(
        f"Đài đang được một tiến trình khác phát (pid {pid}, {locations.database_file()}). "
        "Hãy dừng tiến trình đó trước khi chạy lại."
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


def _start_scheduler(scheduler: Any, finished: threading.Event) -> None:
    # Starting creates the job table, which waits for a busy database; keep trying rather than
    # give up, since the runner already plays on its own timer meanwhile.
    delay = 1.0
    while not finished.is_set():
        try:
            scheduler.start()
            return
        except OperationalError as error:
            log.warning(
                "Cơ sở dữ liệu đang bận, khởi động lại bộ hẹn giờ sau %.0f giây: %s", delay, error
            )
            finished.wait(delay)
            delay = min(delay * 2, 30.0)
