"""Consultation rounds (remiss): a round on a version out for consultation, its recipients, the
statements they send (with comments on the whole draft or anchored to one part of it, each with
an optional proposal: replace, insert or delete a passage, add or delete a part) and the
coordinator's
dispositions of each comment.

A submitted statement is a received public document: `Statement.save()/delete()` and
`Comment.save()/delete()` refuse to change it. A correction is a new statement that supersedes
the old one (`services.start_correction`); both stay.
"""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy
from simple_history.models import HistoricalRecords

from .constants import (
    Decision,
    Position,
    ProposalKind,
    ReceivedVia,
    RecipientStatus,
    StatementStatus,
)


def recipient_status(
    *,
    sent_on: datetime.date | None,
    reply_by: datetime.date | None,
    submitted_on: datetime.date | None,
    draft_started: bool,
    declined: bool,
    today: datetime.date,
) -> str:
    """A recipient's status as a pure function of the facts and `today`."""
    if submitted_on is not None:
        if reply_by is not None and submitted_on > reply_by:
            return RecipientStatus.ANSWERED_LATE
        return RecipientStatus.ANSWERED
    if declined:
        return RecipientStatus.DECLINED
    if reply_by is not None and today > reply_by:
        # Past the last day, what has not come in is "no answer", whatever happened before
        # (the demo's 2023 round has no recorded sending date).
        return RecipientStatus.NO_ANSWER
    if sent_on is None:
        return RecipientStatus.NOT_SENT
    if draft_started:
        return RecipientStatus.DRAFT_STARTED
    return RecipientStatus.SENT


class Round(models.Model):
    version = models.ForeignKey(
        "strategy.Version",
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        related_name="consultation_rounds",
    )
    title = models.CharField(_("title"), max_length=200)
    cover_letter = models.TextField(_("cover letter"))
    contact_email = models.EmailField(_("contact address"))
    reply_by = models.DateField(_("last day to reply"))
    sent_on = models.DateField(_("sent"), null=True, blank=True)
    introduction = models.TextField(
        _("introduction to the summary"),
        blank=True,
        help_text=_("Opens the compiled summary of the answers."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("consultation round")
        verbose_name_plural = _("consultation rounds")

    def __str__(self) -> str:
        return self.title


class Recipient(models.Model):
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="recipients")
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="consultation_recipients",
    )
    declined = models.BooleanField(_("declined to answer"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "organisation"], name="recipient_once_per_round"
            )
        ]
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")

    def __str__(self) -> str:
        return str(self.organisation)

    def current_statement(self) -> "Statement | None":
        """The latest submitted statement (a correction replaces the one it supersedes)."""
        if hasattr(self, "_answers"):  # read by load_answers()
            return self._answers[0]
        return (
            Statement.objects.filter(
                round_id=self.round_id,
                organisation_id=self.organisation_id,
                status=StatementStatus.SUBMITTED,
            )
            .order_by("-submitted_at", "-id")
            .first()
        )

    def status(self, today: datetime.date | None = None) -> str:
        from django.utils import timezone

        current = self.current_statement()
        if hasattr(self, "_answers"):
            drafts = self._answers[1]
        else:
            drafts = Statement.objects.filter(
                round_id=self.round_id,
                organisation_id=self.organisation_id,
                status=StatementStatus.DRAFT,
            ).exists()
        return recipient_status(
            sent_on=self.round.sent_on,
            reply_by=self.round.reply_by,
            submitted_on=current.received_date() if current else None,
            draft_started=drafts,
            declined=self.declined,
            today=today or timezone.localdate(),
        )


def load_answers(recipients) -> list[Recipient]:
    """The recipients, each with its current statement and whether a draft was started read in
    two queries for all of them, so that their current_statement() and status() ask nothing
    more. For a page or a report that lists recipients; a recipient read alone asks itself."""
    recipients = list(recipients)
    if not recipients:
        return recipients
    round_ids = {r.round_id for r in recipients}
    organisation_ids = {r.organisation_id for r in recipients}
    statements = Statement.objects.filter(
        round_id__in=round_ids, organisation_id__in=organisation_ids
    )
    current = {}
    for statement in statements.filter(status=StatementStatus.SUBMITTED).order_by(
        "-submitted_at", "-id"
    ):
        current.setdefault((statement.round_id, statement.organisation_id), statement)
    drafts = set(
        statements.filter(status=StatementStatus.DRAFT).values_list("round_id", "organisation_id")
    )
    for recipient in recipients:
        key = (recipient.round_id, recipient.organisation_id)
        recipient._answers = (current.get(key), key in drafts)
    return recipients


def submitted_message() -> str:
    return str(
        _(
            "A submitted statement is a received public document and cannot be changed. "
            "Submit a correction instead."
        )
    )


class Statement(models.Model):
    """A recipient's answer (yttrande). A draft until submitted; then never changed."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="statements")
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="consultation_statements",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=StatementStatus.choices,
        default=StatementStatus.DRAFT,
    )
    position = models.CharField(
        _("overall position"), max_length=30, choices=Position.choices, blank=True
    )
    decision_body = models.CharField(_("decided by"), max_length=200, blank=True)
    decision_date = models.DateField(_("meeting date"), null=True, blank=True)
    decision_paragraph = models.CharField(_("paragraph"), max_length=30, blank=True)
    case_number = models.CharField(_("case number"), max_length=60, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    supersedes = models.ForeignKey(
        "self",
        verbose_name=_("corrects"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    late = models.BooleanField(_("late"), default=False)
    # A statement that came in outside Riktning (on paper, by e-mail) and that the coordinator
    # registered on the recipient's behalf. `received_on` is the date it came in (what counts
    # for "late"); blank for a statement written in Riktning.
    received_on = models.DateField(_("received"), null=True, blank=True)
    received_via = models.CharField(
        _("received as"), max_length=10, choices=ReceivedVia.choices, blank=True
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name", "created_at", "id"]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")

    def __str__(self) -> str:
        return f"{self.organisation} – {self.round}"

    def save(self, *args, **kwargs):
        # Submitting is the last save (draft → submitted); after it the row never changes.
        if self._stored_submitted():
            raise ValidationError(submitted_message())
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._stored_submitted():
            raise ValidationError(submitted_message())
        return super().delete(*args, **kwargs)

    @property
    def is_submitted(self) -> bool:
        return self.status == StatementStatus.SUBMITTED

    @property
    def is_registered(self) -> bool:
        """Received outside Riktning and registered by the coordinator."""
        return self.received_on is not None

    def registered_note(self) -> str:
        """ "Registered by <coordinator> from a statement received on paper on <date>." """
        if not self.is_registered:
            return ""
        user = self.registered_by
        who = (user.get_full_name() or user.username) if user else "–"
        facts = {"who": who, "date": self.received_on.isoformat()}
        if self.received_via == ReceivedVia.EMAIL:
            return (
                _("Registered by %(who)s from a statement received by e-mail on %(date)s.") % facts
            )
        return _("Registered by %(who)s from a statement received on paper on %(date)s.") % facts

    def received_date(self) -> datetime.date | None:
        """The day the statement came in: the received date of a registered one, else the day
        it was submitted."""
        from django.utils import timezone

        if self.received_on is not None:
            return self.received_on
        return timezone.localdate(self.submitted_at) if self.submitted_at else None

    def _stored_submitted(self) -> bool:
        if self.pk is None:
            return False
        stored = Statement.objects.filter(pk=self.pk).values_list("status", flat=True).first()
        return stored == StatementStatus.SUBMITTED


class Comment(models.Model):
    """One point of a statement: about the whole draft (no part) or anchored to exactly one
    part of it, with an optional proposal (`proposal_kind`, constants.ProposalKind): replace,
    insert after or delete a quoted passage of the part, add a section, area, goal or indicator
    link (placed by the part: docs/consultation.md), or delete the part."""

    statement = models.ForeignKey(Statement, on_delete=models.PROTECT, related_name="comments")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    section = models.ForeignKey(
        "strategy.Section",
        verbose_name=_("section"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    area = models.ForeignKey(
        "strategy.DevelopmentArea",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    goal = models.ForeignKey(
        "strategy.Goal",
        verbose_name=_("goal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    goal_indicator = models.ForeignKey(
        "strategy.GoalIndicator",
        verbose_name=_("indicator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(pgettext_lazy("consultation", "comment"))
    proposal_kind = models.CharField(
        _("proposal"), max_length=20, choices=ProposalKind.choices, blank=True, default=""
    )
    replace_text = models.TextField(
        _("replace this passage"), blank=True, help_text=_("Quote the passage exactly.")
    )
    replacement = models.TextField(_("with this"), blank=True)
    new_title = models.CharField(_("title of the new part"), max_length=200, blank=True)
    indicator = models.ForeignKey(
        "indicators.Indicator",
        verbose_name=_("indicator to add"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    ANCHORS = ("section", "area", "goal", "goal_indicator")

    class Meta:
        ordering = ["statement", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        section__isnull=True,
                        area__isnull=True,
                        goal__isnull=True,
                        goal_indicator__isnull=True,
                    )
                    | models.Q(
                        section__isnull=False,
                        area__isnull=True,
                        goal__isnull=True,
                        goal_indicator__isnull=True,
                    )
                    | models.Q(
                        section__isnull=True,
                        area__isnull=False,
                        goal__isnull=True,
                        goal_indicator__isnull=True,
                    )
                    | models.Q(
                        section__isnull=True,
                        area__isnull=True,
                        goal__isnull=False,
                        goal_indicator__isnull=True,
                    )
                    | models.Q(
                        section__isnull=True,
                        area__isnull=True,
                        goal__isnull=True,
                        goal_indicator__isnull=False,
                    )
                ),
                name="comment_at_most_one_anchor",
            )
        ]
        verbose_name = pgettext_lazy("consultation", "comment")
        verbose_name_plural = pgettext_lazy("consultation", "comments")

    def __str__(self) -> str:
        return self.text[:80]

    def save(self, *args, **kwargs):
        if self._statement_submitted():
            raise ValidationError(submitted_message())
        if not self.proposal_kind and self.replace_text:
            # A comment written as "replace this passage with that" before there were kinds.
            self.proposal_kind = ProposalKind.REPLACE
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._statement_submitted():
            raise ValidationError(submitted_message())
        return super().delete(*args, **kwargs)

    @property
    def anchor(self):
        for name in self.ANCHORS:
            if getattr(self, f"{name}_id"):
                return getattr(self, name)
        return None

    @property
    def anchor_kind(self) -> str:
        """The kind of part the comment is about; "" for the whole draft."""
        for name in self.ANCHORS:
            if getattr(self, f"{name}_id"):
                return name
        return ""

    @property
    def is_whole_draft(self) -> bool:
        return not self.anchor_kind

    @property
    def kind(self) -> str:
        """The proposal's kind ("" for none); an old "replace" comment without a kind too."""
        if self.proposal_kind:
            return self.proposal_kind
        return ProposalKind.REPLACE if self.replace_text else ProposalKind.NONE

    @property
    def has_proposal(self) -> bool:
        return bool(self.kind)

    def proposal_words(self) -> str:
        """A comment's proposal in words: "Ersätt ”A” med ”B”.", "”A” (stryks).", "Infoga ”B” efter
        ”A”.", "Nytt avsnitt: ”T”. ”B”" …; "" when the comment proposes no change."""
        kind = self.kind
        if not kind:
            return ""
        facts = {
            "old": self.replace_text,
            "new": self.replacement,
            "title": self.new_title,
            "struck": pgettext("proposal", "(struck out)"),
            "part": self._part_name(),
        }
        if kind == ProposalKind.DELETE_TEXT or (
            kind == ProposalKind.REPLACE and not self.replacement.strip()
        ):
            return _("“%(old)s” %(struck)s.") % facts
        if kind == ProposalKind.REPLACE:
            return _("Replace “%(old)s” with “%(new)s”.") % facts
        if kind == ProposalKind.INSERT:
            return _("Insert “%(new)s” after “%(old)s”.") % facts
        if kind == ProposalKind.ADD_SECTION:
            return _("New section “%(title)s”: %(new)s") % facts
        if kind == ProposalKind.ADD_AREA:
            text = _("New development area “%(title)s”.") % facts
            return f"{text} {self.replacement}".strip()
        if kind == ProposalKind.ADD_GOAL:
            if self.indicator_id:
                facts["indicator"] = self.indicator.title
                return _("New goal: “%(new)s”, with the indicator %(indicator)s.") % facts
            return _("New goal: “%(new)s”.") % facts
        if kind == ProposalKind.ADD_INDICATOR:
            facts["indicator"] = self.indicator.title if self.indicator_id else "–"
            if self.replacement.strip():
                return _("New indicator for the goal: %(indicator)s (“%(new)s”).") % facts
            return _("New indicator for the goal: %(indicator)s.") % facts
        if kind == ProposalKind.DELETE_PART:
            return _("“%(part)s” %(struck)s.") % facts
        return ""

    def _part_name(self) -> str:
        anchor = self.anchor
        if anchor is None:
            return ""
        return str(getattr(anchor, "heading", "") or anchor)

    def anchor_version_id(self) -> int | None:
        anchor = self.anchor
        if anchor is None:
            return None
        if self.anchor_kind == "goal":
            return anchor.area.version_id
        if self.anchor_kind == "goal_indicator":
            return anchor.goal.area.version_id
        return anchor.version_id

    def clean(self) -> None:
        if sum(1 for name in self.ANCHORS if getattr(self, f"{name}_id")) > 1:
            raise ValidationError(_("Choose exactly one part of the draft the comment is about."))
        if self.anchor is not None and self.anchor_version_id() != self.statement.round.version_id:
            raise ValidationError(_("The chosen part is not in the draft on consultation."))
        if self.kind == ProposalKind.REPLACE and self.replacement and not self.replace_text:
            raise ValidationError({"replace_text": _("Quote the passage the proposal replaces.")})

    def _statement_submitted(self) -> bool:
        return Statement.objects.filter(
            pk=self.statement_id, status=StatementStatus.SUBMITTED
        ).exists()


class Disposition(models.Model):
    """The coordinator's decision on one comment, with the reason. May be revised (history)."""

    comment = models.OneToOneField(Comment, on_delete=models.PROTECT, related_name="disposition")
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("disposition")
        verbose_name_plural = _("dispositions")

    def __str__(self) -> str:
        return self.get_decision_display()


def attachment_path(instance: "Attachment", filename: str) -> str:
    """Where an attachment is stored: never derived from the uploaded name (only the type's
    extension is kept), so that no name can reach outside the round's folder."""
    extension = "pdf" if instance.content_type == "application/pdf" else "docx"
    statement = instance.statement
    return f"consultation/{statement.round_id}/{statement.pk}/{uuid.uuid4().hex}.{extension}"


class Attachment(models.Model):
    """A file that goes with a statement (the protocol extract, an appendix): PDF or DOCX.

    Added and removed only while the statement is a draft; then frozen with it. A correction
    gets its own rows pointing to the same stored files (a stored file is never changed, and is
    removed from storage only when no row refers to it any more)."""

    statement = models.ForeignKey(Statement, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("file type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(_("checksum (SHA-256)"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["statement", "uploaded_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name

    def save(self, *args, **kwargs):
        if self._statement_submitted():
            raise ValidationError(submitted_message())
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._statement_submitted():
            raise ValidationError(submitted_message())
        return super().delete(*args, **kwargs)

    def _statement_submitted(self) -> bool:
        return Statement.objects.filter(
            pk=self.statement_id, status=StatementStatus.SUBMITTED
        ).exists()


class DecisionProposal(models.Model):
    """The coordinator's proposal for a decision (förslag till beslut) after a round: a summary
    of the case (Sammanfattning), the proposed decision (its att-clauses, each a line starting
    with "att"), the version proposed for adoption and, as the basis for the decision
    (Beslutsunderlag), that version and the summary of the answers, and the organisations the
    decision is sent to (Beslutet skickas till).

    `revision` counts saves: a save based on an older revision is refused (two people editing
    at once do not silently overwrite each other)."""

    round = models.OneToOneField(Round, on_delete=models.PROTECT, related_name="decision_proposal")
    summary = models.TextField(_("summary of the case"), blank=True)
    text = models.TextField(_("proposed decision"))
    send_to = models.ManyToManyField(
        "accounts.Organisation",
        verbose_name=_("the decision is sent to"),
        blank=True,
        related_name="+",
    )
    case_number = models.CharField(_("case number"), max_length=60, blank=True)
    proposed_version = models.ForeignKey(
        "strategy.Version",
        verbose_name=_("proposed version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    revision = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision proposal")
        verbose_name_plural = _("decision proposals")

    def __str__(self) -> str:
        return str(self.round)


# --- the next version after a round (issue 6, item 5; consultation/nextversion.py) -------------

from riktning.audit.models import AppendOnlyModel  # noqa: E402 (kept in this section)


class NextVersion(AppendOnlyModel):
    """A new draft version created from a consulted round, with the text proposals the
    coordinator took in applied. Written once (nextversion.create_next_version), never changed."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="next_versions")
    version = models.OneToOneField(
        "strategy.Version", on_delete=models.PROTECT, related_name="from_round"
    )
    include_partly = models.BooleanField(_("proposals partly taken in applied too"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("next version")
        verbose_name_plural = _("next versions")

    def __str__(self) -> str:
        return str(self.version)


class ProposalProblem(models.TextChoices):
    NOT_FOUND = "not_found", _("The passage is no longer in the text")
    AMBIGUOUS = "ambiguous", _("The passage occurs more than once")
    INVALID = "invalid", _("The changed text is not valid")
    PART_GONE = "part_gone", _("The part is no longer in the new version")
    NOT_POSSIBLE = "not_possible", _("The proposal cannot be applied there")


class ProposalOutcome(AppendOnlyModel):
    """What became of one comment's text proposal when the next version was created: applied to
    a text field of the new version's copy of the part the comment is about (a passage replaced,
    inserted or deleted), a part added (`part_kind`/`part_id` name the new part) or the copy
    deleted, or not applied (why: `problem`, `detail`; `nextversion.outcome_message` says it
    in a sentence). `part_kind`/`part_id` name the part without a foreign key, so the draft's
    parts can still be changed or removed afterwards. Written once, never changed."""

    next_version = models.ForeignKey(NextVersion, on_delete=models.PROTECT, related_name="outcomes")
    comment = models.ForeignKey(Comment, on_delete=models.PROTECT, related_name="outcomes")
    applied = models.BooleanField(_("applied"))
    # one of Comment.ANCHORS; "" for a whole-draft comment's proposal that was not applied
    part_kind = models.CharField(max_length=20, blank=True)
    part_id = models.PositiveBigIntegerField(null=True, blank=True)
    field = models.CharField(_("field"), max_length=40, blank=True)
    problem = models.CharField(
        _("problem"), max_length=20, choices=ProposalProblem.choices, blank=True
    )
    detail = models.TextField(_("detail"), blank=True)

    class Meta:
        ordering = ["next_version", "id"]
        verbose_name = _("outcome of a text proposal")
        verbose_name_plural = _("outcomes of text proposals")

    def __str__(self) -> str:
        return f"{self.comment}: {'applied' if self.applied else self.problem}"


class ChangeLink(models.Model):
    """The coordinator's link from a comment to a part of a version made after its round: the
    change of that part is credited to the comment in the comparison (nextversion.py), as when
    the comment's text proposal was applied. For the changes made by hand because of a comment.
    `part_kind`/`part_id` name the part as ProposalOutcome does."""

    comment = models.ForeignKey(Comment, on_delete=models.PROTECT, related_name="change_links")
    version = models.ForeignKey("strategy.Version", on_delete=models.PROTECT, related_name="+")
    part_kind = models.CharField(max_length=20)  # one of Comment.ANCHORS
    part_id = models.PositiveBigIntegerField()
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    linked_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["linked_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "part_kind", "part_id"], name="change_link_once"
            )
        ]
        verbose_name = _("link from a change to a comment")
        verbose_name_plural = _("links from changes to comments")

    def __str__(self) -> str:
        return f"{self.comment} → {self.part_kind} {self.part_id}"
