"""The action plan as a file: `riktning report actionplan <id>|latest|<year> --format xlsx|docx`.

XLSX: one row per measure, Swedish column headers (msgids rendered under Swedish), every cell
through `reports.cells` (text never becomes a formula). DOCX (A4 via `reports.docx.new_document`,
fit for the council: `reports.council`): a cover (the municipality, the title, the year, the
status and decision), a table of contents, a summary table (measures, hours and SEK per status,
and the totals), the plan's child-rights assessment if it has one, then the table of the measures
and a heading per measure (with its child-rights assessment, if any), in one typeface.
Example data is labelled.
"""

import datetime
import io

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from riktning.reports.cells import append_row
from riktning.reports.registry import ReportNotFound

from .constants import PlanStatus
from .models import ActionPlan
from .status import effective_status

FORMATS = ("xlsx", "docx")


def resolve(ref: str) -> ActionPlan:
    """An id, "latest" (the newest year; adopted before draft) or a year like "2025"."""
    ref = (ref or "").strip()
    plans = ActionPlan.objects.select_related("version")
    plan = None
    if ref == "latest":
        plan = plans.order_by("-year", "-status", "-id").first()
    elif ref.isdigit() and len(ref) == 4:
        plan = plans.filter(year=int(ref)).order_by("-status", "-id").first()
        if plan is None and ActionPlan.objects.filter(pk=int(ref)).exists():
            plan = plans.get(pk=int(ref))
    elif ref.isdigit():
        plan = plans.filter(pk=int(ref)).first()
    if plan is None:
        with translation.override("sv"):
            raise ReportNotFound(label("No action plan matches “%(ref)s”.") % {"ref": ref})
    return plan


# The Swedish the report must carry even before the catalogue has these msgids (the catalogue is
# compiled later; once it translates a msgid, the catalogue's word wins).
SWEDISH = {
    "Measure": "Åtgärd",
    "Description": "Beskrivning",
    "Goals": "Mål",
    "Responsible": "Ansvarig",
    "Co-actors": "Medaktörer",
    "Hours": "Timmar",
    "Cost (SEK)": "Kostnad (kr)",
    "Start date": "Startdatum",
    "End date": "Slutdatum",
    "Status": "Status",
    "Example data": "Exempeldata",
    "Measures": "Åtgärder",
    "About": "Om",
    "Yes": "Ja",
    "Planned": "Planerad",
    "Ongoing": "Pågår",
    "Done": "Klar",
    "Cancelled": "Avbruten",
    "Late": "Försenad",
    "No action plan matches “%(ref)s”.": "Ingen handlingsplan motsvarar ”%(ref)s”.",
    "Example data – not real measures. Invented for the demo.": (
        "Exempeldata – inte verkliga åtgärder. Påhittade för demon."
    ),
}


# The msgids of MeasureStatus's labels, and of the derived "late".
STATUS_MSGIDS = {
    "planned": "Planned",
    "ongoing": "Ongoing",
    "done": "Done",
    "cancelled": "Cancelled",
    "late": "Late",
}


def label(msgid: str) -> str:
    translated = _(msgid)
    if translated == msgid and (translation.get_language() or "").startswith("sv"):
        return SWEDISH.get(msgid, msgid)
    return translated


def columns() -> list[str]:
    """The column headers of the spreadsheet, in the active language."""
    return [
        label("Measure"),
        label("Description"),
        label("Goals"),
        label("Responsible"),
        label("Co-actors"),
        label("Hours"),
        label("Cost (SEK)"),
        label("Start date"),
        label("End date"),
        label("Status"),
        label("Example data"),
    ]


def _register_msgids() -> None:  # pragma: no cover - only for makemessages
    _("Measure"), _("Description"), _("Goals"), _("Responsible"), _("Co-actors"), _("Hours")
    _("Cost (SEK)"), _("Start date"), _("End date"), _("Status"), _("Example data")
    _("Measures"), _("About"), _("Yes"), _("Late")
    _("Example data – not real measures. Invented for the demo.")
    _("No action plan matches “%(ref)s”.")


def status_label(measure, as_of: datetime.date) -> str:
    shown = effective_status(measure.status, measure.end_date, as_of)
    return label(STATUS_MSGIDS[shown])


def rows(plan: ActionPlan, as_of: datetime.date | None = None) -> list[list]:
    as_of = as_of or timezone.localdate()
    measures = (
        plan.measures.select_related("responsible")
        .prefetch_related("goals", "co_actors")
        .order_by("order", "id")
    )
    return [
        [
            m.title,
            m.description,
            "; ".join(g.title for g in m.goals.all()),
            m.responsible.name,
            "; ".join(o.name for o in m.co_actors.all()),
            float(m.hours),
            float(m.cost_sek),
            m.start_date,
            m.end_date,
            str(status_label(m, as_of)),
            label("Yes") if m.is_example else "",
        ]
        for m in measures
    ]


def example_notice() -> str:
    return label("Example data – not real measures. Invented for the demo.")


def render(plan: ActionPlan, fmt: str, *, progress=None) -> bytes:
    with translation.override("sv"):
        if fmt == "xlsx":
            return _xlsx(plan)
        if fmt == "docx":
            return _docx(plan)
    raise ValueError(fmt)


def _xlsx(plan: ActionPlan) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = label("Measures")[:31]
    append_row(sheet, columns())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows(plan):
        append_row(sheet, row)
    for index, width in enumerate([40, 50, 40, 30, 30, 10, 14, 12, 12, 12, 12], start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
    for row in sheet.iter_rows(min_row=2):
        row[7].number_format = row[8].number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    about = workbook.create_sheet(label("About"))
    append_row(about, [plan.title])
    append_row(about, [plan.version.title])
    append_row(about, [plan.get_status_display()])
    if plan.is_example or plan.measures.filter(is_example=True).exists():
        append_row(about, [example_notice()])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def summary(plan_rows: list[list]) -> list[list]:
    """Per status shown (in the order planned, ongoing, late, done, cancelled; only those with
    measures): [status, measures, hours, SEK], then the totals."""
    order = [label(STATUS_MSGIDS[s]) for s in ("planned", "ongoing", "late", "done", "cancelled")]
    rows = []
    for status in order:
        matching = [r for r in plan_rows if r[9] == status]
        if matching:
            rows.append(
                [status, len(matching), sum(r[5] for r in matching), sum(r[6] for r in matching)]
            )
    rows.append(
        [
            _("Total"),
            len(plan_rows),
            sum(r[5] for r in plan_rows),
            sum(r[6] for r in plan_rows),
        ]
    )
    return rows


def _cover_lines(plan: ActionPlan) -> list[str]:
    from django.utils import formats

    lines = [_("Action plan for %(year)s") % {"year": plan.year}, plan.version.title]
    if plan.status == PlanStatus.ADOPTED:
        if plan.decision_date:
            date = formats.date_format(plan.decision_date, "j F Y")
            lines.append(_("Adopted %(date)s") % {"date": date})
        else:
            lines.append(str(plan.get_status_display()))
        if plan.decided_by_id:
            decision = plan.decided_by.name
            if plan.paragraph:
                decision += f", § {plan.paragraph}"
            if plan.case_number:
                decision += f", {plan.case_number}"
            lines.append(decision)
    else:
        lines.append(_("Draft – not adopted"))
    return lines


def _docx(plan: ActionPlan) -> bytes:
    from riktning.accounts.municipality import municipality_name
    from riktning.reports import council, sections
    from riktning.reports.docx import new_document, to_bytes

    municipality = municipality_name()
    document = new_document(plan.title, municipality=municipality)
    council.one_typeface(document)
    council.cover(document, municipality=municipality, title=plan.title, lines=_cover_lines(plan))
    measures = list(
        plan.measures.select_related("responsible", "child_rights").order_by("order", "id")
    )
    # The child-rights assessments (riktning/childrights offers the section by name).
    child_rights = sections.get("child_rights")
    plan_assessment = getattr(plan, "child_rights", None) if child_rights else None
    entries = [(1, _("Summary"))]
    if plan_assessment is not None:
        entries.append((1, child_rights.heading()))
    entries.append((1, label("Measures")))
    entries += [(2, measure.title) for measure in measures]
    council.contents(document, _("Contents"), entries)

    plan_rows = rows(plan)
    document.add_heading(_("Summary"), level=1)
    if plan.is_example or any(m.is_example for m in measures):
        document.add_paragraph().add_run(example_notice()).bold = True
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    council.bold_header(
        table, [label("Status"), _("Number of measures"), label("Hours"), label("Cost (SEK)")]
    )
    for status, count, hours, cost in summary(plan_rows):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = str(status), str(count)
        cells[2].text, cells[3].text = _number(hours), _number(cost)
    for cell in table.rows[-1].cells:
        for run in cell.paragraphs[0].runs:
            run.bold = True

    if plan_assessment is not None:
        child_rights.add(document, plan_assessment, level=1)

    document.add_heading(label("Measures"), level=1).paragraph_format.page_break_before = True
    header = [label(m) for m in ("Measure", "Responsible", "Hours", "Cost (SEK)", "End date")]
    header.append(label("Status"))
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    council.bold_header(table, header)
    for row in plan_rows:
        cells = table.add_row().cells
        values = [
            row[0],
            row[3],
            _number(row[5]),
            _number(row[6]),
            row[8].isoformat() if row[8] else "",
            row[9],
        ]
        for cell, text in zip(cells, values, strict=True):
            cell.text = str(text)
    for measure in measures:
        document.add_heading(measure.title, level=2)
        if measure.description:
            document.add_paragraph(measure.description)
        assessment = getattr(measure, "child_rights", None) if child_rights else None
        if assessment is not None:
            document.add_heading(child_rights.heading(), level=3)
            child_rights.add_body(document, assessment)
    return to_bytes(document)


def _number(value: float) -> str:
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return text.replace(",", "\u00a0").replace(".", ",")
