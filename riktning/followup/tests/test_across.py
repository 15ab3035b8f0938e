"""Across documents without the demo: a contributing part's status never hides a deteriorating
indicator, and a goal's status read for a contribution is the one its own follow-up shows."""

import pytest

from riktning.followup import across
from riktning.followup.access import contribution_sight
from riktning.followup.rollup import goal_statuses, version_followup
from riktning.followup.tests.test_rollup import HOME, store
from riktning.indicators.constants import Direction
from riktning.strategy.models import Contribution
from riktning.strategy.tests.factories import (
    AreaFactory,
    GoalFactory,
    GoalIndicatorFactory,
    IndicatorFactory,
    VersionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _home(settings):
    settings.RIKTNING_HOME_AREA_CODE = HOME


def contributing_world():
    """A programme with one goal; another document's area whose goal has one indicator that
    improves a lot and one that deteriorates a lot, contributing to it."""
    programme = VersionFactory()
    target = GoalFactory(area=AreaFactory(version=programme, title="Hållbarhetsmål"))
    strategy = VersionFactory()
    area = AreaFactory(version=strategy, title="Boende och närmiljö")
    goal = GoalFactory(area=area, title="Fler känner sig trygga")
    better = IndicatorFactory(title="Trygga i området", direction=Direction.INCREASE)
    worse = IndicatorFactory(title="Tillit till andra", direction=Direction.INCREASE)
    GoalIndicatorFactory(goal=goal, indicator=better, order=1, baseline_year=2016)
    GoalIndicatorFactory(goal=goal, indicator=worse, order=2, baseline_year=2016)
    store(better, [(HOME, "T", 2016, 50.0), (HOME, "T", 2020, 70.0)])
    store(worse, [(HOME, "T", 2016, 60.0), (HOME, "T", 2020, 58.0)])
    Contribution.objects.create(from_area=area, to_goal=target)
    return programme, target, strategy, goal


def test_a_part_says_how_many_of_its_indicators_deteriorate(coordinator):
    programme, target, _strategy, _goal = contributing_world()

    [part] = across.contributions_to(programme, contribution_sight(coordinator))[target.pk]

    assert [i["status"] for g in part["goals"] for i in g["indicators"]] == [
        "substantial_progress",
        "deterioration",
    ]
    assert part["status_note"] == "1 av 2 indikatorer försämras"
    assert part["goals"][0]["status_note"] == "1 av 2 indikatorer försämras"


def test_a_goal_read_for_a_contribution_has_the_status_of_its_own_follow_up(coordinator):
    _programme, _target, strategy, goal = contributing_world()

    own = version_followup(strategy, home=HOME).areas[0].goals[0]
    read = goal_statuses([goal], home=HOME)[goal.pk]

    assert (read.status, read.combined.score) == (own.status, own.combined.score)
    assert [i.status for i in read.indicators] == [i.status for i in own.indicators]
