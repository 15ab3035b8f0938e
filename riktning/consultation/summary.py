"""The compiled summary of a round (sammanställning av inkomna svar): who answered with which
position and who did not, each body's points (those on the whole draft first), the same points
per part of the draft (the whole draft first, then in the document's order: a goal's and an
indicator's points under their area), the changes taken in
("Ändringar i förslaget"), with the coordinator's dispositions. Read by the web page and the
reports alike. Drafts never appear.

Bodies are listed in the organisation's own order (`body_order_key`): by kind in the order of the
setting RIKTNING_BODY_ORDER (committees first, then companies, by default), then by name."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from .constants import ANSWERED_STATUSES, Decision, Position, RecipientStatus
from .models import Comment, Round, Statement, load_answers

TAKEN_IN = frozenset({Decision.TAKEN_IN, Decision.PARTLY_TAKEN_IN})

# What RIKTNING_BODY_ORDER falls back to (settings.py reads the same list from the environment).
DEFAULT_BODY_ORDER = (
    "council",
    "executive_board",
    "committee",
    "administration",
    "department",
    "company",
    "municipality",
    "region",
    "association",
    "study_association",
    "business",
    "civil_society",
)


def body_order_key(organisation) -> tuple:
    """Where a body goes in every list of a round (the summary, the decision proposal): by its
    kind's place in RIKTNING_BODY_ORDER (a kind not listed goes last), then by name — a body
    part of another of the same kind right after it (the group company, then its subsidiary)."""
    order = list(getattr(settings, "RIKTNING_BODY_ORDER", None) or DEFAULT_BODY_ORDER)
    kind = organisation.kind
    rank = order.index(kind) if kind in order else len(order)
    chain = [organisation]
    while chain[-1].parent_id and len(chain) < 10:
        parent = chain[-1].parent
        if parent.kind != kind:
            break
        chain.append(parent)
    path = tuple((o.name.casefold(), o.pk) for o in reversed(chain))
    return (rank, path)


def order_bodies(organisations):
    """A queryset of organisations in the order of `body_order_key`."""
    from django.db.models import Case, IntegerField, Value, When

    order = list(getattr(settings, "RIKTNING_BODY_ORDER", None) or DEFAULT_BODY_ORDER)
    rank = Case(
        *[When(kind=kind, then=Value(i)) for i, kind in enumerate(order)],
        default=Value(len(order)),
        output_field=IntegerField(),
    )
    return organisations.annotate(body_rank=rank).order_by("body_rank", "name", "pk")


def proposal_text(comment: Comment) -> str:
    """A comment's proposal in words (Comment.proposal_words); "" when it proposes no change."""
    return comment.proposal_words()


def anchor_label(comment: Comment) -> str:
    """What a comment is about, for the reader: "Area: Boende och närmiljö", "The whole
    draft"."""
    anchor, kind = comment.anchor, comment.anchor_kind
    if not kind:
        return _("The whole draft")
    if kind == "section":
        return _("Section: %(name)s") % {"name": anchor.heading or _("(untitled)")}
    if kind == "area":
        return _("Area: %(name)s") % {"name": anchor.title}
    if kind == "goal":
        return _("Goal: %(name)s") % {"name": anchor.title}
    if kind == "goal_indicator":
        return _("Indicator: %(name)s") % {"name": str(anchor)}
    return ""


def whole_draft_first(comments) -> list:
    """The comments with those on the whole draft first, each group in its own order."""
    return sorted(comments, key=lambda comment: not comment.is_whole_draft)


def _section_path(section) -> tuple:
    path = []
    while section is not None:
        path.insert(0, (section.order, section.pk))
        section = section.parent
    return tuple(path)


def anchor_sort_key(comment: Comment) -> tuple:
    """The place of the part a comment is about in the document: the whole draft first, then
    the text's sections (in their tree), then each area followed by its goals, each goal followed
    by its indicators."""
    anchor, kind = comment.anchor, comment.anchor_kind
    if not kind:
        return (-1, ())
    if kind == "section":
        return (0, _section_path(anchor))
    if kind == "area":
        area, rest = anchor, ()
    elif kind == "goal":
        area, rest = anchor.area, ((anchor.order, anchor.pk),)
    else:
        goal = anchor.goal
        area, rest = goal.area, ((goal.order, goal.pk), (anchor.order, anchor.pk))
    return (1, ((area.order, area.pk), *rest))


@dataclass
class RecipientRow:
    organisation: object
    status: str
    status_label: str
    statement: Statement | None
    position_label: str  # the position, or "no answer" / "declined"

    @property
    def answered(self) -> bool:
        return self.status in ANSWERED_STATUSES


@dataclass
class Part:
    label: str
    points: list[tuple[Statement, Comment]] = field(default_factory=list)


@dataclass
class ChangeTakenIn:
    """One line of "Ändringar i förslaget": a point the coordinator took in (or partly)."""

    label: str  # the part
    text: str  # the text proposal in words, else the reason given for the disposition
    organisation: object
    decision_label: str


@dataclass
class Summary:
    round: Round
    rows: list[RecipientRow]
    bodies: list[tuple[Statement, list[Comment]]]
    parts: list[Part]
    changes: list[ChangeTakenIn] = field(default_factory=list)

    @property
    def answered(self) -> list[RecipientRow]:
        return [row for row in self.rows if row.answered]

    @property
    def unanswered(self) -> list[RecipientRow]:
        return [row for row in self.rows if not row.answered]


def compile_summary(round: Round, *, today: datetime.date | None = None) -> Summary:
    today = today or timezone.localdate()
    rows, bodies = [], []
    all_points: list[tuple[Statement, Comment]] = []
    recipients = sorted(
        load_answers(round.recipients.select_related("organisation__parent", "round")),
        key=lambda r: body_order_key(r.organisation),
    )
    for recipient in recipients:
        status = recipient.status(today=today)
        statement = recipient.current_statement()
        if statement is not None:
            label = Position(statement.position).label if statement.position else ""
        elif status == RecipientStatus.DECLINED:
            label = RecipientStatus.DECLINED.label
        else:
            label = _("no answer")
        rows.append(
            RecipientRow(
                organisation=recipient.organisation,
                status=status,
                status_label=str(RecipientStatus(status).label),
                statement=statement,
                position_label=str(label),
            )
        )
        if statement is not None:
            comments = whole_draft_first(
                statement.comments.select_related(
                    "section__parent",
                    "area",
                    "goal__area",
                    "goal_indicator__goal__area",
                    "disposition",
                    "indicator",
                ).order_by("order", "id")
            )
            for comment in comments:
                comment.label = anchor_label(comment)
                comment.proposal_text = proposal_text(comment)
            bodies.append((statement, comments))
            all_points.extend((statement, comment) for comment in comments)
    parts: dict[tuple, Part] = {}
    changes = []
    # sorted() is stable: within a part, the points stay in the bodies' order.
    for statement, comment in sorted(all_points, key=lambda p: anchor_sort_key(p[1])):
        key = (comment.anchor_kind, comment.anchor.pk if comment.anchor is not None else None)
        parts.setdefault(key, Part(label=comment.label)).points.append((statement, comment))
        disposition = disposition_of(comment)
        if disposition is not None and disposition.decision in TAKEN_IN:
            changes.append(
                ChangeTakenIn(
                    label=comment.label,
                    text=comment.proposal_text or disposition.reason,
                    organisation=statement.organisation,
                    decision_label=str(disposition.get_decision_display()),
                )
            )
    return Summary(
        round=round, rows=rows, bodies=bodies, parts=list(parts.values()), changes=changes
    )


def disposition_of(comment: Comment):
    try:
        return comment.disposition
    except Comment.disposition.RelatedObjectDoesNotExist:
        return None
