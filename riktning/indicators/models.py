"""The indicator catalogue: one entry per real-world measure, reused by every goal that uses it,
so that a value is reported once however many goals it serves (no double reporting)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .constants import (
    DEFAULT_COMPARISON_AREAS,
    AreaType,
    BatchSource,
    BatchStatus,
    Direction,
    Frequency,
    Gender,
    JobStatus,
    ObservationStatus,
    SourceKind,
)


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


class Area(models.Model):
    """A geography values are reported for: a municipality, a region, the country (0000) or a
    Kolada group of municipalities (G…). Reference data ships with Riktning (data/)."""

    code = models.CharField(_("code"), max_length=12, primary_key=True)
    title = models.CharField(_("name"), max_length=200)
    type = models.CharField(_("type"), max_length=1, choices=AreaType.choices)
    members = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="groups")

    class Meta:
        ordering = ["code"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")

    def __str__(self) -> str:
        return self.title


class ImportBatch(models.Model):
    """One import: where the values came from, who asked for it, what it changed.

    Batches are public provenance: they are never deleted."""

    source = models.CharField(_("source"), max_length=20, choices=BatchSource.choices)
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    description = models.TextField(
        _("what was imported"), blank=True, help_text=_("The request or file.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=BatchStatus.choices, default=BatchStatus.RUNNING
    )
    is_example = models.BooleanField(_("example data"), default=False)
    rows_added = models.PositiveIntegerField(_("added"), default=0)
    rows_changed = models.PositiveIntegerField(_("changed"), default=0)
    rows_unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.started_at:%Y-%m-%d %H:%M}"

    def delete(self, *args, **kwargs):
        raise RuntimeError("Import batches are provenance and are never deleted")


class Observation(models.Model):
    """One value: indicator × area × period × gender × breakdown. Empty value = missing."""

    # The unique constraint's index starts with indicator_id; a second index would only slow
    # imports down.
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="observations", db_index=False
    )
    area_code = models.CharField(_("area"), max_length=12)
    period = models.PositiveSmallIntegerField(_("period"))
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    breakdown = models.CharField(_("breakdown"), max_length=40, blank=True, default="")
    value = models.FloatField(_("value"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ObservationStatus.choices,
        default=ObservationStatus.FINAL,
    )
    batch = models.ForeignKey(ImportBatch, on_delete=models.PROTECT, related_name="observations")

    class Meta:
        ordering = ["indicator", "area_code", "period", "gender", "breakdown"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area_code", "period", "gender", "breakdown"],
                name="one_value_per_series_point",
            )
        ]
        verbose_name = _("observation")
        verbose_name_plural = _("observations")

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.area_code} {self.period} {self.gender}: {self.value}"


class SyncJob(models.Model):
    """A Kolada sync started from the web: its progress is committed as it goes (the values
    themselves are stored in one transaction at the end), so the page can show how far it is."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    kpis = models.TextField(_("KPIs"))
    areas = models.TextField(_("areas"))
    first_year = models.PositiveSmallIntegerField(_("from year"))
    last_year = models.PositiveSmallIntegerField(_("to year"))
    requests_done = models.PositiveIntegerField(default=0)
    requests_total = models.PositiveIntegerField(default=0)
    rows_fetched = models.PositiveIntegerField(default=0)
    batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("Kolada sync")
        verbose_name_plural = _("Kolada syncs")

    def __str__(self) -> str:
        return f"Kolada {self.requested_at:%Y-%m-%d %H:%M}"

    @property
    def is_active(self) -> bool:
        return self.status in (JobStatus.QUEUED, JobStatus.FETCHING, JobStatus.STORING)

    @property
    def percent(self) -> int:
        """How far the job is, 0–100: fetching is 90 % of the work, saving the rest."""
        if self.status == JobStatus.SUCCEEDED:
            return 100
        if not self.requests_total:
            return 0
        fetched = 90 * self.requests_done // self.requests_total
        return fetched + (5 if self.status == JobStatus.STORING else 0)
