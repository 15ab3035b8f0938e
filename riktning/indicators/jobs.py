"""Kolada syncs started from the web or by the nightly schedule, with progress a page can show.

Every sync, here and in `riktning kolada sync`, runs in two phases (`sources.kolada.fetch` and
`store`): it fetches and checks every page first, spooling the tidy rows to a temporary file with
no transaction open; then it stores all rows through `record_observations` in one short
transaction, all or nothing, as every import does. A web request cannot wait for that, so here
the request only writes the `SyncJob` row and enqueues `kolada_sync` on the task queue
(django-tasks with its database backend: one more row, a few milliseconds); a worker
(`riktning worker`, riktning/ops/worker.py) runs it and commits its progress to the `SyncJob` row
after each request, for the page to show. A failure in either phase leaves the values as they
were and the reason on the job; a worker killed mid-job is noticed by another worker, which marks
the job failed through `interrupted` (docs/operations.md).
"""

import datetime
import logging
import tempfile

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from .constants import JobStatus, SourceKind
from .models import Indicator, SyncJob
from .services import ImportRejected, Problem
from .sources import kolada

log = logging.getLogger(__name__)

FIRST_YEAR = 2010
# A job that has not moved for this long was cut off (the server restarted under it).
STALE_AFTER = datetime.timedelta(hours=1)


def kolada_scope() -> tuple[list[str], list[str]]:
    """What the coordinator's button syncs: every Kolada-linked indicator in the catalogue, for
    the home municipality and every comparison area those indicators name."""
    indicators = Indicator.objects.filter(source_kind=SourceKind.KOLADA).exclude(source_key="")
    kpis = sorted({i.source_key for i in indicators})
    areas = [settings.RIKTNING_HOME_AREA_CODE]
    for indicator in indicators:
        for code in indicator.comparison_area_codes:
            if code not in areas:
                areas.append(code)
    return kpis, areas


def active_job() -> SyncJob | None:
    """The job still running, if any. One that stopped moving long ago is marked failed."""
    job = SyncJob.objects.filter(
        status__in=[JobStatus.QUEUED, JobStatus.FETCHING, JobStatus.STORING]
    ).first()
    if job and timezone.now() - job.requested_at > STALE_AFTER:
        fail(job, _("The sync was interrupted (the server stopped); start it again."))
        return None
    return job


def request_kolada_sync(*, by, last_year: int | None = None) -> SyncJob:
    """Queue a sync of every Kolada-linked indicator (a worker runs it). The
    coordinator's (access.can_sync_sources); `by` is recorded as who asked.

    Raises ImportRejected when there is nothing to sync or a sync is already running."""
    if active_job() is not None:
        raise ImportRejected([Problem(_("A Kolada sync is already running."))])
    kpis, areas = kolada_scope()
    if not kpis:
        raise ImportRejected([Problem(_("No indicator in the catalogue is linked to Kolada."))])
    with transaction.atomic():  # the job and its place on the queue, in one commit
        job = SyncJob.objects.create(
            requested_by=by if getattr(by, "is_authenticated", False) else None,
            kpis=",".join(kpis),
            areas=",".join(areas),
            first_year=FIRST_YEAR,
            last_year=last_year or timezone.localdate().year,
        )
        start(job.pk)
    return job


def start(job_id: int) -> None:
    """Put the job on the task queue, in the caller's transaction (a worker sees it once that
    commits), or run it after the commit, right here, when settings say so (tests)."""
    if getattr(settings, "RIKTNING_JOBS_INLINE", False):
        transaction.on_commit(lambda: run_sync_job(job_id))
        return
    kolada_sync.enqueue(job_id=job_id)


@task()
def kolada_sync(*, job_id: int) -> str:
    """The queue's task: run the sync job; its result in words for the jobs page. A job no
    longer queued (marked failed meanwhile: no worker ran it for an hour) is left as it is."""
    if not SyncJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).exists():
        return _("Not run: the job was no longer waiting.")
    job = run_sync_job(job_id)
    return job.error if job.status == JobStatus.FAILED else _("Done")


def job_of(*, job_id: int) -> SyncJob | None:
    """The sync job a queued task runs, for the page of background jobs."""
    return SyncJob.objects.select_related("requested_by", "batch").filter(pk=job_id).first()


def interrupted(*, job_id: int, reason: str) -> None:
    """The worker running the job died (riktning/ops/worker.py): the job is marked failed."""
    job = SyncJob.objects.filter(pk=job_id).first()
    if job is not None and job.is_active:
        fail(job, reason)


def run_sync_job(job_id: int, client: kolada.KoladaClient | None = None) -> SyncJob:
    """Fetch every page (phase 1, progress committed), then store all rows (phase 2, one
    transaction). Never raises for a refused import: the reason goes on the job."""
    job = SyncJob.objects.get(pk=job_id)
    own_client = client is None
    client = client or kolada.KoladaClient()

    def progress(done: int, total: int, rows: int) -> None:
        _set(
            job,
            status=JobStatus.FETCHING,
            requests_total=total,
            requests_done=done,
            rows_fetched=rows,
        )

    try:
        with kolada.frozen_collector(), tempfile.TemporaryFile(prefix="riktning-kolada-") as spool:
            fetched = kolada.fetch(
                job.kpis.split(","),
                job.areas.split(","),
                list(range(job.first_year, job.last_year + 1)),
                spool,
                client=client,
                progress=progress,
            )
            _set(job, status=JobStatus.STORING)
            batch = kolada.store(fetched, spool, by=job.requested_by)
        _set(job, status=JobStatus.SUCCEEDED, batch=batch, finished_at=timezone.now())
    except ImportRejected as rejected:
        fail(job, "; ".join(str(p) for p in rejected.problems[:10]))
    except Exception as exc:  # the job must never stay "running" because of a bug
        log.exception("Kolada sync job %s failed", job.pk)
        fail(job, _("Unexpected error: %(error)s") % {"error": exc})
    finally:
        if own_client:
            client.close()
    return job


def fail(job: SyncJob, reason: str) -> None:
    _set(job, status=JobStatus.FAILED, error=reason[:5000], finished_at=timezone.now())


def _set(job: SyncJob, **fields) -> None:
    """Commit a change of the job at once (outside any transaction of the import)."""
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=list(fields))
