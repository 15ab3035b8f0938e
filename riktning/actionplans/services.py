"""What happens to an action plan: named functions shared by the web UI, the API and the CLI.

Each validates everything before it writes and runs in one transaction. Who may call them is
decided by the caller, which fetched the objects through `actionplans.access`.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from riktning.activities.models import DuplicateDecision, DuplicateKind
from riktning.activities.services import check_mergeable, record_merge, record_undo
from riktning.audit.services import record_event

from .constants import CLOSED_STATUSES, PlanStatus
from .models import ActionPlan, Measure, MeasureStatusUpdate, adopted_message

M2M_FIELDS = ("goals", "co_actors")


@transaction.atomic
def create_action_plan(*, version, year: int, title: str = "", is_example: bool = False, by=None):
    """A new draft plan of `version` for `year`. The coordinator's
    (access.can_manage_action_plans)."""
    plan = ActionPlan(
        version=version,
        year=year,
        title=title or _("Action plan %(year)s") % {"year": year},
        is_example=is_example,
    )
    plan.full_clean()
    plan.save()
    record_event("action_plan_created", plan, plan.title, actor=by)
    return plan


def _check_draft(plan: ActionPlan) -> None:
    if plan.stored_status() == PlanStatus.ADOPTED:
        raise ValidationError(adopted_message(plan))


def _save_measure(measure: Measure, m2m: dict) -> Measure:
    if measure.responsible_id is None:
        raise ValidationError({"responsible": _("A measure needs a responsible organisation.")})
    measure.full_clean()
    measure.save()
    for name, values in m2m.items():
        if values is not None:
            getattr(measure, name).set(values)
    return measure


@transaction.atomic
def add_measure(plan: ActionPlan, **fields) -> Measure:
    """A new measure of a draft plan. The coordinator's (access.can_manage_action_plans)."""
    _check_draft(plan)
    m2m = {name: fields.pop(name, None) for name in M2M_FIELDS}
    if "order" not in fields:
        fields["order"] = plan.measures.count() + 1
    return _save_measure(Measure(plan=plan, **fields), m2m)


@transaction.atomic
def change_measure(measure: Measure, **fields) -> Measure:
    """Change a measure of a draft plan. The coordinator's (access.can_manage_action_plans)."""
    _check_draft(measure.plan)
    m2m = {name: fields.pop(name, None) for name in M2M_FIELDS}
    for name, value in fields.items():
        setattr(measure, name, value)
    return _save_measure(measure, m2m)


def status_revision(measure: Measure) -> int:
    """The revision a status report is based on: the id of the measure's latest status row (0
    for none). The web form and the API carry it, so two reports written on the same state are
    not both taken without a word."""
    latest = measure.status_updates.order_by("-id").values_list("id", flat=True).first()
    return latest or 0


class StaleStatus(ValidationError):
    """Someone reported a status since the report's revision: 409, with what they reported."""

    def __init__(self, latest: MeasureStatusUpdate):
        super().__init__(
            _(
                "Someone else reported a status for this measure while you were writing yours: "
                "%(status)s on %(date)s (%(comment)s). Nothing of yours has been saved; check "
                "and send it again."
            )
            % {
                "status": latest.get_status_display(),
                "date": latest.date.isoformat(),
                "comment": latest.comment or "–",
            }
        )
        self.revision = latest.pk


@transaction.atomic
def record_measure_status(
    measure: Measure,
    *,
    status: str,
    date: datetime.date | None = None,
    comment: str = "",
    by=None,
    revision: int | None = None,
) -> MeasureStatusUpdate:
    """A new status row; allowed on adopted plans too (that is how an adopted plan moves).
    The measure's status column follows the latest row by date. For the responsible
    organisation's editors and the coordinator (access.can_record_measure_status).
    `revision` (status_revision when the person read the measure; the web form and the API
    require it) refuses a report written on an older state with StaleStatus."""
    if revision is not None:
        Measure.objects.select_for_update().filter(pk=measure.pk).first()
        if status_revision(measure) != revision:
            latest = measure.status_updates.order_by("-id").first()
            if latest is None:
                raise ValidationError(
                    _("The status revision %(revision)s is unknown.") % {"revision": revision}
                )
            raise StaleStatus(latest)
    update = MeasureStatusUpdate(
        measure=measure,
        status=status,
        date=date or timezone.localdate(),
        comment=comment,
        recorded_by=by,
    )
    update.full_clean(exclude=["measure", "recorded_by"])
    update.save()
    latest = measure.status_updates.order_by("-date", "-recorded_at", "-id").first()
    Measure.objects.filter(pk=measure.pk).update(status=latest.status)
    measure.status = latest.status
    return update


@transaction.atomic
def adopt_action_plan(
    plan: ActionPlan,
    *,
    decided_by=None,
    decision_date: datetime.date | None = None,
    paragraph: str = "",
    case_number: str = "",
    by=None,
) -> ActionPlan:
    """Adopt a draft plan with its decision: from now on only status rows are added. The
    coordinator's (access.can_manage_action_plans)."""
    _check_draft(plan)
    if not plan.measures.exists():
        raise ValidationError(_("An action plan without measures cannot be adopted."))
    ActionPlan.objects.filter(pk=plan.pk).update(
        status=PlanStatus.ADOPTED,
        decided_by=decided_by,
        decision_date=decision_date,
        paragraph=paragraph,
        case_number=case_number,
    )
    plan.refresh_from_db()
    record_event("action_plan_adopted", plan, plan.title, actor=by)
    return plan


def totals(measures) -> dict[str, Decimal]:
    measures = list(measures)
    return {
        "hours": sum((m.hours for m in measures), Decimal(0)),
        "cost_sek": sum((m.cost_sek for m in measures), Decimal(0)),
    }


def totals_by_organisation(measures) -> list[tuple]:
    groups: dict = {}
    for measure in measures:
        groups.setdefault(measure.responsible, []).append(measure)
    return [(org, totals(items)) for org, items in sorted(groups.items(), key=lambda i: i[0].name)]


@transaction.atomic
def carry_over_unfinished(plan: ActionPlan, *, year: int | None = None, by=None) -> ActionPlan:
    """Next year's plan (created as a draft if missing) gets a new measure for each of `plan`'s
    unfinished ones, linked to the original by `carried_from`; running it again adds nothing.
    The coordinator's (access.can_manage_action_plans)."""
    year = year or plan.year + 1
    if year <= plan.year:
        raise ValidationError(_("Measures are carried over to a later year."))
    target = ActionPlan.objects.filter(version=plan.version, year=year).first()
    if target is None:
        target = create_action_plan(
            version=plan.version, year=year, is_example=plan.is_example, by=by
        )
    _check_draft(target)
    done = set(target.measures.values_list("carried_from_id", flat=True))
    for measure in plan.measures.exclude(status__in=CLOSED_STATUSES).order_by("order", "id"):
        if measure.pk in done:
            continue
        _continued_in(target, measure, start_date=measure.start_date, end_date=measure.end_date)
    return target


def _continued_in(plan: ActionPlan, measure: Measure, **dates) -> Measure:
    """A new measure of `plan` that continues `measure` (`carried_from`), with its text,
    responsibility, resources, goals and co-actors; `dates` (start_date, end_date) when kept."""
    return add_measure(
        plan,
        title=measure.title,
        description=measure.description,
        responsible=measure.responsible,
        hours=measure.hours,
        cost_sek=measure.cost_sek,
        carried_from=measure,
        answers_conclusion=measure.answers_conclusion,
        is_example=measure.is_example,
        goals=list(measure.goals.all()),
        co_actors=list(measure.co_actors.all()),
        **dates,
    )


def totals_by_goal(measures) -> list[tuple]:
    """(goal, totals) for each goal the measures serve; a measure serving two goals counts in
    both (the sums per goal are not to be added up)."""
    groups: dict = {}
    for measure in measures:
        for goal in measure.goals.all():
            groups.setdefault(goal, []).append(measure)
    return [(goal, totals(items)) for goal, items in sorted(groups.items(), key=lambda i: i[0].pk)]


def totals_by_area(measures) -> list[tuple]:
    """(area, totals) per development area, each measure counted once per area it serves."""
    groups: dict = {}
    for measure in measures:
        for area in {goal.area for goal in measure.goals.all()}:
            groups.setdefault(area, []).append(measure)
    return [(area, totals(items)) for area, items in sorted(groups.items(), key=lambda i: i[0].pk)]


# --- double reporting -------------------------------------------------------------------------


def _set_merged_into(measure: Measure, target) -> None:
    # Through bulk_update_with_history rather than save(): a measure of an adopted plan is frozen
    # for its content, but marking it a duplicate (and undoing that) must still be possible and
    # recorded in its history.
    from simple_history.utils import bulk_update_with_history

    measure.merged_into = target
    bulk_update_with_history([measure], Measure, ["merged_into"])


@transaction.atomic
def merge_measures(kept: Measure, other: Measure, *, score=0, by=None) -> DuplicateDecision:
    """`other` is a duplicate of `kept`: marked merged into it (not deleted; both keep their
    history) and left out of lists; its goals are added to `kept` when `kept`'s plan is still a
    draft. The coordinator's (activities.access.can_decide_duplicates); undone by
    `undo_measure_merge`."""
    check_mergeable(kept, other, "responsible")
    added = []
    if kept.plan.stored_status() != PlanStatus.ADOPTED:
        kept_goals = set(kept.goals.values_list("pk", flat=True))
        added = sorted(set(other.goals.values_list("pk", flat=True)) - kept_goals)
        kept.goals.add(*added)
    _set_merged_into(other, kept)
    return record_merge(
        DuplicateKind.MEASURE, kept, other, added_goal_ids=added, score=score, by=by
    )


@transaction.atomic
def undo_measure_merge(decision: DuplicateDecision, *, by=None) -> DuplicateDecision:
    """The coordinator's (activities.access.can_decide_duplicates)."""
    if decision.kind != DuplicateKind.MEASURE:
        raise ValidationError(_("Not a merge of measures."))
    record_undo(decision, by=by)
    _set_merged_into(Measure.objects.get(pk=decision.other_id), None)
    if decision.added_goal_ids:
        Measure.objects.get(pk=decision.kept_id).goals.remove(*decision.added_goal_ids)
    return decision


@transaction.atomic
def carry_measure(measure: Measure, plan: ActionPlan, *, by=None) -> Measure:
    """Continue `measure` (of another year's plan) in the draft `plan` instead of writing it
    again: a new measure linked to it by `carried_from`, like the yearly carry-over. The
    coordinator's (access.can_manage_action_plans)."""
    _check_draft(plan)
    if measure.plan_id == plan.pk:
        raise ValidationError(_("The measure is already in this plan."))
    existing = plan.measures.filter(carried_from=measure).first()
    if existing is not None:
        return existing
    carried = _continued_in(plan, measure)
    record_event("measure_carried", carried, f"{measure.plan} → {plan}", actor=by)
    return carried
