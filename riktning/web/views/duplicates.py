"""The coordinator's page of suspected double reporting: pairs of activities and of measures of
the same organisation that read alike, across every document and round, each with its score, and
the person's decision on each (merge keeping one, or "not a duplicate", remembered), and the
merges, each of which can be undone. Nothing is merged without that decision.
Who may: `activities.access.can_decide_duplicates`; the writes: `activities.services` and
`actionplans.services`."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from riktning.actionplans import access as plan_access
from riktning.actionplans import duplicates as measure_duplicates
from riktning.actionplans import services as plan_services
from riktning.actionplans.models import Measure
from riktning.activities import access as activity_access
from riktning.activities import duplicates as activity_duplicates
from riktning.activities import services as activity_services
from riktning.activities import similarity
from riktning.activities.models import Activity, DuplicateDecision, DuplicateKind

from ..forms_plans import DuplicatePairForm, UndoMergeForm
from ..revisions import check_revision, latest_revisions
from .edit_common import post_only, saved

# kind → (the model, its fetcher for a decision, its merge, its undo, the title field)
KINDS = {
    DuplicateKind.ACTIVITY: (
        Activity,
        activity_access.get_activity_for_merge,
        activity_services.merge_activities,
        activity_services.undo_activity_merge,
        "name",
    ),
    DuplicateKind.MEASURE: (
        Measure,
        plan_access.get_measure_for_merge,
        plan_services.merge_measures,
        plan_services.undo_measure_merge,
        "title",
    ),
}


def _kind(kind: str):
    if kind not in KINDS:
        raise Http404
    return KINDS[kind]


def _merges(kind, model) -> list:
    decisions = list(activity_duplicates.merges(kind))
    ids = {d.first_id for d in decisions} | {d.second_id for d in decisions}
    items = model.objects.in_bulk(ids)
    revisions = latest_revisions(DuplicateDecision, [d.pk for d in decisions])
    for decision in decisions:
        decision.kept = items.get(decision.kept_id)
        decision.other = items.get(decision.other_id)
        decision.revision = revisions.get(decision.pk, 0)
    return decisions


def duplicate_list(request):
    activity_access.require_duplicate_decider(request.user)
    activity_pairs, activities_capped = activity_duplicates.suspected_activity_pairs()
    measure_pairs, measures_capped = measure_duplicates.suspected_measure_pairs()
    return render(
        request,
        "web/activities/duplicates.html",
        {
            "activity_pairs": activity_pairs,
            "measure_pairs": measure_pairs,
            "activity_merges": _merges(DuplicateKind.ACTIVITY, Activity),
            "measure_merges": _merges(DuplicateKind.MEASURE, Measure),
            "capped": activities_capped or measures_capped,
            "scan_limit": similarity.SCAN_LIMIT,
            "per_organisation": similarity.PER_ORGANISATION,
            "threshold": int(similarity.THRESHOLD),
            "nav": "mapping",
        },
    )


def _decide(request, kind, first_pk, second_pk, decide):
    model, fetch, merge, _undo, title = _kind(kind)
    first, second = fetch(request.user, first_pk), fetch(request.user, second_pk)
    if refused := post_only(request):
        return refused
    back = reverse("web:duplicate_list")
    form = DuplicatePairForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(back)
    score = similarity.score(
        similarity.Item(first.pk, getattr(first, title), first.description),
        similarity.Item(second.pk, getattr(second, title), second.description),
    )
    try:
        with transaction.atomic():
            check_revision(first, form.cleaned_data["first_revision"])
            check_revision(second, form.cleaned_data["second_revision"])
            message = decide(first, second, form.cleaned_data.get("kept"), score, merge)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    return saved(request, message, back)


def duplicate_merge(request, kind, first_pk, second_pk):
    """Merge the pair, keeping the one the coordinator chose (`kept`, one of the two)."""

    def decide(first, second, kept_pk, score, merge):
        if kept_pk not in (first.pk, second.pk):
            raise ValidationError(_("Choose which of the two to keep."))
        kept, other = (first, second) if kept_pk == first.pk else (second, first)
        merge(kept, other, score=score, by=request.user)
        return _("“%(other)s” was merged into “%(kept)s”. The merge can be undone below.") % {
            "other": other,
            "kept": kept,
        }

    return _decide(request, kind, first_pk, second_pk, decide)


def duplicate_dismiss(request, kind, first_pk, second_pk):
    """ "Not a duplicate": remembered, the pair is no longer listed."""

    def decide(first, second, _kept, score, _merge):
        activity_services.dismiss_duplicate(kind, first, second, score=score, by=request.user)
        return _("“%(first)s” and “%(second)s” are marked as not duplicates.") % {
            "first": first,
            "second": second,
        }

    return _decide(request, kind, first_pk, second_pk, decide)


def duplicate_undo(request, pk):
    decision = activity_access.get_duplicate_decision_for_undo(request.user, pk)
    if refused := post_only(request):
        return refused
    _model, _fetch, _merge, undo, _title = _kind(decision.kind)
    back = reverse("web:duplicate_list")
    form = UndoMergeForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(" ".join(e for errors in form.errors.values() for e in errors))
        with transaction.atomic():
            check_revision(decision, form.cleaned_data["revision"])
            undo(decision, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    return saved(request, _("The merge was undone: both are listed again."), back)
