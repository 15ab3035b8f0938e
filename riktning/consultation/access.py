"""Who may see and do what in a consultation round (remiss).

- Rounds: the coordinator opens and sends them, registers statements received outside Riktning
  and records dispositions. Members see a round and its submitted statements; anonymous visitors
  see a round only once its version is adopted (or repealed): then the answers are part of the
  public record of the decision.
- Statements: an editor writes and submits only their own organisation's statement, where "own"
  is the recipient itself or a body directly part of it (a committee's administration prepares
  the committee's statement). A draft is the organisation's own: nobody else reads it, not even
  the coordinator (who sees only that a draft was started); a draft the coordinator registers
  from a statement received on paper or by e-mail is the coordinator's. A submitted statement
  never changes: it is public to whoever may see the round, and its organisation corrects it
  with a new one.
- The proposal for a decision is the coordinator's working document: members read it.
- The next version made from a round is the coordinator's to create; its result page is for
  whoever may see both the round and the new version.

Built on the core in riktning/accounts/access.py.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from riktning.accounts.access import (
    found,
    is_coordinator,
    is_member,
    organisation_ids,
    own,
    require,
    visible,
)
from riktning.accounts.constants import Role
from riktning.accounts.models import Organisation
from riktning.strategy.access import can_view_version
from riktning.strategy.constants import PUBLIC_STATUSES
from riktning.strategy.models import Version

from .models import Attachment, ChangeLink, Comment, NextVersion, Recipient, Round, Statement


def can_run_rounds(user) -> bool:
    return is_coordinator(user)


def can_view_round(user, round) -> bool:
    if is_member(user):
        return True
    return round.version.status in PUBLIC_STATUSES


def statement_organisation_ids(user) -> set[int]:
    """The organisations whose statements the user writes: those they are an editor of, and the
    bodies those are directly part of. Two queries, whatever the number of organisations asked
    about: a page that lists recipients asks this once."""
    editor_of = organisation_ids(user, Role.EDITOR)
    if not editor_of:
        return set()
    parents = Organisation.objects.filter(pk__in=editor_of, parent__isnull=False)
    return editor_of | set(parents.values_list("parent_id", flat=True))


def can_write_statement_for(user, organisation) -> bool:
    """An editor of the recipient, or of a body directly part of it."""
    return organisation.pk in statement_organisation_ids(user)


def can_view_statement(user, statement) -> bool:
    if statement.is_submitted:
        return can_view_round(user, statement.round)
    if statement.is_registered:
        return is_coordinator(user)
    return can_write_statement_for(user, statement.organisation)


def can_edit_statement(user, statement) -> bool:
    """A draft, by its own organisation's editors; a draft the coordinator registers from a
    statement received outside Riktning, by the coordinator only. Never a submitted one."""
    if statement.is_submitted:
        return False
    if statement.is_registered:
        return is_coordinator(user)
    return can_write_statement_for(user, statement.organisation)


def can_correct_statement(user, statement) -> bool:
    """A submitted statement is corrected by a new one, written by its organisation's editors."""
    return statement.is_submitted and can_write_statement_for(user, statement.organisation)


def can_register_statement(user, recipient) -> bool:
    """The coordinator registers a statement that a recipient of the round sent outside
    Riktning (on paper, by e-mail); only for a recipient of that round (the caller fetches the
    Recipient row of the round, so a non-recipient has none)."""
    return is_coordinator(user) and recipient.pk is not None


def can_view_decision_proposal(user, round) -> bool:
    """The proposal for a decision is the coordinator's working document: members read it."""
    return is_member(user) and can_view_round(user, round)


def can_edit_decision_proposal(user, round) -> bool:
    return is_coordinator(user)


def can_record_disposition(user, comment) -> bool:
    return is_coordinator(user) and comment.statement.is_submitted


# --- fetchers --------------------------------------------------------------------------------


def get_version_for_new_round(user, pk) -> Version:
    """The version a coordinator opens a round on (the service refuses one that is not out for
    consultation)."""
    require(user, can_run_rounds(user))
    return found(Version.objects.select_related("document").filter(pk=pk))


def get_round_for_view(user, pk) -> Round:
    rounds = Round.objects.select_related("version__document").filter(pk=pk)
    return visible(user, rounds, lambda round: can_view_round(user, round))


def get_round_for_manage(user, pk) -> Round:
    """A round the coordinator sends, introduces and registers statements in."""
    require(user, can_run_rounds(user))
    return found(Round.objects.select_related("version__document").filter(pk=pk))


def get_recipient_for_statement(user, round_pk, organisation_pk) -> Recipient:
    """The recipient whose statement the user may write; refuses others' organisations."""
    recipients = Recipient.objects.select_related("round__version", "organisation").filter(
        round_id=round_pk, organisation_id=organisation_pk
    )
    return own(user, recipients, lambda r: can_write_statement_for(user, r.organisation))


def get_recipient_for_registering(user, round_pk, organisation_pk) -> Recipient:
    """The recipient on whose behalf the coordinator registers a statement; 404 for an
    organisation that is not a recipient of the round."""
    require(user, is_coordinator(user))
    recipient = found(
        Recipient.objects.select_related("round__version", "organisation").filter(
            round_id=round_pk, organisation_id=organisation_pk
        )
    )
    if not can_register_statement(user, recipient):
        raise PermissionDenied
    return recipient


def get_statement_for_view(user, pk) -> Statement:
    statements = Statement.objects.select_related(
        "round__version__document", "organisation"
    ).filter(pk=pk)
    return visible(user, statements, lambda statement: can_view_statement(user, statement))


def get_statement_for_edit(user, pk) -> Statement:
    """A statement for its edit pages: a draft the user may edit (can_edit_statement), or a
    submitted one the user may correct (can_correct_statement), whom those pages send on to the
    statement, where a correction starts. 403 for anyone else who may see it."""
    statement = get_statement_for_view(user, pk)
    if not (can_edit_statement(user, statement) or can_correct_statement(user, statement)):
        raise PermissionDenied
    return statement


def get_comment_for_edit(user, pk) -> Comment:
    """A comment of a statement the user may edit, with `statement` set to it; the statement
    decides, as get_statement_for_edit (an unknown comment is a 404 as an unknown statement)."""
    comment = Comment.objects.filter(pk=pk).first()
    comment.statement = get_statement_for_edit(user, comment.statement_id if comment else None)
    return comment


def get_statement_for_correction(user, pk) -> Statement:
    """A submitted statement the user may correct with a new one."""
    statement = get_statement_for_view(user, pk)
    if not can_correct_statement(user, statement):
        raise PermissionDenied
    return statement


def get_comment_for_disposition(user, pk) -> Comment:
    """A comment of a submitted statement, for the coordinator's decision on it; 404 for a
    draft's comment."""
    require(user, can_run_rounds(user))
    comment = found(
        Comment.objects.select_related(
            "statement__round__version", "statement__organisation"
        ).filter(pk=pk)
    )
    if not can_record_disposition(user, comment):
        raise Http404
    return comment


def get_attachment_for_download(user, pk) -> Attachment:
    """A statement's attachment, for whoever may see the statement (a draft's: only its own
    organisation, or the coordinator for a draft they register)."""
    attachments = Attachment.objects.select_related(
        "statement__round__version", "statement__organisation"
    ).filter(pk=pk)
    return visible(user, attachments, lambda a: can_view_statement(user, a.statement))


def get_attachment_for_edit(user, pk) -> Attachment:
    attachment = get_attachment_for_download(user, pk)
    if not can_edit_statement(user, attachment.statement):
        raise PermissionDenied
    return attachment


def get_round_for_decision_proposal(user, pk, *, edit: bool = False) -> Round:
    """A round whose proposal for a decision the user may read (members) or, with `edit`,
    change (the coordinator)."""
    round = get_round_for_view(user, pk)
    require(
        user,
        can_edit_decision_proposal(user, round)
        if edit
        else can_view_decision_proposal(user, round),
    )
    return round


def get_next_version_for_view(user, version_pk) -> NextVersion:
    """The record of a version created from a round, by the new version's pk."""
    records = NextVersion.objects.select_related(
        "round__version__document", "version__document"
    ).filter(version_id=version_pk)
    return visible(
        user,
        records,
        lambda record: (
            can_view_round(user, record.round) and can_view_version(user, record.version)
        ),
    )


def get_change_link_for_edit(user, pk) -> ChangeLink:
    """The coordinator's link from a change to a comment, to take it back (the coordinator's)."""
    require(user, can_run_rounds(user))
    return found(
        ChangeLink.objects.select_related("comment__statement__round", "version").filter(pk=pk)
    )


def get_version_for_change_links(user, pk) -> Version:
    """A version whose changes the coordinator credits to comments by hand (the coordinator's)."""
    require(user, can_run_rounds(user))
    return found(Version.objects.filter(pk=pk))
