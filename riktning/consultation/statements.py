"""What the statement pages read: the drafts of a round (a body's own, the coordinator's
registered ones) and a statement's comments, each labelled with the part of the draft it is
about. Read-only; the caller decides whose drafts the reader may see (`consultation.access`)."""

from django.db.models import QuerySet

from .constants import StatementStatus
from .models import Comment, Round, Statement
from .summary import anchor_label, proposal_text, whole_draft_first


def drafts_of(round: Round, organisations) -> dict[int, Statement]:
    """organisation id → its draft statement in `round`, for each of `organisations` that has
    one."""
    return {
        statement.organisation_id: statement
        for statement in Statement.objects.filter(
            round=round, status=StatementStatus.DRAFT, organisation__in=organisations
        )
    }


def registered_drafts(round: Round) -> QuerySet:
    """The statements the coordinator has started registering (received on paper or by e-mail)
    and not yet submitted."""
    return Statement.objects.filter(
        round=round, status=StatementStatus.DRAFT, received_on__isnull=False
    ).select_related("organisation")


def submitted_corrections(statement: Statement) -> QuerySet:
    """The submitted statements that correct `statement`."""
    return statement.corrections.filter(status=StatementStatus.SUBMITTED)


def labelled_comments(statement: Statement) -> list[Comment]:
    """The statement's comments in order, those on the whole draft first, each with `label`:
    what it is about ("Area: …", "The whole draft") and `proposal_text`, its proposal in words."""
    comments = whole_draft_first(
        statement.comments.select_related(
            "section",
            "area",
            "goal__area",
            "goal_indicator__goal__area",
            "disposition",
            "indicator",
        )
    )
    for comment in comments:
        comment.label = anchor_label(comment)
        comment.proposal_text = proposal_text(comment)
    return comments
