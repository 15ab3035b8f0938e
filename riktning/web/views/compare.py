"""Comparing two versions of a steering document (marked-up text and change list), and the next
version created from a consultation round with the accepted text proposals applied.

Every view: fetch through the domains' access modules (strategy.access, consultation.access),
parse, call the domain (riktning.strategy.compare, riktning.consultation.nextversion), respond.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from riktning.consultation import access as consultation_access
from riktning.consultation import nextversion
from riktning.consultation.constants import Decision
from riktning.consultation.summary import anchor_label
from riktning.strategy import access as strategy_access
from riktning.strategy.compare import compare_versions, field_labels

from ..forms_compare import NextVersionForm
from .edit_common import form_page, post_only, posted, save, version_crumbs

# The folder of this module's templates.
TEMPLATE_DIR = "web/compare/"


def version_compare(request, a, b):
    """Version `a` (before) compared with version `b` (after); both must be visible to the user
    and belong to the same document."""
    old = strategy_access.get_version_for_view(request.user, a)
    new = strategy_access.get_version_for_view(request.user, b)
    if old.document_id != new.document_id:
        return render(
            request,
            TEMPLATE_DIR + "refused.html",
            {
                "old": old,
                "new": new,
                "message": _(
                    "“%(old)s” and “%(new)s” are versions of different documents "
                    "(“%(old_document)s” and “%(new_document)s”). Only versions of the same "
                    "document can be compared."
                )
                % {
                    "old": old.title,
                    "new": new.title,
                    "old_document": old.document.title,
                    "new_document": new.document.title,
                },
            },
            status=400,
        )
    forced, causes = nextversion.comparison_links(old, new, request.user)
    comparison = compare_versions(old, new, forced=forced, causes=causes)
    link_comments = []
    if consultation_access.can_run_rounds(request.user) and new.based_on_id == old.pk:
        link_comments = nextversion.linkable_comments(old)
        for comment in link_comments:
            comment.label = anchor_label(comment)
        for change in comparison.changes:
            if change.new is not None:
                kind = nextversion.PART_OF_COMPARE_KIND[change.part_kind]
                change.link_part = f"{kind}:{change.new.pk}"
    return render(
        request,
        TEMPLATE_DIR + "compare.html",
        {
            "nav": "documents",
            "old": old,
            "new": new,
            "version": new,
            "document": new.document,
            "comparison": comparison,
            "link_comments": link_comments,
        },
    )


def _compare_url(version) -> str:
    if version.based_on_id:
        return reverse("web:version_compare", args=[version.based_on_id, version.pk])
    return reverse("web:version_detail", args=[version.pk])


def change_link_create(request, pk):
    """The coordinator credits a change of a part of version `pk` to a comment by hand (POST:
    comment, part = "<kind>:<pk>")."""
    version = consultation_access.get_version_for_change_links(request.user, pk)
    if refused := post_only(request):
        return refused
    comment_pk, part = request.POST.get("comment", ""), request.POST.get("part", "")
    kind, _sep, part_pk = part.partition(":")
    model = nextversion.MODELS.get(kind)
    if not comment_pk.isdigit() or model is None or not part_pk.isdigit():
        messages.error(request, _("Choose a comment and a change to link. Nothing was saved."))
        return redirect(_compare_url(version))
    comment = consultation_access.get_comment_for_disposition(request.user, int(comment_pk))
    target = model.objects.filter(pk=int(part_pk)).first()
    if target is None:
        messages.error(request, _("The part no longer exists. Nothing was saved."))
        return redirect(_compare_url(version))
    try:
        nextversion.link_change(comment, target, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The change is now credited to the comment."))
    return redirect(_compare_url(version))


def change_link_delete(request, pk):
    link = consultation_access.get_change_link_for_edit(request.user, pk)
    if refused := post_only(request):
        return refused
    version = link.version
    nextversion.unlink_change(link, by=request.user)
    messages.success(request, _("The link from the change to the comment was removed."))
    return redirect(_compare_url(version))


def version_compare_pick(request, pk):
    """The version page's form: ?med=<other version> → the comparison, earlier version first."""
    version = strategy_access.get_version_for_view(request.user, pk)
    raw = request.GET.get("med", "")
    other = None
    if raw.isdigit():
        other = (
            strategy_access.visible_versions(request.user, version.document.versions.all())
            .filter(pk=int(raw))
            .first()
        )
    if other is None:
        messages.error(request, _("Choose another version of this document to compare with."))
        return redirect("web:version_detail", version.pk)
    old, new = sorted([version, other], key=lambda v: v.number)
    return redirect("web:version_compare", old.pk, new.pk)


def next_version_create(request, pk):
    round = consultation_access.get_round_for_manage(request.user, pk)
    source = round.version
    form = NextVersionForm(
        posted(request),
        initial={"title": _("%(title)s (after consultation)") % {"title": source.title}},
    )
    if request.method == "POST" and form.is_valid():
        created = save(
            form,
            lambda: nextversion.create_next_version(
                round,
                by=request.user,
                title=form.cleaned_data["title"],
                include_partly=form.cleaned_data["include_partly"],
            ),
        )
        if created:
            messages.success(
                request,
                _("“%(title)s” was created as a draft.") % {"title": created.version.title},
            )
            return redirect("web:next_version_result", created.version_id)
    taken = nextversion.proposals_to_apply(round, include_partly=True)
    full = sum(1 for c in taken if c.disposition.decision == Decision.TAKEN_IN)
    lead = _(
        "A new draft of “%(document)s” is copied from “%(version)s”. Of the round's text "
        "proposals, %(full)s are taken in and %(partly)s partly taken in. A proposal is applied "
        "only where its passage occurs exactly once in the part it is about; the others are "
        "listed for you to handle."
    ) % {
        "document": source.document.title,
        "version": source.title,
        "full": full,
        "partly": len(taken) - full,
    }
    earlier = [record.version.title for record in round.next_versions.select_related("version")]
    if earlier:
        lead += "\n" + _(
            "Already created from this round: %(titles)s. Another one is a new, separate draft."
        ) % {"titles": ", ".join(f"”{title}”" for title in earlier)}
    return form_page(
        request,
        form,
        title=_("Create the next version"),
        lead=lead,
        cancel_url=reverse("web:round_detail", args=[round.pk]),
        breadcrumbs=version_crumbs(source)
        + [(round.title, reverse("web:round_detail", args=[round.pk]))],
        submit_label=_("Create the next version"),
    )


def next_version_result(request, pk):
    """What became of each proposal when the version `pk` was created from a round."""
    record = consultation_access.get_next_version_for_view(request.user, pk)
    outcomes = list(
        record.outcomes.select_related(
            "comment__statement__organisation",
            "comment__disposition",
            "comment__section",
            "comment__area",
            "comment__goal",
            "comment__goal_indicator__indicator",
            "comment__indicator",
        ).order_by("id")
    )
    labels = field_labels()
    for outcome in outcomes:
        outcome.label = anchor_label(outcome.comment)
        outcome.part_url = _part_url(outcome.part_kind, nextversion.outcome_part(outcome))
        outcome.field_label = labels.get(outcome.field, outcome.field) or (
            outcome.comment.get_proposal_kind_display()
        )
        outcome.message = "" if outcome.applied else nextversion.outcome_message(outcome)
    return render(
        request,
        TEMPLATE_DIR + "next_version.html",
        {
            "nav": "documents",
            "record": record,
            "round": record.round,
            "source": record.round.version,
            "version": record.version,
            "applied": [o for o in outcomes if o.applied],
            "not_applied": [o for o in outcomes if not o.applied],
        },
    )


def _part_url(kind: str, part) -> str:
    """Where the new version shows a part (empty if it has been removed since)."""
    if part is None or not kind:
        return ""
    if kind == "area":
        return reverse("web:area_detail", args=[part.pk])
    if kind == "goal":
        return reverse("web:goal_detail", args=[part.pk])
    if kind == "goal_indicator":
        return reverse("web:goal_detail", args=[part.goal_id])
    return reverse("web:version_detail", args=[part.version_id]) + f"#section-{part.pk}"
