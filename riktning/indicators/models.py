"""The indicator catalogue: one entry per real-world measure, reused by every goal that uses it,
so that a value is reported once however many goals it serves (no double reporting)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .constants import DEFAULT_COMPARISON_AREAS, Direction, Frequency, SourceKind


class Indicator(models.Model):
    title = models.CharField(_("title"), max_length=300)
    definition = models.TextField(
        _("definition"),
        blank=True,
        help_text=_("How the value is computed. Empty while the indicator is still to be defined."),
    )
    definition_note = models.TextField(
        _("note on the definition"),
        blank=True,
        help_text=_("E.g. where the source's measure differs from what the strategy asks for."),
    )
    source_kind = models.CharField(_("source"), max_length=20, choices=SourceKind.choices)
    source_key = models.CharField(
        _("source key"), max_length=40, blank=True, help_text=_("E.g. the Kolada KPI id N15418.")
    )
    source_name = models.CharField(
        _("source name"),
        max_length=200,
        blank=True,
        help_text=_("E.g. Folkhälsoenkät Barn och unga i Skåne (Region Skåne)."),
    )
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    direction = models.CharField(
        _("desired direction"), max_length=10, choices=Direction.choices, blank=True
    )
    decimals = models.PositiveSmallIntegerField(_("decimals"), default=1)
    gender_split = models.BooleanField(_("split by gender"), default=True)
    breakdowns = models.CharField(
        _("breakdowns"), max_length=200, blank=True, help_text=_("E.g. school year 6, 9, gy2.")
    )
    frequency = models.CharField(
        _("frequency"), max_length=20, choices=Frequency.choices, default=Frequency.YEARLY
    )
    comparison_areas = models.CharField(
        _("comparison areas"),
        max_length=200,
        blank=True,
        default=DEFAULT_COMPARISON_AREAS,
        help_text=_("Area codes separated by commas, e.g. 0012 (Region Skåne), 0000 (Riket)."),
    )
    responsible = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("responsible organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_kind", "source_key"],
                condition=~Q(source_key=""),
                name="one_indicator_per_source_key",
                violation_error_message=_("An indicator for this source key already exists."),
            )
        ]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.title

    @property
    def is_defined(self) -> bool:
        return bool(self.definition.strip())

    @property
    def comparison_area_codes(self) -> list[str]:
        return [c.strip() for c in self.comparison_areas.split(",") if c.strip()]

    def clean(self) -> None:
        errors = {}
        self.source_key = self.source_key.strip().upper()
        if self.source_kind == SourceKind.KOLADA and not self.source_key:
            errors["source_key"] = _("A Kolada indicator needs its KPI id, e.g. N15418.")
        if self.source_key and self.source_kind:
            clash = Indicator.objects.filter(
                source_kind=self.source_kind, source_key=self.source_key
            ).exclude(pk=self.pk)
            if clash.exists():
                errors["source_key"] = _(
                    "The catalogue already has an indicator for %(key)s: “%(title)s”. "
                    "Link that one instead of adding a duplicate."
                ) % {"key": self.source_key, "title": clash.first().title}
        if errors:
            raise ValidationError(errors)
