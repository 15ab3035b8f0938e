"""The task queue (django-tasks + django-tasks-db, `riktning worker`): how long enqueueing takes
in a request, and how many trivial jobs a worker runs per second, on SQLite and PostgreSQL.

A fresh database: a temporary SQLite file, or with --postgres URL a PostgreSQL database that is
dropped and created again (give a scratch database's URL). Migrated, with one Kolada-linked
indicator. Then:

- enqueue: --enqueues times each, the median of `kolada_sync.enqueue(job_id=…)` inside a
  transaction (the one INSERT the coordinator's button adds to its request's transaction), the
  same with its own commit, and `request_kolada_sync` whole (the check that none is running, the
  SyncJob row and the enqueue, one commit);
- throughput: --jobs notification-sized jobs (a task that returns its argument) enqueued, then
  one worker (`run_worker(batch=True, interval=0)`, in this process, the heartbeat thread
  running) runs them all; jobs per second, wall clock. With --workers N (N > 1), N `riktning
  worker` processes, started and waiting, share the jobs enqueued in one commit (PostgreSQL;
  on SQLite they take turns); timed until all are done.

    .venv/bin/python bench/task_queue.py [--jobs 2000] [--enqueues 200] [--postgres URL]
        [--workers 1]
"""

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup(tmp: str, postgres: str | None) -> None:
    os.environ["RIKTNING_DATA_DIR"] = tmp
    if postgres:
        import psycopg

        base, _, name = postgres.rpartition("/")
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = postgres
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "riktning.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def median_ms(action, times: int) -> float:
    seconds = []
    for _ in range(times):
        start = time.perf_counter()
        action()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds) * 1000


def several_workers(count: int, jobs: int, task) -> float:
    """Start the workers, wait until each has beaten once, enqueue the jobs in one commit, and
    time until all are done (the workers' start-up is not counted)."""
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    from riktning.ops.models import WorkerBeat

    command = [sys.executable, "-c", "from riktning.cli import main; main()"]
    workers = [
        subprocess.Popen([*command, "worker", "--interval", "0.01", "-v0"]) for _ in range(count)
    ]
    try:
        while WorkerBeat.objects.count() < count:
            time.sleep(0.1)
        with transaction.atomic():
            for n in range(jobs):
                task.enqueue(n)
        start = time.perf_counter()
        while DBTaskResult.objects.filter(status="SUCCESSFUL").count() < jobs:
            time.sleep(0.02)
        return time.perf_counter() - start
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            worker.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=2000)
    parser.add_argument("--enqueues", type=int, default=200)
    parser.add_argument("--postgres", help="URL of a scratch PostgreSQL database (recreated)")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup(tmp, args.postgres)
        from django.db import connection, transaction
        from django_tasks_db.models import DBTaskResult

        from riktning.indicators import jobs
        from riktning.indicators.constants import JobStatus, SourceKind
        from riktning.indicators.models import Indicator, SyncJob
        from riktning.ops.tests.queue_tasks import nothing
        from riktning.ops.worker import run_worker

        Indicator.objects.create(
            title="Exempeldata", source_kind=SourceKind.KOLADA, source_key="N1"
        )
        job = SyncJob.objects.create(kpis="N1", areas="1287", first_year=2020, last_year=2021)
        with transaction.atomic():  # as in request_kolada_sync: the INSERT, not a commit
            enqueue = median_ms(lambda: jobs.kolada_sync.enqueue(job_id=job.pk), args.enqueues)
        alone = median_ms(lambda: jobs.kolada_sync.enqueue(job_id=job.pk), args.enqueues)
        SyncJob.objects.update(status=JobStatus.SUCCEEDED)

        seconds = []
        for _ in range(args.enqueues):
            start = time.perf_counter()
            jobs.request_kolada_sync(by=None)
            seconds.append(time.perf_counter() - start)
            SyncJob.objects.filter(status=JobStatus.QUEUED).update(status=JobStatus.SUCCEEDED)
        whole = statistics.median(seconds) * 1000
        DBTaskResult.objects.all().delete()

        if args.workers == 1:
            for n in range(args.jobs):
                nothing.enqueue(n)
            start = time.perf_counter()
            run_worker(batch=True, interval=0)
            seconds = time.perf_counter() - start
        else:
            seconds = several_workers(args.workers, args.jobs, nothing)
        done = DBTaskResult.objects.filter(status="SUCCESSFUL").count()
        assert done == args.jobs, f"{done} of {args.jobs} jobs ran"
        print(
            f"{connection.vendor}: enqueue median {enqueue:.2f} ms in a transaction, "
            f"{alone:.2f} ms with its own commit; request_kolada_sync whole {whole:.2f} ms; "
            f"{args.jobs} trivial jobs by "
            f"{args.workers} worker(s) in {seconds:.1f} s = {args.jobs / seconds:.0f} jobs/s"
        )


if __name__ == "__main__":
    main()
