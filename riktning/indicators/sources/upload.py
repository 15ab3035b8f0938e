"""Spreadsheet upload (CSV and XLSX) of survey and local data for one indicator.

Accepts what Swedish users' Excel produces: semicolons, commas or tabs between cells, decimal
commas, UTF-8 (with or without a BOM), Windows-1252, or UTF-16 with a BOM (Excel's “Unicode
text”), percent signs, spaces as thousands separators. Values, periods and area codes follow the
rules of `riktning.indicators.values`, the same for every source. Every row is checked before
anything is written, and every problem is reported at once (file, row, column, value, what is
wrong); a file that cannot be read at all is refused with the reason, and where it could see
them, the row and column. Row and column limits are checked while the file is read, so a
file far over them is refused at once.
"""

import codecs
import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from riktning.reports.cells import CsvWriter, append_row

from .. import values
from ..services import Problem, check_rows
from . import xlsx

MAX_BYTES = 5 * 1024 * 1024  # an upload larger than this is refused before it is opened
MAX_UNZIPPED = 50 * 1024 * 1024  # an XLSX that unpacks to more is a zip bomb
MAX_ROWS = 50_000  # rows with values below the headings
MAX_COLUMNS = 50  # the template has seven

# A CSV cell may be as long as the file; our own limit per cell (values.MAX_TEXT_CHARS) is then
# checked with the row and column. Without this the csv module stops at 131,072 characters
# with an error that names neither.
csv.field_size_limit(max(csv.field_size_limit(), MAX_BYTES + 1))

# Template columns, in order, and the spellings accepted for each (compared without accents).
COLUMNS = {
    "area": ("omrade", "omradeskod", "kod", "area", "kommunkod"),
    "area_name": ("omradesnamn", "namn", "kommun", "area name"),
    "period": ("period", "ar", "year", "omgang"),
    "gender": ("kon", "gender"),
    "breakdown": ("nedbrytning", "arskurs", "breakdown", "school year"),
    "value": ("varde", "value"),
    "status": ("status",),
}
TEMPLATE_HEADERS = ["område", "områdesnamn", "period", "kön", "nedbrytning", "värde", "status"]
REQUIRED = ("area", "period", "value")

GENDERS = {
    "t": "T",
    "totalt": "T",
    "total": "T",
    "alla": "T",
    "k": "K",
    "kvinnor": "K",
    "flickor": "K",
    "flicka": "K",
    "tjejer": "K",
    "m": "M",
    "man": "M",
    "pojkar": "M",
    "pojke": "M",
    "killar": "M",
}
BREAKDOWNS = {
    "": "",
    "ak6": "ak6",
    "6": "ak6",
    "arskurs6": "ak6",
    "ak9": "ak9",
    "9": "ak9",
    "arskurs9": "ak9",
    "gy2": "gy2",
    "gymnasietar2": "gy2",
    "gymnasiet2": "gy2",
    "ar2": "gy2",
    "gymnasiearskurs2": "gy2",
}
STATUSES = {
    "": "final",
    "slutlig": "final",
    "final": "final",
    "preliminar": "preliminary",
    "preliminary": "preliminary",
    "prel": "preliminary",
}
# What a file that is not a text file begins with, and what it then is.
SIGNATURES = (
    (b"PK\x03\x04", "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
    (b"%PDF", "pdf"),
    (b"\x89PNG", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"GIF8", "image"),
)


def _plain(text: str) -> str:
    """Lower case, no accents, no spaces or dots: “Årskurs 6” → “arskurs6”."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[\s._]+", "", text.lower())


@dataclass
class Parsed:
    rows: list[tuple] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    line_numbers: list[int] = field(default_factory=list)


class FileRefused(Exception):
    """The file cannot be read as a table; `problems` say why (and where, if known)."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


# --- reading a file into rows of cells --------------------------------------------------------


def _blank(cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def read_rows(data: bytes, filename: str) -> Iterator[tuple[int, list]]:
    """(row number, cells) for each row of the file, the headings first, as the file is read.
    Raises FileRefused for a file that is empty, too large, of the wrong kind, not decodable,
    damaged, or over the row or column limits."""
    where = filename
    if not data:
        raise FileRefused([Problem(_("the file is empty"), where=where)])
    if len(data) > MAX_BYTES:
        raise FileRefused(
            [
                Problem(
                    _("the file is larger than %(mb)s MB") % {"mb": MAX_BYTES // (1024 * 1024)},
                    where=where,
                )
            ]
        )
    if filename.lower().endswith(".xlsx"):
        return _xlsx_rows(data, where)
    return _csv_rows(data, where)


def _too_many_rows(where: str) -> FileRefused:
    return FileRefused(
        [
            Problem(
                _("the file has more than %(n)s rows") % {"n": values.swedish_number(MAX_ROWS)},
                where=where,
            )
        ]
    )


def _xlsx_rows(data: bytes, where: str) -> Iterator[tuple[int, list]]:
    not_a_spreadsheet = FileRefused(
        [Problem(_("the file is not an Excel spreadsheet (XLSX)"), where=where)]
    )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        unpacked = sum(info.file_size for info in archive.infolist())
    except (*xlsx.ZIP_ERRORS, ValueError):
        raise not_a_spreadsheet from None
    if unpacked > MAX_UNZIPPED:
        raise FileRefused(
            [Problem(_("the spreadsheet unpacks to too much data (a zip bomb?)"), where=where)]
        )
    try:
        book = xlsx.Workbook(archive)
        if book.count_rows(MAX_ROWS + 1) > MAX_ROWS + 1:
            raise _too_many_rows(where)
    except xlsx.SheetRefused as refused:
        raise FileRefused([Problem(refused.message, row=refused.row, where=where)]) from None
    except xlsx.ZIP_ERRORS:
        raise not_a_spreadsheet from None
    return _stream_xlsx(book, where)


def _stream_xlsx(book: "xlsx.Workbook", where: str) -> Iterator[tuple[int, list]]:
    try:
        yield from book.rows(MAX_ROWS + 1, MAX_COLUMNS)
    except xlsx.TooManyRows:
        raise _too_many_rows(where) from None
    except xlsx.SheetRefused as refused:
        column = get_column_letter(min(refused.column, 16384)) if refused.column else ""
        raise FileRefused(
            [Problem(refused.message, row=refused.row, column=column, where=where)]
        ) from None
    except xlsx.ZIP_ERRORS:
        raise FileRefused(
            [Problem(_("the spreadsheet is damaged and cannot be read"), where=where)]
        ) from None


def _delimiter(first_line: str) -> str:
    """The separator of a CSV file: the one of ; tab , that its heading line uses most."""
    counts = {d: first_line.count(d) for d in (";", "\t", ",")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ";"


def _locate(text_before: str, headings_line: str) -> tuple[int, str]:
    """The row and column (heading, or letter) of a place in a CSV file, given its text up to
    that place: the text is read as CSV up to a marker at that place, so quoted separators and
    line breaks inside quotes count as the reader counts them."""
    delimiter = _delimiter(headings_line)
    marked = text_before + "\x01"
    try:
        records = list(csv.reader(io.StringIO(marked, newline=""), delimiter=delimiter))
        headings = next(csv.reader([headings_line], delimiter=delimiter), [])
    except csv.Error:
        records = [line.split(delimiter) for line in marked.splitlines()]
        headings = headings_line.split(delimiter)
    position = len(records[-1]) - 1
    heading = headings[position].strip() if position < len(headings) else ""
    if not heading.isprintable():  # the heading line itself is not text (a NUL, a binary)
        heading = ""
    return len(records), heading[:80] or get_column_letter(min(position + 1, 16384))


def _decode(data: bytes, where: str) -> str:
    """The text of a CSV file: UTF-8 (BOM or not), UTF-16 with a BOM, else Windows-1252.
    Raises FileRefused naming the row and column of the first byte that is none of these."""
    for signature, kind in SIGNATURES:
        if data.startswith(signature):
            messages = {
                "zip": _(
                    "the file is a zip archive, such as an Excel workbook, not CSV: upload a "
                    "workbook with the ending .xlsx, or save the file as CSV"
                ),
                "ole": _(
                    "the file is an older Excel workbook (.xls) or another Office file, not "
                    "CSV: save it as CSV or as an Excel workbook (.xlsx)"
                ),
                "pdf": _("the file is a PDF, not CSV"),
                "image": _("the file is a picture, not CSV"),
            }
            raise FileRefused([Problem(messages[kind], where=where)])
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]
        wrong = _(
            "the file says it is UTF-16 text (it begins with a byte order mark) but is damaged here"
        )
    elif data.startswith(codecs.BOM_UTF8):
        # Not "utf-8-sig": its errors count bytes from after the BOM.
        data = data[len(codecs.BOM_UTF8) :]
        encodings = ["utf-8"]
        wrong = _(
            "the file says it is UTF-8 (it begins with a byte order mark) but this byte is not "
            "UTF-8: save the file as “CSV UTF-8”"
        )
    else:
        encodings = ["utf-8", "cp1252"]
        wrong = _(
            "this byte is a character neither in UTF-8 nor in Windows-1252: the file is not a "
            "text file, or is in another encoding; save it as “CSV UTF-8”"
        )
    for encoding in encodings:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError as error:
            failure = error
    else:
        encoding = encodings[-1]
        before = data[: failure.start].decode(encoding, errors="replace")
        row, column = _locate(before.lstrip("\ufeff"), _first_line(data, encodings))
        byte = data[failure.start : failure.start + 1].hex().upper()
        raise FileRefused([Problem(wrong, row=row, column=column, value=f"0x{byte}", where=where)])
    text = text.lstrip("\ufeff")
    nul = text.find("\x00")
    if nul >= 0:
        first_line = text[:4096].splitlines()[0] if text[:4096].splitlines() else ""
        row, column = _locate(text[:nul], first_line)
        raise FileRefused(
            [
                Problem(
                    _(
                        "the file holds a NUL character (0x00), which text does not: it is not "
                        "a text file, or is UTF-16 without a byte order mark; save it as “CSV "
                        "UTF-8”"
                    ),
                    row=row,
                    column=column,
                    value="0x00",
                    where=where,
                )
            ]
        )
    return text


def _first_line(data: bytes, encodings: list[str]) -> str:
    """The heading line of a file that does not decode as a whole, for naming a column: in the
    first of `encodings` it decodes in (a file can be UTF-8 but for one stray byte)."""
    head = data[:4096]
    for encoding in encodings:
        try:
            lines = head.decode(encoding, errors="strict").lstrip("\ufeff").splitlines()
            return lines[0] if lines else ""
        except UnicodeDecodeError as error:
            if b"\n" in head[: error.start]:  # the stray byte is below the heading line
                lines = head[: error.start].decode(encoding, errors="replace").splitlines()
                return lines[0].lstrip("\ufeff") if lines else ""
    return head.decode(encodings[-1], errors="replace").lstrip("\ufeff").split("\n")[0]


def _csv_rows(data: bytes, where: str) -> Iterator[tuple[int, list]]:
    text = _decode(data, where)
    if not text.strip():
        raise FileRefused([Problem(_("the file is empty"), where=where)])
    first_line = text[: text.find("\n") if "\n" in text else 4096].rstrip("\r")
    delimiter = _delimiter(first_line)
    # A quick count before any cell is checked, so that a file far over the limit is refused
    # at once; only when the file has more lines than rows allowed (blank lines and line
    # breaks inside quotes do not count as rows).
    if text.count("\n") + text.count("\r") > MAX_ROWS + 1:
        rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            with_values = sum(1 for row in rows if any(cell.strip() for cell in row))
        except csv.Error:
            with_values = 0  # the reading pass below names the row
        if with_values > MAX_ROWS + 1:
            raise _too_many_rows(where)
    return _stream_csv(text, delimiter, where)


def _stream_csv(text: str, delimiter: str, where: str) -> Iterator[tuple[int, list]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = with_values = 0
    try:
        for row in reader:
            number += 1
            if not all(_blank(cell) for cell in row):
                with_values += 1
                if with_values > MAX_ROWS + 1:
                    raise _too_many_rows(where)
            if len(row) > MAX_COLUMNS:
                extra = next(
                    (i for i in range(len(row) - 1, MAX_COLUMNS - 1, -1) if not _blank(row[i])),
                    None,
                )
                if extra is not None:
                    raise FileRefused(
                        [
                            Problem(
                                _("the file has more than %(max)s columns") % {"max": MAX_COLUMNS},
                                row=number,
                                column=get_column_letter(min(extra + 1, 16384)),
                                where=where,
                            )
                        ]
                    )
                del row[MAX_COLUMNS:]
            yield number, row
    except csv.Error:
        raise FileRefused(
            [Problem(_("the row cannot be read as CSV"), row=number + 1, where=where)]
        ) from None


# --- checking the rows ------------------------------------------------------------------------


def parse_upload(data: bytes, filename: str, indicator) -> Parsed:
    """Check a whole file of values for `indicator`; all problems are collected, nothing written."""
    try:
        return _parse_rows(read_rows(data, filename), filename, indicator)
    except FileRefused as refused:
        return Parsed(problems=refused.problems)


def _parse_rows(rows: Iterator[tuple[int, list]], filename: str, indicator) -> Parsed:
    result = Parsed()
    allowed = values.value_range(indicator.unit)
    headers: list[str] = []
    index: dict[str, int] = {}
    header_problems: list[Problem] = []
    started = False
    for number, row in rows:
        if not started:
            started = True
            if number == 1:
                headers = _headers(row, filename, header_problems)
                index = _columns(headers, filename, header_problems)
                continue
            index = _columns([], filename, header_problems)
        if header_problems or all(_blank(cell) for cell in row):
            continue  # the file is still read to the end for its limits, but not checked
        _parse_row(result, number, row, headers, index, allowed, indicator, filename)
    if not started:
        result.problems.append(Problem(_("the file is empty"), where=filename))
        return result
    if header_problems:
        result.problems = header_problems
        result.rows = []
        return result
    if not result.rows and not result.problems:
        result.problems.append(Problem(_("the file has headers but no values"), where=filename))
        return result
    # The generic checks (known area, duplicates) speak of positions in the list of rows:
    # translate them to the file's row numbers and columns.
    for problem in check_rows(result.rows):
        if problem.row is not None:
            problem.row = result.line_numbers[problem.row - 1]
        if problem.field in index:
            problem.column = _column_name(headers, index[problem.field])
        problem.where = filename
        result.problems.append(problem)
    result.problems.sort(key=lambda p: p.row or 0)
    if result.problems:
        result.rows = []
    return result


def _column_name(headers: list[str], position: int) -> str:
    header = headers[position] if position < len(headers) else ""
    return header[:80] or get_column_letter(position + 1)


def _headers(row: list, filename: str, problems: list[Problem]) -> list[str]:
    headers = []
    for position, cell in enumerate(row):
        try:
            headers.append(values.parse_text(cell).strip())
        except values.Refused as refused:
            problems.append(
                Problem(
                    refused.message,
                    row=1,
                    column=get_column_letter(position + 1),
                    value=cell,
                    where=filename,
                )
            )
            headers.append("")
    return headers


def _columns(headers: list[str], filename: str, problems: list[Problem]) -> dict[str, int]:
    index: dict[str, int] = {}
    for position, header in enumerate(headers):
        if not header:
            continue
        key = next((k for k, names in COLUMNS.items() if _plain(header) in names), None)
        if key is None:
            problems.append(
                Problem(
                    _("unknown column; expected %(cols)s") % {"cols": ", ".join(TEMPLATE_HEADERS)},
                    row=1,
                    column=header[:80],
                    where=filename,
                )
            )
        elif key in index:
            problems.append(
                Problem(_("the column occurs twice"), row=1, column=header[:80], where=filename)
            )
        else:
            index[key] = position
    for key in REQUIRED:
        if key not in index:
            name = TEMPLATE_HEADERS[list(COLUMNS).index(key)]
            problems.append(Problem(_("the column is missing"), row=1, column=name, where=filename))
    return index


def _parse_row(result, number, row, headers, index, allowed, indicator, filename) -> None:
    """Check one row of values; append its tidy row, or its problems, to `result`."""
    bad = len(result.problems)
    unusable: set[int] = set()

    def flag(message, position, value) -> None:
        """A problem in one cell: the file, the row, the column, the value."""
        result.problems.append(
            Problem(
                message,
                row=number,
                column=_column_name(headers, position),
                value=value,
                where=filename,
            )
        )

    for position, cell in enumerate(row):  # every cell, also those of no known column
        if isinstance(cell, str):
            try:
                values.check_plain_text(cell)
            except values.Refused as refused:
                flag(refused.message, position, cell)
                unusable.add(position)

    def parsed(key, parse, default=""):
        position = index.get(key)
        if position is None:
            return parse(default)
        raw = row[position] if position < len(row) else ""
        if position in unusable:
            return None
        try:
            return parse(raw)
        except values.Refused as refused:
            flag(refused.message, position, raw)
            return None

    area = parsed("area", values.parse_area_code)
    period = parsed("period", values.parse_period)
    gender = breakdown = status = None
    raw_gender = parsed("gender", values.parse_text, "T")
    if raw_gender is not None:
        gender = GENDERS.get(_plain(raw_gender or "T"))
        if gender is None:
            flag(_("gender must be T (total), K (girls) or M (boys)"), index["gender"], raw_gender)
        elif gender != "T" and not indicator.gender_split:
            flag(_("this indicator is not split by gender; use T"), index["gender"], raw_gender)
    raw_breakdown = parsed("breakdown", values.parse_text)
    if raw_breakdown is not None:
        breakdown = BREAKDOWNS.get(_plain(raw_breakdown))
        if breakdown is None:
            flag(_("unknown breakdown; use åk 6, åk 9 or gy 2"), index["breakdown"], raw_breakdown)
    value = parsed("value", lambda raw: values.check_value(values.parse_number(raw), allowed))
    raw_status = parsed("status", values.parse_text)
    if raw_status is not None:
        status = STATUSES.get(_plain(raw_status))
        if status is None:
            flag(_("status must be “slutlig” or “preliminär”"), index["status"], raw_status)
    if len(result.problems) == bad:
        result.rows.append((indicator.pk, area, period, gender, breakdown, value, status))
        result.line_numbers.append(number)


BREAKDOWN_LABELS = {"": "", "ak6": "åk 6", "ak9": "åk 9", "gy2": "gy 2"}
STATUS_LABELS = {"final": "slutlig", "preliminary": "preliminär"}
TemplateValues = dict[tuple[str, int, str, str], tuple[float | None, str]]


@dataclass
class Template:
    """What a template for one indicator holds: areas, periods and the values already stored
    (so that a template sent back unchanged changes nothing)."""

    area_codes: list[str]
    periods: list[int]
    values: TemplateValues = field(default_factory=dict)


def template_for(indicator, home_area_code: str, today=None) -> Template:
    """The template an official fills in: the home municipality (and, for a survey, the
    indicator's comparison areas), every period with a value plus last year, every gender and
    breakdown the indicator has, with the stored values filled in."""
    from django.utils import timezone

    from ..constants import SourceKind
    from ..models import Area, Observation

    wanted = [home_area_code]
    if indicator.source_kind == SourceKind.SURVEY:
        wanted += [c for c in indicator.comparison_area_codes if c != home_area_code]
    known = set(Area.objects.filter(code__in=wanted).values_list("code", flat=True))
    area_codes = [c for c in wanted if c in known]
    values: TemplateValues = {
        (area, period, gender, breakdown): (value, status)
        for area, period, gender, breakdown, value, status in Observation.objects.filter(
            indicator=indicator, area_code__in=area_codes
        ).values_list("area_code", "period", "gender", "breakdown", "value", "status")
    }
    last_year = (today or timezone.localdate()).year - 1
    periods = sorted({period for _area, period, _g, _b in values} | {last_year})
    return Template(area_codes, periods, values)


def _template_rows(indicator, template: Template):
    """Header row, then one row per area × period × gender × breakdown (value: a float or None)."""
    from ..models import Area

    names = dict(Area.objects.filter(code__in=template.area_codes).values_list("code", "title"))
    genders = ["T", "K", "M"] if indicator.gender_split else ["T"]
    breakdowns = ["ak6", "ak9", "gy2"] if indicator.breakdowns else [""]
    yield TEMPLATE_HEADERS
    for code in template.area_codes:
        for period in template.periods:
            for gender in genders:
                for breakdown in breakdowns:
                    value, status = template.values.get(
                        (code, period, gender, breakdown), (None, "final")
                    )
                    yield [
                        code,
                        names.get(code, ""),
                        period,
                        gender,
                        BREAKDOWN_LABELS.get(breakdown, breakdown),
                        value,
                        STATUS_LABELS.get(status, "slutlig"),
                    ]


def template_csv(
    indicator, area_codes: list[str], periods: list[int], values: TemplateValues | None = None
) -> str:
    """A template to fill in: one row per area × period × gender × breakdown, values empty
    unless `values` has them. Semicolons, decimal commas and a BOM, so Excel opens it in
    Swedish settings."""
    template = Template(area_codes, periods, values or {})
    out = io.StringIO()
    writer = CsvWriter(out)
    for row in _template_rows(indicator, template):
        writer.writerow(row)
    return out.getvalue()


def template_xlsx(indicator, template: Template) -> bytes:
    """The same template as an Excel workbook. Area codes are text cells, so Excel keeps their
    leading zeros (0012); gender and status cells offer their allowed values in a list."""
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Värden"
    count = 0
    for count, row in enumerate(_template_rows(indicator, template)):
        append_row(sheet, row)
        if count:
            sheet.cell(row=count + 1, column=1).number_format = "@"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCDEFG", (10, 28, 8, 6, 13, 10, 12), strict=True):
        sheet.column_dimensions[letter].width = width
    last = max(count + 1, 2)
    genders = '"T,K,M"' if indicator.gender_split else '"T"'
    for column, choices in (("D", genders), ("G", '"slutlig,preliminär"')):
        validation = DataValidation(type="list", formula1=choices, allow_blank=True)
        validation.add(f"{column}2:{column}{last}")
        sheet.add_data_validation(validation)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
