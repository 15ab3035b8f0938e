"""How areas and goals relate across versions and documents: contributions (an area or a goal
contributing to a goal, often of another document) and carry-over (an area of an earlier version
taken up in an area or a goal of a later one).

Read-only. Every function that returns rows is given `can_view`, the reader's "may I see this
version?" (`strategy.access.can_view_version` for the user): a row is kept only when the reader
may see both of its ends."""

from collections.abc import Callable

from django.db.models import Q, QuerySet

from .models import AreaCarryOver, Contribution, DevelopmentArea, Version

CanView = Callable[[Version], bool]


def version_of(obj) -> Version:
    """The version an area or a goal belongs to (select_related is expected)."""
    return obj.version if isinstance(obj, DevelopmentArea) else obj.area.version


# --- contributions --------------------------------------------------------------------------


def contributions(
    can_view: CanView, *, sources_in=None, targets_in=None, **filters
) -> list[Contribution]:
    """Contributions whose both ends the reader may see: from an area or goal of the version
    `sources_in`, to a goal of the version `targets_in`, or matching `filters`."""
    rows = Contribution.objects.select_related(
        "from_area__version__document",
        "from_goal__area__version__document",
        "to_goal__area__version__document",
    ).filter(**filters)
    if sources_in is not None:
        rows = rows.filter(
            Q(from_area__version=sources_in) | Q(from_goal__area__version=sources_in)
        )
    if targets_in is not None:
        rows = rows.filter(to_goal__area__version=targets_in)
    return [
        row
        for row in rows.order_by("id")
        if can_view(version_of(row.source)) and can_view(row.to_goal.area.version)
    ]


# --- carry-over -----------------------------------------------------------------------------


def select_ends(queryset: QuerySet) -> QuerySet:
    """Carry-over rows with both ends and their versions and documents (no further queries)."""
    return queryset.select_related(
        "from_area__version__document",
        "to_area__version__document",
        "to_goal__area__version__document",
    )


def target_version(row: AreaCarryOver) -> Version:
    return row.to_area.version if row.to_area_id else row.to_goal.area.version


def predecessor(version: Version) -> Version | None:
    """The version whose areas carry over into `version`: the one it is based on, otherwise
    the document's version numbered just before it."""
    if version.based_on_id:
        return version.based_on
    return (
        Version.objects.filter(document_id=version.document_id, number__lt=version.number)
        .order_by("-number")
        .first()
    )


def carryover_rows(can_view: CanView, version: Version) -> list[AreaCarryOver]:
    """How the areas of the previous version carry over into `version`: the rows that end in it,
    and the rows from the previous version that end outside the document (an area taken up in a
    goal of another document)."""
    previous = predecessor(version)
    condition = Q(to_area__version=version) | Q(to_goal__area__version=version)
    if previous is not None:
        condition |= (
            Q(from_area__version=previous)
            & ~Q(to_area__version__document_id=version.document_id)
            & ~Q(to_goal__area__version__document_id=version.document_id)
        )
    rows = select_ends(AreaCarryOver.objects.filter(condition)).order_by(
        "from_area__version__number", "from_area__order", "from_area_id", "id"
    )
    return [
        row for row in rows if can_view(row.from_area.version) and can_view(target_version(row))
    ]


def carried_from(can_view: CanView, queryset: QuerySet) -> list[AreaCarryOver]:
    """The rows of `queryset` (carry-over into one area or goal) whose earlier area the reader
    may see."""
    return [row for row in select_ends(queryset) if can_view(row.from_area.version)]


def carried_to(can_view: CanView, queryset: QuerySet) -> list[AreaCarryOver]:
    """The rows of `queryset` (carry-over out of one area) whose target the reader may see."""
    return [row for row in select_ends(queryset) if can_view(target_version(row))]


def later_carryover_versions(can_view: CanView, version: Version) -> list[Version]:
    """The later versions whose carry-over page shows where this version's areas went."""
    rows = list(
        select_ends(AreaCarryOver.objects.filter(from_area__version=version)).order_by("id")
    )
    found: dict[int, Version] = {}
    outside = False
    for row in rows:
        target = target_version(row)
        if target.document_id == version.document_id:
            found.setdefault(target.pk, target)
        else:
            outside = True
    if outside:
        for successor in version.successors.all():
            found.setdefault(successor.pk, successor)
    return sorted((v for v in found.values() if can_view(v)), key=lambda v: v.number)


def earlier_carryover_versions(rows: list[AreaCarryOver]) -> list[Version]:
    found: dict[int, Version] = {}
    for row in rows:
        found.setdefault(row.from_area.version.pk, row.from_area.version)
    return sorted(found.values(), key=lambda v: (v.document_id, v.number))


def areas_not_carried(previous: Version) -> list[DevelopmentArea]:
    """The areas of `previous` that carry over into nothing. Every carried-over area counts, also
    one whose target the reader may not see: it is carried over, only not into anything public
    yet."""
    carried_ids = set(
        AreaCarryOver.objects.filter(from_area__version=previous).values_list(
            "from_area_id", flat=True
        )
    )
    return [a for a in previous.areas.all() if a.pk not in carried_ids]
