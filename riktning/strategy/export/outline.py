"""A version as a flat list of blocks in the document's reading order: the title, headings with
their levels, paragraphs, and the markers "Mål" / "Indikator" each followed by its text, the way
Swedish steering documents are written (and the way the importer reads them back).

The order is the document's own reading order, `strategy/reading.py:reading_order` (the one
order the version page, the export and the import share). The areas, goals and links are
written from their own rows, so an edited goal shows as edited; a goal stands under its marker
("Mål", or its note where that is a marker word such as "Nytt förslag till mål"), an indicator
under "Indikator", "Ytterligare indikator" or "Förslag till ytterligare indikator".
"""

import re
from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _

from ..constants import IndicatorRole, VersionStatus
from ..models import DevelopmentArea, Goal, GoalIndicator, Section, Version
from ..reading import reading_order, shown_wording

TITLE, HEADING, PARAGRAPH, MARKER = "title", "heading", "paragraph", "marker"

# The marker words a goal's or a link's note may hold (seed 002 and the importer's markers.py).
GOAL_WORDS = ("Mål", "Nytt förslag till mål", "Förslag till nytt mål", "Förslag till mål")
LINK_WORDS = (
    "Indikator",
    "Ytterligare indikator",
    "Förslag till ytterligare indikator",
    "Kompletterande indikator",
    "Förslag till indikator",
)
_MARKER_HEADING = re.compile(
    r"^(?:" + "|".join(re.escape(w) for w in GOAL_WORDS + LINK_WORDS) + r")(?:\s*\d+)?\s*:?$",
    re.IGNORECASE,
)
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")


@dataclass(frozen=True)
class Block:
    kind: str  # TITLE, HEADING, PARAGRAPH or MARKER
    text: str
    level: int = 0  # a heading's level (1 = the document's top headings); a marker's heading
    label: str = ""  # a marker's word: "Mål", "Indikator", "Ytterligare indikator" …
    part: str = ""  # what it shows: "area", "goal", "indicator", "section" or ""

    @property
    def key(self) -> tuple:
        """What makes two blocks the same block (for the comparison)."""
        return (self.kind, self.level, self.label, self.text)


def text_paragraphs(text: str) -> list[str]:
    """`text` split at blank lines; a single line break stays a line break."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    return [part.strip() for part in _PARAGRAPH_BREAK.split(text) if part.strip()]


def is_marker_heading(heading: str) -> bool:
    return bool(_MARKER_HEADING.match(heading.strip()))


def status_line(version: Version) -> str:
    """The version's number and status as a council paper says it: "Version 2 – Remissversion",
    "Version 1 – Antagen KF 29 mars 2021 § 12"."""
    status = str(VersionStatus(version.status).label)
    if version.status == VersionStatus.CONSULTATION:
        status = _("Consultation version")
    elif version.status in (VersionStatus.ADOPTED, VersionStatus.REPEALED):
        change = (
            version.status_changes.filter(to_status=version.status)
            .select_related("decided_by")
            .order_by("-recorded_at", "-id")
            .first()
        )
        if change is not None:
            status = _decision_text(version.status, change)
    return _("Version %(number)s – %(status)s") % {"number": version.number, "status": status}


def _decision_text(status: str, change) -> str:
    word = _("Adopted") if status == VersionStatus.ADOPTED else _("Repealed")
    pieces = [word]
    if change.decided_by_id:
        pieces.append(change.decided_by.short_name or change.decided_by.name)
    if change.decision_date:
        pieces.append(formats.date_format(change.decision_date, "j F Y"))
    if change.paragraph:
        pieces.append(f"§ {change.paragraph}")
    return " ".join(pieces)


def link_label(link: GoalIndicator) -> str:
    """The marker word a link stands under: its note where that is a marker word, else by role."""
    if link.note.strip() and is_marker_heading(link.note):
        return link.note.strip().rstrip(":")
    if link.role == IndicatorRole.PROPOSED and link.indicator_id:
        return "Förslag till ytterligare indikator"
    if link.role == IndicatorRole.PRIMARY:
        return "Indikator"
    return "Ytterligare indikator"


def link_text(link: GoalIndicator) -> str:
    """The indicator in the document's own words: its wording, else the catalogue's name (or,
    for one not defined yet, what it should measure)."""
    if link.wording.strip():
        return link.wording.strip()
    if link.indicator_id:
        return link.indicator.title
    return link.proposal.strip()


def goal_label(goal: Goal) -> str:
    if goal.note.strip() and is_marker_heading(goal.note):
        return goal.note.strip().rstrip(":")
    return "Mål"


def outline(version: Version) -> list[Block]:
    """The version as blocks in reading order (strategy/reading.py): its title and summary, then
    every top-level section and area in the document's order, an area with its description, its
    own sections and its goals in their order, a goal with its indicator links."""
    blocks = [Block(TITLE, version.title)]
    blocks.extend(Block(PARAGRAPH, p) for p in text_paragraphs(version.summary))
    for part in reading_order(version, level=1):
        if isinstance(part, DevelopmentArea):
            blocks.extend(_area_blocks(part))
        else:
            blocks.extend(_section_blocks(part))
    return blocks


def _section_blocks(section: Section) -> list[Block]:
    blocks = []
    if section.heading:
        blocks.append(Block(HEADING, section.heading, section.heading_level, part="section"))
    blocks.extend(Block(PARAGRAPH, p, part="section") for p in text_paragraphs(section.body))
    for child in section.tree_children:
        blocks.extend(_section_blocks(child))
    return blocks


def _area_blocks(area: DevelopmentArea) -> list[Block]:
    blocks = [Block(HEADING, area.title, area.heading_level, part="area")]
    blocks.extend(Block(PARAGRAPH, p, part="area") for p in text_paragraphs(area.description))
    for part in area.reading_parts:
        if isinstance(part, Goal):
            blocks.extend(_goal_blocks(part))
        elif part.heading.strip().casefold() == area.title.strip().casefold():
            # A copy of the area's own heading and text among its sections (older data): the
            # area's heading and description above stand for it.
            for child in part.tree_children:
                blocks.extend(_section_blocks(child))
        else:
            blocks.extend(_section_blocks(part))
    return blocks


def _goal_blocks(goal: Goal) -> list[Block]:
    level = goal.heading_level
    blocks = [Block(MARKER, goal.title, level, goal_label(goal), part="goal")]
    if goal.note.strip() and not is_marker_heading(goal.note):
        blocks.extend(Block(PARAGRAPH, p, part="goal") for p in text_paragraphs(goal.note))
    for link in goal.links:
        text = link_text(link)
        blocks.append(Block(MARKER, text, level, link_label(link), part="indicator"))
        if link.indicator_id and link.wording.strip() and shown_wording(link):
            blocks.append(
                Block(
                    PARAGRAPH,
                    _("In the indicator catalogue: %(name)s") % {"name": link.indicator.title},
                    part="indicator",
                )
            )
        if link.note.strip() and not is_marker_heading(link.note):
            blocks.extend(Block(PARAGRAPH, p, part="indicator") for p in text_paragraphs(link.note))
        if facts := _facts(link):
            blocks.append(Block(PARAGRAPH, facts, part="indicator"))
    return blocks


def _facts(link: GoalIndicator) -> str:
    from riktning.indicators.formatting import format_number

    if link.target_value is None:
        return ""
    return _("Target: %(value)s by %(year)s.") % {
        "value": format_number(link.target_value, decimals=None),
        "year": link.target_year,
    }
