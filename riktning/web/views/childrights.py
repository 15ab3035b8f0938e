"""The child-rights lens (barnkonsekvensanalys): a measure's assessment page, the edit forms of
the assessment of a measure, an action plan and a proposal for a decision, and the coordinator's
lens page. Who may see or do what: `childrights.access`; every write:
`childrights.services.save_assessment`."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from riktning.actionplans import access as plan_access
from riktning.childrights import access, lens, services
from riktning.childrights.models import frozen_message

from ..forms_childrights import ChildIndicatorForm, ChildRightsAssessmentForm
from ..revisions import check_revision, guard
from .edit_common import form_page, post_only, posted, save, saved


def _plan_crumbs(plan) -> list[tuple[str, str]]:
    return [
        (_("Action plans"), reverse("web:action_plan_list")),
        (plan.title, reverse("web:action_plan_detail", args=[plan.pk])),
    ]


def measure_assessment(request, pk):
    measure = access.get_measure_for_view(request.user, pk)
    return render(
        request,
        "web/childrights/measure_assessment.html",
        {
            "measure": measure,
            "assessment": services.assessment_of(measure),
            "can_edit": access.can_edit_measure_assessment(request.user, measure),
            "breadcrumbs": _plan_crumbs(measure.plan),
            "nav": "plans",
        },
    )


def _edit(request, *, host, target, title, lead, back_url, breadcrumbs):
    """The assessment form of `target` (a measure, a plan, a proposal), its revision checked on
    `host`'s row lock: two people saving the same assessment, the second is refused with 409."""
    assessment = services.assessment_of(target)
    instance = assessment or services.blank_assessment(target)
    form = ChildRightsAssessmentForm(posted(request), instance=instance)

    def subject():
        return services.assessment_of(target)

    guard(form, host, subject)
    if form.is_bound and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.FIELDS}
        revision = form.cleaned_data.get("revision")

        def change():
            check_revision(host, revision, form, subject)
            return services.save_assessment(target, by=request.user, **fields)

        changed = save(form, change)
        if changed is not None:
            return saved(request, _("The child-rights assessment was saved."), back_url)
        if form.conflict is not None:
            # The person's own entries again, now carrying the new revision: saving them again
            # deliberately puts them over the other person's.
            data = request.POST.copy()
            data["revision"] = str(form.conflict.revision)
            conflict = form.conflict
            form = ChildRightsAssessmentForm(data, instance=subject())
            guard(form, host, subject)
            form.is_valid()
            form.conflict = conflict
            form.add_error(None, conflict)
    return form_page(
        request,
        form,
        title=title,
        lead=lead,
        cancel_url=back_url,
        breadcrumbs=breadcrumbs,
    )


def measure_assessment_edit(request, pk):
    measure = access.get_measure_for_assessment(request.user, pk)
    return _edit(
        request,
        host=measure,
        target=measure,
        title=_("Child-rights assessment of “%(title)s”") % {"title": measure.title},
        lead=measure.responsible.name,
        back_url=reverse("web:measure_assessment", args=[measure.pk]),
        breadcrumbs=_plan_crumbs(measure.plan),
    )


def plan_assessment_edit(request, pk):
    plan = access.get_plan_for_assessment(request.user, pk)
    back_url = reverse("web:action_plan_detail", args=[plan.pk]) + "#child-rights"
    if plan.is_adopted:
        return form_page(
            request,
            None,
            title=plan.title,
            lead=frozen_message(plan),
            cancel_url=back_url,
            breadcrumbs=_plan_crumbs(plan),
            status=409,
            show_form=False,
        )
    return _edit(
        request,
        host=plan,
        target=plan,
        title=_("Child-rights assessment of “%(title)s”") % {"title": plan.title},
        lead="",
        back_url=back_url,
        breadcrumbs=_plan_crumbs(plan),
    )


def decision_assessment_edit(request, pk):
    round = access.get_round_for_assessment(request.user, pk)
    back_url = reverse("web:decision_proposal", args=[round.pk])
    crumbs = [(round.title, reverse("web:round_detail", args=[round.pk]))]
    crumbs.append((_("Proposal for a decision"), back_url))
    proposal = services.proposal_of(round)
    if proposal is None:
        return form_page(
            request,
            None,
            title=_("Child-rights assessment"),
            lead=_("Write the proposal for a decision first; then assess it for children."),
            cancel_url=back_url,
            breadcrumbs=crumbs,
            status=409,
            show_form=False,
        )
    return _edit(
        request,
        host=proposal,
        target=proposal,
        title=_("Child-rights assessment of the proposal for a decision"),
        lead=round.title,
        back_url=back_url + "#child-rights",
        breadcrumbs=crumbs,
    )


def lens_page(request, tag_form=None, status=200):
    access.require_lens_reader(request.user)
    plans = plan_access.visible_action_plans(request.user)
    can_tag = access.can_tag_indicators(request.user)
    return render(
        request,
        "web/childrights/lens.html",
        {
            "missing": list(lens.measures_without_completed_assessment(plans)),
            "not_assessed": list(lens.measures_not_assessed(plans)),
            "indicators": list(lens.followed_indicators()),
            "survey_ids": lens.survey_indicator_ids(),
            "can_tag": can_tag,
            "tag_form": tag_form or (ChildIndicatorForm() if can_tag else None),
            "nav": "plans",
        },
        status=status,
    )


LENS_INDICATORS = "child-indicators"


def indicator_tag(request):
    """POST: the lens follows one more indicator (the coordinator's)."""
    access.require_indicator_tagger(request.user)
    if refused := post_only(request):
        return refused
    form = ChildIndicatorForm(request.POST)
    if form.is_valid():
        indicator = form.cleaned_data["indicator"]
        tagged = save(form, lambda: services.tag_indicator(indicator, form.cleaned_data["note"]))
        if tagged is not None:
            return saved(
                request,
                _("The lens now follows “%(title)s”.") % {"title": indicator.title},
                reverse("web:child_rights_lens") + "#" + LENS_INDICATORS,
            )
    return lens_page(request, tag_form=form)


def indicator_untag(request, pk):
    """POST: the lens stops following an indicator tagged by hand (the coordinator's)."""
    indicator = access.get_indicator_for_tagging(request.user, pk)
    if refused := post_only(request):
        return refused
    try:
        services.untag_indicator(indicator)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The lens no longer follows “%(title)s”.") % {"title": indicator.title}
        )
    return redirect(reverse("web:child_rights_lens") + "#" + LENS_INDICATORS)
