"""What an upload or a form would change (preview_observations), the templates an official fills
in, and the manual-entry source's rows."""

import datetime
import io

import openpyxl
import pytest

from riktning.indicators.constants import BatchSource, SourceKind
from riktning.indicators.models import ImportBatch, Observation
from riktning.indicators.services import preview_observations, record_observations
from riktning.indicators.sources import get, manual, upload
from riktning.strategy.tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def local():
    return IndicatorFactory(title="Föräldrar i föräldrastödsprogram", source_kind=SourceKind.LOCAL)


def test_the_preview_counts_and_lists_changes_without_writing(local):
    record_observations(
        [
            [
                (local.pk, "1287", 2022, "T", "", 10.0, "final"),
                (local.pk, "1287", 2023, "T", "", 20.0, "preliminary"),
            ]
        ],
        source=BatchSource.MANUAL,
    )
    rows = [
        (local.pk, "1287", 2022, "T", "", 10.0, "final"),  # unchanged
        (local.pk, "1287", 2023, "T", "", 20.0, "final"),  # status changed
        (local.pk, "1287", 2024, "T", "", None, "final"),  # new (missing)
    ]

    preview = preview_observations(rows)

    assert (preview.added, preview.changed, preview.unchanged) == (1, 1, 1)
    changed = [c for c in preview.changes if not c.is_new]
    assert [(c.period, c.old_value, c.old_status, c.status) for c in changed] == [
        (2023, 20.0, "preliminary", "final")
    ]
    assert Observation.objects.count() == 2 and ImportBatch.objects.count() == 1
    batch = record_observations([rows], source=BatchSource.UPLOAD)
    assert (batch.rows_added, batch.rows_changed, batch.rows_unchanged) == (1, 1, 1)


def test_upload_takes_survey_and_local_values_and_manual_entry_local_only(local):
    survey = IndicatorFactory(source_kind=SourceKind.SURVEY)
    kolada = IndicatorFactory(source_kind=SourceKind.KOLADA, source_key="N00001")
    assert [get("upload").accepts(i) for i in (local, survey, kolada)] == [True, True, False]
    assert [get("manual").accepts(i) for i in (local, survey, kolada)] == [True, False, False]


def test_a_template_offers_last_year_and_every_year_with_a_value(local):
    record_observations(
        [[(local.pk, "1287", 2019, "K", "", 3.5, "final")]], source=BatchSource.MANUAL
    )

    template = upload.template_for(local, "1287", today=datetime.date(2025, 3, 1))

    assert template.area_codes == ["1287"]
    assert template.periods == [2019, 2024]
    text = upload.template_csv(local, template.area_codes, template.periods, template.values)
    assert "1287;Trelleborg;2019;K;;3,5;slutlig" in text


def test_the_xlsx_template_reads_back_as_the_csv_template_does(local):
    template = upload.Template(["1287", "0012"], [2023], {("0012", 2023, "T", ""): (1.25, "final")})

    data = upload.template_xlsx(local, template)

    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert [c.value for c in sheet[1]] == upload.TEMPLATE_HEADERS
    parsed = upload.parse_upload(data, "mall.xlsx", local)
    assert parsed.problems == []
    assert (local.pk, "0012", 2023, "T", "", 1.25, "final") in parsed.rows


def test_manual_rows_skip_empty_cells_but_record_a_removed_value_as_missing(local):
    record_observations(
        [[(local.pk, "1287", 2022, "T", "", 7.0, "final")]], source=BatchSource.MANUAL
    )
    entered = [
        manual.YearValues(2023, {"T": 12.0, "K": None, "M": None}, preliminary=True),
        manual.YearValues(2022, {"T": None, "K": None, "M": None}),
    ]

    rows = manual.rows_from_form(local, "1287", entered)

    assert rows == [
        (local.pk, "1287", 2023, "T", "", 12.0, "preliminary"),
        (local.pk, "1287", 2022, "T", "", None, "final"),
    ]


def test_the_form_offers_recent_years_and_every_year_with_a_value(local):
    record_observations(
        [[(local.pk, "1287", 2015, "T", "", 1.0, "final")]], source=BatchSource.MANUAL
    )
    years = manual.form_years(local, "1287", today=datetime.date(2025, 6, 1))
    assert years == list(range(2025, 2014, -1))


def test_a_real_import_removes_the_example_values_of_the_indicators_it_covers(local):
    other = IndicatorFactory(title="Annan indikator", source_kind=SourceKind.LOCAL)
    example = [
        (indicator.pk, area, year, "T", "", 1.0, "final")
        for indicator in (local, other)
        for area in ("1287", "0000")
        for year in (2022, 2023)
    ]
    record_observations([example], source=BatchSource.EXAMPLE, is_example=True)

    # same value as the example one: still stored again, now as a real value
    batch = record_observations(
        [[(local.pk, "1287", 2023, "T", "", 1.0, "final")]],
        source=BatchSource.UPLOAD,
        indicator_ids=[local.pk],
    )

    assert list(Observation.objects.filter(indicator=local).values_list("period", "batch")) == [
        (2023, batch.pk)
    ]
    assert (batch.rows_added, batch.rows_changed, batch.rows_unchanged) == (1, 0, 0)
    assert Observation.objects.filter(indicator=other, batch__is_example=True).count() == 4
    assert ImportBatch.objects.filter(is_example=True).count() == 1  # the batch itself stays
