"""The next version after a consultation round: a new draft copied from the consulted version,
with the text proposals the coordinator took in applied, and what links a change between two
versions to the comment that caused it (for the comparison, strategy/compare.py).

A proposal that quotes a passage (replace it, insert text after it, delete it) is applied only
when the passage occurs exactly once in the text fields of the new version's copy of the part
the comment is about. A proposal that adds a section, an area, a goal or an indicator link
creates it in the new version where `proposals.place` says (after or under the copy of the
part, or last in the document); one that deletes a part deletes its copy (with what is inside
it). Otherwise nothing is guessed: the outcome says why (`outcome_message`: the comment, the
body, the part and the reason) and the coordinator decides. See docs/consultation.md.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, Q
from django.utils.translation import gettext as _

from riktning.audit.services import record_event
from riktning.strategy import reading
from riktning.strategy import services as strategy_services
from riktning.strategy.compare import APPLIED_PROPOSAL_REASON
from riktning.strategy.constants import IndicatorRole
from riktning.strategy.models import (
    AreaCarryOver,
    DevelopmentArea,
    Goal,
    GoalIndicator,
    Section,
    Version,
)

from . import access
from .constants import ADDING_KINDS, QUOTING_KINDS, Decision, ProposalKind
from .models import (
    ChangeLink,
    Comment,
    NextVersion,
    ProposalOutcome,
    ProposalProblem,
    Round,
    load_answers,
)
from .proposals import AFTER, LAST, UNDER, place
from .quotes import TEXT_FIELDS, _lines

MODELS = {
    "section": Section,
    "area": DevelopmentArea,
    "goal": Goal,
    "goal_indicator": GoalIndicator,
}
# The comparison's names for the same kinds.
COMPARE_KIND = {"section": "section", "area": "area", "goal": "goal", "goal_indicator": "indicator"}
TAKEN_IN = frozenset({Decision.TAKEN_IN, Decision.PARTLY_TAKEN_IN})


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
    is left out) that carry a proposal of any kind the coordinator took in (or partly took in,
    when `include_partly`), by body and in the statement's order (whole-draft comments first)."""
    decisions = {Decision.TAKEN_IN} | ({Decision.PARTLY_TAKEN_IN} if include_partly else set())
    comments = []
    for recipient in load_answers(
        round.recipients.select_related("organisation").order_by("organisation__name", "id")
    ):
        statement = recipient.current_statement()
        if statement is None:
            continue
        comments.extend(
            sorted(
                statement.comments.filter(disposition__decision__in=decisions)
                .filter(~Q(proposal_kind="") | ~Q(replace_text=""))
                .select_related("statement__organisation", "disposition", "indicator")
                .order_by("order", "id"),
                key=lambda comment: not comment.is_whole_draft,
            )
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
        outcome = ProposalOutcome(
            next_version=next_version, comment=comment, applied=False, part_kind=kind
        )
        part = None
        if kind:
            copied = parts.get((kind, getattr(comment, f"{kind}_id")))
            part = MODELS[kind].objects.filter(pk=copied.pk).first() if copied else None
            outcome.part_id = copied.pk if copied is not None else None
            if part is None:  # an earlier proposal deleted it (or what it was in)
                outcome.problem = ProposalProblem.PART_GONE
                outcome.save()
                continue
        try:
            with transaction.atomic():
                result = apply_proposal(comment, part, version)
        except NotApplied as refusal:
            outcome.problem = refusal.problem
            outcome.detail = refusal.detail
            outcome.field = refusal.field
            outcome.save()
            continue
        outcome.applied = True
        outcome.part_kind, outcome.part_id, outcome.field = result
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


# --- applying one proposal ------------------------------------------------------------------


class NotApplied(Exception):
    """Why a proposal was not applied: a ProposalProblem, its detail, the field concerned."""

    def __init__(self, problem: str, detail: str = "", field: str = ""):
        super().__init__(problem, detail)
        self.problem, self.detail, self.field = problem, detail, field


def inserted(passage: str, text: str) -> str:
    """The passage followed by the inserted text: joined by a space, unless the text starts
    with white space or punctuation or the passage ends a line (pure)."""
    passage, text = _lines(passage), _lines(text)
    if not text or text[0].isspace() or text[0] in ".,;:!?)" or passage.endswith("\n"):
        return passage + text
    return f"{passage} {text}"


def _save(obj, **kwargs) -> None:
    obj._change_reason = APPLIED_PROPOSAL_REASON  # not a hand edit (strategy/compare.py)
    if kwargs:
        obj.save(**kwargs)
    else:
        strategy_services.save_content(obj)


def apply_proposal(comment: Comment, part, version: Version) -> tuple[str, int | None, str]:
    """Apply `comment`'s proposal to `part`, the new version's copy of the part the comment is
    about (None: the whole draft), in `version`. Returns (part kind, part pk, field) of what it
    changed, added or deleted; raises NotApplied, having written nothing it keeps (the caller's
    savepoint), when it cannot."""
    kind = comment.kind
    if kind in QUOTING_KINDS:
        return _apply_to_text(comment, part)
    if kind in ADDING_KINDS:
        new = _add_part(comment, part, version)
        return KIND_OF_MODEL[type(new)], new.pk, ""
    if kind == ProposalKind.DELETE_PART:
        anchor_kind = comment.anchor_kind
        pk = part.pk
        _delete_part(part)
        return anchor_kind, pk, ""
    raise NotApplied(ProposalProblem.NOT_POSSIBLE, _("The comment carries no proposal."))


def _apply_to_text(comment: Comment, part) -> tuple[str, int, str]:
    kind = comment.kind
    if part is None:
        raise NotApplied(ProposalProblem.NOT_POSSIBLE, _("A quoted passage needs a part."))
    anchor_kind = KIND_OF_MODEL[type(part)]
    passage = comment.replace_text
    if kind == ProposalKind.INSERT:
        new_text = inserted(passage, comment.replacement)
    elif kind == ProposalKind.DELETE_TEXT:
        new_text = ""
    else:
        new_text = comment.replacement
    found = find_and_replace(
        {name: getattr(part, name) for name in TEXT_FIELDS[anchor_kind]}, passage, new_text
    )
    if found.problem:
        raise NotApplied(found.problem, str(found.count) if found.count else "")
    setattr(part, found.field, found.text)
    try:
        with transaction.atomic():
            _save(part)
    except ValidationError as error:
        raise NotApplied(ProposalProblem.INVALID, " ".join(error.messages), found.field) from None
    return anchor_kind, part.pk, found.field


def _top_level(version: Version) -> list:
    sequence = list(Section.objects.filter(version=version, parent=None, area=None))
    sequence += list(DevelopmentArea.objects.filter(version=version))
    return sorted(sequence, key=reading.order_key)


def _new_part(comment: Comment, anchor, version: Version):
    """The unsaved new part a proposal adds, with its parent set, and the sequence it goes in."""
    kind = comment.kind
    where = place(kind, anchor)
    if not where:
        raise NotApplied(ProposalProblem.NOT_POSSIBLE, _("The new part cannot be placed there."))
    if kind == ProposalKind.ADD_SECTION:
        new = Section(version=version, heading=comment.new_title, body=comment.replacement)
        if where == UNDER:
            new.area = anchor
        elif where == AFTER and isinstance(anchor, Section):
            new.parent, new.area = anchor.parent, anchor.area
        elif where == AFTER:  # after a goal, among its area's parts
            new.area = anchor.area
    elif kind == ProposalKind.ADD_AREA:
        new = DevelopmentArea(
            version=version, title=comment.new_title, description=comment.replacement
        )
    elif kind == ProposalKind.ADD_GOAL:
        area = anchor if where == UNDER else anchor.area
        new = Goal(area=area, title=comment.replacement)
    else:
        goal = anchor if where == UNDER else anchor.goal
        role = IndicatorRole.ADDITIONAL if goal.indicator_links.exists() else IndicatorRole.PRIMARY
        new = GoalIndicator(
            goal=goal, indicator=comment.indicator, role=role, wording=comment.replacement
        )
    if where == LAST:
        sequence = _top_level(version)
    elif where == UNDER and isinstance(anchor, DevelopmentArea):
        sequence = sorted(reading.area_parts(anchor.pk), key=reading.order_key)
    elif where == UNDER:
        sequence = list(anchor.indicator_links.order_by("order", "id"))
    else:
        sequence = reading.sequence_of(anchor)
    return new, where, sequence


def _add_part(comment: Comment, anchor, version: Version):
    """The part a proposal adds, saved in its place: last, or right after the anchor (the
    siblings after it renumbered)."""
    new, where, sequence = _new_part(comment, anchor, version)
    if where == AFTER:
        index = next(
            i for i, p in enumerate(sequence) if type(p) is type(anchor) and p.pk == anchor.pk
        )
        sequence.insert(index + 1, new)
        for number, sibling in enumerate(sequence, start=1):
            if sibling is new:
                new.order = number
            elif sibling.order != number:
                sibling.order = number
                _save(sibling, update_fields=["order"])
    else:
        new.order = reading.next_order(sequence)
    try:
        with transaction.atomic():
            _save(new)
            if isinstance(new, Goal) and comment.indicator_id:
                _save(
                    GoalIndicator(goal=new, indicator=comment.indicator, role=IndicatorRole.PRIMARY)
                )
    except ValidationError as error:
        raise NotApplied(ProposalProblem.INVALID, " ".join(error.messages)) from None
    return new


def _delete(obj) -> None:
    obj._change_reason = APPLIED_PROPOSAL_REASON
    obj.delete()


def _delete_section(section: Section) -> None:
    for child in section.children.all():
        _delete_section(child)
    _delete(section)


def _delete_goal(goal: Goal) -> None:
    for link in goal.indicator_links.all():
        _delete(link)
    _delete(goal)


def _delete_part(part) -> None:
    """Delete the new version's copy of a part with what is inside it (an area's goals, links
    and sections, a section's sub-sections, a goal's links). Refused (NotApplied) when something
    else still refers to it (a contribution, an assignment)."""
    try:
        with transaction.atomic():
            if isinstance(part, GoalIndicator):
                _delete(part)
            elif isinstance(part, Goal):
                _delete_goal(part)
            elif isinstance(part, Section):
                _delete_section(part)
            else:
                while section := part.sections.order_by("-parent_id", "-id").first():
                    _delete_section(section)
                for goal in part.goals.all():
                    _delete_goal(goal)
                for row in AreaCarryOver.objects.filter(to_area=part):
                    _delete(row)
                _delete(part)
    except ProtectedError as error:
        names = sorted({str(type(obj)._meta.verbose_name) for obj in error.protected_objects})
        raise NotApplied(
            ProposalProblem.NOT_POSSIBLE,
            _("something else in the new version still refers to it (%(what)s)")
            % {"what": ", ".join(names)},
        ) from None


def outcome_message(outcome: ProposalOutcome) -> str:
    """Why a proposal was not applied, in a sentence naming the comment, the body and the part:
    "Förslaget i synpunkt 2 från Socialnämnden (Område: Boende) infördes inte. …"."""
    from .summary import anchor_label

    comment = outcome.comment
    why = str(ProposalProblem(outcome.problem).label) if outcome.problem else ""
    if outcome.problem == ProposalProblem.AMBIGUOUS and outcome.detail:
        why = _("The passage occurs %(count)s times in the text") % {"count": outcome.detail}
    elif outcome.detail:
        why = f"{why}: {outcome.detail}"
    return _(
        "The proposal of comment %(number)s from %(body)s (%(part)s) was not applied. %(why)s."
    ) % {
        "number": comment.order,
        "body": comment.statement.organisation.name,
        "part": anchor_label(comment),
        "why": why,
    }


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
    comment = outcome.comment
    kind = comment.kind
    if kind in ADDING_KINDS:
        return part is not None
    if kind == ProposalKind.DELETE_PART:
        return part is None
    if part is None or not outcome.field:
        return False
    text = _lines(getattr(part, outcome.field, "") or "")
    replacement = "" if kind == ProposalKind.DELETE_TEXT else _lines(comment.replacement)
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
            if not outcome.part_id or not outcome.part_kind:
                continue
            kind = COMPARE_KIND[outcome.part_kind]
            still = _still_applied(outcome, outcome_part(outcome))
            if comment.kind in ADDING_KINDS or comment.kind == ProposalKind.DELETE_PART:
                if not still:
                    continue
                comment.proposal_applied = True
                # A part the proposal added (credited with its being added, all of it), or the
                # consulted part it deleted.
                comment.credit_fields = None
                key = outcome.part_id
                if comment.kind == ProposalKind.DELETE_PART:
                    key = getattr(comment, f"{outcome.part_kind}_id")
                causes[(kind, key)].append(comment)
                continue
            anchor_pk = getattr(comment, f"{outcome.part_kind}_id")
            if flip:
                forced[kind][outcome.part_id] = anchor_pk
            else:
                forced[kind][anchor_pk] = outcome.part_id
            if not still:
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
    version based on it can be credited to: by body, in the statement's order (those on the
    whole draft first)."""
    from .summary import body_order_key, whole_draft_first

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
                    whole_draft_first(
                        statement.comments.select_related(
                            "statement__organisation",
                            "section",
                            "area",
                            "goal__area",
                            "goal_indicator__goal__area",
                        ).order_by("order", "id")
                    )
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
