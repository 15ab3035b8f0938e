"""Who may see and do what with action plans and their measures.

- Members see every plan, drafts too; the public sees adopted plans only.
- The coordinator creates plans, adds and changes measures of a draft plan, adopts a plan and
  carries unfinished measures over to the next year's.
- A measure's progress is reported by the editors of its responsible organisation (and the
  coordinator), on an adopted plan too.

Built on the core in riktning/accounts/access.py.
"""

from django.db.models import QuerySet

from riktning.accounts.access import (
    can_act_for,
    found,
    is_coordinator,
    is_member,
    own,
    require,
    visible,
)

from .constants import PlanStatus
from .models import ActionPlan, Measure


def can_view_action_plan(user, plan) -> bool:
    return is_member(user) or plan.status == PlanStatus.ADOPTED


def visible_action_plans(user, queryset: QuerySet | None = None) -> QuerySet:
    queryset = ActionPlan.objects.all() if queryset is None else queryset
    if is_member(user):
        return queryset
    return queryset.filter(status=PlanStatus.ADOPTED)


def can_manage_action_plans(user) -> bool:
    """Create plans, add and change measures in a draft plan, adopt: the coordinator's."""
    return is_coordinator(user)


def can_record_measure_status(user, measure) -> bool:
    """Progress is reported by the responsible organisation's editors (and the coordinator)."""
    return can_act_for(user, measure.responsible)


def require_action_plan_manager(user) -> None:
    require(user, can_manage_action_plans(user))


# --- fetchers --------------------------------------------------------------------------------


def get_action_plan_for_view(user, pk) -> ActionPlan:
    plans = ActionPlan.objects.select_related("version__document").filter(pk=pk)
    return visible(user, plans, lambda plan: can_view_action_plan(user, plan))


def get_action_plan_for_edit(user, pk) -> ActionPlan:
    require_action_plan_manager(user)
    return get_action_plan_for_view(user, pk)


def get_measure_for_edit(user, pk) -> Measure:
    """A measure for the coordinator's form (the view refuses a measure of an adopted plan)."""
    require_action_plan_manager(user)
    return found(Measure.objects.select_related("plan", "responsible").filter(pk=pk))


def get_measure_for_status(user, pk) -> Measure:
    measures = Measure.objects.select_related("plan", "responsible").filter(pk=pk)
    return own(user, measures, lambda measure: can_record_measure_status(user, measure))


def get_measure_for_merge(user, pk) -> Measure:
    """A measure in a suspected duplicate pair: the coordinator's
    (activities.access.can_decide_duplicates)."""
    require(user, is_coordinator(user))
    return found(Measure.objects.select_related("plan", "responsible").filter(pk=pk))


def get_measure_for_carry(user, pk) -> Measure:
    """An earlier measure the coordinator continues in a draft plan instead of writing it
    again."""
    require_action_plan_manager(user)
    return found(Measure.objects.select_related("plan", "responsible").filter(pk=pk))
