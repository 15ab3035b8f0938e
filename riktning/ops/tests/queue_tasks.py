"""Tasks for the worker tests: trivial jobs whose runs can be counted from outside."""

import os
import threading

from django.db import connection
from django_tasks import task

RUNS_TABLE = "queue_test_runs"


@task()
def record_run(n: int) -> int:
    """Notes which process and which of its job threads ran job n (the table is the test's
    own)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {RUNS_TABLE} (n, pid, thread) VALUES (%s, %s, %s)",
            [n, os.getpid(), threading.current_thread().name],
        )
    return n


@task()
def nothing(n: int) -> int:
    """A notification-sized job: no work beyond the queue's own (bench/task_queue.py)."""
    return n
