"""The compiled summary of a round (sammanställning av inkomna svar): who answered with which
position and who did not, each body's points, and the same points per part of the draft, with
the coordinator's dispositions. Read by the web page and the report alike. Drafts never appear."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from .constants import ANSWERED_STATUSES, Position, RecipientStatus
from .models import Comment, Round, Statement

ANCHOR_ORDER = {"section": 0, "area": 1, "goal": 2, "goal_indicator": 3}


def anchor_label(comment: Comment) -> str:
    """What a comment is about, for the reader: "Area: Boende och närmiljö"."""
    anchor, kind = comment.anchor, comment.anchor_kind
    if kind == "section":
        return _("Section: %(name)s") % {"name": anchor.heading or _("(untitled)")}
    if kind == "area":
        return _("Area: %(name)s") % {"name": anchor.title}
    if kind == "goal":
        return _("Goal: %(name)s") % {"name": anchor.title}
    if kind == "goal_indicator":
        return _("Indicator: %(name)s") % {"name": str(anchor)}
    return ""


def _anchor_sort_key(comment: Comment) -> tuple:
    anchor, kind = comment.anchor, comment.anchor_kind
    order = getattr(anchor, "order", 0) or 0
    if kind == "goal":
        order = (anchor.area.order, anchor.order)
    elif kind == "goal_indicator":
        order = (anchor.goal.area.order, anchor.goal.order, anchor.order)
    else:
        order = (order,)
    return (ANCHOR_ORDER[kind], order, anchor.pk)


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
class Summary:
    round: Round
    rows: list[RecipientRow]
    bodies: list[tuple[Statement, list[Comment]]]
    parts: list[Part]

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
    for recipient in round.recipients.select_related("organisation", "round"):
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
            comments = list(
                statement.comments.select_related(
                    "section", "area", "goal__area", "goal_indicator__goal__area", "disposition"
                ).order_by("order", "id")
            )
            for comment in comments:
                comment.label = anchor_label(comment)
            bodies.append((statement, comments))
            all_points.extend((statement, comment) for comment in comments)
    parts: dict[tuple, Part] = {}
    for statement, comment in sorted(all_points, key=lambda p: _anchor_sort_key(p[1])):
        key = (comment.anchor_kind, comment.anchor.pk)
        parts.setdefault(key, Part(label=comment.label)).points.append((statement, comment))
    return Summary(round=round, rows=rows, bodies=bodies, parts=list(parts.values()))


def disposition_of(comment: Comment):
    try:
        return comment.disposition
    except Comment.disposition.RelatedObjectDoesNotExist:
        return None
