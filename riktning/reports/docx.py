"""The one way Riktning starts a Word file: A4 portrait, Swedish, the municipality's name in
the page header, the document's title in the file's properties, and helpers every council
paper needs (paragraphs split on any line ending). Every `.docx` Riktning writes starts here."""

import io
import re

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.shared import Mm

from riktning.accounts.municipality import municipality_name

A4_WIDTH_MM = 210
A4_HEIGHT_MM = 297
MARGIN_MM = 25

_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")


def new_document(title: str, *, municipality: str | None = None) -> WordDocument:
    """An empty A4 document titled `title`, with the municipality's name in every page header."""
    document = Document()
    properties = document.core_properties
    properties.title = title
    properties.language = "sv-SE"
    name = municipality if municipality is not None else municipality_name()
    if name:
        properties.author = name
    for section in document.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width = Mm(A4_WIDTH_MM)
        section.page_height = Mm(A4_HEIGHT_MM)
        section.left_margin = section.right_margin = Mm(MARGIN_MM)
        section.top_margin = section.bottom_margin = Mm(MARGIN_MM)
        if name:
            section.header.paragraphs[0].text = name
    return document


def paragraphs(text: str) -> list[str]:
    """`text` split into paragraphs at blank lines, whatever the line endings (CRLF, CR, LF);
    a single line break inside a paragraph becomes a space. Empty paragraphs are dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    parts = _PARAGRAPH_BREAK.split(text.strip())
    return [" ".join(part.split("\n")).strip() for part in parts if part.strip()]


def add_paragraphs(document: WordDocument, text: str, style: str | None = None) -> None:
    """Add `text` to `document` as its paragraphs (see `paragraphs`)."""
    for paragraph in paragraphs(text):
        document.add_paragraph(paragraph, style=style)


def to_bytes(document: WordDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
