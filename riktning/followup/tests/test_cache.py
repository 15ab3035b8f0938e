"""The roll-up is cached (followup/cache.py), and a page never shows a roll-up older than the
latest write: after each write path that changes what it shows, the follow-up overview shows
the new value at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from riktning.followup import cache as rollup_cache
from riktning.followup.rollup import version_followup
from riktning.followup.tests.test_rollup import HOME, followup_version
from riktning.indicators.constants import BatchSource, Direction
from riktning.indicators.models import Area, Indicator
from riktning.indicators.reference import store_areas
from riktning.indicators.services import record_observations
from riktning.strategy.constants import VersionStatus
from riktning.strategy.models import GoalIndicator
from riktning.web.tests.test_followup_overview import get, set_status, text, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def version():
    return set_status(followup_version(), VersionStatus.ADOPTED)


@pytest.fixture
def draft():
    """A draft (its goal links may change; an adopted version is frozen)."""
    return followup_version()


def overview(personas, version) -> str:
    persona = "anonymous" if version.status == VersionStatus.ADOPTED else "coordinator"
    return text(get(personas[persona], url(version)))


def test_the_second_roll_up_comes_from_the_cache(version):
    version_followup(version)
    with CaptureQueriesContext(connection) as first_again:
        again = version_followup(version)

    assert len(first_again) == 1  # the generation only
    assert again.version is version
    titles = [
        i.link.indicator.title for i in again.areas[0].goals[0].indicators if i.link.indicator
    ]
    assert titles == ["A", "C", "D"]


def test_an_import_shows_at_once(personas, version):
    assert "to 110 in 2020" in overview(personas, version)
    a = Indicator.objects.get(title="A")

    record_observations([[(a.pk, HOME, 2021, "T", "", 130.0, "")]], source=BatchSource.MANUAL)

    assert "to 130 in 2021" in overview(personas, version)


def test_a_changed_indicator_shows_at_once(personas, version):
    assert "(higher is better)" in overview(personas, version)
    a = Indicator.objects.get(title="A")

    a.direction = Direction.DECREASE
    a.save()

    assert "(lower is better)" in overview(personas, version)


def test_a_changed_goal_link_shows_at_once(personas, draft):
    version = draft
    assert "The target 105 is met" not in overview(personas, version)
    link = GoalIndicator.objects.get(goal__area__version=version, indicator__title="A")

    link.target_value, link.target_year = 105, 2030
    link.save()

    assert "The target 105 is met" in overview(personas, version)


def test_a_removed_goal_link_shows_at_once(personas, draft):
    version = draft
    assert "Region Skåne 112" in overview(personas, version)

    GoalIndicator.objects.get(goal__area__version=version, indicator__title="A").delete()

    assert "Region Skåne 112" not in overview(personas, version)


def test_renamed_areas_written_in_bulk_show_at_once(personas, version):
    assert "Region Skåne 112" in overview(personas, version)
    areas = [{"id": a.code, "title": a.title, "type": a.type} for a in Area.objects.all()]
    for item in areas:
        if item["id"] == "0012":
            item["title"] = "Region Skåne (ny)"

    store_areas(areas, [])

    assert "Region Skåne (ny) 112" in overview(personas, version)


def test_a_rolled_back_write_leaves_the_generation_as_it_was(version):
    from django.db import transaction

    before = rollup_cache.generation()
    with pytest.raises(RuntimeError), transaction.atomic():
        Indicator.objects.filter(title="A").first().save()
        assert rollup_cache.generation() != before
        raise RuntimeError

    assert rollup_cache.generation() == before
