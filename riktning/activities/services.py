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
from .models import Activity, GoalConclusion, MappingRound, ReportingLink

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
    """Each invited organisation with how many activities it reported: who answered, who not."""
    counts: dict[int, int] = {}
    for organiser_id in mapping_round.activities.values_list("organiser_id", flat=True):
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
