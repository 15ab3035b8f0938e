"""The follow-up pages: the overview of a version (areas → goals → indicators with their
statuses; public for adopted and repealed versions, drafts need a login, as the version page)
and the yearly follow-ups ("Uppföljning <år>"): the list, starting one, the follow-up with its
analyses, the workflow, the analysis form (with conflict handling) and the downloads. The
overview and the follow-up also show what other documents contribute to each goal and which
goals of other documents this version contributes to (followup/across.py), as the reader may see.

Every view: fetch through riktning.followup.access, parse, call riktning.followup.services,
respond. Who may do what: followup/access.py.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from riktning.accounts import access
from riktning.followup import access as followup_access
from riktning.followup import across, cache, equality, report, services, yearly
from riktning.followup import grid as followup_grid
from riktning.followup.models import FollowUpStatus
from riktning.followup.rollup import version_followup
from riktning.followup.sanitize import analysis_html
from riktning.indicators.charts import SWEDISH_NUMBERS, gender_label
from riktning.indicators.constants import SCHOOL_YEARS
from riktning.reports.registry import FORMAT_TYPES
from riktning.strategy import access as strategy_access

from ..forms_followup import AnalysisForm, StartFollowUpForm
from .edit_common import post_only

# The folder of this module's templates.
TEMPLATE_DIR = "web/followup/"


def _analyses_as_html(parts: list[dict]) -> list[dict]:
    """Each contributing part's analyses with their text as safe HTML (sanitised on save and
    again here, as every analysis shown)."""
    for part in parts:
        for analysis in part.get("analyses", []):
            analysis["html"] = mark_safe(analysis_html(analysis["text"]))  # noqa: S308 (nh3)
    return parts


def overview(request, pk):
    """Every indicator of a version with its status, under its goal and area. The content is the
    same for every reader of a visibility class (members see everything, everyone else what is
    public: followup/access.py), so it is kept rendered per class and day under the data and
    the work generation (followup/cache.py: never stale)."""
    version = strategy_access.get_version_for_view(request.user, pk)
    member = access.is_member(request.user)

    def render_body() -> str:
        return render_to_string(
            "web/followup/_overview_body.html", _overview_context(request.user, version)
        )

    # today's date: a contributing measure's status is shown as of today (late or not)
    key = f"overview:{version.pk}:{'member' if member else 'public'}:{timezone.localdate()}"
    body = cache.fragment(key, render_body, work=True)
    context = {"nav": "documents", "version": version, "body": body}
    return render(request, "web/followup/overview.html", context)


def _overview_context(user, version) -> dict:
    followup = version_followup(version)
    sight = followup_access.contribution_sight(user)
    contributions = across.contributions_to(version, sight)
    for area_row in followup.areas:
        for goal_row in area_row.goals:
            goal_row.contributions = _analyses_as_html(contributions.get(goal_row.goal.pk, []))
    contributes_to = across.contributed_goals(version, sight)
    for goal in contributes_to:
        _analyses_as_html(goal["parts"])
    return {
        "version": version,
        "followup": followup,
        "contributes_to": contributes_to,
        "any_example": followup.any_example
        or across.any_example(contributes_to)
        or any(across.any_example(parts) for parts in contributions.values()),
        "grid": followup_grid.grid(followup),
        "yearly": followup_access.visible_followups(user, version.followups.all()),
    }


def followup_list(request, pk):
    """The yearly follow-ups of a version; the coordinator starts a new one here."""
    version = strategy_access.get_version_for_view(request.user, pk)
    can_start = followup_access.can_manage_followups(request.user)
    form = None
    if can_start:
        form = StartFollowUpForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                followup = services.start_followup(
                    version,
                    form.cleaned_data["year"],
                    by=request.user,
                    introduction=form.cleaned_data["introduction"],
                )
            except ValidationError as error:
                form.add_validation_error(error)
            else:
                messages.success(request, _("“%(title)s” was started.") % {"title": followup.title})
                return redirect("web:followup_detail", followup.pk)
    elif request.method == "POST":
        raise PermissionDenied
    followups = followup_access.visible_followups(request.user, version.followups.order_by("-year"))
    context = {
        "nav": "documents",
        "version": version,
        "followups": followups,
        "form": form,
        "status": 400 if form is not None and form.errors else 200,
    }
    return render(request, TEMPLATE_DIR + "list.html", context, status=context["status"])


def _as_of(followup) -> str:
    if followup.data_as_of is None:
        return ""
    return formats.date_format(timezone.localtime(followup.data_as_of), "j F Y")


def _chart_view(chart: dict, link_id: int, format_locale) -> dict:
    """What the page needs to draw a stored chart: the spec the PDF uses (built by the same
    functions, from the snapshot's series: no queries) and its values as a table."""
    if chart.get("kind") == "genders":
        shown = [_("Girls, boys and total")]
    else:
        shown = [str(gender_label(chart["gender"]))]
    if chart["breakdown"]:
        shown.append(str(SCHOOL_YEARS.get(chart["breakdown"], chart["breakdown"])))
    values = {(code, period): value for code, period, value in chart["values"]}
    areas = [tuple(a) for a in chart["areas"]]
    return {
        "spec_id": f"followup-chart-spec-{link_id}",
        "payload": {"spec": yearly.chart_spec(chart), "formatLocale": format_locale},
        "shown": ", ".join(shown),
        "area_names": [name for _code, name in areas],
        "rows": [
            {"period": p, "cells": [values.get((code, p)) for code, _name in areas]}
            for p in chart["periods"]
        ],
        "unit": chart["unit"],
        "decimals": chart["decimals"],
        "example": chart["example"],
    }


def _add_charts(data: dict) -> bool:
    """Gives every indicator with a stored chart its `chart_view`; True if there is any."""
    format_locale = SWEDISH_NUMBERS if (get_language() or "sv").startswith("sv") else None
    found = False
    for area in data["areas"]:
        for goal in area["goals"]:
            for item in goal["indicators"]:
                if item.get("chart"):
                    item["chart_view"] = _chart_view(item["chart"], item["link_id"], format_locale)
                    found = True
    return found


def followup_detail(request, pk):
    followup = followup_access.get_followup_for_view(request.user, pk)
    data = yearly.content(followup, followup_access.contribution_sight(request.user))
    has_charts = _add_charts(data)
    for area in data["areas"]:
        for goal in area["goals"]:
            _analyses_as_html(goal.get("contributions", []))
    for goal in data.get("contributes_to", []):
        _analyses_as_html(goal["parts"])
    analyses = {a.area_id: a for a in followup.analyses.select_related("area")}
    user = request.user
    for area in data["areas"]:
        analysis = analyses.get(area["area_id"])
        area["analysis"] = analysis
        area["analysis_html"] = mark_safe(analysis_html(analysis.text)) if analysis else ""  # noqa: S308
        area["can_edit"] = analysis is not None and followup_access.can_edit_analysis(
            user, analysis
        )
    context = {
        "nav": "documents",
        "version": followup.version,
        "item": followup,
        "data": data,
        "equality": equality.followup_rows(data),
        "has_charts": has_charts,
        "data_as_of": _as_of(followup),
        "formats": report.FORMATS,
        "can_submit": followup_access.can_submit_followup(user, followup),
        "can_manage": followup_access.can_manage_followups(user) and not followup.is_approved,
        "status_log": followup.status_log().select_related("by") if access.is_member(user) else [],
    }
    return render(request, TEMPLATE_DIR + "detail.html", context)


# The buttons of a follow-up: URL slug → (the status it moves to, the service, the message).
ACTIONS = {
    "granska": (
        FollowUpStatus.READY_FOR_REVIEW,
        services.submit_for_review,
        _("The follow-up was sent for review."),
    ),
    "godkann": (
        FollowUpStatus.APPROVED,
        services.approve_followup,
        _("The follow-up was approved; its data are frozen."),
    ),
    "tillbaka": (
        FollowUpStatus.DRAFT,
        services.return_to_draft,
        _("The follow-up is a draft again."),
    ),
}


def followup_transition(request, pk, action):
    if action not in ACTIONS:
        raise Http404
    to_status, service, done = ACTIONS[action]
    followup = followup_access.get_followup_for_move(request.user, pk, to_status)
    if refused := post_only(request):
        return refused
    try:
        service(followup, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, str(done))
    return redirect("web:followup_detail", followup.pk)


def analysis_edit(request, pk):
    analysis = followup_access.get_analysis_for_edit(request.user, pk)
    followup = analysis.followup
    if not followup.is_draft:
        messages.error(request, _("The follow-up is no longer a draft; the analysis is locked."))
        return redirect("web:followup_detail", followup.pk)
    conflict = None
    status = 200
    if request.method == "POST":
        form = AnalysisForm(request.POST)
        if form.is_valid():
            try:
                services.save_area_analysis(
                    analysis,
                    by=request.user,
                    text=form.cleaned_data["text"],
                    revision=form.cleaned_data["revision"],
                )
            except services.AnalysisConflict as error:
                conflict = error.current
                # The user's text stays in the form; the next save is against the new revision.
                form = AnalysisForm(
                    {"text": form.cleaned_data["text"], "revision": conflict.revision}
                )
                form.is_valid()
                form.add_error(None, error.message)
                status = 409
            except ValidationError as error:
                form.add_validation_error(error)
                status = 400
            else:
                messages.success(request, _("The analysis was saved."))
                return redirect(f"{followup_url(followup)}#followup-area-{analysis.area_id}")
        else:
            status = 400
    else:
        form = AnalysisForm(initial={"text": analysis.text, "revision": analysis.revision})
    context = {
        "nav": "documents",
        "version": followup.version,
        "item": followup,
        "analysis": analysis,
        "form": form,
        "conflict": conflict,
        "conflict_html": mark_safe(analysis_html(conflict.text)) if conflict else "",  # noqa: S308
    }
    return render(request, TEMPLATE_DIR + "analysis_form.html", context, status=status)


def followup_url(followup) -> str:
    from django.urls import reverse

    return reverse("web:followup_detail", args=[followup.pk])


def followup_download(request, pk, fmt):
    followup = followup_access.get_followup_for_view(request.user, pk)
    if fmt not in report.FORMATS:
        raise Http404
    content_type, extension = FORMAT_TYPES[fmt]
    sight = followup_access.contribution_sight(request.user)
    response = HttpResponse(report.render(followup, fmt, sight=sight), content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="uppfoljning-{followup.year}-{followup.pk}.{extension}"'
    )
    return response
