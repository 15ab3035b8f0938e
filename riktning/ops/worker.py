"""`riktning worker`: runs the jobs of the task queue (django-tasks with its database backend,
docs/operations.md "Background work").

The queue's own worker (django_tasks_db's) claims the next job in a transaction (`SELECT … FOR
UPDATE SKIP LOCKED` on PostgreSQL, an exclusive transaction on SQLite), so two workers never run
the same job. What it lacks, this module adds:

- a heartbeat: a thread records every RIKTNING_WORKER_HEARTBEAT seconds that the worker is alive
  (`WorkerBeat`). A job left "running" by a worker that has been silent for three heartbeats (it
  was killed with kill -9, its server was lost) is marked failed by any other worker, with a
  Swedish message, on the queue's row and on the job's own row (`KINDS[...].interrupted`);
- the schedule (`--schedule`): the nightly Kolada sync at RIKTNING_KOLADA_SYNC_AT and the daily
  notifications (reminders, late measures, digests) at RIKTNING_NOTIFICATIONS_AT, each enqueued
  once a day whatever the number of workers that run the schedule (`ScheduledRun`'s unique row);
- what the coordinator's page "Bakgrundsarbete" says of each kind of job (`KINDS`);
- several job threads in one worker (`threads`, RIKTNING_WORKER_THREADS): on PostgreSQL a job
  spends most of its time waiting for the database (each commit waits for the disk), so one
  process runs several jobs at once, each thread claiming its own with `SKIP LOCKED` on its own
  connection. They share the worker's id and heartbeat, so a job of a killed worker is found by
  the same rule whichever thread ran it.
"""

import datetime
import json
import logging
import os
import signal
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, close_old_connections, connection, connections, transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext, gettext_lazy, override
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker as QueueWorker
from django_tasks_db.models import DBTaskResult, get_date_max

from riktning.indicators import jobs as kolada_jobs
from riktning.indicators.services import ImportRejected
from riktning.notifications import daily as daily_notifications
from riktning.notifications import tasks as notification_tasks

from .models import ScheduledRun, WorkerBeat

log = logging.getLogger(__name__)

LOST = "riktning.ops.worker.WorkerLost"
NIGHTLY_KOLADA = "kolada-nightly"
DAILY_NOTIFICATIONS = "notifications-daily"


@dataclass(frozen=True)
class Kind:
    """A kind of job on the queue: its name for people, and what to do with the job's own row
    when the worker running it died."""

    label: str
    interrupted: Callable[..., None] | None = None
    subject: Callable[..., object] | None = None  # the job's own row, for its page


KINDS = {
    "riktning.indicators.jobs.kolada_sync": Kind(
        gettext_lazy("Kolada sync job"), kolada_jobs.interrupted, kolada_jobs.job_of
    ),
    "riktning.notifications.tasks.deliver": Kind(
        gettext_lazy("E-mail notification"), None, notification_tasks.subject_of
    ),
    "riktning.notifications.tasks.deliver_digest": Kind(
        gettext_lazy("Daily digest by e-mail"), None, notification_tasks.subject_of
    ),
    "riktning.notifications.daily.daily_notifications": Kind(
        gettext_lazy("Daily notifications and reminders")
    ),
    "riktning.followup.tasks.draw_charts_ahead": Kind(
        gettext_lazy("Charts of an approved follow-up drawn ahead")
    ),
}


def kind_of(task_path: str) -> Kind:
    return KINDS.get(task_path, Kind(task_path.rpartition(".")[2]))


@dataclass
class JobRow:
    """One job of the queue as the coordinator's page "Bakgrundsarbete" lists it."""

    result: DBTaskResult
    kind: Kind
    subject: object | None


def recent_jobs(limit: int = 100) -> list[JobRow]:
    """The latest jobs on the queue, newest first, with their own rows (a SyncJob …)."""
    rows = []
    for result in DBTaskResult.objects.order_by("-enqueued_at")[:limit]:
        kind = kind_of(result.task_path)
        subject = None
        if kind.subject is not None:
            subject = kind.subject(**result.args_kwargs.get("kwargs", {}))
        rows.append(JobRow(result, kind, subject))
    return rows


def lost_message() -> str:
    with override(settings.LANGUAGE_CODE):
        return gettext(
            "The job was interrupted: the worker running it stopped (restarted or killed). "
            "Start it again."
        )


def stale_after() -> datetime.timedelta:
    return datetime.timedelta(seconds=3 * settings.RIKTNING_WORKER_HEARTBEAT)


def beat(worker_id: str, started_at: datetime.datetime) -> None:
    WorkerBeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "host": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
            "seen_at": timezone.now(),
        },
    )


def fail_lost_jobs() -> int:
    """Mark failed every running job whose worker has been silent for three heartbeats (or never
    beat, for a job claimed that long ago). Returns how many."""
    limit = timezone.now() - stale_after()
    alive = set(WorkerBeat.objects.filter(seen_at__gte=limit).values_list("worker_id", flat=True))
    lost = 0
    for result in DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=limit
    ):
        if result.worker_ids and result.worker_ids[-1] in alive:
            continue
        message = lost_message()
        # Only if it is still running: its worker or another reaper may have been first.
        marked = DBTaskResult.objects.filter(pk=result.pk, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED,
            finished_at=timezone.now(),
            exception_class_path=LOST,
            traceback=message,
        )
        if not marked:
            continue
        lost += 1
        log.warning("Job %s (%s) lost its worker; marked failed", result.pk, result.task_path)
        hook = kind_of(result.task_path).interrupted
        if hook is not None:
            hook(**result.args_kwargs.get("kwargs", {}), reason=message)
    WorkerBeat.objects.filter(seen_at__lt=limit - datetime.timedelta(days=1)).delete()
    return lost


def parse_time_of_day(text: str, setting: str = "RIKTNING_KOLADA_SYNC_AT") -> datetime.time | None:
    """ "02:30" → 02:30; "" → None (not scheduled). Anything else is a configuration error."""
    if not text.strip():
        return None
    try:
        return datetime.time.fromisoformat(text.strip())
    except ValueError as exc:
        raise ValueError(f"{setting} must be a time of day as HH:MM, not {text!r}") from exc


def _once_today(name: str, setting: str, now: datetime.datetime) -> bool:
    """Is the job `name` due now (its setting's time of day has come) and not yet enqueued
    today by any worker? Claims today's run if so."""
    at = parse_time_of_day(getattr(settings, setting), setting)
    if at is None or now.time() < at:
        return False
    try:
        with transaction.atomic():
            ScheduledRun.objects.create(name=name, day=now.date())
    except IntegrityError:
        return False  # another worker, or this one earlier today
    return True


def run_schedule(now: datetime.datetime | None = None) -> list[str]:
    """Enqueue the scheduled jobs that are due today and not yet enqueued. Returns their names."""
    now = timezone.localtime(now or timezone.now())
    done = []
    if _once_today(NIGHTLY_KOLADA, "RIKTNING_KOLADA_SYNC_AT", now):
        try:
            kolada_jobs.request_kolada_sync(by=None)
            done.append(NIGHTLY_KOLADA)
        except ImportRejected as rejected:
            log.info("Nightly Kolada sync not started: %s", "; ".join(map(str, rejected.problems)))
    if _once_today(DAILY_NOTIFICATIONS, "RIKTNING_NOTIFICATIONS_AT", now):
        daily_notifications.daily_notifications.enqueue()
        done.append(DAILY_NOTIFICATIONS)
    return done


class Heart(threading.Thread):
    """The worker's heartbeat thread (its own database connection): beats, fails the jobs of
    dead workers and, with the schedule, enqueues what is due."""

    def __init__(self, worker_id: str, *, schedule: bool):
        super().__init__(name="riktning-worker-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.schedule = schedule
        self.started_at = timezone.now()
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                close_old_connections()
                beat(self.worker_id, self.started_at)
                fail_lost_jobs()
                if self.schedule:
                    run_schedule()
            except Exception:  # a database hiccup must not stop the heartbeat for good
                log.exception("Worker heartbeat failed")
            self.stopping.wait(settings.RIKTNING_WORKER_HEARTBEAT)
        connection.close()

    def stop(self) -> None:
        self.stopping.set()
        if self.is_alive():
            self.join(timeout=5)
        try:
            WorkerBeat.objects.filter(worker_id=self.worker_id).delete()
        except Exception:
            log.exception("Could not remove the worker's heartbeat row")


class JobThread(threading.Thread):
    """One of a worker's job threads: the queue's own loop on the thread's own connection."""

    def __init__(self, worker: QueueWorker, number: int, done: "threading.Event"):
        super().__init__(name=f"riktning-worker-jobs-{number}", daemon=True)
        self.worker = worker
        self.done = done
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.worker.run()
        except BaseException as error:  # the process stops with it, as a one-thread worker would
            self.error = error
            log.exception("A job thread of the worker failed")
        finally:
            connections.close_all()  # this thread's connections only
            self.done.set()


class CountingWorker(QueueWorker):
    """The queue's worker with two changes:

    - on PostgreSQL a job is claimed by one statement in autocommit (`UPDATE … WHERE id =
      (SELECT … FOR UPDATE SKIP LOCKED) RETURNING`): one round trip and one commit instead of
      a transaction of four, with the same guarantee (a locked row is skipped, so two workers
      never take the same job) and the same order (priority, run_after, enqueued_at);
    - --max-tasks counts the jobs of all the threads of one process: once that many are done,
      every thread stops claiming (the jobs in hand are finished)."""

    def __init__(self, *, shared: dict, **kwargs):
        super().__init__(**kwargs)
        self.shared = shared

    def run(self) -> None:
        if connection.vendor != "postgresql":
            return super().run()
        log.info("Starting worker worker_id=%s", self.worker_id)
        while self.running:
            close_old_connections()
            task_result = claim_next(self.worker_id, self.backend_name)
            if task_result is not None:
                self.run_task(task_result)
            elif self.batch:
                return None
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                return None
            close_old_connections()
            if self.running and task_result is None:
                time.sleep(self.interval)

    def run_task(self, db_task_result: DBTaskResult) -> None:
        try:
            super().run_task(db_task_result)
        finally:
            with self.shared["lock"]:
                self.shared["done"] += 1
                if self.max_tasks is not None and self.shared["done"] >= self.max_tasks:
                    for worker in self.shared["workers"]:
                        worker.running = False


def claim_next(worker_id: str, backend_name: str = "default") -> DBTaskResult | None:
    """PostgreSQL: mark the next ready job running for this worker and return it, or None."""
    table = connection.ops.quote_name(DBTaskResult._meta.db_table)
    now = timezone.now()
    rows = list(
        DBTaskResult.objects.raw(
            f"""
            UPDATE {table} SET status = %s, started_at = %s, worker_ids = worker_ids || %s::jsonb
            WHERE id = (
                SELECT id FROM {table}
                WHERE status = %s AND backend_name = %s AND (run_after = %s OR run_after <= %s)
                ORDER BY priority DESC, run_after ASC, enqueued_at ASC
                LIMIT 1 FOR UPDATE SKIP LOCKED
            )
            RETURNING *
            """,
            [
                TaskResultStatus.RUNNING,
                now,
                json.dumps([worker_id]),
                TaskResultStatus.READY,
                backend_name,
                get_date_max(),
                now,
            ],
        )
    )
    return rows[0] if rows else None


def _stop_on_signals(workers: list[QueueWorker]) -> dict:
    """SIGTERM/SIGINT: every job thread finishes its job in hand and stops claiming; a second
    signal stops at once (the jobs in hand are then failed by the next worker). Returns the
    handlers it replaced."""
    signals = [signal.SIGINT, signal.SIGTERM] + (
        [signal.SIGQUIT] if hasattr(signal, "SIGQUIT") else []
    )

    def stop(signum, frame):
        if not any(worker.running for worker in workers):
            log.warning("Received %s again - stopping at once.", signal.strsignal(signum))
            for number in signals:
                signal.signal(number, signal.SIG_DFL)
            raise SystemExit(1)
        log.warning(
            "Received %s - the jobs in hand are finished first (again to force).",
            signal.strsignal(signum),
        )
        for worker in workers:
            worker.running = False

    return {number: signal.signal(number, stop) for number in signals}


def _run_threads(workers: list[QueueWorker]) -> None:
    """Run each worker's loop on a thread of its own until all have stopped: the queue is empty
    (batch), --max-tasks is reached, or a signal came. A thread that fails stops the others and
    its error is raised here, as a one-thread worker's would be."""
    done = threading.Event()
    threads = [JobThread(worker, n, done) for n, worker in enumerate(workers, 1)]
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads):
        done.wait(0.5)  # the main thread stays free for the signal handlers
        done.clear()
        if any(thread.error is not None for thread in threads):
            for worker in workers:
                worker.running = False
    for thread in threads:
        thread.join()
    errors = [thread.error for thread in threads if thread.error is not None]
    if errors:
        raise errors[0]


def default_threads() -> int:
    """RIKTNING_WORKER_THREADS, or by the database: several on PostgreSQL, one on SQLite (whose
    single writer would make a second thread wait, not work)."""
    configured = settings.RIKTNING_WORKER_THREADS
    if configured:
        return configured
    return 4 if connection.vendor == "postgresql" else 1


def run_worker(
    *,
    interval: float = 1.0,
    schedule: bool = False,
    batch: bool = False,
    max_tasks: int | None = None,
    worker_id: str | None = None,
    heartbeat: bool = True,
    threads: int = 1,
) -> None:
    """Run jobs until SIGTERM/SIGINT (the jobs in hand are finished first), or, with `batch`,
    until the queue is empty. `threads` jobs at a time, each on its own connection. Without
    `heartbeat` (tests on SQLite's shared in-memory database, where a second writing thread meets
    "table is locked"), no heartbeat, reaping or schedule."""
    if threads < 1:
        raise ValueError("A worker needs at least one job thread.")
    worker_id = worker_id or get_random_string(32)
    shared = {"lock": threading.Lock(), "done": 0, "workers": []}
    workers = [
        CountingWorker(
            shared=shared,
            queue_names=["*"],
            interval=interval,
            batch=batch,
            backend_name="default",
            startup_delay=False,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        for _ in range(threads)
    ]
    shared["workers"] = workers
    worker = workers[0]
    # Before the first beat: whoever sees the worker's row may stop it with SIGTERM, and it must
    # then stop cleanly (the demo stops its worker as soon as the server does).
    if threads == 1:
        worker.configure_signals()
    else:
        previous = _stop_on_signals(workers)
    heart = Heart(worker_id, schedule=schedule)
    # The worker keeps its connections between jobs (the web closes SQLite's after each request,
    # CONN_MAX_AGE 0): a new connection per job would cost more than most jobs.
    settings_dict = connection.settings_dict
    max_age = settings_dict["CONN_MAX_AGE"]
    settings_dict["CONN_MAX_AGE"] = max(max_age or 0, 60)
    try:
        beat(worker_id, heart.started_at)
        if heartbeat:
            heart.start()
        if threads == 1:
            worker.run()
        else:
            _run_threads(workers)
    finally:
        settings_dict["CONN_MAX_AGE"] = max_age
        if threads == 1:
            worker.reset_signals()
        else:
            for number, handler in previous.items():
                signal.signal(number, handler)
        heart.stop()
