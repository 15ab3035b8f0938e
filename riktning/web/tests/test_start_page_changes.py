"""The coordinator's start page after login: what changed since the previous visit (counted from
the login before this one) beside the to-do list; a fixed number of queries however much changed."""

import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from riktning.indicators.constants import BatchSource
from riktning.indicators.services import record_observations
from riktning.strategy.tests.factories import IndicatorFactory
from riktning.web.changes import changes_since

pytestmark = pytest.mark.django_db


def start_page(client) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client.get(reverse("web:home")).content.decode()


def imported(year: int = 2024):
    indicator = IndicatorFactory()
    record_observations(
        [[(indicator.pk, "1287", year, "T", "", 50.0, "final")]], source=BatchSource.UPLOAD
    )


def test_the_start_page_counts_from_the_previous_login(coordinator):
    coordinator.last_login = timezone.now() - datetime.timedelta(days=3)
    coordinator.save(update_fields=["last_login"])
    previous = coordinator.last_login
    imported()

    client = Client()
    client.force_login(coordinator)
    page = start_page(client)

    assert "What changed since your last visit" in page
    assert "1 import of values" in page
    assert "1 new and 0 changed value" in page
    coordinator.refresh_from_db()
    assert coordinator.last_login > previous  # Django's own update still happens
    assert "To do" in page


def test_a_first_login_shows_the_last_two_weeks(coordinator):
    client = Client()
    client.force_login(coordinator)

    assert "What changed in the last two weeks" in start_page(client)


def test_nothing_is_listed_from_before_the_previous_visit():
    imported()

    later = changes_since(timezone.now() + datetime.timedelta(seconds=1))

    assert later.empty


def test_the_changes_take_a_fixed_number_of_queries():
    since = timezone.now() - datetime.timedelta(days=1)
    imported()
    with CaptureQueriesContext(connection) as few:
        changes_since(since)
    for year in range(2000, 2012):
        imported(year)
    with CaptureQueriesContext(connection) as many:
        result = changes_since(since)

    assert result.imports.count == 13 and len(result.imports.items) == 5
    assert len(many) == len(few)
