"""The yearly follow-up fit for the council (issue 15 item 6): a cover, a table of contents, a
summary table of every goal's status, each chart on the page of its table, A4 and one typeface."""

import io

import pytest
from django.test import override_settings

from riktning.followup import report
from riktning.followup.tests.test_yearly import approved, started  # noqa: F401 (fixtures)
from riktning.reports.models import Rendering
from riktning.reports.tests.pdftext import (
    pdf_figures,
    pdf_font_families,
    pdf_page_sizes,
    pdf_pages,
)

pytestmark = pytest.mark.django_db

MUNICIPALITY = "Exempelkommun"
GOALS = ["Fler klarar skolan", "Fler har arbete"]
TABLE_HEADER = "Indikator Status Flickor och pojkar Jämfört med andra"


@pytest.fixture(autouse=True)
def _municipality():
    with override_settings(RIKTNING_MUNICIPALITY_NAME=MUNICIPALITY):
        yield


@pytest.fixture
def pdf(approved):  # noqa: F811
    return report.render(approved, "pdf")


def _word(followup):
    from docx import Document

    return Document(io.BytesIO(report.render(followup, "docx")))


def test_the_pdf_cover_names_the_municipality_title_year_and_approval(pdf, approved):  # noqa: F811
    cover = pdf_pages(pdf)[0]
    assert cover.startswith(MUNICIPALITY)
    assert "Uppföljning 2025 – Strategi" in cover
    assert "Uppföljningsår 2025" in cover
    assert "Godkänd " in cover


def test_a_draft_says_so_on_the_cover(coordinator):
    followup = started(coordinator)
    cover = pdf_pages(report.render(followup, "pdf"))[0]
    assert "Utkast – inte godkänd" in cover
    document = _word(followup)
    assert "Utkast – inte godkänd" in [p.text for p in document.paragraphs[:6]]


def test_the_pdf_contents_list_every_area_and_goal_with_its_page(pdf):
    pages = pdf_pages(pdf)
    contents = pages[1]
    assert contents.startswith("Innehåll")
    for heading in ["Sammanfattning av målens status", "Utbildning", *GOALS]:
        assert heading in contents
    # The page number after "Fler har arbete" is the page that starts with that goal.
    number = int(contents.split("Fler har arbete")[1].strip(" .").split()[0])
    assert pages[number - 1].startswith("Fler har arbete") or "Fler har arbete" in pages[number - 1]


def test_the_summary_table_has_a_row_per_goal_with_its_status_word(pdf, approved):  # noqa: F811
    summary = next(p for p in pdf_pages(pdf) if p.startswith("Sammanfattning"))
    assert "Fler klarar skolan ●●○ Måttliga framsteg" in summary
    assert "Fler har arbete ★ Målet nås" in summary
    table = _word(approved).tables[0]
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == ["Område", "Mål", "Status"]
    assert rows[1:] == [
        ["Utbildning", "Fler klarar skolan", "●●○ Måttliga framsteg"],
        ["Utbildning", "Fler har arbete", "★ Målet nås"],
    ]


def test_every_chart_is_on_a_page_with_its_goals_table(pdf):
    charted = [p for p in pdf_pages(pdf) if " År " in p and "Värde" in p]
    assert len(charted) == 2
    for page in charted:
        assert TABLE_HEADER in page


def test_the_pdf_is_a4_in_one_typeface_page_numbers_included(pdf):
    assert {(round(w), round(h)) for w, h in pdf_page_sizes(pdf)} == {(595, 842)}
    assert pdf_font_families(pdf) == {"DejaVu-Sans"}
    pages = pdf_pages(pdf)
    assert pages[-1].endswith(f"{len(pages)} ({len(pages)})")


def test_word_has_a_cover_a_toc_field_and_the_written_contents(approved):  # noqa: F811
    from docx.oxml.ns import qn

    document = _word(approved)
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == MUNICIPALITY
    assert document.paragraphs[1].style.name == "Title"
    assert "Uppföljningsår 2025" in texts and any(t.startswith("Godkänd ") for t in texts)
    instructions = [e.text for e in document.element.body.iter(qn("w:instrText"))]
    assert any("TOC" in i for i in instructions)
    start = texts.index("Innehåll")
    assert texts[start + 1 : start + 5] == [
        "Sammanfattning av målens status",
        "Utbildning",
        *GOALS,
    ]
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert section.header.paragraphs[0].text == MUNICIPALITY


def test_word_keeps_each_chart_with_its_table_in_one_typeface(approved):  # noqa: F811
    document = _word(approved)
    goal_tables = [t for t in document.tables[1:] if t.rows[0].cells[1].text == "Status"]
    assert goal_tables
    for table in goal_tables:  # not the gender-equality section's table: no chart follows it
        last = table.rows[-1].cells[0].paragraphs[0]
        assert last.paragraph_format.keep_with_next
    for name in ["Normal", "Title", "Heading 1", "Heading 2", "Heading 3"]:
        assert document.styles[name].font.name == "DejaVu Sans"


def test_every_chart_in_the_pdf_is_a_figure_with_its_alternative_text(pdf):
    figures = pdf_figures(pdf)
    assert len(figures) == 2
    assert all(alt.startswith("Diagram: ") and len(alt) > len("Diagram: ") for alt in figures)


def _parts(docx: bytes) -> dict[str, bytes]:
    """A Word file's parts by name (the zip's own timestamps left out)."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_a_report_from_stored_charts_is_the_same_as_one_drawn_anew(approved):  # noqa: F811
    Rendering.objects.all().delete()
    word, pdf = report.render(approved, "docx"), report.render(approved, "pdf")
    stored = Rendering.objects.count()
    assert stored == 5  # two charts, as PNG and as SVG, and the PDF

    assert _parts(report.render(approved, "docx")) == _parts(word)  # the images included
    assert report.render(approved, "pdf") == pdf
    assert Rendering.objects.count() == stored


def test_approving_puts_the_drawing_of_its_charts_on_the_queue(coordinator):
    from django_tasks_db.models import DBTaskResult

    from riktning.followup import services

    followup = started(coordinator)
    services.submit_for_review(followup, by=coordinator)
    services.approve_followup(followup, by=coordinator)

    job = DBTaskResult.objects.get(task_path__endswith="draw_charts_ahead")
    assert job.args_kwargs["kwargs"] == {"followup_id": followup.pk}


def test_approving_draws_the_charts_ahead_into_the_store(
    coordinator, settings, django_capture_on_commit_callbacks
):
    from riktning.followup import services

    settings.RIKTNING_JOBS_INLINE = True
    followup = started(coordinator)
    services.submit_for_review(followup, by=coordinator)
    Rendering.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        followup = services.approve_followup(followup, by=coordinator)

    assert Rendering.objects.count() == 5  # two charts, as PNG and as SVG, and the PDF
    report.render(followup, "docx")
    report.render(followup, "pdf")
    assert Rendering.objects.count() == 5  # nothing new was drawn
