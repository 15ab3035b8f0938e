"""The task queue's worker (`riktning worker`, riktning/ops/worker.py), as real processes:

- a worker killed with kill -9 in the middle of a Kolada sync does not leave the job "running":
  the next worker marks it failed, with a Swedish message, on the queue's row and on the sync's
  own row that the coordinator's page shows;
- SIGTERM stops a worker cleanly (exit status 0, its heartbeat row removed);
- two workers on PostgreSQL never run the same job, each running several at once on its job
  threads (on SQLite a second writer waits for the first, so the race this guards against
  cannot happen there);
- a worker with several job threads stops cleanly on SIGTERM and stops claiming at --max-tasks.
"""

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection

from riktning.indicators.tests.fake_kolada import FakeKolada

from .queue_tasks import RUNS_TABLE

HEARTBEAT = "0.5"  # seconds: a dead worker's job is failed after three of them


def _riktning(*args: str) -> list[str]:
    return [sys.executable, "-c", "from riktning.cli import main; main()", *args]


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    """One migrated SQLite file for the module; each test works on a copy."""
    directory = tmp_path_factory.mktemp("migrated")
    env = _env(directory)
    done = subprocess.run(_riktning("migrate", "-v0"), env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    return directory / "riktning.sqlite3"


def _env(directory) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        RIKTNING_DATA_DIR=str(directory),
        DJANGO_SETTINGS_MODULE="riktning.settings",
        RIKTNING_WORKER_HEARTBEAT=HEARTBEAT,
    )
    return env


@pytest.fixture
def instance(migrated, tmp_path):
    shutil.copy(migrated, tmp_path / "riktning.sqlite3")
    return _env(tmp_path), tmp_path / "riktning.sqlite3"


def _wait_for(query, database, expected, *, process=None, seconds=60):
    deadline = time.monotonic() + seconds
    while True:
        with sqlite3.connect(database, timeout=20) as db:
            row = db.execute(query).fetchone()
        if row is not None and row[0] in expected:
            return row
        if process is not None and process.poll() is not None:
            pytest.fail(f"the worker stopped: {process.communicate()}")
        assert time.monotonic() < deadline, f"still {row} after {seconds} s: {query}"
        time.sleep(0.1)


ENQUEUE_SYNC = r"""
import django
django.setup()
from riktning.indicators import jobs
from riktning.indicators.models import Indicator
Indicator.objects.create(title="Exempeldata", source_kind="kolada", source_key="N15418")
print(jobs.request_kolada_sync(by=None).pk)
"""


@pytest.mark.parametrize("threads", ["1", "3"])
def test_a_job_whose_worker_is_killed_is_marked_failed_by_the_next_worker(instance, threads):
    env, database = instance
    with FakeKolada(page_cap=1, delay=0.5) as fake:
        env = {**env, "KOLADA_BASE_URL": fake.base_url}
        enqueued = subprocess.run(
            [sys.executable, "-c", ENQUEUE_SYNC], env=env, capture_output=True, text=True
        )
        assert enqueued.returncode == 0, enqueued.stderr[-3000:]
        first = subprocess.Popen(
            _riktning("worker", "--interval", "0.1", "--threads", threads), env=env
        )
        second = None
        try:
            _wait_for(
                "select status from indicators_syncjob", database, {"fetching"}, process=first
            )
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)
            second = subprocess.Popen(
                _riktning("worker", "--interval", "0.1", "--threads", threads),
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            _wait_for(
                "select status from indicators_syncjob",
                database,
                {"failed"},
                process=second,
            )
            second.send_signal(signal.SIGTERM)
            out, err = second.communicate(timeout=30)
        finally:
            for process in (first, second):
                if process is not None and process.poll() is None:
                    process.kill()

    with sqlite3.connect(database) as db:
        (error,) = db.execute("select error from indicators_syncjob").fetchone()
        queue_row = db.execute(
            "select status, exception_class_path, traceback from django_tasks_database_dbtaskresult"
        ).fetchone()
        (beats,) = db.execute("select count(*) from ops_workerbeat").fetchone()
    assert error == (
        "Arbetet avbröts: arbetsprocessen som körde det stoppades (omstart eller avbrott). "
        "Starta det igen."
    )
    assert queue_row == ("FAILED", "riktning.ops.worker.WorkerLost", error)
    assert second.returncode == 0, err  # SIGTERM: a clean stop
    assert beats == 1  # the killed worker's row stays; the stopped one removed its own


@pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="PostgreSQL only: on SQLite a worker claims a job in an exclusive transaction, so a "
    "second worker waits for the first and the race cannot happen.",
)
@pytest.mark.django_db(transaction=True)
def test_two_workers_on_postgresql_never_run_the_same_job(tmp_path):
    from .queue_tasks import record_run

    jobs = 300
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {RUNS_TABLE} (n integer, pid integer, thread text)")
    try:
        for n in range(jobs):
            record_run.enqueue(n)
        settings_dict = connection.settings_dict
        url = (
            f"postgres://{settings_dict['USER']}:{settings_dict['PASSWORD'] or ''}"
            f"@{settings_dict['HOST'] or '127.0.0.1'}:{settings_dict['PORT'] or 5432}"
            f"/{settings_dict['NAME']}"
        )
        env = {**_env(tmp_path), "DATABASE_URL": url}
        workers = [
            subprocess.Popen(
                _riktning("worker", "--batch", "--interval", "0", "--threads", "3"),
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        outputs = [worker.communicate(timeout=300) for worker in workers]
        assert [worker.returncode for worker in workers] == [0, 0], outputs
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT n, count(*), min(pid) FROM {RUNS_TABLE} GROUP BY n")
            runs = cursor.fetchall()
            cursor.execute(f"SELECT DISTINCT pid, thread FROM {RUNS_TABLE}")
            threads = cursor.fetchall()
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {RUNS_TABLE}")

    assert sorted(n for n, _, _ in runs) == list(range(jobs))  # every job ran
    assert [n for n, count, _ in runs if count > 1] == []  # none twice
    assert len({pid for _, _, pid in runs}) == 2  # and both workers took their share
    assert len(threads) > 2  # on more than one job thread each


def _enqueue_runs(env, database, jobs: int) -> None:
    with sqlite3.connect(database) as db:
        db.execute(f"CREATE TABLE {RUNS_TABLE} (n integer, pid integer, thread text)")
    script = (
        "import django; django.setup()\n"
        "from riktning.ops.tests.queue_tasks import record_run\n"
        f"for n in range({jobs}): record_run.enqueue(n)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]


def test_a_worker_with_job_threads_runs_every_job_once_and_stops_cleanly(instance):
    env, database = instance
    _enqueue_runs(env, database, 40)
    worker = subprocess.Popen(
        _riktning("worker", "--interval", "0.1", "--threads", "3"),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_for(
            "select count(*) from django_tasks_database_dbtaskresult where status = 'SUCCESSFUL'",
            database,
            {40},
            process=worker,
        )
        worker.send_signal(signal.SIGTERM)
        out, err = worker.communicate(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == 0, err  # the jobs in hand finished, then a clean stop
    assert "3 jobs at a time" in out
    with sqlite3.connect(database) as db:
        runs = db.execute(f"select n, count(*) from {RUNS_TABLE} group by n").fetchall()
        (beats,) = db.execute("select count(*) from ops_workerbeat").fetchone()
    assert runs == [(n, 1) for n in range(40)]
    assert beats == 0


def test_max_tasks_counts_the_jobs_of_every_thread(instance):
    env, database = instance
    _enqueue_runs(env, database, 30)
    done = subprocess.run(
        _riktning("worker", "--interval", "0", "--threads", "3", "--max-tasks", "5"),
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    with sqlite3.connect(database) as db:
        (ran,) = db.execute(f"select count(*) from {RUNS_TABLE}").fetchone()
    # It stops claiming at the fifth; the other threads finish the job they hold.
    assert 5 <= ran <= 7


def test_a_worker_needs_at_least_one_job_thread(instance):
    env, _database = instance
    done = subprocess.run(
        _riktning("worker", "--threads", "0"), env=env, capture_output=True, text=True
    )
    assert done.returncode != 0
    assert "--threads must be at least 1" in done.stderr


def test_the_demo_runs_a_worker_beside_its_server_and_stops_it_with_it(instance, monkeypatch):
    from riktning.devtools.management.commands.demo import worker_beside

    env, database = instance
    for name in ("RIKTNING_DATA_DIR", "RIKTNING_WORKER_HEARTBEAT", "DJANGO_SETTINGS_MODULE"):
        monkeypatch.setenv(name, env[name])
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with worker_beside() as worker:
        _wait_for("select count(*) from ops_workerbeat", database, {1}, process=worker)
    assert worker.returncode == 0  # stopped with SIGTERM, cleanly
    with sqlite3.connect(database) as db:
        assert db.execute("select count(*) from ops_workerbeat").fetchone() == (0,)
