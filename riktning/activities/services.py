"""What happens in a mapping: named functions shared by the web UI, the API and the CLI.

Each validates everything before it writes and runs in one transaction. Who may call them is
decided by the caller, which fetched the objects through `activities.access`.
"""

import datetime
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from riktning.audit.services import record_event

from .constants import RoundStatus
from .models import (
    Activity,
    ActivityLink,
    DuplicateDecision,
    DuplicateKind,
    DuplicateVerdict,
    GoalConclusion,
    MappingRound,
    ReportingLink,
)

M2M_FIELDS = ("partners", "areas", "goals")


@transaction.atomic
def open_mapping_round(
    *,
    title: str,
    question: str,
    last_day: datetime.date,
    invited,
    areas=(),
    goals=(),
    version=None,
    assignment=None,
    is_example: bool = False,
    by=None,
) -> MappingRound:
    """A new open mapping round. The coordinator's (access.can_manage_mapping)."""
    if not invited:
        raise ValidationError({"invited": _("Invite at least one organisation.")})
    mapping_round = MappingRound(
        title=title,
        question=question,
        last_day=last_day,
        version=version,
        assignment=assignment,
        is_example=is_example,
    )
    mapping_round.full_clean()
    mapping_round.save()
    mapping_round.invited.set(invited)
    mapping_round.areas.set(areas)
    mapping_round.goals.set(goals)
    record_event("mapping_round_opened", mapping_round, mapping_round.title, actor=by)
    return mapping_round


@transaction.atomic
def close_mapping_round(mapping_round: MappingRound, *, by=None) -> MappingRound:
    """Close a round: nothing more is reported in it, and its activities become public. The
    coordinator's (access.can_manage_mapping)."""
    MappingRound.objects.filter(pk=mapping_round.pk).update(status=RoundStatus.CLOSED)
    mapping_round.refresh_from_db()
    record_event("mapping_round_closed", mapping_round, mapping_round.title, actor=by)
    return mapping_round


def check_round_open(mapping_round: MappingRound | None, contact: str = "") -> None:
    if mapping_round is not None and not mapping_round.is_open:
        raise ValidationError(
            _(
                "The mapping round “%(round)s” is closed; nothing more can be reported in it. "
                "Contact the coordinator%(contact)s if something is missing."
            )
            % {"round": mapping_round.title, "contact": f" ({contact})" if contact else ""}
        )


def _save_activity(activity: Activity, m2m: dict) -> Activity:
    activity.full_clean()
    activity.save()
    for name, values in m2m.items():
        if values is not None:
            getattr(activity, name).set(values)
    return activity


@transaction.atomic
def report_activity(*, organiser, mapping_round=None, by=None, **fields) -> Activity:
    """A new activity of `organiser`, in `mapping_round` if given (which must be open). For whoever
    may report in the round and act for the organiser (access.can_report_in_round,
    accounts.access.can_act_for), or the holder of the organiser's personal link; `by` is None
    then."""
    check_round_open(mapping_round)
    m2m = {name: fields.pop(name, None) for name in M2M_FIELDS}
    activity = Activity(organiser=organiser, mapping_round=mapping_round, reported_by=by, **fields)
    return _save_activity(activity, m2m)


@transaction.atomic
def change_activity(activity: Activity, **fields) -> Activity:
    """For whoever may act for its organiser (access.can_edit_activity), while its round is
    open."""
    check_round_open(activity.mapping_round)
    m2m = {name: fields.pop(name, None) for name in M2M_FIELDS}
    for name, value in fields.items():
        setattr(activity, name, value)
    return _save_activity(activity, m2m)


def answers(mapping_round: MappingRound) -> list[dict]:
    """Each invited organisation with how many activities it reported (or linked from an earlier
    round instead of reporting them again): who answered, who not."""
    counts: dict[int, int] = {}
    reported = mapping_round.activities.filter(merged_into=None).values_list(
        "organiser_id", flat=True
    )
    linked = mapping_round.activity_links.values_list("activity__organiser_id", flat=True)
    for organiser_id in [*reported, *linked]:
        counts[organiser_id] = counts.get(organiser_id, 0) + 1
    return [
        {"organisation": org, "count": counts.get(org.pk, 0), "answered": org.pk in counts}
        for org in mapping_round.invited.order_by("name")
    ]


@transaction.atomic
def record_conclusion(goal, *, text: str, more_needed: bool, by=None, is_example=False):
    """The coordinator's conclusion on a goal: is more needed? (access.can_record_conclusion)."""
    conclusion = GoalConclusion(
        goal=goal, text=text, more_needed=more_needed, recorded_by=by, is_example=is_example
    )
    conclusion.full_clean(exclude=["recorded_by"])
    conclusion.save()
    record_event("goal_conclusion_recorded", conclusion, text, actor=by)
    return conclusion


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def create_reporting_link(mapping_round, organisation, *, by=None) -> tuple:
    """A new personal link for an invited organisation; returns (link, token). The token is not
    stored, only its hash: show it once. The coordinator's (access.can_manage_mapping)."""
    if not mapping_round.invited.filter(pk=organisation.pk).exists():
        raise ValidationError(_("Only an invited organisation can get a link."))
    check_round_open(mapping_round)
    token = secrets.token_urlsafe(32)
    link = ReportingLink.objects.create(
        mapping_round=mapping_round,
        organisation=organisation,
        token_hash=hash_token(token),
        created_by=by,
    )
    record_event("reporting_link_created", link, str(link), actor=by)
    return link, token


@transaction.atomic
def revoke_reporting_link(link, *, by=None):
    """The coordinator's (access.can_manage_mapping)."""
    ReportingLink.objects.filter(pk=link.pk, revoked_at=None).update(revoked_at=timezone.now())
    link.refresh_from_db()
    record_event("reporting_link_revoked", link, str(link), actor=by)
    return link


def find_reporting_link(token: str):
    """The link for `token`, valid or not, or None."""
    if not token or len(token) > 100:
        return None
    return (
        ReportingLink.objects.select_related("mapping_round", "organisation")
        .filter(token_hash=hash_token(token))
        .first()
    )


def send_reminders(mapping_round, *, round_url: str, by=None) -> list[str]:
    """E-mail every invited organisation that has not answered yet: the organisation's own
    address and its editors'. Returns the addresses written to. Through Django's e-mail backend
    (the console backend in the demo). The coordinator's (access.can_manage_mapping)."""
    from django.conf import settings
    from django.core.mail import send_mail

    from riktning.accounts.constants import Role

    check_round_open(mapping_round)
    sent = []
    for answer in answers(mapping_round):
        if answer["answered"]:
            continue
        organisation = answer["organisation"]
        addresses = {organisation.email} if organisation.email else set()
        addresses |= set(
            organisation.memberships.filter(role=Role.EDITOR)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
        if not addresses:
            continue
        subject = _("Reminder: %(round)s") % {"round": mapping_round.title}
        body = _(
            "%(organisation)s has not yet reported its activities in the mapping round "
            "“%(round)s”. The last day is %(last_day)s.\n\n%(question)s\n\n%(url)s"
        ) % {
            "organisation": organisation.name,
            "round": mapping_round.title,
            "last_day": mapping_round.last_day.isoformat(),
            "question": mapping_round.question,
            "url": round_url,
        }
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, sorted(addresses))
        sent.extend(sorted(addresses))
    if sent:
        record_event(
            "mapping_round_reminded", mapping_round, mapping_round.title, actor=by, to=sent
        )
    return sent


# --- double reporting: link instead of reporting again, merge, dismiss, undo ------------------


@transaction.atomic
def link_activity(
    activity: Activity, mapping_round: MappingRound, *, goals=(), areas=(), score=0, by=None
) -> Activity:
    """Count `activity`, reported earlier, as its organisation's answer in `mapping_round`
    instead of reporting it again: the round lists it and the goals and areas chosen there are
    added to it (never removed), so it appears wherever it contributes. For whoever may report
    in the round and act for the activity's organiser (access.get_activity_for_link)."""
    check_round_open(mapping_round)
    if activity.merged_into_id is not None:
        raise ValidationError(
            _("The activity “%(name)s” was merged into another; link to that one instead.")
            % {"name": activity.name}
        )
    added_goals = [g.pk for g in goals if not activity.goals.filter(pk=g.pk).exists()]
    activity.goals.add(*goals)
    activity.areas.add(*areas)
    if activity.mapping_round_id != mapping_round.pk:
        ActivityLink.objects.get_or_create(
            activity=activity,
            mapping_round=mapping_round,
            defaults={"linked_by": by, "score": round(score)},
        )
    record_event(
        "activity_linked",
        activity,
        f"{activity.name} → {mapping_round.title}",
        actor=by,
        mapping_round=mapping_round.pk,
        added_goals=added_goals,
        score=round(score),
    )
    return activity


def _pair(first_id: int, second_id: int) -> tuple[int, int]:
    if first_id == second_id:
        raise ValidationError(_("An item cannot be a duplicate of itself."))
    return (min(first_id, second_id), max(first_id, second_id))


@transaction.atomic
def dismiss_duplicate(kind: str, first, second, *, score=0, by=None) -> DuplicateDecision:
    """Remember that `first` and `second` (two activities or two measures) are not duplicates:
    the pair is no longer listed. The coordinator's (access.can_decide_duplicates)."""
    low, high = _pair(first.pk, second.pk)
    decision = DuplicateDecision.objects.create(
        kind=kind,
        first_id=low,
        second_id=high,
        verdict=DuplicateVerdict.DISMISSED,
        score=round(score),
        decided_by=by,
    )
    record_event(
        "duplicate_dismissed",
        decision,
        f"{first} / {second}",
        actor=by,
        kind=kind,
        first=low,
        second=high,
    )
    return decision


def record_merge(kind: str, kept, other, *, added_goal_ids, score, by) -> DuplicateDecision:
    """The decision row and the event of a merge (called inside the merging transaction)."""
    low, high = _pair(kept.pk, other.pk)
    decision = DuplicateDecision.objects.create(
        kind=kind,
        first_id=low,
        second_id=high,
        verdict=DuplicateVerdict.MERGED,
        kept_id=kept.pk,
        score=round(score),
        added_goal_ids=added_goal_ids,
        decided_by=by,
    )
    record_event(
        "duplicates_merged",
        decision,
        f"{other} → {kept}",
        actor=by,
        kind=kind,
        kept=kept.pk,
        merged=other.pk,
        added_goals=added_goal_ids,
    )
    return decision


def record_undo(decision: DuplicateDecision, *, by) -> DuplicateDecision:
    """Mark a merge undone and log it (called inside the undoing transaction)."""
    if decision.verdict != DuplicateVerdict.MERGED or decision.undone_at is not None:
        raise ValidationError(_("Only a merge that has not been undone can be undone."))
    decision.undone_at = timezone.now()
    decision.undone_by = by
    decision.save()
    record_event(
        "duplicate_merge_undone",
        decision,
        str(decision),
        actor=by,
        kind=decision.kind,
        kept=decision.kept_id,
        merged=decision.other_id,
    )
    return decision


def check_mergeable(kept, other, owner: str) -> None:
    if kept.pk == other.pk:
        raise ValidationError(_("An item cannot be a duplicate of itself."))
    if getattr(kept, f"{owner}_id") != getattr(other, f"{owner}_id"):
        raise ValidationError(
            _("Only items of the same organisation can be merged: “%(a)s” and “%(b)s” are not.")
            % {"a": kept, "b": other}
        )
    for item in (kept, other):
        if item.merged_into_id is not None:
            raise ValidationError(
                _("“%(name)s” is already merged into another item.") % {"name": item}
            )


@transaction.atomic
def merge_activities(kept: Activity, other: Activity, *, score=0, by=None) -> DuplicateDecision:
    """`other` is a duplicate of `kept`: it is marked merged into `kept` (not deleted; both keep
    their history) and left out of every list, and its goals are added to `kept`. The
    coordinator's, after looking at both (access.can_decide_duplicates); undone by
    `undo_activity_merge`."""
    check_mergeable(kept, other, "organiser")
    kept_goals = set(kept.goals.values_list("pk", flat=True))
    added = sorted(set(other.goals.values_list("pk", flat=True)) - kept_goals)
    kept.goals.add(*added)
    other.merged_into = kept
    other.save()
    return record_merge(
        DuplicateKind.ACTIVITY, kept, other, added_goal_ids=added, score=score, by=by
    )


@transaction.atomic
def undo_activity_merge(decision: DuplicateDecision, *, by=None) -> DuplicateDecision:
    """Undo a merge of activities: the merged one is listed again and the goals the merge added
    to the kept one are removed. The coordinator's (access.can_decide_duplicates)."""
    if decision.kind != DuplicateKind.ACTIVITY:
        raise ValidationError(_("Not a merge of activities."))
    record_undo(decision, by=by)
    other = Activity.objects.get(pk=decision.other_id)
    other.merged_into = None
    other.save()
    Activity.objects.get(pk=decision.kept_id).goals.remove(*decision.added_goal_ids)
    return decision
