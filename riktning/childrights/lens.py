"""What the child-rights lens page reads: the measures marked as affecting children whose
assessment is not done, the measures nobody has assessed yet, and the indicators the lens
follows (tagged, or found by the survey rule). Given what the reader may see: the caller passes
the action plans they may read."""

from django.db.models import Q

from riktning.actionplans.models import Measure
from riktning.indicators.models import Indicator

from .constants import AffectsChildren
from .models import ChildIndicator
from .services import survey_indicators


def measures_without_completed_assessment(plans):
    """Measures of `plans` marked "affects children: yes" whose assessment is not done."""
    return (
        Measure.objects.filter(
            plan__in=plans,
            child_rights__affects_children=AffectsChildren.YES,
            child_rights__completed=False,
        )
        .select_related("plan", "responsible", "child_rights")
        .order_by("-plan__year", "plan_id", "order", "id")
    )


def measures_not_assessed(plans):
    """Measures of `plans` with no answer yet to "affects children"."""
    return (
        Measure.objects.filter(plan__in=plans)
        .exclude(child_rights__affects_children__in=[AffectsChildren.YES, AffectsChildren.NO])
        .select_related("plan", "responsible")
        .order_by("-plan__year", "plan_id", "order", "id")
    )


def followed_indicators():
    """The indicators the lens follows: tagged ones and those the survey rule finds."""
    tagged = ChildIndicator.objects.values("indicator_id")
    found = survey_indicators().values("pk")
    return (
        Indicator.objects.filter(Q(pk__in=tagged) | Q(pk__in=found))
        .select_related("child_rights_tag")
        .order_by("title")
    )


def survey_indicator_ids() -> set[int]:
    """The ids the survey rule finds (they cannot be untagged)."""
    return set(survey_indicators().values_list("pk", flat=True))


def untagged_indicators():
    """Indicators the lens does not follow yet: what the coordinator may tag."""
    return (
        Indicator.objects.exclude(child_rights_tag__isnull=False)
        .exclude(pk__in=survey_indicators().values("pk"))
        .order_by("title")
    )
