"""A missing page or a refused action gets a page in Swedish with the site's menu."""

import pytest
from django.test import override_settings


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_an_unknown_address_gets_a_swedish_page_not_found(client):
    response = client.get("/finns-inte/")

    assert response.status_code == 404
    page = response.content.decode()
    assert "Sidan finns inte" in page
    assert 'href="/"' in page


@pytest.mark.django_db
def test_a_refused_editor_gets_a_swedish_explanation(personas):
    response = personas["social_editor"].get("/dokument/nytt/")

    assert response.status_code == 403
    assert "Inte tillåtet" in response.content.decode()
