"""The coordinator fetches every Kolada-linked indicator's values from the web page and follows
the progress; nobody else may start or see a sync."""

import pytest
from django.urls import reverse

from riktning.indicators import jobs
from riktning.indicators.constants import JobStatus, SourceKind
from riktning.indicators.models import ImportBatch, Indicator, Observation, SyncJob
from riktning.indicators.sources import kolada
from riktning.indicators.tests.fake_kolada import FakeKolada

pytestmark = pytest.mark.django_db

YEARS = range(jobs.FIRST_YEAR, 2022)


@pytest.fixture
def linked(db):
    return Indicator.objects.create(
        title="Andel i åk 9 med godkänt i alla ämnen",
        source_kind=SourceKind.KOLADA,
        source_key="N15418",
        comparison_areas="0012,0000",
    )


@pytest.fixture
def fake(settings):
    with FakeKolada(page_cap=40) as server:
        settings.KOLADA_BASE_URL = server.base_url
        settings.RIKTNING_JOBS_INLINE = True
        yield server


def fast_client(server) -> kolada.KoladaClient:
    return kolada.KoladaClient(server.base_url, max_per_second=0, backoff=0, retries=1)


@pytest.mark.parametrize(
    "persona, expected",
    [("anonymous", 302), ("reader", 403), ("social_editor", 403), ("coordinator", 200)],
)
def test_only_the_coordinator_sees_the_sync_page(personas, linked, persona, expected):
    response = personas[persona].get(reverse("web:kolada_sync"))

    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith(reverse("login"))
    if expected == 200:
        page = response.content.decode()
        assert "N15418" in page
        assert "Källa: Kolada (RKA)" in page


@pytest.mark.parametrize("persona", ["anonymous", "reader", "social_editor", "bildning_editor"])
def test_nobody_else_can_start_a_sync_or_follow_one(personas, linked, persona):
    job = SyncJob.objects.create(kpis="N15418", areas="1287", first_year=2020, last_year=2021)

    started = personas[persona].post(reverse("web:kolada_sync"))
    seen = personas[persona].get(reverse("web:kolada_job", args=[job.pk]))
    status = personas[persona].get(reverse("web:kolada_job_status", args=[job.pk]))

    assert {started.status_code, seen.status_code, status.status_code} <= {302, 403}
    assert SyncJob.objects.count() == 1


def test_coordinator_syncs_and_gets_exactly_what_kolada_served(
    personas, linked, fake, django_capture_on_commit_callbacks
):
    client = personas["coordinator"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("web:kolada_sync"))

    job = SyncJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("web:kolada_job", args=[job.pk])
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.requests_done == job.requests_total > 0
    assert job.areas == "1287,0012,0000"
    served = fake.served_points(
        ["N15418"], ["1287", "0012", "0000"], range(2010, job.last_year + 1)
    )
    stored = {
        (o.indicator.source_key, o.area_code, o.period, o.gender): o.value
        for o in Observation.objects.select_related("indicator")
    }
    assert stored == served
    assert job.rows_fetched == len(served)
    assert job.batch.rows_added == len(served)
    assert job.batch.started_by.username == "samordnare"

    page = client.get(response["Location"]).content.decode()
    assert f"{len(served)} nya, 0 ändrade, 0 oförändrade" in page
    status = client.get(reverse("web:kolada_job_status", args=[job.pk])).json()
    assert status == {
        "status": "succeeded",
        "label": "Klar",
        "percent": 100,
        "active": False,
        "text": "Klar",
        "url": reverse("web:kolada_job", args=[job.pk]),
    }


def test_a_second_sync_is_refused_while_one_runs(personas, linked):
    running = SyncJob.objects.create(
        kpis="N15418", areas="1287", first_year=2020, last_year=2021, status=JobStatus.FETCHING
    )

    response = personas["coordinator"].post(reverse("web:kolada_sync"), follow=True)

    assert SyncJob.objects.count() == 1
    assert "En hämtning från Kolada pågår redan." in response.content.decode()
    page = personas["coordinator"].get(reverse("web:kolada_sync")).content.decode()
    assert reverse("web:kolada_job", args=[running.pk]) in page


def test_a_running_job_shows_its_progress(personas, linked):
    job = SyncJob.objects.create(
        kpis="N15418",
        areas="1287",
        first_year=2020,
        last_year=2021,
        status=JobStatus.FETCHING,
        requests_done=3,
        requests_total=4,
        rows_fetched=120,
    )

    page = personas["coordinator"].get(reverse("web:kolada_job", args=[job.pk])).content.decode()
    status = personas["coordinator"].get(reverse("web:kolada_job_status", args=[job.pk])).json()

    assert '<progress id="job-progress-bar" max="100" value="67">' in page
    assert "job-progress.js" in page
    assert status["percent"] == 67 and status["active"] is True
    assert status["text"] == "Hämtar: 3 av 4 anrop, 120 värden hittills."


def test_a_failed_sync_saves_nothing_and_says_why(personas, linked, settings):
    with FakeKolada(mode="always500") as server:
        job = SyncJob.objects.create(
            kpis="N15418", areas="1287,0012", first_year=2020, last_year=2021
        )
        jobs.run_sync_job(job.pk, client=fast_client(server))

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "HTTP 500" in job.error
    assert Observation.objects.count() == 0
    assert ImportBatch.objects.count() == 0
    page = personas["coordinator"].get(reverse("web:kolada_job", args=[job.pk])).content.decode()
    assert "Hämtningen misslyckades. Inget sparades." in page


def test_a_job_cut_off_long_ago_no_longer_blocks_a_new_one(linked):
    job = SyncJob.objects.create(
        kpis="N15418", areas="1287", first_year=2020, last_year=2021, status=JobStatus.FETCHING
    )
    SyncJob.objects.filter(pk=job.pk).update(requested_at=job.requested_at - jobs.STALE_AFTER * 2)

    assert jobs.active_job() is None
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED


def test_nothing_to_sync_without_kolada_indicators(personas):
    response = personas["coordinator"].post(reverse("web:kolada_sync"), follow=True)

    assert SyncJob.objects.count() == 0
    assert "Ingen indikator i katalogen är kopplad till Kolada." in response.content.decode()
