"""The e-mail jobs on the task queue (django-tasks, riktning/ops/worker.py runs them): one per
notification sent at once, one per daily digest. A mail server that refuses or does not answer
is tried again after RIKTNING_EMAIL_RETRY_DELAYS (seconds, growing); after the last try the
notification is marked failed with the reason, and the job fails, so the coordinator sees it on
"Bakgrundsarbete"."""

import datetime
import logging

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from django_tasks import task

from . import mail
from .constants import MailStatus
from .models import Digest, Notification

log = logging.getLogger(__name__)

WAITING = (MailStatus.QUEUED, MailStatus.RETRYING)


class MailNotSent(Exception):
    """The last try failed: the job fails with the mail server's answer."""


def enqueue_delivery(notification_id: int, *, delay: float = 0) -> None:
    """Put the e-mail on the queue in the caller's transaction (one row)."""
    job = deliver
    if delay:
        job = deliver.using(run_after=timezone.now() + datetime.timedelta(seconds=delay))
    job.enqueue(notification_id=notification_id)


def enqueue_digest(digest_id: int, *, delay: float = 0) -> None:
    job = deliver_digest
    if delay:
        job = deliver_digest.using(run_after=timezone.now() + datetime.timedelta(seconds=delay))
    job.enqueue(digest_id=digest_id)


def _after_failure(row, error: Exception, retry) -> str:
    """Count the try; again after the next delay, or failed for good after the last."""
    delays = settings.RIKTNING_EMAIL_RETRY_DELAYS
    row.attempts += 1
    row.error = mail.describe(error)[:500]
    with override(settings.LANGUAGE_CODE):
        if row.attempts <= len(delays):
            delay = delays[row.attempts - 1]
            row.mail_status = MailStatus.RETRYING
            row.save(update_fields=["attempts", "error", "mail_status"])
            retry(delay)
            log.warning(
                "E-mail %s not sent (try %s), again in %s s: %s",
                row,
                row.attempts,
                delay,
                row.error,
            )
            return _("Not sent (try %(attempt)s): %(error)s Trying again in %(delay)s seconds.") % {
                "attempt": row.attempts,
                "error": row.error,
                "delay": f"{delay:g}",
            }
        row.mail_status = MailStatus.FAILED
        row.save(update_fields=["attempts", "error", "mail_status"])
        log.error("E-mail %s not sent after %s tries: %s", row, row.attempts, row.error)
        raise MailNotSent(
            _("Not sent after %(attempts)s tries: %(error)s")
            % {"attempts": row.attempts, "error": row.error}
        )


def _sent(row) -> None:
    row.mail_status = MailStatus.SENT
    row.attempts += 1
    row.error = ""
    row.sent_at = timezone.now()
    row.save(update_fields=["mail_status", "attempts", "error", "sent_at"])


@task()
def deliver(*, notification_id: int) -> str:
    """Send one notification's e-mail (once: a notification no longer waiting is left alone)."""
    notification = (
        Notification.objects.select_related("user")
        .filter(pk=notification_id, mail_status__in=WAITING)
        .first()
    )
    if notification is None:
        return "-"
    try:
        mail.send_one(notification)
    except mail.MAIL_ERRORS as error:
        return _after_failure(
            notification, error, lambda delay: enqueue_delivery(notification.pk, delay=delay)
        )
    _sent(notification)
    return "ok"


@task()
def deliver_digest(*, digest_id: int) -> str:
    """Send one person's daily digest with every notification gathered in it."""
    digest = (
        Digest.objects.select_related("user").filter(pk=digest_id, mail_status__in=WAITING).first()
    )
    if digest is None:
        return "-"
    items = list(digest.notifications.order_by("created_at", "pk"))
    try:
        mail.send_digest(digest, items)
    except mail.MAIL_ERRORS as error:
        return _after_failure(digest, error, lambda delay: enqueue_digest(digest.pk, delay=delay))
    _sent(digest)
    Notification.objects.filter(digest=digest).update(
        mail_status=MailStatus.SENT, sent_at=digest.sent_at
    )
    return "ok"


def subject_of(*, notification_id: int | None = None, digest_id: int | None = None):
    """The notification or digest a queued job sends, for the page of background jobs."""
    if notification_id is not None:
        return Notification.objects.select_related("user").filter(pk=notification_id).first()
    return Digest.objects.select_related("user").filter(pk=digest_id).first()


def failed_mail(limit: int = 50) -> list:
    """The e-mails given up on, newest first (notifications and digests), for the coordinator."""
    rows = list(
        Notification.objects.filter(mail_status=MailStatus.FAILED).select_related("user")[:limit]
    )
    rows += list(
        Digest.objects.filter(mail_status=MailStatus.FAILED)
        .select_related("user")
        .order_by("-created_at")[:limit]
    )
    rows.sort(key=lambda row: row.created_at, reverse=True)
    return rows[:limit]
