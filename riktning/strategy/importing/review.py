"""The coordinator's corrections of a proposed tree before it is saved.

For review the tree is a flat list of rows in reading order, each of one kind: a top-level
SECTION, an AREA, a SUBSECTION of the area above it, a GOAL of that area, an INDICATOR of the
goal above it. A correction changes the rows; `tree_from_rows` builds the tree again and says
what does not fit (a goal above any area, an indicator above any goal). The rows are plain
data (`as_data`/`rows_from_data`), so the web import keeps them in the session between steps.

    change_kind   a part read as the wrong kind: a heading that is an area, not a section
    merge         a part joined to the one before it (a paragraph cut in two)
    split         a part's text divided at a paragraph, the rest a part of its own
    rematch       an indicator pointed at another catalogue entry, or at none (proposed)
"""

from dataclasses import asdict, dataclass, fields, replace

from django.utils.translation import gettext as _

from riktning.strategy.constants import IndicatorRole

from . import markers
from .files import DocumentRefused
from .matching import Entry, Matcher
from .tree import ProposedArea, ProposedGoal, ProposedLink, ProposedSection, ProposedTree

SECTION, AREA, SUBSECTION, GOAL, INDICATOR = "section", "area", "subsection", "goal", "indicator"
KINDS = (SECTION, AREA, SUBSECTION, GOAL, INDICATOR)


@dataclass(frozen=True)
class Row:
    kind: str
    title: str  # a section's or an area's heading, a goal's or an indicator's text
    text: str = ""  # a section's text, an area's description, an indicator's note
    heading: str = ""  # the line before a goal or an indicator ("Nytt förslag till mål")
    note: str = ""  # a revision prefix ("Ny rubrik")
    role: str = ""  # an indicator's IndicatorRole
    catalogue_id: int | None = None
    catalogue_key: str | None = None
    catalogue_title: str = ""
    score: float = 0.0


def rows_from_tree(tree: ProposedTree) -> list[Row]:
    rows = []
    for part in tree.parts:
        if isinstance(part, ProposedSection):
            rows.append(Row(SECTION, part.title, part.text, note=part.note))
            continue
        rows.append(Row(AREA, part.name, part.description, note=part.note))
        for inner in part.parts:
            if isinstance(inner, ProposedSection):
                rows.append(Row(SUBSECTION, inner.title, inner.text, note=inner.note))
                continue
            rows.append(Row(GOAL, inner.text, heading=inner.heading, note=inner.note))
            rows.extend(
                Row(
                    INDICATOR,
                    link.text,
                    link.note,
                    heading=link.heading,
                    role=str(link.role),
                    catalogue_id=link.catalogue_id,
                    catalogue_key=link.catalogue_key,
                    catalogue_title=link.catalogue_title,
                    score=link.score,
                )
                for link in inner.indicators
            )
    return rows


def tree_from_rows(rows: list[Row]) -> ProposedTree:
    """The tree the rows make, or DocumentRefused listing every row that does not fit."""
    tree = ProposedTree()
    area: ProposedArea | None = None
    goal: ProposedGoal | None = None
    problems = []
    for number, row in enumerate(rows, start=1):
        if row.kind == SECTION:
            area = goal = None
            tree.parts.append(ProposedSection(row.title, row.text, row.note))
        elif row.kind == AREA:
            goal = None
            area = ProposedArea(row.title, row.text, row.note)
            tree.parts.append(area)
        elif area is None:
            problems.append(
                _("Part %(number)s (“%(text)s”) must stand under a development area.")
                % {"number": number, "text": _shown(row.title)}
            )
        elif row.kind == SUBSECTION:
            goal = None
            area.parts.append(ProposedSection(row.title, row.text, row.note))
        elif row.kind == GOAL:
            goal = ProposedGoal(row.title, heading=row.heading, note=row.note)
            area.parts.append(goal)
        elif goal is None:
            problems.append(
                _("The indicator in part %(number)s (“%(text)s”) must stand under a goal.")
                % {"number": number, "text": _shown(row.title)}
            )
        else:
            goal.indicators.append(
                ProposedLink(
                    text=row.title,
                    role=row.role or IndicatorRole.PROPOSED,
                    catalogue_id=row.catalogue_id,
                    catalogue_key=row.catalogue_key,
                    catalogue_title=row.catalogue_title,
                    score=row.score,
                    heading=row.heading,
                    note=row.text,
                )
            )
    if not tree.areas:
        problems.append(_("The document must have at least one development area."))
    if problems:
        raise DocumentRefused(problems, code="structure")
    return tree


def change_kind(rows: list[Row], index: int, kind: str, matcher: Matcher) -> list[Row]:
    """The part at `index` read as `kind`; an indicator is matched against the catalogue."""
    if kind not in KINDS:
        raise ValueError(kind)
    row = rows[index]
    changed = replace(
        row,
        kind=kind,
        role="",
        catalogue_id=None,
        catalogue_key=None,
        catalogue_title="",
        score=0.0,
    )
    if kind == INDICATOR:
        changed = _matched(replace(changed, role=IndicatorRole.PRIMARY), matcher.match(row.title))
    return [*rows[:index], changed, *rows[index + 1 :]]


def merge(rows: list[Row], index: int) -> list[Row]:
    """The part at `index` joined to the one before it, which keeps its kind: a goal's or an
    indicator's text goes on with the merged part's; a section's text gains the merged part's
    heading and text as paragraphs."""
    if index <= 0:
        raise ValueError(index)
    before, row = rows[index - 1], rows[index]
    if before.kind in (GOAL, INDICATOR):
        joined = replace(before, title=_join(" ", before.title, row.title))
        joined = replace(joined, text=_join("\n\n", joined.text, row.text))
    else:
        joined = replace(before, text=_join("\n\n", before.text, row.title, row.text))
    return [*rows[: index - 1], joined, *rows[index + 1 :]]


def split(rows: list[Row], index: int, paragraph: int) -> list[Row]:
    """The part at `index` divided before its text's paragraph number `paragraph` (from 1):
    the paragraphs from there on become a text section of their own, without a heading, in
    the area where the part stands (or at the top level)."""
    row = rows[index]
    paragraphs = [p for p in row.text.split("\n\n") if p.strip()]
    if not 1 <= paragraph < len(paragraphs):
        raise ValueError(paragraph)
    kept = replace(row, text="\n\n".join(paragraphs[:paragraph]))
    in_area = row.kind != SECTION and any(r.kind == AREA for r in rows[: index + 1])
    rest = Row(SUBSECTION if in_area else SECTION, "", "\n\n".join(paragraphs[paragraph:]))
    return [*rows[:index], kept, rest, *rows[index + 1 :]]


def rematch(rows: list[Row], index: int, entry: Entry | None) -> list[Row]:
    """The indicator at `index` pointed at `entry` by the coordinator (score 100), or at none:
    then it is a proposed indicator, to be developed."""
    row = rows[index]
    if row.kind != INDICATOR:
        raise ValueError(index)
    if entry is None:
        changed = replace(
            row,
            role=IndicatorRole.PROPOSED,
            catalogue_id=None,
            catalogue_key=None,
            catalogue_title="",
            score=0.0,
        )
    else:
        # One matched before keeps its role; one that fell to "proposed" for want of a match
        # takes the role its heading gives ("Ytterligare indikator": additional).
        role = row.role if row.catalogue_id else _role_of(row.heading)
        changed = replace(
            row,
            role=role,
            catalogue_id=entry.id,
            catalogue_key=entry.key or None,
            catalogue_title=entry.title,
            score=100.0,
        )
    return [*rows[:index], changed, *rows[index + 1 :]]


def as_data(rows: list[Row]) -> list[dict]:
    return [asdict(row) for row in rows]


def rows_from_data(data: list[dict]) -> list[Row]:
    """Rows from what `as_data` gave (e.g. kept in the session); unknown keys are ignored."""
    names = {f.name for f in fields(Row)}
    rows = [Row(**{key: value for key, value in item.items() if key in names}) for item in data]
    if any(row.kind not in KINDS for row in rows):
        raise ValueError("unknown kind")
    return rows


def _role_of(heading: str) -> str:
    marker = markers.find_marker(heading) if heading else None
    if marker is not None and marker.kind == markers.INDICATOR:
        return marker.role
    return IndicatorRole.PRIMARY


def _matched(row: Row, match) -> Row:
    if match.entry is None:
        return replace(row, role=IndicatorRole.PROPOSED, score=match.score)
    return replace(
        row,
        catalogue_id=match.entry.id,
        catalogue_key=match.entry.key or None,
        catalogue_title=match.entry.title,
        score=match.score,
    )


def _join(separator: str, *texts: str) -> str:
    return separator.join(text for text in texts if text.strip())


def _shown(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:59].rstrip() + "…"
