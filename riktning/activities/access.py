"""Who may see and do what in a mapping (kartläggning).

- Mapping rounds and activities: members see everything; the public sees a round and the
  activities reported in it once the round is closed (what bodies reported is then a public
  record, like a statement; while a round is open its answers are work in progress).
- The coordinator opens and closes rounds, sends reminders and makes and revokes the personal
  reporting links of invited organisations without an account.
- While a round is open, the coordinator and the editors of an invited organisation report in it;
  an activity is changed by whoever may act for its organiser (accounts.access.can_act_for).
- The gap analysis and the conclusions per goal are working material: members read them, the
  coordinator records the conclusions.
- Double reporting: whoever reports in a round may link an earlier activity of an organisation
  they act for instead of reporting it again (never another organisation's); only the
  coordinator sees the list of suspected duplicates, merges, dismisses and undoes a merge.

Built on the core in riktning/accounts/access.py.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from riktning.accounts.access import (
    can_act_for,
    found,
    is_coordinator,
    is_member,
    organisation_ids,
    own,
    require,
    require_login,
    visible,
)
from riktning.accounts.constants import Role
from riktning.strategy.access import get_goal_for_view, get_version_for_view
from riktning.strategy.models import Goal, Version

from .constants import RoundStatus
from .models import Activity, DuplicateDecision, MappingRound, ReportingLink


def can_view_mapping_round(user, mapping_round) -> bool:
    if is_member(user):
        return True
    return mapping_round.status == RoundStatus.CLOSED


def visible_mapping_rounds(user, queryset: QuerySet | None = None) -> QuerySet:
    queryset = MappingRound.objects.all() if queryset is None else queryset
    if is_member(user):
        return queryset
    return queryset.filter(status=RoundStatus.CLOSED)


def visible_activities(user, queryset: QuerySet | None = None) -> QuerySet:
    """Activities merged into another as duplicates are left out (they are reached through the
    one they were merged into and its history)."""
    queryset = Activity.objects.all() if queryset is None else queryset
    queryset = queryset.filter(merged_into=None)
    if is_member(user):
        return queryset
    return queryset.filter(mapping_round__status=RoundStatus.CLOSED)


def can_manage_mapping(user) -> bool:
    """Open and close mapping rounds, remind, make and revoke links: the coordinator's."""
    return is_coordinator(user)


def can_report_in_round(user, mapping_round) -> bool:
    """The coordinator, or an editor of an invited organisation, while the round is open."""
    if not mapping_round.is_open:
        return False
    if is_coordinator(user):
        return True
    invited = set(mapping_round.invited.values_list("pk", flat=True))
    return bool(invited & organisation_ids(user, Role.EDITOR))


def can_edit_activity(user, activity) -> bool:
    return can_act_for(user, activity.organiser)


def can_view_analysis(user) -> bool:
    """The gap analysis and the conclusions per goal are working material: members only."""
    return is_member(user)


def can_record_conclusion(user) -> bool:
    return is_coordinator(user)


def can_link_activity(user, activity) -> bool:
    """Link an earlier activity instead of reporting it again: only one of an organisation the
    person acts for (an editor cannot claim another organisation's activity as theirs)."""
    return can_act_for(user, activity.organiser)


def can_decide_duplicates(user) -> bool:
    """List suspected duplicates, merge, dismiss, undo a merge: the coordinator's."""
    return is_coordinator(user)


def require_duplicate_decider(user) -> None:
    require(user, can_decide_duplicates(user))


def require_mapping_manager(user) -> None:
    require(user, can_manage_mapping(user))


def require_analysis_reader(user) -> None:
    require(user, can_view_analysis(user))


# --- fetchers --------------------------------------------------------------------------------


def get_mapping_round_for_view(user, pk) -> MappingRound:
    rounds = MappingRound.objects.filter(pk=pk)
    return visible(user, rounds, lambda mapping_round: can_view_mapping_round(user, mapping_round))


def get_mapping_round_for_manage(user, pk) -> MappingRound:
    """A round the coordinator closes, sends reminders for or makes links in."""
    require_mapping_manager(user)
    return get_mapping_round_for_view(user, pk)


def get_version_for_new_mapping_round(user, pk) -> Version:
    """The version a coordinator opens a mapping round for."""
    require_mapping_manager(user)
    return get_version_for_view(user, pk)


def get_version_for_analysis(user, pk) -> Version:
    """The version whose gap analysis a member reads."""
    require_analysis_reader(user)
    return get_version_for_view(user, pk)


def get_mapping_round_for_report(user, pk) -> MappingRound:
    """A round the user may report an activity in. A closed round is returned to whoever may
    see it, so that the page can say it is closed."""
    require_login(user)
    mapping_round = get_mapping_round_for_view(user, pk)
    if not can_report_in_round(user, mapping_round) and mapping_round.is_open:
        raise PermissionDenied
    return mapping_round


def get_activity_for_edit(user, pk) -> Activity:
    activities = Activity.objects.select_related("organiser", "mapping_round").filter(pk=pk)
    return own(user, activities, lambda activity: can_edit_activity(user, activity))


def get_goal_for_conclusion(user, pk) -> Goal:
    require(user, can_record_conclusion(user))
    return get_goal_for_view(user, pk)


def get_reporting_link_for_edit(user, pk) -> ReportingLink:
    """Personal links are made and revoked by the coordinator."""
    require_mapping_manager(user)
    return found(ReportingLink.objects.select_related("mapping_round").filter(pk=pk))


def get_activity_for_link(user, pk) -> Activity:
    """An earlier activity the user links into a round instead of reporting it again."""
    activities = Activity.objects.select_related("organiser").filter(pk=pk, merged_into=None)
    return own(user, activities, lambda activity: can_link_activity(user, activity))


def get_activity_for_merge(user, pk) -> Activity:
    require_duplicate_decider(user)
    return found(Activity.objects.select_related("organiser").filter(pk=pk))


def get_duplicate_decision_for_undo(user, pk) -> DuplicateDecision:
    require_duplicate_decider(user)
    return found(DuplicateDecision.objects.filter(pk=pk))
