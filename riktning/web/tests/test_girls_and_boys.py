"""Girls and boys side by side on the indicator page: one chart with the home municipality's
total, girls and boys, comparison areas chosen with a plain form (GET, no JavaScript needed), the
gap in the indicator's unit and value axes from zero for shares."""

import json
import re

import pytest
from django.urls import reverse
from django.utils import translation

from riktning.indicators.constants import BatchSource
from riktning.indicators.formatting import gap_sentence, starts_at_zero
from riktning.indicators.services import record_observations
from riktning.strategy.tests.factories import GoalIndicatorFactory, IndicatorFactory
from riktning.web.tests.test_indicator_page import get, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def share():
    indicator = IndicatorFactory(
        title="Andel elever i åk 9 med godkänt i alla ämnen",
        unit="andel (%)",
        decimals=1,
        comparison_areas="0012,0000",
    )
    GoalIndicatorFactory(indicator=indicator)
    return indicator


def values(indicator):
    rows = [
        (indicator.pk, area, year, gender, "", value, "final")
        for area, shift in [("1287", 0.0), ("0012", 2.0), ("0000", 3.0)]
        for year, girls, boys in [(2021, 78.0, 71.8), (2025, 80.0, 75.0)]
        for gender, value in [("K", girls + shift), ("M", boys + shift), ("T", 77.0 + shift)]
    ]
    record_observations([rows], source=BatchSource.UPLOAD)


def payload(response, element_id="girls-and-boys-spec") -> dict:
    html = response.content.decode()
    found = re.search(
        rf'<script id="{element_id}" type="application/json">(.*?)</script>', html, re.S
    )
    assert found, f"the page carries {element_id}"
    return json.loads(found.group(1))


def lines(spec) -> set[str]:
    return {row["line"] for row in spec["data"]["values"]}


def test_one_chart_shows_total_girls_and_boys_with_the_gap_in_percentage_points(client, share):
    values(share)

    response = get(client, reverse("web:indicator_detail", args=[share.pk]), language="sv")

    spec = payload(response)["spec"]
    assert lines(spec) == {"Trelleborg, totalt", "Trelleborg, flickor", "Trelleborg, pojkar"}
    assert spec["encoding"]["y"]["scale"] == {"zero": True}  # a share: from zero
    assert spec["encoding"]["color"]["field"] == spec["encoding"]["shape"]["field"] == "gender"
    page = text(response)
    assert "Flickor ligger 5,0 procentenheter över pojkar 2025." in page
    assert " år 2025" not in page.split("Flickor ligger")[1][:60]


def test_comparison_areas_are_chosen_with_a_get_form(client, share):
    values(share)
    url = reverse("web:indicator_detail", args=[share.pk])

    response = get(client, url + "?jamfor=0012&jamfor=9999#girls-and-boys", language="sv")

    assert lines(payload(response)["spec"]) == {
        "Trelleborg, totalt",
        "Trelleborg, flickor",
        "Trelleborg, pojkar",
        "Region Skåne, flickor",
        "Region Skåne, pojkar",
    }
    html = response.content.decode()
    form = re.search(r'<form method="get" action="#girls-and-boys".*?</form>', html, re.S)[0]
    assert re.search(r'name="jamfor" value="0012" checked', form)
    assert re.search(r'name="jamfor" value="0000">', form)
    assert "9999" not in form


def test_an_indicator_without_girls_and_boys_has_no_such_chart(client, share):
    record_observations(
        [[(share.pk, "1287", 2024, "T", "", 70.0, "final")]], source=BatchSource.UPLOAD
    )

    response = get(client, reverse("web:indicator_detail", args=[share.pk]))

    assert 'id="girls-and-boys"' not in response.content.decode()


@pytest.mark.parametrize(
    ("gap", "unit", "expected"),
    [
        (5.0, "andel (%)", "Flickor ligger 5,0 procentenheter över pojkar 2025"),
        (-1.3, "andel (%)", "Flickor ligger 1,3 procentenheter under pojkar 2025"),
        (0.02, "andel (%)", "Flickor och pojkar ligger lika 2025"),
        (2.5, "antal/inv 7-20 år", "Flickor ligger 2,5 över pojkar 2025 (antal/inv 7-20 år)"),
    ],
)
def test_the_gap_is_written_in_the_indicators_unit(gap, unit, expected):
    with translation.override("sv"):
        assert gap_sentence(gap, 2025, unit, 1) == expected


def test_counts_and_shares_start_at_zero():
    assert starts_at_zero("andel (%)") and starts_at_zero("antal") and starts_at_zero("procent")
    assert not starts_at_zero("år")
