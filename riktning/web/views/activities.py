"""Mapping rounds, the activity register (with its CSV and XLSX exports) and the coverage view.
Who may see or do what: `activities.access`; every write: `activities.services`."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from riktning.accounts import access
from riktning.activities import access as activity_access
from riktning.activities import coverage as activity_coverage
from riktning.activities import duplicates, export, services
from riktning.activities.models import Activity
from riktning.activities.register import filter_register
from riktning.followup import gaps as followup_gaps
from riktning.reports.registry import FORMAT_TYPES
from riktning.strategy import access as strategy_access
from riktning.strategy.models import Version

from ..forms_plans import (
    ActivityForm,
    ConclusionForm,
    LinkActivityForm,
    LinkInsteadForm,
    MappingRoundForm,
    RegisterFilterForm,
)
from ..revisions import check_revision, conflict_form
from .edit_common import form_page, post_only, posted, save, saved


def _crumbs() -> list[tuple[str, str]]:
    return [(_("Mapping rounds"), reverse("web:mapping_round_list"))]


def round_list(request):
    rounds = activity_access.visible_mapping_rounds(request.user).select_related("version")
    return render(
        request,
        "web/activities/round_list.html",
        {
            "rounds": rounds,
            "can_open": activity_access.can_manage_mapping(request.user),
            "can_decide_duplicates": activity_access.can_decide_duplicates(request.user),
            "versions": Version.objects.all()
            if activity_access.can_manage_mapping(request.user)
            else [],
            "nav": "mapping",
        },
    )


def round_detail(request, pk):
    mapping_round = activity_access.get_mapping_round_for_view(request.user, pk)
    activities = activity_access.visible_activities(
        request.user, mapping_round.activities.select_related("organiser")
    )
    return render(
        request,
        "web/activities/round_detail.html",
        {
            "round": mapping_round,
            "answers": services.answers(mapping_round) if access.is_member(request.user) else [],
            "activities": activities,
            "linked": activity_access.visible_activities(
                request.user,
                Activity.objects.filter(links__mapping_round=mapping_round).select_related(
                    "organiser", "mapping_round"
                ),
            ),
            "any_example": mapping_round.is_example or activities.filter(is_example=True).exists(),
            "can_report": activity_access.can_report_in_round(request.user, mapping_round),
            "can_manage": activity_access.can_manage_mapping(request.user),
            "can_analyse": activity_access.can_view_analysis(request.user),
            "links": mapping_round.reporting_links.select_related("organisation")
            if activity_access.can_manage_mapping(request.user)
            else [],
            "editable": {
                a.pk for a in activities if activity_access.can_edit_activity(request.user, a)
            },
            "breadcrumbs": _crumbs(),
            "nav": "mapping",
        },
    )


def round_create(request, version_pk):
    version = activity_access.get_version_for_new_mapping_round(request.user, version_pk)
    form = MappingRoundForm(posted(request), version=version)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        created = save(
            form,
            lambda: services.open_mapping_round(
                title=data["title"],
                question=data["question"],
                last_day=data["last_day"],
                invited=list(data["invited"]),
                areas=list(data["areas"]),
                goals=list(data["goals"]),
                version=version,
                by=request.user,
            ),
        )
        if created is not None:
            return saved(
                request,
                _("The mapping round “%(title)s” is open.") % {"title": created.title},
                reverse("web:mapping_round_detail", args=[created.pk]),
            )
    return form_page(
        request,
        form,
        title=_("Open a mapping round"),
        lead=version.title,
        cancel_url=reverse("web:mapping_round_list"),
        breadcrumbs=_crumbs(),
        submit_label=_("Open the round"),
    )


def round_close(request, pk):
    mapping_round = activity_access.get_mapping_round_for_manage(request.user, pk)
    if refused := post_only(request):
        return refused
    services.close_mapping_round(mapping_round, by=request.user)
    return saved(
        request,
        _("The mapping round “%(title)s” is closed.") % {"title": mapping_round.title},
        reverse("web:mapping_round_detail", args=[mapping_round.pk]),
    )


def _closed_page(request, mapping_round):
    return form_page(
        request,
        None,
        title=_("Report an activity"),
        lead=_(
            "The mapping round “%(round)s” is closed; nothing more can be reported in it. "
            "Contact the coordinator if something is missing."
        )
        % {"round": mapping_round.title},
        cancel_url=reverse("web:mapping_round_detail", args=[mapping_round.pk]),
        breadcrumbs=_crumbs(),
        status=409,
        show_form=False,
    )


def activity_create(request, pk):
    mapping_round = activity_access.get_mapping_round_for_report(request.user, pk)
    if not mapping_round.is_open:
        return _closed_page(request, mapping_round)
    form = ActivityForm(posted(request), user=request.user, version=mapping_round.version)
    if form.is_bound and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k not in ("organiser", "revision")}
        organiser = form.cleaned_data["organiser"]
        if not access.can_act_for(request.user, organiser):
            raise PermissionDenied
        if not request.POST.get("report_anyway"):
            similar = duplicates.similar_activities(
                organiser, fields["name"], fields.get("description", "")
            )
            if similar:
                return _similar_page(request, form, mapping_round, similar)
        created = save(
            form,
            lambda: services.report_activity(
                organiser=organiser, mapping_round=mapping_round, by=request.user, **fields
            ),
        )
        if created is not None:
            return saved(
                request,
                _("The activity “%(name)s” was reported.") % {"name": created.name},
                reverse("web:mapping_round_detail", args=[mapping_round.pk]),
            )
    return form_page(
        request,
        form,
        title=_("Report an activity"),
        lead=f"{mapping_round.title}\n{mapping_round.question}",
        cancel_url=reverse("web:mapping_round_detail", args=[mapping_round.pk]),
        breadcrumbs=_crumbs(),
        submit_label=_("Report the activity"),
    )


def _similar_page(request, form, mapping_round, similar):
    """The report form again, above it the earlier activities it resembles, each with its score
    and a button to link it instead; sending the form again reports a new activity anyway."""
    chosen = {
        "goals": [goal.pk for goal in form.cleaned_data.get("goals") or []],
        "areas": [area.pk for area in form.cleaned_data.get("areas") or []],
    }
    found = [
        {
            "activity": activity,
            "score": round(score),
            "form": LinkInsteadForm(
                initial={"score": round(score), **chosen},
                activity=activity,
                version=mapping_round.version,
                auto_id=False,
            ),
        }
        for activity, score in similar
    ]
    return form_page(
        request,
        form,
        title=_("Report an activity"),
        lead=f"{mapping_round.title}\n{mapping_round.question}",
        cancel_url=reverse("web:mapping_round_detail", args=[mapping_round.pk]),
        breadcrumbs=_crumbs(),
        submit_label=_("Report it anyway as a new activity"),
        template="web/activities/report_form.html",
        extra={"similar": found, "round": mapping_round},
    )


def activity_link(request, pk, activity_pk):
    """Link an earlier activity into this round instead of reporting it again (a button of the
    report form's warning). Only an activity of an organisation the person acts for."""
    mapping_round = activity_access.get_mapping_round_for_report(request.user, pk)
    activity = activity_access.get_activity_for_link(request.user, activity_pk)
    if refused := post_only(request):
        return refused
    form = LinkInsteadForm(request.POST, activity=activity, version=mapping_round.version)
    back = reverse("web:activity_create", args=[mapping_round.pk])
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(back)
    data = form.cleaned_data
    try:
        with transaction.atomic():
            check_revision(activity, data["revision"])
            services.link_activity(
                activity,
                mapping_round,
                goals=list(data["goals"]),
                areas=list(data["areas"]),
                score=data["score"],
                by=request.user,
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    return saved(
        request,
        _("“%(name)s” was linked to this round instead of being reported again.")
        % {"name": activity.name},
        reverse("web:mapping_round_detail", args=[mapping_round.pk]),
    )


def activity_edit(request, pk):
    activity = activity_access.get_activity_for_edit(request.user, pk)
    mapping_round = activity.mapping_round
    if mapping_round is not None and not mapping_round.is_open:
        return _closed_page(request, mapping_round)
    version = mapping_round.version if mapping_round else None
    form = ActivityForm(posted(request), instance=activity, user=request.user, version=version)
    if form.is_bound and form.is_valid():
        organiser = form.cleaned_data["organiser"]
        if not access.can_act_for(request.user, organiser):
            raise PermissionDenied
        fields = dict(form.cleaned_data)
        revision = fields.pop("revision", None)

        def change():
            check_revision(activity, revision, form)
            activity.refresh_from_db()
            return services.change_activity(activity, **fields)

        changed = save(form, change)
        if changed is None and form.conflict is not None:
            form = conflict_form(
                request, form, ActivityForm, activity, user=request.user, version=version
            )
        if changed is not None:
            return saved(
                request,
                _("The activity “%(name)s” was saved.") % {"name": changed.name},
                reverse("web:activity_register"),
            )
    return form_page(
        request,
        form,
        title=_("Change the activity"),
        cancel_url=reverse("web:activity_register"),
        breadcrumbs=_crumbs(),
        status=409 if getattr(form, "conflict", None) else 200,
    )


# --- the register ----------------------------------------------------------------------------


def _filtered(request):
    activities = activity_access.visible_activities(request.user)
    rounds = activity_access.visible_mapping_rounds(request.user)
    form = RegisterFilterForm(request.GET or None, activities=activities, rounds=rounds)
    criteria = form.cleaned_data if form.is_bound and form.is_valid() else {}
    return form, filter_register(activities, **criteria)


def activity_register(request):
    form, activities = _filtered(request)
    query = request.GET.urlencode()
    return render(
        request,
        "web/activities/register.html",
        {
            "form": form,
            "activities": activities,
            "any_example": any(a.is_example for a in activities),
            "editable": {
                a.pk for a in activities if activity_access.can_edit_activity(request.user, a)
            },
            "csv_url": reverse("web:activity_export", args=["csv"])
            + (f"?{query}" if query else ""),
            "xlsx_url": reverse("web:activity_export", args=["xlsx"])
            + (f"?{query}" if query else ""),
            "nav": "mapping",
        },
    )


def activity_export(request, fmt):
    if fmt not in export.FORMATS:
        raise Http404
    _form, activities = _filtered(request)
    content_type, extension = FORMAT_TYPES[fmt]
    response = HttpResponse(export.render(activities, fmt), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="aktiviteter.{extension}"'
    return response


# --- coverage: goals × organisers -------------------------------------------------------------


def coverage(request):
    """For each goal the visible activities serve: per organiser, how many, reach, hours, SEK."""
    user = request.user
    found = activity_coverage.coverage(
        activity_access.visible_activities(user),
        activity_access.visible_mapping_rounds(user),
        partial(strategy_access.visible_versions, user),
    )
    return render(
        request,
        "web/activities/coverage.html",
        {
            "rows": found.rows,
            "without_goal": found.without_goal,
            "any_example": found.any_example,
            "nav": "mapping",
        },
    )


# --- analysis: goals against indicator development and activities ---------------------------


def gap_view(request, version_pk):
    version = activity_access.get_version_for_analysis(request.user, version_pk)
    found = followup_gaps.gaps(version, activity_access.visible_activities(request.user))
    return render(
        request,
        "web/activities/gaps.html",
        {
            "version": version,
            "rows": found.rows,
            "without_goal": found.without_goal,
            "any_example": found.any_example,
            "can_conclude": activity_access.can_record_conclusion(request.user),
            "nav": "mapping",
        },
    )


def conclusion_create(request, goal_pk):
    goal = activity_access.get_goal_for_conclusion(request.user, goal_pk)
    back = reverse("web:gap_view", args=[goal.area.version_id])
    form = ConclusionForm(posted(request))
    if form.is_bound and form.is_valid():
        created = save(
            form,
            lambda: services.record_conclusion(goal, by=request.user, **form.cleaned_data),
        )
        if created is not None:
            return saved(request, _("The conclusion was recorded."), back)
    return form_page(
        request,
        form,
        title=_("Conclusion for the goal"),
        lead=goal.title,
        cancel_url=back,
        breadcrumbs=_crumbs(),
        submit_label=_("Record the conclusion"),
    )


# --- personal links for invited organisations without an account ----------------------------


def link_create(request, pk):
    mapping_round = activity_access.get_mapping_round_for_manage(request.user, pk)
    if refused := post_only(request):
        return refused
    back = reverse("web:mapping_round_detail", args=[mapping_round.pk])
    organisation = mapping_round.invited.filter(pk=request.POST.get("organisation") or 0).first()
    if organisation is None:
        raise Http404
    try:
        _link, token = services.create_reporting_link(mapping_round, organisation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    url = request.build_absolute_uri(reverse("web:report_by_link", args=[token]))
    return saved(
        request,
        _(
            "A personal link for %(organisation)s: %(url)s – copy it now and send it to them; "
            "it is not shown again."
        )
        % {"organisation": organisation.name, "url": url},
        back,
    )


def link_revoke(request, link_pk):
    link = activity_access.get_reporting_link_for_edit(request.user, link_pk)
    if refused := post_only(request):
        return refused
    services.revoke_reporting_link(link, by=request.user)
    return saved(
        request,
        _("The link for %(organisation)s was revoked.") % {"organisation": link.organisation},
        reverse("web:mapping_round_detail", args=[link.mapping_round_id]),
    )


def report_by_link(request, token):
    """An invited organisation without an account reports through its personal link."""
    link = services.find_reporting_link(token)
    if link is None:
        raise Http404
    mapping_round = link.mapping_round
    if not link.is_valid:
        return form_page(
            request,
            None,
            title=_("The link is no longer valid"),
            lead=_(
                "The link has been revoked or the mapping round “%(round)s” is closed. "
                "Contact the coordinator if something is missing."
            )
            % {"round": mapping_round.title},
            cancel_url=reverse("web:home"),
            status=410,
            show_form=False,
        )
    form = LinkActivityForm(posted(request), version=mapping_round.version, user=None)
    if form.is_bound and form.is_valid():
        created = save(
            form,
            lambda: services.report_activity(
                organiser=link.organisation, mapping_round=mapping_round, **form.cleaned_data
            ),
        )
        if created is not None:
            return saved(
                request,
                _("The activity “%(name)s” was reported. You may report another.")
                % {"name": created.name},
                request.path,
            )
    return form_page(
        request,
        form,
        title=_("Report an activity for %(organisation)s") % {"organisation": link.organisation},
        lead=f"{mapping_round.title}\n{mapping_round.question}",
        cancel_url=reverse("web:home"),
        submit_label=_("Report the activity"),
    )


def round_remind(request, pk):
    """POST: e-mail the invited organisations that have not answered (the coordinator's)."""
    mapping_round = activity_access.get_mapping_round_for_manage(request.user, pk)
    if refused := post_only(request):
        return refused
    back = reverse("web:mapping_round_detail", args=[mapping_round.pk])
    try:
        sent = services.send_reminders(
            mapping_round, round_url=request.build_absolute_uri(back), by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    if not sent:
        messages.info(
            request,
            _(
                "No reminder was sent: every invited organisation has answered, or those that "
                "have not have no e-mail address (neither their own nor an editor's)."
            ),
        )
        return redirect(back)
    return saved(
        request,
        ngettext(
            "A reminder was sent to %(count)s address: %(addresses)s.",
            "Reminders were sent to %(count)s addresses: %(addresses)s.",
            len(sent),
        )
        % {"count": len(sent), "addresses": ", ".join(sent)},
        back,
    )
