"""A person's notifications (shown on the start page, e-mailed at once or in a daily digest),
their choices per kind, and the daily digests. See docs/notifications.md."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .constants import DEFAULT_MODES, Kind, MailStatus, Mode


class Preferences(models.Model):
    """How one person receives each kind: `modes` maps a kind to a mode; a kind missing from it
    has its default (constants.DEFAULT_MODES). One row per person, made when first saved."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    modes = models.JSONField(_("notifications"), default=dict, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return str(self.user)

    def mode(self, kind: str) -> str:
        return self.modes.get(kind) or DEFAULT_MODES[kind]


class Mail(models.Model):
    """What became of an e-mail: tried `attempts` times, the last error in words."""

    mail_status = models.CharField(
        _("e-mail"), max_length=10, choices=MailStatus.choices, default=MailStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.CharField(_("error"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        abstract = True


class Digest(Mail):
    """One person's daily digest: at most one a day (the unique row makes the daily job safe to
    run twice)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="one_digest_per_person_and_day")
        ]
        verbose_name = _("daily digest")
        verbose_name_plural = _("daily digests")

    def __str__(self) -> str:
        return f"{self.user} {self.day}"


class Notification(Mail):
    """Something that happened for one person. `key` names the event (a statement, a round's
    reminder 14 days before its last day …): one notification per person, kind and key, so an
    event seen twice, or a daily job run twice, never notifies twice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    key = models.CharField(max_length=120)
    # The e-mail's subject: what happened and to what, never a person's name or address.
    subject = models.CharField(_("subject"), max_length=200)
    text = models.TextField(_("text"))
    path = models.CharField(_("page"), max_length=300)
    mode = models.CharField(_("delivery"), max_length=10, choices=Mode.choices)
    digest = models.ForeignKey(
        Digest, null=True, blank=True, on_delete=models.SET_NULL, related_name="notifications"
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "key"], name="one_notification_per_event"
            )
        ]
        indexes = [models.Index(fields=["mail_status", "created_at"])]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return self.subject
