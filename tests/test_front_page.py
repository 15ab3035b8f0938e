"""The municipality's public front page on the demo (issue 15, item 1): the municipality's name in
the title and the header, "Hur går det?" for the adopted strategy with the statuses in words, a
trend per goal with its text alternative, the latest follow-up and action plan a click away; in
English on request; and a number of queries that does not grow with data the page does not show."""

import re

import pytest
from demo_support import seeded_demo
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db

HOME_URL = "/"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    with seeded_demo(django_db_blocker, tmp_path_factory.mktemp("media")):
        yield


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style|title)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_front_page_is_the_municipalitys(demo, client):
    response = client.get(HOME_URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Trelleborgs kommun – hållbarhet och uppföljning</title>" in page
    text = visible_text(page)
    assert "Trelleborgs kommun Start" in text  # the header: logo, then the name, then the menu
    assert "Hållbarhet och uppföljning" in text
    assert "strukturerade data" not in text


def test_anonymous_visitors_see_how_the_adopted_strategy_is_going(demo, client):
    from riktning.followup.models import FollowUp
    from riktning.strategy.models import Version

    adopted = Version.objects.get(status="adopted")
    followup = FollowUp.objects.get(version=adopted, status="approved")

    page = client.get(HOME_URL).content.decode()
    text = visible_text(page)

    assert "Strategi för social hållbarhet" in text
    assert "Hur går det?" in text
    assert "9 indikatorer, efter status:" in text
    # Statuses as count + word (after a symbol): never colour alone.
    assert re.search(r"\d+ (Stora framsteg|Måttliga framsteg|Små framsteg|Försämring)", text)
    assert "Föräldrastöd" in text
    # The drafts out for consultation are not shown to the public.
    assert "Hållbarhetsmål 2024–2040" not in text
    # One click to the latest follow-up; the demo's action plan is a draft, so none is public.
    assert f'href="{reverse("web:followup_detail", args=[followup.pk])}"' in page
    assert "Uppföljning 2025" in text
    assert "Senaste handlingsplanen Ingen antagen ännu" in text
    assert "Exempeldata" in text


def test_every_trend_chart_is_inline_svg_with_every_value_as_its_text(demo, client):
    page = client.get(HOME_URL).content.decode()

    charts = re.findall(r"<svg class=\"sparkline\".*?</svg>", page, flags=re.S)
    assert len(charts) >= 6
    for chart in charts:
        assert 'role="img"' in chart
        assert re.search(r"<title id=\"trend-\d+\">Utvecklingen för .+: \d{4}: [\d,]+", chart)
        assert "style=" not in chart  # the CSP allows no inline styles
    assert "<script" not in page


def test_a_member_sees_the_draft_action_plan_and_their_to_do_list(demo):
    from riktning.accounts.models import User
    from riktning.actionplans.models import ActionPlan

    client = Client()
    client.force_login(User.objects.get(username="samordnare"))
    plan = ActionPlan.objects.get()

    page = client.get(HOME_URL).content.decode()

    assert f'href="{reverse("web:action_plan_detail", args=[plan.pk])}"' in page
    assert "Du är inloggad som:" in visible_text(page)


def test_the_front_page_in_english(demo, client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = client.get(HOME_URL).content.decode()

    assert "<title>Trelleborgs kommun – sustainability and follow-up</title>" in page
    assert "How is it going?" in visible_text(page)


def queries_for_front_page(client) -> int:
    client.get(HOME_URL)  # warm up: the session, the template cache
    with CaptureQueriesContext(connection) as captured:
        response = client.get(HOME_URL)
    assert response.status_code == 200
    return len(captured)


def test_the_number_of_queries_does_not_grow_with_data_the_page_does_not_show(demo, client):
    from riktning.indicators.constants import BatchSource, BatchStatus
    from riktning.indicators.models import ImportBatch, Indicator, Observation
    from riktning.strategy.models import GoalIndicator, Version
    from riktning.strategy.tests.factories import (
        AreaFactory,
        GoalFactory,
        GoalIndicatorFactory,
        IndicatorFactory,
    )

    on_the_demo = queries_for_front_page(client)

    # More of everything the page does not show: 30 indicators nobody links to with 20 years of
    # values for 50 municipalities; 20 more years and 50 more municipalities for the indicators
    # the adopted strategy shows; and 10 more areas in the draft out for consultation.
    batch = ImportBatch.objects.create(source=BatchSource.MANUAL, status=BatchStatus.SUCCEEDED)
    shown = list(
        Indicator.objects.filter(
            pk__in=GoalIndicator.objects.filter(goal__area__version__status="adopted").values(
                "indicator"
            )
        )
    )
    others = IndicatorFactory.create_batch(30)
    Observation.objects.bulk_create(
        Observation(
            indicator=indicator,
            area_code=f"{9000 + a}",
            period=year,
            gender="T",
            value=float(a + year % 7),
            batch=batch,
        )
        for indicator in shown + others
        for a in range(50)
        for year in range(1990, 2010)
    )
    draft = Version.objects.filter(status="consultation").first()
    Version.objects.filter(pk=draft.pk).update(status="draft")
    draft.refresh_from_db()
    for _ in range(10):
        GoalIndicatorFactory(goal=GoalFactory(area=AreaFactory(version=draft)))

    assert queries_for_front_page(client) == on_the_demo


def test_the_number_of_queries_does_not_grow_with_the_areas_goals_and_indicators_it_shows(
    demo, client
):
    from riktning.indicators.constants import BatchSource, BatchStatus
    from riktning.indicators.models import ImportBatch, Observation
    from riktning.strategy.models import Version
    from riktning.strategy.tests.factories import (
        AreaFactory,
        GoalFactory,
        GoalIndicatorFactory,
        strategy_with_content,
    )

    version = strategy_with_content("adopted", title="Strategi för test")
    before = queries_for_front_page(client)

    Version.objects.filter(pk=version.pk).update(status="draft")
    version.refresh_from_db()
    batch = ImportBatch.objects.create(source=BatchSource.MANUAL, status=BatchStatus.SUCCEEDED)
    for _ in range(8):
        area = AreaFactory(version=version)
        for _ in range(3):
            goal = GoalFactory(area=area)
            for _ in range(2):
                link = GoalIndicatorFactory(goal=goal)
                Observation.objects.bulk_create(
                    Observation(
                        indicator=link.indicator,
                        area_code=settings.RIKTNING_HOME_AREA_CODE,
                        period=year,
                        gender="T",
                        value=float(year % 11),
                        batch=batch,
                    )
                    for year in range(2010, 2025)
                )
    Version.objects.filter(pk=version.pk).update(status="adopted")

    page = client.get(HOME_URL).content.decode()
    assert "49 indikatorer, efter status:" in visible_text(page)  # 1 + 8 × 3 × 2
    assert queries_for_front_page(client) == before


def test_the_name_from_the_settings_heads_every_page(demo, client, settings):
    settings.RIKTNING_MUNICIPALITY_NAME = "Exempelstads kommun"

    front = client.get(HOME_URL).content.decode()
    catalogue = client.get(reverse("web:indicator_list")).content.decode()

    assert "<title>Exempelstads kommun – hållbarhet och uppföljning</title>" in front
    assert '<span class="brand-name">Exempelstads kommun</span>' in catalogue
