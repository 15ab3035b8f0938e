"""Only coordinators reach the forms: anonymous visitors are sent to the login page, readers and
editors are refused (403). Every form carries a CSRF token, and a POST without one is refused."""

import pytest
from django.test import Client
from django.urls import reverse

from riktning.strategy.models import DevelopmentArea

from .edit_support import edit_form_html, login_url, two_versions

# URL name → which object of two_versions() it takes (None: no argument).
EDIT_URLS = {
    "document_create": None,
    "document_edit": "document",
    "version_create": "document",
    "decision_create": "document",
    "version_edit": "draft",
    "version_status": "draft",
    "area_create": "draft",
    "section_create": "draft",
    "carryover_create": "draft",
    "contribution_create": "draft",
    "area_edit": "area",
    "area_delete": "spare_area",
    "goal_create": "area",
    "goal_edit": "goal",
    "goal_delete": "spare_goal",
    "goal_indicator_create": "goal",
    "goal_indicator_edit": "link",
    "goal_indicator_delete": "link",
    "section_edit": "section",
    "section_delete": "section",
    "indicator_create": None,
    "indicator_edit": "indicator",
}


def _url(world, name: str) -> str:
    key = EDIT_URLS[name]
    if key is None:
        return reverse(f"web:{name}")
    obj = world.link.indicator if key == "indicator" else getattr(world, key)
    return reverse(f"web:{name}", args=[obj.pk])


@pytest.fixture
def world(db):
    return two_versions()


@pytest.mark.parametrize("name", EDIT_URLS)
@pytest.mark.parametrize(
    "persona, expected",
    [
        ("anonymous", 302),
        ("reader", 403),
        ("social_editor", 403),
        ("bildning_editor", 403),
        ("coordinator", 200),
    ],
)
def test_only_the_coordinator_sees_the_form(personas, world, name, persona, expected):
    url = _url(world, name)

    response = personas[persona].get(url)

    assert response.status_code == expected
    if persona == "anonymous":
        assert response.url == login_url(url)


@pytest.mark.parametrize("persona", ["anonymous", "reader", "social_editor", "bildning_editor"])
def test_a_post_by_anyone_but_the_coordinator_is_refused_and_saves_nothing(
    personas, world, persona
):
    before = DevelopmentArea.objects.count()

    response = personas[persona].post(
        _url(world, "area_create"), {"title": "Nytt område", "order": 1}
    )

    assert response.status_code == (302 if persona == "anonymous" else 403)
    assert DevelopmentArea.objects.count() == before


@pytest.mark.parametrize("name", EDIT_URLS)
def test_every_form_carries_a_csrf_token(personas, world, name):
    response = personas["coordinator"].get(_url(world, name))

    assert response.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in edit_form_html(response)


def test_a_post_without_the_csrf_token_is_refused(coordinator, world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)

    response = client.post(_url(world, "area_create"), {"title": "Utan token", "order": 1})

    assert response.status_code == 403
    assert not DevelopmentArea.objects.filter(title="Utan token").exists()
