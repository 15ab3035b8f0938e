"""What is waiting for the person who logs in: the start page's "To do" list.

Read-only queries across the apps, each item with the page where it is done. An editor sees
their organisation's open work: statements to write in consultation rounds, activities to report
in open mapping rounds, measures to report on (late ones first) and follow-up analyses to write.
The coordinator sees the state of the work they run: rounds with how many have answered,
comments without a decision, late measures and follow-ups waiting for approval. Who may do what
is still decided by the domains' access modules; this list only points.

`todo_html` keeps the list, with the person's roles, rendered per person and day under the data
and the work generation (followup/cache.py): every write to the tables it reads changes one of
them, so it is never stale, and no one else's list is ever under the same key."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from riktning.accounts import access
from riktning.accounts.constants import Role
from riktning.consultation import access as consultation_access
from riktning.followup import access as followup_access
from riktning.followup import cache


@dataclass
class Item:
    text: str
    url: str
    detail: str = ""
    due: datetime.date | None = None
    ends: bool = False  # `due` is an end date (a measure), not a last day to answer
    flag: str = ""  # what needs attention ("Late", "The last day has passed"), in words


def _due_flag(day: datetime.date | None, today: datetime.date) -> str:
    if day is None:
        return ""
    if day < today:
        return _("The last day has passed")
    if day - today <= SOON:
        return _("The last day is near")
    return ""


@dataclass
class Worklist:
    statements: list[Item] = field(default_factory=list)
    mapping: list[Item] = field(default_factory=list)
    measures: list[Item] = field(default_factory=list)
    analyses: list[Item] = field(default_factory=list)
    rounds: list[Item] = field(default_factory=list)
    plans: list[Item] = field(default_factory=list)
    dispositions: list[Item] = field(default_factory=list)
    followups: list[Item] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(
            (
                self.statements,
                self.mapping,
                self.measures,
                self.analyses,
                self.rounds,
                self.plans,
                self.dispositions,
                self.followups,
            )
        )


SOON = datetime.timedelta(days=7)


def worklist(user, today: datetime.date | None = None) -> Worklist:
    today = today or timezone.localdate()
    result = Worklist()
    if not access.is_member(user):
        return result
    editor_of = access.organisation_ids(user, Role.EDITOR)
    if editor_of or access.is_coordinator(user):
        # a statement the person's organisation owes (the coordinator's too, if invited)
        _statements(user, result, today)
    if editor_of:
        _mapping(editor_of, result, today)
        _measures(editor_of, result, today)
        _analyses(user, result)
    if access.is_coordinator(user):
        _coordinator(result, today)
    return result


def todo_html(user, stamp: str | None = None) -> SafeString:
    """The person's roles and "To do" list rendered (web/includes/start_person.html), from the
    cache when it was rendered today for this person at the current generations (or `stamp`,
    followup/cache.py: both generations)."""
    today = timezone.localdate()

    def render() -> str:
        memberships = user.memberships.select_related("organisation").order_by("id")
        context = {"memberships": memberships, "todo": worklist(user, today)}
        return render_to_string("web/includes/start_person.html", context)

    key = f"todo:{user.pk}:{today.isoformat()}"
    return cache.fragment(key, render, work=True, stamp=stamp)


def notifications_html(user, stamp: str | None = None) -> SafeString:
    """The person's latest notifications rendered (web/includes/notifications.html), from the
    cache at the current generations (or `stamp`): making or deleting a notification changes
    the work generation (followup/apps.py)."""
    from riktning.notifications.recent import recent_notifications

    def render() -> str:
        context = {"notifications": recent_notifications(user)}
        return render_to_string("web/includes/notifications.html", context)

    return cache.fragment(f"notifications:{user.pk}", render, work=True, stamp=stamp)


def _statements(user, result: Worklist, today) -> None:
    from riktning.consultation.constants import RecipientStatus
    from riktning.consultation.models import Recipient, load_answers

    recipients = Recipient.objects.filter(
        round__sent_on__isnull=False,
        round__reply_by__gte=today,
        organisation__in=consultation_access.statement_organisation_ids(user),
    ).select_related("round", "organisation")
    for recipient in load_answers(recipients.order_by("round__reply_by", "pk")):
        status = recipient.status(today)
        if status not in (RecipientStatus.SENT, RecipientStatus.DRAFT_STARTED):
            continue
        result.statements.append(
            Item(
                text=recipient.round.title,
                url=reverse(
                    "web:statement_start", args=[recipient.round_id, recipient.organisation_id]
                ),
                detail=f"{recipient.organisation.name}: {RecipientStatus(status).label}",
                due=recipient.round.reply_by,
                flag=_due_flag(recipient.round.reply_by, today),
            )
        )


def _mapping(editor_of: set[int], result: Worklist, today) -> None:
    from riktning.activities.constants import RoundStatus
    from riktning.activities.models import MappingRound

    rounds = MappingRound.objects.filter(status=RoundStatus.OPEN, invited__in=editor_of)
    for mapping_round in rounds.distinct().order_by("last_day", "pk"):
        reported = mapping_round.activities.filter(organiser__in=editor_of).count()
        result.mapping.append(
            Item(
                text=mapping_round.title,
                url=reverse("web:activity_create", args=[mapping_round.pk]),
                detail=ngettext(
                    "%(count)s activity reported so far",
                    "%(count)s activities reported so far",
                    reported,
                )
                % {"count": reported},
                due=mapping_round.last_day,
                flag=_due_flag(mapping_round.last_day, today),
            )
        )


def _measures(editor_of: set[int], result: Worklist, today) -> None:
    from riktning.actionplans.constants import MeasureStatus
    from riktning.actionplans.models import Measure

    measures = (
        Measure.objects.filter(responsible__in=editor_of)
        .exclude(status__in=[MeasureStatus.DONE, MeasureStatus.CANCELLED])
        .select_related("plan", "responsible")
    )
    items = []
    for measure in measures:
        items.append(
            Item(
                text=measure.title,
                url=reverse("web:measure_status", args=[measure.pk]),
                detail=f"{measure.responsible.name}, {measure.plan.title}",
                due=measure.end_date,
                ends=True,
                flag=_("Late") if measure.is_late(today) else "",
            )
        )
    items.sort(key=lambda i: (not i.flag, i.due or datetime.date.max, i.text))
    result.measures = items


def _analyses(user, result: Worklist) -> None:
    from riktning.followup.models import AreaAnalysis, FollowUpStatus

    analyses = AreaAnalysis.objects.filter(followup__status=FollowUpStatus.DRAFT).select_related(
        "followup", "area"
    )
    for analysis in analyses.order_by("followup__year", "area__order", "pk"):
        if access.is_coordinator(user) or not followup_access.can_edit_analysis(user, analysis):
            continue
        result.analyses.append(
            Item(
                text=f"{analysis.followup.title}: {analysis.area.title}",
                url=reverse("web:analysis_edit", args=[analysis.pk]),
                detail="" if analysis.text.strip() else _("not started"),
            )
        )


def _coordinator(result: Worklist, today) -> None:
    from riktning.actionplans.models import ActionPlan
    from riktning.actionplans.status import late_filter
    from riktning.activities.constants import RoundStatus
    from riktning.activities.models import MappingRound
    from riktning.consultation.constants import RecipientStatus
    from riktning.consultation.models import Comment, Round, StatementStatus, load_answers
    from riktning.followup.models import FollowUp, FollowUpStatus
    from riktning.strategy.constants import VersionStatus

    answered = {RecipientStatus.ANSWERED, RecipientStatus.ANSWERED_LATE, RecipientStatus.DECLINED}
    rounds = Round.objects.filter(version__status=VersionStatus.CONSULTATION)
    for round in rounds.order_by("-reply_by", "-pk"):
        recipients = load_answers(round.recipients.select_related("round"))
        done = sum(1 for r in recipients if r.status(today) in answered)
        result.rounds.append(
            Item(
                text=round.title,
                url=reverse("web:round_detail", args=[round.pk]),
                detail=_("%(done)s of %(total)s recipients have answered")
                % {"done": done, "total": len(recipients)},
                due=round.reply_by,
                flag=_("Not sent yet")
                if round.sent_on is None
                else _due_flag(round.reply_by, today),
            )
        )
        open_comments = (
            Comment.objects.filter(
                statement__round=round,
                statement__status=StatementStatus.SUBMITTED,
                disposition__isnull=True,
            )
            .exclude(statement__corrections__status=StatementStatus.SUBMITTED)
            .count()
        )
        if open_comments:
            result.dispositions.append(
                Item(
                    text=round.title,
                    url=reverse("web:round_summary", args=[round.pk]),
                    detail=ngettext(
                        "%(count)s comment without a decision",
                        "%(count)s comments without a decision",
                        open_comments,
                    )
                    % {"count": open_comments},
                )
            )
    for mapping_round in MappingRound.objects.filter(status=RoundStatus.OPEN).order_by(
        "last_day", "pk"
    ):
        invited = list(mapping_round.invited.values_list("pk", flat=True))
        reported = (
            mapping_round.activities.filter(organiser__in=invited)
            .values("organiser")
            .distinct()
            .count()
        )
        result.rounds.append(
            Item(
                text=mapping_round.title,
                url=reverse("web:mapping_round_detail", args=[mapping_round.pk]),
                detail=_("%(done)s of %(total)s invited have reported")
                % {"done": reported, "total": len(invited)},
                due=mapping_round.last_day,
                flag=_due_flag(mapping_round.last_day, today),
            )
        )
    # a draft's late measures count too
    plans = ActionPlan.objects.annotate(
        late=Count("measures", filter=late_filter(today, "measures__"))
    )
    for plan in plans.filter(late__gt=0).order_by("-year", "pk"):
        late = plan.late
        if late:
            result.plans.append(
                Item(
                    text=plan.title,
                    url=reverse("web:action_plan_detail", args=[plan.pk]),
                    detail=ngettext("%(count)s late measure", "%(count)s late measures", late)
                    % {"count": late},
                    flag=_("Late"),
                )
            )
    for followup in FollowUp.objects.filter(status=FollowUpStatus.READY_FOR_REVIEW).order_by(
        "year", "pk"
    ):
        result.followups.append(
            Item(text=followup.title, url=reverse("web:followup_detail", args=[followup.pk]))
        )
