"""The block stream every reader yields: headings, paragraphs and list items in reading order.

A reader knows its format (Word styles, PDF font sizes, blank lines in text); the recogniser
(`recognise.py`) knows Swedish steering documents. Between them is only this: a list of
`Block`s, and a few rules of text shared by the readers (joining broken lines, dropping the
page furniture a PDF repeats on every page).
"""

import re
from collections import Counter
from dataclasses import dataclass, field

HEADING, PARAGRAPH, ITEM = "heading", "paragraph", "item"


@dataclass(frozen=True)
class Block:
    kind: str  # HEADING, PARAGRAPH or ITEM
    text: str
    # A heading's level where the format says it (1 = the largest; 0 = the document's title);
    # None where it cannot (plain text).
    level: int | None = None


@dataclass
class Reading:
    """What a reader found: the blocks, and what it did that the user should know."""

    blocks: list[Block]
    warnings: list[str] = field(default_factory=list)


# A word broken at the end of a line: "föräldra-" + "stöd". Not when the next line starts with
# a conjunction ("barn- och ungdomsnämnden") or a digit ("7-" + "20 år"), or is upper case.
CONJUNCTIONS = frozenset({"och", "eller", "samt", "till", "som", "resp", "respektive"})
BULLET = re.compile(r"^\s*(?:[-–•·▪◦*]|\(?\d{1,2}[.)]|\(?[a-zåäö][.)])\s+", re.IGNORECASE)
SYMBOL_BULLET = re.compile(r"^\s*[-–•·▪◦*]\s+")
SENTENCE_END = re.compile(r"[.!?:;…”\"»)]$")


def join_lines(lines: list[str]) -> str:
    """One paragraph from the lines a PDF or a text file broke it into: lines joined by a space;
    a word the typesetter hyphenated at a line's end joined whole ("föräldra-" + "stöd"); a
    hyphen that belongs to the text kept ("barn- och unga", "7-" + "20 år", "Skåne-" +
    "Blekinge"); a line broken after a slash joined without a space."""
    text = ""
    for raw in lines:
        line = " ".join(raw.split())
        if not line:
            continue
        if not text:
            text = line
            continue
        joint = _joint(text, line)
        if joint == DROP_HYPHEN:
            text = text[:-1] + line
        elif joint == KEEP_HYPHEN:
            text = text + line
        else:
            text = f"{text} {line}"
    return text


DROP_HYPHEN, KEEP_HYPHEN, SPACE = "drop", "keep", "space"
# A hyphen-minus, the Unicode hyphen (what WeasyPrint and Word put at a break) and an en dash.
HYPHENS = "-\u2010–"


def _joint(before: str, after: str) -> str:
    """How a line ending in `before` joins the next line starting with `after`."""
    if before.endswith("\u00ad"):  # a soft hyphen is only ever a break
        return DROP_HYPHEN
    if before.endswith("/"):  # "antal/" + "invånare": a line may break after a slash
        return KEEP_HYPHEN
    if len(before) < 2 or before[-1] not in HYPHENS or before[-2] == " ":
        return SPACE
    first = after.split(" ", 1)[0]
    if before[-2].isdigit():
        return KEEP_HYPHEN if first[:1].isdigit() else SPACE
    if not before[-2].isalpha() or before[-1] == "–":
        return SPACE
    if first.lower().rstrip(",.") in CONJUNCTIONS:
        return SPACE
    if first[:1].islower():
        return DROP_HYPHEN
    return KEEP_HYPHEN if first[:1].isupper() else SPACE


def continues(before: str, after: str) -> bool:
    """Whether `after` goes on with the sentence `before` left open (across a page break)."""
    return bool(before and after) and not SENTENCE_END.search(before) and after[0].islower()


def strip_bullet(text: str) -> tuple[str, bool]:
    """The text of a list item without a symbol bullet (“- ”, “• ”), and whether it had one.
    Numbered items keep their number ("1) Kartläggning …"): it is part of the text."""
    match = SYMBOL_BULLET.match(text)
    if match:
        return text[match.end() :].strip(), True
    return text, bool(BULLET.match(text))


def furniture_key(text: str) -> str:
    """What page furniture is compared by: the text without spaces' variations, case or digits
    (so that "Sida 3 av 12" on every page is one repeated line)."""
    return re.sub(r"\d+", "#", " ".join(text.split()).casefold())


def repeated_lines(lines_per_page: list[list[str]], exempt=lambda text: False) -> set[str]:
    """The furniture keys of lines repeated on at least half the pages (and on at least two):
    running headers and footers, page numbers."""
    pages = len(lines_per_page)
    if pages < 2:
        return set()
    seen = Counter()
    for lines in lines_per_page:
        seen.update({furniture_key(line) for line in lines if line.strip() and not exempt(line)})
    needed = max(2, (pages + 1) // 2)
    return {key for key, count in seen.items() if count >= needed}
