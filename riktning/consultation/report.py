"""The compiled summary of a round as a report (riktning/reports/registry.py): Word for the
executive board's case (real heading styles, tables as tables), HTML, and PDF/UA.

`riktning report consultation latest --format docx -o sammanstallning.docx`
"""

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from riktning.reports.docx import add_paragraphs, new_document, paragraphs, to_bytes
from riktning.reports.registry import ReportNotFound, pick

from .models import Round
from .summary import Summary, compile_summary, disposition_of, proposal_text

FORMATS = ("docx", "html", "pdf")


def resolve(ref: str) -> Round:
    rounds = Round.objects.select_related("version__document")
    round = pick(rounds, ref, latest_by=("-created_at", "-id"))
    if round is None:
        raise ReportNotFound(f"Det finns ingen remissomgång {ref!r}.")
    return round


def render(obj: Round, fmt: str, *, progress=None) -> bytes:
    """The summary in Swedish, whatever language the caller had active."""
    with translation.override("sv"):
        summary = compile_summary(obj)
        if fmt == "docx":
            return _docx(summary)
        html = render_to_string("consultation/report.html", {"summary": summary, "round": obj})
        if fmt == "html":
            return html.encode("utf-8")
        if fmt == "pdf":
            from weasyprint import HTML

            return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
    raise ValueError(fmt)


def _decision_text(comment) -> str:
    disposition = disposition_of(comment)
    if disposition is None:
        return _("not yet decided")
    return f"{disposition.get_decision_display()}. {disposition.reason}"


def _decision_reference(statement) -> str:
    parts = [statement.decision_body]
    if statement.decision_date:
        parts.append(statement.decision_date.isoformat())
    if statement.decision_paragraph:
        parts.append(f"§ {statement.decision_paragraph}")
    if statement.case_number:
        parts.append(f"({statement.case_number})")
    return " ".join(p for p in parts if p)


def _cell_text(cell, texts) -> None:
    """Fill a table cell with `texts` as paragraphs (each split on any line ending)."""
    lines = [p for text in texts if text for p in paragraphs(text)]
    cell.text = lines[0] if lines else ""
    for line in lines[1:]:
        cell.add_paragraph(line)


def _docx(summary: Summary) -> bytes:
    round = summary.round
    document = new_document(_("Summary of the answers"))
    document.add_heading(_("Summary of the answers"), level=0)
    document.add_paragraph(round.title)
    document.add_paragraph(
        _("Version: %(version)s. Last day to reply: %(date)s.")
        % {"version": round.version.title, "date": round.reply_by.isoformat()}
    )
    if round.introduction:
        document.add_heading(_("Introduction"), level=1)
        add_paragraphs(document, round.introduction)

    document.add_heading(_("Who answered"), level=1)
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    header = table.rows[0].cells
    for cell, text in zip(
        header, [_("Recipient"), _("Position"), _("Decision behind it")], strict=True
    ):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    _repeat_header(table.rows[0])
    for row in summary.rows:
        cells = table.add_row().cells
        cells[0].text = row.organisation.name
        position = row.position_label
        if row.statement is not None and row.statement.late:
            position = f"{position} ({_('late')})"
        cells[1].text = position
        cells[2].text = _decision_reference(row.statement) if row.statement else "–"

    document.add_heading(_("Points by body"), level=1)
    if not summary.bodies:
        document.add_paragraph(_("No statements have been received."))
    for statement, comments in summary.bodies:
        document.add_heading(
            f"{statement.organisation.name} – {statement.get_position_display()}", level=2
        )
        if statement.is_registered:
            document.add_paragraph(statement.registered_note())
        if statement.summary:
            add_paragraphs(document, statement.summary)
        attachments = list(statement.attachments.all())
        if attachments:
            document.add_paragraph(f"{_('Attachments')}:")
            for attachment in attachments:
                document.add_paragraph(attachment.original_name, style="List Bullet")
        for comment in comments:
            document.add_heading(comment.label, level=3)
            add_paragraphs(document, comment.text)
            if proposal := proposal_text(comment):
                add_paragraphs(document, proposal)
            add_paragraphs(document, f"{_('Decision')}: {_decision_text(comment)}")

    document.add_heading(_("Points by part of the draft"), level=1)
    for part in summary.parts:
        document.add_heading(part.label, level=2)
        table = document.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        for cell, text in zip(
            table.rows[0].cells,
            [_("Recipient"), pgettext("consultation", "Comment"), _("Decision")],
            strict=True,
        ):
            cell.text = text
        _repeat_header(table.rows[0])
        for statement, comment in part.points:
            cells = table.add_row().cells
            cells[0].text = statement.organisation.name
            _cell_text(cells[1], [comment.text, proposal_text(comment)])
            _cell_text(cells[2], [_decision_text(comment)])

    document.add_heading(_("Changes in the proposal"), level=1)
    if not summary.changes:
        document.add_paragraph(_("No point has been taken in."))
    for change in summary.changes:
        document.add_paragraph(_change_line(change), style="List Bullet")
    return to_bytes(document)


def _change_line(change) -> str:
    """ "Område: Boende och närmiljö – Ersätt ”A” med ”B”. (Socialnämnden; tas in)" """
    text = " ".join(paragraphs(change.text))
    return f"{change.label} – {text} ({change.organisation.name}; {change.decision_label.lower()})"


def _repeat_header(row) -> None:
    """Mark a table's first row as its header (repeated on each page, read as a header)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)
