"""The one cell writer: OWASP's CSV-injection rule for every text cell, numbers kept numbers."""

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from riktning.reports.cells import CsvWriter, append_row, csv_cell, decimal_comma


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_text_a_spreadsheet_would_read_as_a_formula_gets_a_quote_in_csv(start):
    assert csv_cell(f"{start}1+1") == f"'{start}1+1"


@pytest.mark.parametrize("text", ["Läxhjälp", "0012", "1-1", " =1", "'quoted", "", "a=b"])
def test_other_text_is_written_as_it_is(text):
    assert csv_cell(text) == text


@pytest.mark.parametrize(
    ("value", "swedish", "plain"),
    [
        (-1.5, "-1,5", "-1.5"),
        (-3, "-3", "-3"),
        (12.0, "12", "12.0"),
        (0.1, "0,1", "0.1"),
        (1e-07, "0,0000001", "1e-07"),
        (1e20, "100000000000000000000", "1e+20"),
        (Decimal("-1500.00"), "-1500,00", "-1500.00"),
        (None, "", ""),
    ],
)
def test_numbers_stay_numbers_negative_ones_too(value, swedish, plain):
    assert csv_cell(value) == swedish
    assert csv_cell(value, swedish=False) == plain


def test_decimal_comma_never_writes_an_exponent():
    assert "e" not in decimal_comma(1.5e-12).lower()
    assert decimal_comma(1.5e-12) == "0,0000000000015"


def test_the_swedish_csv_has_a_bom_semicolons_and_crlf():
    out = io.StringIO()
    writer = CsvWriter(out)
    writer.writerow(["=1+1", -2.5, datetime.date(2025, 1, 31)])
    assert out.getvalue() == "\ufeff'=1+1;-2,5;2025-01-31\r\n"


def test_xlsx_text_is_never_a_formula_and_numbers_and_dates_keep_their_type():
    book = Workbook()
    sheet = book.active
    append_row(
        sheet,
        ["=1+1", "+A1", "vanlig text", -1.5, Decimal("2.50"), 7, datetime.date(2025, 1, 31)],
    )
    out = io.BytesIO()
    book.save(out)
    row = next(load_workbook(io.BytesIO(out.getvalue())).active.iter_rows())
    assert [(c.value, c.data_type) for c in row[:6]] == [
        ("=1+1", "s"),
        ("+A1", "s"),
        ("vanlig text", "s"),
        (-1.5, "n"),
        (2.5, "n"),
        (7, "n"),
    ]
    assert [c.quotePrefix for c in row[:3]] == [True, True, False]
    assert row[6].value.date() == datetime.date(2025, 1, 31)


def test_xlsx_leaves_out_characters_a_workbook_cannot_hold():
    book = Workbook()
    append_row(book.active, ["a\x00b\x07c\td\ne"])
    assert book.active["A1"].value == "abc\td\ne"


def test_every_csv_and_xlsx_writer_goes_through_the_cell_writer():
    """A new export that writes rows itself would skip the neutralising: refuse it here."""
    from pathlib import Path

    package = Path(__file__).resolve().parents[2]
    bypassing = []
    for path in package.rglob("*.py"):
        if "tests" in path.parts or path.name == "cells.py":
            continue
        source = path.read_text(encoding="utf-8")
        if "csv.writer(" in source or "csv.DictWriter(" in source:
            bypassing.append(f"{path.relative_to(package)}: csv.writer")
        if "Workbook(" in source and "append_row" not in source:
            bypassing.append(f"{path.relative_to(package)}: a Workbook without append_row")
    assert bypassing == []
