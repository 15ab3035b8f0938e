"""The activity register: the activities a reader may see, narrowed by the register's filters.
The register page and its CSV/XLSX export (`export.py`) show the same rows. Read-only."""

from django.db.models import QuerySet


def filter_register(
    activities: QuerySet,
    *,
    area=None,
    goal=None,
    organiser=None,
    target_group: str = "",
    mapping_round=None,
) -> QuerySet:
    """`activities` (those the reader may see) narrowed by each filter that is given, each
    activity once, ready for the register's columns."""
    if area:
        activities = activities.filter(areas=area)
    if goal:
        activities = activities.filter(goals=goal)
    if organiser:
        activities = activities.filter(organiser=organiser)
    if target_group:
        activities = activities.filter(target_group__icontains=target_group)
    if mapping_round:
        activities = activities.filter(mapping_round=mapping_round)
    return (
        activities.distinct()
        .select_related("organiser", "mapping_round")
        .prefetch_related("goals", "areas", "partners")
    )
