"""The coordinator's Kolada sync: start it, follow its progress, see what it changed."""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from riktning.indicators import access as indicator_access
from riktning.indicators import jobs
from riktning.indicators.models import Area, SyncJob
from riktning.indicators.services import ImportRejected


@require_http_methods(["GET", "POST"])
def kolada_sync(request):
    indicator_access.require_sync_manager(request.user)
    if request.method == "POST":
        try:
            job = jobs.request_kolada_sync(by=request.user)
        except ImportRejected as rejected:
            for problem in rejected.problems:
                messages.error(request, str(problem))
            return redirect("web:kolada_sync")
        return redirect("web:kolada_job", job.pk)
    kpis, codes = jobs.kolada_scope()
    names = dict(Area.objects.filter(code__in=codes).values_list("code", "title"))
    context = {
        "nav": "indicators",
        "kpis": kpis,
        "areas": [(code, names.get(code, code)) for code in codes],
        "first_year": jobs.FIRST_YEAR,
        "active": jobs.active_job(),
        "recent": SyncJob.objects.select_related("batch", "requested_by")[:10],
    }
    return render(request, "web/kolada/sync.html", context)


def kolada_job(request, pk):
    job = indicator_access.get_sync_job_for_view(request.user, pk)
    context = {"nav": "indicators", "job": job, "progress_text": progress_text(job)}
    return render(request, "web/kolada/job.html", context)


def kolada_job_status(request, pk):
    """The job's progress for the page's script (the page itself works without it)."""
    job = indicator_access.get_sync_job_for_view(request.user, pk)
    return JsonResponse(
        {
            "status": job.status,
            "label": job.get_status_display(),
            "percent": job.percent,
            "active": job.is_active,
            "text": progress_text(job),
            "url": reverse("web:kolada_job", args=[job.pk]),
        }
    )


def progress_text(job: SyncJob) -> str:
    """One Swedish sentence for screen readers and the status line."""
    if job.status == "fetching":
        return _("Fetching: %(done)s of %(total)s requests, %(rows)s values so far.") % {
            "done": job.requests_done,
            "total": job.requests_total,
            "rows": job.rows_fetched,
        }
    if job.status == "storing":
        return _("Saving %(rows)s values …") % {"rows": job.rows_fetched}
    return job.get_status_display()
