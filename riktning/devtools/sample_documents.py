"""The demo's adopted strategy 2021–2030 as a file: Word, PDF (through HTML and WeasyPrint) or
plain text, for the tests and the benchmark of the document import.

The content is the demo's (`demo.py`, word for word from seed 002), laid out the way such a
document is: the title, the general sections, the part listing the development areas, and
each area with its introduction, its text sections, "Mål" and "Indikator". `outline(copies=N)`
repeats the areas N times (numbered) to make a long document.
"""

import html
from dataclasses import dataclass
from io import BytesIO

from .demo import (
    AREAS_2021,
    AREAS_HEADING,
    AREAS_INTRO,
    GOAL_TEXT,
    SECTIONS_2021,
    VERSION_2021_TITLE,
)

RUNNING_HEADER = "TRELLEBORGS KOMMUN"
MARKER_HEADINGS = {
    "Mål",
    "Nytt förslag till mål",
    "Indikator",
    "Ytterligare indikator",
    "Förslag till ytterligare indikator",
}
NUMBERED_STEP_PREFIXES = ("1)", "2)", "3)")


@dataclass(frozen=True)
class Part:
    kind: str  # "title", "heading", "paragraph", "item" or "marker"
    text: str
    level: int = 0
    paragraphs: tuple[str, ...] = ()  # a marker's text below it


def outline(copies: int = 1) -> list[Part]:
    parts = [Part("title", VERSION_2021_TITLE)]
    for heading, paragraphs in SECTIONS_2021:
        if heading:
            parts.append(Part("heading", heading, 1))
        for paragraph in paragraphs:
            kind = "item" if paragraph.startswith(NUMBERED_STEP_PREFIXES) else "paragraph"
            parts.append(Part(kind, paragraph))
    parts.append(Part("heading", AREAS_HEADING, 1))
    parts.extend(Part("paragraph", paragraph) for paragraph in AREAS_INTRO)
    for copy in range(1, copies + 1):
        for spec in AREAS_2021:
            suffix = f" {copy}" if copies > 1 else ""
            parts.append(Part("heading", spec["title"] + suffix, 2))
            parts.extend(Part("paragraph", paragraph) for paragraph in spec["intro"])
            for heading, paragraphs in spec["sections"]:
                paragraphs = tuple(spec["goal"] if p == GOAL_TEXT else p for p in paragraphs)
                if heading in MARKER_HEADINGS:
                    parts.append(Part("marker", heading, paragraphs=paragraphs))
                else:
                    parts.append(Part("heading", heading, 3))
                    parts.extend(Part("paragraph", paragraph) for paragraph in paragraphs)
    return parts


def as_docx(parts: list[Part]) -> bytes:
    """Word with its heading styles: Title, Heading 1–3; a marker as a Heading 3 of its own."""
    import docx

    document = docx.Document()
    for part in parts:
        if part.kind == "title":
            document.add_paragraph(part.text, style="Title")
        elif part.kind == "heading":
            document.add_heading(part.text, level=part.level)
        elif part.kind == "item":
            document.add_paragraph(part.text, style="List Paragraph")
        elif part.kind == "marker":
            document.add_heading(part.text, level=3)
            for paragraph in part.paragraphs:
                document.add_paragraph(paragraph)
        else:
            document.add_paragraph(part.text)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def as_html(parts: list[Part]) -> str:
    """A4 pages with a running header and page numbers, hyphenated Swedish text; a goal's
    marker as a bold line of its own, an indicator's inline ("Indikator: …")."""
    body = []
    for part in parts:
        text = html.escape(part.text)
        if part.kind == "title":
            body.append(f"<h1>{text}</h1>")
        elif part.kind == "heading":
            body.append(f"<h{part.level + 1}>{text}</h{part.level + 1}>")
        elif part.kind == "item":
            body.append(f"<p class='item'>{text}</p>")
        elif part.kind == "marker" and "indikator" in part.text.lower() and part.paragraphs:
            first, *rest = part.paragraphs
            body.append(f"<p><b>{text}:</b> {html.escape(first)}</p>")
            body.extend(f"<p>{html.escape(p)}</p>" for p in rest)
        elif part.kind == "marker":
            body.append(f"<p><b>{text}</b></p>")
            body.extend(f"<p>{html.escape(p)}</p>" for p in part.paragraphs)
        else:
            body.append(f"<p>{text}</p>")
    style = f"""
      @page {{ size: A4; margin: 2cm 2.2cm;
        @top-center {{ content: "{RUNNING_HEADER}"; font: 9pt sans-serif; }}
        @bottom-right {{
          content: "Sida " counter(page) " av " counter(pages); font: 9pt sans-serif; }} }}
      body {{ font: 11pt/1.35 serif; hyphens: auto; }}
      h1 {{ font: bold 22pt sans-serif; }} h2 {{ font: bold 16pt sans-serif; }}
      h3 {{ font: bold 13.5pt sans-serif; }} h4 {{ font: bold 11.5pt sans-serif; }}
      p {{ margin: 0 0 8pt; }} p.item {{ margin-left: 1cm; }}
    """
    return (
        f"<!doctype html><html lang='sv'><head><meta charset='utf-8'><style>{style}</style>"
        f"</head><body>{''.join(body)}</body></html>"
    )


def as_pdf(parts: list[Part]) -> bytes:
    import weasyprint

    return weasyprint.HTML(string=as_html(parts)).write_pdf()


def as_text(parts: list[Part]) -> str:
    lines = []
    for part in parts:
        if part.kind == "marker":
            lines.append(part.text)
            lines.extend(part.paragraphs)
        elif part.kind == "item":
            lines.append(f"- {part.text}")
        else:
            lines.append(part.text)
    return "\n\n".join(lines) + "\n"


def scanned_pdf() -> bytes:
    """A PDF with a page that is only an image, as a scanner makes: no text to read."""
    import weasyprint

    pixel = (
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
        "+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    )
    page = f"<img src='{pixel}' style='width:15cm;height:22cm' alt=''>"
    return weasyprint.HTML(string=f"<html><body>{page}</body></html>").write_pdf()
