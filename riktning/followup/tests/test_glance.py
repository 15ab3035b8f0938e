"""“Hur går det?”: per area how many indicators are in each status, and a goal's trend as a
sparkline whose text alternative carries every value."""

import pytest
from django.utils import translation

from riktning.followup import glance, progress
from riktning.indicators.constants import BatchSource, BatchStatus, Direction
from riktning.indicators.models import ImportBatch, Observation
from riktning.strategy.tests.factories import (
    AreaFactory,
    GoalFactory,
    GoalIndicatorFactory,
    IndicatorFactory,
    VersionFactory,
)

HOME = "1287"


def store(indicator, values: dict[int, float], area=HOME):
    batch = ImportBatch.objects.create(source=BatchSource.MANUAL, status=BatchStatus.SUCCEEDED)
    Observation.objects.bulk_create(
        Observation(indicator=indicator, area_code=area, period=y, gender="T", value=v, batch=batch)
        for y, v in values.items()
    )


def test_a_sparkline_needs_two_values():
    assert glance.sparkline("Andel", "%", [2020, 2021], [None, 5.0]) is None
    assert glance.sparkline("Andel", "%", [2020, 2021], [4.0, 5.0]) is not None


def test_a_sparkline_of_shares_starts_at_zero_so_a_small_change_looks_small():
    line = glance.sparkline("Andel", "andel (%)", [2020, 2022, 2024], [72.0, 74.0, 76.0])

    assert line.baseline_y == glance.HEIGHT - glance.PAD  # the zero line at the bottom
    ys = [float(p.split(",")[1]) for p in line.points.split()]
    # 72 → 76 of 0 → 76: the line climbs a twentieth of the height, not all of it.
    assert ys[0] - ys[-1] < (glance.HEIGHT - 2 * glance.PAD) / 10
    xs = [float(p.split(",")[0]) for p in line.points.split()]
    assert xs == [glance.PAD, glance.WIDTH / 2, glance.WIDTH - glance.PAD]


def test_a_series_with_negative_values_is_drawn_between_its_lowest_and_highest():
    line = glance.sparkline("Nettoflytt", "antal", [2020, 2021], [-10.0, 10.0])

    assert line.baseline_y is None
    assert line.points == f"{glance.PAD},{glance.HEIGHT - glance.PAD} " + (
        f"{glance.WIDTH - glance.PAD},{glance.PAD}"
    )


def test_the_sparklines_text_gives_every_value_in_swedish():
    line = glance.sparkline("Behöriga elever", "andel (%)", [2019, 2020, 2021], [70.5, None, 72])

    with translation.override("sv"):
        assert line.text == ("Utvecklingen för Behöriga elever – andel (%): 2019: 70,5, 2021: 72.")
        assert line.summary == "70,5 (2019) → 72 (2021)"


@pytest.mark.django_db
def test_each_area_counts_its_indicators_by_status_with_deterioration_shown():
    version = VersionFactory()
    area = AreaFactory(version=version, title="Fritid")
    goal = GoalFactory(area=area)
    better = IndicatorFactory(direction=Direction.INCREASE, unit="andel (%)")
    worse = IndicatorFactory(direction=Direction.INCREASE)
    GoalIndicatorFactory(goal=goal, indicator=better)
    GoalIndicatorFactory(goal=goal, indicator=worse)
    GoalIndicatorFactory(goal=goal, indicator=None, proposal="Ny indikator")
    store(better, {2015: 50, 2018: 60, 2021: 70})
    store(worse, {2015: 70, 2018: 60, 2021: 50})

    result = glance.version_glance(version)

    (area_glance,) = result.areas
    counts = {c.status: c.count for c in area_glance.counts}
    assert counts[progress.DETERIORATION] == 1
    assert counts[progress.NOT_AVAILABLE] == 1
    assert sum(counts.values()) == area_glance.indicator_count == 3
    # Every count carries its word and its symbol, never colour alone.
    assert all(c.label and c.icon for c in area_glance.counts)
    # The goal's trend is its first indicator with values.
    (goal_glance,) = area_glance.goals
    assert goal_glance.trend.indicator == better.title
    assert goal_glance.trend.values == [50, 60, 70]
    assert result.indicator_count == 3
