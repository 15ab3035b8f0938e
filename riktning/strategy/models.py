"""Steering documents, their versions and what a version contains.

A version's content (sections, areas, goals, indicator links, steps, assignments) can only be
changed while the version is a draft: an adopted version is a public record, and one out for
consultation is what the statements refer to; changing either means a new version
(services.create_version_from, or the next version after a round). The guard lives in
`VersionContent.save()/delete()`, so no code path can slip past it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from riktning.audit.models import AppendOnlyModel

from .constants import (
    FROZEN_STATUSES,
    CarryOverKind,
    DocumentKind,
    IndicatorRole,
    VersionStatus,
)


class SteeringDocument(models.Model):
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    owner = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="documents",
    )
    valid_from = models.PositiveSmallIntegerField(_("valid from (year)"), null=True, blank=True)
    valid_to = models.PositiveSmallIntegerField(_("valid to (year)"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        verbose_name = _("steering document")
        verbose_name_plural = _("steering documents")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The period cannot end before it starts.")})


class Version(models.Model):
    document = models.ForeignKey(
        SteeringDocument, on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    valid_from = models.PositiveSmallIntegerField(_("valid from (year)"), null=True, blank=True)
    valid_to = models.PositiveSmallIntegerField(_("valid to (year)"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("based on"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="successors",
    )
    # The current status; every change is also a VersionStatusChange row (services only).
    status = models.CharField(
        _("status"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="version_number_unique")
        ]
        verbose_name = _("version")
        verbose_name_plural = _("versions")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        # The status itself moves through services.change_version_status (a queryset update);
        # nothing else of an adopted or repealed version may change.
        if self.pk is not None:
            stored = Version.objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored in FROZEN_STATUSES:
                raise ValidationError(locked_message(self))
        super().save(*args, **kwargs)

    @property
    def is_locked(self) -> bool:
        """Frozen: adopted or repealed (a public record), or out for consultation."""
        return self.status in FROZEN_STATUSES

    @property
    def is_out_for_consultation(self) -> bool:
        return self.status == VersionStatus.CONSULTATION

    def clean(self) -> None:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The period cannot end before it starts.")})
        if self.pk:
            stored = Version.objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored in FROZEN_STATUSES:
                raise ValidationError(locked_message(self))

    @property
    def period_label(self) -> str:
        if self.valid_from and self.valid_to:
            return f"{self.valid_from}–{self.valid_to}"
        return ""

    def status_log(self):
        return self.status_changes.order_by("recorded_at", "id")


def locked_message(version: Version) -> str:
    if version.status == VersionStatus.CONSULTATION:
        return _(
            "“%(version)s” is out for consultation and cannot be changed: the statements refer "
            "to its text and parts. A change is made in the next version."
        ) % {"version": version.title}
    return _(
        "“%(version)s” is %(status)s and cannot be changed. Create a new version to change it."
    ) % {"version": version.title, "status": version.get_status_display().lower()}


class VersionStatusChange(AppendOnlyModel):
    """One move of a version's status, with the decision behind it. Never updated."""

    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=VersionStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=VersionStatus.choices)
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
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.version}: {self.from_status} → {self.to_status}"

    @property
    def decision_reference(self) -> str:
        """E.g. “Kommunfullmäktige 2023-05-22 § 134, KS 2023/474”."""
        parts = []
        if self.decided_by:
            parts.append(self.decided_by.short_name or self.decided_by.name)
        if self.decision_date:
            parts.append(self.decision_date.isoformat())
        if self.paragraph:
            parts.append(f"§ {self.paragraph}")
        text = " ".join(parts)
        if self.case_number:
            text = f"{text}, {self.case_number}" if text else self.case_number
        return text


class Decision(models.Model):
    """A decision about a document that is not a status change, e.g. to revise it."""

    document = models.ForeignKey(
        SteeringDocument, on_delete=models.PROTECT, related_name="decisions"
    )
    version = models.ForeignKey(
        Version, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    decided_by = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_date = models.DateField(_("decision date"))
    paragraph = models.CharField(_("paragraph"), max_length=20, blank=True)
    case_number = models.CharField(_("case number"), max_length=40, blank=True)
    text = models.TextField(_("decision"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["decision_date", "id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"{self.decided_by} {self.decision_date}"


class VersionContent(models.Model):
    """Base of everything that belongs to one version and is frozen with it."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.check_version_editable()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self.check_version_editable()
        return super().delete(*args, **kwargs)

    def owning_version(self) -> Version:
        raise NotImplementedError

    def check_version_editable(self) -> None:
        version = self.owning_version()
        if version is not None and version.pk:
            status = Version.objects.filter(pk=version.pk).values_list("status", flat=True).get()
            if status in FROZEN_STATUSES:
                version.status = status
                raise ValidationError(locked_message(version))


class DevelopmentArea(VersionContent):
    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="areas")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "order", "id"]
        verbose_name = _("development area")
        verbose_name_plural = _("development areas")

    def __str__(self) -> str:
        return self.title

    def owning_version(self) -> Version:
        return self.version


class Goal(VersionContent):
    area = models.ForeignKey(
        DevelopmentArea, verbose_name=_("area"), on_delete=models.PROTECT, related_name="goals"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.TextField(_("goal"))
    note = models.CharField(
        _("note"), max_length=200, blank=True, help_text=_("E.g. “New proposed goal”.")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["area", "order", "id"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.title

    def owning_version(self) -> Version | None:
        return self.area.version if self.area_id else None

    @property
    def version(self) -> Version:
        return self.area.version


class Section(VersionContent):
    """A piece of a version's text. Sections form a tree and may belong to an area."""

    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="sections")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    heading = models.CharField(_("heading"), max_length=200, blank=True)
    body = models.TextField(_("text"), blank=True)
    area = models.ForeignKey(
        DevelopmentArea,
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sections",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "order", "id"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return self.heading or self.body[:60]

    def owning_version(self) -> Version:
        return self.version

    def clean(self) -> None:
        if self.parent_id and self.parent.version_id != self.version_id:
            raise ValidationError({"parent": _("The parent section belongs to another version.")})
        if self.area_id and self.area.version_id != self.version_id:
            raise ValidationError({"area": _("The area belongs to another version.")})

    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.split("\n\n") if p.strip()]


class Step(VersionContent):
    """A step of the way of working a version prescribes (map, analyse, propose)."""

    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="steps")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "number"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")

    def __str__(self) -> str:
        return f"{self.number}) {self.title}"

    def owning_version(self) -> Version:
        return self.version


class Assignment(VersionContent):
    """A concrete task a version orders, e.g. a mapping to be done in 2021."""

    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="assignments")
    step = models.ForeignKey(
        Step,
        verbose_name=_("step"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    area = models.ForeignKey(
        DevelopmentArea,
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "year", "id"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")

    def __str__(self) -> str:
        return self.title

    def owning_version(self) -> Version:
        return self.version


class GoalIndicator(VersionContent):
    """A goal uses an indicator from the catalogue. A proposed one may have no indicator yet."""

    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="indicator_links")
    indicator = models.ForeignKey(
        "indicators.Indicator",
        verbose_name=_("indicator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="goal_links",
    )
    role = models.CharField(_("role"), max_length=20, choices=IndicatorRole.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    proposal = models.TextField(
        _("proposal"),
        blank=True,
        help_text=_("For a proposed indicator not yet defined: what it should measure."),
    )
    wording = models.TextField(
        _("wording in the document"),
        blank=True,
        help_text=_(
            "The indicator as the steering document itself words it, shown beside the catalogue "
            "entry it points to."
        ),
    )
    note = models.TextField(_("note"), blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    target_value = models.DecimalField(
        _("target value"), max_digits=12, decimal_places=3, null=True, blank=True
    )
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["goal", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "indicator"],
                condition=Q(indicator__isnull=False),
                name="indicator_once_per_goal",
                violation_error_message=_("The goal already uses this indicator."),
            )
        ]
        verbose_name = _("goal indicator")
        verbose_name_plural = _("goal indicators")

    def __str__(self) -> str:
        return self.indicator.title if self.indicator_id else self.proposal[:80]

    def owning_version(self) -> Version | None:
        return self.goal.area.version if self.goal_id else None

    def clean(self) -> None:
        errors = {}
        if not self.indicator_id and self.role != IndicatorRole.PROPOSED:
            errors["indicator"] = _("Choose an indicator; only a proposed one may lack it.")
        if not self.indicator_id and not self.proposal.strip():
            errors["proposal"] = _("Describe what the proposed indicator should measure.")
        if self.target_year and self.baseline_year and self.target_year < self.baseline_year:
            errors["target_year"] = _(
                "The target year (%(target)s) cannot be before the baseline year (%(base)s)."
            ) % {"target": self.target_year, "base": self.baseline_year}
        if self.target_value is not None and not self.target_year:
            errors["target_year"] = _("A target value needs a target year.")
        if self.indicator_id and self.goal_id:
            # The unique constraint is not checked by a form that leaves out `goal`.
            duplicate = GoalIndicator.objects.filter(
                goal_id=self.goal_id, indicator_id=self.indicator_id
            )
            if duplicate.exclude(pk=self.pk).exists():
                errors["indicator"] = _("The goal already uses this indicator.")
        if errors:
            raise ValidationError(errors)


class Contribution(models.Model):
    """An area or a goal contributes to a goal, usually in another document
    (the 2024–2030 areas contribute to the municipality-wide sustainability goals)."""

    from_area = models.ForeignKey(
        DevelopmentArea,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contributions",
    )
    from_goal = models.ForeignKey(
        Goal, null=True, blank=True, on_delete=models.PROTECT, related_name="contributions"
    )
    to_goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="contributors")
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(from_area__isnull=False, from_goal__isnull=True)
                    | Q(from_area__isnull=True, from_goal__isnull=False)
                ),
                name="contribution_has_one_source",
            )
        ]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")

    def __str__(self) -> str:
        return f"{self.from_area or self.from_goal} → {self.to_goal}"

    @property
    def source(self):
        return self.from_area or self.from_goal

    def clean(self) -> None:
        if self.from_goal_id and self.from_goal_id == self.to_goal_id:
            raise ValidationError(_("A goal cannot contribute to itself."))
        if (self.from_area_id is None) == (self.from_goal_id is None):
            raise ValidationError(_("Choose either an area or a goal that contributes."))


class AreaCarryOver(models.Model):
    """How an area of one version lives on in a later version: as an area, or inside a goal."""

    from_area = models.ForeignKey(
        DevelopmentArea,
        verbose_name=_("from area"),
        on_delete=models.PROTECT,
        related_name="carried_to",
    )
    to_area = models.ForeignKey(
        DevelopmentArea,
        verbose_name=_("to area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="carried_from",
    )
    to_goal = models.ForeignKey(
        Goal,
        verbose_name=_("to goal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="carried_from_areas",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CarryOverKind.choices)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["from_area__version", "from_area__order", "id"]
        verbose_name = _("carry-over")
        verbose_name_plural = _("carry-overs")

    def __str__(self) -> str:
        return f"{self.from_area} → {self.to_area or self.to_goal}"

    @property
    def target(self):
        return self.to_area or self.to_goal

    def clean(self) -> None:
        errors = {}
        if self.kind == CarryOverKind.AREA_TO_GOAL:
            if not self.to_goal_id or self.to_area_id:
                errors["to_goal"] = _("An area-to-goal carry-over names a goal and no area.")
        elif not self.to_area_id or self.to_goal_id:
            errors["to_area"] = _("Choose the area in the later version.")
        if self.from_area_id and self.to_area_id:
            source, target = self.from_area.version, self.to_area.version
            if source.pk == target.pk:
                errors["to_area"] = _(
                    "Both areas belong to “%(version)s”: a carry-over links areas of two "
                    "different versions."
                ) % {"version": source.title}
            elif source.document_id != target.document_id or target.number < source.number:
                errors["to_area"] = _(
                    "The area must belong to a later version of “%(document)s”."
                ) % {"document": source.document.title}
        if self.from_area_id and self.to_goal_id:
            if self.to_goal.area.version_id == self.from_area.version_id:
                errors["to_goal"] = _("The goal must belong to another version.")
        if errors:
            raise ValidationError(errors)


class DocumentImport(AppendOnlyModel):
    """A version made by importing a document file (strategy/importing/save.py): which file it
    was read from, by whom, and the tree the coordinator confirmed. Written once with the
    version, in the same transaction; never updated or deleted."""

    version = models.ForeignKey(
        Version, verbose_name=_("version"), on_delete=models.PROTECT, related_name="imports"
    )
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    # The confirmed tree as rows in reading order (importing/review.py as_data): every part's
    # kind, text, heading and note, every link's catalogue entry and score.
    tree = models.JSONField(_("confirmed tree"), default=list)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)

    class Meta:
        ordering = ["-imported_at", "-id"]
        verbose_name = _("document import")
        verbose_name_plural = _("document imports")

    def __str__(self) -> str:
        return f"{self.filename or '–'} → {self.version}"
