"""The UI is Swedish by default, also for a browser that asks for English; the language switch
gives English to whoever asks for it."""

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_an_english_language_browser_still_gets_swedish(client):
    response = client.get(reverse("web:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert response.status_code == 200
    assert '<html lang="sv">' in response.content.decode()
    assert "Styrdokument" in response.content.decode()
    assert response["Content-Language"] == "sv"


def test_the_language_switch_gives_english_and_back(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})

    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = client.get(reverse("web:home")).content.decode()
    assert '<html lang="en">' in page
    assert "Steering documents" in page

    client.post(reverse("set_language"), {"language": "sv", "next": "/"})
    assert "Styrdokument" in client.get(reverse("web:home")).content.decode()


def test_an_unknown_language_in_the_cookie_falls_back_to_swedish(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"

    assert '<html lang="sv">' in client.get(reverse("web:home")).content.decode()
