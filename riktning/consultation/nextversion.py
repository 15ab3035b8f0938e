"""The next version after a consultation round: a new draft copied from the consulted version,
with the text proposals the coordinator took in applied, and what links a change between two
versions to the comment that caused it (for the comparison, strategy/compare.py).

A proposal ("replace this passage with that one") is applied only when its passage occurs
exactly once in the text fields of the new version's copy of the part the comment is about.
Otherwise nothing is guessed: the outcome says why ("no longer in the text", "occurs more than
once") and the coordinator decides. See docs/consultation.md.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from riktning.audit.services import record_event
from riktning.strategy import services as strategy_services
from riktning.strategy.compare import APPLIED_PROPOSAL_REASON
from riktning.strategy.models import (
    AreaCarryOver,
    DevelopmentArea,
    Goal,
    GoalIndicator,
    Section,
    Version,
)

from . import access
from .constants import Decision
from .models import (
    ChangeLink,
    Comment,
    NextVersion,
    ProposalOutcome,
    ProposalProblem,
    Round,
    load_answers,
)

# The text fields of each kind of part a comment can be about, in the order they are searched.
TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    "section": ("heading", "body"),
    "area": ("title", "description"),
    "goal": ("title", "note"),
    "goal_indicator": ("proposal", "note"),
}
MODELS = {
    "section": Section,
    "area": DevelopmentArea,
    "goal": Goal,
    "goal_indicator": GoalIndicator,
}
# The comparison's names for the same kinds.
COMPARE_KIND = {"section": "section", "area": "area", "goal": "goal", "goal_indicator": "indicator"}
TAKEN_IN = frozenset({Decision.TAKEN_IN, Decision.PARTLY_TAKEN_IN})


def _lines(text: str) -> str:
    return (text or "").replace("\r\n", "\n")


@dataclass(frozen=True)
class Replacement:
    """Where a passage was found in a part's text fields: the field and its new text, or the
    problem (with how many times the passage occurs)."""

    field: str = ""
    text: str = ""
    problem: str = ""
    count: int = 0


def find_and_replace(fields: dict[str, str], passage: str, replacement: str) -> Replacement:
    """Replace `passage` by `replacement` in the one field where it occurs, if it occurs exactly
    once in all of `fields` together (pure). Line endings are compared as "\\n"; nothing else is
    normalised: a passage that differs by a word or a space is not found."""
    passage = _lines(passage)
    if not passage.strip():
        return Replacement(problem=ProposalProblem.NOT_FOUND)
    counts = {name: _lines(value).count(passage) for name, value in fields.items()}
    total = sum(counts.values())
    if total == 0:
        return Replacement(problem=ProposalProblem.NOT_FOUND)
    if total > 1:
        return Replacement(problem=ProposalProblem.AMBIGUOUS, count=total)
    name = next(name for name, count in counts.items() if count)
    return Replacement(
        field=name, text=_lines(fields[name]).replace(passage, _lines(replacement)), count=1
    )


def proposals_to_apply(round: Round, *, include_partly: bool = False) -> list[Comment]:
    """The comments of the round's current statements (a corrected statement's replaced version
    is left out) that carry a text proposal the coordinator took in (or partly took in, when
    `include_partly`), by body and in the statement's order."""
    decisions = {Decision.TAKEN_IN} | ({Decision.PARTLY_TAKEN_IN} if include_partly else set())
    comments = []
    for recipient in load_answers(
        round.recipients.select_related("organisation").order_by("organisation__name", "id")
    ):
        statement = recipient.current_statement()
        if statement is None:
            continue
        comments.extend(
            statement.comments.filter(disposition__decision__in=decisions)
            .exclude(replace_text="")
            .select_related("statement__organisation", "disposition")
            .order_by("order", "id")
        )
    return comments


def copy_map(source: Version, copy: Version) -> dict[tuple[str, int], object]:
    """(anchor kind, pk in `source`) → the same part in `copy`, a version just made from it by
    create_version_from. Areas through the carry-over rows it records; goals, indicator links and
    sections by their place (create_version_from copies them in order, so the n-th goal of an
    area is the n-th goal of its copy)."""
    mapping: dict[tuple[str, int], object] = {}
    carried = AreaCarryOver.objects.filter(from_area__version=source, to_area__version=copy)
    areas = {row.from_area_id: row.to_area for row in carried.select_related("to_area")}
    for old_area in source.areas.all():
        new_area = areas[old_area.pk]
        mapping[("area", old_area.pk)] = new_area
        for old_goal, new_goal in _zip(old_area.goals.all(), new_area.goals.all()):
            mapping[("goal", old_goal.pk)] = new_goal
            for old_link, new_link in _zip(
                old_goal.indicator_links.all(), new_goal.indicator_links.all()
            ):
                mapping[("goal_indicator", old_link.pk)] = new_link

    def sections(version, parent):
        return version.sections.filter(parent=parent).order_by("order", "id")

    pending = [(None, None)]
    while pending:
        old_parent, new_parent = pending.pop()
        for old_section, new_section in _zip(
            sections(source, old_parent), sections(copy, new_parent)
        ):
            mapping[("section", old_section.pk)] = new_section
            pending.append((old_section, new_section))
    return mapping


def _zip(old, new):
    old, new = list(old), list(new)
    if len(old) != len(new):
        raise RuntimeError("the copy does not mirror its source")
    return zip(old, new, strict=True)


@transaction.atomic
def create_next_version(
    round: Round, *, by, title: str, include_partly: bool = False
) -> NextVersion:
    """A new draft of the round's document, copied from the consulted version, with every text
    proposal taken in (and partly taken in, if `include_partly`) applied where its passage still
    occurs exactly once; the outcome of each proposal is recorded. The coordinator's
    (access.can_run_rounds); `by` is recorded as the one who created it."""
    if not title.strip():
        raise ValidationError({"title": _("Give the new version a title.")})
    source = round.version
    version = strategy_services.create_version_from(source, title=title.strip(), by=by)
    next_version = NextVersion.objects.create(
        round=round,
        version=version,
        include_partly=include_partly,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    parts = copy_map(source, version)
    applied = 0
    for comment in proposals_to_apply(round, include_partly=include_partly):
        kind = comment.anchor_kind
        part = parts.get((kind, getattr(comment, f"{kind}_id")))
        outcome = ProposalOutcome(
            next_version=next_version,
            comment=comment,
            applied=False,
            part_kind=kind,
            part_id=part.pk if part is not None else None,
        )
        if part is None:
            outcome.problem = ProposalProblem.NOT_FOUND
            outcome.save()
            continue
        found = find_and_replace(
            {name: getattr(part, name) for name in TEXT_FIELDS[kind]},
            comment.replace_text,
            comment.replacement,
        )
        if found.problem:
            outcome.problem = found.problem
            if found.count:
                outcome.detail = str(found.count)
            outcome.save()
            continue
        model = MODELS[kind]
        fresh = model.objects.get(pk=part.pk)
        setattr(fresh, found.field, found.text)
        fresh._change_reason = APPLIED_PROPOSAL_REASON  # not a hand edit (strategy/compare.py)
        try:
            with transaction.atomic():
                strategy_services.save_content(fresh)
        except ValidationError as error:
            outcome.problem = ProposalProblem.INVALID
            outcome.detail = " ".join(error.messages)
            outcome.field = found.field
            outcome.save()
            continue
        outcome.applied = True
        outcome.field = found.field
        outcome.save()
        applied += 1
    not_applied = next_version.outcomes.filter(applied=False).count()
    record_event(
        "next_version_created",
        version,
        _(
            "%(title)s created from the round “%(round)s”: %(applied)s proposals applied, "
            "%(not_applied)s not applied"
        )
        % {
            "title": version.title,
            "round": round.title,
            "applied": applied,
            "not_applied": not_applied,
        },
        actor=by,
        round=round.pk,
        based_on=source.pk,
        include_partly=include_partly,
        applied=applied,
        not_applied=not_applied,
    )
    return next_version


# --- what the comparison needs ---------------------------------------------------------------


def outcome_part(outcome: ProposalOutcome):
    """The new version's part a proposal was applied to (None if it has been removed since)."""
    if not outcome.part_id:
        return None
    return MODELS[outcome.part_kind].objects.filter(pk=outcome.part_id).first()


# The compared fields (strategy/compare.py snapshot) a proposal's model field shows up as.
COMPARE_FIELD = {"proposal": "label"}


def _still_applied(outcome: ProposalOutcome, part) -> bool:
    """Whether the part still holds what the proposal made of it: the replacement is still in
    the field (a deletion: the passage is still gone). A change reverted or rewritten by hand
    since loses the proposal's credit."""
    if part is None or not outcome.field:
        return False
    text = _lines(getattr(part, outcome.field, "") or "")
    comment = outcome.comment
    replacement = _lines(comment.replacement)
    if replacement.strip():
        return replacement in text
    return _lines(comment.replace_text) not in text


def comparison_links(old: Version, new: Version, user) -> tuple[dict, dict]:
    """What the comparison of `old` and `new` learns from the consultation rounds, for a user:
    - forced pairs (compare kind → {old pk: new pk}): a proposal applied to the copy of a part of
      `old` in `new` makes the two the same part, certainly;
    - causes ((compare kind, pk) → comments), on rounds the user may see: the comment whose
      applied proposal changed the part, credited only with the change of the field it changed
      (`credit_fields`) and only while the part still holds what it made (`_still_applied`);
      and the comments the coordinator linked to the part by hand (`ChangeLink`), credited with
      every change of it. A comment taken in without either is not credited: the change may
      well have been made by hand for another reason (its editor is shown instead).
    Either direction works (old may be the later version)."""
    forced: dict[str, dict[int, int]] = defaultdict(dict)
    causes: dict[tuple[str, int], list] = defaultdict(list)
    for earlier, later, flip in ((old, new, False), (new, old, True)):
        outcomes = ProposalOutcome.objects.filter(
            next_version__round__version=earlier, next_version__version=later, applied=True
        ).select_related("comment__statement__organisation", "next_version__round")
        for outcome in outcomes:
            if not access.can_view_round(user, outcome.next_version.round):
                continue
            comment = outcome.comment
            kind = COMPARE_KIND[outcome.part_kind]
            anchor_pk = getattr(comment, f"{outcome.part_kind}_id")
            if not outcome.part_id:
                continue
            if flip:
                forced[kind][outcome.part_id] = anchor_pk
            else:
                forced[kind][anchor_pk] = outcome.part_id
            if not _still_applied(outcome, outcome_part(outcome)):
                continue
            comment.proposal_applied = True  # shown as "text proposal applied"
            comment.credit_fields = frozenset({COMPARE_FIELD.get(outcome.field, outcome.field)})
            causes[(kind, outcome.part_id)].append(comment)
    links = ChangeLink.objects.filter(version__in=[old, new]).select_related(
        "comment__statement__organisation", "comment__statement__round", "comment__disposition"
    )
    for link in links:
        if not access.can_view_round(user, link.comment.statement.round):
            continue
        comment = link.comment
        comment.proposal_applied = False
        comment.linked_by_hand = True
        comment.link_pk = link.pk
        key = (COMPARE_KIND[link.part_kind], link.part_id)
        if comment not in causes[key]:
            causes[key].append(comment)
    return dict(forced), dict(causes)


# --- crediting a change made by hand ---------------------------------------------------------

KIND_OF_MODEL = {model: kind for kind, model in MODELS.items()}
# The comparison's kind of part → ours (for the form that links a change to a comment).
PART_OF_COMPARE_KIND = {compare: kind for kind, compare in COMPARE_KIND.items()}


def linkable_comments(version: Version) -> list[Comment]:
    """The comments of the current statements of the rounds on `version`, that a change of a
    version based on it can be credited to: by body, in the statement's order."""
    from .summary import body_order_key

    comments = []
    for round in version.consultation_rounds.all():
        recipients = sorted(
            load_answers(round.recipients.select_related("organisation")),
            key=lambda r: body_order_key(r.organisation),
        )
        for recipient in recipients:
            statement = recipient.current_statement()
            if statement is not None:
                comments.extend(
                    statement.comments.select_related(
                        "statement__organisation",
                        "section",
                        "area",
                        "goal__area",
                        "goal_indicator__goal__area",
                    ).order_by("order", "id")
                )
    return comments


def _version_of(kind: str, part) -> Version:
    if kind == "goal":
        return part.area.version
    if kind == "goal_indicator":
        return part.goal.area.version
    return part.version


@transaction.atomic
def link_change(comment: Comment, part, *, by) -> "ChangeLink":
    """Credit the changes of `part` (a section, area, goal or indicator link of a version based on
    the comment's consulted version) to `comment`, as the coordinator says (access.can_run_rounds).
    Refused with a Swedish message, nothing written, when the comment is not a submitted one or
    the part is not in a version made after the comment's round."""
    kind = KIND_OF_MODEL.get(type(part))
    if kind is None:
        raise ValidationError(_("Only a section, area, goal or indicator can be linked."))
    statement = comment.statement
    if not statement.is_submitted:
        raise ValidationError(_("Only a comment of a submitted statement can be linked."))
    version = _version_of(kind, part)
    if version.based_on_id != statement.round.version_id:
        raise ValidationError(
            _(
                "“%(part)s” is in “%(version)s”, which is not based on the consulted version "
                "“%(consulted)s”: a change there cannot be credited to this comment."
            )
            % {
                "part": str(part),
                "version": version.title,
                "consulted": statement.round.version.title,
            }
        )
    link, created = ChangeLink.objects.get_or_create(
        comment=comment,
        part_kind=kind,
        part_id=part.pk,
        defaults={"version": version, "linked_by": by if by and by.is_authenticated else None},
    )
    if created:
        record_event(
            "change_linked",
            comment,
            _("%(part)s in %(version)s linked to the comment from %(body)s")
            % {"part": str(part), "version": version.title, "body": statement.organisation},
            actor=by,
            part_kind=kind,
            part_id=part.pk,
            version=version.pk,
        )
    return link


@transaction.atomic
def unlink_change(link: "ChangeLink", *, by) -> None:
    """Take the coordinator's link back (access.can_run_rounds); the audit log keeps it."""
    record_event(
        "change_unlinked",
        link.comment,
        f"{link.part_kind} {link.part_id}",
        actor=by,
        part_kind=link.part_kind,
        part_id=link.part_id,
        version=link.version_id,
    )
    link.delete()
