"""The worker's one-statement claim on PostgreSQL (`riktning.ops.worker.claim_next`) takes jobs
in the queue's own order and only those that are ready, as the queue's own claim does."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from riktning.ops.worker import claim_next, run_worker

from .queue_tasks import nothing

pytestmark = [
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="PostgreSQL only: on SQLite the worker claims with the queue's own transaction.",
    ),
    pytest.mark.django_db,
]


def test_jobs_are_claimed_by_priority_then_age_and_never_before_their_time():
    later = nothing.using(run_after=timezone.now() + datetime.timedelta(hours=1)).enqueue(0)
    first = nothing.enqueue(1)
    second = nothing.enqueue(2)
    urgent = nothing.using(priority=10).enqueue(3)

    claimed = [claim_next("worker-a") for _ in range(4)]

    assert [str(job.id) if job else None for job in claimed] == [
        urgent.id,
        first.id,
        second.id,
        None,
    ]
    row = DBTaskResult.objects.get(pk=urgent.id)
    assert row.status == TaskResultStatus.RUNNING
    assert row.worker_ids == ["worker-a"]
    assert row.started_at is not None
    assert DBTaskResult.objects.get(pk=later.id).status == TaskResultStatus.READY


@pytest.mark.django_db(transaction=True)  # the worker checks its connection is in autocommit
def test_a_claimed_job_runs_and_records_its_result():
    job = nothing.enqueue(7)

    run_worker(batch=True, interval=0, heartbeat=False, worker_id="worker-b")

    row = DBTaskResult.objects.get(pk=job.id)
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.return_value == 7
    assert row.worker_ids == ["worker-b"]
