import csv
import json
from io import StringIO

import pytest
from django.core.management import call_command

from riktning.indicators.constants import BatchSource
from riktning.indicators.services import record_observations
from riktning.strategy.tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    kolada = IndicatorFactory(source_kind="kolada", source_key="U09800")
    local = IndicatorFactory()
    rows = [
        (kolada.pk, "1287", 2021, "K", "", 12.5, "final"),
        (kolada.pk, "0012", 2021, "K", "", None, "final"),
        (local.pk, "1287", 2021, "T", "", 140.0, "preliminary"),
    ]
    record_observations([rows], source=BatchSource.EXAMPLE, is_example=True)
    return kolada, local


def test_export_writes_every_observation_as_csv_with_its_provenance(data):
    out = StringIO()
    call_command("export", "observations", "--format", "csv", stdout=out)
    rows = list(csv.DictReader(StringIO(out.getvalue())))
    assert len(rows) == 3
    assert rows[0].keys() >= {
        "indicator",
        "source_key",
        "area",
        "period",
        "gender",
        "value",
        "status",
        "batch",
        "example_data",
    }
    missing = [r for r in rows if r["area"] == "0012"][0]
    assert missing["value"] == ""
    assert {r["example_data"] for r in rows} == {"Exempeldata"}


def test_export_filters_by_kpi_and_area_as_json(data):
    out = StringIO()
    call_command(
        "export",
        "observations",
        "--kpi",
        "u09800",
        "--areas",
        "1287",
        "--format",
        "json",
        stdout=out,
    )
    rows = json.loads(out.getvalue())
    assert [(r["source_key"], r["area"], r["value"]) for r in rows] == [("U09800", "1287", 12.5)]


def test_export_by_indicator_id(data):
    kolada, local = data
    out = StringIO()
    call_command(
        "export", "observations", "--indicator", str(local.pk), "--format", "json", stdout=out
    )
    rows = json.loads(out.getvalue())
    assert [r["status"] for r in rows] == ["preliminary"]
