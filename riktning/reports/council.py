"""The parts of a Word file fit for the council, after `docx.new_document()`: a cover, a table of
contents and one typeface throughout.

- `cover()`: the municipality's name, the title, the year and the status, then a page break.
- `contents()`: a real TOC field whose shown result is the written list of headings, so the list
  is there before Word or LibreOffice update the field (they only fill it on update) and it is
  replaced, not doubled, when they do.
- `one_typeface()`: the body, the headings, the title and the tables in one font family.
- `keep_with_next()`: a table (every paragraph of its cells) stays on the page of what follows,
  e.g. the chart drawn from it.
"""

from docx.document import Document as WordDocument
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

# The one typeface of the council's files (the PDF's fonts are DejaVu too: the same family).
FONT = "DejaVu Sans"

_STYLES = ("Normal", "Title", "Subtitle", "Table Grid", "List Bullet", "List Number") + tuple(
    f"Heading {level}" for level in range(1, 4)
)


def one_typeface(document: WordDocument, font: str = FONT) -> None:
    """Every style the council's files use in `font` (headings no longer take the theme's)."""
    for name in _STYLES:
        try:
            style = document.styles[name]
        except KeyError:
            continue
        style.font.name = font
        properties = style.element.get_or_add_rPr()
        fonts = properties.find(qn("w:rFonts"))
        for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attribute), font)
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            fonts.attrib.pop(qn(attribute), None)


def cover(document: WordDocument, *, municipality: str, title: str, lines: list[str]) -> None:
    """The cover page: the municipality, the title and `lines` (year, status…), then a break."""
    if municipality:
        name = document.add_paragraph()
        name.paragraph_format.space_before = Cm(4)
        run = name.add_run(municipality)
        run.bold = True
        run.font.size = Pt(16)
    document.add_paragraph(title, style="Title")
    for line in lines:
        paragraph = document.add_paragraph()
        paragraph.add_run(line).font.size = Pt(14)
    page_break(document)


def page_break(document: WordDocument) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _field_char(run, kind: str) -> None:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    run._r.append(element)


def contents(document: WordDocument, heading: str, entries: list[tuple[int, str]]) -> None:
    """The table of contents: `heading`, then a TOC field (levels 1–2) showing `entries`
    ((level, text) in reading order) until it is updated, then a page break."""
    title = document.add_paragraph()
    run = title.add_run(heading)
    run.bold = True
    run.font.size = Pt(16)
    entries = entries or [(1, "")]
    paragraphs = []
    for level, text in entries:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.left_indent = Cm(0.75 * (level - 1))
        paragraphs.append((paragraph, text))
    first = paragraphs[0][0]
    begin = first.add_run()
    _field_char(begin, "begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = ' TOC \\o "1-2" \\h \\z \\u '
    first.add_run()._r.append(instruction)
    _field_char(first.add_run(), "separate")
    for paragraph, text in paragraphs:
        paragraph.add_run(text)
    _field_char(paragraphs[-1][0].add_run(), "end")
    page_break(document)


def keep_with_next(table) -> None:
    """Keep `table` on one page with the paragraph after it (Word's keep-with-next per row)."""
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def bold_header(table, texts: list[str]) -> None:
    for cell, text in zip(table.rows[0].cells, texts, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    properties = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)
