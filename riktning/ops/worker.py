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
- what the coordinator's page "Bakgrundsarbete" says of each kind of job (`KINDS`).
"""

import datetime
import logging
import os
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, close_old_connections, connection, transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext, gettext_lazy, override
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker as QueueWorker
from django_tasks_db.models import DBTaskResult

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


def run_worker(
    *,
    interval: float = 1.0,
    schedule: bool = False,
    batch: bool = False,
    max_tasks: int | None = None,
    worker_id: str | None = None,
    heartbeat: bool = True,
) -> None:
    """Run jobs until SIGTERM/SIGINT (the job in hand is finished first), or, with `batch`,
    until the queue is empty. Without `heartbeat` (tests on SQLite's shared in-memory database,
    where a second writing thread meets "table is locked"), no heartbeat, reaping or schedule."""
    worker_id = worker_id or get_random_string(32)
    worker = QueueWorker(
        queue_names=["*"],
        interval=interval,
        batch=batch,
        backend_name="default",
        startup_delay=False,
        max_tasks=max_tasks,
        worker_id=worker_id,
        excluded_queue_names=[],
    )
    # Before the first beat: whoever sees the worker's row may stop it with SIGTERM, and it must
    # then stop cleanly (the demo stops its worker as soon as the server does).
    worker.configure_signals()
    heart = Heart(worker_id, schedule=schedule)
    # The worker keeps its connection between jobs (the web closes SQLite's after each request,
    # CONN_MAX_AGE 0): a new connection per job would cost more than most jobs.
    settings_dict = connection.settings_dict
    max_age = settings_dict["CONN_MAX_AGE"]
    settings_dict["CONN_MAX_AGE"] = max(max_age or 0, 60)
    try:
        beat(worker_id, heart.started_at)
        if heartbeat:
            heart.start()
        worker.run()
    finally:
        settings_dict["CONN_MAX_AGE"] = max_age
        worker.reset_signals()
        heart.stop()
