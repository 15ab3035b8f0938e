"""Pages of a consultation round (remiss): the round at a glance, a body's statement with its
comments, submitting it, the coordinator's dispositions and the compiled summary.

Every view: fetch through riktning.consultation.access, parse, call riktning.consultation.services,
respond. Drafts are their own organisation's; see consultation/access.py.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from riktning.consultation import access as consultation_access
from riktning.consultation import report, services, statements
from riktning.consultation.models import Disposition, Recipient
from riktning.consultation.summary import compile_summary
from riktning.reports.registry import FORMAT_TYPES

from .. import forms_consultation as forms
from ..revisions import guard, save_checked
from .edit_common import form_page, post_only, posted, save, saved

# The folder of this module's templates.
TEMPLATE_DIR = "web/consultation/"


def _round_crumbs(round) -> list[tuple[str, str]]:
    version = round.version
    return [
        (_("Steering documents"), reverse("web:document_list")),
        (version.document.title, reverse("web:document_detail", args=[version.document_id])),
        (version.title, reverse("web:version_detail", args=[version.pk])),
        (round.title, reverse("web:round_detail", args=[round.pk])),
    ]


def _already_submitted(request, statement):
    """A submitted statement is not edited or submitted again: back to it, saying why (a page
    that only redirected left the person wondering where their edit went)."""
    messages.info(
        request,
        _(
            "This statement has already been submitted and is a received public document: it "
            "cannot be changed or submitted again. A correction is a new statement (“Submit a "
            "correction”)."
        ),
    )
    return redirect("web:statement_detail", statement.pk)


# --- the round ----------------------------------------------------------------------------


def round_create(request, pk):
    version = consultation_access.get_version_for_new_round(request.user, pk)
    form = forms.RoundForm(posted(request), version=version)
    if request.method == "POST" and form.is_valid():
        round = save(
            form, lambda: services.open_round(version, by=request.user, **form.cleaned_data)
        )
        if round:
            return saved(
                request,
                _("The round was opened. Send it to the recipients from its page."),
                reverse("web:round_detail", args=[round.pk]),
            )
    return form_page(
        request,
        form,
        title=_("Open a consultation round"),
        lead=_("The round is on “%(title)s”.") % {"title": version.title},
        cancel_url=reverse("web:version_detail", args=[version.pk]),
        breadcrumbs=[(version.title, reverse("web:version_detail", args=[version.pk]))],
        submit_label=_("Open round"),
    )


def round_detail(request, pk):
    round = consultation_access.get_round_for_view(request.user, pk)
    summary = compile_summary(round)
    writes_for = consultation_access.statement_organisation_ids(request.user)
    own = [row for row in summary.rows if row.organisation.pk in writes_for]
    drafts = statements.drafts_of(round, [row.organisation for row in own])
    return render(
        request,
        TEMPLATE_DIR + "round_detail.html",
        {
            "round": round,
            "version": round.version,
            "summary": summary,
            "own": [(row, drafts.get(row.organisation.pk)) for row in own],
            "can_run": consultation_access.can_run_rounds(request.user),
            "answered": len(summary.answered),
            "total": len(summary.rows),
            "registered_drafts": statements.registered_drafts(round)
            if consultation_access.can_run_rounds(request.user)
            else [],
            "can_see_proposal": consultation_access.can_view_decision_proposal(request.user, round),
            "reply_day_passed": round.reply_by < timezone.localdate(),
            "can_remind": services.can_remind(round) if round.sent_on else False,
        },
    )


def round_sent_outside(request, pk):
    """The sent date of a round sent on paper or by e-mail, recorded afterwards."""
    round = consultation_access.get_round_for_manage(request.user, pk)
    form = forms.SentOutsideForm(posted(request))
    if request.method == "POST" and form.is_valid():
        sent_on = form.cleaned_data["sent_on"]
        if save(
            form, lambda: services.record_sent_outside(round, by=request.user, sent_on=sent_on)
        ):
            return saved(
                request,
                _("The day the round was sent was recorded."),
                reverse("web:round_detail", args=[pk]),
            )
    return form_page(
        request,
        form,
        title=_("Record when the round was sent"),
        lead=_(
            "For a round sent on paper or by e-mail outside Riktning: the day it was sent. "
            "Nothing is sent from Riktning."
        ),
        cancel_url=reverse("web:round_detail", args=[pk]),
        breadcrumbs=_round_crumbs(round),
        submit_label=_("Save"),
    )


def round_send(request, pk):
    round = consultation_access.get_round_for_manage(request.user, pk)
    if refused := post_only(request):
        return refused
    reminder = round.sent_on is not None
    try:
        count = services.send_round(round, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("web:round_detail", pk=pk)
    message = (
        ngettext(
            "A reminder was sent: %(count)s message.",
            "A reminder was sent: %(count)s messages.",
            count,
        )
        if reminder
        else ngettext(
            "The round was sent: %(count)s message.",
            "The round was sent: %(count)s messages.",
            count,
        )
    )
    return saved(request, message % {"count": count}, reverse("web:round_detail", args=[pk]))


# --- statements ---------------------------------------------------------------------------


def statement_start(request, pk, organisation_pk):
    recipient = consultation_access.get_recipient_for_statement(request.user, pk, organisation_pk)
    if refused := post_only(request):
        return refused
    statement = services.start_statement(recipient, by=request.user)
    return redirect("web:statement_edit", statement.pk)


def statement_detail(request, pk):
    statement = consultation_access.get_statement_for_view(request.user, pk)
    round = statement.round
    return render(
        request,
        TEMPLATE_DIR + "statement_detail.html",
        {
            "statement": statement,
            "round": round,
            "comments": statements.labelled_comments(statement),
            "breadcrumbs": _round_crumbs(round),
            "can_edit": consultation_access.can_edit_statement(request.user, statement),
            "can_correct": statement.is_submitted
            and consultation_access.can_write_statement_for(request.user, statement.organisation),
            "can_dispose": statement.is_submitted
            and consultation_access.can_run_rounds(request.user),
            "corrections": statements.submitted_corrections(statement),
            "attachments": statement.attachments.all(),
        },
    )


def statement_edit(request, pk):
    statement = consultation_access.get_statement_for_edit(request.user, pk)
    if statement.is_submitted:
        return _already_submitted(request, statement)
    form_class = forms.RegisteredStatementForm if statement.is_registered else forms.StatementForm
    form = form_class(posted(request), instance=statement)
    guard(form, statement)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form_class.Meta.fields}
        if save_checked(form, statement, lambda: services.save_statement(statement, **fields)):
            return saved(
                request,
                _("The draft statement was saved."),
                reverse("web:statement_edit", args=[pk]),
            )
    return render(
        request,
        TEMPLATE_DIR + "statement_edit.html",
        {
            "form": form,
            "statement": statement,
            "round": statement.round,
            "comments": statements.labelled_comments(statement),
            "attachments": statement.attachments.all(),
            "attachment_form": forms.AttachmentForm(),
            "title": _("Statement of %(organisation)s") % {"organisation": statement.organisation},
            "breadcrumbs": _round_crumbs(statement.round),
        },
        status=409 if form.conflict is not None else 200,
    )


def _comment_form(request, version, initial=None):
    """The comment form; after "Show the part's text" (a POST that saves nothing) the entries are
    shown back unchecked, with the chosen part's text and sentences to pick from."""
    if request.method == "POST" and "show" in request.POST:
        return forms.CommentForm(initial=request.POST.dict(), version=version), True
    return forms.CommentForm(posted(request), initial=initial, version=version), False


def _proposal(data) -> dict:
    """The proposal's fields of a valid comment form, for add_comment/update_comment."""
    return {
        name: data[name]
        for name in ("proposal_kind", "replace_text", "replacement", "new_title", "indicator")
    }


def _comment_page(request, form, statement, *, title, submit_label, comment=None):
    status = 409 if getattr(form, "conflict", None) is not None else 200
    return render(
        request,
        TEMPLATE_DIR + "comment_form.html",
        {
            "form": form,
            "statement": statement,
            "comment": comment,
            "title": title,
            "lead": _(
                "Choose what the comment is about: the whole draft or one part of it. A proposal "
                "is optional."
            ),
            "cancel_url": reverse("web:statement_edit", args=[statement.pk]),
            "breadcrumbs": _round_crumbs(statement.round),
            "submit_label": submit_label,
        },
        status=status,
    )


def comment_create(request, pk):
    statement = consultation_access.get_statement_for_edit(request.user, pk)
    if statement.is_submitted:
        return _already_submitted(request, statement)
    form, showing = _comment_form(request, statement.round.version)
    if request.method == "POST" and not showing and form.is_valid():
        data = form.cleaned_data
        if save(
            form,
            lambda: services.add_comment(
                statement,
                anchor=data["anchor"],
                text=data["text"],
                **_proposal(data),
            ),
        ):
            return saved(
                request, _("The comment was added."), reverse("web:statement_edit", args=[pk])
            )
    return _comment_page(
        request, form, statement, title=_("Add a comment"), submit_label=_("Add comment")
    )


def comment_edit(request, pk):
    """A comment of a draft statement changed, with the revision it was opened on."""
    comment = consultation_access.get_comment_for_edit(request.user, pk)
    statement = comment.statement
    if statement.is_submitted:
        return _already_submitted(request, statement)
    initial = {
        "anchor": forms.anchor_value(comment.anchor),
        "text": comment.text,
        "proposal_kind": comment.proposal_kind,
        "replace_text": comment.replace_text,
        "replacement": comment.replacement,
        "new_title": comment.new_title,
        "indicator": comment.indicator_id,
    }
    form, showing = _comment_form(request, statement.round.version, initial)
    guard(form, comment)
    if request.method == "POST" and not showing and form.is_valid():
        data = form.cleaned_data
        if save_checked(
            form,
            comment,
            lambda: services.update_comment(
                comment,
                anchor=data["anchor"],
                text=data["text"],
                **_proposal(data),
            ),
        ):
            return saved(
                request,
                _("The comment was saved."),
                reverse("web:statement_edit", args=[statement.pk]),
            )
    return _comment_page(
        request,
        form,
        statement,
        title=_("Change the comment"),
        submit_label=_("Save"),
        comment=comment,
    )


def comment_delete(request, pk):
    from riktning.consultation.models import Comment

    comment = Comment.objects.filter(pk=pk).select_related("statement").first()
    statement_pk = comment.statement_id if comment else None
    statement = consultation_access.get_statement_for_edit(request.user, statement_pk)
    if refused := post_only(request):
        return refused
    if statement.is_submitted:
        return _already_submitted(request, statement)
    services.remove_comment(comment)
    return saved(
        request, _("The comment was removed."), reverse("web:statement_edit", args=[statement.pk])
    )


def statement_submit(request, pk):
    statement = consultation_access.get_statement_for_edit(request.user, pk)
    if statement.is_submitted:
        return _already_submitted(request, statement)
    form = forms.EditForm(posted(request))
    if request.method == "POST" and form.is_valid():
        if save(form, lambda: services.submit_statement(statement, by=request.user)):
            return saved(
                request,
                _("The statement was submitted. It is now a received public document."),
                reverse("web:statement_detail", args=[pk]),
            )
    return form_page(
        request,
        form,
        title=_("Submit the statement of %(organisation)s")
        % {"organisation": statement.organisation},
        lead=_(
            "A submitted statement is a received public document: it cannot be changed "
            "afterwards, only corrected by a new submission."
        ),
        cancel_url=reverse("web:statement_edit", args=[pk]),
        breadcrumbs=_round_crumbs(statement.round),
        submit_label=_("Submit statement"),
    )


def statement_correct(request, pk):
    statement = consultation_access.get_statement_for_correction(request.user, pk)
    if refused := post_only(request):
        return refused
    recipient = Recipient.objects.get(
        round_id=statement.round_id, organisation_id=statement.organisation_id
    )
    draft = services.start_statement(recipient, by=request.user)
    return redirect("web:statement_edit", draft.pk)


# --- dispositions and the summary ---------------------------------------------------------


def disposition_edit(request, pk):
    comment = consultation_access.get_comment_for_disposition(request.user, pk)
    round = comment.statement.round
    from riktning.consultation.summary import anchor_label, disposition_of

    current = disposition_of(comment)
    initial = {"decision": current.decision, "reason": current.reason} if current else None
    form = forms.DispositionForm(posted(request), initial=initial)
    guard(form, comment, subject=lambda: Disposition.objects.filter(comment=comment).first())
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in ("decision", "reason")}
        if save_checked(
            form,
            comment,
            lambda: services.record_disposition(comment, by=request.user, **data),
            subject=lambda: Disposition.objects.filter(comment=comment).first(),
        ):
            return saved(
                request,
                _("The decision was recorded."),
                reverse("web:statement_detail", args=[comment.statement_id]),
            )
    lead = "\n".join(
        [
            f"{comment.statement.organisation} – {anchor_label(comment)}",
            comment.text,
            *([comment.proposal_words()] if comment.has_proposal else []),
        ]
    )
    return form_page(
        request,
        form,
        title=_("Decide on a comment"),
        lead=lead,
        cancel_url=reverse("web:statement_detail", args=[comment.statement_id]),
        breadcrumbs=_round_crumbs(round),
        submit_label=_("Record decision"),
    )


def round_summary(request, pk, by_part=False):
    round = consultation_access.get_round_for_view(request.user, pk)
    return render(
        request,
        TEMPLATE_DIR + "summary.html",
        {
            "round": round,
            "summary": compile_summary(round),
            "by_part": by_part,
            "breadcrumbs": _round_crumbs(round),
            "can_run": consultation_access.can_run_rounds(request.user),
            "formats": [fmt for fmt in report.FORMATS],
        },
    )


def round_summary_by_part(request, pk):
    return round_summary(request, pk, by_part=True)


def introduction_edit(request, pk):
    round = consultation_access.get_round_for_manage(request.user, pk)
    form = forms.IntroductionForm(posted(request), initial={"introduction": round.introduction})
    guard(form, round)
    if request.method == "POST" and form.is_valid():
        if save_checked(
            form,
            round,
            lambda: services.set_introduction(
                round, introduction=form.cleaned_data["introduction"]
            ),
        ):
            return saved(
                request,
                _("The introduction was saved."),
                reverse("web:round_summary", args=[pk]),
            )
    return form_page(
        request,
        form,
        title=_("Introduction to the summary"),
        cancel_url=reverse("web:round_summary", args=[pk]),
        breadcrumbs=_round_crumbs(round),
    )


def summary_download(request, pk, fmt):
    round = consultation_access.get_round_for_view(request.user, pk)
    if fmt not in report.FORMATS:
        from django.http import Http404

        raise Http404
    content_type, extension = FORMAT_TYPES[fmt]
    response = HttpResponse(report.render(round, fmt), content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="sammanstallning-remiss-{round.pk}.{extension}"'
    )
    return response


def recipient_decline(request, pk, organisation_pk):
    """The coordinator notes (or takes back) that a recipient declined to answer."""
    round = consultation_access.get_round_for_manage(request.user, pk)
    if refused := post_only(request):
        return refused
    recipient = Recipient.objects.filter(round=round, organisation_id=organisation_pk).first()
    if recipient is None:
        from django.http import Http404

        raise Http404
    declined = request.POST.get("declined") == "1"
    services.mark_declined(recipient, by=request.user, declined=declined)
    message = (
        _("%(name)s is marked as having declined to answer.")
        if declined
        else _("%(name)s is no longer marked as having declined.")
    )
    return saved(
        request, message % {"name": recipient.organisation}, reverse("web:round_detail", args=[pk])
    )
