"""Action plans: the list, a plan's page (measures, late ones flagged, totals), the coordinator's
forms (plan, measure, adoption), the responsible body's status updates and the exports.
Who may see or do what: `actionplans.access`; every write: `actionplans.services`."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from riktning.actionplans import access as plan_access
from riktning.actionplans import duplicates, report, services
from riktning.actionplans.constants import LATE
from riktning.reports.registry import FORMAT_TYPES
from riktning.strategy import access as strategy_access

from ..forms_plans import ActionPlanForm, AdoptPlanForm, MeasureForm, MeasureStatusForm
from ..revisions import check_revision, conflict_form, current_revision
from .edit_common import form_page, post_only, posted, save, saved


def _crumbs(plan=None) -> list[tuple[str, str]]:
    crumbs = [(_("Action plans"), reverse("web:action_plan_list"))]
    if plan is not None:
        crumbs.append((plan.title, reverse("web:action_plan_detail", args=[plan.pk])))
    return crumbs


def plan_list(request):
    plans = plan_access.visible_action_plans(request.user).select_related("version")
    version_id = request.GET.get("version", "")
    if version_id.isdigit():
        plans = plans.filter(version_id=int(version_id))
    return render(
        request,
        "web/actionplans/plan_list.html",
        {
            "plans": plans,
            "can_manage": plan_access.can_manage_action_plans(request.user),
            "versions": strategy_access.visible_versions(request.user)
            if plan_access.can_manage_action_plans(request.user)
            else [],
            "nav": "plans",
        },
    )


def plan_detail(request, pk):
    plan = plan_access.get_action_plan_for_view(request.user, pk)
    today = timezone.localdate()
    # A measure merged into another as a duplicate stays in its plan (the plan as written and
    # adopted), marked so, but counts only once: in the totals through the one it was merged into.
    listed = list(
        plan.measures.select_related(
            "responsible", "child_rights", "merged_into__plan"
        ).prefetch_related("goals__area", "status_updates")
    )
    measures = [m for m in listed if m.merged_into_id is None]
    for measure in listed:
        measure.shown = measure.shown_status(today)
        measure.late = measure.shown == LATE
        measure.may_report = plan_access.can_record_measure_status(request.user, measure)
    return render(
        request,
        "web/actionplans/plan_detail.html",
        {
            "plan": plan,
            "measures": listed,
            "late_count": sum(1 for m in measures if m.late),
            "totals": services.totals(measures),
            "by_organisation": services.totals_by_organisation(measures),
            "by_goal": services.totals_by_goal(measures),
            "by_area": services.totals_by_area(measures),
            "any_example": plan.is_example or any(m.is_example for m in measures),
            "can_manage": plan_access.can_manage_action_plans(request.user) and not plan.is_adopted,
            "can_carry_over": plan_access.can_manage_action_plans(request.user),
            "today": today,
            "breadcrumbs": _crumbs(),
            "nav": "plans",
        },
    )


def plan_create(request, version_pk):
    plan_access.require_action_plan_manager(request.user)
    version = strategy_access.get_version_for_view(request.user, version_pk)
    form = ActionPlanForm(posted(request))
    if form.is_bound and form.is_valid():
        created = save(
            form,
            lambda: services.create_action_plan(
                version=version,
                year=form.cleaned_data["year"],
                title=form.cleaned_data["title"],
                by=request.user,
            ),
        )
        if created is not None:
            return saved(
                request,
                _("The action plan “%(title)s” was created.") % {"title": created.title},
                reverse("web:action_plan_detail", args=[created.pk]),
            )
    return form_page(
        request,
        form,
        title=_("New action plan"),
        lead=version.title,
        cancel_url=reverse("web:action_plan_list"),
        breadcrumbs=_crumbs(),
    )


def _adopted_page(request, plan):
    return form_page(
        request,
        None,
        title=plan.title,
        lead=_(
            "The action plan is adopted and cannot be changed. Record a status update, or make "
            "next year's plan."
        ),
        cancel_url=reverse("web:action_plan_detail", args=[plan.pk]),
        breadcrumbs=_crumbs(plan),
        status=409,
        show_form=False,
    )


def measure_create(request, pk):
    plan = plan_access.get_action_plan_for_edit(request.user, pk)
    if plan.is_adopted:
        return _adopted_page(request, plan)
    form = MeasureForm(posted(request), version=plan.version)
    if form.is_bound and form.is_valid():
        fields = dict(form.cleaned_data)
        fields.pop("revision", None)
        if not request.POST.get("report_anyway"):
            similar = duplicates.similar_measures(
                fields["responsible"],
                fields["title"],
                fields.get("description", ""),
                year=plan.year,
            )
            if similar:
                return form_page(
                    request,
                    form,
                    title=_("New measure"),
                    cancel_url=reverse("web:action_plan_detail", args=[plan.pk]),
                    breadcrumbs=_crumbs(plan),
                    submit_label=_("Add it anyway as a new measure"),
                    template="web/actionplans/measure_form.html",
                    extra={
                        "plan": plan,
                        "similar": [
                            {"measure": m, "score": round(score), "revision": current_revision(m)}
                            for m, score in similar
                        ],
                    },
                )
        created = save(form, lambda: services.add_measure(plan, **fields))
        if created is not None:
            return saved(
                request,
                _("The measure “%(title)s” was added.") % {"title": created.title},
                reverse("web:action_plan_detail", args=[plan.pk]),
            )
    return form_page(
        request,
        form,
        title=_("New measure"),
        cancel_url=reverse("web:action_plan_detail", args=[plan.pk]),
        breadcrumbs=_crumbs(plan),
    )


def measure_carry(request, pk, measure_pk):
    """Continue an earlier measure in this draft plan instead of writing it again (a button of
    the new-measure form's warning)."""
    plan = plan_access.get_action_plan_for_edit(request.user, pk)
    measure = plan_access.get_measure_for_carry(request.user, measure_pk)
    if refused := post_only(request):
        return refused
    back = reverse("web:measure_create", args=[plan.pk])
    try:
        posted_revision = int(request.POST.get("revision", ""))
    except ValueError:
        posted_revision = None
    try:
        with transaction.atomic():
            check_revision(measure, posted_revision)
            carried = services.carry_measure(measure, plan, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    return saved(
        request,
        _("“%(title)s” continues in this plan instead of being written again.")
        % {"title": carried.title},
        reverse("web:action_plan_detail", args=[plan.pk]),
    )


def measure_edit(request, pk):
    measure = plan_access.get_measure_for_edit(request.user, pk)
    plan = measure.plan
    if plan.is_adopted:
        return _adopted_page(request, plan)
    form = MeasureForm(posted(request), instance=measure, version=plan.version)
    if form.is_bound and form.is_valid():
        fields = dict(form.cleaned_data)
        revision = fields.pop("revision", None)

        def change():
            check_revision(measure, revision, form)
            measure.refresh_from_db()
            return services.change_measure(measure, **fields)

        changed = save(form, change)
        if changed is None and form.conflict is not None:
            form = conflict_form(request, form, MeasureForm, measure, version=plan.version)
        if changed is not None:
            return saved(
                request,
                _("The measure “%(title)s” was saved.") % {"title": changed.title},
                reverse("web:action_plan_detail", args=[plan.pk]),
            )
    return form_page(
        request,
        form,
        title=_("Change the measure"),
        cancel_url=reverse("web:action_plan_detail", args=[plan.pk]),
        breadcrumbs=_crumbs(plan),
        status=409 if getattr(form, "conflict", None) else 200,
    )


def measure_status(request, pk):
    measure = plan_access.get_measure_for_status(request.user, pk)
    form = MeasureStatusForm(
        posted(request),
        initial={
            "status": measure.status,
            "date": timezone.localdate(),
            "revision": services.status_revision(measure),
        },
    )
    if form.is_bound and form.is_valid():
        created = save(
            form,
            lambda: services.record_measure_status(measure, by=request.user, **form.cleaned_data),
        )
        if created is None and form.stale() is not None:
            # The person's report stays in the form, now on the new revision: sending it again
            # deliberately records it after the other one.
            form.data = form.data.copy()
            form.data["revision"] = str(form.stale().revision)
            form.conflict = form.stale()
        if created is not None:
            return saved(
                request,
                _("The status of “%(title)s” was recorded.") % {"title": measure.title},
                reverse("web:action_plan_detail", args=[measure.plan_id]),
            )
    return form_page(
        request,
        form,
        title=_("Report the status of “%(title)s”") % {"title": measure.title},
        lead=measure.responsible.name,
        cancel_url=reverse("web:action_plan_detail", args=[measure.plan_id]),
        breadcrumbs=_crumbs(measure.plan),
        submit_label=_("Record the status"),
    )


def plan_adopt(request, pk):
    plan = plan_access.get_action_plan_for_edit(request.user, pk)
    if plan.is_adopted:
        return _adopted_page(request, plan)
    form = AdoptPlanForm(posted(request))
    if form.is_bound and form.is_valid():
        adopted = save(
            form, lambda: services.adopt_action_plan(plan, by=request.user, **form.cleaned_data)
        )
        if adopted is not None:
            return saved(
                request,
                _("The action plan “%(title)s” is adopted.") % {"title": plan.title},
                reverse("web:action_plan_detail", args=[plan.pk]),
            )
    return form_page(
        request,
        form,
        title=_("Adopt the action plan"),
        lead=_("An adopted action plan is frozen: afterwards only status updates are recorded."),
        cancel_url=reverse("web:action_plan_detail", args=[plan.pk]),
        breadcrumbs=_crumbs(plan),
        submit_label=_("Adopt"),
    )


def plan_export(request, pk, fmt):
    plan = plan_access.get_action_plan_for_view(request.user, pk)
    if fmt not in report.FORMATS:
        raise Http404
    content_type, extension = FORMAT_TYPES[fmt]
    response = HttpResponse(report.render(plan, fmt), content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="handlingsplan-{plan.year}.{extension}"'
    )
    return response


def plan_carry_over(request, pk):
    """POST: next year's plan gets this plan's unfinished measures (the coordinator's)."""
    plan = plan_access.get_action_plan_for_edit(request.user, pk)
    if refused := post_only(request):
        return refused
    target = services.carry_over_unfinished(plan, by=request.user)
    return saved(
        request,
        _("Unfinished measures were carried over to “%(title)s”.") % {"title": target.title},
        reverse("web:action_plan_detail", args=[target.pk]),
    )


# The timeline's drawing, in SVG user units (presentation attributes, no inline styles: CSP).
TIMELINE_LABEL = 320
TIMELINE_WIDTH = 560
TIMELINE_ROW = 28


def timeline_rows(measures, as_of) -> dict:
    """Pure: the bars of a Gantt-like chart (x and width in user units) for measures with dates."""
    dated = [m for m in measures if m.start_date and m.end_date]
    if not dated:
        return {"bars": [], "height": 0, "years": []}
    first = min(m.start_date for m in dated)
    last = max(m.end_date for m in dated)
    span = max((last - first).days, 1)

    def x(day) -> float:
        return round(TIMELINE_LABEL + TIMELINE_WIDTH * (day - first).days / span, 1)

    bars = []
    for index, measure in enumerate(dated):
        shown = measure.shown_status(as_of)
        bars.append(
            {
                "measure": measure,
                "status": shown,
                "y": 30 + index * TIMELINE_ROW,
                "text_y": 30 + index * TIMELINE_ROW + 15,
                "x": x(measure.start_date),
                "width": max(x(measure.end_date) - x(measure.start_date), 2),
            }
        )
    years = [
        {"year": year, "x": x(first.replace(year=year, month=1, day=1))}
        for year in range(first.year + 1, last.year + 1)
    ]
    today = x(as_of) if first <= as_of <= last else None
    return {
        "bars": bars,
        "height": 40 + len(bars) * TIMELINE_ROW,
        "years": years,
        "today": today,
        "first": first,
        "last": last,
        "width": TIMELINE_LABEL + TIMELINE_WIDTH + 10,
    }


def plan_timeline(request, pk):
    plan = plan_access.get_action_plan_for_view(request.user, pk)
    today = timezone.localdate()
    measures = list(plan.measures.select_related("responsible"))
    for measure in measures:
        measure.shown = measure.shown_status(today)
    return render(
        request,
        "web/actionplans/timeline.html",
        {
            "plan": plan,
            "timeline": timeline_rows(measures, today),
            "measures": measures,
            "any_example": plan.is_example or any(m.is_example for m in measures),
            "today": today,
            "breadcrumbs": _crumbs(plan),
            "nav": "plans",
        },
    )
