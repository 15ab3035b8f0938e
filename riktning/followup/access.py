"""Who may see and do what in the yearly follow-up.

- The coordinator starts, approves and returns follow-ups and edits everything in a draft.
- An editor writes the analysis of an area when their organisation (or one it belongs under, as
  indicators.access.can_enter_data) is responsible for at least one of the area's indicators,
  and may then send the follow-up for review.
- Members read drafts; the public sees an approved follow-up of a public version only.
- What other documents contribute (across.py) is read with `contribution_sight`: the versions
  the reader may see, the activities and measures their access modules let the reader see, and
  the follow-ups above. `public_sight` is the public's, for what an approved follow-up freezes.

Built on the core in riktning/accounts/access.py.
"""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from riktning.accounts.access import is_coordinator, is_member, organisation_ids, own, visible
from riktning.accounts.constants import Role
from riktning.actionplans.access import visible_action_plans
from riktning.actionplans.models import Measure
from riktning.activities.access import visible_activities
from riktning.indicators.access import can_enter_data
from riktning.indicators.models import Indicator
from riktning.strategy.access import can_view_version
from riktning.strategy.constants import PUBLIC_STATUSES

from .across import Sight
from .models import AreaAnalysis, FollowUp, FollowUpStatus


def can_manage_followups(user) -> bool:
    return is_coordinator(user)


def can_view_followup(user, followup) -> bool:
    if not can_view_version(user, followup.version):
        return False
    return followup.is_approved or is_member(user)


def visible_followups(user, queryset: QuerySet) -> QuerySet:
    if is_member(user):
        return queryset
    return queryset.filter(status=FollowUpStatus.APPROVED)


def contribution_sight(user) -> Sight:
    """What `user` may see of the parts that contribute across documents (across.py)."""
    measures = Measure.objects.filter(plan__in=visible_action_plans(user))
    followups = visible_followups(user, FollowUp.objects.all())
    if not is_member(user):
        measures = measures.filter(plan__version__status__in=PUBLIC_STATUSES)
        followups = followups.filter(version__status__in=PUBLIC_STATUSES)
    return Sight(
        can_view_version=lambda version: can_view_version(user, version),
        activities=visible_activities(user),
        measures=measures,
        followups=followups,
    )


def public_sight() -> Sight:
    """The public's: what an approved follow-up freezes and a report without a reader shows."""
    return contribution_sight(AnonymousUser())


def area_indicators(area) -> QuerySet:
    return Indicator.objects.filter(goal_links__goal__area=area).select_related("responsible")


def can_write_area_analysis(user, area) -> bool:
    if is_coordinator(user):
        return True
    if not organisation_ids(user, Role.EDITOR):
        return False
    return any(can_enter_data(user, indicator) for indicator in area_indicators(area))


def can_edit_analysis(user, analysis) -> bool:
    return analysis.followup.is_draft and can_write_area_analysis(user, analysis.area)


def can_submit_followup(user, followup) -> bool:
    if not followup.is_draft:
        return False
    if is_coordinator(user):
        return True
    return any(can_write_area_analysis(user, a.area) for a in followup.analyses.all())


def can_move_followup(user, followup, to_status: str) -> bool:
    """Sending a draft for review: can_submit_followup; approving it or returning it to a
    draft: the coordinator's."""
    if to_status == FollowUpStatus.READY_FOR_REVIEW:
        return can_submit_followup(user, followup)
    return can_manage_followups(user)


# --- fetchers --------------------------------------------------------------------------------


def get_followup_for_view(user, pk) -> FollowUp:
    followups = FollowUp.objects.select_related("version__document").filter(pk=pk)
    return visible(user, followups, lambda followup: can_view_followup(user, followup))


def get_followup_for_move(user, pk, to_status: str) -> FollowUp:
    """A follow-up the user may move to `to_status`. Refused with 403, an anonymous visitor
    too, where the follow-up is public (there is nothing to log in for)."""
    followup = get_followup_for_view(user, pk)
    if not can_move_followup(user, followup, to_status):
        raise PermissionDenied
    return followup


def get_analysis_for_edit(user, pk) -> AreaAnalysis:
    """An area's analysis the user may write (the view refuses one of a follow-up that is no
    longer a draft)."""
    analyses = AreaAnalysis.objects.select_related("followup__version", "area").filter(pk=pk)
    return own(user, analyses, lambda analysis: can_write_area_analysis(user, analysis.area))
