"""WCAG 2.1 A/AA with axe-core on the coordinator's "Bakgrundsarbete" with a finished, a failed
and a waiting job, and the page at 320 CSS px without sideways scrolling of the page."""

import datetime

import pytest
from browser_support import describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture(scope="module")
def queued_jobs(demo_site, django_db_blocker) -> None:
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from riktning.accounts.models import User
    from riktning.indicators import jobs
    from riktning.indicators.models import SyncJob
    from riktning.ops.worker import fail_lost_jobs

    with django_db_blocker.unblock():
        coordinator = User.objects.get(username="samordnare")
        for status in ("succeeded", "fetching", "queued"):
            job = SyncJob.objects.create(
                requested_by=coordinator,
                kpis="N15418",
                areas="1287",
                first_year=2020,
                last_year=2021,
                status=status,
                requests_done=3,
                requests_total=6,
            )
            result = jobs.kolada_sync.enqueue(job_id=job.pk)
            if status == "succeeded":
                DBTaskResult.objects.filter(pk=result.id).update(
                    status="SUCCESSFUL", finished_at=timezone.now(), return_value="Klar"
                )
            if status == "fetching":  # its worker was killed
                DBTaskResult.objects.filter(pk=result.id).update(
                    status="RUNNING",
                    started_at=timezone.now() - datetime.timedelta(hours=1),
                    worker_ids=["killed"],
                )
        fail_lost_jobs()


def test_the_background_jobs_page_has_no_accessibility_violations(
    demo_site, queued_jobs, coordinator_page, run_axe
):
    page = coordinator_page
    response = page.goto(f"{demo_site}/bakgrundsarbete/")

    assert response.status == 200
    rows = page.locator("table tbody tr")
    # The three syncs above, and the demo's approved follow-up's charts drawn ahead.
    assert rows.count() == 4
    assert rows.filter(has_text="Kolada").count() == 3
    text = page.locator("table").inner_text()
    assert "Misslyckades" in text and "Arbetet avbröts" in text
    assert "Väntar på en arbetsprocess" in text
    violations = run_axe(page)
    assert not violations, describe(violations)

    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{demo_site}/bakgrundsarbete/")
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page scrolls sideways by {overflow} px at 320 px"
