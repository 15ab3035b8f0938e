"""The follow-up overview of a version, for every persona: anonymous visitors see it for an
adopted version only; drafts need a login. Requests choose English (the msgids), so the
assertions hold whatever the Swedish catalogue says."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from riktning.accounts.tests.personas import MEMBERS, PERSONAS
from riktning.followup.tests.test_rollup import followup_version
from riktning.strategy.constants import VersionStatus
from riktning.strategy.models import Version
from riktning.strategy.tests.factories import strategy_with_content

pytestmark = pytest.mark.django_db


def get(client, url):
    """In English (the language cookie, as the switch sets it)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client.get(url)


def text(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def url(version) -> str:
    return reverse("web:followup_overview", args=[version.pk])


def set_status(version, status):
    Version.objects.filter(pk=version.pk).update(status=status)
    version.refresh_from_db()
    return version


@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_sees_the_overview_of_an_adopted_version(persona, personas):
    version = set_status(followup_version(), VersionStatus.ADOPTED)

    response = get(personas[persona], url(version))

    assert response.status_code == 200
    page = text(response)
    assert "Follow-up:" in page
    assert "Utbildning" in page and "Fler klarar skolan" in page and "Fler har arbete" in page


@pytest.mark.parametrize("status", [VersionStatus.DRAFT, VersionStatus.CONSULTATION])
def test_an_anonymous_visitor_is_sent_to_log_in_for_a_draft(status, personas):
    version = set_status(followup_version(), status)

    response = get(personas["anonymous"], url(version))

    assert response.status_code == 302
    assert "/konto/logga-in/" in response["Location"]


@pytest.mark.parametrize("persona", MEMBERS)
def test_members_see_the_overview_of_a_draft(persona, personas):
    version = followup_version()

    response = get(personas[persona], url(version))

    assert response.status_code == 200
    assert "draft" in text(response).lower()


def test_an_unknown_version_is_not_found(personas):
    assert get(personas["coordinator"], "/versioner/999999/uppfoljning/").status_code == 404


def test_statuses_are_shown_as_icon_and_text_in_order(personas):
    version = set_status(followup_version(), VersionStatus.ADOPTED)

    page = text(get(personas["anonymous"], url(version)))

    # area → goal 1 (moderate) → indicator A, the three listed without a status, goal 2 (met)
    order = [
        "Area status: ●●● Substantial progress",
        "Goal status: ●●○ Moderate progress",
        "A ●●○ Moderate progress",
        "Tas fram ? Not available",
        "C ? Not available",
        "D ? Not available",
        "Goal status: ★ Target achieved",
    ]
    positions = [page.find(item) for item in order]
    assert -1 not in positions, list(zip(order, positions, strict=True))
    assert positions == sorted(positions)
    assert "The indicator is still to be developed" in page
    assert "There are no values for Trelleborg yet." in page
    assert "The indicator has no definition yet" in page


def test_indicator_shows_reason_trend_gap_and_comparison(personas):
    version = set_status(followup_version(), VersionStatus.ADOPTED)

    page = text(get(personas["anonymous"], url(version)))

    assert "From 100 in 2015 to 110 in 2020: 1.9 % a year on average (higher is better)." in page
    assert "Since 2015: rising from 100 to 110, in the desired direction." in page
    # the gap in the indicator's unit (none here), never "6 in 2020", which reads as years
    assert "Girls are 6.0 above boys in 2020; in 2015 the difference was 0.0: the gap widens." in (
        page
    )
    assert "Region Skåne 112: Trelleborg is 2 lower (worse)." in page
    assert "Riket: no value for the same year." in page


def test_example_values_are_labelled(personas):
    version = set_status(followup_version(), VersionStatus.ADOPTED)

    page = text(get(personas["anonymous"], url(version)))

    assert "Example data – not real values" in page


def test_no_inline_scripts_or_styles(personas):
    version = set_status(followup_version(), VersionStatus.ADOPTED)

    html = get(personas["coordinator"], url(version)).content.decode()

    assert "style=" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "riktning/followup.css" in html


def test_the_version_page_links_to_the_overview(personas):
    version = strategy_with_content()

    response = get(personas["anonymous"], reverse("web:version_detail", args=[version.pk]))

    assert url(version) in response.content.decode()
