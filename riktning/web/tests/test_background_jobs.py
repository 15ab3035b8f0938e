"""The coordinator's page "Bakgrundsarbete" lists the queue's jobs in Swedish: the kind, who
started it, its status, progress and result or error; a sync from the web page is enqueued
there (not run in the request) and run by a worker."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from riktning.indicators.constants import JobStatus, SourceKind
from riktning.indicators.models import Indicator, SyncJob
from riktning.indicators.reference import reference_areas, reference_groups, store_areas
from riktning.indicators.tests.fake_kolada import FakeKolada
from riktning.ops.worker import fail_lost_jobs, run_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked(db):
    return Indicator.objects.create(
        title="Exempeldata: andel med godkänt",
        source_kind=SourceKind.KOLADA,
        source_key="N15418",
    )


@pytest.mark.django_db(transaction=True)  # the worker commits, as a real one does
def test_a_sync_from_the_web_is_queued_and_a_worker_runs_it(
    personas, linked, settings, django_capture_on_commit_callbacks
):
    # A transactional test starts from the database the previous one's flush emptied
    # (riktning/ops/tests/test_failure.py, migrated_areas): the reference areas are put back.
    store_areas(reference_areas(), reference_groups())
    client = personas["coordinator"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("web:kolada_sync"))
    job = SyncJob.objects.get()
    queued = DBTaskResult.objects.get()
    assert job.status == JobStatus.QUEUED  # nothing ran in the request
    assert queued.status == "READY"
    assert queued.args_kwargs["kwargs"] == {"job_id": job.pk}

    page = client.get(reverse("web:background_jobs")).content.decode()
    assert "Hämtning från Kolada" in page
    assert "Väntar på en arbetsprocess" in page

    with FakeKolada(page_cap=40) as fake:
        settings.KOLADA_BASE_URL = fake.base_url
        run_worker(batch=True, interval=0, heartbeat=False)  # in-memory SQLite: one thread

    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error
    page = client.get(reverse("web:background_jobs")).content.decode()
    assert "Klar" in page
    assert "100 %" in page
    assert f"{job.batch.rows_added} nya, 0 ändrade, 0 oförändrade" in page


def test_a_running_job_without_a_living_worker_is_failed_in_swedish(personas, linked):
    job = SyncJob.objects.create(
        kpis="N15418", areas="1287", first_year=2020, last_year=2021, status=JobStatus.FETCHING
    )
    from riktning.indicators.jobs import kolada_sync

    result = kolada_sync.enqueue(job_id=job.pk)
    DBTaskResult.objects.filter(pk=result.id).update(
        status="RUNNING",
        started_at=timezone.now() - datetime.timedelta(hours=1),
        worker_ids=["gone"],
    )

    assert fail_lost_jobs() == 1

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error.startswith("Arbetet avbröts")
    page = personas["coordinator"].get(reverse("web:background_jobs")).content.decode()
    assert "Misslyckades" in page
    assert "Arbetet avbröts" in page
