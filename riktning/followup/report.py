"""The yearly follow-up as a report (riktning/reports/registry.py): a standalone HTML document
with print CSS, the same as PDF/UA-1 (WeasyPrint; charts as SVG from the page's Vega-Lite specs),
and Word (python-docx: Heading 1 per area, Heading 2 per goal, Heading 3 per indicator; tables as
tables; charts as PNG images).

Fit for the council, in both PDF and Word: a cover (the municipality's name, the title, the year,
"Godkänd <date>" or "Utkast – inte godkänd"), a table of contents (PDF: page numbers by
target-counter; Word: a TOC field showing the written list of headings), a summary table with
every goal's status (symbol and word), each chart kept on the page of its goal's table, and one
typeface throughout (`reports.council.FONT`, the page numbers and the charts included).

`riktning report followup latest --format pdf -o uppfoljning.pdf`
"""

import base64
import io

from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from riktning.accounts.municipality import municipality_name
from riktning.indicators.charts import SWEDISH_NUMBERS
from riktning.reports import store
from riktning.reports.council import FONT
from riktning.reports.registry import ReportNotFound, pick

from . import equality, yearly
from . import status as vocabulary
from .models import FollowUp, FollowUpStatus
from .sanitize import analysis_blocks, analysis_html

FORMATS = ("html", "pdf", "docx")
CHART_WIDTH = 640
PNG_SCALE = 1.5


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


def _chart_specs(data: dict) -> dict[int, dict]:
    """link id → the spec drawn for the report (one per indicator: its total series and
    comparisons), in the report's typeface and the printed width."""
    return {
        item["link_id"]: {**_in_report_font(yearly.chart_spec(item["chart"])), "width": CHART_WIDTH}
        for area in data["areas"]
        for goal in area["goals"]
        for item in goal["indicators"]
        if item.get("chart")
    }


def _start_charts(data: dict, fmt: str) -> store.Charts:
    """The report's charts as SVG (HTML, PDF) or PNG (Word): from the render store
    (`reports/store.py`) when drawn before, otherwise drawn on threads while the caller builds
    the rest and stored when it is done."""
    if fmt == "png":
        return store.render_many(_chart_specs(data), "png", scale=PNG_SCALE, locale=SWEDISH_NUMBERS)
    return store.render_many(_chart_specs(data), "svg", locale=SWEDISH_NUMBERS)


def _charts(data: dict) -> dict[int, str]:
    """link id → the chart's SVG."""
    return _start_charts(data, "svg").done()


def draw_ahead(followup: FollowUp) -> None:
    """Draw the follow-up's charts in both formats and write its PDF into the render store
    (those already stored are not drawn again), so that no one waits for them later: an
    approved follow-up's are frozen with its snapshot."""
    with translation.override("sv"):
        _start_charts(_prepare(followup), "png").done()
    render(followup, "pdf")  # its SVGs and the PDF file


def _in_report_font(spec: dict) -> dict:
    """The chart's texts in the report's one typeface (the page's spec says system-ui)."""
    return {**spec, "config": {**spec.get("config", {}), "font": FONT}}


def approval_text(followup: FollowUp) -> str:
    """The cover's status: "Godkänd 12 mars 2026" or "Utkast – inte godkänd"."""
    if not followup.is_approved:
        return _("Draft – not approved")
    change = (
        followup.status_changes.filter(to_status=FollowUpStatus.APPROVED).order_by("-at").first()
    )
    when = change.at if change else followup.data_as_of
    if when is None:
        return _("Approved")
    date = formats.date_format(timezone.localtime(when), "j F Y")
    return _("Approved %(date)s") % {"date": date}


def cover(followup: FollowUp) -> dict:
    """The cover's texts, the same in PDF and Word."""
    return {
        "municipality": municipality_name(),
        "title": followup.title,
        "subtitle": followup.version.title,
        "year": _("Follow-up year %(year)s") % {"year": followup.year},
        "status": approval_text(followup),
    }


def summary_rows(data: dict) -> list[dict]:
    """One row per goal: its area, its title and its status (symbol and word)."""
    return [
        {"area": area["title"], "goal": goal["title"], "status": goal["status_label"]}
        for area in data["areas"]
        for goal in area["goals"]
    ]


def contents_entries(followup: FollowUp, data: dict) -> list[tuple[int, str, str]]:
    """(level, heading, anchor) of the table of contents, in reading order."""
    entries = [(1, _("Summary of every goal's status"), "summary")]
    if followup.introduction:
        entries.append((1, _("Introduction"), "introduction"))
    if data.get("contributes_to"):
        entries.append((1, _("Goals this document contributes to"), "contributes-to"))
    for a, area in enumerate(data["areas"], start=1):
        entries.append((1, area["title"], f"area-{a}"))
        for g, goal in enumerate(area["goals"], start=1):
            entries.append((2, goal["title"], f"goal-{a}-{g}"))
    entries.append((1, _("Gender equality: where the gap between the sexes widens"), "equality"))
    return entries


def equality_intro(data: dict) -> str:
    """The gender-equality section's first paragraph: the rule and how many indicators."""
    return _(
        "Of the %(count)s indicators split by sex, %(widening)s have a gap between girls and "
        "boys that widens. The gap is girls' value minus boys' value in the indicator's unit; it "
        "widens when its size grows between the first and the last of the latest %(window)s "
        "periods with values for both. Largest gap first, measured against the indicator's level."
    ) % {
        "count": len(data["equality"].rows),
        "widening": len(data["equality"].widening),
        "window": equality.WINDOW,
    }


def _nested(entries: list[tuple[int, str, str]]) -> list[dict]:
    """The flat entries as the PDF's nested list: level 2 under the level 1 before it."""
    nested: list[dict] = []
    for level, text, anchor in entries:
        entry = {"text": text, "anchor": anchor, "children": []}
        if level > 1 and nested:
            nested[-1]["children"].append(entry)
        else:
            nested.append(entry)
    return nested


def _data_as_of(followup: FollowUp) -> str:
    if followup.data_as_of is None:
        return ""
    return formats.date_format(timezone.localtime(followup.data_as_of), "j F Y")


def _prepare(followup: FollowUp, sight=None) -> dict:
    data = yearly.content(followup, sight)
    for parts in _all_parts(data):
        for part in parts:
            part["heading"] = part_heading(part)
            part["status_text"] = _with_note(part["status"], part.get("status_note", ""))
            part["blocks"] = part_lines(part)
    for goal in data.get("contributes_to", []):
        goal["status_text"] = _with_note(goal["status"], goal.get("status_note", ""))
        for item in goal["indicators"]:
            item["status_text"] = status_text(item["status"])
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
    data = {**data, "equality": equality.followup_rows(data)}
    return data


def render(obj: FollowUp, fmt: str, *, progress=None, sight=None) -> bytes:
    """The follow-up in Swedish, whatever language the caller had active. What other documents
    contribute is shown as `sight` allows (access.contribution_sight of the reader; without a
    reader, as from the CLI, the public's)."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    with translation.override("sv"):
        data = _prepare(obj, sight)
        # The charts come from the render store, or are drawn on other threads while this one
        # builds the rest: the Word document, or (for PDF) imports WeasyPrint, 0.6 s on its own.
        if fmt == "docx":
            return _docx(obj, data, _start_charts(data, "png"))
        svgs = _start_charts(data, "svg")
        if fmt == "pdf" and svgs.drawn:
            import weasyprint  # noqa: F401 (while the charts are drawn)
        html = render_html(obj, data, rendered=svgs.done(), as_images=fmt == "pdf")
        if fmt == "html":
            return html.encode("utf-8")
        # The same HTML is the same PDF: from the store when it was written before.
        return store.pdf(html)


def _all_parts(data: dict) -> list[list[dict]]:
    """Every list of contributing parts: under each goal, and under each goal contributed to."""
    lists = [goal.get("contributions", []) for area in data["areas"] for goal in area["goals"]]
    lists += [goal["parts"] for goal in data.get("contributes_to", [])]
    return lists


def _with_note(status: str, note: str) -> str:
    """Symbol and word, and what the mean could hide."""
    return f"{status_text(status)} – {note}" if note else status_text(status)


def part_lines(part: dict) -> list[tuple[str, list[str]]]:
    """A contributing part as (heading, lines) blocks, the same in Word as on the page."""
    example = f" ({_('Example data')})"
    goals = []
    for goal in part["goals"]:
        status = _with_note(goal["status"], goal.get("status_note", ""))
        goals.append(f"{goal['title']} ({goal['version']}): {status}")
        for item in goal["indicators"]:
            title = item["title"] or _("Proposed indicator")
            goals.append(
                f"– {title}: {status_text(item['status'])}" + (example if item["example"] else "")
            )
    activities = [
        f"{a['name']} – {a['organiser']}" + (example if a["example"] else "")
        for a in part["activities"]
    ]
    measures = [
        f"{m['title']} – {m['responsible']}: {m['status_label']} ({m['plan']})"
        + (example if m["example"] else "")
        for m in part["measures"]
    ]
    return [
        (_("Goals and indicators"), goals or [_("No goals or indicators of its own.")]),
        (_("Activities"), activities or [_("No activities reported.")]),
        (_("Measures"), measures or [_("No measures in an action plan.")]),
    ]


def part_heading(part: dict) -> str:
    kind = {
        "area": _("area of"),
        "goal": _("goal of"),
        "carried_over": _("area carried over into the goal, of"),
    }[part["kind"]]
    return f"{part['title']} ({kind} {part['version']})"


def render_html(
    followup: FollowUp,
    data: dict,
    *,
    charts: bool = True,
    rendered: dict | None = None,
    as_images: bool = False,
) -> str:
    """`rendered`: the charts' SVGs by link id when the caller has them already. `as_images`
    (for PDF): each SVG as an image with its alternative text rather than inline, the same
    vector drawing, but WeasyPrint reads it with an XML parser instead of its HTML parser and
    CSS cascade (0.3 s of the layout), and PDF/UA's Figure tag gets its Alt text."""
    if rendered is not None:
        svgs = rendered
    else:
        svgs = _charts(data) if charts else {}
    for parts in _all_parts(data):
        for part in parts:
            for analysis in part["analyses"]:
                analysis["html"] = mark_safe(analysis_html(analysis["text"]))  # noqa: S308 (nh3)
    for area in data["areas"]:
        area["analysis_html"] = mark_safe(analysis_html(area["analysis"]))  # noqa: S308 (nh3)
        for goal in area["goals"]:
            for item in goal["indicators"]:
                svg = svgs.get(item["link_id"])
                if svg and as_images:
                    item["svg"] = _svg_image(svg, _("Chart: %(title)s") % {"title": item["title"]})
                else:
                    item["svg"] = mark_safe(svg) if svg else ""  # noqa: S308 (vl-convert output)
    return render_to_string(
        "followup/report.html",
        {
            "followup": followup,
            "data": data,
            "data_as_of": _data_as_of(followup),
            "status_text": status_text,
            "cover": cover(followup),
            "contents": _nested(contents_entries(followup, data)),
            "summary": summary_rows(data),
            "equality_intro": equality_intro(data),
            "font": FONT,
        },
    )


def _svg_image(svg: str, alt: str) -> str:
    """The SVG as an <img> with a data: URL (base64) and `alt`."""
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return format_html('<img src="data:image/svg+xml;base64,{}" alt="{}">', data, alt)


def _docx(followup: FollowUp, data: dict, pngs: store.Charts | None = None) -> bytes:
    """`pngs`: the charts already being rendered (`_start_charts`), waited for one by one."""
    if pngs is None:
        pngs = _start_charts(data, "png")
    try:
        return _docx_document(followup, data, pngs)
    finally:
        pngs.close()


def _docx_document(followup: FollowUp, data: dict, pngs: store.Charts) -> bytes:
    from docx.shared import Cm

    from riktning.reports import council
    from riktning.reports.docx import new_document, to_bytes

    front = cover(followup)
    document = new_document(followup.title, municipality=front["municipality"])
    council.one_typeface(document)
    council.cover(
        document,
        municipality=front["municipality"],
        title=f"{followup.title} – {followup.version.title}",
        lines=[front["year"], front["status"]],
    )
    council.contents(
        document,
        _("Contents"),
        [(level, text) for level, text, _anchor in contents_entries(followup, data)],
    )
    document.add_heading(_("Summary of every goal's status"), level=1)
    rows = summary_rows(data)
    if rows:
        table = document.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        council.bold_header(table, [_("Area"), _("Goal"), _("Status")])
        for row in rows:
            cells = table.add_row().cells
            cells[0].text, cells[1].text, cells[2].text = row["area"], row["goal"], row["status"]
    else:
        document.add_paragraph(_("No goals yet."))
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

    if data.get("contributes_to"):
        document.add_heading(_("Goals this document contributes to"), level=1)
        document.add_paragraph(
            _(
                "This document is followed up through the goals of other documents that it "
                "contributes to: each activity, measure and value is reported once, where it "
                "belongs, and shown here and under the goal."
            )
        )
        for goal in data["contributes_to"]:
            document.add_heading(goal["title"], level=2)
            document.add_paragraph(f"{goal['area']}, {goal['version']}")
            document.add_paragraph(f"{_('Goal status:')} {goal['status_text']}")
            for item in goal["indicators"]:
                title = item["title"] or _("Proposed indicator")
                document.add_paragraph(f"{title}: {item['status_text']}", style="List Bullet")
            _docx_parts(document, goal["parts"], level=3)

    for area in data["areas"]:
        document.add_heading(area["title"], level=1).paragraph_format.page_break_before = True
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
                _docx_contributions(document, goal.get("contributions", []))
                continue
            table = document.add_table(rows=1, cols=4)
            table.style = "Table Grid"
            headers = [_("Indicator"), _("Status"), _("Girls and boys"), _("Compared with others")]
            council.bold_header(table, headers)
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
            charted = [item for item in goal["indicators"] if pngs.get(item["link_id"])]
            if charted:
                # The table stays on the page of the first chart (keep with next, down to it).
                council.keep_with_next(table)
            for item in charted:
                document.add_heading(item["title"], level=3)
                for arrow, text in item.get("trend") or []:
                    document.add_paragraph(f"{arrow} {text}").paragraph_format.keep_with_next = True
                document.add_picture(io.BytesIO(pngs[item["link_id"]]), width=Cm(15))
                _alt_text(document, _("Chart: %(title)s") % {"title": item["title"]})
            _docx_contributions(document, goal.get("contributions", []))

    _docx_equality(document, data)
    return to_bytes(document)


def _docx_equality(document, data: dict) -> None:
    """The gender-equality section: the indicators whose gap widens, largest first."""
    from riktning.reports import council

    heading = document.add_heading(_("Gender equality: where the gap between the sexes widens"), 1)
    heading.paragraph_format.page_break_before = True
    document.add_paragraph(equality_intro(data))
    widening = data["equality"].widening
    if not widening:
        document.add_paragraph(_("No indicator's gap between girls and boys widens."))
        return
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    council.bold_header(
        table, [_("Indicator"), _("Gap, latest period"), _("Change of the gap"), _("Behind")]
    )
    for row in widening:
        cells = table.add_row().cells
        title = row.title + (f" ({row.breakdown})" if row.breakdown else "")
        if row.example:
            title += f" ({_('Example data – not real values')})"
        cells[0].text = title
        cells[1].text = row.gap
        cells[2].text = row.change
        cells[3].text = row.behind or "–"


def _docx_contributions(document, parts: list[dict]) -> None:
    """Under a goal: the parts of other documents that contribute to it."""
    if parts:
        document.add_heading(_("Contributions from other documents"), level=3)
        _docx_parts(document, parts, level=4)


def _docx_parts(document, parts: list[dict], *, level: int) -> None:
    for part in parts:
        document.add_heading(part["heading"], level=level)
        document.add_paragraph(f"{_('Status of what it contributes:')} {part['status_text']}")
        if part.get("note"):
            document.add_paragraph(part["note"])
        if part.get("through"):
            names = ", ".join(f"{a['title']} ({a['version']})" for a in part["through"])
            document.add_paragraph(
                f"{_('Includes what is reported for the areas carried over into it:')} {names}."
            )
        for heading, lines in part["blocks"]:
            document.add_paragraph().add_run(heading).bold = True
            for line in lines:
                document.add_paragraph(line, style="List Bullet")
        for analysis in part["analyses"]:
            title = _("Analysis of %(area)s (%(followup)s)") % {
                "area": analysis["area"],
                "followup": analysis["followup"],
            }
            document.add_paragraph().add_run(title).bold = True
            for block in analysis_blocks(analysis["text"]):
                style = {"ul": "List Bullet", "ol": "List Number"}.get(block["kind"])
                paragraph = document.add_paragraph(style=style)
                for text, bold, italic in block["runs"]:
                    run = paragraph.add_run(text)
                    run.bold = bold or None
                    run.italic = italic or None


def _alt_text(document, text: str) -> None:
    """Describe the picture just added (Word reads docPr's descr as alternative text)."""
    from docx.oxml.ns import qn

    inline = document.inline_shapes[-1]._inline
    inline.find(qn("wp:docPr")).set("descr", text)
