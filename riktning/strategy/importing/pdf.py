"""Reading a text-based PDF into blocks (PDFium, through pypdfium2).

A PDF knows no paragraphs or headings, only lines of characters with a font and a size. So:
the body size is the size most of the text has; a short line set larger than that, or wholly
in a bold face, is a heading (the larger, the higher its level); lines are one paragraph while
they keep their style and the gap between them stays the document's usual line gap; a line
starting with a bullet starts a list item. A page's first or last lines repeated so on at least
half the pages (a running header such as "TRELLEBORGS KOMMUN", "Sida 3 av 12") are page
furniture and left out; a sentence cut by a page break is joined again, and so is a word
hyphenated at a line's end. A PDF with no text at all is a scan and refused: Riktning does not
read text out of images (no OCR).

PDFium rather than pdfplumber (named in DESIGN.md): pdfplumber builds a Python object of some
thirty attributes for every character through pdfminer, and took 15 s for a 53-page,
100,000-character strategy, against the aim of 2 s for the whole import; PDFium reads the same
file in about 0.2 s (docs/document-import.md). Each line's size and face are read from a few
characters spread over it, not from every character.
"""

import ctypes
import re
import statistics
import threading
from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .blocks import (
    HEADING,
    ITEM,
    PARAGRAPH,
    Block,
    Reading,
    continues,
    furniture_key,
    join_lines,
    strip_bullet,
)
from .files import PDF, PDF_MAX_PAGES, DocumentRefused, broken_file
from .markers import find_marker

BOLD_FONT = re.compile(r"(?i)(bold|black|heavy|semibold|demi|[-,]bd\b)")
FORCE_BOLD_FLAG = 1 << 18  # the font descriptor's ForceBold flag
BOLD_WEIGHT = 600
EDGE_LINES = 2  # lines at the top and at the bottom of a page that may be page furniture
HEADING_SIZE_RATIO = 1.12  # a heading's size over the body size
HEADING_MAX_CHARS = 160
HEADING_MAX_LINES = 3
SIZE_STEP = 0.5  # sizes closer than this are the same size
SAMPLES = 5  # characters per line whose size and face are read
SENTENCE_END = re.compile(r"[.!?;,…]$")
# PDFium is not thread-safe: one document at a time in a process.
PDFIUM = threading.Lock()


@dataclass
class _Line:
    text: str
    top: float  # from the top of the page, as a share of its height
    bottom: float
    size: float
    bold: bool
    page: int


def read_pdf(data: bytes) -> Reading:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    with PDFIUM:
        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as error:
            if error.err_code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
                raise DocumentRefused(
                    _(
                        "The PDF is password-protected (encrypted) and cannot be read. Save it "
                        "without a password and import it again."
                    ),
                    code="encrypted",
                ) from None
            raise broken_file(PDF) from None
        try:
            if len(document) > PDF_MAX_PAGES:
                raise DocumentRefused(
                    _("The PDF has %(pages)s pages; at most %(max)s can be imported.")
                    % {"pages": len(document), "max": PDF_MAX_PAGES},
                    code="too_large",
                )
            pages = [_page_lines(document, number) for number in range(len(document))]
        except pdfium.PdfiumError:  # a page that cannot be loaded
            raise broken_file(PDF) from None
        finally:
            document.close()
    if not any(line.text for lines in pages for line in lines):
        raise DocumentRefused(
            _("The PDF file contains no text – it is probably scanned."), code="scanned"
        )
    pages, dropped = _drop_furniture(pages)
    warnings = [
        _("“%(text)s”, repeated on %(count)s pages, was left out as page header or footer.")
        % {"text": text, "count": count}
        for text, count in dropped
    ]
    return Reading(blocks=_blocks(pages), warnings=warnings)


def _page_lines(document, number: int) -> list[_Line]:
    import pypdfium2.raw as pdfium_c

    page = document[number]
    textpage = page.get_textpage()
    try:
        height = float(page.get_size()[1]) or 1.0
        text = textpage.get_text_range()
        name = ctypes.create_string_buffer(128)
        flags = ctypes.c_int()
        units = _utf16_offsets(text)
        lines = []
        for found in re.finditer(r"[^\r\n]+", text):
            start, raw = found.start(), found.group()
            visible = [start + i for i, ch in enumerate(raw) if not ch.isspace()]
            if not visible:
                continue
            step = max(1, len(visible) // SAMPLES)
            sizes, bold, tops, bottoms = [], 0, [], []
            for text_index in visible[::step][:SAMPLES]:
                index = pdfium_c.FPDFText_GetCharIndexFromTextIndex(textpage, units[text_index])
                if index < 0:
                    continue
                sizes.append(round(pdfium_c.FPDFText_GetFontSize(textpage, index) / SIZE_STEP))
                pdfium_c.FPDFText_GetFontInfo(textpage, index, name, 128, ctypes.byref(flags))
                face = name.value.decode("latin-1", "replace")
                weight = pdfium_c.FPDFText_GetFontWeight(textpage, index)
                if BOLD_FONT.search(face) or flags.value & FORCE_BOLD_FLAG or weight >= BOLD_WEIGHT:
                    bold += 1
                # The loose box (the font's ascent and descent), the same for every line of a
                # size: the tight box of a line without descenders would widen the gap below it.
                _left, low, _right, high = textpage.get_charbox(index, loose=True)
                tops.append((height - high) / height)
                bottoms.append((height - low) / height)
            if not sizes:
                continue
            lines.append(
                _Line(
                    text=" ".join(raw.split()),
                    top=min(tops),
                    bottom=max(bottoms),
                    size=Counter(sizes).most_common(1)[0][0] * SIZE_STEP,
                    bold=bold == len(sizes),
                    page=number,
                )
            )
        return lines
    finally:
        textpage.close()
        page.close()


def _utf16_offsets(text: str) -> list[int]:
    """The UTF-16 position of each character of `text` (PDFium counts in UTF-16 units)."""
    if all(ord(ch) < 0x10000 for ch in text):
        return list(range(len(text)))
    offsets, unit = [], 0
    for ch in text:
        offsets.append(unit)
        unit += 2 if ord(ch) >= 0x10000 else 1
    return offsets


def _edge_lines(lines: list[_Line]) -> list[_Line]:
    """The lines a running header or footer can be: the first two and the last two of a page."""
    ordered = sorted(lines, key=lambda line: line.top)
    return ordered[:EDGE_LINES] + ordered[EDGE_LINES:][-EDGE_LINES:]


def _drop_furniture(pages: list[list[_Line]]) -> tuple[list[list[_Line]], list[tuple[str, int]]]:
    """Leave out a page's first or last lines when the same line (digits aside: "Sida 3 av 12")
    stands first or last on at least half the pages, and on at least two."""
    count = len(pages)
    if count < 2:
        return pages, []
    seen = Counter()
    for lines in pages:
        seen.update({furniture_key(line.text) for line in _edge_lines(lines) if not _marker(line)})
    needed = max(2, (count + 1) // 2)
    repeated = {key for key, n in seen.items() if n >= needed}
    shown: dict[str, str] = {}
    kept = []
    for lines in pages:
        edges = {id(line) for line in _edge_lines(lines)}
        page_kept = []
        for line in lines:
            key = furniture_key(line.text)
            if id(line) in edges and key in repeated and not _marker(line):
                shown.setdefault(key, line.text)
                continue
            page_kept.append(line)
        kept.append(page_kept)
    # Page numbers go without a word; a running header is named.
    return kept, [
        (text, seen[key]) for key, text in shown.items() if any(ch.isalpha() for ch in key)
    ]


def _marker(line: _Line) -> bool:
    return find_marker(line.text) is not None


def _blocks(pages: list[list[_Line]]) -> list[Block]:
    lines = [line for page in pages for line in page]
    if not lines:
        return []
    weight = Counter()
    for line in lines:
        weight[line.size] += len(line.text)
    body = weight.most_common(1)[0][0]
    usual_gap = _usual_gap(pages, body)
    groups: list[list[_Line]] = []
    for page in pages:
        previous = None
        for line in page:
            if previous is None or _starts_block(previous, line, usual_gap):
                if previous is None and groups and _joins_over_page(groups[-1], line, body):
                    groups[-1].append(line)
                else:
                    groups.append([line])
            else:
                groups[-1].append(line)
            previous = line
    heading_sizes = sorted(
        {g[0].size for g in groups if _is_heading(g, body) and g[0].size > body}, reverse=True
    )
    blocks = []
    for group in groups:
        text = join_lines([line.text for line in group])
        if _is_heading(group, body):
            level = (
                heading_sizes.index(group[0].size) + 1
                if group[0].size in heading_sizes
                else len(heading_sizes) + 1
            )
            blocks.append(Block(HEADING, text.rstrip(":").strip(), level))
            continue
        item_text, is_item = strip_bullet(text)
        blocks.append(Block(ITEM if is_item else PARAGRAPH, item_text))
    return [block for block in blocks if block.text]


def _usual_gap(pages: list[list[_Line]], body: float) -> float:
    """The most common gap between two body lines in a row (as a share of the page)."""
    gaps = []
    for page in pages:
        for before, after in zip(page, page[1:], strict=False):
            if before.size == after.size == body and after.top > before.top:
                gaps.append(round(max(after.top - before.bottom, 0.0), 4))
    if not gaps:
        return 0.0
    return statistics.mode(gaps)


def _starts_block(previous: _Line, line: _Line, usual_gap: float) -> bool:
    if line.size != previous.size or line.bold != previous.bold:
        return True
    if strip_bullet(line.text)[1] or find_marker(line.text) is not None:
        return True
    gap = line.top - previous.bottom
    line_height = max(previous.bottom - previous.top, 0.001)
    return gap < -line_height or gap > usual_gap + 0.3 * line_height


def _joins_over_page(group: list[_Line], line: _Line, body: float) -> bool:
    """The first line of a page going on with the sentence the last page left open."""
    last = group[-1]
    return (
        last.size == line.size == body
        and last.bold == line.bold
        and not strip_bullet(line.text)[1]
        and continues(last.text, line.text)
    )


def _is_heading(group: list[_Line], body: float) -> bool:
    text = " ".join(line.text for line in group)
    if len(group) > HEADING_MAX_LINES or len(text) > HEADING_MAX_CHARS:
        return False
    if SENTENCE_END.search(text):
        return False
    size = group[0].size
    if size >= body * HEADING_SIZE_RATIO:
        return True  # "2.1 Föräldrastöd" set large is a numbered heading, not a list item
    return size >= body and all(line.bold for line in group) and not strip_bullet(text)[1]
