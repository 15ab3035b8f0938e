"""A version as a flat list of blocks in the document's reading order: the title, headings with
their levels, paragraphs, and the markers "Mål" / "Indikator" each followed by its text, the way
Swedish steering documents are written (and the way the importer reads them back).

The reading order (`reading_order`) is the version's text tree (sections, in their order) with
the development areas standing where the text's first area section stands (in the demo: under
"Särskilt viktiga utvecklingsområden"), each area with its description, its own sub-sections and
its goals and indicator links, which stand where the area's text has its first "Mål" section,
else after its sub-sections. The areas, goals and links come from their own rows (never from the
copy of their text among the sections), so an edited goal shows as edited. A version without
sections is its title and its areas.
"""

import re
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import formats
from django.utils.translation import gettext as _

from ..constants import IndicatorRole, VersionStatus
from ..models import DevelopmentArea, Goal, GoalIndicator, Section, Version

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


def _areas(version: Version) -> list[DevelopmentArea]:
    links = GoalIndicator.objects.select_related("indicator").order_by("order", "id")
    goals = Goal.objects.prefetch_related(Prefetch("indicator_links", links)).order_by(
        "order", "id"
    )
    return list(
        DevelopmentArea.objects.filter(version=version)
        .prefetch_related(Prefetch("goals", goals))
        .order_by("order", "id")
    )


def reading_order(version: Version) -> tuple[list[Section], dict, list[DevelopmentArea]]:
    """The version's text tree (roots in order, each with `children`), the sections of each area
    that stand at the top of that area's text (area pk → sections), and the areas in order.

    The one place the export learns the document's order; when the version keeps a reading order
    of its own (strategy/reading.py), this is the function to build on it."""
    sections = list(Section.objects.filter(version=version).order_by("order", "id"))
    by_pk = {s.pk: s for s in sections}
    children = defaultdict(list)
    for section in sections:
        children[section.parent_id if section.parent_id in by_pk else None].append(section)
    for section in sections:
        section.children_in_order = children.get(section.pk, [])
    area_roots = defaultdict(list)
    for section in sections:
        parent = by_pk.get(section.parent_id)
        if section.area_id and (parent is None or parent.area_id != section.area_id):
            area_roots[section.area_id].append(section)
    return children[None], dict(area_roots), _areas(version)


def outline(version: Version) -> list[Block]:
    """The version as blocks in reading order (see the module's docstring)."""
    roots, area_roots, areas = reading_order(version)
    blocks = [Block(TITLE, version.title)]
    for paragraph in text_paragraphs(version.summary):
        blocks.append(Block(PARAGRAPH, paragraph))
    placed = False

    def walk(nodes: list[Section], level: int) -> None:
        nonlocal placed
        for node in nodes:
            if node.area_id and node in area_roots.get(node.area_id, ()):
                if not placed:
                    placed = True
                    for area in areas:
                        blocks.extend(_area_blocks(area, area_roots.get(area.pk, []), level))
                continue
            if node.heading:
                blocks.append(Block(HEADING, node.heading, min(level, 9), part="section"))
            blocks.extend(Block(PARAGRAPH, p, part="section") for p in text_paragraphs(node.body))
            walk(node.children_in_order, level + 1 if node.heading else level)

    walk(roots, 1)
    if not placed:
        for area in areas:
            blocks.extend(_area_blocks(area, [], 1))
    return blocks


def _area_blocks(area: DevelopmentArea, roots: list[Section], level: int) -> list[Block]:
    blocks = [Block(HEADING, area.title, min(level, 9), part="area")]
    blocks.extend(Block(PARAGRAPH, p, part="area") for p in text_paragraphs(area.description))
    # The area's own section (its heading is the area's name) stands for the area: its text is
    # the description above, its sub-sections are the area's.
    subsections: list[Section] = []
    for root in roots:
        if root.heading.strip().casefold() == area.title.strip().casefold() or not root.heading:
            subsections.extend(root.children_in_order)
        else:
            subsections.append(root)
    inner = min(level + 1, 9)
    goals_placed = False

    def walk(nodes: list[Section], depth: int) -> None:
        nonlocal goals_placed
        for node in nodes:
            if is_marker_heading(node.heading):
                if not goals_placed:
                    goals_placed = True
                    blocks.extend(_goal_blocks(area, inner))
                continue
            if node.heading:
                blocks.append(Block(HEADING, node.heading, min(depth, 9), part="section"))
            blocks.extend(Block(PARAGRAPH, p, part="section") for p in text_paragraphs(node.body))
            walk(node.children_in_order, depth + 1 if node.heading else depth)

    walk(subsections, inner)
    if not goals_placed:
        blocks.extend(_goal_blocks(area, inner))
    return blocks


def _goal_blocks(area: DevelopmentArea, level: int) -> list[Block]:
    blocks = []
    for goal in area.goals.all():
        blocks.append(Block(MARKER, goal.title, level, goal_label(goal), part="goal"))
        if goal.note.strip() and not is_marker_heading(goal.note):
            blocks.extend(Block(PARAGRAPH, p, part="goal") for p in text_paragraphs(goal.note))
        for link in goal.indicator_links.all():
            text = link_text(link)
            blocks.append(Block(MARKER, text, level, link_label(link), part="indicator"))
            if link.indicator_id and link.indicator.title.strip() != text:
                blocks.append(
                    Block(
                        PARAGRAPH,
                        _("In the indicator catalogue: %(name)s") % {"name": link.indicator.title},
                        part="indicator",
                    )
                )
            if link.note.strip() and not is_marker_heading(link.note):
                blocks.extend(
                    Block(PARAGRAPH, p, part="indicator") for p in text_paragraphs(link.note)
                )
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
