"""The analysis of gaps: each goal of a version against its indicators' development (the
follow-up's own status, so the warning and the status beside it always agree), the activities
serving it and the coordinator's latest conclusion (`activities.GoalConclusion`). Read-only; the
caller passes the activities the reader may see. It lives in the follow-up because it reads the
roll-up; `activities/coverage.py` holds what the activities alone answer (goals × organisers)."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet

from riktning.activities.models import GoalConclusion
from riktning.strategy.models import Goal, Version

from . import equality, progress
from . import status as followup_status
from .rollup import version_followup

# Goals with a deteriorating indicator (or "limited progress") and at most this many activities
# are flagged.
FEW_ACTIVITIES = 1


@dataclass
class Gaps:
    """`rows`: one per goal of the version, {"goal", "status", "summary", "status_label",
    "status_icon", "count", "reach", "hours", "cost", "flags", "conclusion", "gender"
    (a GenderTrend)}; `without_goal`: the
    version's activities (by round) that serve no goal."""

    rows: list[dict] = field(default_factory=list)
    without_goal: list = field(default_factory=list)
    any_example: bool = False


def gap_flags(summary: followup_status.Summary, activity_count: int) -> list[str]:
    """Pure: what the analysis flags for one goal, from the goal's follow-up summary:
    "deteriorates_little_activity" when the goal or one of its indicators deteriorates,
    "limited_little_activity" when its status is limited progress (no indicator deteriorating)."""
    flags = []
    if activity_count == 0:
        flags.append("unserved")
    if activity_count <= FEW_ACTIVITIES:
        if summary.status == progress.DETERIORATION or summary.deteriorating:
            flags.append("deteriorates_little_activity")
        elif summary.status == progress.LIMITED_PROGRESS:
            flags.append("limited_little_activity")
    return flags


def latest_conclusions(goals) -> dict:
    """goal id → its latest conclusion."""
    found: dict = {}
    for conclusion in GoalConclusion.objects.filter(goal__in=goals).order_by(
        "goal_id", "-recorded_at", "-id"
    ):
        found.setdefault(conclusion.goal_id, conclusion)
    return found


@dataclass
class GenderTrend:
    """A goal's indicators split by sex (the gender-equality lens, followup/gender.py): how many
    there are and those whose gap between girls and boys widens, largest first."""

    split: int = 0
    widening: list = field(default_factory=list)  # equality.LensRow


def _followup_summaries(version: Version) -> tuple[dict, dict]:
    """goal id → the follow-up's summary of the goal (its status and deteriorating indicators),
    and goal id → its gender trend; from one roll-up."""
    summaries, genders = {}, {}
    for area in version_followup(version).areas:
        for goal_status in area.goals:
            summaries[goal_status.goal.pk] = followup_status.goal_summary(goal_status)
            rows = [
                equality.LensRow(i.indicator.pk, i.indicator.title, i.breakdown_label, lens)
                for i in goal_status.indicators
                if (lens := equality.indicator_lens(i)) is not None
            ]
            genders[goal_status.goal.pk] = GenderTrend(
                len(rows), equality.widening_first(rows, lambda r: r.lens)
            )
    return summaries, genders


def gaps(version: Version, activities: QuerySet) -> Gaps:
    """Each goal of `version`: its indicators' status, the `activities` serving it (count,
    reach, hours, SEK), what the analysis flags and the latest conclusion. `activities` are
    those the reader may see."""
    goals = list(Goal.objects.filter(area__version=version).select_related("area"))
    summaries, genders = _followup_summaries(version)
    conclusions = latest_conclusions(goals)
    activities = activities.prefetch_related("goals")
    served: dict = defaultdict(list)
    result = Gaps(any_example=any(a.is_example for a in activities))
    for activity in activities.filter(
        Q(goals__area__version=version) | Q(mapping_round__version=version)
    ).distinct():
        goal_ids = [g.pk for g in activity.goals.all()]
        if not goal_ids:
            result.without_goal.append(activity)
        for goal_id in goal_ids:
            served[goal_id].append(activity)
    for goal in goals:
        items = served.get(goal.pk, [])
        summary = summaries.get(goal.pk) or followup_status.summarize(progress.NOT_AVAILABLE, [])
        result.rows.append(
            {
                "goal": goal,
                "status": summary.status,
                "summary": summary,
                "status_label": followup_status.summary_text(summary),
                "status_icon": followup_status.symbol(summary.status),
                "count": len(items),
                "reach": sum(a.participants or 0 for a in items),
                "hours": sum((a.hours or 0 for a in items), Decimal(0)),
                "cost": sum((a.cost_sek or 0 for a in items), Decimal(0)),
                "flags": gap_flags(summary, len(items)),
                "conclusion": conclusions.get(goal.pk),
                "gender": genders.get(goal.pk) or GenderTrend(),
            }
        )
    return result
