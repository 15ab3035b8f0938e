"""Yearly action plans (handlingsplaner) for a strategy version, their measures (åtgärder) and the
measures' status updates.

An adopted plan is frozen like an adopted version: `ActionPlan.save()` and `Measure.save()/delete()`
refuse changes; only new `MeasureStatusUpdate` rows may follow (the measure's `status` column is a
cache of the latest row, written by `services.record_measure_status` with a queryset update).
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from riktning.audit.models import AppendOnlyModel
from riktning.strategy import dates

from .constants import MeasureStatus, PlanStatus
from .status import effective_status

NOT_NEGATIVE = [MinValueValidator(0, message=_("The value cannot be negative."))]


def adopted_message(plan) -> str:
    return _(
        "The action plan “%(plan)s” is adopted and cannot be changed. Record a status update, "
        "or make next year's plan."
    ) % {"plan": plan.title}


class ActionPlan(models.Model):
    version = models.ForeignKey(
        "strategy.Version",
        verbose_name=_("strategy version"),
        on_delete=models.PROTECT,
        related_name="action_plans",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    decided_by = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    paragraph = models.CharField(_("paragraph"), max_length=20, blank=True)
    case_number = models.CharField(_("case number"), max_length=40, blank=True)
    is_example = models.BooleanField(_("example data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "year"], name="one_action_plan_per_year")
        ]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        # Adopting goes through services.adopt_action_plan (a queryset update).
        if self.stored_status() == PlanStatus.ADOPTED:
            raise ValidationError(adopted_message(self))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.stored_status() == PlanStatus.ADOPTED:
            raise ValidationError(adopted_message(self))
        return super().delete(*args, **kwargs)

    @property
    def is_adopted(self) -> bool:
        return self.status == PlanStatus.ADOPTED

    def stored_status(self) -> str | None:
        if self.pk is None:
            return None
        return ActionPlan.objects.filter(pk=self.pk).values_list("status", flat=True).first()


class Measure(models.Model):
    plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="measures")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    goals = models.ManyToManyField(
        "strategy.Goal", verbose_name=_("goals"), blank=True, related_name="measures"
    )
    responsible = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("responsible"),
        on_delete=models.PROTECT,
        related_name="measures",
    )
    co_actors = models.ManyToManyField(
        "accounts.Organisation", verbose_name=_("co-actors"), blank=True, related_name="+"
    )
    hours = models.DecimalField(
        _("working hours per year"),
        max_digits=9,
        decimal_places=1,
        default=0,
        validators=NOT_NEGATIVE,
    )
    cost_sek = models.DecimalField(
        _("cost per year (SEK)"),
        max_digits=12,
        decimal_places=0,
        default=0,
        validators=NOT_NEGATIVE,
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    # The latest status update's status; written only by services.record_measure_status.
    status = models.CharField(
        _("status"), max_length=10, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED
    )
    answers_conclusion = models.ForeignKey(
        "activities.GoalConclusion",
        verbose_name=_("answers the conclusion"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="measures",
    )
    carried_from = models.ForeignKey(
        "self",
        verbose_name=_("carried over from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="carried_to",
    )
    # Set when the coordinator merged this measure into another as a duplicate (never deleted:
    # its history stays; undoing the merge clears it).
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged",
    )
    is_example = models.BooleanField(_("example data"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "order", "id"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self._check_plan_editable()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._check_plan_editable()
        return super().delete(*args, **kwargs)

    def clean(self) -> None:
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date cannot be before the start date.")
        plausible = dates.window_of(self.plan.version if self.plan_id else None)
        for name in ("start_date", "end_date"):
            if problem := dates.date_problem(getattr(self, name), plausible):
                errors[name] = problem
        if errors:
            raise ValidationError(errors)

    def _check_plan_editable(self) -> None:
        if self.plan_id and self.plan.stored_status() == PlanStatus.ADOPTED:
            raise ValidationError(adopted_message(self.plan))

    def shown_status(self, as_of: datetime.date | None = None) -> str:
        return effective_status(self.status, self.end_date, as_of or timezone.localdate())

    def is_late(self, as_of: datetime.date | None = None) -> bool:
        return self.shown_status(as_of) == "late"


class MeasureStatusUpdate(AppendOnlyModel):
    """One status report on a measure. Never updated: history is the list of these rows."""

    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="status_updates")
    status = models.CharField(_("status"), max_length=10, choices=MeasureStatus.choices)
    date = models.DateField(_("date"))
    comment = models.TextField(_("comment"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "recorded_at", "id"]
        verbose_name = _("status update")
        verbose_name_plural = _("status updates")

    def __str__(self) -> str:
        return f"{self.measure}: {self.status} {self.date}"

    def clean(self) -> None:
        """The domain's date rule (strategy/dates.py): within the plausible years of the plan's
        strategy and not after today, so that no row can pin the measure's status for ever."""
        plausible = dates.window_of(self.measure.plan.version if self.measure_id else None)
        if problem := dates.date_problem(self.date, plausible, today=timezone.localdate()):
            raise ValidationError({"date": problem})
