"""Two versions as one marked-up document: Word with real revision marks, HTML and PDF.

The two versions' outlines (outline.py, the status line after the title) are aligned block by
block (`align`): equal blocks stay, and in a stretch where they differ a block is paired with the
most similar block of the same kind (at least compare.SIMILAR of the words in common), in order;
the rest are whole blocks removed or added. Inside a paired block the words are diffed
(compare.diff_words).

Word: a changed word is a run inside `w:ins` or `w:del` (with `w:author` and `w:date`), a whole
block added or removed is a paragraph whose runs and paragraph mark are inserted or deleted, so
accepting every change in Word gives the newer version's text and rejecting every change the
older's. After the text, on a page of its own, the structured change list (compare.py) with each
change's cause, as plain text (not revision marks).

HTML/PDF: additions highlighted in yellow and underlined, deletions struck through; a whole
block added or removed carries the words "Tillagt:" / "Borttaget:", and a legend explains it
all, so that nothing depends on colour.
"""

from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ..compare import DELETE, EQUAL, INSERT, SIMILAR, Comparison, diff_words, word_similarity
from . import render as layout
from .outline import MARKER, TITLE, Block

# A stretch of differing blocks larger than this (old × new) is not searched for pairs: its old
# blocks are all removed and its new ones added (the search grows with the product).
PAIRING_LIMIT = 250_000

REVISION_CSS = """
  ins { background: #fff176; color: #111; text-decoration: underline;
    text-decoration-thickness: 1px; }
  del { background: #eeeeee; color: #111; text-decoration: line-through;
    text-decoration-thickness: 2px; }
  .added, .removed { border-left: 3pt solid #111; padding-left: 6pt; }
  .removed { border-left-style: dotted; }
  .tag { font-family: "DejaVu Sans", sans-serif; font-size: 9pt; font-weight: bold; }
  .legend { border: 1px solid #444; padding: 4pt 8pt; margin: 0 0 12pt; }
  .legend ul { margin: 2pt 0; }
  table { border-collapse: collapse; width: 100%; font-size: 9pt; margin: 6pt 0; }
  th, td { border: 1px solid #444; padding: 3pt 4pt; text-align: left; vertical-align: top; }
  thead th { background: #e8e8e8; }
  tr { break-inside: avoid; }
  .changes { break-before: page; }
"""


@dataclass(frozen=True)
class Author:
    name: str
    date: str  # ISO 8601 in UTC, as w:date wants it


def align(old: list[Block], new: list[Block]) -> list[tuple[Block | None, Block | None]]:
    """The blocks of two outlines paired in reading order: (old, new) the same or a changed
    block, (old, None) removed, (None, new) added."""
    pairs: list[tuple[Block | None, Block | None]] = []
    matcher = SequenceMatcher(None, [b.key for b in old], [b.key for b in new], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs.extend(zip(old[i1:i2], new[j1:j2], strict=True))
        else:
            pairs.extend(_pair_stretch(old[i1:i2], new[j1:j2]))
    return pairs


def _pair_stretch(old: list[Block], new: list[Block]):
    """The best pairing of a differing stretch, in order (dynamic programming on the sum of the
    similarities of paired blocks of the same kind)."""
    n, m = len(old), len(new)
    if n == 0 or m == 0 or n * m > PAIRING_LIMIT:
        return [(a, None) for a in old] + [(None, b) for b in new]
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    similar: dict[tuple[int, int], float] = {}
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best = max(score[i + 1][j], score[i][j + 1])
            a, b = old[i], new[j]
            if a.kind == b.kind and (a.part == b.part or a.kind != MARKER):
                s = word_similarity(a.text, b.text)
                if s >= SIMILAR:
                    similar[(i, j)] = s
                    best = max(best, s + score[i + 1][j + 1])
            score[i][j] = best
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        s = similar.get((i, j))
        if s is not None and score[i][j] == s + score[i + 1][j + 1]:
            pairs.append((old[i], new[j]))
            i, j = i + 1, j + 1
        elif score[i][j] == score[i + 1][j]:
            pairs.append((old[i], None))
            i += 1
        else:
            pairs.append((None, new[j]))
            j += 1
    pairs.extend((a, None) for a in old[i:])
    pairs.extend((None, b) for b in new[j:])
    return pairs


def with_status(blocks: list[Block], status: str) -> list[Block]:
    """The outline with the version's status line after its title, as the version's file has."""
    first, *rest = blocks
    assert first.kind == TITLE
    return [first, Block("paragraph", status), *rest]


# --- Word ----------------------------------------------------------------------------------------


class _Marks:
    """Writes runs with revision marks; numbers every w:ins and w:del."""

    def __init__(self, author: Author):
        self.author = author
        self.next_id = 1

    def _mark(self, tag: str):
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        element = OxmlElement(tag)
        element.set(qn("w:id"), str(self.next_id))
        element.set(qn("w:author"), self.author.name)
        element.set(qn("w:date"), self.author.date)
        self.next_id += 1
        return element

    def run(self, paragraph, text: str, kind: str) -> None:
        """`text` as a run of `paragraph`: plain, inserted or deleted."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        if kind == EQUAL:
            layout.add_text(paragraph, text)
            return
        wrapper = self._mark("w:ins" if kind == INSERT else "w:del")
        lines = text.split("\n")
        run = OxmlElement("w:r")
        for index, line in enumerate(lines):
            if index:
                run.append(OxmlElement("w:br"))
            element = OxmlElement("w:t" if kind == INSERT else "w:delText")
            element.set(qn("xml:space"), "preserve")
            element.text = line
            run.append(element)
        wrapper.append(run)
        paragraph._p.append(wrapper)

    def whole(self, paragraph, text: str, kind: str) -> None:
        """The paragraph's text and its paragraph mark inserted or deleted."""
        from docx.oxml import OxmlElement

        self.run(paragraph, text, kind)
        properties = paragraph._p.get_or_add_pPr()
        run_properties = OxmlElement("w:rPr")
        run_properties.append(self._mark("w:ins" if kind == INSERT else "w:del"))
        properties.append(run_properties)

    def diffed(self, paragraph, old: str, new: str) -> None:
        if old == new:
            layout.add_text(paragraph, new)
            return
        for segment in diff_words(old, new):
            self.run(paragraph, segment.text, segment.kind)


def add_marked_up(document, pairs, author: Author) -> None:
    """The aligned blocks as paragraphs with revision marks."""
    marks = _Marks(author)
    for old, new in pairs:
        block = new or old
        label_paragraph, paragraph = layout.docx_paragraphs(document, block)
        if old is None or new is None:
            kind = INSERT if old is None else DELETE
            if label_paragraph is not None:
                marks.whole(label_paragraph, block.label, kind)
            marks.whole(paragraph, block.text, kind)
            continue
        if label_paragraph is not None:
            marks.diffed(label_paragraph, old.label, new.label)
        marks.diffed(paragraph, old.text, new.text)


def change_rows(comparison: Comparison, cause_text: Callable[[object], str]) -> list[list[str]]:
    """The change list as rows of text: part, change, where, what, caused by."""
    rows = []
    for change in comparison.changes:
        lines = [cause_text(cause) for cause in change.causes]
        if change.edited_by:
            lines.append(_("changed by %(names)s") % {"names": ", ".join(change.edited_by)})
        causes = "\n".join(lines) or "–"
        rows.append(
            [
                f"{change.part_label}: {change.name}",
                str(change.kind_label),
                change.context or "–",
                change.detail or "–",
                causes,
            ]
        )
    return rows


def change_headers() -> list[str]:
    return [
        pgettext("compare", "Part"),
        pgettext("compare", "Change"),
        pgettext("compare", "Where"),
        pgettext("compare", "What"),
        pgettext("compare", "Caused by"),
    ]


def changes_heading() -> str:
    return _("Changes in brief")


def explanation(
    old_title: str, new_title: str, old_status: str, new_status: str, *, word: bool
) -> str:
    values = {
        "old": old_title,
        "old_status": old_status,
        "new": new_title,
        "new_status": new_status,
    }
    if word:
        return (
            _(
                "This file compares “%(old)s” (%(old_status)s) with “%(new)s” "
                "(%(new_status)s). The text above carries every change as a tracked change: "
                "accept them all to get the newer version, reject them all to get the older one."
            )
            % values
        )
    return (
        _(
            "“%(old)s” (%(old_status)s) compared with “%(new)s” (%(new_status)s): the newer "
            "version's text with every change marked, then the changes in brief."
        )
        % values
    )


def docx_bytes(
    *,
    title: str,
    pairs,
    author: Author,
    about: str,
    rows: list[list[str]],
) -> bytes:
    from docx.enum.text import WD_BREAK

    from riktning.reports.docx import new_document, to_bytes

    document = new_document(title)
    add_marked_up(document, pairs, author)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_heading(changes_heading(), level=1)
    document.add_paragraph(about)
    if not rows:
        document.add_paragraph(
            _("No area, goal, indicator or section was added, removed or changed.")
        )
        return to_bytes(document)
    table = document.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, change_headers(), strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    return to_bytes(document)


# --- HTML and PDF --------------------------------------------------------------------------------


def _segments_html(old: str, new: str) -> str:
    parts = []
    for segment in diff_words(old, new):
        text = escape(segment.text)
        if segment.kind == INSERT:
            parts.append(f"<ins>{text}</ins>")
        elif segment.kind == DELETE:
            parts.append(f"<del>{text}</del>")
        else:
            parts.append(text)
    return "".join(parts)


def marked_up_html(pairs) -> str:
    out = []
    added, removed = pgettext("diff", "Added:"), pgettext("diff", "Deleted:")
    for old, new in pairs:
        block = new or old
        if old is not None and new is not None:
            html = layout.html_block(block, _segments_html(old.text, new.text), offset=1)
            if old.label != new.label:
                html = html.replace(
                    f"<strong>{escape(new.label)}",
                    f"<strong>{_segments_html(old.label, '')}{_segments_html('', new.label)}",
                    1,
                )
            out.append(html)
        elif new is not None:
            inner = f'<span class="tag">{escape(added)}</span> <ins>{escape(block.text)}</ins>'
            out.append(f'<div class="added">{layout.html_block(block, inner, offset=1)}</div>')
        else:
            inner = f'<span class="tag">{escape(removed)}</span> <del>{escape(block.text)}</del>'
            out.append(f'<div class="removed">{layout.html_block(block, inner, offset=1)}</div>')
    return "\n".join(out)


def legend_html() -> str:
    return (
        '<section class="legend" aria-labelledby="legend"><h2 id="legend">'
        + escape(_("How to read the comparison"))
        + "</h2><ul><li>"
        + escape(_("Added text:"))
        + " <ins>"
        + escape(_("highlighted in yellow and underlined"))
        + "</ins></li><li>"
        + escape(_("Deleted text:"))
        + " <del>"
        + escape(_("struck through"))
        + "</del></li><li>"
        + escape(
            _("A whole part added or removed begins with “%(added)s” or “%(removed)s”.")
            % {"added": pgettext("diff", "Added:"), "removed": pgettext("diff", "Deleted:")}
        )
        + "</li></ul></section>"
    )


def html_document(*, title: str, pairs, about: str, rows: list[list[str]]) -> str:
    body = [
        f"<header><h1>{escape(title)}</h1><p>{escape(about)}</p></header>",
        legend_html(),
        "<main>",
        marked_up_html(pairs),
        "</main>",
        f'<section class="changes" aria-labelledby="changes"><h2 id="changes">'
        f"{escape(changes_heading())}</h2>",
    ]
    if rows:
        head = "".join(f'<th scope="col">{escape(h)}</th>' for h in change_headers())
        body.append(f"<table><thead><tr>{head}</tr></thead><tbody>")
        for row in rows:
            first, *rest = (escape(cell).replace("\n", "<br>") for cell in row)
            cells = "".join(f"<td>{cell}</td>" for cell in rest)
            body.append(f'<tr><th scope="row">{first}</th>{cells}</tr>')
        body.append("</tbody></table>")
    else:
        body.append(
            "<p>"
            + escape(_("No area, goal, indicator or section was added, removed or changed."))
            + "</p>"
        )
    body.append("</section>")
    return layout.html_page(title, "\n".join(body), extra_css=REVISION_CSS)
