"""The daily job (`riktning worker --schedule` enqueues it once a day at RIKTNING_NOTIFICATIONS_AT,
riktning/ops/worker.py): the reminders 14 and 3 days before a last day, measures that became
late, and then each person's digest. Safe to run twice on a day: a notification is unique per
person, kind and event (the reminder's key names the round and 14 or 3), a digest per person
and day."""

import datetime
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override
from django_tasks import task

from riktning.actionplans.models import Measure
from riktning.actionplans.status import late_filter
from riktning.activities.constants import RoundStatus
from riktning.activities.models import MappingRound
from riktning.consultation.constants import StatementStatus
from riktning.consultation.models import Recipient, Statement

from . import recipients
from .constants import Kind, MailStatus
from .events import date
from .models import Digest, Notification
from .notify import Message, notify
from .tasks import enqueue_digest

log = logging.getLogger(__name__)

REMINDER_DAYS = (14, 3)
# A measure that became late longer ago than this when notifications were switched on is not
# announced as news.
LATE_NEWS = datetime.timedelta(days=7)


def reminder_step(days_left: int) -> int | None:
    """The reminder a round with `days_left` is due: 3 within three days, 14 within fourteen,
    none otherwise (or past its last day). A day the worker missed is caught up the next."""
    for step in sorted(REMINDER_DAYS):
        if 0 <= days_left <= step:
            return step
    return None


def _days(count: int) -> str:
    return ngettext("%(count)s day", "%(count)s days", count) % {"count": count}


def reply_reminders(today: datetime.date) -> int:
    """Each recipient of a sent round whose last day is 14 or 3 days away and that has neither
    answered nor declined: its statement writers."""
    made = 0
    answered = set(
        Statement.objects.filter(
            status=StatementStatus.SUBMITTED,
            round__reply_by__gte=today,
            round__reply_by__lte=today + datetime.timedelta(days=max(REMINDER_DAYS)),
        ).values_list("round_id", "organisation_id")
    )
    for recipient in Recipient.objects.filter(
        round__sent_on__isnull=False,
        declined=False,
        round__reply_by__gte=today,
        round__reply_by__lte=today + datetime.timedelta(days=max(REMINDER_DAYS)),
    ).select_related("round", "organisation"):
        if (recipient.round_id, recipient.organisation_id) in answered:
            continue
        round = recipient.round
        left = (round.reply_by - today).days
        step = reminder_step(left)
        made += len(
            notify(
                recipients.statement_writers(recipient.organisation),
                Kind.REPLY_DUE,
                f"reply:{round.pk}:{recipient.organisation_id}:{step}",
                Message(
                    subject=_("Last day to reply in %(days)s: %(title)s")
                    % {"days": _days(left), "title": round.title},
                    text=_(
                        "%(organisation)s has not yet answered the consultation round "
                        "“%(title)s”. The last day to reply is %(date)s."
                    )
                    % {
                        "organisation": recipient.organisation.name,
                        "title": round.title,
                        "date": date(round.reply_by),
                    },
                    path=reverse("web:statement_start", args=[round.pk, recipient.organisation_id]),
                ),
            )
        )
    return made


def mapping_reminders(today: datetime.date) -> int:
    """An open mapping round whose last day is 14 or 3 days away: the invited organisations'
    editors."""
    made = 0
    for mapping_round in MappingRound.objects.filter(
        status=RoundStatus.OPEN,
        last_day__gte=today,
        last_day__lte=today + datetime.timedelta(days=max(REMINDER_DAYS)),
    ).prefetch_related("invited"):
        left = (mapping_round.last_day - today).days
        step = reminder_step(left)
        made += len(
            notify(
                recipients.editors_of([o.pk for o in mapping_round.invited.all()]),
                Kind.MAPPING_ROUND,
                f"mapping:{mapping_round.pk}:ends:{step}",
                Message(
                    subject=_("Mapping round ends in %(days)s: %(title)s")
                    % {"days": _days(left), "title": mapping_round.title},
                    text=_(
                        "The mapping round “%(title)s” ends on %(date)s. Report your "
                        "organisation's activities before then."
                    )
                    % {"title": mapping_round.title, "date": date(mapping_round.last_day)},
                    path=reverse("web:mapping_round_detail", args=[mapping_round.pk]),
                ),
            )
        )
    return made


def late_measures(today: datetime.date) -> int:
    """A measure whose end date passed (in the last week) and is neither done nor cancelled:
    the editors of the organisation responsible for it, once per measure and end date."""
    made = 0
    for measure in (
        Measure.objects.filter(late_filter(today), end_date__gte=today - LATE_NEWS)
        .select_related("plan", "responsible")
        .order_by("pk")
    ):
        made += len(
            notify(
                recipients.editors_of([measure.responsible_id]),
                Kind.MEASURE_LATE,
                f"late:{measure.pk}:{measure.end_date.isoformat()}",
                Message(
                    subject=_("A measure is late: %(title)s") % {"title": measure.title},
                    text=_(
                        "The measure “%(title)s” in “%(plan)s”, which %(organisation)s is "
                        "responsible for, was to be finished on %(date)s and is late. Record "
                        "its status."
                    )
                    % {
                        "title": measure.title,
                        "plan": measure.plan.title,
                        "organisation": measure.responsible.name,
                        "date": date(measure.end_date),
                    },
                    path=reverse("web:measure_status", args=[measure.pk]),
                ),
            )
        )
    return made


def gather_digests(today: datetime.date) -> int:
    """Each person with notifications waiting for the digest gets one digest today (at most one
    a day: what arrives after today's digest waits for tomorrow's). Returns how many."""
    made = 0
    waiting = Notification.objects.filter(mail_status=MailStatus.IN_DIGEST, digest__isnull=True)
    for user_id in sorted(set(waiting.values_list("user_id", flat=True))):
        try:
            with transaction.atomic():
                digest = Digest.objects.create(user_id=user_id, day=today)
                waiting.filter(user_id=user_id).update(digest=digest)
                enqueue_digest(digest.pk)
        except IntegrityError:
            continue  # today's digest is made already
        made += 1
    return made


def run_daily(today: datetime.date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    with override(settings.LANGUAGE_CODE):
        done = {
            "reply_reminders": reply_reminders(today),
            "mapping_reminders": mapping_reminders(today),
            "late_measures": late_measures(today),
        }
        done["digests"] = gather_digests(today)
    log.info("Daily notifications: %s", done)
    return done


@task()
def daily_notifications() -> str:
    """The queue's task for the daily run."""
    done = run_daily()
    return ", ".join(f"{name} {count}" for name, count in done.items())
