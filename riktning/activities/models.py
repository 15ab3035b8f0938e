"""Mapping rounds (kartläggning) and the activities organisations report in them.

An activity belongs to the organisation that runs it; only that organisation's editors (and the
coordinator) may change it (activities.access). Invented demo rows carry `is_example`, and every
page and export that shows them says so.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from riktning.audit.models import AppendOnlyModel
from riktning.strategy import dates

from .constants import MAX_PARTICIPANTS, Reach, RoundStatus

NOT_NEGATIVE = [MinValueValidator(0, message=_("The value cannot be negative."))]


class MappingRound(models.Model):
    version = models.ForeignKey(
        "strategy.Version",
        verbose_name=_("strategy version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mapping_rounds",
    )
    assignment = models.ForeignKey(
        "strategy.Assignment",
        verbose_name=_("assignment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mapping_rounds",
    )
    title = models.CharField(_("title"), max_length=200)
    question = models.TextField(_("question"))
    areas = models.ManyToManyField(
        "strategy.DevelopmentArea", verbose_name=_("areas"), blank=True, related_name="+"
    )
    goals = models.ManyToManyField(
        "strategy.Goal", verbose_name=_("goals"), blank=True, related_name="+"
    )
    invited = models.ManyToManyField(
        "accounts.Organisation", verbose_name=_("invited organisations"), related_name="+"
    )
    last_day = models.DateField(_("last day"))
    status = models.CharField(
        _("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    is_example = models.BooleanField(_("example data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-last_day", "title"]
        verbose_name = _("mapping round")
        verbose_name_plural = _("mapping rounds")

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN


class Activity(models.Model):
    mapping_round = models.ForeignKey(
        MappingRound,
        verbose_name=_("mapping round"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    organiser = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="activities",
    )
    partners = models.ManyToManyField(
        "accounts.Organisation", verbose_name=_("partners"), blank=True, related_name="+"
    )
    age_from = models.PositiveSmallIntegerField(_("age from"), null=True, blank=True)
    age_to = models.PositiveSmallIntegerField(_("age to"), null=True, blank=True)
    target_group = models.CharField(
        _("target group"),
        max_length=200,
        blank=True,
        help_text=_("E.g. “parents of children aged 0–5”."),
    )
    location = models.CharField(_("where"), max_length=200, blank=True)
    areas = models.ManyToManyField(
        "strategy.DevelopmentArea", verbose_name=_("areas"), blank=True, related_name="+"
    )
    goals = models.ManyToManyField(
        "strategy.Goal", verbose_name=_("goals"), blank=True, related_name="activities"
    )
    participants = models.PositiveIntegerField(
        _("participants per year"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_PARTICIPANTS)],
    )
    participants_girls = models.PositiveIntegerField(
        _("of whom girls/women"), null=True, blank=True
    )
    participants_boys = models.PositiveIntegerField(_("of whom boys/men"), null=True, blank=True)
    cost_sek = models.DecimalField(
        _("cost per year (SEK)"),
        max_digits=12,
        decimal_places=0,
        null=True,
        blank=True,
        validators=NOT_NEGATIVE,
    )
    hours = models.DecimalField(
        _("working hours per year"),
        max_digits=9,
        decimal_places=1,
        null=True,
        blank=True,
        validators=NOT_NEGATIVE,
    )
    start_year = models.PositiveSmallIntegerField(_("from year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("to year"), null=True, blank=True)
    reach = models.CharField(
        _("universal or targeted"), max_length=10, choices=Reach.choices, default=Reach.UNIVERSAL
    )
    is_example = models.BooleanField(_("example data"), default=False)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reported_at = models.DateTimeField(auto_now_add=True)
    # Set when the coordinator merged this activity into another as a duplicate (never deleted:
    # its history stays; undoing the merge clears it). Merged activities are left out of lists.
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["organiser__name", "name"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        if self.age_from is not None and self.age_to is not None and self.age_to < self.age_from:
            errors["age_to"] = _("The age range cannot end before it starts.")
        if self.start_year and self.end_year and self.end_year < self.start_year:
            errors["end_year"] = _("The period cannot end before it starts.")
        plausible = dates.window_of(self.mapping_round.version if self.mapping_round_id else None)
        for name in ("start_year", "end_year"):
            if problem := dates.year_problem(getattr(self, name), plausible):
                errors[name] = problem
        split = (self.participants_girls or 0) + (self.participants_boys or 0)
        if self.participants is not None and split > self.participants:
            errors["participants_girls"] = _(
                "Girls and boys together cannot be more than the participants."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def age_label(self) -> str:
        if self.age_from is not None and self.age_to is not None:
            return f"{self.age_from}–{self.age_to}"
        if self.age_from is not None:
            return f"{self.age_from}–"
        if self.age_to is not None:
            return f"–{self.age_to}"
        return ""

    @property
    def period_label(self) -> str:
        if self.start_year and self.end_year:
            return f"{self.start_year}–{self.end_year}"
        if self.start_year:
            return f"{self.start_year}–"
        return ""


class GoalConclusion(AppendOnlyModel):
    """The coordinator's conclusion about one goal after the analysis. Rows, never updated: the
    latest is the current conclusion, the earlier ones its history."""

    goal = models.ForeignKey(
        "strategy.Goal", verbose_name=_("goal"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("conclusion"))
    more_needed = models.BooleanField(_("more efforts needed"))
    is_example = models.BooleanField(_("example data"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["goal", "-recorded_at", "-id"]
        verbose_name = _("conclusion")
        verbose_name_plural = _("conclusions")

    def __str__(self) -> str:
        return f"{self.goal.title[:50]}: {self.text[:60]}"


class ReportingLink(models.Model):
    """A personal link for an invited organisation without an account (an association, say):
    it opens only that organisation's activity form in one round. Only a hash of the token is
    stored; the link is shown once, when it is made. Valid while the round is open and the link
    is not revoked."""

    mapping_round = models.ForeignKey(
        MappingRound, on_delete=models.PROTECT, related_name="reporting_links"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    token_hash = models.CharField(max_length=64, unique=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["mapping_round", "organisation__name", "-created_at"]
        verbose_name = _("reporting link")
        verbose_name_plural = _("reporting links")

    def __str__(self) -> str:
        return f"{self.mapping_round} – {self.organisation}"

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None and self.mapping_round.is_open


class ActivityLink(models.Model):
    """An activity reported once and linked into a later mapping round instead of reported again
    (an editor chose "link instead" when Riktning found it resembled one already reported): the
    round counts it as its organisation's answer and lists it; the goals chosen in the round were
    added to the activity, so it appears wherever it contributes."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.PROTECT, related_name="links"
    )
    mapping_round = models.ForeignKey(
        MappingRound,
        verbose_name=_("mapping round"),
        on_delete=models.PROTECT,
        related_name="activity_links",
    )
    score = models.PositiveSmallIntegerField(_("similarity"), default=0)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    linked_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["mapping_round", "activity__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "mapping_round"], name="one_link_per_activity_and_round"
            )
        ]
        verbose_name = _("linked activity")
        verbose_name_plural = _("linked activities")

    def __str__(self) -> str:
        return f"{self.activity} → {self.mapping_round}"


class DuplicateKind(models.TextChoices):
    ACTIVITY = "activity", _("Activity")
    MEASURE = "measure", _("Measure")


class DuplicateVerdict(models.TextChoices):
    DISMISSED = "dismissed", _("Not a duplicate")
    MERGED = "merged", _("Merged")


class DuplicateDecision(models.Model):
    """A person's decision on a suspected duplicate pair (two activities, or two measures): not a
    duplicate (remembered, the pair is no longer listed), or merged (`other` into `kept`). An
    undone merge keeps its row with `undone_at`; the pair is then listed again. The ids are plain
    numbers because measures live in actionplans, which builds on this app."""

    kind = models.CharField(_("kind"), max_length=10, choices=DuplicateKind.choices)
    first_id = models.PositiveIntegerField()  # the lower id of the pair
    second_id = models.PositiveIntegerField()
    verdict = models.CharField(_("decision"), max_length=10, choices=DuplicateVerdict.choices)
    kept_id = models.PositiveIntegerField(null=True, blank=True)
    score = models.PositiveSmallIntegerField(_("similarity"), default=0)
    # What a merge added to the kept item (goal ids), so that undoing it removes exactly that.
    added_goal_ids = models.JSONField(default=list, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-decided_at", "-id"]
        indexes = [models.Index(fields=["kind", "first_id", "second_id"])]
        verbose_name = _("duplicate decision")
        verbose_name_plural = _("duplicate decisions")

    def __str__(self) -> str:
        return f"{self.kind} {self.first_id}/{self.second_id}: {self.verdict}"

    @property
    def other_id(self) -> int:
        return self.second_id if self.kept_id == self.first_id else self.first_id
