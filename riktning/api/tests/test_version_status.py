"""GET /api/v1/versions/{id}/status: the follow-up status in the vocabulary of the pages and
reports (issue 15 item 3), and a roll-up that never hides a deteriorating indicator."""

import pytest
from django.urls import reverse

from riktning.followup import status
from riktning.strategy.tests.factories import VersionFactory
from riktning.web.tests.test_status_grid import leisure_version

pytestmark = pytest.mark.django_db


def test_the_status_says_which_indicators_deteriorate(personas):
    version, area, goal = leisure_version()
    response = personas["anonymous"].get(
        reverse("api:version_status", args=[version.pk]), HTTP_ACCEPT_LANGUAGE="sv"
    )
    assert response.status_code == 200
    body = response.json()
    assert [w["status"] for w in body["vocabulary"]] == list(status.ORDER)
    [area_out] = body["areas"]
    [goal_out] = area_out["goals"]
    assert (area_out["id"], goal_out["id"]) == (area.pk, goal.pk)
    assert goal_out["status"] == "moderate_progress"
    assert (goal_out["deteriorating"], goal_out["total"]) == (1, 2)
    assert goal_out["status_text"] == "●●○ Måttliga framsteg – 1 av 2 indikatorer försämras"
    rising, falling = goal_out["indicators"]
    assert (rising["title"], falling["title"]) == ("Stiger", "Faller")
    assert falling["status"] == "deterioration"
    assert falling["status_text"] == "▼ Försämring"
    assert falling["gap"] == "Flickor ligger 6,0 procentenheter över pojkar 2024"
    assert falling["latest"].startswith("58")


def test_a_draft_version_is_not_shown_to_the_public(personas):
    draft = VersionFactory()
    url = reverse("api:version_status", args=[draft.pk])
    response = personas["anonymous"].get(url)
    assert response.status_code in (401, 404)
    assert "detail" in response.json()
