"""Writing child-rights assessments and the lens's indicator tags. Every write validates the
whole assessment first (`models.assessment_problems`, Swedish words per field) and writes nothing
when anything is wrong."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from riktning.actionplans.models import ActionPlan, Measure
from riktning.consultation.models import DecisionProposal
from riktning.indicators.models import Indicator

from .constants import SURVEY_NAME_WORDS
from .models import ChildIndicator, ChildRightsAssessment

FIELDS = (
    "affects_children",
    "age_groups",
    "other_groups",
    "views_method",
    "views_heard_on",
    "views_result",
    "best_interests",
    "articles",
    "conflicts",
    "conclusion",
    "assessed_by",
    "assessed_on",
    "completed",
)


def target_field(target) -> str:
    """The assessment's field that holds `target` (a measure, an action plan, a proposal)."""
    if isinstance(target, Measure):
        return "measure"
    if isinstance(target, ActionPlan):
        return "action_plan"
    if isinstance(target, DecisionProposal):
        return "decision_proposal"
    raise TypeError(f"A child-rights assessment cannot be attached to {type(target).__name__}.")


def assessment_of(target) -> ChildRightsAssessment | None:
    """The assessment of a measure, an action plan or a proposal for a decision; None if it has
    none yet (for a measure: "not assessed")."""
    if target is None or target.pk is None:
        return None
    return ChildRightsAssessment.objects.filter(**{target_field(target): target}).first()


@transaction.atomic
def save_assessment(target, *, by=None, is_example: bool | None = None, **fields):
    """Create or change the assessment of `target` with `fields` (names in FIELDS). Validated
    in full before anything is written (ValidationError naming the fields); a plan's assessment
    is refused once the plan is adopted. The caller checks the form's revision in the same
    transaction (web/revisions.py)."""
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    assessment = assessment_of(target) or ChildRightsAssessment(**{target_field(target): target})
    for name, value in fields.items():
        setattr(assessment, name, value)
    if is_example is not None:
        assessment.is_example = is_example
    assessment.updated_by = by if getattr(by, "pk", None) else None
    assessment.full_clean()
    assessment.save()
    return assessment


def survey_indicators():
    """The rule: the indicators of Region Skåne's survey of children and young people
    (Folkhälsoenkät Barn och unga i Skåne), found by their source name."""
    indicators = Indicator.objects.all()
    for word in SURVEY_NAME_WORDS:
        indicators = indicators.filter(source_name__icontains=word)
    return indicators


@transaction.atomic
def tag_indicator(indicator: Indicator, note: str = "") -> ChildIndicator:
    tag, _created = ChildIndicator.objects.get_or_create(
        indicator=indicator, defaults={"note": note}
    )
    return tag


@transaction.atomic
def untag_indicator(indicator: Indicator) -> None:
    """Stop following an indicator tagged by hand. One the survey rule finds stays followed."""
    if survey_indicators().filter(pk=indicator.pk).exists():
        raise ValidationError(
            _(
                "“%(title)s” belongs to Region Skåne's survey of children and young people; the "
                "lens always follows it."
            )
            % {"title": indicator.title}
        )
    ChildIndicator.objects.filter(indicator=indicator).delete()


@transaction.atomic
def tag_survey_indicators(note: str = "") -> int:
    """Tag every indicator the rule finds that is not tagged yet; the number newly tagged."""
    new = survey_indicators().exclude(child_rights_tag__isnull=False)
    rows = [ChildIndicator(indicator=indicator, note=note) for indicator in new]
    for row in rows:
        row.save()
    return len(rows)


def blank_assessment(target) -> ChildRightsAssessment:
    """A new, unsaved assessment of `target` (what a form opens on before the first save)."""
    return ChildRightsAssessment(**{target_field(target): target})


def proposal_of(round) -> DecisionProposal | None:
    """The round's proposal for a decision, if one has been written."""
    return DecisionProposal.objects.filter(round=round).first()
