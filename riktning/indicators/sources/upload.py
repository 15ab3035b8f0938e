"""Spreadsheet upload (CSV and XLSX) of survey and local data for one indicator.

Accepts what Swedish users' Excel produces: semicolon separators, decimal commas, a UTF-8 BOM or
Windows-1252, percent signs, spaces as thousands separators. Every row is checked before anything
is written, and every problem is reported at once (row, column, value, what is wrong).
"""

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from riktning.reports.cells import CsvWriter, append_row

from ..services import Problem, check_rows

MAX_BYTES = 5 * 1024 * 1024  # an upload larger than this is refused before it is opened
MAX_UNZIPPED = 50 * 1024 * 1024  # an XLSX that unpacks to more is a zip bomb
MAX_ROWS = 50_000

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
MISSING = {"", "..", "-", "–", "saknas"}


def _plain(text: str) -> str:
    """Lower case, no accents, no spaces or dots: “Årskurs 6” → “arskurs6”."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[\s._]+", "", text.lower())


@dataclass
class Parsed:
    rows: list[tuple] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    line_numbers: list[int] = field(default_factory=list)


def parse_number(text) -> float | None:
    """“71,3 %”, “1 234,5”, “0.25”, 12 → float; empty or “..” → None; else ValueError."""
    if text is None:
        return None
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return float(text)
    cleaned = str(text).strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if cleaned.lower() in MISSING:
        return None
    cleaned = cleaned.rstrip("%").strip()
    if "," in cleaned and "." in cleaned:  # 1.234,5 (thousands dots) → 1234.5
        cleaned = cleaned.replace(".", "")
    cleaned = cleaned.replace(",", ".").replace("−", "-")
    if not re.fullmatch(r"-?\d+(\.\d+)?", cleaned):
        raise ValueError(text)
    return float(cleaned)


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def read_table(data: bytes, filename: str) -> tuple[list[list], list[Problem]]:
    """The file's cells as rows of values (first row = headers), or the problem with the file."""
    where = filename
    if not data:
        return [], [Problem(_("the file is empty"), where=where)]
    if len(data) > MAX_BYTES:
        return [], [
            Problem(
                _("the file is larger than %(mb)s MB") % {"mb": MAX_BYTES // (1024 * 1024)},
                where=where,
            )
        ]
    if filename.lower().endswith(".xlsx"):
        return _read_xlsx(data, where)
    text = _decode(data)
    if not text.strip():
        return [], [Problem(_("the file is empty"), where=where)]
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)], []


def _read_xlsx(data: bytes, where: str) -> tuple[list[list], list[Problem]]:
    not_a_spreadsheet = [Problem(_("the file is not an Excel spreadsheet (XLSX)"), where=where)]
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        unpacked = sum(info.file_size for info in archive.infolist())
        names = set(archive.namelist())
    except zipfile.BadZipFile:
        return [], not_a_spreadsheet
    if unpacked > MAX_UNZIPPED:
        return [], [
            Problem(_("the spreadsheet unpacks to too much data (a zip bomb?)"), where=where)
        ]
    if "xl/workbook.xml" not in names:
        return [], not_a_spreadsheet
    import openpyxl  # defusedxml is installed, so openpyxl parses the XML safely

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a broken file
        return [], not_a_spreadsheet
    sheet = workbook.worksheets[0]
    rows = []
    for row in sheet.iter_rows(values_only=True):
        rows.append(["" if cell is None else cell for cell in row])
        if len(rows) > MAX_ROWS + 1:
            break
    workbook.close()
    return rows, []


def parse_upload(data: bytes, filename: str, indicator) -> Parsed:
    """Check a whole file of values for `indicator`; all problems are collected, nothing written."""
    result = Parsed()
    table, problems = read_table(data, filename)
    if problems:
        result.problems = problems
        return result
    while table and not any(str(c).strip() for c in table[-1]):
        table.pop()
    if not table:
        result.problems.append(Problem(_("the file is empty"), where=filename))
        return result
    if len(table) > MAX_ROWS + 1:
        result.problems.append(
            Problem(_("the file has more than %(n)s rows") % {"n": MAX_ROWS}, where=filename)
        )
        return result
    headers = [str(h).strip() for h in table[0]]
    index: dict[str, int] = {}
    for position, header in enumerate(headers):
        if not header:
            continue
        key = next((k for k, names in COLUMNS.items() if _plain(header) in names), None)
        if key is None:
            result.problems.append(
                Problem(
                    _("unknown column; expected %(cols)s") % {"cols": ", ".join(TEMPLATE_HEADERS)},
                    row=1,
                    column=header,
                    where=filename,
                )
            )
        elif key in index:
            result.problems.append(
                Problem(_("the column occurs twice"), row=1, column=header, where=filename)
            )
        else:
            index[key] = position
    for key in REQUIRED:
        if key not in index:
            name = TEMPLATE_HEADERS[
                ["area", "area_name", "period", "gender", "breakdown", "value", "status"].index(key)
            ]
            result.problems.append(
                Problem(_("the column is missing"), row=1, column=name, where=filename)
            )
    if result.problems:
        return result
    if len(table) == 1:
        result.problems.append(Problem(_("the file has headers but no values"), where=filename))
        return result

    def cell(row, key):
        position = index.get(key)
        return row[position] if position is not None and position < len(row) else ""

    def flag(message, key, value) -> None:
        """A problem in one cell of the current row: the file, the row, the column, the value."""
        result.problems.append(
            Problem(message, row=number, column=headers[index[key]], value=value, where=filename)
        )

    for number, row in enumerate(table[1:], start=2):
        if not any(str(c).strip() for c in row):
            continue
        bad = len(result.problems)
        area = str(cell(row, "area")).strip()
        if isinstance(cell(row, "area"), (int, float)):  # Excel drops leading zeros: 12 → 0012
            area = f"{int(cell(row, 'area')):04d}"
        if not area:
            flag(_("an area code is needed"), "area", "")
        raw_period = cell(row, "period")
        try:
            period = int(float(str(raw_period).strip().replace(",", ".")))
            if not 1900 <= period <= 2100:
                raise ValueError
        except ValueError:
            flag(_("the period must be a year, e.g. 2021"), "period", raw_period)
            period = 0
        raw_gender = cell(row, "gender") if "gender" in index else "T"
        gender = GENDERS.get(_plain(raw_gender or "T"))
        if gender is None:
            flag(_("gender must be T (total), K (girls) or M (boys)"), "gender", raw_gender)
        elif gender != "T" and not indicator.gender_split:
            flag(_("this indicator is not split by gender; use T"), "gender", raw_gender)
        raw_breakdown = cell(row, "breakdown") if "breakdown" in index else ""
        breakdown = BREAKDOWNS.get(_plain(raw_breakdown))
        if breakdown is None:
            flag(_("unknown breakdown; use åk 6, åk 9 or gy 2"), "breakdown", raw_breakdown)
        raw_value = cell(row, "value")
        try:
            value = parse_number(raw_value)
        except ValueError:
            flag(_("not a number"), "value", raw_value)
            value = None
        raw_status = cell(row, "status") if "status" in index else ""
        status = STATUSES.get(_plain(raw_status))
        if status is None:
            flag(_("status must be “slutlig” or “preliminär”"), "status", raw_status)
        if len(result.problems) == bad:
            result.rows.append((indicator.pk, area, period, gender, breakdown, value, status))
            result.line_numbers.append(number)
    # The generic checks (known area, duplicates) speak of positions in the list of rows:
    # translate them to the file's row numbers.
    for problem in check_rows(result.rows):
        if problem.row is not None:
            problem.row = result.line_numbers[problem.row - 1]
        problem.where = filename
        result.problems.append(problem)
    result.problems.sort(key=lambda p: p.row or 0)
    if result.problems:
        result.rows = []
    return result


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
