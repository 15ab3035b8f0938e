"""Spreadsheets for upload tests: made with openpyxl, or written as raw XML for what openpyxl
will not write (a NaN cell, 120,000 rows in a fraction of a second)."""

import io
import zipfile
from xml.sax.saxutils import escape

import openpyxl


def workbook(rows: list[list], number_formats: dict[str, str] | None = None) -> bytes:
    """An XLSX made by openpyxl; `number_formats` maps a cell (“F2”) to its format (“0.0%”)."""
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for cell, number_format in (number_formats or {}).items():
        sheet[cell].number_format = number_format
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def patched(data: bytes, old: bytes, new: bytes) -> bytes:
    """The workbook with `old` replaced by `new` in its first sheet's XML."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                assert old in content, f"{old!r} is not in the sheet"
                content = content.replace(old, new)
            target.writestr(info.filename, content)
    return out.getvalue()


_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Värden" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)


def _cell(column: str, row: int, value) -> str:
    if isinstance(value, str):
        return f'<c r="{column}{row}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'
    return f'<c r="{column}{row}"><v>{value}</v></c>'


def raw_workbook(rows) -> bytes:
    """A minimal XLSX written directly (inline strings, numbers as given), fast for any size."""
    lines = []
    for number, row in enumerate(rows, start=1):
        cells = "".join(_cell("ABCDEFG"[i], number, v) for i, v in enumerate(row))
        lines.append(f'<row r="{number}">{cells}</row>')
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        "<sheetData>" + "".join(lines) + "</sheetData></worksheet>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return out.getvalue()
