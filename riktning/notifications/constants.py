"""The kinds of notification, how a person may receive each, and what became of its e-mail."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    ROUND_OPENED = "round_opened", _("A consultation round is opened to my organisation")
    STATEMENT_RECEIVED = "statement_received", _("A statement arrives (coordinators)")
    REPLY_DUE = (
        "reply_due",
        _("A last day to reply is 14 and 3 days away and my organisation has not answered"),
    )
    MEASURE_LATE = "measure_late", _("A measure my organisation is responsible for becomes late")
    MAPPING_ROUND = "mapping_round", _("A mapping round I am invited to opens or nears its end")
    FOLLOWUP_WAITING = "followup_waiting", _("A follow-up awaits my analysis or approval")


class Mode(models.TextChoices):
    IMMEDIATE = "immediate", _("E-mail at once")
    DIGEST = "digest", _("Daily digest")
    OFF = "off", _("Off (only on the start page)")


# What a person gets before choosing: at once what has a deadline or waits for them, a digest
# for what can wait a day.
DEFAULT_MODES = {
    Kind.ROUND_OPENED: Mode.IMMEDIATE,
    Kind.STATEMENT_RECEIVED: Mode.IMMEDIATE,
    Kind.REPLY_DUE: Mode.IMMEDIATE,
    Kind.MEASURE_LATE: Mode.DIGEST,
    Kind.MAPPING_ROUND: Mode.IMMEDIATE,
    Kind.FOLLOWUP_WAITING: Mode.IMMEDIATE,
}


class MailStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to be sent")
    RETRYING = "retrying", _("Not sent yet; trying again")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Could not be sent")
    IN_DIGEST = "digest", _("In the daily digest")
    NOT_SENT = "not_sent", _("Not e-mailed")
