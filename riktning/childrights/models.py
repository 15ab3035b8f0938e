"""The child-rights lens (barnkonsekvensanalys): an assessment attached to one measure, one
action plan or one proposal for a decision, following the Swedish checklist in structured fields
(which children are affected; how their views were heard; the child's best interests and the
articles concerned; conflicts with other interests and how they were weighed; the conclusion; who
assessed and when), and the indicators the lens follows.

A measure without an assessment has not been assessed ("påverkar barn: inte bedömt"). The
assessment of an action plan is frozen with the plan once it is adopted; a measure's assessment
may be completed on an adopted plan too (like its status), and every change is kept in its
history.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from riktning.actionplans.constants import PlanStatus

from .constants import AffectsChildren, AgeGroup, Article


class ChildRightsAssessment(models.Model):
    measure = models.OneToOneField(
        "actionplans.Measure",
        verbose_name=_("measure"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="child_rights",
    )
    action_plan = models.OneToOneField(
        "actionplans.ActionPlan",
        verbose_name=_("action plan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="child_rights",
    )
    decision_proposal = models.OneToOneField(
        "consultation.DecisionProposal",
        verbose_name=_("decision proposal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="child_rights",
    )
    affects_children = models.CharField(
        _("affects children"),
        max_length=12,
        choices=AffectsChildren.choices,
        default=AffectsChildren.NOT_ASSESSED,
    )
    age_groups = models.JSONField(_("age groups affected"), default=list, blank=True)
    other_groups = models.TextField(_("groups of children affected"), blank=True)
    views_method = models.TextField(_("how the children's views were heard"), blank=True)
    views_heard_on = models.DateField(_("when the children were heard"), null=True, blank=True)
    views_result = models.TextField(_("what the children said"), blank=True)
    best_interests = models.TextField(_("the child's best interests"), blank=True)
    articles = models.JSONField(_("articles of the Convention concerned"), default=list, blank=True)
    conflicts = models.TextField(
        _("conflicts with other interests and how they were weighed"), blank=True
    )
    conclusion = models.TextField(_("conclusion"), blank=True)
    assessed_by = models.CharField(_("assessed by"), max_length=200, blank=True)
    assessed_on = models.DateField(_("assessed on"), null=True, blank=True)
    completed = models.BooleanField(_("the assessment is done"), default=False)
    is_example = models.BooleanField(_("example data"), default=False)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("child-rights assessment")
        verbose_name_plural = _("child-rights assessments")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        measure__isnull=False,
                        action_plan__isnull=True,
                        decision_proposal__isnull=True,
                    )
                    | Q(
                        measure__isnull=True,
                        action_plan__isnull=False,
                        decision_proposal__isnull=True,
                    )
                    | Q(
                        measure__isnull=True,
                        action_plan__isnull=True,
                        decision_proposal__isnull=False,
                    )
                ),
                name="child_rights_assessment_of_one_thing",
            )
        ]

    def __str__(self) -> str:
        return str(self.target)

    def save(self, *args, **kwargs):
        plan = self.action_plan
        if plan is not None and plan.stored_status() == PlanStatus.ADOPTED:
            raise ValidationError(frozen_message(plan))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("A child-rights assessment is kept; change it instead."))

    @property
    def target(self):
        return self.measure or self.action_plan or self.decision_proposal

    def article_labels(self) -> list[str]:
        labels = dict(Article.choices)
        return [str(labels.get(article, article)) for article in self.articles]

    def age_group_labels(self) -> list[str]:
        labels = dict(AgeGroup.choices)
        return [str(labels.get(group, group)) for group in self.age_groups]

    def clean(self) -> None:
        errors = assessment_problems(self, today=timezone.localdate())
        if errors:
            raise ValidationError(errors)


def frozen_message(plan) -> str:
    return _(
        "The action plan “%(plan)s” is adopted: its child-rights assessment was part of the "
        "decision and cannot be changed."
    ) % {"plan": plan.title}


def assessment_problems(a: ChildRightsAssessment, *, today: datetime.date) -> dict[str, str]:
    """What is wrong with an assessment, per field, in Swedish words (pure: no database).

    An assessment may be saved half-done; marking it done asks for the checklist's answers."""
    errors: dict[str, str] = {}
    unknown_groups = [g for g in a.age_groups if g not in AgeGroup.values]
    if unknown_groups:
        errors["age_groups"] = _("Unknown age group: %(groups)s.") % {
            "groups": ", ".join(map(str, unknown_groups))
        }
    unknown_articles = [x for x in a.articles if x not in Article.values]
    if unknown_articles:
        errors["articles"] = _(
            "Article %(articles)s is not on the list of articles an assessment may name."
        ) % {"articles": ", ".join(map(str, unknown_articles))}
    if a.assessed_on and a.assessed_on > today:
        errors["assessed_on"] = _("The date of the assessment cannot be after today.")
    if not a.completed:
        return errors
    if a.affects_children == AffectsChildren.NOT_ASSESSED:
        errors["completed"] = _(
            "The assessment cannot be marked done while “affects children” is “not assessed”: "
            "answer yes or no first."
        )
        return errors
    required = {
        "conclusion": _("Write the conclusion before marking the assessment done."),
        "assessed_by": _("Say who made the assessment before marking it done."),
    }
    if a.affects_children == AffectsChildren.YES:
        if not a.age_groups and not a.other_groups.strip():
            errors["age_groups"] = _(
                "“Affects children” is yes: say which children are affected (age groups or "
                "groups) before the assessment can be marked done."
            )
        required.update(
            {
                "views_method": _(
                    "Say how the children's views were heard (or why they were not) before "
                    "marking the assessment done."
                ),
                "best_interests": _(
                    "Describe the child's best interests before marking the assessment done."
                ),
            }
        )
        if not a.articles:
            errors["articles"] = _(
                "Choose the articles of the Convention concerned before marking the assessment "
                "done."
            )
    for name, message in required.items():
        if not str(getattr(a, name) or "").strip():
            errors.setdefault(name, message)
    if a.assessed_on is None:
        errors.setdefault(
            "assessed_on", _("Give the date of the assessment before marking it done.")
        )
    return errors


class ChildIndicator(models.Model):
    """An indicator the child-rights lens follows, tagged by hand or by the rule that finds
    Region Skåne's survey of children and young people (`lens.tag_survey_indicators`)."""

    indicator = models.OneToOneField(
        "indicators.Indicator",
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        related_name="child_rights_tag",
    )
    note = models.CharField(_("why the lens follows it"), max_length=200, blank=True)
    tagged_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator followed by the child-rights lens")
        verbose_name_plural = _("indicators followed by the child-rights lens")

    def __str__(self) -> str:
        return str(self.indicator)
