"""A version of a steering document as the document it is: Word, PDF (tagged PDF/UA-1) or HTML;
A4, the municipality's name at the top of every page, the title, the version and its status
("Remissversion", "Antagen KF 29 mars 2021 § 12"), then the text, areas, goals and indicators in
the document's reading order (outline.py), the indicators in the document's own wording.

`riktning report version latest --format docx -o strategi.docx`
"""

from django.utils import translation
from django.utils.html import escape

from riktning.accounts.municipality import municipality_name
from riktning.reports.docx import new_document, to_bytes
from riktning.reports.registry import ReportNotFound, pick

from ..models import Version
from . import render as layout
from .outline import TITLE, outline, status_line

FORMATS = ("html", "pdf", "docx")


def resolve(ref: str) -> Version:
    """A version by id, or "latest": the newest version of any document."""
    version = pick(
        Version.objects.select_related("document"), ref, latest_by=("-created_at", "-id")
    )
    if version is None:
        raise ReportNotFound(f"Det finns ingen version {ref!r}.")
    return version


def filename(version: Version, fmt: str) -> str:
    return f"version-{version.pk}.{fmt}"


def render(obj: Version, fmt: str, *, progress=None) -> bytes:
    """The version in Swedish, whatever language the caller had active."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    with translation.override("sv"):
        blocks = outline(obj)
        status = status_line(obj)
        if fmt == "docx":
            return _docx(obj, blocks, status)
        html = render_html(obj, blocks, status)
        if fmt == "html":
            return html.encode("utf-8")
        return layout.pdf_from_html(html)


def _docx(version: Version, blocks, status: str) -> bytes:
    document = new_document(version.title)
    first, *rest = blocks
    assert first.kind == TITLE
    layout.add_blocks(document, [first])
    document.add_paragraph(status)
    layout.add_blocks(document, rest)
    return to_bytes(document)


def render_html(version: Version, blocks, status: str) -> str:
    first, *rest = blocks
    body = [
        layout.html_block(first),
        f'<p class="status">{escape(status)}</p>',
    ]
    if name := municipality_name():
        body.insert(0, f'<p class="municipality">{escape(name)}</p>')
    body.extend(layout.html_block(block) for block in rest)
    return layout.html_page(version.title, "\n".join(body))
