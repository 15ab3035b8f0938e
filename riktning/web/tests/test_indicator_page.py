"""The indicator page and its CSV download: what an anonymous reader finds about an indicator's
values. Most requests choose English (the msgids) through the language cookie, as the language
switch does; the number format is checked in Swedish, the default."""

import csv
import io
import json
import re

import pytest
from django.conf import settings
from django.urls import reverse

from riktning.accounts.tests.factories import UserFactory
from riktning.indicators.constants import BatchSource, SourceKind
from riktning.indicators.queries import EXPORT_COLUMNS
from riktning.indicators.services import record_observations
from riktning.strategy.tests.factories import GoalIndicatorFactory, IndicatorFactory

pytestmark = pytest.mark.django_db

EXAMPLE = "Example data – not real values"


def get(client, url, language="en"):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(url)


def text(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def table(response) -> list[list[str]]:
    """The rows of the data table, each a list of its cells' visible text."""
    html = response.content.decode()
    body = re.search(r'<table id="indicator-table">.*?</table>', html, flags=re.S).group(0)
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, flags=re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)
        rows.append([re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", c)).strip() for c in cells])
    return rows


def chart_payload(response) -> dict:
    html = response.content.decode()
    found = re.search(
        r'<script id="indicator-chart-spec" type="application/json">(.*?)</script>', html, re.S
    )
    assert found, "the page carries the chart spec as json_script"
    return json.loads(found.group(1))


@pytest.fixture
def kolada():
    indicator = IndicatorFactory(
        title="Andel elever i åk 9 med godkänt i alla ämnen",
        source_kind=SourceKind.KOLADA,
        source_key="N15418",
        unit="andel (%)",
        decimals=1,
        comparison_areas="0012,0000,G37555",
    )
    GoalIndicatorFactory(indicator=indicator)
    return indicator


def example_values(indicator):
    rows = [
        (indicator.pk, "1287", 2023, "T", "", 74.25, "final"),
        (indicator.pk, "1287", 2023, "K", "", 78.5, "final"),
        (indicator.pk, "1287", 2023, "M", "", 70.0, "final"),
        (indicator.pk, "1287", 2024, "T", "", 75.5, "preliminary"),
        (indicator.pk, "1287", 2024, "K", "", 79.5, "preliminary"),
        (indicator.pk, "1287", 2024, "M", "", 71.25, "preliminary"),
        (indicator.pk, "0012", 2023, "T", "", 76.0, "final"),
        (indicator.pk, "0012", 2024, "T", "", None, "final"),
        (indicator.pk, "0000", 2023, "T", "", 77.0, "final"),
        (indicator.pk, "0000", 2024, "T", "", 77.5, "final"),
    ]
    return record_observations([rows], source=BatchSource.EXAMPLE, is_example=True)


def test_an_anonymous_reader_sees_chart_table_example_label_and_kolada_source(client, kolada):
    example_values(kolada)

    response = get(client, reverse("web:indicator_detail", args=[kolada.pk]))

    assert response.status_code == 200
    page = text(response)
    assert page.count(EXAMPLE) >= 3, "on the page, by the chart and in the table caption"
    assert "Source: Kolada (RKA)" in page
    assert "Last import Example data" in page
    payload = chart_payload(response)
    spec = payload["spec"]
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
    assert EXAMPLE in " ".join(spec["title"]["subtitle"])
    assert {row["area"] for row in spec["data"]["values"]} == {
        "Trelleborg",
        "Region Skåne",
        "Riket",
    }
    html = response.content.decode()
    assert 'role="img"' in html and "The same values are in the table below." in html
    assert "vendor/vega/vega-embed" in html and "riktning/indicator-chart.js" in html
    assert "cdn" not in html.lower()
    rows = table(response)
    assert rows[0] == [
        "Year",
        "Trelleborg",
        "Region Skåne",
        "Riket",
        "Liknande kommuner, övergripande, Trelleborg, 2025",
    ]
    assert rows[1] == ["2023", "74.3", "76.0", "77.0", "– no value"]
    assert rows[2] == ["2024", "75.5 * (preliminary)", "– no value", "77.5", "– no value"]
    caption = re.search(r"<caption[^>]*>(.*?)</caption>", html, re.S).group(1)
    assert EXAMPLE in caption and "Total" in caption


def test_the_page_has_no_inline_script_or_style(client, kolada):
    example_values(kolada)

    html = get(client, reverse("web:indicator_detail", args=[kolada.pk])).content.decode()

    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert scripts
    for attributes, body in scripts:
        assert "src=" in attributes or 'type="application/json"' in attributes, attributes
        assert "src=" not in attributes or not body.strip()
    assert " style=" not in html
    assert "<style" not in html


def test_the_gender_switch_changes_the_table_and_marks_the_choice(client, kolada):
    example_values(kolada)
    url = reverse("web:indicator_detail", args=[kolada.pk])

    total = get(client, url)
    girls = get(client, url + "?kon=K")

    assert table(total)[1][1] == "74.3"
    assert table(girls)[1][1] == "78.5"
    assert table(girls)[2][1] == "79.5 * (preliminary)"
    assert "Girls" in re.search(r"<caption[^>]*>(.*?)</caption>", girls.content.decode(), re.S)[1]
    html = girls.content.decode()
    assert re.search(r'<a href="\?kon=K#indicator-values" aria-current="true">Girls</a>', html)
    assert re.search(r'<a href="\?kon=T#indicator-values">Total</a>', html)
    assert chart_payload(girls)["spec"]["data"]["values"][0]["value"] == 78.5


def test_an_unknown_choice_falls_back_to_the_total(client, kolada):
    example_values(kolada)

    response = get(client, reverse("web:indicator_detail", args=[kolada.pk]) + "?kon=X")

    assert response.status_code == 200
    assert table(response)[1][1] == "74.3"


def test_numbers_have_a_decimal_comma_in_swedish(client, kolada):
    example_values(kolada)

    response = get(client, reverse("web:indicator_detail", args=[kolada.pk]), language="sv")

    assert table(response)[1][:3] == ["2023", "74,3", "76,0"]
    assert chart_payload(response)["formatLocale"]["decimal"] == ","


def test_a_survey_indicator_switches_between_school_years(client):
    survey = IndicatorFactory(title="Trygga i bostadsområdet", source_kind=SourceKind.SURVEY)
    rows = [
        (survey.pk, area, 2021, gender, school_year, value, "final")
        for area, shift in [("1287", 0.0), ("0012", 1.0)]
        for gender in "TKM"
        for school_year, value in [("ak6", 90.0 + shift), ("ak9", 80.0 + shift)]
    ]
    record_observations([rows], source=BatchSource.UPLOAD)
    url = reverse("web:indicator_detail", args=[survey.pk])

    first = get(client, url)
    year_9 = get(client, url + "?kon=K&nedbrytning=ak9")

    assert table(first)[0] == ["Year", "Trelleborg", "Region Skåne"]
    assert table(first)[1] == ["2021", "90.0", "91.0"]
    assert table(year_9)[1] == ["2021", "80.0", "81.0"]
    html = year_9.content.decode()
    assert re.search(
        r'<a href="\?kon=K&amp;nedbrytning=ak9#indicator-values" aria-current="true">'
        r"School year 9</a>",
        html,
    )
    assert EXAMPLE not in text(year_9)
    assert "Source: Kolada" not in text(year_9)


def test_the_last_import_names_the_person_to_members_only(client, kolada):
    importer = UserFactory(username="importor", first_name="", last_name="")
    record_observations(
        [[(kolada.pk, "1287", 2023, "T", "", 70.0, "final")]],
        source=BatchSource.MANUAL,
        by=importer,
    )
    url = reverse("web:indicator_detail", args=[kolada.pk])

    assert "Last import Manual entry" in text(get(client, url))
    assert "importor" not in text(get(client, url))
    client.force_login(importer)
    assert "importor" in text(get(client, url))


def test_an_indicator_without_values_says_so(client, kolada):
    response = get(client, reverse("web:indicator_detail", args=[kolada.pk]))

    assert response.status_code == 200
    page = text(response)
    assert "No values have been recorded for this indicator yet." in page
    assert "Last import Nothing imported yet" in page
    assert "indicator-chart-spec" not in response.content.decode()
    assert EXAMPLE not in page


def test_an_unknown_indicator_is_not_found(client):
    assert get(client, reverse("web:indicator_detail", args=[987654])).status_code == 404
    assert get(client, reverse("web:indicator_data_csv", args=[987654])).status_code == 404


def test_the_csv_download_opens_in_swedish_excel(client, kolada):
    batch = example_values(kolada)
    other = IndicatorFactory()
    record_observations([[(other.pk, "1287", 2023, "T", "", 5.0, "final")]], source="manual")

    response = get(client, reverse("web:indicator_data_csv", args=[kolada.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="indikator-{kolada.pk}-N15418.csv"'
    )
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == EXPORT_COLUMNS
    assert len(rows) == 11, "the header and the indicator's ten values, no other indicator's"
    by_key = {(r[2], r[3], r[4]): dict(zip(EXPORT_COLUMNS, r, strict=True)) for r in rows[1:]}
    assert by_key[("1287", "2023", "T")] == {
        "indicator": str(kolada.pk),
        "source_key": "N15418",
        "area": "1287",
        "period": "2023",
        "gender": "T",
        "breakdown": "",
        "value": "74,25",
        "status": "final",
        "batch": str(batch.pk),
        "example_data": "Exempeldata",
    }
    assert by_key[("1287", "2023", "M")]["value"] == "70"
    assert by_key[("0012", "2024", "T")]["value"] == ""
    assert by_key[("1287", "2024", "T")]["status"] == "preliminary"


@pytest.mark.parametrize(
    "persona, may_enter",
    [
        ("anonymous", False),
        ("reader", False),
        ("bildning_editor", False),
        ("social_editor", True),
        ("coordinator", True),
    ],
)
def test_the_responsible_editor_and_the_coordinator_find_the_data_entry_links(
    personas, orgs, persona, may_enter
):
    local = IndicatorFactory(
        title="Antal föräldrar i föräldrastödsprogram",
        source_kind=SourceKind.LOCAL,
        responsible=orgs["social"],
        comparison_areas="",
    )

    page = personas[persona].get(reverse("web:indicator_detail", args=[local.pk])).content
    page = page.decode()

    assert (reverse("web:data_manual", args=[local.pk]) in page) is may_enter
    assert (reverse("web:data_upload", args=[local.pk]) in page) is may_enter


def test_comparison_areas_are_named(client, kolada):
    page = text(get(client, reverse("web:indicator_detail", args=[kolada.pk]), language="sv"))

    assert "Region Skåne (0012)" in page
