"""From what the domains record in the event log (audit.record_event, inside the service's own
transaction) to notifications. The domains know nothing of this app: its AppConfig connects
`on_event` to the event log's post_save, and HANDLERS says which events notify whom. A handler
only writes rows and enqueues jobs; no request ever waits for a mail server."""

import contextlib
import contextvars
import logging
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from riktning.accounts.access import is_coordinator
from riktning.activities.models import MappingRound
from riktning.consultation.models import Round, Statement
from riktning.followup import access as followup_access
from riktning.followup.models import FollowUp

from . import recipients
from .constants import Kind
from .notify import Message, notify

log = logging.getLogger(__name__)


def date(day) -> str:
    return formats.date_format(day, "j F Y")


def round_sent(event) -> None:
    """A consultation round goes out: the editors who write each recipient's statement."""
    round = Round.objects.filter(pk=event.object_id).first()
    if round is None or round.reply_by < timezone.localdate():
        return
    for recipient in round.recipients.select_related("organisation"):
        notify(
            recipients.statement_writers(recipient.organisation),
            Kind.ROUND_OPENED,
            f"round:{round.pk}:{recipient.organisation_id}",
            Message(
                subject=_("New consultation round: %(title)s") % {"title": round.title},
                text=_(
                    "%(organisation)s is asked for a statement on “%(title)s”. "
                    "The last day to reply is %(date)s."
                )
                % {
                    "organisation": recipient.organisation.name,
                    "title": round.title,
                    "date": date(round.reply_by),
                },
                path=reverse("web:statement_start", args=[round.pk, recipient.organisation_id]),
            ),
            actor_id=event.actor_id,
        )


def statement_received(event) -> None:
    """A statement is submitted (or registered from paper or e-mail): the coordinators."""
    statement = (
        Statement.objects.select_related("round", "organisation").filter(pk=event.object_id).first()
    )
    if statement is None:
        return
    corrected = event.verb == "statement_corrected"
    notify(
        recipients.coordinators(),
        Kind.STATEMENT_RECEIVED,
        f"statement:{statement.pk}",
        Message(
            subject=(
                _("Corrected statement in the consultation round %(title)s")
                if corrected
                else _("New statement in the consultation round %(title)s")
            )
            % {"title": statement.round.title},
            text=(
                _("%(organisation)s has sent a correction of its statement on “%(title)s”.")
                if corrected
                else _("%(organisation)s has submitted its statement on “%(title)s”.")
            )
            % {"organisation": statement.organisation.name, "title": statement.round.title},
            path=reverse("web:statement_detail", args=[statement.pk]),
        ),
        actor_id=event.actor_id,
    )


def mapping_round_opened(event) -> None:
    """A mapping round opens: the editors of the invited organisations."""
    mapping_round = MappingRound.objects.filter(pk=event.object_id).first()
    if mapping_round is None:
        return
    invited = list(mapping_round.invited.values_list("pk", flat=True))
    notify(
        recipients.editors_of(invited),
        Kind.MAPPING_ROUND,
        f"mapping:{mapping_round.pk}:opened",
        Message(
            subject=_("New mapping round: %(title)s") % {"title": mapping_round.title},
            text=_(
                "Your organisation is invited to report its activities in the mapping round "
                "“%(title)s”. The last day is %(date)s."
            )
            % {"title": mapping_round.title, "date": date(mapping_round.last_day)},
            path=reverse("web:mapping_round_detail", args=[mapping_round.pk]),
        ),
        actor_id=event.actor_id,
    )


def analysis_writers(followup) -> list:
    """The editors who write an analysis in the follow-up (followup.access.can_submit_followup),
    the coordinators left out: they approve."""
    return [
        user
        for user in recipients.editors()
        if not is_coordinator(user) and followup_access.can_submit_followup(user, followup)
    ]


def followup_awaits_analysis(event) -> None:
    """A follow-up is started or returned to a draft: the editors who write its analyses."""
    followup = FollowUp.objects.filter(pk=event.object_id).first()
    if followup is None or not followup.is_draft:
        return
    notify(
        analysis_writers(followup),
        Kind.FOLLOWUP_WAITING,
        f"followup:{followup.pk}:analysis:{event.pk}",
        Message(
            subject=_("A follow-up awaits your analysis: %(title)s") % {"title": followup.title},
            text=_("The follow-up “%(title)s” awaits the analyses of its development areas.")
            % {"title": followup.title},
            path=reverse("web:followup_detail", args=[followup.pk]),
        ),
        actor_id=event.actor_id,
    )


def followup_awaits_approval(event) -> None:
    """A follow-up is sent for review: the coordinators, who approve it."""
    followup = FollowUp.objects.filter(pk=event.object_id).first()
    if followup is None:
        return
    notify(
        recipients.coordinators(),
        Kind.FOLLOWUP_WAITING,
        f"followup:{followup.pk}:approval:{event.pk}",
        Message(
            subject=_("A follow-up awaits approval: %(title)s") % {"title": followup.title},
            text=_("The follow-up “%(title)s” is ready for review and awaits your approval.")
            % {"title": followup.title},
            path=reverse("web:followup_detail", args=[followup.pk]),
        ),
        actor_id=event.actor_id,
    )


HANDLERS: dict[str, Callable] = {
    "round_sent": round_sent,
    "statement_received": statement_received,
    "statement_corrected": statement_received,
    "mapping_round_opened": mapping_round_opened,
    "followup_started": followup_awaits_analysis,
    "followup_returned": followup_awaits_analysis,
    "followup_submitted": followup_awaits_approval,
}


_paused = contextvars.ContextVar("riktning_notifications_paused", default=False)


@contextlib.contextmanager
def paused():
    """No notifications for the events recorded in the block: the demo's seed records the past
    of its example data (a statement received in 2023 …), which is nobody's news."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


def on_event(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    """post_save of the event log: notify for the events HANDLERS names. Not for rows a backup's
    restore writes (raw), nor while paused()."""
    if not created or raw or _paused.get():
        return
    handler = HANDLERS.get(instance.verb)
    if handler is None or not getattr(settings, "RIKTNING_NOTIFICATIONS", True):
        return
    try:
        # A savepoint: a fault here is logged and rolled back alone, never the domain's write.
        with transaction.atomic(), override(settings.LANGUAGE_CODE):
            handler(instance)
    except Exception:
        log.exception("Notifications for event %s (%s) not made", instance.pk, instance.verb)
