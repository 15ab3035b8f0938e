"""Status that cannot be misread: one vocabulary of words and symbols, a roll-up that never hides a
deterioration, "not available" only for too little data and always with the reason."""

import pytest
from django.utils import translation

from riktning.followup import progress as p
from riktning.followup import status
from riktning.followup.rollup import version_followup
from riktning.followup.tests.test_rollup import HOME, store
from riktning.indicators.constants import Direction
from riktning.strategy.tests.factories import (
    AreaFactory,
    GoalFactory,
    GoalIndicatorFactory,
    IndicatorFactory,
    VersionFactory,
)


def test_every_status_has_its_own_symbol_and_no_progress_points_down():
    symbols = [status.symbol(s) for s in status.ORDER]
    assert len(set(symbols)) == len(symbols)
    for s in (p.SUBSTANTIAL_PROGRESS, p.MODERATE_PROGRESS, p.LIMITED_PROGRESS):
        assert not set(status.symbol(s)) & set("▽▼↓⬇")
    with translation.override("sv"):
        assert status.status_text(p.LIMITED_PROGRESS) == "●○○ Små framsteg"
        assert status.status_text("nonsense") == "? Uppgift saknas"


def test_the_summary_names_the_deteriorating_indicators():
    summary = status.summarize(p.MODERATE_PROGRESS, [p.SUBSTANTIAL_PROGRESS, p.DETERIORATION])
    assert summary.hides_deterioration
    with translation.override("sv"):
        assert status.summary_text(summary) == "Måttliga framsteg – 1 av 2 indikatorer försämras"
        calm = status.summarize(p.MODERATE_PROGRESS, [p.MODERATE_PROGRESS])
        assert status.summary_text(calm) == "Måttliga framsteg"
        alone = status.summarize(p.DETERIORATION, [p.DETERIORATION])
        assert status.summary_text(alone) == "Försämring"


@pytest.mark.django_db
def test_an_area_whose_one_indicator_deteriorates_says_so():
    """Two indicators: one improves fast, one falls. The mean is "moderate progress"; the area,
    the goal, the counts and the gap analysis all say that one of the two deteriorates."""
    version = VersionFactory()
    area = AreaFactory(version=version, title="Fritid")
    goal = GoalFactory(area=area, title="Aktiv fritid")
    rising = IndicatorFactory(title="Stiger", direction=Direction.INCREASE)
    falling = IndicatorFactory(title="Faller", direction=Direction.INCREASE)
    GoalIndicatorFactory(goal=goal, indicator=rising, baseline_year=2020, order=1)
    GoalIndicatorFactory(goal=goal, indicator=falling, baseline_year=2020, order=2)
    store(rising, [(HOME, "T", 2020, 100.0), (HOME, "T", 2024, 112.0)])
    store(falling, [(HOME, "T", 2020, 100.0), (HOME, "T", 2024, 97.0)])

    followup = version_followup(version, home=HOME)
    (area_row,) = followup.areas
    assert [i.status for i in area_row.goals[0].indicators] == [
        p.SUBSTANTIAL_PROGRESS,
        p.DETERIORATION,
    ]
    assert area_row.status == p.MODERATE_PROGRESS
    with translation.override("sv"):
        expected = "Måttliga framsteg – 1 av 2 indikatorer försämras"
        assert status.summary_text(status.area_summary(area_row)) == expected
        assert status.summary_text(status.goal_summary(area_row.goals[0])) == expected
    (counts,) = status.area_counts(followup)
    assert counts.counts == [(p.SUBSTANTIAL_PROGRESS, 1), (p.DETERIORATION, 1)]

    from riktning.activities.models import Activity
    from riktning.followup import gaps

    (row,) = gaps.gaps(version, Activity.objects.none()).rows
    assert "deteriorates_little_activity" in row["flags"]
    with translation.override("sv"):
        assert row["status_label"] == expected


def test_a_survey_whose_latest_round_is_the_baseline_is_measured_from_the_round_before():
    """Rounds 2012, 2016, 2021 and the baseline 2021: the chart shows three values, so the status
    is not "not available"; it is measured from 2016 and the reason says so."""
    result = p.assess_from_previous(
        [2012, 2016, 2021], [78.9, 69.6, 61.6], direction=p.INCREASE, base_year=2021
    )
    assert result.status == p.DETERIORATION
    assert (result.base_year, result.current_year, result.earlier_base) == (2016, 2021, True)
    with translation.override("sv"):
        assert "2016" in result.reason and "basåret 2021" in result.reason


def test_not_available_only_when_there_is_too_little_data_and_with_the_reason():
    alone = p.assess_from_previous([2021], [61.6], direction=p.INCREASE, base_year=2021)
    assert alone.status == p.NOT_AVAILABLE
    assert "2021" in alone.reason
    # a value before the baseline and one after: measured from the baseline as usual
    usual = p.assess_from_previous(
        [2016, 2021, 2024], [60.0, 61.0, 64.0], direction=p.INCREASE, base_year=2021
    )
    assert (usual.base_year, usual.earlier_base) == (2021, False)
    with translation.override("sv"):
        assert status.missing_reason("no_data", "", "Trelleborg") == (
            "Det finns inga värden för Trelleborg ännu."
        )
