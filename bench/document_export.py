"""Time to export a 40-page version (about 100,000 characters) as Word, PDF and HTML, and to
export the marked-up comparison of it with a revised copy as Word and PDF.

The version is the demo's adopted strategy 2021–2030 copied as a new draft whose six areas
(each with its text sections, goal and indicator links) are repeated (`--copies`, 17 by default:
102 areas, 102 goals, 153 indicator links, ~100,000 characters, ~45 A4 pages as PDF); the revised
copy is the next version of it with a word changed in every goal, an area renamed, the goals of
another removed and a new area added. A fresh SQLite database in a temporary folder holds it
all (not timed). Timed, --runs times each after a warm-up, printing the median and the fastest:

- **export**: `version_report.render(version, fmt)` and `comparison_report.render(pair, fmt)`,
  the whole path `riktning report version|comparison` and the download buttons take (reading
  the version from the database, the reading order, the layout, revision marks, change list);
- **baseline, same run**: the library alone writing the same text (python-docx adding the same
  paragraphs and headings to a blank document; WeasyPrint making a PDF of the same text as
  plain HTML paragraphs, untagged), which any export must do; the difference is what Riktning
  adds.

Aim (issue 13): Word under 2 s, PDF under 5 s.

    .venv/bin/python bench/document_export.py [--runs 5] [--copies 17]
"""

import argparse
import html
import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script
from bench.demo_database import demo_database  # noqa: E402


def timed(function, runs: int) -> list[float]:
    function()  # warm-up: imports, fonts, caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def long_version(source, copies: int):
    """A draft copy of `source` with its areas (and their text) repeated `copies` times."""
    from riktning.strategy.models import DevelopmentArea, Goal, GoalIndicator, Section
    from riktning.strategy.services import create_version_from

    version = create_version_from(source, title=f"{source.title} (40 sidor)")
    areas = list(DevelopmentArea.objects.filter(version=version).order_by("order"))
    sections = list(Section.objects.filter(version=version))
    order = len(areas)
    for copy in range(2, copies + 1):
        for area in areas:
            order += 1
            new_area = DevelopmentArea.objects.create(
                version=version,
                order=order,
                title=f"{area.title} {copy}",
                description=area.description,
            )
            for goal in area.goals.order_by("order"):
                new_goal = Goal.objects.create(
                    area=new_area, order=goal.order, title=goal.title, note=goal.note
                )
                for link in goal.indicator_links.order_by("order"):
                    GoalIndicator.objects.create(
                        goal=new_goal,
                        indicator=link.indicator,
                        role=link.role,
                        order=link.order,
                        proposal=link.proposal,
                        wording=link.wording,
                        note=link.note,
                    )
            _copy_sections(sections, area, new_area, order)
    return version


def _copy_sections(sections, area, new_area, order):
    """The area's own sections (those not under another section of the area), with their
    sub-sections, copied to `new_area` in the same places."""
    from riktning.strategy.models import Section

    by_pk = {s.pk: s for s in sections}
    by_parent = {}
    for section in sections:
        by_parent.setdefault(section.parent_id, []).append(section)

    def copy(section, parent):
        new = Section.objects.create(
            version=new_area.version,
            parent=parent,
            order=section.order,
            heading=new_area.title if section.heading == area.title else section.heading,
            body=section.body,
            area=new_area,
        )
        for child in by_parent.get(section.pk, []):
            copy(child, new)

    for section in sections:
        parent = by_pk.get(section.parent_id)
        if section.area_id == area.pk and (parent is None or parent.area_id != area.pk):
            copy(section, parent)


def revised_copy(version):
    """The next version of `version`: a word changed in every goal, one area renamed, the goals
    of another removed, a new area added."""
    from riktning.strategy.models import DevelopmentArea, Goal, GoalIndicator
    from riktning.strategy.services import create_version_from

    revised = create_version_from(version, title=f"{version.title}, reviderad")
    for goal in Goal.objects.filter(area__version=revised):
        Goal.objects.filter(pk=goal.pk).update(title=goal.title.replace("ska", "bör", 1))
    areas = list(DevelopmentArea.objects.filter(version=revised).order_by("order"))
    DevelopmentArea.objects.filter(pk=areas[1].pk).update(title="Lärande och samverkan")
    GoalIndicator.objects.filter(goal__area=areas[3]).delete()
    Goal.objects.filter(area=areas[3]).delete()
    DevelopmentArea.objects.create(
        version=revised, order=999, title="Trygghet i skolan", description="Skolan ska vara trygg."
    )
    return revised


def baseline_docx(blocks) -> bytes:
    import docx

    document = docx.Document()
    for block in blocks:
        if block.kind == "heading":
            document.add_heading(block.text, level=min(block.level, 9))
        elif block.kind == "marker":
            document.add_heading(block.label, level=min(block.level, 9))
            document.add_paragraph(block.text)
        else:
            document.add_paragraph(block.text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def baseline_pdf(blocks) -> bytes:
    import weasyprint

    body = "".join(f"<p>{html.escape(block.text)}</p>" for block in blocks)
    return weasyprint.HTML(string=f"<html><body>{body}</body></html>").write_pdf()


def pdf_pages(data: bytes) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        return len(document)
    finally:
        document.close()


def report(label: str, size: int, whole: list[float], alone: list[float] | None) -> None:
    line = (
        f"{label:22} {size:>9,} bytes  median {statistics.median(whole):.3f} s"
        f" (fastest {min(whole):.3f} s)"
    )
    if alone is not None:
        line += (
            f"  baseline, library alone: median {statistics.median(alone):.3f} s"
            f" (fastest {min(alone):.3f} s)"
        )
    print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--copies", type=int, default=17)
    args = parser.parse_args()
    with demo_database():
        from django.utils import translation

        from riktning.consultation import comparison_report
        from riktning.devtools.demo import VERSION_2021_TITLE
        from riktning.strategy.export import version_report
        from riktning.strategy.export.outline import outline
        from riktning.strategy.models import Version

        version = long_version(Version.objects.get(title=VERSION_2021_TITLE), args.copies)
        revised = revised_copy(version)
        with translation.override("sv"):
            blocks = outline(version)
        characters = sum(len(block.text) for block in blocks)
        pdf = version_report.render(version, "pdf")
        print(
            f"{characters:,} characters, {pdf_pages(pdf)} A4 pages as PDF, "
            f"{version.areas.count()} areas, {len(blocks)} blocks"
        )
        baselines = {"docx": baseline_docx, "pdf": baseline_pdf, "html": None}
        for fmt, baseline in baselines.items():
            data = version_report.render(version, fmt)
            whole = timed(lambda fmt=fmt: version_report.render(version, fmt), args.runs)
            alone = None
            if baseline is not None:
                alone = timed(lambda baseline=baseline: baseline(blocks), args.runs)
            report(f"version {fmt}", len(data), whole, alone)
        pair = comparison_report.pair_for(version, revised, comparison_report.Operator())
        for fmt in ("docx", "pdf"):
            data = comparison_report.render(pair, fmt)
            whole = timed(lambda fmt=fmt: comparison_report.render(pair, fmt), args.runs)
            report(f"comparison {fmt}", len(data), whole, None)


if __name__ == "__main__":
    main()
