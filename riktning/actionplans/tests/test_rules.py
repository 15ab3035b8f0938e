"""Action plan rules: late is derived, status updates are rows, an adopted plan is frozen, bad
input is refused with a message and nothing saved."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from riktning.accounts.tests.factories import OrganisationFactory
from riktning.actionplans import services
from riktning.actionplans.constants import LATE, MeasureStatus, PlanStatus
from riktning.actionplans.models import Measure, MeasureStatusUpdate
from riktning.actionplans.status import effective_status
from riktning.strategy.tests.factories import strategy_with_content

D = datetime.date
AS_OF = D(2025, 6, 15)


@pytest.mark.parametrize(
    ("recorded", "end", "expected"),
    [
        (MeasureStatus.PLANNED, D(2025, 6, 14), LATE),  # passed, not started
        (MeasureStatus.ONGOING, D(2025, 6, 14), LATE),  # passed, still going
        (MeasureStatus.ONGOING, D(2025, 6, 15), MeasureStatus.ONGOING),  # the end day is on time
        (MeasureStatus.ONGOING, D(2025, 6, 16), MeasureStatus.ONGOING),
        (MeasureStatus.DONE, D(2020, 1, 1), MeasureStatus.DONE),  # done is never late
        (MeasureStatus.CANCELLED, D(2020, 1, 1), MeasureStatus.CANCELLED),
        (MeasureStatus.PLANNED, None, MeasureStatus.PLANNED),  # no end date, never late
    ],
)
def test_late_is_derived_from_end_date_status_and_as_of(recorded, end, expected):
    assert effective_status(recorded, end, AS_OF) == expected


@pytest.fixture
def plan(db):
    version = strategy_with_content()
    return services.create_action_plan(version=version, year=2025)


@pytest.fixture
def social(db):
    return OrganisationFactory(name="Socialförvaltningen")


def _measure(plan, social, **extra):
    fields = {
        "title": "Föräldragrupper",
        "responsible": social,
        "hours": Decimal(100),
        "cost_sek": Decimal(5000),
        "start_date": D(2025, 1, 1),
        "end_date": D(2025, 12, 31),
    }
    fields.update(extra)
    return services.add_measure(plan, **fields)


def test_status_updates_are_rows_and_the_latest_is_the_status(plan, social):
    measure = _measure(plan, social)
    services.record_measure_status(measure, status=MeasureStatus.ONGOING, date=D(2025, 2, 1))
    services.record_measure_status(measure, status=MeasureStatus.DONE, date=D(2025, 11, 1))
    assert list(measure.status_updates.values_list("status", flat=True)) == ["ongoing", "done"]
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.DONE
    update = MeasureStatusUpdate.objects.first()
    update.comment = "changed"
    with pytest.raises(RuntimeError):
        update.save()
    with pytest.raises(RuntimeError):
        update.delete()


def test_an_adopted_plan_is_frozen_but_takes_status_updates(plan, social):
    measure = _measure(plan, social)
    services.adopt_action_plan(plan, decision_date=D(2025, 1, 20))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ADOPTED
    measure.refresh_from_db()
    measure.title = "Ändrad"
    with pytest.raises(ValidationError):
        measure.save()
    with pytest.raises(ValidationError):
        _measure(plan, social, title="Ny")
    with pytest.raises(ValidationError):
        plan.title = "Ny titel"
        plan.save()
    with pytest.raises(ValidationError):
        services.adopt_action_plan(plan)
    assert Measure.objects.get(pk=measure.pk).title == "Föräldragrupper"
    services.record_measure_status(measure, status=MeasureStatus.ONGOING)
    assert Measure.objects.get(pk=measure.pk).status == MeasureStatus.ONGOING


def test_a_plan_without_measures_cannot_be_adopted(plan):
    with pytest.raises(ValidationError):
        services.adopt_action_plan(plan)


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"end_date": D(2024, 12, 31)}, "end_date"),
        ({"hours": Decimal(-1)}, "hours"),
        ({"cost_sek": Decimal(-100)}, "cost_sek"),
        ({"responsible": None}, "responsible"),
    ],
)
def test_bad_measures_are_refused_with_a_message_and_nothing_is_saved(plan, social, extra, field):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        _measure(plan, social, **extra)
    assert field in refused.value.message_dict
    assert not Measure.objects.exists()


def test_the_end_date_message_is_clear(plan, social):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        _measure(plan, social, end_date=D(2024, 1, 1))
    assert refused.value.message_dict["end_date"] == [
        "Slutdatumet kan inte ligga före startdatumet."
    ]


def test_totals_add_hours_and_money(plan, social):
    _measure(plan, social)
    _measure(plan, OrganisationFactory(name="Bildningsförvaltningen"), hours=Decimal("20.5"))
    totals = services.totals(plan.measures.all())
    assert totals == {"hours": Decimal("120.5"), "cost_sek": Decimal(10000)}
    per_org = services.totals_by_organisation(plan.measures.select_related("responsible"))
    assert [org.name for org, _ in per_org] == ["Bildningsförvaltningen", "Socialförvaltningen"]


def test_unfinished_measures_are_carried_over_linked_to_the_original(plan, social):
    unfinished = _measure(plan, social, title="Pågående")
    finished = _measure(plan, social, title="Klar")
    services.record_measure_status(finished, status=MeasureStatus.DONE, date=D(2025, 5, 1))
    services.adopt_action_plan(plan)
    next_plan = services.carry_over_unfinished(plan)
    assert next_plan.year == 2026
    assert next_plan.status == PlanStatus.DRAFT
    carried = list(next_plan.measures.all())
    assert [(m.title, m.carried_from) for m in carried] == [("Pågående", unfinished)]
    services.carry_over_unfinished(plan)
    assert next_plan.measures.count() == 1


def test_totals_per_goal_and_area(plan, social):
    goal = plan.version.areas.get().goals.get()
    _measure(plan, social, goals=[goal])
    _measure(plan, social, hours=Decimal(1), cost_sek=Decimal(0))  # serves no goal
    measures = plan.measures.prefetch_related("goals__area")
    assert services.totals_by_goal(measures) == [
        (goal, {"hours": Decimal(100), "cost_sek": Decimal(5000)})
    ]
    assert services.totals_by_area(measures) == [
        (goal.area, {"hours": Decimal(100), "cost_sek": Decimal(5000)})
    ]
