"""The documents around a consultation round: a statement's attached files (upload, download,
removal), a statement received as a document on paper or by e-mail (the coordinator registers
it), and the proposal for a decision (förslag till beslut) with its Word file.

Every view: fetch through riktning.consultation.access, parse, call riktning.consultation.services,
respond. See consultation/access.py for who may do what.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from riktning.consultation import access as consultation_access
from riktning.consultation import decision_report, services
from riktning.consultation.models import DecisionProposal, submitted_message
from riktning.reports.registry import FORMAT_TYPES

from .. import forms_consultation as forms
from .consultation import TEMPLATE_DIR, _already_submitted, _round_crumbs
from .edit_common import form_page, post_only, posted, save, saved

# --- attachments ----------------------------------------------------------------------------


def _frozen_page(request, statement):
    """Refuse a change to a submitted statement: say why, change nothing (409 Conflict)."""
    form = forms.EditForm(data={})
    form.is_valid()
    form.add_validation_error(ValidationError(submitted_message()))
    return form_page(
        request,
        form,
        title=_("The statement has been submitted"),
        cancel_url=reverse("web:statement_detail", args=[statement.pk]),
        breadcrumbs=_round_crumbs(statement.round),
        status=409,
        show_form=False,
    )


def attachment_add(request, pk):
    statement = consultation_access.get_statement_for_edit(request.user, pk)
    form = forms.AttachmentForm(posted(request), request.FILES or None)
    if statement.is_submitted:
        if request.method == "POST":
            return _frozen_page(request, statement)
        return _already_submitted(request, statement)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        attachment = save(
            form, lambda: services.add_attachment(statement, by=request.user, upload=upload)
        )
        if attachment:
            return saved(
                request,
                _("“%(name)s” was attached.") % {"name": attachment.original_name},
                reverse("web:statement_edit", args=[statement.pk]),
            )
    return render(
        request,
        TEMPLATE_DIR + "attachment_form.html",
        {
            "form": form,
            "statement": statement,
            "title": _("Attach a file"),
            "breadcrumbs": _round_crumbs(statement.round),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def attachment_download(request, pk):
    attachment = consultation_access.get_attachment_for_download(request.user, pk)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


def attachment_delete(request, pk):
    attachment = consultation_access.get_attachment_for_download(request.user, pk)
    if refused := post_only(request):
        return refused
    statement = attachment.statement
    if statement.is_submitted:
        return _frozen_page(request, statement)
    attachment = consultation_access.get_attachment_for_edit(request.user, pk)
    name = attachment.original_name
    services.remove_attachment(attachment)
    return saved(
        request,
        _("“%(name)s” was removed.") % {"name": name},
        reverse("web:statement_edit", args=[statement.pk]),
    )


# --- a statement received outside Riktning --------------------------------------------------


def statement_register(request, pk):
    """The coordinator starts registering a statement a recipient sent on paper or by e-mail."""
    round = consultation_access.get_round_for_manage(request.user, pk)
    form = forms.RegisterStatementForm(posted(request), round=round)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        recipient = consultation_access.get_recipient_for_registering(
            request.user, round.pk, data["organisation"].pk
        )
        statement = save(
            form,
            lambda: services.start_registered_statement(
                recipient,
                by=request.user,
                received_on=data["received_on"],
                received_via=data["received_via"],
            ),
        )
        if statement:
            return saved(
                request,
                _(
                    "Register the statement of %(organisation)s: fill in its content, attach "
                    "the document you received and submit it."
                )
                % {"organisation": recipient.organisation},
                reverse("web:statement_edit", args=[statement.pk]),
            )
    return form_page(
        request,
        form,
        title=_("Register a statement received on paper or by e-mail"),
        lead=_(
            "For a recipient that answered outside Riktning. The statement is marked as "
            "registered by you, and it is late if it was received after %(date)s."
        )
        % {"date": round.reply_by.isoformat()},
        cancel_url=reverse("web:round_detail", args=[round.pk]),
        breadcrumbs=_round_crumbs(round),
        submit_label=_("Start registering"),
    )


COMMENTS_PREFIX = "comments"


def _rows_again(request, round, *, add: int):
    """The forms shown again, unchecked, after "Add a comment row" or "Show the parts' texts"
    (a POST that saves nothing): the entries as they were, each row with its part's text and
    sentences to pick from, `add` empty rows more."""
    bound = forms.CommentFormSet(
        request.POST, prefix=COMMENTS_PREFIX, form_kwargs={"version": round.version}
    )
    initial = [{name: row[name].value() for name in row.fields} for row in bound.forms]
    rows = forms.CommentFormSet(
        initial=initial, prefix=COMMENTS_PREFIX, form_kwargs={"version": round.version}
    )
    rows.extra = len(initial) + add
    rows.initial_form_count = lambda: 0  # every row may be left empty
    form = forms.ReceivedStatementForm(initial=request.POST.dict(), round=round)
    return form, rows


def _comments_of(rows) -> tuple[list[dict], list]:
    """The filled-in rows' comments (as add_comment's keyword arguments) and their forms."""
    filled = [row for row in rows.forms if row.has_changed() and row.cleaned_data]
    return [row.comment_fields() for row in filled], filled


def statement_register_received(request, pk):
    """The coordinator registers a statement received on paper or by e-mail on one page: the
    body, the date, the document and every comment, saved together as a received statement."""
    round = consultation_access.get_round_for_manage(request.user, pk)
    version = round.version
    status = 200
    if request.method == "POST" and ("add" in request.POST or "show" in request.POST):
        form, rows = _rows_again(request, round, add=1 if "add" in request.POST else 0)
    else:
        form = forms.ReceivedStatementForm(
            posted(request),
            request.FILES or None,
            round=round,
            initial={"revision": services.statement_revision(round)},
        )
        rows = forms.CommentFormSet(
            posted(request), prefix=COMMENTS_PREFIX, form_kwargs={"version": version}
        )
        if request.method == "GET":
            rows.extra = 3
    if request.method == "POST" and "add" not in request.POST and "show" not in request.POST:
        if form.is_valid() and rows.is_valid():
            data = form.cleaned_data
            comments, filled = _comments_of(rows)
            recipient = consultation_access.get_recipient_for_registering(
                request.user, round.pk, data["organisation"].pk
            )
            try:
                with transaction.atomic():
                    statement = services.register_received_statement(
                        recipient,
                        by=request.user,
                        received_on=data["received_on"],
                        received_via=data["received_via"],
                        revision=data["revision"],
                        comments=comments,
                        upload=data["file"],
                        **form.statement_fields(),
                    )
            except services.CommentsRefused as refused:
                for index, error in refused.rows.items():
                    filled[index].add_validation_error(error)
            except ValidationError as error:
                form.add_validation_error(error)
                if getattr(error, "code", None) == "conflict":
                    # Saving again, knowing it, is checked against the state shown now.
                    form.data = form.data.copy()
                    form.data["revision"] = str(services.statement_revision(round))
                    status = 409
            else:
                return saved(
                    request,
                    ngettext(
                        "The statement of %(organisation)s was registered with %(count)s "
                        "comment. It is a received public document.",
                        "The statement of %(organisation)s was registered with %(count)s "
                        "comments. It is a received public document.",
                        len(comments),
                    )
                    % {"organisation": recipient.organisation, "count": len(comments)},
                    reverse("web:statement_detail", args=[statement.pk]),
                )
        if status == 200:
            status = 400
    return render(
        request,
        TEMPLATE_DIR + "statement_register_received.html",
        {
            "form": form,
            "rows": rows,
            "round": round,
            "errors": _error_list(form, rows) if form.is_bound else [],
            "title": _("Register a received statement"),
            "breadcrumbs": _round_crumbs(round),
        },
        status=status,
    )


def _error_list(form, rows) -> list[tuple[str, str]]:
    """(link target, message) for the error summary: the statement's fields, then each row's."""
    found = [("", error) for error in form.non_field_errors()]
    for field in form:
        found += [(field.id_for_label, f"{field.label}: {error}") for error in field.errors]
    for number, row in enumerate(rows.forms, start=1):
        if not row.is_bound or not row.errors:
            continue
        prefix = _("Comment %(number)s") % {"number": number}
        found += [("", f"{prefix}: {error}") for error in row.non_field_errors()]
        for field in row:
            found += [
                (field.id_for_label, f"{prefix}, {field.label}: {error}") for error in field.errors
            ]
    return found


# --- the proposal for a decision ------------------------------------------------------------


def _proposal(round) -> DecisionProposal | None:
    return (
        DecisionProposal.objects.select_related("proposed_version", "updated_by")
        .filter(round=round)
        .first()
    )


def decision_proposal(request, pk):
    round = consultation_access.get_round_for_decision_proposal(request.user, pk)
    proposal = _proposal(round)
    return render(
        request,
        TEMPLATE_DIR + "decision_proposal.html",
        {
            "round": round,
            "proposal": proposal,
            "attachments": decision_report.basis_names(proposal) if proposal else [],
            "decision_parts": decision_report.decision_blocks(proposal.text) if proposal else [],
            "case_summary": (proposal.summary or decision_report.default_summary(round))
            if proposal
            else "",
            "send_to": decision_report.recipients(proposal) if proposal else [],
            "can_edit": consultation_access.can_edit_decision_proposal(request.user, round),
            "breadcrumbs": _round_crumbs(round),
        },
    )


def decision_proposal_edit(request, pk):
    round = consultation_access.get_round_for_decision_proposal(request.user, pk, edit=True)
    proposal = _proposal(round)
    versions = services.proposal_versions(round)
    initial = (
        {
            "summary": proposal.summary,
            "text": proposal.text,
            "case_number": proposal.case_number,
            "proposed_version": proposal.proposed_version_id,
            "send_to": [o.pk for o in proposal.send_to.all()],
            "revision": proposal.revision,
        }
        if proposal
        else {"revision": 0, "proposed_version": getattr(versions.first(), "pk", None)}
    )
    form = forms.DecisionProposalForm(posted(request), initial=initial, versions=versions)
    lead = _("The proposal goes with the proposed version and the summary of the answers.")
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result = save(
            form,
            lambda: services.save_decision_proposal(
                round,
                by=request.user,
                text=data["text"],
                summary=data["summary"],
                case_number=data["case_number"],
                proposed_version=data["proposed_version"],
                send_to=list(data["send_to"]),
                revision=data["revision"],
            ),
        )
        if result:
            return saved(
                request,
                _("The proposal for a decision was saved."),
                reverse("web:decision_proposal", args=[round.pk]),
            )
        current = _proposal(round)
        if current is not None and current.revision != data["revision"]:
            # Someone saved in between: show what they saved; a second save, made knowing it,
            # replaces it.
            form.data = form.data.copy()
            form.data["revision"] = current.revision
            saved_now = [current.summary, current.text]
            lead = "\n".join([_("The proposal as it is saved now:"), *filter(None, saved_now)])
            status = 409
    return form_page(
        request,
        form,
        title=_("Proposal for a decision"),
        lead=lead,
        cancel_url=reverse("web:decision_proposal", args=[round.pk]),
        breadcrumbs=_round_crumbs(round),
        status=status,
    )


def decision_proposal_download(request, pk):
    round = consultation_access.get_round_for_decision_proposal(request.user, pk)
    if _proposal(round) is None:
        from django.http import Http404

        raise Http404
    content_type, extension = FORMAT_TYPES["docx"]
    response = HttpResponse(decision_report.render(round, "docx"), content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="forslag-till-beslut-remiss-{round.pk}.{extension}"'
    )
    return response
