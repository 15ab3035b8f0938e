"""Status at a glance on the follow-up overview, version, area and goal pages: each indicator's
status as symbol and word, latest value, a server-drawn sparkline with a text alternative, the
girls/boys gap and the sentences in a disclosure; a goal's and area's summary never hides a
deterioration; the area and goal pages read only their own indicators' values."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from riktning.followup.tests.test_rollup import HOME, store
from riktning.indicators.constants import Direction
from riktning.strategy.constants import VersionStatus
from riktning.strategy.tests.factories import (
    AreaFactory,
    GoalFactory,
    GoalIndicatorFactory,
    IndicatorFactory,
    VersionFactory,
)
from riktning.web.tests.test_followup_overview import get, set_status, text

pytestmark = pytest.mark.django_db


def leisure_version():
    """One area, one goal, two indicators: one rises fast, one (a share) falls."""
    version = VersionFactory()
    area = AreaFactory(version=version, title="Fritid")
    goal = GoalFactory(area=area, title="Aktiv fritid")
    rising = IndicatorFactory(title="Stiger", direction=Direction.INCREASE, unit="antal")
    falling = IndicatorFactory(
        title="Faller", direction=Direction.INCREASE, unit="andel (%)", decimals=1
    )
    GoalIndicatorFactory(goal=goal, indicator=rising, baseline_year=2020, order=1)
    GoalIndicatorFactory(goal=goal, indicator=falling, baseline_year=2020, order=2)
    store(rising, [(HOME, "T", 2020, 100.0), (HOME, "T", 2024, 112.0)])
    store(
        falling,
        [
            (HOME, "T", 2020, 60.0),
            (HOME, "T", 2024, 58.0),
            (HOME, "K", 2024, 61.0),
            (HOME, "M", 2024, 55.0),
        ],
    )
    return set_status(version, VersionStatus.ADOPTED), area, goal


def grid_html(response) -> str:
    html = response.content.decode()
    found = re.search(r'<table class="status-grid">.*?</table>', html, re.S)
    assert found, "the page has the status grid"
    return found[0]


@pytest.mark.parametrize("page", ["overview", "version", "area", "goal"])
def test_every_page_shows_the_grid_and_never_hides_the_deterioration(personas, page):
    version, area, goal = leisure_version()
    url = {
        "overview": reverse("web:followup_overview", args=[version.pk]),
        "version": reverse("web:version_detail", args=[version.pk]),
        "area": reverse("web:area_detail", args=[area.pk]),
        "goal": reverse("web:goal_detail", args=[goal.pk]),
    }[page]

    response = get(personas["anonymous"], url)

    grid = grid_html(response)
    shown = text(response)
    assert "Aktiv fritid – ●●○ Moderate progress ⚠ 1 of 2 indicators deteriorate" in shown
    flat = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", grid))
    assert re.search(r"Faller Why this status.*?▼ Deterioration 58", flat), flat
    assert "▼" in grid and "Deterioration" in grid  # the symbol always with its word
    assert "58.0 andel (%) (2024)" in grid or "58 andel (%) (2024)" in grid
    assert "Girls are 6.0 percentage points above boys in 2024" in grid
    svgs = re.findall(r'<svg class="sparkline"[^>]*>', grid)
    assert len(svgs) == 2 and all('role="img"' in svg for svg in svgs)
    assert 'aria-label="Trend 2020–2024: from 60 to 58"' in svgs[1]
    assert "<details" in grid and "From 60 in 2020 to 58 in 2024" in grid
    assert " style=" not in grid
    assert 'role="region" tabindex="0"' in response.content.decode()


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert get(client, url).status_code == 200
    return len(captured)


def test_the_area_page_reads_no_more_for_other_areas_indicators(personas):
    version, area, goal = leisure_version()
    set_status(version, VersionStatus.DRAFT)  # so another area can be added
    client = personas["coordinator"]
    url = reverse("web:area_detail", args=[area.pk])

    def cold_and_warm():
        """Queries with the roll-up computed (an empty cache) and read from the cache."""
        cache.clear()
        cold = queries(client, url)
        return cold, queries(client, url)

    get(client, url)
    before = cold_and_warm()

    other = AreaFactory(version=version, title="Skola")
    for n in range(3):
        indicator = IndicatorFactory(title=f"Annan {n}", direction=Direction.INCREASE)
        GoalIndicatorFactory(goal=GoalFactory(area=other), indicator=indicator)
        store(indicator, [(HOME, g, y, 50.0 + y % 7) for g in "TKM" for y in range(2000, 2025)])

    assert cold_and_warm() == before
    assert "Annan 0" not in grid_html(get(client, url))


def test_the_front_page_says_which_indicators_deteriorate(personas):
    leisure_version()

    page = text(get(personas["anonymous"], reverse("web:home")))

    assert "Moderate progress ⚠ 1 of 2 indicators deteriorate" in page
