"""The annual cycle (årshjul) of a steering document: the meetings of the bodies per year, the
document's template of steps (each a number of days before a meeting of a body in a month, say
"three weeks before KS in May"), the yearly cycle made from the template with its dated steps,
and the secret calendar feeds (only a hash of a feed's token is stored)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class StepKind(models.TextChoices):
    MAPPING = "mapping", _("Mapping due")
    ANALYSES = "analyses", _("Analyses due")
    ACTION_PLAN = "action_plan", _("Action plan to adopt")
    CONSULTATION = "consultation", _("Consultation last day")
    FOLLOWUP = "followup", _("Follow-up to approve")
    MEETING = "meeting", _("Meeting")
    OTHER = "other", _("Other step")


class StepLink(models.TextChoices):
    """What a step's page links to: its work found from the step's kind (the default), a kind
    of work named outright, or nothing."""

    BY_KIND = "", _("The work of the step's kind")
    MAPPING = "mapping", _("The mapping round of the year")
    CONSULTATION = "consultation", _("The consultation round of the year")
    ACTION_PLAN = "action_plan", _("The action plan of the year")
    FOLLOWUP = "followup", _("The follow-up of the year before")
    NONE = "none", _("No link")


class Meeting(models.Model):
    """A meeting of a body (the council, the executive board, a committee) on a day."""

    body = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("body"),
        on_delete=models.PROTECT,
        related_name="cycle_meetings",
    )
    date = models.DateField(_("date"))
    is_example = models.BooleanField(_("example data"), default=False)

    class Meta:
        ordering = ["date", "body__name"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.UniqueConstraint(fields=["body", "date"], name="cycle_one_meeting_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.body.short_name or self.body.name} {self.date.isoformat()}"


class StepTemplate(models.Model):
    """One step of a document's annual cycle, relative to a meeting: `days_before` days before
    the first meeting of `meeting_body` in `meeting_month` (0: the meeting day itself)."""

    document = models.ForeignKey(
        "strategy.SteeringDocument", on_delete=models.PROTECT, related_name="cycle_templates"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=StepKind.choices)
    responsible = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("responsible"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    meeting_body = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("meeting of"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    meeting_month = models.PositiveSmallIntegerField(_("month of the meeting"))
    days_before = models.PositiveSmallIntegerField(_("days before the meeting"), default=0)
    link = models.CharField(
        _("links to"), max_length=20, choices=StepLink.choices, blank=True, default=""
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["document", "meeting_month", "order", "id"]
        verbose_name = _("step template")
        verbose_name_plural = _("step templates")

    def __str__(self) -> str:
        return self.title


class Cycle(models.Model):
    """A document's annual cycle for one year, made from its template."""

    document = models.ForeignKey(
        "strategy.SteeringDocument", on_delete=models.PROTECT, related_name="cycles"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    is_example = models.BooleanField(_("example data"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document", "-year"]
        verbose_name = _("annual cycle")
        verbose_name_plural = _("annual cycles")
        constraints = [
            models.UniqueConstraint(fields=["document", "year"], name="cycle_one_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.document} {self.year}"


class CycleStep(models.Model):
    """A dated step of a year's cycle, with the body responsible and the meeting it feeds."""

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="steps")
    template = models.ForeignKey(
        StepTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=StepKind.choices)
    responsible = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("responsible"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="steps"
    )
    due = models.DateField(_("date"))
    link = models.CharField(
        _("links to"), max_length=20, choices=StepLink.choices, blank=True, default=""
    )

    class Meta:
        ordering = ["cycle", "due", "id"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")

    def __str__(self) -> str:
        return f"{self.due.isoformat()} {self.title}"


class CalendarFeed(models.Model):
    """A secret calendar (.ics) URL: a person's (the steps of their organisations' bodies in the
    documents they can see) or an organisation's. Only a hash of the token is stored; renewing
    revokes the old one, whose URL then answers 404."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="calendar_feeds",
    )
    token_hash = models.CharField(max_length=64, unique=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=True) ^ models.Q(organisation__isnull=True),
                name="cycle_feed_of_user_or_organisation",
            )
        ]

    def __str__(self) -> str:
        return str(self.user or self.organisation)
