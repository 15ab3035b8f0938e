"""Roll-up from stored values: an indicator over its series, a goal from its indicators, an area
from its goals; indicators that cannot be assessed are listed with the reason, not hidden.

Scores are the hand-computed ones of test_progress.py."""

import pytest

from riktning.followup import progress as p
from riktning.followup.rollup import ASSESSED, NO_DATA, PROPOSED, UNDEFINED, version_followup
from riktning.indicators.constants import BatchSource, BatchStatus, Direction
from riktning.indicators.models import ImportBatch, Observation
from riktning.strategy.constants import IndicatorRole
from riktning.strategy.tests.factories import (
    AreaFactory,
    GoalFactory,
    GoalIndicatorFactory,
    IndicatorFactory,
    VersionFactory,
)

pytestmark = pytest.mark.django_db
HOME = "1287"
A = pytest.approx


def store(indicator, rows, *, example=False):
    batch = ImportBatch.objects.create(
        source=BatchSource.EXAMPLE if example else BatchSource.MANUAL,
        status=BatchStatus.SUCCEEDED,
        is_example=example,
    )
    Observation.objects.bulk_create(
        Observation(
            indicator=indicator,
            area_code=area,
            period=year,
            gender=gender,
            value=value,
            batch=batch,
        )
        for area, gender, year, value in rows
    )


def followup_version():
    """One area with two goals:
    goal 1: indicator A (T substantial, K moderate, M deterioration), a proposed indicator, an
            indicator without values and one without a definition;
    goal 2: indicator E whose target 50 is met (example values)."""
    version = VersionFactory()
    area = AreaFactory(version=version, title="Utbildning")
    goal1 = GoalFactory(area=area, title="Fler klarar skolan", order=1)
    goal2 = GoalFactory(area=area, title="Fler har arbete", order=2)
    a = IndicatorFactory(title="A", direction=Direction.INCREASE, comparison_areas="0012,0000")
    GoalIndicatorFactory(goal=goal1, indicator=a, order=1, baseline_year=2015)
    GoalIndicatorFactory(
        goal=goal1, indicator=None, role=IndicatorRole.PROPOSED, proposal="Tas fram", order=2
    )
    GoalIndicatorFactory(goal=goal1, indicator=IndicatorFactory(title="C"), order=3)
    GoalIndicatorFactory(goal=goal1, indicator=IndicatorFactory(title="D", definition=""), order=4)
    e = IndicatorFactory(title="E", direction=Direction.INCREASE)
    GoalIndicatorFactory(
        goal=goal2, indicator=e, baseline_year=2015, target_value=50, target_year=2030
    )
    store(
        a,
        [
            (HOME, "T", 2015, 100.0),
            (HOME, "T", 2020, 110.0),
            (HOME, "K", 2015, 100.0),
            (HOME, "K", 2020, 105.0),
            (HOME, "M", 2015, 100.0),
            (HOME, "M", 2020, 99.0),
            ("0012", "T", 2020, 112.0),
            ("0000", "T", 2019, 90.0),  # not the same year as the home's latest
        ],
    )
    store(e, [(HOME, "T", 2015, 40.0), (HOME, "T", 2020, 55.0)], example=True)
    return version


def test_indicator_goal_and_area_statuses_roll_up():
    result = version_followup(followup_version(), home=HOME)
    (area,) = result.areas
    goal1, goal2 = area.goals
    a, proposed, no_data, undefined = goal1.indicators
    # A: scores 4.6224, 1.2014, −2.7510 → mean 1.0243 → moderate
    assert [s.assessment.status for s in a.series] == [
        p.SUBSTANTIAL_PROGRESS,
        p.MODERATE_PROGRESS,
        p.DETERIORATION,
    ]
    assert a.state == ASSESSED
    assert a.combined.score == A(1.0243, abs=1e-4)
    assert a.status == p.MODERATE_PROGRESS
    # listed, not hidden, and left out of the goal's mean
    assert (proposed.state, no_data.state, undefined.state) == (PROPOSED, NO_DATA, UNDEFINED)
    assert {proposed.status, no_data.status, undefined.status} == {p.NOT_AVAILABLE}
    assert goal1.combined.score == A(1.0243, abs=1e-4)
    assert goal1.status == p.MODERATE_PROGRESS
    # E: target met → score 5, goal 2 target achieved
    assert goal2.status == p.TARGET_ACHIEVED
    # area: mean of 1.0243 and 5 = 3.0122 → substantial (not every goal met its target)
    assert area.combined.score == A(3.0122, abs=1e-4)
    assert area.status == p.SUBSTANTIAL_PROGRESS


def test_indicator_shows_trend_gender_gap_and_comparison():
    result = version_followup(followup_version(), home=HOME)
    a = result.areas[0].goals[0].indicators[0]
    assert a.headline.gender == "T"
    assert (a.trend.since_base.from_year, a.trend.since_base.difference) == (2015, 10.0)
    assert a.trend.since_base_judgement == p.BETTER
    # girls − boys: 0 in 2015, 6 in 2020 → widens
    assert a.gap.gaps == [(2015, 0.0), (2020, 6.0)]
    assert a.gap.change == p.WIDENS
    # 2020: home 110 against Skåne 112 (2 lower, worse); Riket has no 2020 value
    assert a.comparison_year == 2020
    skane, riket = a.comparisons
    assert (skane.code, skane.comparison.difference, skane.comparison.judgement) == (
        "0012",
        -2.0,
        p.WORSE,
    )
    assert riket.comparison.position == p.UNKNOWN


def test_example_values_are_flagged():
    result = version_followup(followup_version(), home=HOME)
    goal1, goal2 = result.areas[0].goals
    assert not goal1.indicators[0].example
    assert goal2.indicators[0].example
    assert result.any_example


def test_a_version_without_content_has_no_areas():
    assert version_followup(VersionFactory(), home=HOME).areas == []
