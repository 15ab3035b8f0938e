"""The reading pages: documents, versions, areas, goals, the indicator catalogue, carry-overs
and the organisation tree.

Every object is fetched through its domain's access module (strategy.access, indicators.access),
so anonymous visitors see adopted (and repealed) versions only; whatever belongs to a version the
user may not see is left out (the queries of riktning.strategy.relations are given the user's
`can_view_version`). A version's page reads in the document's order (riktning.strategy.reading);
an area's text comes from riktning.strategy.sections.
"""

import hashlib
from collections import defaultdict
from functools import partial

from django.conf import settings
from django.db.models import Prefetch
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from riktning.accounts import access, visits
from riktning.accounts.models import Organisation
from riktning.followup import cache as followup_cache
from riktning.followup import grid as followup_grid
from riktning.indicators import access as indicator_access
from riktning.indicators import presentation, sources
from riktning.indicators.constants import SourceKind
from riktning.indicators.models import Area, Indicator
from riktning.strategy import access as strategy_access
from riktning.strategy import reading, relations, sections
from riktning.strategy.constants import TRANSITIONS
from riktning.strategy.models import (
    Decision,
    DevelopmentArea,
    Goal,
    GoalIndicator,
    SteeringDocument,
    Version,
    VersionStatusChange,
)
from riktning.web.changes import changes_html
from riktning.web.front import documents_html
from riktning.web.worklist import notifications_html, todo_html

# --- helpers ------------------------------------------------------------------------------------


def _links_queryset():
    return GoalIndicator.objects.select_related("indicator")


def _goals_with_links():
    return Prefetch(
        "goals",
        queryset=Goal.objects.prefetch_related(Prefetch("indicator_links", _links_queryset())),
    )


def _status_decision(version: Version) -> VersionStatusChange | None:
    """The status change that put the version in its current status."""
    return (
        version.status_changes.filter(to_status=version.status)
        .select_related("decided_by")
        .order_by("-recorded_at", "-id")
        .first()
    )


def _version_context(request, version: Version) -> dict:
    """What every page inside a version needs for its edit links."""
    return {
        "version": version,
        "document": version.document,
        "can_edit": strategy_access.can_edit_version(request.user, version),
        "can_change_status": strategy_access.can_change_version_status(request.user, version)
        and bool(TRANSITIONS[version.status]),
    }


# --- pages --------------------------------------------------------------------------------------


def home(request):
    """The municipality's front page: the steering documents and how it is going (web/front.py);
    a member also sees their roles and their to-do list. The parts are kept rendered
    (followup/cache.py), all at the generations read once here."""
    user = request.user
    stamp = followup_cache.current_stamp(work=True)
    context = {"nav": "home", "documents_html": documents_html(user, stamp)}
    if access.is_member(user):
        context |= {
            "person_html": todo_html(user, stamp),
            "changes_html": changes_html(visits.previous_login(request), stamp),
            "notifications_html": notifications_html(user, stamp),
        }
    return render(request, "web/home.html", context)


def _documents_with_visible_versions(user) -> list[SteeringDocument]:
    versions = strategy_access.visible_versions(user, Version.objects.order_by("number"))
    documents = SteeringDocument.objects.select_related("owner").prefetch_related(
        Prefetch("versions", queryset=versions, to_attr="visible_versions")
    )
    member = access.is_member(user)
    return [d for d in documents if d.visible_versions or member]


def document_list(request):
    documents = _documents_with_visible_versions(request.user)
    return render(request, "web/document_list.html", {"nav": "documents", "documents": documents})


def document_detail(request, pk):
    user = request.user
    document = strategy_access.get_document_for_view(user, pk)
    versions = list(
        strategy_access.visible_versions(
            user, document.versions.select_related("based_on")
        ).order_by("number")
    )
    changes = VersionStatusChange.objects.filter(version__in=versions).select_related(
        "version", "decided_by"
    )
    decisions = Decision.objects.filter(document=document).select_related("version", "decided_by")
    visible_ids = {v.pk for v in versions}
    for version in versions:
        version.visible_based_on = version.based_on if version.based_on_id in visible_ids else None
    history = [
        {
            "kind": "status",
            "row": change,
            "date": change.decision_date,
            "key": (
                change.decision_date or timezone.localdate(change.recorded_at),
                change.recorded_at.timestamp(),
                change.pk,
            ),
        }
        for change in changes
    ] + [
        {
            "kind": "decision",
            "row": decision,
            "date": decision.decision_date,
            "key": (decision.decision_date, 0, decision.pk),
        }
        for decision in decisions
        if decision.version_id is None or decision.version_id in visible_ids
    ]
    history.sort(key=lambda entry: entry["key"])
    return render(
        request,
        "web/document_detail.html",
        {
            "nav": "documents",
            "document": document,
            "versions": versions,
            "history": history,
        },
    )


def version_detail(request, pk):
    user = request.user
    version = strategy_access.get_version_for_view(user, pk)
    based_on = version.based_on if version.based_on_id else None
    context = _version_context(request, version)
    context |= {
        "nav": "documents",
        "based_on": based_on,
        "based_on_visible": based_on is not None
        and strategy_access.can_view_version(user, based_on),
        "decision": _status_decision(version),
        "can_reorder": context["can_edit"],
    }
    context |= _reading_html(request, version, can_edit=context["can_edit"])
    context |= _after_text_html(user, version)
    return render(request, "web/version_detail.html", context)


def _reading_html(request, version: Version, *, can_edit: bool) -> dict:
    """The version's text in reading order (strategy/reading.py) rendered: its table of
    contents and its parts, and whether it has any and uses Kolada's data. For a reader who
    cannot edit it is the same for everyone, so it is kept under the data generation (the text,
    the goals and their indicators are the documents' and the indicators' tables,
    followup/cache.py); an editor's has their forms and is rendered each time."""

    def render_parts() -> dict:
        parts = reading.reading_order(version, level=2)
        areas = [part for part in parts if part.part_kind == "area"]
        context = {"version": version, "parts": parts, "can_edit": can_edit}
        context["can_reorder"] = can_edit
        return {
            "toc_html": render_to_string(
                "web/includes/toc_entries.html", {"entries": reading.table_of_contents(parts)}
            ),
            "parts_html": render_to_string(
                "web/includes/reading_parts.html", context, request=request if can_edit else None
            ),
            "has_parts": bool(parts),
            "has_kolada": _uses_kolada(areas),
        }

    if can_edit:
        found = render_parts()
    else:
        key = f"version-reading:{version.pk}:{get_language()}"
        found = followup_cache.cached(key, render_parts)
    return found | {
        "toc_html": mark_safe(found["toc_html"]),  # noqa: S308 (rendered by our own templates)
        "parts_html": mark_safe(found["parts_html"]),  # noqa: S308
    }


def _after_text_html(user, version: Version) -> dict:
    """The version page after its text rendered (web/includes/version_after_text.html): the
    status at a glance, the way of working, the contributions and the carry-overs, with which
    of them there are (for the table of contents). It has no forms and depends on the reader
    only through which related versions they may see (members see drafts too), so it is kept
    per visibility class under the data generation: the roll-up's and the steering documents'
    tables (followup/cache.py)."""

    def render_parts() -> dict:
        can_view = partial(strategy_access.can_view_version, user)
        earlier = relations.earlier_carryover_versions(relations.carryover_rows(can_view, version))
        context = {
            "version": version,
            "status_grid": followup_grid.status_grid(version),
            "steps": list(version.steps.order_by("number")),
            "assignments": list(
                version.assignments.select_related("step", "area").order_by("year", "id")
            ),
            "contributions_out": relations.contributions(can_view, sources_in=version),
            "contributions_in": relations.contributions(can_view, targets_in=version),
            "carried_from_versions": earlier,
            "carried_to_versions": relations.later_carryover_versions(can_view, version),
        }
        return {
            "after_text_html": render_to_string("web/includes/version_after_text.html", context),
            "has_status_grid": bool(context["status_grid"]),
            "has_way_of_working": bool(context["steps"] or context["assignments"]),
            "has_contributions": bool(context["contributions_out"] or context["contributions_in"]),
            "has_carry_over": bool(earlier or context["carried_to_versions"]),
        }

    sight = "member" if access.is_member(user) else "public"
    key = f"version-after-text:{version.pk}:{sight}:{get_language()}"
    found = followup_cache.cached(key, render_parts)
    return found | {"after_text_html": mark_safe(found["after_text_html"])}  # noqa: S308


def _uses_kolada(areas) -> bool:
    return any(
        link.indicator_id and link.indicator.source_kind == SourceKind.KOLADA
        for area in areas
        for goal in area.goals.all()
        for link in goal.indicator_links.all()
    )


def area_detail(request, pk):
    user = request.user
    area = strategy_access.get_area_for_view(user, pk)
    can_view = partial(strategy_access.can_view_version, user)
    area = (
        DevelopmentArea.objects.select_related("version__document")
        .prefetch_related(_goals_with_links())
        .get(pk=area.pk)
    )
    context = _version_context(request, area.version) | {
        "nav": "documents",
        "area": area,
        "text": sections.area_text(area, level=3),
        "carried_from": relations.carried_from(can_view, area.carried_from.all()),
        "carried_to": relations.carried_to(can_view, area.carried_to.all()),
        "contributions_out": relations.contributions(can_view, from_area=area),
        "has_kolada": _uses_kolada([area]),
        "status_grid": followup_grid.status_grid(area.version, area=area),
        "status_hide_areas": True,
    }
    return render(request, "web/area_detail.html", context)


def goal_detail(request, pk):
    user = request.user
    goal = strategy_access.get_goal_for_view(user, pk)
    can_view = partial(strategy_access.can_view_version, user)
    links = list(goal.indicator_links.select_related("indicator"))
    context = _version_context(request, goal.area.version) | {
        "nav": "documents",
        "goal": goal,
        "area": goal.area,
        "links": links,
        "contributions_out": relations.contributions(can_view, from_goal=goal),
        "contributions_in": relations.contributions(can_view, to_goal=goal),
        "carried_from": relations.carried_from(can_view, goal.carried_from_areas.all()),
        "has_kolada": any(
            link.indicator_id and link.indicator.source_kind == SourceKind.KOLADA for link in links
        ),
        "status_grid": followup_grid.status_grid(goal.area.version, goal=goal),
        "status_hide_areas": True,
    }
    return render(request, "web/goal_detail.html", context)


def _visible_links(user):
    return GoalIndicator.objects.filter(
        goal__area__version__in=strategy_access.visible_versions(user)
    ).select_related("goal__area__version__document")


def indicator_list(request):
    user = request.user
    indicators = list(
        Indicator.objects.select_related("responsible").prefetch_related(
            Prefetch(
                "goal_links",
                queryset=_visible_links(user).order_by(
                    "goal__area__version__document__title",
                    "goal__area__version__number",
                    "goal__area__order",
                    "goal__order",
                    "goal_id",
                ),
                to_attr="visible_links",
            )
        )
    )
    proposed = list(
        _visible_links(user)
        .filter(indicator__isnull=True)
        .order_by("goal__area__version__document__title", "goal__area__version__number", "id")
    )
    return render(
        request,
        "web/indicator_list.html",
        {
            "nav": "indicators",
            "indicators": indicators,
            "proposed": proposed,
            "has_kolada": any(i.source_kind == SourceKind.KOLADA for i in indicators),
        },
    )


def indicator_detail(request, pk):
    user = request.user
    indicator = indicator_access.get_indicator_for_view(user, pk)
    flags, body = _indicator_body(indicator, request.GET, user)
    may_enter = indicator_access.can_enter_data(user, indicator)
    context = {
        "nav": "indicators",
        "indicator": indicator,
        "body": body,
        "charts": flags["charts"],
        "any_example": flags["any_example"],
        "can_upload": may_enter and sources.get("upload").accepts(indicator),
        "can_type": may_enter and sources.get("manual").accepts(indicator),
    }
    return render(request, "web/indicator_detail.html", context)


def _indicator_body(indicator, query, user) -> tuple[dict, str]:
    """The indicator page below its heading and the reader's own links, rendered: its facts,
    its values as asked for in `query` (presentation.indicator_data: chart and table) and the
    goals that use it. It is the same for every reader of a visibility class (members see every
    version's goals and who imported, everyone else what is public), so it is kept per indicator,
    selection, class and language under the data and the work generation (its responsible
    organisation and who imported are work: followup/cache.py; never stale).
    With it, what the page's head needs to know of the values."""
    member = access.is_member(user)  # all that `_visible_links` asks of the reader
    home = settings.RIKTNING_HOME_AREA_CODE
    gender = query.get(presentation.GENDER_PARAM, "")
    breakdown = query.get(presentation.BREAKDOWN_PARAM, "")
    compare = query.getlist(presentation.COMPARE_PARAM)

    def compute() -> tuple[dict, str]:
        data = presentation.indicator_data(
            indicator, home, gender=gender, breakdown=breakdown, compare=compare
        )
        links = (
            _visible_links(user)
            .filter(indicator=indicator)
            .order_by("goal__area__version__document__title", "goal__area__version__number", "id")
        )
        codes = indicator.comparison_area_codes
        names = dict(Area.objects.filter(code__in=codes).values_list("code", "title"))
        context = {
            "indicator": indicator,
            "data": data,
            "links": list(links),
            "comparison_areas": [(c, names.get(c, c)) for c in codes],
            "is_member": member,
        }
        flags = {
            "charts": bool(data.chart or data.girls_and_boys),
            "any_example": data.any_example,
        }
        return flags, render_to_string("web/includes/indicator_body.html", context)

    selection = hashlib.sha256(repr((home, gender, breakdown, compare)).encode()).hexdigest()
    sight = "member" if member else "public"
    key = f"indicator-page:{indicator.pk}:{sight}:{get_language()}:{selection[:32]}"
    flags, html = followup_cache.cached(key, compute, work=True)
    return flags, mark_safe(html)  # noqa: S308 (rendered by our own template)


def indicator_data_csv(request, pk):
    """The indicator's values as CSV for Excel. Values are public data, like the catalogue."""
    indicator = indicator_access.get_indicator_for_view(request.user, pk)
    response = StreamingHttpResponse(
        presentation.observations_csv(indicator), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{presentation.csv_filename(indicator)}"'
    )
    return response


def carryover(request, pk):
    user = request.user
    version = strategy_access.get_version_for_view(user, pk)
    can_view = partial(strategy_access.can_view_version, user)
    rows = relations.carryover_rows(can_view, version)
    predecessor = relations.predecessor(version)
    not_carried = []
    if predecessor is not None and can_view(predecessor):
        not_carried = relations.areas_not_carried(predecessor)
    context = _version_context(request, version) | {
        "nav": "documents",
        "rows": rows,
        "earlier_versions": relations.earlier_carryover_versions(rows),
        "predecessor": predecessor if not_carried else None,
        "not_carried": not_carried,
        "later_versions": relations.later_carryover_versions(can_view, version),
    }
    return render(request, "web/carryover.html", context)


def organisation_list(request):
    organisations = list(Organisation.objects.order_by("name"))
    children = defaultdict(list)
    for organisation in organisations:
        children[organisation.parent_id].append(organisation)
    for organisation in organisations:
        organisation.tree_children = children.get(organisation.pk, [])
    return render(
        request,
        "web/organisation_list.html",
        {"nav": "home", "organisations": children.get(None, [])},
    )
