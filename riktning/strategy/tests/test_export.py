"""A version as Word, PDF and HTML: the file a clerk attaches to a council paper, and one the
importer reads back into the same areas, goals and indicator links (the round trip)."""

import datetime
import html
import io
import re
import zlib

import pypdfium2
import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from docx import Document

from riktning.accounts.tests.factories import OrganisationFactory
from riktning.devtools.demo import VERSION_2021_TITLE, seed_demo
from riktning.reports.tests.pdftext import pdf_text as read_pdf_text
from riktning.strategy.constants import IndicatorRole, VersionStatus
from riktning.strategy.export import version_report
from riktning.strategy.importing import propose_import
from riktning.strategy.models import Goal, GoalIndicator, Version, VersionStatusChange
from riktning.strategy.services import create_version_from
from riktning.strategy.tests import factories
from riktning.strategy.tests.test_import_demo import demo_content, imported_content

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AREAS = [
    "Föräldrastöd",
    "Samverkan kring barn och ungas lärande",
    "En meningsfull fritid",
    "Arbete åt alla och god framtidstro",
    "Hållbara livsmiljöer",
    "Lyssna på barn och unga",
]
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, seeded once for this module inside a transaction rolled back at its end."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            seed_demo()
            yield Version.objects.get(title=VERSION_2021_TITLE)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def exported(version: Version, fmt: str, tmp_path) -> bytes:
    """The file `riktning report version <id> --format fmt` writes."""
    path = tmp_path / f"v.{fmt}"
    call_command("report", "version", str(version.pk), "--format", fmt, "-o", str(path))
    return path.read_bytes()


def pdf_text(data: bytes, tmp_path=None) -> str:
    return read_pdf_text(data)


def assert_pdf_ua(data: bytes, tmp_path=None, *, title: str) -> None:
    """The checks the follow-up report's PDF passes: tagged (a structure tree, marked content),
    PDF/UA-1 declared in its metadata, Swedish, titled, A4."""
    objects = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        try:
            objects.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    catalogue = b"\n".join(objects)
    assert b"/StructTreeRoot" in catalogue and b"/Marked true" in catalogue
    assert b"/Lang (sv)" in catalogue
    assert b'pdfuaid:part="1"' in catalogue
    assert f">{html.escape(title)}</rdf:li>".encode() in catalogue
    document = pypdfium2.PdfDocument(data)
    try:
        width, height = document[0].get_size()
    finally:
        document.close()
    assert (round(width), round(height)) == (595, 842)


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_the_adopted_strategy_exported_and_imported_gives_back_its_areas_goals_and_links(
    demo, tmp_path, fmt
):
    data = exported(demo, fmt, tmp_path)

    tree = propose_import(data, f"strategi.{fmt}")

    assert imported_content(tree) == demo_content(demo)
    assert len(tree.areas) == 6 and len(tree.goals) == 6
    matched = [link for link in tree.links if link.catalogue_id]
    assert len(matched) == 8
    assert [link.role for link in tree.links if not link.catalogue_id] == [IndicatorRole.PROPOSED]


def test_the_word_file_is_a4_with_the_municipality_title_status_and_real_headings(demo, tmp_path):
    document = Document(io.BytesIO(exported(demo, "docx", tmp_path)))

    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert section.header.paragraphs[0].text == "Trelleborgs kommun"
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert paragraphs[0] == ("Title", VERSION_2021_TITLE)
    assert paragraphs[1] == ("Normal", "Version 1 – Antagen KF")
    # The document's reading order: the general sections, the part listing the areas, the
    # areas (strategy/reading.py).
    top = [text for style, text in paragraphs if style == "Heading 1"]
    assert top == [
        "Långsiktighet i fokus",
        "Samverkan med berörda förvaltningar och bolag",
        "Vi gör detta i tre steg",
        "Särskilt viktiga utvecklingsområden",
        *AREAS,
    ]
    # An area: its sub-sections and then "Mål" and "Indikator", each with its text below.
    start = paragraphs.index(("Heading 1", "Föräldrastöd"))
    end = paragraphs.index(("Heading 1", AREAS[1]))
    area = [(style, text[:40]) for style, text in paragraphs[start:end] if style != "Normal"]
    assert area == [
        ("Heading 1", "Föräldrastöd"),
        ("Heading 2", "Om generellt föräldrastöd"),
        ("Heading 2", "Kartläggning av generellt föräldrastöd"),
        ("Heading 2", "Mål"),
        ("Heading 2", "Indikator"),
    ]
    style, indicator = paragraphs[[p[1] for p in paragraphs].index("Indikator", start) + 1]
    assert style == "Normal"
    assert indicator.startswith("Antal föräldrar som deltar i föräldrastödsprogram")
    assert document.core_properties.title == VERSION_2021_TITLE


def test_an_indicator_is_shown_in_the_documents_wording_with_the_catalogue_name_beside(
    demo, tmp_path
):
    draft = create_version_from(demo, title="Strategi med egna formuleringar")
    goal = Goal.objects.filter(area__version=draft).order_by("area__order", "order").first()
    link = GoalIndicator.objects.filter(goal__area__version=demo, indicator__isnull=False).last()
    GoalIndicator.objects.create(
        goal=goal,
        indicator=link.indicator,
        role=IndicatorRole.PRIMARY,
        order=9,
        wording="Hur många föräldrar som går en kurs i föräldraskap",
    )

    text = [p.text for p in Document(io.BytesIO(exported(draft, "docx", tmp_path))).paragraphs]

    assert text[1] == f"Version {draft.number} – Utkast"
    at = text.index("Hur många föräldrar som går en kurs i föräldraskap")
    assert text[at - 1] == "Indikator"
    assert text[at + 1] == f"I indikatorkatalogen: {link.indicator.title}"


def test_the_status_line_names_the_decision_that_adopted_the_version():
    version = factories.VersionFactory(number=3)
    council = OrganisationFactory(name="Fullmäktige i Testkommun", short_name="KF")
    Version.objects.filter(pk=version.pk).update(status=VersionStatus.ADOPTED)
    VersionStatusChange.objects.create(
        version=version,
        from_status=VersionStatus.DRAFT,
        to_status=VersionStatus.ADOPTED,
        decided_by=council,
        decision_date=datetime.date(2021, 3, 29),
        paragraph="45",
    )
    version.refresh_from_db()

    html = version_report.render(version, "html").decode()

    assert "Version 3 – Antagen KF 29 mars 2021 § 45" in html


def test_a_version_without_text_is_its_title_and_its_areas(tmp_path):
    version = factories.VersionFactory(title="Plan utan text", status=VersionStatus.DRAFT)
    area = factories.AreaFactory(version=version, title="Trygghet", order=1)
    factories.GoalFactory(area=area, title="Alla ska känna sig trygga")

    document = Document(io.BytesIO(version_report.render(version, "docx")))

    assert [(p.style.name, p.text) for p in document.paragraphs] == [
        ("Title", "Plan utan text"),
        ("Normal", f"Version {version.number} – Utkast"),
        ("Heading 1", "Trygghet"),
        ("Normal", "Beskrivning av området."),
        ("Heading 2", "Mål"),
        ("Normal", "Alla ska känna sig trygga"),
    ]


def test_the_pdf_is_tagged_a4_swedish_and_names_the_areas_in_order(demo, tmp_path):
    data = exported(demo, "pdf", tmp_path)

    assert_pdf_ua(data, tmp_path, title=VERSION_2021_TITLE)
    text = pdf_text(data, tmp_path)
    positions = [text.find(area) for area in AREAS]
    assert -1 not in positions and positions == sorted(positions)
    assert "Version 1 – Antagen KF" in text
    assert "Trelleborgs kommun" in text


def test_the_html_is_a_standalone_swedish_page():
    version = factories.VersionFactory(title="Plan <b>x</b>")

    html = version_report.render(version, "html").decode()

    assert html.startswith("<!DOCTYPE html>") and '<html lang="sv">' in html
    assert "<h1>Plan &lt;b&gt;x&lt;/b&gt;</h1>" in html
    assert "<script" not in html


def test_the_command_names_a_version_that_does_not_exist(db, tmp_path):
    with pytest.raises(CommandError, match="Det finns ingen version '999999'"):
        call_command("report", "version", "999999", "--format", "docx", "-o", str(tmp_path / "x"))
    with pytest.raises(CommandError, match="tar 1 referens"):
        call_command("report", "version", "1", "2", "--format", "docx", "-o", str(tmp_path / "x"))


def test_a_version_out_for_consultation_is_the_consultation_version():
    version = factories.VersionFactory(number=2, status=VersionStatus.CONSULTATION)

    html = version_report.render(version, "html").decode()

    assert '<p class="status">Version 2 – Remissversion</p>' in html
