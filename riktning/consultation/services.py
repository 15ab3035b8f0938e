"""Every write of a consultation round. Each runs in one transaction and records the legally
significant events (a round sent, a statement received, a decision recorded) in the audit log.

Who may call a function is decided by its caller, which fetched the objects through
consultation/access.py; each docstring names the rule. `by` is the person acting, recorded as the
statement's author, the event's actor and so on; a function that records nobody has no `by`."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from riktning.accounts.constants import Role
from riktning.audit.services import record_event
from riktning.strategy.constants import VersionStatus

from . import proposals, quotes
from .attachments import check_upload
from .constants import ProposalKind, ReceivedVia, StatementStatus
from .models import (
    Attachment,
    Comment,
    DecisionProposal,
    Disposition,
    Recipient,
    Round,
    Statement,
)

STATEMENT_FIELDS = (
    "position",
    "decision_body",
    "decision_date",
    "decision_paragraph",
    "case_number",
    "summary",
)
# What the coordinator also records for a statement received outside Riktning.
RECEIVED_FIELDS = ("received_on", "received_via")


@transaction.atomic
def open_round(
    version,
    *,
    by,
    title: str,
    cover_letter: str,
    contact_email: str,
    reply_by: datetime.date,
    organisations,
    sent_on: datetime.date | None = None,
    today: datetime.date | None = None,
) -> Round:
    """A new round on a version out for consultation, with one recipient per organisation.
    `sent_on`: a round sent outside Riktning (on paper, by e-mail, perhaps long ago) records the
    day it was sent and is not sent again; its last day may then be in the past, but not before
    the day it was sent. The coordinator's (access.can_run_rounds)."""
    if version.status != VersionStatus.CONSULTATION:
        raise ValidationError(_("A round can be opened only on a version out for consultation."))
    if sent_on is not None:
        _check_sent_outside(sent_on, reply_by, today=today)
    round = Round(
        version=version,
        title=title,
        cover_letter=cover_letter,
        contact_email=contact_email,
        reply_by=reply_by,
        sent_on=sent_on,
    )
    round.full_clean()
    round.save()
    for organisation in organisations:
        Recipient.objects.create(round=round, organisation=organisation)
    record_event("round_opened", round, round.title, actor=by)
    if sent_on is not None:
        record_event("round_sent", round, round.title, actor=by, messages=0, outside_riktning=True)
    return round


@transaction.atomic
def record_sent_outside(
    round: Round, *, by, sent_on: datetime.date, today: datetime.date | None = None
) -> Round:
    """The day a round not sent through Riktning was sent (on paper, by e-mail, an earlier
    round recorded afterwards); nothing is e-mailed. Refused once the round has a sent date, for a
    date after its last day, or in the future. The coordinator's (access.can_run_rounds)."""
    round = Round.objects.select_for_update().get(pk=round.pk)
    if round.sent_on is not None:
        raise ValidationError(
            {
                "sent_on": _("The round was already sent on %(date)s.")
                % {"date": round.sent_on.isoformat()}
            }
        )
    _check_sent_outside(sent_on, round.reply_by, today=today)
    round.sent_on = sent_on
    round.save()
    record_event("round_sent", round, round.title, actor=by, messages=0, outside_riktning=True)
    return round


def _check_sent_outside(sent_on, reply_by, *, today=None) -> None:
    today = today or timezone.localdate()
    if sent_on > today:
        raise ValidationError({"sent_on": _("The day the round was sent cannot be in the future.")})
    if reply_by is not None and sent_on > reply_by:
        raise ValidationError(
            {
                "sent_on": _(
                    "The round cannot have been sent (%(sent)s) after its last day to reply "
                    "(%(reply_by)s)."
                )
                % {"sent": sent_on.isoformat(), "reply_by": reply_by.isoformat()}
            }
        )


def recipient_addresses(organisation) -> list[str]:
    """Where a recipient's letter goes: the organisation's address, else its editors' (and
    those of the bodies directly part of it)."""
    if organisation.email:
        return [organisation.email]
    from riktning.accounts.models import Membership

    members = Membership.objects.filter(role=Role.EDITOR).filter(
        organisation__in=[organisation, *organisation.children.all()]
    )
    return sorted({m.user.email for m in members.select_related("user") if m.user.email})


@transaction.atomic
def send_round(round: Round, *, by, today: datetime.date | None = None) -> int:
    """Send the cover letter to every recipient through Django's e-mail backend; returns how
    many messages went. Sending again is a reminder and keeps the first sent date. The
    coordinator's (access.can_run_rounds)."""
    reminder = round.sent_on is not None
    today = today or timezone.localdate()
    if reminder and not can_remind(round, today=today):
        raise ValidationError(
            _(
                "The round was sent outside Riktning and its last day to reply (%(date)s) has "
                "passed, so no reminder is sent."
            )
            % {"date": round.reply_by.isoformat()}
        )
    if not reminder and round.reply_by < today:
        raise ValidationError(
            _(
                "The last day to reply (%(date)s) has passed, so the round cannot be sent out "
                "now. Open a new round with a later last day."
            )
            % {"date": round.reply_by.isoformat()}
        )
    subject = (_("Reminder: %(title)s") if reminder else "%(title)s") % {"title": round.title}
    body = (
        f"{round.cover_letter}\n\n"
        + _("Reply by %(date)s.") % {"date": round.reply_by.isoformat()}
        + "\n"
        + _("Questions: %(address)s") % {"address": round.contact_email}
    )
    messages = []
    for recipient in round.recipients.select_related("organisation"):
        addresses = recipient_addresses(recipient.organisation)
        if addresses:
            messages.append(
                EmailMessage(
                    subject,
                    body,
                    settings.DEFAULT_FROM_EMAIL,
                    addresses,
                    reply_to=[round.contact_email],
                )
            )
    sent = get_connection().send_messages(messages) if messages else 0
    if not reminder:
        round.sent_on = today
        round.save()
    record_event(
        "round_reminded" if reminder else "round_sent",
        round,
        round.title,
        actor=by,
        messages=sent or 0,
    )
    return sent or 0


def sent_outside_riktning(round: Round) -> bool:
    """Whether the round was sent outside Riktning (on paper, by e-mail, an earlier round
    recorded afterwards): its sending event says so."""
    from riktning.audit.models import Event

    return Event.objects.filter(
        verb="round_sent",
        object_type=Round._meta.label_lower,
        object_id=str(round.pk),
        data__outside_riktning=True,
    ).exists()


def can_remind(round: Round, *, today: datetime.date | None = None) -> bool:
    """Whether a reminder may be sent: the round has been sent, and unless it was sent outside
    Riktning its last day may have passed (a round recorded afterwards, perhaps years later, is
    not reminded of after its last day)."""
    if round.sent_on is None:
        return False
    today = today or timezone.localdate()
    return round.reply_by >= today or not sent_outside_riktning(round)


@transaction.atomic
def set_introduction(round: Round, *, introduction: str) -> Round:
    """The introduction to the round's summary. The coordinator's (access.can_run_rounds)."""
    round.introduction = introduction
    round.save()
    return round


@transaction.atomic
def start_statement(recipient: Recipient, *, by) -> Statement:
    """The organisation's draft statement: the existing one, a correction of the submitted one,
    or a new empty draft. For the organisation's editors (access.can_write_statement_for)."""
    draft = Statement.objects.filter(
        round_id=recipient.round_id,
        organisation_id=recipient.organisation_id,
        status=StatementStatus.DRAFT,
        received_on__isnull=True,
    ).first()
    if draft is not None:
        return draft
    current = recipient.current_statement()
    if current is not None:
        return start_correction(current, by=by)
    statement = Statement.objects.create(
        round_id=recipient.round_id, organisation=recipient.organisation, created_by=by
    )
    return statement


@transaction.atomic
def save_statement(statement: Statement, **fields) -> Statement:
    """Change a draft's fields. For whoever may edit it (access.can_edit_statement)."""
    allowed = STATEMENT_FIELDS + (RECEIVED_FIELDS if statement.is_registered else ())
    for name, value in fields.items():
        if name not in allowed:
            raise TypeError(name)
        setattr(statement, name, value)
    if statement.is_registered:
        _check_received(statement.received_on, statement.received_via)
    statement.full_clean()
    statement.save()
    return statement


@transaction.atomic
def add_comment(
    statement: Statement,
    *,
    anchor,
    text: str,
    replace_text: str = "",
    replacement: str = "",
    proposal_kind: str = "",
    new_title: str = "",
    indicator=None,
) -> Comment:
    """A comment on `anchor`, a Section, DevelopmentArea, Goal or GoalIndicator of the draft, or
    on the whole draft (`anchor=None`), with an optional proposal (`proposal_kind`,
    constants.ProposalKind; a quoted passage without a kind replaces it). The proposal must fit
    the part and a quoted passage occur exactly once in it (proposals.check_proposal); nothing
    is written otherwise. For whoever may edit the statement (access.can_edit_statement)."""
    order = statement.comments.count() + 1
    comment = Comment(statement=statement, order=order)
    return _fill_comment(
        comment,
        anchor=anchor,
        text=text,
        replace_text=replace_text,
        replacement=replacement,
        proposal_kind=proposal_kind,
        new_title=new_title,
        indicator=indicator,
    )


@transaction.atomic
def update_comment(
    comment: Comment,
    *,
    anchor,
    text: str,
    replace_text: str = "",
    replacement: str = "",
    proposal_kind: str = "",
    new_title: str = "",
    indicator=None,
) -> Comment:
    """Change a comment of a draft statement (a submitted one's are refused by the model), with
    the same checks as add_comment. For whoever may edit the statement
    (access.can_edit_statement); the caller checks the form's revision."""
    return _fill_comment(
        comment,
        anchor=anchor,
        text=text,
        replace_text=replace_text,
        replacement=replacement,
        proposal_kind=proposal_kind,
        new_title=new_title,
        indicator=indicator,
    )


def _fill_comment(
    comment: Comment,
    *,
    anchor,
    text,
    replace_text,
    replacement,
    proposal_kind,
    new_title,
    indicator,
) -> Comment:
    kind = quotes.part_kind(anchor) if anchor is not None else ""
    proposal_kind = proposal_kind or (ProposalKind.REPLACE if replace_text.strip() else "")
    proposals.check_proposal(
        version=comment.statement.round.version,
        anchor=anchor,
        kind=proposal_kind,
        replace_text=replace_text,
        replacement=replacement,
        new_title=new_title,
        indicator=indicator,
    )
    for name in Comment.ANCHORS:
        setattr(comment, name, anchor if name == kind else None)
    comment.text = text
    comment.proposal_kind = proposal_kind
    comment.replace_text = replace_text
    comment.replacement = replacement
    comment.new_title = new_title.strip()
    comment.indicator = indicator
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def remove_comment(comment: Comment) -> None:
    """For whoever may edit the comment's statement (access.can_edit_statement)."""
    comment.delete()


@transaction.atomic
def submit_statement(statement: Statement, *, by, now: datetime.datetime | None = None):
    """Submit a draft: from now on it is a received public document. After the last reply date
    it is accepted and marked late. For whoever may edit it (access.can_edit_statement)."""
    if not statement.position:
        raise ValidationError({"position": _("Choose the overall position before submitting.")})
    now = now or timezone.now()
    if statement.is_registered:
        _check_received(
            statement.received_on, statement.received_via, today=timezone.localdate(now)
        )
    statement.status = StatementStatus.SUBMITTED
    statement.submitted_at = now
    statement.submitted_by = by
    # A statement registered from paper or e-mail is late if it came in late, whenever the
    # coordinator registers it.
    statement.late = statement.received_date() > statement.round.reply_by
    statement.save()
    received = (
        {
            "registered_by": getattr(statement.registered_by, "username", ""),
            "received_on": statement.received_on.isoformat(),
            "received_via": statement.received_via,
        }
        if statement.is_registered
        else {}
    )
    record_event(
        "statement_corrected" if statement.supersedes_id else "statement_received",
        statement,
        str(statement),
        actor=by,
        organisation=statement.organisation.name,
        position=statement.position,
        late=statement.late,
        attachments=[a.sha256 for a in statement.attachments.all()],
        **received,
    )
    return statement


@transaction.atomic
def start_correction(statement: Statement, *, by) -> Statement:
    """A new draft that will correct a submitted statement, with its content copied; the
    submitted one stays as it is. For the organisation's editors (access.can_correct_statement)."""
    if not statement.is_submitted:
        raise ValidationError(_("Only a submitted statement can be corrected."))
    correction = Statement.objects.create(
        round_id=statement.round_id,
        organisation_id=statement.organisation_id,
        supersedes=statement,
        created_by=by,
        **_content_of(statement),
    )
    _carry_comments_and_attachments(statement, correction)
    return correction


def _content_of(statement: Statement) -> dict:
    """The fields a statement that continues `statement` starts from."""
    return {name: getattr(statement, name) for name in STATEMENT_FIELDS}


def _carry_comments_and_attachments(source: Statement, target: Statement) -> None:
    """`target`, a new draft that continues `source` (a correction, or a statement the
    coordinator registers after it), gets its own rows for the comments of `source` (same part
    of the draft, order and text) and for its attachments, pointing to the same stored files (a
    stored file never changes; removing one from the new draft leaves the file to the earlier
    statement)."""
    for comment in source.comments.all():
        Comment.objects.create(
            statement=target,
            order=comment.order,
            text=comment.text,
            proposal_kind=comment.proposal_kind,
            replace_text=comment.replace_text,
            replacement=comment.replacement,
            new_title=comment.new_title,
            indicator_id=comment.indicator_id,
            **{f"{name}_id": getattr(comment, f"{name}_id") for name in Comment.ANCHORS},
        )
    for attachment in source.attachments.all():
        Attachment.objects.create(
            statement=target,
            file=attachment.file.name,
            original_name=attachment.original_name,
            content_type=attachment.content_type,
            size=attachment.size,
            sha256=attachment.sha256,
            uploaded_by=attachment.uploaded_by,
        )


# --- attachments ----------------------------------------------------------------------------


@transaction.atomic
def add_attachment(statement: Statement, *, by, upload) -> Attachment:
    """Attach an uploaded PDF or DOCX to a draft statement. The file is checked by its content
    and size first (ValidationError, nothing written); it is stored under a new random name,
    the uploaded name kept only for showing. For whoever may edit the statement
    (access.can_edit_statement)."""
    checked = check_upload(upload)
    attachment = Attachment(
        statement=statement,
        original_name=checked.display_name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=by,
    )
    upload.seek(0)
    attachment.file.save(f"upload.{checked.extension}", upload, save=False)
    try:
        attachment.save()
    except Exception:
        attachment.file.storage.delete(attachment.file.name)
        raise
    return attachment


@transaction.atomic
def remove_attachment(attachment: Attachment) -> None:
    """Remove an attachment from a draft; the stored file goes too unless another statement (an
    earlier one a correction copied it from) still refers to it. For whoever may edit the
    statement (access.can_edit_statement)."""
    name, storage = attachment.file.name, attachment.file.storage
    attachment.delete()

    def delete_file():
        if not Attachment.objects.filter(file=name).exists():
            storage.delete(name)

    transaction.on_commit(delete_file)


# --- statements received outside Riktning -------------------------------------------------


def _check_received(received_on, received_via, *, today=None) -> None:
    errors = {}
    if received_on is None:
        errors["received_on"] = _("Give the date the statement was received.")
    elif received_on > (today or timezone.localdate()):
        errors["received_on"] = _("The date the statement was received cannot be in the future.")
    if received_via not in ReceivedVia.values:
        errors["received_via"] = _("Choose how the statement was received.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def start_registered_statement(
    recipient: Recipient, *, by, received_on: datetime.date, received_via: str
) -> Statement:
    """The coordinator's draft of a statement a recipient sent outside Riktning (on paper, by
    e-mail): the existing such draft, else a new one (a correction, with the content copied, if
    the recipient has already answered). The coordinator's (access.can_register_statement)."""
    _check_received(received_on, received_via)
    received = {"received_on": received_on, "received_via": received_via, "registered_by": by}
    draft = Statement.objects.filter(
        round_id=recipient.round_id,
        organisation_id=recipient.organisation_id,
        status=StatementStatus.DRAFT,
        received_on__isnull=False,
    ).first()
    if draft is not None:
        for name, value in received.items():
            setattr(draft, name, value)
        draft.save()
        return draft
    current = recipient.current_statement()
    statement = Statement.objects.create(
        round_id=recipient.round_id,
        organisation_id=recipient.organisation_id,
        created_by=by,
        supersedes=current,
        **received,
        **(_content_of(current) if current else {}),
    )
    if current is not None:
        _carry_comments_and_attachments(current, statement)
    return statement


def statement_revision(round: Round) -> int:
    """What a registration form of the round is opened on: the latest history id of the round's
    statements (0 for none). A registration posted with it is refused when the chosen body's
    statements changed after it (register_received_statement)."""
    latest = Statement.history.filter(round_id=round.pk).aggregate(latest=Max("history_id"))
    return latest["latest"] or 0


class CommentsRefused(ValidationError):
    """Some of the comments registered with a statement were refused: `rows` maps the position
    of each refused comment in the list given (from 0) to its ValidationError."""

    def __init__(self, rows: dict[int, ValidationError]):
        self.rows = rows
        super().__init__(
            [
                _("Comment %(number)s: %(message)s")
                % {"number": index + 1, "message": " ".join(error.messages)}
                for index, error in sorted(rows.items())
            ]
        )


@transaction.atomic
def register_received_statement(
    recipient: Recipient,
    *,
    by,
    received_on: datetime.date,
    received_via: str,
    revision: int,
    comments=(),
    upload=None,
    now: datetime.datetime | None = None,
    **fields,
) -> Statement:
    """A statement a recipient sent outside Riktning (on paper, by e-mail), registered on one
    page with its comments and, optionally, the document received, and saved at once as a
    received (submitted) statement: a public record, never changed afterwards.

    `fields` are the statement's own (STATEMENT_FIELDS; a position is required); `comments`
    a list of the keyword arguments of add_comment, one dict per comment, so each comment is
    checked by the same rules as one written in Riktning; `upload` a file checked by
    attachments.check_upload. `revision` is statement_revision(round) when the form was
    opened: if the body's statements changed since, nothing is written.

    Refused, with nothing written: a received date in the future or before the round was sent,
    a body that has already answered (a correction is registered step by step,
    start_registered_statement) or whose registration is already started, a changed body, and
    any refused comment (CommentsRefused, naming each by its place in `comments`). The
    statement is checked before anything is written; each comment is checked by add_comment
    inside this one transaction, and any refusal rolls all of it back.
    The coordinator's (access.can_register_statement)."""
    round = Round.objects.select_for_update().get(pk=recipient.round_id)
    now = now or timezone.now()
    today = timezone.localdate(now)
    for name in fields:
        if name not in STATEMENT_FIELDS:
            raise TypeError(name)
    body = recipient.organisation
    statements = Statement.objects.filter(round=round, organisation_id=recipient.organisation_id)
    if Statement.history.filter(
        round_id=round.pk, organisation_id=recipient.organisation_id, history_id__gt=revision
    ).exists():
        raise ValidationError(
            _(
                "Someone else registered or changed a statement of %(body)s while you were "
                "filling in the form, so nothing of yours was saved. Your entries are still in "
                "the form: check the round's page, then save again."
            )
            % {"body": body},
            code="conflict",
        )
    errors = {}
    try:
        _check_received(received_on, received_via, today=today)
    except ValidationError as error:
        errors.update(error.message_dict)
    if "received_on" not in errors and round.sent_on and received_on < round.sent_on:
        errors["received_on"] = [
            _(
                "The statement cannot have been received (%(received)s) before the round was "
                "sent (%(sent)s)."
            )
            % {"received": received_on.isoformat(), "sent": round.sent_on.isoformat()}
        ]
    if not fields.get("position"):
        errors["position"] = [_("Choose the overall position of the statement.")]
    if errors:
        raise ValidationError(errors)
    current = recipient.current_statement()
    if current is not None:
        raise ValidationError(
            {
                "organisation": _(
                    "%(body)s has already answered (received %(date)s). A statement that "
                    "corrects it is registered step by step, as a correction."
                )
                % {"body": body, "date": current.received_date().isoformat()}
            }
        )
    if statements.filter(status=StatementStatus.DRAFT, received_on__isnull=False).exists():
        raise ValidationError(
            {
                "organisation": _(
                    "The registration of a statement of %(body)s is already started: continue "
                    "it from the round's page."
                )
                % {"body": body}
            }
        )
    statement = Statement(
        round=round,
        organisation_id=recipient.organisation_id,
        created_by=by,
        registered_by=by,
        received_on=received_on,
        received_via=received_via,
        **fields,
    )
    statement.full_clean()
    statement.save()
    refused = {}
    for index, comment in enumerate(comments):
        try:
            add_comment(statement, **comment)
        except ValidationError as error:  # add_comment's savepoint is rolled back
            refused[index] = error
    if refused:
        raise CommentsRefused(refused)
    if upload is not None:
        add_attachment(statement, by=by, upload=upload)
    return submit_statement(statement, by=by, now=now)


# --- the proposal for a decision ------------------------------------------------------------


def proposal_versions(round: Round):
    """The versions that can be proposed for adoption: those based on the consulted version,
    newest first."""
    from riktning.strategy.models import Version

    return Version.objects.filter(based_on=round.version).order_by("-number", "-id")


def conflict_message(proposal: DecisionProposal) -> str:
    when = timezone.localtime(proposal.updated_at).strftime("%Y-%m-%d %H:%M")
    who = (
        proposal.updated_by.get_full_name() or proposal.updated_by.username
        if proposal.updated_by
        else "–"
    )
    return _(
        "Someone else saved the proposal while you were editing it (%(who)s, %(when)s), so "
        "yours was not saved. The text saved now is shown above the form: save again to "
        "replace it with yours."
    ) % {"who": who, "when": when}


@transaction.atomic
def save_decision_proposal(
    round: Round,
    *,
    by,
    text: str,
    case_number: str = "",
    proposed_version=None,
    revision: int = 0,
    summary: str = "",
    send_to=None,
) -> DecisionProposal:
    """Create or change the round's proposal for a decision. `revision` is the one the editor
    started from (0 for a new proposal); if someone saved in between, nothing is written and a
    ValidationError says so. `text` must hold at least one att-clause (a line starting with
    "att"). `send_to`: the organisations the decision is sent to (None keeps them as they are).
    The coordinator's (access.can_edit_decision_proposal)."""
    proposal = DecisionProposal.objects.select_for_update().filter(round=round).first()
    if proposal is None:
        if revision:
            raise ValidationError(_("The proposal no longer exists. Reload the page."))
        proposal = DecisionProposal(round=round, revision=1)
    else:
        if revision != proposal.revision:
            raise ValidationError(conflict_message(proposal), code="conflict")
        proposal.revision += 1
    from .decision_report import att_clauses

    if not att_clauses(text):
        raise ValidationError(
            {
                "text": _(
                    "The proposed decision has no att-clause. Write each point of the decision "
                    "on a line of its own that starts with “att”, e.g. “att anta strategin”."
                )
            }
        )
    if (
        proposed_version is not None
        and not proposal_versions(round).filter(pk=proposed_version.pk).exists()
    ):
        raise ValidationError(
            {"proposed_version": _("The proposed version must be based on the consulted version.")}
        )
    proposal.text = text
    proposal.summary = summary
    proposal.case_number = case_number
    proposal.proposed_version = proposed_version
    proposal.updated_by = by
    proposal.full_clean()
    proposal.save()
    if send_to is not None:
        proposal.send_to.set(send_to)
    return proposal


@transaction.atomic
def record_disposition(comment: Comment, *, by, decision: str, reason: str) -> Disposition:
    """The coordinator's decision on a comment of a submitted statement (may be revised)
    (access.can_record_disposition)."""
    if not comment.statement.is_submitted:
        raise ValidationError(_("Only a comment of a submitted statement can be decided on."))
    disposition = Disposition.objects.filter(comment=comment).first() or Disposition(
        comment=comment
    )
    disposition.decision = decision
    disposition.reason = reason
    disposition.decided_by = by
    disposition.full_clean()
    disposition.save()
    record_event(
        "disposition_recorded",
        comment,
        f"{comment.statement.organisation}: {disposition.get_decision_display()}",
        actor=by,
        decision=decision,
    )
    return disposition


@transaction.atomic
def mark_declined(recipient: Recipient, *, by, declined: bool = True) -> Recipient:
    """The coordinator notes that a recipient declined to answer (or takes the note back)
    (access.can_run_rounds)."""
    recipient.declined = declined
    recipient.save()
    record_event(
        "recipient_declined" if declined else "recipient_declined_undone",
        recipient,
        str(recipient),
        actor=by,
    )
    return recipient
