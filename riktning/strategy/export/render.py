"""Blocks (outline.py) to Word and to HTML: the one layout both the version and the comparison use.

Word: the title in the "Title" style, headings in "Heading 1"–"Heading 9", a marker as a heading
of its own ("Mål", "Indikator") one level below its area with its text as the paragraph below it,
as seed 002 is laid out. HTML (and the PDF made from it): the same headings one level down (the
title is the h1), a goal's marker as a bold line of its own, an indicator's inline
("Indikator: …"), A4 pages with the municipality's name at the top of each.
"""

from django.utils.html import escape

from riktning.accounts.municipality import municipality_name

from .outline import HEADING, MARKER, TITLE, Block

PAGE_CSS = """
  @page { size: A4; margin: 2.2cm 2.2cm 2.4cm;
    @top-center { content: "%(municipality)s"; font-size: 9pt; color: #333; }
    @bottom-center { content: counter(page) " (" counter(pages) ")"; font-size: 9pt; } }
  body { font-family: "DejaVu Serif", serif; font-size: 11pt; line-height: 1.4; color: #111;
    max-width: 46rem; margin: 0 auto; }
  h1, h2, h3, h4, h5, h6 { font-family: "DejaVu Sans", sans-serif; line-height: 1.2;
    break-after: avoid; }
  h1 { font-size: 22pt; margin-bottom: 0.2em; } h2 { font-size: 16pt; }
  h3 { font-size: 13.5pt; } h4 { font-size: 11.5pt; } h5, h6 { font-size: 11pt; }
  p { margin: 0 0 8pt; white-space: pre-line; }
  .status { font-family: "DejaVu Sans", sans-serif; font-size: 12pt; }
  .municipality { font-family: "DejaVu Sans", sans-serif; font-size: 10pt; }
  @media screen { body { padding: 1rem; } }
"""


def css_string(text: str) -> str:
    """`text` inside a CSS string literal."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def page_css(municipality: str | None = None) -> str:
    name = municipality if municipality is not None else municipality_name()
    return PAGE_CSS % {"municipality": css_string(name or "")}


def html_block(block: Block, inner: str | None = None, *, offset: int = 0) -> str:
    """One block as HTML; `inner` replaces its escaped text (the comparison's marked-up words);
    `offset` moves the headings down (the title is h1, or h2 inside the comparison)."""
    text = escape(block.text) if inner is None else inner
    if block.kind == TITLE:
        return f"<h{1 + offset}>{text}</h{1 + offset}>"
    if block.kind == HEADING:
        level = min(block.level + 1 + offset, 6)
        return f"<h{level}>{text}</h{level}>"
    if block.kind == MARKER:
        label = escape(block.label)
        if block.part == "goal":
            return f'<p class="marker"><strong>{label}</strong></p><p>{text}</p>'
        return f"<p><strong>{label}:</strong> {text}</p>"
    return f"<p>{text}</p>"


def html_page(title: str, body: str, *, extra_css: str = "") -> str:
    return (
        '<!DOCTYPE html>\n<html lang="sv">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{page_css()}{extra_css}</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )


def pdf_from_html(html: str) -> bytes:
    """Tagged PDF/UA-1, as the follow-up report."""
    from weasyprint import HTML

    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")


def add_text(paragraph, text: str):
    """`text` as one run of `paragraph`, a line break where the text has one."""
    lines = text.split("\n")
    run = paragraph.add_run(lines[0])
    for line in lines[1:]:
        run.add_break()
        run.add_text(line)
    return run


def _paragraph(document, style_id: str | None = None):
    """A new paragraph with the style of that id ("Title", "Heading1" …), set directly: python-docx
    looks a style up by its name in a way that grows with the document (slow for 40 pages)."""
    paragraph = document.add_paragraph()
    if style_id:
        paragraph._p.style = style_id
    return paragraph


def _heading_id(level: int) -> str:
    return f"Heading{min(max(level, 1), 9)}"


def docx_paragraphs(document, block: Block):
    """Add `block`'s empty paragraphs to the Word `document`: (the marker's heading or None, the
    paragraph for the block's text). The caller writes the runs."""
    if block.kind == TITLE:
        return None, _paragraph(document, "Title")
    if block.kind == HEADING:
        return None, _paragraph(document, _heading_id(block.level))
    if block.kind == MARKER:
        marker = _paragraph(document, _heading_id(block.level))
        return marker, _paragraph(document)
    return None, _paragraph(document)


def add_blocks(document, blocks: list[Block]) -> None:
    """The blocks as they are (no marks)."""
    for block in blocks:
        marker, paragraph = docx_paragraphs(document, block)
        if marker is not None:
            add_text(marker, block.label)
        add_text(paragraph, block.text)
