"""Who may see and change child-rights assessments: the rules of the thing assessed.

- A measure's assessment: read by whoever may read its action plan; written by the editors of
  the measure's responsible organisation and the coordinator (as its status reports).
- An action plan's assessment: read with the plan; written by the coordinator.
- A proposal for a decision's assessment: read by members (with the proposal); written by the
  coordinator.
- The lens page (measures affecting children without a completed assessment, the indicators the
  lens follows) and which indicators it follows: the coordinator's.

Built on the core in riktning/accounts/access.py and the owning apps' access modules.
"""

from riktning.accounts.access import can_act_for, is_coordinator, own, require, visible
from riktning.actionplans import access as plan_access
from riktning.actionplans.models import ActionPlan, Measure
from riktning.consultation import access as consultation_access
from riktning.consultation.models import Round
from riktning.indicators.models import Indicator


def can_view_measure_assessment(user, measure) -> bool:
    return plan_access.can_view_action_plan(user, measure.plan)


def can_edit_measure_assessment(user, measure) -> bool:
    return can_act_for(user, measure.responsible)


def can_edit_plan_assessment(user, plan) -> bool:
    return plan_access.can_manage_action_plans(user)


def can_edit_decision_assessment(user, round) -> bool:
    return consultation_access.can_edit_decision_proposal(user, round)


def can_view_lens(user) -> bool:
    return is_coordinator(user)


def require_lens_reader(user) -> None:
    require(user, can_view_lens(user))


def can_tag_indicators(user) -> bool:
    """Which indicators the lens follows is the coordinator's choice."""
    return is_coordinator(user)


def require_indicator_tagger(user) -> None:
    require(user, can_tag_indicators(user))


# --- fetchers --------------------------------------------------------------------------------


def _measures(pk):
    return Measure.objects.select_related("plan__version", "responsible").filter(pk=pk)


def get_measure_for_view(user, pk) -> Measure:
    return visible(user, _measures(pk), lambda m: can_view_measure_assessment(user, m))


def get_measure_for_assessment(user, pk) -> Measure:
    """A measure whose assessment the user may write: 403 for another organisation's."""
    return own(user, _measures(pk), lambda m: can_edit_measure_assessment(user, m))


def get_plan_for_view(user, pk) -> ActionPlan:
    return plan_access.get_action_plan_for_view(user, pk)


def get_plan_for_assessment(user, pk) -> ActionPlan:
    plan = plan_access.get_action_plan_for_view(user, pk)
    require(user, can_edit_plan_assessment(user, plan))
    return plan


def get_round_for_view(user, pk) -> Round:
    return consultation_access.get_round_for_decision_proposal(user, pk)


def get_round_for_assessment(user, pk) -> Round:
    round = consultation_access.get_round_for_decision_proposal(user, pk)
    require(user, can_edit_decision_assessment(user, round))
    return round


def get_indicator_for_tagging(user, pk) -> Indicator:
    return own(user, Indicator.objects.filter(pk=pk), lambda _i: can_tag_indicators(user))
