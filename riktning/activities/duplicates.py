"""Suspected double reporting of activities: the earlier activities a new report resembles
(shown before saving), and the coordinator's list of suspected pairs across every round. Read-only;
the decisions (link, merge, dismiss, undo) are in `services`.

Candidates are narrowed in SQL first (the same organisation, reported in the last YEARS_BACK
years, at most CANDIDATE_LIMIT, merged ones left out) and only then scored in Python
(`similarity.py`), so a report never scores every row of the database. The coordinator's list
reads at most SCAN_LIMIT activities in one query and pairs them only within an organisation,
among its PER_ORGANISATION most recent.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from . import similarity
from .models import Activity, DuplicateDecision, DuplicateKind, DuplicateVerdict


def _item(activity) -> similarity.Item:
    return similarity.Item(activity.pk, activity.name, activity.description)


def similar_activities(
    organiser, name: str, description: str = "", *, exclude_pk=None, today=None
) -> list[tuple[Activity, float]]:
    """The organiser's earlier activities that `name`/`description` resemble, best first."""
    today = today or timezone.localdate()
    since = datetime.datetime(
        today.year - similarity.YEARS_BACK, 1, 1, tzinfo=timezone.get_current_timezone()
    )
    candidates = (
        Activity.objects.filter(organiser=organiser, merged_into=None, reported_at__gte=since)
        .exclude(pk=exclude_pk)
        .select_related("organiser", "mapping_round")
        .order_by("-reported_at", "-pk")[: similarity.CANDIDATE_LIMIT]
    )
    by_pk = {activity.pk: activity for activity in candidates}
    new = similarity.Item(0, name, description)
    found = similarity.similar(new, [_item(a) for a in by_pk.values()])
    return [(by_pk[item.pk], value) for item, value in found]


@dataclass
class Pair:
    kind: str
    first: object
    second: object
    score: float


def decided_pairs(kind: str) -> set[tuple[int, int]]:
    """The pairs a person already decided on (dismissed, or merged and not undone)."""
    rows = DuplicateDecision.objects.filter(kind=kind, undone_at=None).values_list(
        "first_id", "second_id"
    )
    return set(rows)


def suspected_pairs(items: QuerySet, kind: str, owner: str, title: str) -> tuple[list, bool]:
    """Pairs of `items` (one query, at most SCAN_LIMIT, most recent first) of the same `owner`
    (an organisation field; at most PER_ORGANISATION of each) whose `title` and description
    score at least the threshold, minus the pairs already decided. Each item carries
    `latest_history_id` (its revision, for the decision forms). Returns (pairs, whether the
    scan stopped at a limit)."""
    history = items.model.history.model.objects.filter(id=OuterRef("pk")).order_by("-history_id")
    items = items.annotate(latest_history_id=Subquery(history.values("history_id")[:1]))
    rows = list(items.order_by("-pk")[: similarity.SCAN_LIMIT + 1])
    capped = len(rows) > similarity.SCAN_LIMIT
    rows = rows[: similarity.SCAN_LIMIT]
    by_pk = {row.pk: row for row in rows}
    groups = defaultdict(list)
    for row in rows:
        group = groups[getattr(row, f"{owner}_id")]
        if len(group) >= similarity.PER_ORGANISATION:
            capped = True
            continue
        group.append(similarity.Item(row.pk, getattr(row, title), row.description))
    decided = decided_pairs(kind)
    found = []
    for group in groups.values():
        for first, second, value in similarity.pairs(group):
            if (first.pk, second.pk) in decided:
                continue
            found.append(Pair(kind, by_pk[first.pk], by_pk[second.pk], value))
    found.sort(key=lambda pair: (-pair.score, pair.first.pk))
    return found, capped


def suspected_activity_pairs() -> tuple[list[Pair], bool]:
    activities = Activity.objects.filter(merged_into=None).select_related(
        "organiser", "mapping_round__version__document"
    )
    return suspected_pairs(activities, DuplicateKind.ACTIVITY, "organiser", "name")


def merges(kind: str) -> QuerySet:
    """The merges of `kind` that can still be undone, the latest first."""
    return DuplicateDecision.objects.filter(
        kind=kind, verdict=DuplicateVerdict.MERGED, undone_at=None
    ).select_related("decided_by")
