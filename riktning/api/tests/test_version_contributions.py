"""GET /api/v1/versions/{id}/contributions: one follow-up across documents (issue 16 item 1),
in the words of the pages, as far as the caller may see."""

import pytest
from django.urls import reverse

from riktning.followup.tests.test_across import contributing_world
from riktning.followup.tests.test_rollup import HOME

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _home(settings):
    settings.RIKTNING_HOME_AREA_CODE = HOME


def test_a_programme_lists_what_other_documents_contribute_to_its_goal(personas):
    programme, target, strategy, goal = contributing_world()

    response = personas["reader"].get(
        reverse("api:version_contributions", args=[programme.pk]), HTTP_ACCEPT_LANGUAGE="sv"
    )

    assert response.status_code == 200
    body = response.json()
    [received] = body["goals"]
    assert received["id"] == target.pk
    [part] = received["parts"]
    assert (part["kind"], part["title"], part["version_id"]) == (
        "area",
        "Boende och närmiljö",
        strategy.pk,
    )
    assert part["status_text"].endswith("1 av 2 indikatorer försämras")
    assert [g["id"] for g in part["goals"]] == [goal.pk]
    assert body["contributes_to"] == []


def test_a_contributing_document_lists_the_goal_it_contributes_to(personas):
    programme, target, strategy, _goal = contributing_world()

    body = (
        personas["reader"]
        .get(reverse("api:version_contributions", args=[strategy.pk]), HTTP_ACCEPT_LANGUAGE="sv")
        .json()
    )

    [goal] = body["contributes_to"]
    assert (goal["id"], goal["version_id"]) == (target.pk, programme.pk)
    assert goal["status_text"] == "? Uppgift saknas"  # no indicators of its own
    assert [p["title"] for p in goal["parts"]] == ["Boende och närmiljö"]


def test_the_public_is_refused_a_draft(personas):
    programme, *_rest = contributing_world()

    response = personas["anonymous"].get(reverse("api:version_contributions", args=[programme.pk]))

    assert response.status_code in (401, 404)
