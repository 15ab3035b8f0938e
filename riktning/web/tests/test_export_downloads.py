"""The download buttons: a version as Word/PDF/HTML on the version page, and the marked-up
comparison on the comparison page, for whoever may see the versions."""

import io

import pytest
from docx import Document

from riktning.strategy import services as strategy_services
from riktning.strategy.constants import VersionStatus
from riktning.strategy.models import Goal
from riktning.strategy.tests.factories import strategy_with_content

pytestmark = pytest.mark.django_db
WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_the_version_page_offers_the_document_and_anyone_downloads_an_adopted_one(personas):
    version = strategy_with_content(VersionStatus.ADOPTED)
    page = personas["anonymous"].get(f"/versioner/{version.pk}/").content.decode()
    assert f'href="/versioner/{version.pk}/dokument.docx"' in page
    assert "Ladda ned dokumentet som Word" in page

    response = personas["anonymous"].get(f"/versioner/{version.pk}/dokument.docx")

    assert response.status_code == 200 and response["Content-Type"] == WORD
    assert response["Content-Disposition"] == (f'attachment; filename="version-{version.pk}.docx"')
    document = Document(io.BytesIO(response.content))
    assert document.paragraphs[0].text == version.title
    assert personas["anonymous"].get(f"/versioner/{version.pk}/dokument.exe").status_code == 404


def test_the_comparison_page_offers_the_marked_up_word_file(personas, coordinator):
    old = strategy_with_content(VersionStatus.ADOPTED)
    new = strategy_services.create_version_from(old, title="Ny version", by=coordinator)
    goal = Goal.objects.filter(area__version=new).first()
    Goal.objects.filter(pk=goal.pk).update(title=goal.title + " och deras barn")
    page = personas["coordinator"].get(f"/versioner/{old.pk}/jamfor/{new.pk}/").content.decode()
    url = f"/versioner/{old.pk}/jamfor/{new.pk}/jamforelse.docx"
    assert f'href="{url}"' in page and "Ladda ned som Word med spårade ändringar" in page

    response = personas["coordinator"].get(url)

    assert response.status_code == 200 and response["Content-Type"] == WORD
    assert b"w:ins" in _document_xml(response.content)
    # A draft is for members only, the file too.
    assert personas["anonymous"].get(url).status_code in (302, 404)


def _document_xml(data: bytes) -> bytes:
    import zipfile

    return zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
