from django.db import models
from django.utils.translation import gettext_lazy as _


class Position(models.TextChoices):
    """A statement's overall position (ställningstagande)."""

    POSITIVE = "positive", _("Positive")
    POSITIVE_WITH_COMMENTS = "positive_with_comments", _("Positive with comments")
    NEGATIVE = "negative", _("Negative")
    NO_OPINION = "no_opinion", _("No opinion")


class StatementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class RecipientStatus(models.TextChoices):
    NOT_SENT = "not_sent", _("Not sent yet")
    SENT = "sent", _("Sent")
    DRAFT_STARTED = "draft_started", _("Draft started")
    ANSWERED = "answered", _("Answered")
    ANSWERED_LATE = "answered_late", _("Answered late")
    DECLINED = "declined", _("Declined")
    NO_ANSWER = "no_answer", _("No answer")


class Decision(models.TextChoices):
    """What the coordinator decides about a comment (beaktas, beaktas delvis, …)."""

    TAKEN_IN = "taken_in", _("Taken in")
    PARTLY_TAKEN_IN = "partly_taken_in", _("Partly taken in")
    NOT_TAKEN_IN = "not_taken_in", _("Not taken in")
    NOTED = "noted", _("Noted")


ANSWERED_STATUSES = frozenset({RecipientStatus.ANSWERED, RecipientStatus.ANSWERED_LATE})


class ReceivedVia(models.TextChoices):
    """How a statement registered by the coordinator came in (outside Riktning)."""

    PAPER = "paper", _("On paper")
    EMAIL = "email", _("By e-mail")


# Attachments of a statement (the protocol extract, an appendix): PDF or Word (DOCX) only.
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
ATTACHMENT_MAX_MB = ATTACHMENT_MAX_BYTES // (1024 * 1024)
ATTACHMENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class ProposalKind(models.TextChoices):
    """What a comment's proposal does to the draft (docs/consultation.md, "Proposals"). The
    passage (`Comment.replace_text`) is quoted from the part the comment is about; the new text
    (`Comment.replacement`) is the replacement, the inserted text, the new part's text or the
    document's wording of an indicator."""

    NONE = "", _("No proposal")
    REPLACE = "replace", _("Replace a passage")
    INSERT = "insert", _("Insert text after a passage")
    DELETE_TEXT = "delete_text", _("Delete a passage")
    ADD_SECTION = "add_section", _("Add a section")
    ADD_AREA = "add_area", _("Add a development area")
    ADD_GOAL = "add_goal", _("Add a goal")
    ADD_INDICATOR = "add_indicator", _("Add an indicator to a goal")
    DELETE_PART = "delete_part", _("Delete the part")


# Proposals that quote a passage of the part (Comment.replace_text).
QUOTING_KINDS = frozenset({ProposalKind.REPLACE, ProposalKind.INSERT, ProposalKind.DELETE_TEXT})
# Proposals that add a new part (with a title, except an indicator link).
ADDING_KINDS = frozenset(
    {
        ProposalKind.ADD_SECTION,
        ProposalKind.ADD_AREA,
        ProposalKind.ADD_GOAL,
        ProposalKind.ADD_INDICATOR,
    }
)
