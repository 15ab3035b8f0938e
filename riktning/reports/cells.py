"""The one cell writer for every CSV and XLSX file Riktning writes.

Text that someone else typed (an activity reported through a personal link, a measure's title, a
name from an external source) must never become a live formula in the spreadsheet that opens the
file. OWASP's rule for CSV injection: a text cell starting with = + - @, a tab or a carriage
return is neutralised.

- **CSV**: such a cell is prefixed with a single quote ('), which Excel and LibreOffice show as
  text and never evaluate.
- **XLSX**: every text is written as a text cell, never a formula; such a cell is also marked
  "quote prefix", so it stays text when someone edits it in Excel. The text itself is unchanged.
  Characters an XLSX file cannot hold (control characters other than tab and line breaks) are
  left out instead of failing the whole export.

Numbers stay numbers, negative ones too: in CSV as numbers (with a decimal comma for Swedish
Excel), in XLSX as numeric cells (a `Decimal` as a float).

This module imports nothing of Riktning's, so every app may use it (docs/architecture.md).
"""

import csv
import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import TextIO

# What a spreadsheet may read as the start of a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

BOM = "\ufeff"


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def neutralise(text: str) -> str:
    """A CSV text cell as it is written: with a single quote in front when a spreadsheet would
    otherwise read it as a formula."""
    return f"'{text}" if is_formula_like(text) else text


def _is_number(value) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def decimal_comma(value: float | Decimal | None) -> str:
    """A number as Swedish Excel reads it: decimal comma, no thousands separator, no rounding, no
    exponent. A whole float without decimals ("12", not "12,0"); a `Decimal` with the places it
    has ("1500,00")."""
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return f"{value:f}".replace(".", ",")
    value = float(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = repr(value)
    if "e" in text:
        # 1e-07 → "0.0000001"; 1e+20 → "100000000000000000000"
        text = f"{Decimal(text):f}"
    return text.replace(".", ",")


def csv_cell(value, *, swedish: bool = True) -> str:
    """One CSV cell: nothing for None, a number as a number, any other value as neutralised
    text."""
    if value is None:
        return ""
    if _is_number(value):
        return decimal_comma(value) if swedish else str(value)
    return neutralise(str(value))


class CsvWriter:
    """Rows of cells to a text stream. `swedish` (the default) is what Excel opens correctly with
    Swedish settings: a byte order mark, semicolons, CRLF line ends and a decimal comma. Otherwise
    plain CSV: commas, LF, numbers as Python writes them (for scripts: `riktning export`)."""

    def __init__(self, out: TextIO, *, swedish: bool = True):
        self.swedish = swedish
        if swedish:
            out.write(BOM)
            self._writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        else:
            self._writer = csv.writer(out, lineterminator="\n")

    def writerow(self, values: Iterable) -> None:
        self._writer.writerow([csv_cell(value, swedish=self.swedish) for value in values])


def xlsx_cell(sheet, value):
    """One XLSX cell for `sheet.append`: text as a text cell (never a formula), a `Decimal` as a
    float; numbers, dates, booleans and None as openpyxl writes them."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell

    if isinstance(value, Decimal):
        return float(value)
    if value is None or isinstance(value, int | float | datetime.date | datetime.time):
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))  # str(): a lazy translation, say
    cell = Cell(sheet, value=text)
    cell.data_type = "s"  # openpyxl would make a formula of text starting with "="
    if is_formula_like(text):
        cell.quotePrefix = True
    return cell


def append_row(sheet, values: Iterable) -> None:
    """Append one row of cells to an openpyxl worksheet (see `xlsx_cell`)."""
    sheet.append([xlsx_cell(sheet, value) for value in values])
