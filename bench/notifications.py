"""Notification jobs per second through the worker (issue #17: at least 200 a second on SQLite
and PostgreSQL).

A fresh database (a temporary SQLite file; with DATABASE_URL set, a scratch PostgreSQL database
named after it with the suffix `_bench_notifications`, created and dropped again), migrated,
with a municipality and --people people with e-mail addresses. --jobs notifications are made
through `notify()` in one commit (as events do: a row and a job each; the median time of one is
printed), then one worker (`run_worker(batch=True, interval=0)` in this process, its heartbeat
thread running) sends them all, first with one job thread, then with --threads (default: what
`riktning worker` takes on this database, RIKTNING_WORKER_THREADS or 4 on PostgreSQL and 1 on
SQLite); wall clock until the queue is empty, jobs per second. The worker
is warmed up by 20 jobs first: its first job imports the URLs and compiles the templates, once
in its life. First the queue's own ceiling at that moment (jobs that do nothing); then
with Django's in-memory e-mail backend (the job's own cost: the queue, the
rows, the Swedish text and HTML templates) and with a real SMTP server on loopback (aiosmtpd in
a process of its own, as a real server is). The load average is printed with the figures: the
machine is shared.

    .venv/bin/python bench/notifications.py [--jobs 2000] [--people 50] [--threads N]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_notify .venv/bin/python bench/notifications.py
"""

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup(tmp: str) -> str | None:
    """Django on a fresh database; returns the scratch PostgreSQL URL to drop afterwards."""
    os.environ["RIKTNING_DATA_DIR"] = tmp
    scratch = None
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        base, _, name = url.rpartition("/")
        scratch = f"{base}/{name}_bench_notifications"
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}_bench_notifications"')
            admin.execute(f'CREATE DATABASE "{name}_bench_notifications"')
        os.environ["DATABASE_URL"] = scratch
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "riktning.settings")
    os.environ["RIKTNING_LOG_LEVEL"] = "WARNING"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return scratch


def drop(scratch: str) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    base, _, name = scratch.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')


def wait_for_port(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def make_people(count: int) -> list:
    from riktning.accounts.constants import OrganisationKind, Role
    from riktning.accounts.models import Membership, Organisation, User

    kommun = Organisation.objects.create(
        name="Trelleborgs kommun", kind=OrganisationKind.MUNICIPALITY, area_code="1287"
    )
    people = []
    for n in range(count):
        user = User.objects.create(username=f"person{n}", email=f"person{n}@example.org")
        Membership.objects.create(user=user, organisation=kommun, role=Role.EDITOR)
        people.append(user)
    return people


LAST_BUSY = ""


def cpu_times() -> tuple[int, int]:
    """(busy, total) jiffies of the whole machine (/proc/stat), to tell a worker that waits from
    a machine whose cores are all taken (the worker, the database and the mail server share
    them here)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return sum(fields) - idle, sum(fields)


def busy_since(before: tuple[int, int]) -> str:
    busy, total = cpu_times()
    share = (busy - before[0]) / max(total - before[1], 1)
    return f"machine's CPU {share:.0%} busy ({os.cpu_count()} cores)"


def run(jobs: int, people: list, label: str, threads: int = 1) -> tuple[float, float]:
    """Make `jobs` notifications (one commit), then time one worker sending them all."""
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    from riktning.notifications.constants import Kind, MailStatus
    from riktning.notifications.models import Notification
    from riktning.notifications.notify import Message, notify
    from riktning.ops.worker import run_worker

    DBTaskResult.objects.all().delete()
    Notification.objects.all().delete()
    made = []
    with transaction.atomic():
        for n in range(jobs):
            start = time.perf_counter()
            notify(
                [people[n % len(people)]],
                Kind.STATEMENT_RECEIVED,
                f"bench:{label}:{n}",
                Message(
                    subject="Nytt yttrande i remissen Exempeldata: remiss",
                    text="Socialförvaltningen har lämnat in sitt yttrande över ”Exempeldata”.",
                    path=f"/yttranden/{n}/",
                ),
            )
            made.append(time.perf_counter() - start)
    assert DBTaskResult.objects.filter(status="READY").count() == jobs
    global LAST_BUSY
    before = cpu_times()
    start = time.perf_counter()
    run_worker(batch=True, interval=0, threads=threads)
    seconds = time.perf_counter() - start
    LAST_BUSY = busy_since(before)
    sent = Notification.objects.filter(mail_status=MailStatus.SENT).count()
    assert sent == jobs, f"only {sent} of {jobs} sent"
    return jobs / seconds, statistics.median(made) * 1000


def baseline(jobs: int, threads: int = 1) -> float:
    """The queue's own ceiling at this moment: jobs that do nothing (bench/task_queue.py's)."""
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    from riktning.ops.tests.queue_tasks import nothing
    from riktning.ops.worker import run_worker

    DBTaskResult.objects.all().delete()
    with transaction.atomic():
        for n in range(jobs):
            nothing.enqueue(n)
    start = time.perf_counter()
    run_worker(batch=True, interval=0, threads=threads)
    return jobs / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=2000)
    parser.add_argument("--people", type=int, default=50)
    parser.add_argument("--threads", type=int, default=0, help="job threads (0: the default)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        scratch = setup(tmp)
        try:
            from django.conf import settings
            from django.db import connection

            from riktning.notifications.tests.smtp_server import free_port

            people = make_people(args.people)
            database = connection.vendor
            from riktning.ops.worker import default_threads

            threads = args.threads or default_threads()
            counts = sorted({1, threads})
            print(f"{database}, {args.jobs} notification jobs, one worker")
            settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
            run(20, people, "warm-up")  # a worker's first job loads the URLs and templates

            def load() -> str:
                return " ".join(f"{x:.2f}" for x in os.getloadavg())

            for count in counts:
                rate = baseline(args.jobs, count)
                print(
                    f"  {count} job thread(s), jobs that do nothing (the queue alone): "
                    f"{rate:,.0f} jobs/s; load average {load()}"
                )
            for count in counts:
                rate, notify_ms = run(args.jobs, people, f"locmem{count}", count)
                print(
                    f"  {count} job thread(s), in-memory e-mail backend: {rate:,.0f} jobs/s; "
                    f"notify() {notify_ms:.2f} ms median (in the caller's transaction); "
                    f"{LAST_BUSY}; load average {load()}"
                )
            port = free_port()
            server = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "aiosmtpd",
                    "-n",
                    "-l",
                    f"127.0.0.1:{port}",
                    "-c",
                    "aiosmtpd.handlers.Sink",
                ]
            )
            try:
                wait_for_port(port)
                settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
                settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
                settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
                settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
                for count in counts:
                    rate, _ms = run(args.jobs, people, f"smtp{count}", count)
                    print(
                        f"  {count} job thread(s), SMTP on loopback (aiosmtpd): "
                        f"{rate:,.0f} jobs/s; {LAST_BUSY}; load average {load()}"
                    )
            finally:
                server.terminate()
                server.wait()
        finally:
            if scratch:
                drop(scratch)


if __name__ == "__main__":
    main()
