"""One follow-up across documents: what other documents contribute to a version's goals, and
which goals a version contributes to (issue 16).

A contribution (`strategy.Contribution`) says that an area or a goal of one document contributes
to a goal of another (the four areas of the strategy 2024–2030 contribute to the municipality-wide
goal of Hållbarhetsmål 2024–2040). A contributing *part* is read through, never copied: each
activity, measure, analysis and indicator value is reported once, where it belongs, and shown
under every goal it contributes to.

What a part holds:

- its **goals**: the part's own goals (a goal, or an area's goals), and the goals of the areas
  carried over into it (`strategy.AreaCarryOver`: the 2021 area "Föräldrastöd" lives on in
  "Stöd och relationer genom livet"), each with its indicators' statuses (`rollup.goal_statuses`,
  the words of `status.py`);
- its **activities**: those reported on the area, on one of the part's goals, or on an area
  carried over into it;
- its **measures**: those of any action plan that serve one of the part's goals, and those of the
  contributing document's own action plans that name the goal it contributes to;
- its **analyses**: the area analyses of the follow-ups of the same year (or, without a year,
  the latest) of the part's area and of the areas carried over into it.

Read-only, and given what the reader may see (`Sight`, made by `access.contribution_sight`):
contributions whose both ends the reader may see, activities, measures and follow-ups from the
querysets of their access modules. A fixed number of queries, however many documents, parts,
activities and measures there are. Everything returned is plain data (JSON-ready), so an approved
follow-up can freeze it in its snapshot.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from riktning.actionplans.constants import LATE, MeasureStatus
from riktning.actionplans.models import Measure
from riktning.activities.models import Activity
from riktning.strategy import relations
from riktning.strategy.models import AreaCarryOver, Contribution, Goal

from . import status as vocabulary
from .models import AreaAnalysis
from .rollup import combined_status, goal_statuses


@dataclass(frozen=True)
class Sight:
    """What one reader may see: `can_view_version` (strategy.access), and the activities,
    measures and follow-ups they may read (querysets from the access modules)."""

    can_view_version: Callable
    activities: QuerySet
    measures: QuerySet
    followups: QuerySet


def _indicator(item) -> dict:
    return {
        "title": item.indicator.title if item.indicator else (item.link.proposal or ""),
        "status": item.status,
        "example": item.example,
    }


def _deteriorating(status: str, indicators: list[dict]) -> str:
    """What a mean status could hide ("1 av 3 indikatorer försämras"), as status.py says it."""
    summary = vocabulary.summarize(status, [i["status"] for i in indicators])
    return str(vocabulary.deterioration_text(summary))


def _goal(goal_status, version) -> dict:
    indicators = [_indicator(i) for i in goal_status.indicators]
    return {
        "goal_id": goal_status.goal.pk,
        "title": goal_status.goal.title,
        "version": version.title,
        "status": goal_status.status,
        "status_note": _deteriorating(goal_status.status, indicators),
        "indicators": indicators,
    }


def _measure_status(measure: Measure, as_of) -> tuple[str, str]:
    shown = measure.shown_status(as_of)
    return shown, str(_("Late") if shown == LATE else MeasureStatus(shown).label)


def _key(row: Contribution) -> str:
    """A part's key: its contribution, or the carry-over it was made from (`_carried_into`)."""
    return f"c{row.pk}" if row.pk else f"o{row.carry_over_id}"


def _parts(rows: list[Contribution], sight: Sight, year: int | None) -> dict[str, dict]:
    """contribution id → its part (see the module's docstring), in at most eleven queries
    however many rows."""
    if not rows:
        return {}
    area_ids = {row.from_area_id for row in rows if row.from_area_id}
    goal_ids = {row.from_goal_id for row in rows if row.from_goal_id}

    # Areas carried over into a contributing area, whose earlier version the reader may see.
    carried: dict[int, list] = defaultdict(list)
    carry_overs = AreaCarryOver.objects.filter(to_area_id__in=area_ids).order_by(
        "from_area__version__number", "from_area__order", "from_area_id"
    )
    for row in relations.select_ends(carry_overs):
        if sight.can_view_version(row.from_area.version):
            carried[row.to_area_id].append(row.from_area)
    through_ids = {area.pk for areas in carried.values() for area in areas}

    goals = list(
        Goal.objects.filter(
            Q(pk__in=goal_ids) | Q(area_id__in=area_ids | through_ids)
        ).select_related("area__version")
    )
    statuses = goal_statuses(goals)
    goals_of_area: dict[int, list[Goal]] = defaultdict(list)
    for goal in sorted(goals, key=lambda g: (g.area.version.number, g.area.order, g.order, g.pk)):
        goals_of_area[goal.area_id].append(goal)
    goal_by_id = {goal.pk: goal for goal in goals}

    def part_areas(row) -> list[int]:
        if not row.from_area_id:
            return []
        return [row.from_area_id, *(a.pk for a in carried[row.from_area_id])]

    def part_goals(row) -> list[Goal]:
        if row.from_goal_id:
            return [goal_by_id[row.from_goal_id]] if row.from_goal_id in goal_by_id else []
        return [goal for area_id in part_areas(row) for goal in goals_of_area[area_id]]

    all_areas = area_ids | through_ids
    all_goals = {goal.pk for goal in goals}

    # Activities: one query for the rows, one per link table.
    activity_areas = defaultdict(set)
    for activity_id, area_id in Activity.areas.through.objects.filter(
        developmentarea_id__in=all_areas, activity__in=sight.activities
    ).values_list("activity_id", "developmentarea_id"):
        activity_areas[area_id].add(activity_id)
    activity_goals = defaultdict(set)
    for activity_id, goal_id in Activity.goals.through.objects.filter(
        goal_id__in=all_goals, activity__in=sight.activities
    ).values_list("activity_id", "goal_id"):
        activity_goals[goal_id].add(activity_id)
    activity_ids = set().union(*activity_areas.values(), *activity_goals.values())
    activities = {
        a.pk: a for a in sight.activities.filter(pk__in=activity_ids).select_related("organiser")
    }

    # Measures: of any plan for the part's goals, of the contributing document's plans for the
    # goal it contributes to.
    target_ids = {row.to_goal_id for row in rows}
    source_versions = {relations.version_of(row.source).pk for row in rows}
    measure_goals = defaultdict(set)
    for measure_id, goal_id in Measure.goals.through.objects.filter(
        Q(goal_id__in=all_goals)
        | Q(goal_id__in=target_ids, measure__plan__version_id__in=source_versions),
        measure__in=sight.measures,
    ).values_list("measure_id", "goal_id"):
        measure_goals[goal_id].add(measure_id)
    measure_ids = set().union(*measure_goals.values())
    measures = {
        m.pk: m
        for m in sight.measures.filter(pk__in=measure_ids).select_related(
            "responsible", "plan__version"
        )
    }

    # Analyses of the areas, in the follow-up of the year (or the latest) the reader may see.
    analyses: dict[int, AreaAnalysis] = {}
    found = AreaAnalysis.objects.filter(
        area_id__in=all_areas, followup__in=sight.followups
    ).select_related("followup")
    if year is not None:
        found = found.filter(followup__year=year)
    for analysis in found.order_by("followup__year", "followup_id"):
        if analysis.text.strip():
            analyses[analysis.area_id] = analysis  # the latest wins
    area_titles = {area.pk: area for areas in carried.values() for area in areas}
    as_of = timezone.localdate()

    parts = {}
    for row in rows:
        source = row.source
        version = relations.version_of(source)
        own_goals = part_goals(row)
        areas = part_areas(row)
        ids = set()
        for area_id in areas:
            ids |= activity_areas[area_id]
        for goal in own_goals:
            ids |= activity_goals[goal.pk]
        part_activities = sorted(
            (activities[i] for i in ids if i in activities),
            key=lambda a: (a.organiser.name, a.name, a.pk),
        )
        ids = set()
        for goal in own_goals:
            ids |= measure_goals[goal.pk]
        ids |= {
            i
            for i in measure_goals[row.to_goal_id]
            if i in measures and measures[i].plan.version_id == version.pk
        }
        part_measures = sorted(
            (measures[i] for i in ids if i in measures),
            key=lambda m: (-m.plan.year, m.plan_id, m.order, m.pk),
        )
        goal_rows = [_goal(statuses[g.pk], g.area.version) for g in own_goals]
        part = {
            "key": _key(row),
            "contribution_id": row.pk,
            "kind": "carried_over" if not row.pk else "area" if row.from_area_id else "goal",
            "title": source.title,
            "note": row.note,
            "to_goal_id": row.to_goal_id,
            "document": version.document.title,
            "version": version.title,
            "version_id": version.pk,
            "through": [
                {"title": area.title, "version": area.version.title}
                for area in carried.get(row.from_area_id, [])
            ],
            "status": _part_status(statuses, own_goals),
            "status_note": "",
            "goals": goal_rows,
            "activities": [
                {
                    "id": a.pk,
                    "name": a.name,
                    "organiser": a.organiser.name,
                    "participants": a.participants,
                    "example": a.is_example,
                }
                for a in part_activities
            ],
            "measures": [
                {
                    "id": m.pk,
                    "title": m.title,
                    "responsible": m.responsible.name,
                    "plan": m.plan.title,
                    "status": status,
                    "status_label": label,
                    "example": m.is_example,
                }
                for m in part_measures
                for status, label in [_measure_status(m, as_of)]
            ],
            "analyses": [
                {
                    "area": (area_titles[a].title if a in area_titles else source.title),
                    "followup": analyses[a].followup.title,
                    "text": analyses[a].text,
                }
                for a in areas
                if a in analyses
            ],
        }
        part["status_note"] = _deteriorating(
            part["status"], [i for g in goal_rows for i in g["indicators"]]
        )
        part["example"] = (
            any(a["example"] for a in part["activities"])
            or any(m["example"] for m in part["measures"])
            or any(i["example"] for g in goal_rows for i in g["indicators"])
        )
        parts[_key(row)] = part
    return parts


def _part_status(statuses, goals) -> str:
    return combined_status([statuses[g.pk] for g in goals])


def _from_other_documents(rows: list[Contribution]) -> list[Contribution]:
    return [
        row
        for row in rows
        if relations.version_of(row.source).document_id != row.to_goal.area.version.document_id
    ]


def _carried_into(version, sight: Sight) -> list[Contribution]:
    """An area of another document carried over into a goal of `version` (the 2021 area "Lyssna
    på barn och unga" lives on in the municipality-wide goal) contributes to it like a
    contribution: as unsaved Contribution rows carrying the carry-over's id."""
    carry_overs = AreaCarryOver.objects.filter(to_goal__area__version=version).exclude(
        from_area__version__document_id=version.document_id
    )
    rows = []
    for row in relations.select_ends(carry_overs.order_by("id")):
        if sight.can_view_version(row.from_area.version) and sight.can_view_version(
            row.to_goal.area.version
        ):
            contribution = Contribution(from_area=row.from_area, to_goal=row.to_goal, note=row.note)
            contribution.carry_over_id = row.pk
            rows.append(contribution)
    return rows


def contributions_to(version, sight: Sight, *, year: int | None = None) -> dict[int, list[dict]]:
    """goal id of `version` → the parts of other documents that contribute to it, in the order
    the contributions were made."""
    rows = _from_other_documents(
        relations.contributions(sight.can_view_version, targets_in=version)
    )
    rows += _carried_into(version, sight)
    parts = _parts(rows, sight, year)
    result: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        result[row.to_goal_id].append(parts[_key(row)])
    return dict(result)


def contributed_goals(version, sight: Sight, *, year: int | None = None) -> list[dict]:
    """The goals of other documents that `version`'s areas and goals contribute to, each with
    its own status and indicators and the parts of `version` that contribute to it."""
    rows = _from_other_documents(
        relations.contributions(sight.can_view_version, sources_in=version)
    )
    parts = _parts(rows, sight, year)
    targets = {}
    for row in rows:
        targets.setdefault(row.to_goal_id, row.to_goal)
    statuses = goal_statuses(targets.values())
    result = []
    for goal_id, goal in targets.items():
        target_version = goal.area.version
        entry = _goal(statuses[goal_id], target_version)
        entry.update(
            {
                "document": target_version.document.title,
                "version_id": target_version.pk,
                "area": goal.area.title,
                "parts": [parts[_key(row)] for row in rows if row.to_goal_id == goal_id],
            }
        )
        result.append(entry)
    return result


def any_example(entries) -> bool:
    """True if any part in `entries` (lists of parts, or contributed goals) holds example data."""
    for entry in entries:
        for part in entry.get("parts", [entry]):
            if part.get("example"):
                return True
    return False
