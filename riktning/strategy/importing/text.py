"""Reading plain text (a .txt file or pasted text) into blocks.

Plain text has no styles, so its structure is read from its shape: paragraphs are separated by
blank lines; a paragraph of one short line that does not end a sentence, followed by more
text, is a heading; lines starting with a bullet ("-", "•", "1)") are list items. Text copied
out of a PDF brings its artefacts along, and they are undone here: lines broken inside a
paragraph are joined (a word hyphenated at a line's end joined whole), a short line repeated
where pages break ("TRELLEBORGS KOMMUN", page numbers) is dropped as page furniture, and a
sentence a page break cut in two is joined again. Markdown headings ("## Mål") are headings.
"""

import re
import unicodedata
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
from .files import DocumentRefused
from .markers import find_marker

# A heading is one line of at most this many characters and words; one ending in a colon ("Vi
# gör detta i tre steg:") of at most HEADING_COLON_MAX_WORDS (longer, it introduces a list).
HEADING_MAX_CHARS = 90
HEADING_MAX_WORDS = 12
HEADING_COLON_MAX_WORDS = 8
# A short line repeated this many times (twice if in capitals) is page furniture.
FURNITURE_MAX_CHARS = 60
FURNITURE_MIN_REPEATS = 3
MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
EMPHASIS = re.compile(r"(\*{1,2}|_{2})(?=\S)(.+?)(?<=\S)\1")
PAGE_BREAK = "\f"
# What ends a sentence and so not a heading (a colon may end one).
HEADING_END = re.compile(r"[.!?;,…]$")


def decode(data: bytes) -> str:
    """The text of a file: UTF-8 (with or without a byte-order mark), else Windows-1252 (what
    Notepad and Word save "text" as in Sweden); anything else is refused, not guessed at."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DocumentRefused(
        _("The text file is in an unknown character encoding. Save it as UTF-8 and try again."),
        code="encoding",
    )


def read_text(data: bytes | str) -> Reading:
    text = decode(data) if isinstance(data, bytes) else data
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch in "\n\t\f" or unicodedata.category(ch) != "Cc")
    chunks = _chunks(text)
    chunks, dropped = _drop_furniture(chunks)
    warnings = [
        _("“%(text)s”, repeated %(count)s times, was left out as page header or footer.")
        % {"text": shown, "count": count}
        for shown, count in dropped
    ]
    return Reading(blocks=_blocks(chunks), warnings=warnings)


@dataclass
class _Chunk:
    lines: list[str]
    after_break: bool = False  # a page break or dropped page furniture came before it
    blank_before: int = 0  # blank lines before it (a form feed counts as two)


def _chunks(text: str) -> list[_Chunk]:
    chunks: list[_Chunk] = []
    current: list[str] = []
    after_break = False
    blank = 0

    def close():
        nonlocal current, after_break, blank
        if current:
            chunks.append(_Chunk(current, after_break, blank))
            after_break = False
            blank = 0
        current = []

    for raw in text.split("\n"):
        if PAGE_BREAK in raw:
            parts = raw.split(PAGE_BREAK)
            for index, part in enumerate(parts):
                if index:
                    close()
                    after_break = True
                    blank += 2
                if part.strip():
                    current.append(part)
            continue
        if raw.strip():
            current.append(raw)
        else:
            close()
            blank += 1
    close()
    return chunks


PAGE_NUMBER = re.compile(r"^(?:sida|page|s\.)?\s*[-–]?\s*#\s*[-–]?(?:\s*(?:av|of|/)\s*#)?$")


def _drop_furniture(chunks: list[_Chunk]) -> tuple[list[_Chunk], list[tuple[str, int]]]:
    """Leave out the page furniture text copied out of a PDF brings along: page numbers ("3",
    "Sida 3 av 12") repeated through the text, and a short line repeated at least three times
    (twice in capitals) that stands where pages break: after extra blank lines, or between
    the two halves of a sentence. A heading repeated in every area ("Bakgrund") does neither
    and is kept. The paragraph after dropped furniture is marked as following a page break."""
    occurrences: dict[str, list[int]] = {}
    for index, chunk in enumerate(chunks):
        if _furniture_candidate(chunk):
            occurrences.setdefault(_key(chunk.lines[0]), []).append(index)
    dropped: dict[str, tuple[str, int]] = {}
    for key, where in occurrences.items():
        line = " ".join(chunks[where[0]].lines[0].split())
        if PAGE_NUMBER.match(key):
            if len(where) >= 2:
                dropped[key] = (line, len(where))
            continue
        needed = 2 if line.isupper() else FURNITURE_MIN_REPEATS
        if len(where) < needed:
            continue
        at_breaks = sum(1 for index in where if chunks[index].blank_before >= 2)
        splits = any(
            0 < index < len(chunks) - 1
            and continues(chunks[index - 1].lines[-1].strip(), chunks[index + 1].lines[0].strip())
            for index in where
        )
        if splits or at_breaks * 2 >= len(where):
            dropped[key] = (line, len(where))
    kept: list[_Chunk] = []
    broken = False
    for chunk in chunks:
        if _furniture_candidate(chunk) and _key(chunk.lines[0]) in dropped:
            broken = True
            continue
        if broken:
            chunk.after_break = True
            broken = False
        kept.append(chunk)
    return kept, [dropped[key] for key in dropped if not PAGE_NUMBER.match(key)]


def _key(line: str) -> str:
    """Page numbers compared by their shape ("sida # av #"), anything else by its text."""
    shape = furniture_key(line)
    return shape if PAGE_NUMBER.match(shape) else " ".join(line.split()).casefold()


def _furniture_candidate(chunk: _Chunk) -> bool:
    if len(chunk.lines) != 1:
        return False
    line = chunk.lines[0].strip()
    return (
        len(line) <= FURNITURE_MAX_CHARS
        and not MARKDOWN_HEADING.match(line)
        and find_marker(line) is None
        and not strip_bullet(line)[1]
    )


def _blocks(chunks: list[_Chunk]) -> list[Block]:
    """Paragraphs, items and headings from the chunks; a sentence cut by a page break joined."""
    blocks: list[Block] = []
    for chunk in chunks:
        pieces = _pieces(chunk.lines)
        if chunk.after_break and blocks and pieces and pieces[0].kind == PARAGRAPH:
            previous = blocks[-1]
            if previous.kind in (PARAGRAPH, ITEM) and continues(previous.text, pieces[0].text):
                blocks[-1] = Block(previous.kind, f"{previous.text} {pieces[0].text}")
                pieces = pieces[1:]
        blocks.extend(pieces)
    return [_heading_or_not(blocks, index) for index in range(len(blocks))]


def _pieces(lines: list[str]) -> list[Block]:
    """One chunk's blocks: a markdown heading, list items (a bullet starts one, a line without
    one continues it), or one paragraph."""
    first = _plain(lines[0])
    heading = MARKDOWN_HEADING.match(first)
    if heading and len(lines) == 1:
        return [Block(HEADING, _plain(heading.group(2)), len(heading.group(1)))]
    pieces: list[Block] = []
    paragraph: list[str] = []
    item: list[str] | None = None
    for raw in lines:
        line = _plain(raw)
        text, is_item = strip_bullet(line)
        if is_item:
            if paragraph:
                pieces.append(Block(PARAGRAPH, join_lines(paragraph)))
                paragraph = []
            if item:
                pieces.append(Block(ITEM, join_lines(item)))
            item = [text]
        elif item is not None:
            item.append(line)
        else:
            paragraph.append(line)
    if paragraph:
        pieces.append(Block(PARAGRAPH, join_lines(paragraph)))
    if item:
        pieces.append(Block(ITEM, join_lines(item)))
    return [piece for piece in pieces if piece.text]


def _heading_or_not(blocks: list[Block], index: int) -> Block:
    block = blocks[index]
    if block.kind != PARAGRAPH or index == len(blocks) - 1:
        return block
    if looks_like_heading(block.text):
        return Block(HEADING, block.text.rstrip(":").strip(), None)
    return block


def looks_like_heading(text: str) -> bool:
    """One short line that does not end a sentence (a colon may end it: "Vi gör detta i tre
    steg:") and starts with a capital or a digit."""
    text = text.strip()
    if not text or len(text) > HEADING_MAX_CHARS or len(text.split()) > HEADING_MAX_WORDS:
        return False
    if not (text[0].isupper() or text[0].isdigit()):
        return False
    if text.endswith(":") and len(text.split()) > HEADING_COLON_MAX_WORDS:
        return False
    return not HEADING_END.search(text.rstrip(":"))


def _plain(line: str) -> str:
    """A line without markdown emphasis (“*engagemanget*”) and its surrounding spaces."""
    return EMPHASIS.sub(r"\2", line.strip())
