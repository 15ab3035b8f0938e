"""The action plan report: one XLSX row per measure with the Swedish columns; DOCX with headings
and a table; references by id, "latest" and year."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import translation

from riktning.accounts.tests.factories import OrganisationFactory
from riktning.actionplans import report, services
from riktning.reports.registry import ReportNotFound, get
from riktning.strategy.tests.factories import strategy_with_content


@pytest.fixture
def plan(db):
    version = strategy_with_content()
    plan = services.create_action_plan(version=version, year=2025, is_example=True)
    social = OrganisationFactory(name="Socialförvaltningen")
    for number in range(3):
        services.add_measure(
            plan,
            title=f"Åtgärd {number}",
            responsible=social,
            hours=Decimal(10),
            cost_sek=Decimal(1000),
            end_date=datetime.date(2025, 12, 31),
            is_example=True,
        )
    return plan


def _sheet(data: bytes):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(data)).active


def test_the_xlsx_has_one_row_per_measure_and_swedish_columns(plan):
    sheet = _sheet(report.render(plan, "xlsx"))
    header = [cell.value for cell in sheet[1]]
    for word in ("Ansvarig", "Timmar", "Kostnad (kr)", "Slutdatum", "Status"):
        assert word in header
    assert sheet.max_row == 1 + 3
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "Åtgärd 0",
        "Åtgärd 1",
        "Åtgärd 2",
    ]


def test_the_column_labels_are_msgids(plan):
    with translation.override("en"):
        assert {"Responsible", "Hours", "Cost (SEK)", "End date", "Status"} <= set(report.columns())


def test_the_docx_has_headings_and_a_table(plan):
    from docx import Document

    document = Document(io.BytesIO(report.render(plan, "docx")))
    styles = {p.style.name for p in document.paragraphs}
    assert {"Title", "Heading 1", "Heading 2"} <= styles
    assert len(document.tables[1].rows) == 1 + 3  # after the summary table
    assert any("Exempeldata" in p.text for p in document.paragraphs)


def test_the_docx_is_fit_for_the_council(plan):
    """A4 with the municipality, a cover, a table of contents, and the summary per status."""
    from django.test import override_settings
    from docx import Document
    from docx.oxml.ns import qn

    with override_settings(RIKTNING_MUNICIPALITY_NAME="Exempelkommun"):
        document = Document(io.BytesIO(report.render(plan, "docx")))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert section.header.paragraphs[0].text == "Exempelkommun"
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Exempelkommun"
    assert document.paragraphs[1].style.name == "Title" and texts[1] == plan.title
    assert "Handlingsplan för 2025" in texts and "Utkast – inte antagen" in texts
    instructions = [e.text for e in document.element.body.iter(qn("w:instrText"))]
    assert any("TOC" in i for i in instructions)
    start = texts.index("Innehåll")
    assert texts[start + 1 : start + 6] == [
        "Sammanfattning",
        "Åtgärder",
        "Åtgärd 0",
        "Åtgärd 1",
        "Åtgärd 2",
    ]
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
    shown = report.rows(plan)[0][9]  # "Försenad" once the end date has passed, else "Planerad"
    assert shown in ("Planerad", "Försenad")
    assert rows == [
        ["Status", "Antal åtgärder", "Timmar", "Kostnad (kr)"],
        [shown, "3", "30", "3\u00a0000"],
        ["Totalt", "3", "30", "3\u00a0000"],
    ]


def test_references_by_id_latest_and_year(plan):
    assert report.resolve("latest") == plan
    assert report.resolve("2025") == plan
    assert report.resolve(str(plan.pk)) == plan
    for missing in ("2019", "9999999", "nonsense", ""):
        with pytest.raises(ReportNotFound):
            report.resolve(missing)


def test_the_command_writes_the_file(plan, tmp_path):
    assert get("actionplan").load() is report
    target = tmp_path / "p.xlsx"
    call_command("report", "actionplan", "latest", "--format", "xlsx", "-o", str(target))
    assert _sheet(target.read_bytes()).max_row == 4
