"""The coordinator's page "Bakgrundsarbete": every job of the task queue (riktning/ops/worker.py)
with its kind, who started it, its status, progress and result or error."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django_tasks.base import TaskResultStatus

from riktning.accounts import access
from riktning.indicators.models import SyncJob
from riktning.notifications import access as notification_access
from riktning.notifications.models import Digest, Notification
from riktning.notifications.tasks import failed_mail
from riktning.ops.worker import recent_jobs

from .kolada import progress_text


def _status(status: str) -> str:
    return {
        TaskResultStatus.READY: _("Waiting for a worker"),
        TaskResultStatus.RUNNING: _("Running"),
        TaskResultStatus.FAILED: _("Failed"),
        TaskResultStatus.SUCCESSFUL: _("Done"),
    }.get(status, status)


def _row(job) -> dict:
    result, subject = job.result, job.subject
    row = {
        "kind": job.kind.label,
        "enqueued_at": result.enqueued_at,
        "finished_at": result.finished_at,
        "status": _status(result.status),
        "by": "",
        "progress": "",
        "outcome": "",
        "failed": result.status == TaskResultStatus.FAILED,
        "url": "",
    }
    if result.status == TaskResultStatus.FAILED:
        row["outcome"] = (
            result.traceback
            if result.exception_class_path == "riktning.ops.worker.WorkerLost"
            else _("Unexpected error: %(error)s") % {"error": result.exception_class_path}
        )
    elif result.return_value not in (None, ""):
        row["outcome"] = str(result.return_value)
    if isinstance(subject, SyncJob):
        row["by"] = (
            subject.requested_by.get_full_name() or subject.requested_by.get_username()
            if subject.requested_by
            else _("The nightly schedule")
        )
        row["progress"] = f"{subject.percent} %: {progress_text(subject)}"
        if subject.batch:
            row["outcome"] = _("%(added)s new, %(changed)s changed, %(unchanged)s unchanged") % {
                "added": subject.batch.rows_added,
                "changed": subject.batch.rows_changed,
                "unchanged": subject.batch.rows_unchanged,
            }
        elif subject.error:
            row["outcome"] = subject.error
        row["url"] = subject.pk
    if isinstance(subject, Notification | Digest):
        # To whom, and the mail server's answer in words (a failure after the last try).
        row["by"] = _("To %(person)s") % {"person": _person(subject.user)}
        row["progress"] = subject.get_mail_status_display()
        if subject.error:
            row["outcome"] = subject.error
    return row


def _person(user) -> str:
    return user.get_full_name() or user.get_username()


def _failed(row) -> dict:
    return {
        "what": row.subject if isinstance(row, Notification) else _("Daily digest"),
        "to": _person(row.user),
        "email": row.user.email,
        "created_at": row.created_at,
        "attempts": row.attempts,
        "error": row.error,
    }


def background_jobs(request):
    access.require(request.user, access.is_coordinator(request.user))
    rows = [_row(job) for job in recent_jobs()]
    failed = []
    if notification_access.can_see_failed_mail(request.user):
        failed = [_failed(row) for row in failed_mail()]
    return render(
        request,
        "web/ops/background_jobs.html",
        {"nav": "audit", "rows": rows, "failed_mail": failed},
    )
