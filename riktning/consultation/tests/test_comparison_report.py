"""Two versions as a marked-up comparison: Word with real revision marks the clerk can accept or
reject (accepting them all gives the newer version's text, rejecting them all the older's), PDF
and HTML with highlighted additions and struck deletions, and the change list with each
change's cause at the end."""

import copy
import io
import re
import shutil
import subprocess
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from docx import Document
from docx.oxml.ns import qn

from riktning.consultation import comparison_report, nextversion
from riktning.devtools.demo import VERSION_2021_TITLE, seed_demo
from riktning.strategy.export import version_report
from riktning.strategy.models import DevelopmentArea, Goal, Section, Version
from riktning.strategy.tests.factories import GoalFactory
from riktning.strategy.tests.test_export import assert_pdf_ua, pdf_text

from .test_nextversion import decide, draft, round, statement_with  # noqa: F401 (fixtures)

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CHANGES_HEADING = "Ändringar i korthet"
pytestmark = pytest.mark.django_db


@pytest.fixture
def revised(round, draft, coordinator, social_editor, orgs):  # noqa: F811
    """The round's draft and the next version made from it: a text proposal taken in on the goal
    ("barn och unga" → "alla kommuninvånare"), then by hand a new area with a goal, the
    introduction gone and the title changed."""
    goal = Goal.objects.get(area__version=draft)
    [comment] = statement_with(
        round, orgs["social"], social_editor, [(goal, "barn och unga", "alla kommuninvånare")]
    )
    decide(coordinator, comment)
    new = nextversion.create_next_version(round, by=coordinator, title="Strategi, ny").version
    area = DevelopmentArea.objects.create(
        version=new, order=2, title="Trygghet i skolan", description="Skolan ska vara trygg."
    )
    GoalFactory(area=area, title="Alla elever känner sig trygga i skolan")
    Section.objects.filter(version=new, heading="Inledning").delete()
    return draft, new, comment


def comparison_docx(old, new, viewer=None) -> bytes:
    pair = comparison_report.pair_for(old, new, viewer or comparison_report.Operator())
    return comparison_report.render(pair, "docx")


def body_paragraphs(document) -> list:
    """The body's paragraphs up to the change list (the page break before its heading)."""
    out = []
    for p in document.element.body.iter(qn("w:p")):
        if p.find(f".//{qn('w:br')}[@{qn('w:type')}='page']") is not None:
            break
        out.append(p)
    return out


def _text(p) -> str:
    pieces = []
    for node in p.iter(qn("w:t"), qn("w:br")):
        pieces.append("\n" if node.tag == qn("w:br") else node.text or "")
    return "".join(pieces)


def _style(p) -> str:
    style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return style.get(qn("w:val")) if style is not None else "Normal"


def resolved(data: bytes, *, accept: bool) -> list[tuple[str, str]]:
    """The marked-up text with every change accepted (or rejected), as (style id, text)."""
    document = Document(io.BytesIO(data))
    keep, drop = ("w:ins", "w:del") if accept else ("w:del", "w:ins")
    result = []
    for original in body_paragraphs(document):
        p = copy.deepcopy(original)
        mark = p.find(f"{qn('w:pPr')}/{qn('w:rPr')}/{qn(drop)}")
        if mark is not None:
            continue  # a paragraph added (rejecting) or removed (accepting) goes with its mark
        for element in list(p.iter(qn(drop))):
            element.getparent().remove(element)
        for element in list(p.iter(qn(keep))):
            parent = element.getparent()
            if parent.tag == qn("w:rPr"):
                parent.remove(element)
                continue
            index = parent.index(element)
            for child in list(element):
                parent.insert(index, child)
                index += 1
            parent.remove(element)
        for deleted in p.iter(qn("w:delText")):
            deleted.tag = qn("w:t")
        result.append((_style(p), _text(p)))
    return result


def plain(version: Version) -> list[tuple[str, str]]:
    document = Document(io.BytesIO(version_report.render(version, "docx")))
    return [(_style(p), _text(p)) for p in document.element.body.iter(qn("w:p"))]


def marks(data: bytes) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")


def test_accepting_every_change_gives_the_new_version_and_rejecting_the_old(revised):
    old, new, _comment = revised

    data = comparison_docx(old, new)

    assert resolved(data, accept=True) == plain(new)
    assert resolved(data, accept=False) == plain(old)


def test_the_revision_marks_name_an_author_and_a_date_and_mark_single_words(revised, coordinator):
    old, new, _comment = revised

    xml = marks(comparison_docx(old, new))

    tags = re.findall(r"<w:(ins|del) ([^>]*)>", xml)
    assert {kind for kind, _ in tags} == {"ins", "del"}
    for _kind, attributes in tags:
        assert 'w:author="' in attributes
        assert re.search(r'w:date="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"', attributes)
    ids = re.findall(r'<w:(?:ins|del) w:id="(\d+)"', xml)
    assert len(ids) == len(set(ids))
    # The goal's changed words only; the rest of its sentence stays plain text.
    goal = Document(io.BytesIO(comparison_docx(old, new)))
    [paragraph] = [p for p in body_paragraphs(goal) if "Tryggt boende för" in "".join(p.itertext())]
    deleted = "".join(t.text for t in paragraph.iter(qn("w:delText")))
    inserted = "".join(t.text for e in paragraph.iter(qn("w:ins")) for t in e.iter(qn("w:t")))
    assert (deleted, inserted) == ("barn och unga", "alla kommuninvånare")
    direct = "".join(t.text for r in paragraph.findall(qn("w:r")) for t in r.iter(qn("w:t")))
    assert direct == "Tryggt boende för "
    # Whole parts: the new area's paragraphs are inserted, the introduction's deleted.
    assert re.search(r"<w:ins [^>]*>(?:(?!</w:ins>).)*Trygghet i skolan", xml)
    assert re.search(r"<w:del [^>]*>(?:(?!</w:del>).)*Strategin gäller barn", xml)


def test_the_change_list_at_the_end_names_each_change_and_its_cause(revised, orgs):
    old, new, comment = revised

    document = Document(io.BytesIO(comparison_docx(old, new)))

    texts = [p.text for p in document.paragraphs]
    assert CHANGES_HEADING in texts
    [table] = document.tables
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["Del", "Ändring", "Var", "Vad", "Orsak"]
    by_part = {row[0]: row for row in rows[1:]}
    renamed = by_part["Mål: Tryggt boende för alla kommuninvånare"]
    assert renamed[1] == "Nytt namn"
    assert renamed[4] == (
        f"Synpunkt från {orgs['social'].name} (textförslaget infört): "
        "”Förslag till ändrad lydelse.”"
    )
    assert by_part["Område: Trygghet i skolan"][1] == "Tillagd"
    assert by_part["Område: Trygghet i skolan"][4] == "–"


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice")
def test_libreoffice_opens_the_word_file_with_its_tracked_changes(revised, tmp_path):
    old, new, _comment = revised
    path = tmp_path / "jamforelse.docx"
    path.write_bytes(comparison_docx(old, new))

    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--headless",
            "--convert-to",
            "odt",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )

    content = zipfile.ZipFile(tmp_path / "jamforelse.odt").read("content.xml").decode()
    assert "<text:tracked-changes" in content
    assert content.count("<text:insertion>") >= 2 and content.count("<text:deletion>") >= 2


def test_the_html_and_pdf_mark_additions_and_deletions_with_a_legend(revised, tmp_path):
    old, new, _comment = revised
    pair = comparison_report.pair_for(old, new, comparison_report.Operator())

    html = comparison_report.render(pair, "html").decode()

    assert '<html lang="sv">' in html
    assert "<del>barn och unga</del><ins>alla kommuninvånare</ins>" in html
    assert "Så läser du jämförelsen" in html and "gulmarkerad och understruken" in html
    assert '<span class="tag">Tillagt:</span> <ins>Trygghet i skolan</ins>' in html
    assert '<span class="tag">Borttaget:</span> <del>Inledning</del>' in html
    pdf = comparison_report.render(pair, "pdf")
    assert_pdf_ua(pdf, tmp_path, title=re.search(r"<title>(.*?)</title>", html).group(1))
    text = pdf_text(pdf, tmp_path)
    assert "Tillagt: Trygghet i skolan" in text and "Borttaget: Inledning" in text
    assert CHANGES_HEADING in text


def test_the_command_takes_two_versions_of_the_same_document(revised, tmp_path, draft):  # noqa: F811
    old, new, _comment = revised
    out = tmp_path / "c.docx"

    call_command(
        "report", "comparison", str(old.pk), str(new.pk), "--format", "docx", "-o", str(out)
    )

    assert "<w:ins " in marks(out.read_bytes())
    other = Version.objects.exclude(document=old.document).first() or GoalFactory().area.version
    with pytest.raises(CommandError, match="Det finns ingen version"):
        call_command(
            "report", "comparison", str(old.pk), str(other.pk), "--format", "pdf", "-o", str(out)
        )
    with pytest.raises(CommandError, match="tar 2 referens"):
        call_command("report", "comparison", str(old.pk), "--format", "pdf", "-o", str(out))


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            seed_demo()
            yield Version.objects.get(title=VERSION_2021_TITLE)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def test_the_demos_two_strategies_compared_accept_and_reject_to_each(demo):
    later = demo.document.versions.exclude(pk=demo.pk).order_by("number").first()

    data = comparison_docx(demo, later)

    assert resolved(data, accept=True) == plain(later)
    assert resolved(data, accept=False) == plain(demo)
