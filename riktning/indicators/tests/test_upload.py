"""Spreadsheet upload: Swedish Excel habits are accepted, bad files are refused with every
problem named (row, column, value), and nothing is written until the user confirms."""

import io
import zipfile

import openpyxl
import pytest

from riktning.indicators.constants import BatchSource, SourceKind
from riktning.indicators.models import Observation
from riktning.indicators.services import record_observations
from riktning.indicators.sources import upload
from riktning.indicators.store import preview
from riktning.strategy.tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    return IndicatorFactory(
        title="Andel pojkar och flickor som är trygga i sitt bostadsområde",
        source_kind=SourceKind.SURVEY,
        breakdowns="årskurs 6, årskurs 9, gymnasiet år 2",
    )


SWEDISH_CSV = (
    "område;områdesnamn;period;kön;nedbrytning;värde;status\r\n"
    "1287;Trelleborg;2021;Flickor;åk 9;71,3 %;slutlig\r\n"
    "1287;Trelleborg;2021;Pojkar;åk 9;68,0%;preliminär\r\n"
    "0012;Region Skåne;2021;T;Årskurs 6;1 234,5;\r\n"
    "0012;Region Skåne;2016;T;åk 6;..;\r\n"
)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252", "utf-8"])
def test_a_swedish_excel_csv_is_read(survey, encoding):
    parsed = upload.parse_upload(SWEDISH_CSV.encode(encoding), "enkat.csv", survey)
    assert parsed.problems == []
    assert parsed.rows == [
        (survey.pk, "1287", 2021, "K", "ak9", 71.3, "final"),
        (survey.pk, "1287", 2021, "M", "ak9", 68.0, "preliminary"),
        (survey.pk, "0012", 2021, "T", "ak6", 1234.5, "final"),
        (survey.pk, "0012", 2016, "T", "ak6", None, "final"),
    ]


def test_an_xlsx_with_numbers_and_text_cells_is_read(survey):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Område", "Period", "Kön", "Årskurs", "Värde"])
    sheet.append([1287, 2021, "K", "åk 9", 0.713])
    sheet.append([12, 2021, "M", "9", "68,5"])  # Excel dropped the leading zeros of 0012
    data = io.BytesIO()
    book.save(data)
    parsed = upload.parse_upload(data.getvalue(), "enkat.xlsx", survey)
    assert parsed.problems == []
    assert [r[1:] for r in parsed.rows] == [
        ("1287", 2021, "K", "ak9", 0.713, "final"),
        ("0012", 2021, "M", "ak9", 68.5, "final"),
    ]


def test_every_problem_is_reported_at_once_with_row_column_and_value(survey):
    text = (
        "område;period;kön;nedbrytning;värde\n"
        "1287;2021;K;åk 9;sjuttio\n"
        "9999;2021;K;åk 9;70\n"
        "1287;tjugo;X;åk 7;70\n"
        "1287;2016;K;åk 9;70\n"
        "1287;2016;K;åk 9;71\n"
    )
    parsed = upload.parse_upload(text.encode(), "fel.csv", survey)
    described = [str(p) for p in parsed.problems]
    assert len(parsed.problems) == 6, described
    assert parsed.rows == []
    first = parsed.problems[0]
    assert (first.row, first.column, first.value) == (2, "värde", "sjuttio")
    assert any(p.row == 3 and p.value == "9999" for p in parsed.problems)
    assert {p.row for p in parsed.problems if p.row == 4} == {4}
    assert any(p.row == 6 for p in parsed.problems), "the duplicate of row 5 is named"
    assert all(p.where == "fel.csv" for p in parsed.problems)


@pytest.mark.parametrize(
    "content, message",
    [
        ("värde;period\n70;2021\n", "kolumn ”område”: kolumnen saknas"),
        ("område;period;värde;färg\n1287;2021;70;blå\n", "okänd kolumn"),
        ("", "filen är tom"),
        ("område;period;värde\n", "inga värden"),
    ],
)
def test_a_file_with_wrong_columns_or_no_rows_is_refused(survey, content, message):
    parsed = upload.parse_upload(content.encode(), "fil.csv", survey)
    assert parsed.rows == []
    assert message in " ".join(str(p) for p in parsed.problems)


def test_a_file_over_the_size_limit_is_refused_unread(survey):
    parsed = upload.parse_upload(b"x" * (upload.MAX_BYTES + 1), "stor.csv", survey)
    assert "större än 5 MB" in str(parsed.problems[0])


def test_an_xlsx_that_is_not_a_spreadsheet_is_refused(survey):
    parsed = upload.parse_upload(b"%PDF-1.7 not a zip", "fel.xlsx", survey)
    assert "inte ett Excel-kalkylblad" in str(parsed.problems[0])
    other_zip = io.BytesIO()
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("hello.txt", "hej")
    parsed = upload.parse_upload(other_zip.getvalue(), "fel.xlsx", survey)
    assert "inte ett Excel-kalkylblad" in str(parsed.problems[0])


def test_a_zip_bomb_is_refused_before_it_is_unpacked(survey):
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b"<a/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (upload.MAX_UNZIPPED + 1))
    assert len(bomb.getvalue()) < upload.MAX_BYTES
    parsed = upload.parse_upload(bomb.getvalue(), "bomb.xlsx", survey)
    assert "packas upp till för mycket data" in str(parsed.problems[0])


def test_the_preview_says_what_an_upload_would_change_and_writes_nothing(survey):
    parsed = upload.parse_upload(SWEDISH_CSV.encode(), "enkat.csv", survey)
    record_observations([parsed.rows[:2]], source=BatchSource.UPLOAD)
    changed = list(parsed.rows)
    changed[0] = changed[0][:5] + (72.0, "final")
    counts = preview(changed)
    assert (counts.added, counts.changed, counts.unchanged) == (2, 1, 1)
    assert Observation.objects.count() == 2


def test_the_template_lists_every_area_period_gender_and_school_year(survey):
    text = upload.template_csv(survey, ["1287", "0012"], [2016, 2021])
    assert text.startswith("\ufeffområde;områdesnamn;period;kön;nedbrytning;värde;status")
    lines = text.strip().splitlines()
    assert len(lines) == 1 + 2 * 2 * 3 * 3
    assert "1287;Trelleborg;2016;K;åk 9;;slutlig" in lines
    # and a filled-in template is accepted as it is
    filled = text.replace(";;slutlig", ";50;slutlig")
    assert upload.parse_upload(filled.encode("utf-8"), "mall.csv", survey).problems == []
