"""Reading a Word file (.docx) into blocks (python-docx opens the package; the paragraphs are
read from its XML).

Word says what a heading is where the author used its heading styles ("Rubrik 1", "Heading 2",
"Title"; a style based on one of them; an outline level): those are the headings, at their
level. A document without heading styles is read by its formatting instead: a short paragraph
set larger than the body text, or wholly in bold, is a heading (the larger, the higher). One
with neither is read like plain text (a short line followed by more text). List paragraphs
(bullets, numbering) are items; tables are read cell by cell. Tracked changes are read as if
accepted (inserted text in, deleted text out). Headers and footers are not read.
"""

import re
from collections import Counter
from dataclasses import dataclass
from io import BytesIO

from .blocks import HEADING, ITEM, PARAGRAPH, Block, Reading, strip_bullet
from .files import DOCX, broken_file
from .text import looks_like_heading

HEADING_STYLE = re.compile(r"(?i)^(?:heading|rubrik|überschrift|titre)\s*(\d)$")
TITLE_STYLES = {"title", "rubrik", "titel"}
LIST_STYLE = re.compile(r"(?i)^(list|liststycke|punktlista|numrerad lista)")
HEADING_SIZE_RATIO = 1.12
HEADING_MAX_CHARS = 160
SENTENCE_END = re.compile(r"[.!?;,…]$")
STYLE_DEPTH = 10  # how far along a style's "based on" chain to look
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT_TAGS = (f"{W}t", f"{W}tab", f"{W}br", f"{W}cr")
FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


@dataclass
class _Para:
    text: str
    style_level: int | None  # from a heading style or an outline level
    is_list: bool
    size: float | None  # the size most of its text has (points), None: the default
    bold: bool  # all its text bold


def read_docx(data: bytes) -> Reading:
    import docx

    try:
        document = docx.Document(BytesIO(data))
        paragraphs = [para for para in _paragraphs(document) if para.text]
    except Exception:  # python-docx and lxml raise many kinds of error for a damaged file
        raise broken_file(DOCX) from None
    if any(para.style_level is not None for para in paragraphs):
        return Reading(blocks=[_by_style(para) for para in paragraphs])
    blocks = _by_formatting(paragraphs)
    if not any(block.kind == HEADING for block in blocks):
        blocks = _by_shape(paragraphs)
    return Reading(blocks=blocks)


def _by_style(para: _Para) -> Block:
    if para.style_level is not None:
        return Block(HEADING, para.text.rstrip(":").strip(), para.style_level)
    return _plain(para)


def _plain(para: _Para) -> Block:
    text, bulleted = strip_bullet(para.text)
    return Block(ITEM, text) if para.is_list or bulleted else Block(PARAGRAPH, para.text)


def _by_formatting(paragraphs: list[_Para]) -> list[Block]:
    weight = Counter()
    for para in paragraphs:
        weight[para.size] += len(para.text)
    body = weight.most_common(1)[0][0] if weight else None

    def heading(para: _Para) -> bool:
        if para.is_list or len(para.text) > HEADING_MAX_CHARS or SENTENCE_END.search(para.text):
            return False
        larger = (
            para.size is not None and body is not None and para.size >= body * HEADING_SIZE_RATIO
        )
        return larger or (para.bold and (para.size or 0) >= (body or 0))

    sizes = sorted(
        {para.size for para in paragraphs if heading(para) and para.size and para.size != body},
        reverse=True,
    )
    blocks = []
    for para in paragraphs:
        if heading(para):
            level = sizes.index(para.size) + 1 if para.size in sizes else len(sizes) + 1
            blocks.append(Block(HEADING, para.text.rstrip(":").strip(), level))
        else:
            blocks.append(_plain(para))
    return blocks


def _by_shape(paragraphs: list[_Para]) -> list[Block]:
    blocks = []
    for index, para in enumerate(paragraphs):
        last = index == len(paragraphs) - 1
        if not para.is_list and not last and looks_like_heading(para.text):
            blocks.append(Block(HEADING, para.text.rstrip(":").strip(), None))
        else:
            blocks.append(_plain(para))
    return blocks


def _owner(element):
    """The paragraph an element of text belongs to."""
    parent = element.getparent()
    while parent is not None and parent.tag != f"{W}p":
        parent = parent.getparent()
    return parent


def _paragraphs(document):
    """Every paragraph of the body in order, a table's cells' paragraphs in their place; a
    paragraph broken by line breaks is one paragraph per line.

    Read from the XML itself with a table of the document's styles built once: python-docx
    looks a style up by scanning all styles on every call, which took seconds for 40 pages."""
    styles = _Styles(document.styles.element)
    body = document.element.body
    for element in body.iter(f"{W}p"):
        # A text box's paragraphs are read where the box stands (after the paragraph holding
        # it); its fallback copy for old Word versions is skipped.
        if any(ancestor.tag == FALLBACK for ancestor in element.iterancestors()):
            continue
        yield from _read(element, styles)


def _read(p, styles: "_Styles"):
    pieces = []
    for element in p.iter(*TEXT_TAGS):
        if _owner(element) is not p:
            continue  # the text of a text box inside this paragraph
        if element.tag == f"{W}t":
            pieces.append(element.text or "")
        elif element.tag == f"{W}tab":
            pieces.append(" ")
        else:
            pieces.append("\n")
    ppr = p.find(f"{W}pPr")
    style_id = _val(ppr.find(f"{W}pStyle")) if ppr is not None else None
    style = styles.paragraph(style_id)
    level = _outline_level(ppr)
    if level is None:
        level = style.level
    is_list = style.is_list or (ppr is not None and ppr.find(f"{W}numPr") is not None)
    size, bold = _formatting(p, style, styles)
    lines = [" ".join(line.split()) for line in "".join(pieces).split("\n")]
    lines = [line for line in lines if line]
    if level is not None and lines:
        lines = [" ".join(lines)]
    for line in lines:
        yield _Para(line, level, is_list, size, bold)


@dataclass
class _Style:
    level: int | None = None
    is_list: bool = False
    size: float | None = None
    bold: bool | None = None


class _Styles:
    """The document's styles, each resolved along its "based on" chain once."""

    def __init__(self, root):
        self.raw = {}
        self.default_paragraph = None
        for element in root.iter(f"{W}style"):
            style_id = element.get(f"{W}styleId")
            if style_id is None:
                continue
            self.raw[style_id] = element
            if element.get(f"{W}type") == "paragraph" and element.get(f"{W}default") in (
                "1",
                "true",
            ):
                self.default_paragraph = style_id
        self.resolved: dict[str | None, _Style] = {}

    def paragraph(self, style_id: str | None) -> _Style:
        return self.get(style_id if style_id in self.raw else self.default_paragraph)

    def get(self, style_id: str | None, depth: int = 0) -> _Style:
        if style_id in self.resolved:
            return self.resolved[style_id]
        element = self.raw.get(style_id)
        if element is None or depth > STYLE_DEPTH:
            return _Style()
        based = element.find(f"{W}basedOn")
        parent = self.get(_val(based), depth + 1) if based is not None else _Style()
        name_element = element.find(f"{W}name")
        name = (_val(name_element) or "").strip()
        ppr = element.find(f"{W}pPr")
        rpr = element.find(f"{W}rPr")
        level = None
        match = HEADING_STYLE.match(name)
        if match:
            level = int(match.group(1))
        elif name.casefold() in TITLE_STYLES:
            level = 0
        else:
            level = _outline_level(ppr)
        if level is None:
            level = parent.level
        size, bold = _run_format(rpr)
        style = _Style(
            level=level,
            is_list=bool(LIST_STYLE.match(name))
            or (ppr is not None and ppr.find(f"{W}numPr") is not None)
            or parent.is_list,
            size=size if size is not None else parent.size,
            bold=bold if bold is not None else parent.bold,
        )
        self.resolved[style_id] = style
        return style


def _val(element) -> str | None:
    return None if element is None else element.get(f"{W}val")


def _outline_level(ppr) -> int | None:
    if ppr is None:
        return None
    value = _val(ppr.find(f"{W}outlineLvl"))
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number + 1 if 0 <= number < 9 else None  # 9 is body text


def _run_format(rpr) -> tuple[float | None, bool | None]:
    """(size in points, bold) a run's or a style's properties set, None where they do not."""
    if rpr is None:
        return None, None
    size = bold = None
    sz = _val(rpr.find(f"{W}sz"))
    if sz is not None:
        try:
            size = int(sz) / 2
        except ValueError:
            size = None
    b = rpr.find(f"{W}b")
    if b is not None:
        bold = _val(b) not in ("0", "false", "off")
    return size, bold


def _formatting(p, style: _Style, styles: _Styles) -> tuple[float | None, bool]:
    """The size most of the paragraph's text has, and whether all of it is bold, from its runs
    (inserted ones and those in hyperlinks too) and, where they say nothing, the styles."""
    sizes = Counter()
    chars = bold_chars = 0
    for run in p.iter(f"{W}r"):
        if _owner(run) is not p:
            continue
        length = sum(len((t.text or "").strip()) for t in run.iter(f"{W}t"))
        if not length:
            continue
        chars += length
        rpr = run.find(f"{W}rPr")
        size, bold = _run_format(rpr)
        character = styles.get(_val(rpr.find(f"{W}rStyle"))) if rpr is not None else _Style()
        if size is None:
            size = character.size if character.size is not None else style.size
        if bold is None:
            bold = character.bold if character.bold is not None else style.bold
        sizes[size] += length
        bold_chars += length if bold else 0
    if not chars:
        return style.size, bool(style.bold)
    return sizes.most_common(1)[0][0], bold_chars == chars
