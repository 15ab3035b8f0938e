"""Every Word file starts A4 with the municipality's name: the shared helper."""

import io

import docx
import pytest
from docx.shared import Mm

from riktning.reports.docx import add_paragraphs, new_document, paragraphs, to_bytes


def test_paragraphs_split_on_any_line_ending():
    text = "Första stycket\r\nfortsätter.\r\n\r\nAndra stycket.\r\rTredje.\n\n\nFjärde."
    assert paragraphs(text) == [
        "Första stycket fortsätter.",
        "Andra stycket.",
        "Tredje.",
        "Fjärde.",
    ]
    assert paragraphs("  \r\n ") == []


@pytest.mark.django_db
def test_new_document_is_a4_with_the_municipality(settings):
    settings.RIKTNING_MUNICIPALITY_NAME = "Trelleborgs kommun"
    document = new_document("Sammanställning")
    add_paragraphs(document, "Ett.\r\n\r\nTvå.")
    reread = docx.Document(io.BytesIO(to_bytes(document)))
    section = reread.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1)
    assert abs(section.page_height - Mm(297)) < Mm(1)
    assert section.header.paragraphs[0].text == "Trelleborgs kommun"
    assert reread.core_properties.title == "Sammanställning"
    assert [p.text for p in reread.paragraphs] == ["Ett.", "Två."]
