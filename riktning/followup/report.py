"""The yearly follow-up as a report (riktning/reports/registry.py): a standalone HTML document
with print CSS, the same as PDF/UA-1 (WeasyPrint; charts as SVG from the page's Vega-Lite specs),
and Word (python-docx: Heading 1 per area, Heading 2 per goal, Heading 3 per indicator; tables as
tables; charts as PNG images).

`riktning report followup latest --format pdf -o uppfoljning.pdf`
"""

import io
from concurrent.futures import ThreadPoolExecutor

from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from riktning.indicators.charts import SWEDISH_NUMBERS, render_svg
from riktning.reports.registry import ReportNotFound, pick

from . import status as vocabulary
from . import yearly
from .models import FollowUp
from .sanitize import analysis_blocks, analysis_html

FORMATS = ("html", "pdf", "docx")
CHART_WIDTH = 640


def resolve(ref: str) -> FollowUp:
    followups = FollowUp.objects.select_related("version__document")
    followup = pick(followups, ref, latest_by=("-year", "-created_at", "-id"))
    if followup is None:
        raise ReportNotFound(f"Det finns ingen uppföljning {ref!r}.")
    return followup


# Symbol and word together: the one vocabulary of status.py.
status_text = vocabulary.status_text


def _state_text(item: dict, home_name: str) -> str:
    return {
        "proposed": _(
            "The indicator is still to be developed, so there is nothing to follow up yet."
        ),
        "undefined": _("The indicator has no definition yet, so it is not followed up."),
        "no_data": _("There are no values for %(home)s yet.") % {"home": home_name},
    }.get(item["state"], "")


def _series_text(item: dict) -> str:
    parts = []
    for label, key in ((_("Girls"), "girls"), (_("Boys"), "boys")):
        if item.get(key):
            parts.append(f"{label}: {status_text(item[key]['status'])}")
    if item.get("gap"):
        parts.append(item["gap"])
    return " ".join(p if p.endswith(".") else p + "." for p in parts) if parts else "–"


def _comparison_text(item: dict) -> str:
    if not item.get("comparisons"):
        return "–"
    head = _("Compared with others (%(year)s)") % {"year": item["comparison_year"]}
    return f"{head}: " + " ".join(item["comparisons"])


def _charts(data: dict, render) -> dict[int, object]:
    """link id → the rendered chart (one per indicator: its total series and comparisons)."""
    jobs = {
        item["link_id"]: yearly.chart_spec(item["chart"])
        for area in data["areas"]
        for goal in area["goals"]
        for item in goal["indicators"]
        if item.get("chart")
    }
    with ThreadPoolExecutor(max_workers=4) as pool:
        rendered = pool.map(render, jobs.values())
        return dict(zip(jobs, rendered, strict=True))


def _data_as_of(followup: FollowUp) -> str:
    if followup.data_as_of is None:
        return ""
    return formats.date_format(timezone.localtime(followup.data_as_of), "j F Y")


def _prepare(followup: FollowUp) -> dict:
    data = yearly.content(followup)
    analyses = {a.area_id: a for a in followup.analyses.all()}
    for area in data["areas"]:
        analysis = analyses.get(area["area_id"])
        area["analysis"] = analysis.text if analysis else ""
        area["status_label"] = vocabulary.summary_status_text(
            vocabulary.summarize(
                area["status"], [i["status"] for g in area["goals"] for i in g["indicators"]]
            )
        )
        for goal in area["goals"]:
            goal["status_label"] = vocabulary.summary_status_text(
                vocabulary.summarize(goal["status"], [i["status"] for i in goal["indicators"]])
            )
            for item in goal["indicators"]:
                item["status_text"] = status_text(item["status"])
                item["state_text"] = _state_text(item, data["home_name"])
                item["series_text"] = _series_text(item)
                item["comparison_text"] = _comparison_text(item)
    return data


def render(obj: FollowUp, fmt: str, *, progress=None) -> bytes:
    """The follow-up in Swedish, whatever language the caller had active."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    with translation.override("sv"):
        data = _prepare(obj)
        if fmt == "docx":
            return _docx(obj, data)
        html = render_html(obj, data)
        if fmt == "html":
            return html.encode("utf-8")
        from weasyprint import HTML

        return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")


def render_html(followup: FollowUp, data: dict, *, charts: bool = True) -> str:
    svgs = _charts(data, render_svg) if charts else {}
    for area in data["areas"]:
        area["analysis_html"] = mark_safe(analysis_html(area["analysis"]))  # noqa: S308 (nh3)
        for goal in area["goals"]:
            for item in goal["indicators"]:
                svg = svgs.get(item["link_id"])
                item["svg"] = mark_safe(svg) if svg else ""  # noqa: S308 (vl-convert output)
    return render_to_string(
        "followup/report.html",
        {
            "followup": followup,
            "data": data,
            "data_as_of": _data_as_of(followup),
            "status_text": status_text,
        },
    )


def _png(spec: dict) -> bytes:
    import vl_convert

    return vl_convert.vegalite_to_png(
        {**spec, "width": CHART_WIDTH}, scale=1.5, format_locale=SWEDISH_NUMBERS
    )


def _docx(followup: FollowUp, data: dict) -> bytes:
    from docx import Document
    from docx.shared import Cm

    pngs = _charts(data, _png)
    document = Document()
    document.core_properties.title = followup.title
    document.core_properties.language = "sv-SE"
    document.add_heading(f"{followup.title} – {followup.version.title}", level=0)
    if as_of := _data_as_of(followup):
        document.add_paragraph(_("Data as of %(date)s.") % {"date": as_of})
    else:
        document.add_paragraph(
            _("Not approved: the statuses follow the values in Riktning as they are now.")
        )
    if data.get("any_example"):
        notice = document.add_paragraph()
        notice.add_run(_("Example data – not real values")).bold = True
        notice.add_run(
            " "
            + _("Some values in this follow-up are generated for the demo and are not real values.")
        )
    if followup.introduction:
        document.add_heading(_("Introduction"), level=1)
        for paragraph in followup.introduction.split("\n\n"):
            document.add_paragraph(paragraph.strip())

    for area in data["areas"]:
        document.add_heading(area["title"], level=1)
        document.add_paragraph(f"{_('Area status:')} {area['status_label']}")
        document.add_heading(_("Analysis"), level=2)
        blocks = analysis_blocks(area["analysis"])
        if not blocks:
            document.add_paragraph(_("No analysis has been written yet."))
        for block in blocks:
            style = {"ul": "List Bullet", "ol": "List Number"}.get(block["kind"])
            paragraph = document.add_paragraph(style=style)
            for text, bold, italic in block["runs"]:
                run = paragraph.add_run(text)
                run.bold = bold or None
                run.italic = italic or None
        for goal in area["goals"]:
            document.add_heading(goal["title"], level=2)
            document.add_paragraph(f"{_('Goal status:')} {goal['status_label']}")
            if not goal["indicators"]:
                document.add_paragraph(_("No indicators yet."))
                continue
            table = document.add_table(rows=1, cols=4)
            table.style = "Table Grid"
            headers = [_("Indicator"), _("Status"), _("Girls and boys"), _("Compared with others")]
            for cell, text in zip(table.rows[0].cells, headers, strict=True):
                cell.text = text
                for run in cell.paragraphs[0].runs:
                    run.bold = True
            _repeat_header(table.rows[0])
            for item in goal["indicators"]:
                cells = table.add_row().cells
                title = item["title"] or _("Proposed indicator")
                if item.get("example"):
                    title += f" ({_('Example data – not real values')})"
                cells[0].text = title
                cells[1].text = "\n".join(
                    t for t in [item["status_text"], item["reason"] or item["state_text"]] if t
                )
                cells[2].text = item["series_text"]
                cells[3].text = item["comparison_text"]
            for item in goal["indicators"]:
                png = pngs.get(item["link_id"])
                if not png:
                    continue
                document.add_heading(item["title"], level=3)
                for arrow, text in item.get("trend") or []:
                    document.add_paragraph(f"{arrow} {text}")
                document.add_picture(io.BytesIO(png), width=Cm(15))
                _alt_text(document, _("Chart: %(title)s") % {"title": item["title"]})

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _alt_text(document, text: str) -> None:
    """Describe the picture just added (Word reads docPr's descr as alternative text)."""
    from docx.oxml.ns import qn

    inline = document.inline_shapes[-1]._inline
    inline.find(qn("wp:docPr")).set("descr", text)


def _repeat_header(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)
