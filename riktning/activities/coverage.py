"""What the reported activities cover: the coverage table (goals × organisers). Read-only. The
caller passes what the reader may see (activities, mapping rounds, versions), so the same
questions answer the same for every page and persona. The analysis of gaps (each goal against
its indicators' development and the activities serving it) is `followup/gaps.py`."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet

from riktning.strategy.models import Goal, Version


@dataclass
class Coverage:
    """`rows`: one per goal, {"goal", "cells": [(organiser, {"count", "reach", "hours",
    "cost"}), …] by organiser name}; `without_goal`: activities that serve no goal."""

    rows: list[dict] = field(default_factory=list)
    without_goal: list = field(default_factory=list)
    any_example: bool = False


def coverage(
    activities: QuerySet, rounds: QuerySet, visible_versions: Callable[[QuerySet], QuerySet]
) -> Coverage:
    """For each goal the `activities` serve, and each goal of the versions of `rounds`: per
    organiser, how many activities, their reach, hours and SEK. `visible_versions` narrows a
    queryset of versions to those the reader may see: only their goals are listed."""
    table: dict = defaultdict(
        lambda: defaultdict(
            lambda: {"count": 0, "reach": 0, "hours": Decimal(0), "cost": Decimal(0)}
        )
    )
    result = Coverage()
    for activity in activities.prefetch_related("goals").select_related("organiser"):
        result.any_example = result.any_example or activity.is_example
        goals = list(activity.goals.all())
        if not goals:
            result.without_goal.append(activity)
        for goal in goals:
            cell = table[goal][activity.organiser]
            cell["count"] += 1
            cell["reach"] += activity.participants or 0
            cell["hours"] += activity.hours or 0
            cell["cost"] += activity.cost_sek or 0
    version_ids = set(rounds.values_list("version_id", flat=True)) | {
        g.area.version_id for g in table
    }
    versions = visible_versions(Version.objects.filter(pk__in=version_ids))
    goals_in_scope = Goal.objects.filter(area__version__in=versions).select_related(
        "area", "area__version"
    )
    result.rows = [
        {
            "goal": goal,
            "cells": sorted(table.get(goal, {}).items(), key=lambda item: item[0].name),
        }
        for goal in goals_in_scope
    ]
    return result
