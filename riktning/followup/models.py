"""The yearly follow-up ("Uppföljning <år>") of a version: the coordinator starts it, the
responsible organisations' editors write an analysis per area, the coordinator approves it.

Status changes are rows (FollowUpStatusChange, append-only); the current status is kept on the
follow-up for queries. An approved follow-up holds a frozen `snapshot` of the roll-up (statuses,
sentences and the series values used), so later imports do not change it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from riktning.audit.models import AppendOnlyModel

from .sanitize import clean_analysis


class FollowUpStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    READY_FOR_REVIEW = "ready_for_review", _("Ready for review")
    APPROVED = "approved", _("Approved")


# from → the statuses it may move to
FOLLOWUP_TRANSITIONS = {
    FollowUpStatus.DRAFT: {FollowUpStatus.READY_FOR_REVIEW},
    FollowUpStatus.READY_FOR_REVIEW: {FollowUpStatus.APPROVED, FollowUpStatus.DRAFT},
    FollowUpStatus.APPROVED: set(),
}


class FollowUp(models.Model):
    version = models.ForeignKey(
        "strategy.Version",
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        related_name="followups",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    # The current status; every change is also a FollowUpStatusChange row (services only).
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=FollowUpStatus.choices,
        default=FollowUpStatus.DRAFT,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    data_as_of = models.DateTimeField(_("data as of"), null=True, blank=True)
    snapshot = models.JSONField(_("frozen result"), null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["snapshot"])

    class Meta:
        ordering = ["version", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["version", "year"], name="followup_year_unique")
        ]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self) -> str:
        return self.title

    @property
    def is_approved(self) -> bool:
        return self.status == FollowUpStatus.APPROVED

    @property
    def is_draft(self) -> bool:
        return self.status == FollowUpStatus.DRAFT

    def status_log(self):
        return self.status_changes.order_by("at", "id")


class FollowUpStatusChange(AppendOnlyModel):
    followup = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(
        _("from"), max_length=20, choices=FollowUpStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=FollowUpStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("follow-up status change")
        verbose_name_plural = _("follow-up status changes")

    def __str__(self) -> str:
        return f"{self.followup_id}: {self.from_status or '–'} → {self.to_status}"


class AreaAnalysis(models.Model):
    """The analysis of one development area in a follow-up, written by the editors of the
    organisations responsible for the area's indicators. `revision` guards against two people
    overwriting each other (services.save_area_analysis)."""

    followup = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="analyses")
    area = models.ForeignKey(
        "strategy.DevelopmentArea",
        verbose_name=_("development area"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("analysis"), blank=True)
    revision = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["followup", "area__order", "area_id"]
        constraints = [
            models.UniqueConstraint(fields=["followup", "area"], name="analysis_area_unique")
        ]
        verbose_name = _("area analysis")
        verbose_name_plural = _("area analyses")

    def __str__(self) -> str:
        return f"{self.followup} – {self.area}"

    def save(self, *args, **kwargs):
        self.text = clean_analysis(self.text)
        super().save(*args, **kwargs)


class DataGeneration(models.Model):
    """A row whose `value` changes (to a new random number) with every write to the tables it
    watches, in the writing transaction (`followup/cache.py`): row 1, the data generation, the
    indicators' and the steering documents' tables; row 2, the work generation, the tables of
    the work around them (accounts, consultation, activities, action plans, follow-ups, the
    event log). Cached roll-ups and rendered page parts are keyed by them, so a page never shows
    anything computed before the latest committed write, whichever process wrote and whichever
    cache (local memory per process, the database or Redis) holds it."""

    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"data generation {self.value}"
