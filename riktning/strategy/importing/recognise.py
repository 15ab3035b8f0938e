"""From a block stream to a proposed tree: the way Swedish steering documents are written.

- **Headings** become sections, in reading order.
- **The part that lists the development areas** (a heading such as "Särskilt viktiga
  utvecklingsområden", "Fokusområden", "Områden") holds the areas: its headings one level down
  (in plain text, every heading after it) are areas, and anything deeper, or a heading of the
  kind that stays inside an area ("Om …", "Kartläggning av …", "Aktivitet 2021", "Bakgrund"),
  is a text section of the area it stands in. Names listed as items right under the part's
  heading are areas whatever they look like.
- Without such a part, an area is the heading a goal stands under.
- **Markers** (`markers.py`) make goals and indicator links under the area they stand in:
  `Mål`, `Nytt förslag till mål` (its words kept as the goal's note), `Indikator` (primary),
  `Ytterligare indikator` (additional), `Förslag till ytterligare indikator` (proposed). The
  text after a marker, or the paragraph below one on its own line, is the goal or the
  indicator; paragraphs after an indicator are its note. "Indikatorer:" followed by a list
  makes one link per item.
- **Revision prefixes** ("Ny rubrik : Föräldraskap") are taken off a name and kept as its note.
- **Earlier versions guide**: a heading that names one of their areas is an area; a paragraph
  inside an area that repeats one of their goals is a goal.

Each indicator line is matched against the catalogue (`matching.py`); one matched to nothing is
a proposed indicator ("to be developed"), never dropped. What the coordinator should check is
said in the tree's warnings.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from rapidfuzz import fuzz, process

from riktning.strategy.constants import IndicatorRole

from .blocks import HEADING, ITEM, PARAGRAPH, Block
from .files import DocumentRefused
from .markers import GOAL, Marker, find_marker, split_note
from .matching import Matcher, normalise
from .tree import ProposedArea, ProposedGoal, ProposedLink, ProposedSection, ProposedTree

# The heading of the part listing the areas: "Särskilt viktiga utvecklingsområden",
# "Fokusområden", "Områden", "Våra prioriterade områden"; not "Trygga bostadsområden".
AREAS_PART = re.compile(
    r"(?i)(\b(utvecklings|fokus|insats|mål|priorit\w*\s+|strategisk\w*\s+|särskild\w*\s+)?"
    r"område(n|na)\b)"
)
# Headings that stay inside the area they stand in.
AREA_SUBHEADING = re.compile(
    r"(?i)^(om|kartläggning|kartläggningen|aktivitet|aktiviteter|bakgrund|syfte|nuläge|"
    r"nulägesanalys|insatser|åtgärder|åtgärd|analys|exempel|fakta|statistik|varför|hur|"
    r"arbetssätt|ansvar|ansvarsfördelning|uppdrag|målgrupp|målgrupper|definition|"
    r"definitioner|beskrivning|kommentar|kommentarer|utmaningar|behov)\b"
)
OUTLINE_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+(?=[A-ZÅÄÖÉÜ])")
# How alike a heading or a paragraph must be to an earlier version's area or goal (0–100).
GUIDE_THRESHOLD = 90.0
SHOWN_CHARS = 80


@dataclass(frozen=True)
class Guide:
    """What earlier versions of the same document say: their areas' names and goals' texts."""

    areas: tuple[str, ...] = ()
    goals: tuple[str, ...] = ()

    def is_area(self, text: str) -> bool:
        return _alike(text, self.areas)

    def is_goal(self, text: str) -> bool:
        return _alike(text, self.goals)


def _alike(text: str, known: tuple[str, ...]) -> bool:
    query = normalise(text)
    if not query or not known:
        return False
    best = process.extractOne(query, [normalise(name) for name in known], scorer=fuzz.ratio)
    return best is not None and best[1] >= GUIDE_THRESHOLD


@dataclass
class _Item:
    block: Block
    marker: Marker | None = None
    content_of: int | None = None  # the index of the bare marker this block is the text of


def recognise(blocks: list[Block], matcher: Matcher, guide: Guide = Guide()) -> ProposedTree:
    """The proposed tree of a document's blocks, or DocumentRefused if it has no area."""
    items = _items(blocks)
    plan = _plan(items, guide)
    if AREA not in plan.values():
        raise DocumentRefused(
            _(
                "No development area was found in the document. Areas are read from the "
                "headings under a heading such as “Utvecklingsområden” or “Fokusområden”, or "
                "from the headings that goals (“Mål:”) stand under."
            ),
            code="no_area",
        )
    builder = _Builder(matcher, guide)
    for index, item in enumerate(items):
        builder.take(index, item, plan)
    return builder.finish()


def _items(blocks: list[Block]) -> list[_Item]:
    """Every block with its marker, and the text a bare marker stands over bound to it: the
    next block (even one that looks like a heading in plain text), or the list that follows
    ("Indikatorer:" and one item per indicator)."""
    blocks = [_unnumbered(block) for block in blocks]
    items = [_Item(block, find_marker(block.text)) for block in blocks]
    for index, item in enumerate(items):
        if item.marker is None or item.marker.rest or item.content_of is not None:
            continue
        following = index + 1
        while following < len(items):
            nxt = items[following]
            if nxt.marker is not None or nxt.content_of is not None:
                break
            if nxt.block.kind == HEADING and nxt.block.level is not None:
                break
            if following > index + 1 and nxt.block.kind != ITEM:
                break
            nxt.content_of = index
            if nxt.block.kind != ITEM:
                break
            following += 1
    return items


def _unnumbered(block: Block) -> Block:
    """A heading without its outline number ("2.1 Föräldrastöd", "3. Mål")."""
    if block.kind != HEADING:
        return block
    text = OUTLINE_NUMBER.sub("", block.text, count=1)
    return Block(block.kind, text, block.level) if text else block


def _is_heading(item: _Item) -> bool:
    return item.block.kind == HEADING and item.marker is None and item.content_of is None


AREA, SUB, TOP = "area", "sub", "top"


def _plan(items: list[_Item], guide: Guide) -> dict[int, str]:
    """What each heading starts: an AREA, a SUB-section of the area it stands in, or a TOP-level
    section of the version (which ends any area before it)."""
    headings = [index for index, item in enumerate(items) if _is_heading(item)]
    known = {index for index in headings if guide.is_area(items[index].block.text)}
    part = next(
        (
            index
            for index in headings
            if AREAS_PART.search(items[index].block.text) and index not in known
        ),
        None,
    )
    if part is None:
        return _plan_by_goals(items, headings, known)
    plan = {index: AREA if index in known else TOP for index in headings if index <= part}
    listed = {
        normalise(item.block.text)
        for item in items[part + 1 : next((h for h in headings if h > part), len(items))]
        if item.block.kind == ITEM
    }
    part_level = items[part].block.level
    later = [index for index in headings if index > part]
    area_level = items[later[0]].block.level if later else None
    # Where the areas' headings are one level below the part's heading, the part ends at the
    # next heading as high as its own; otherwise (plain text, or all the same size) at the end.
    nested = part_level is not None and area_level is not None and area_level > part_level
    ended = False
    current = None
    for index in later:
        block = items[index].block
        level = block.level
        if index in known:
            plan[index], current = AREA, index
        elif ended or (nested and level <= part_level):
            ended = True
            plan[index] = TOP
        elif level is not None and area_level is not None and level > area_level:
            plan[index] = SUB
        elif (
            current is not None
            and AREA_SUBHEADING.match(split_note(block.text)[0])
            and normalise(block.text) not in listed
        ):
            plan[index] = SUB
        else:
            plan[index], current = AREA, index
    return plan


def _plan_by_goals(items: list[_Item], headings: list[int], known: set[int]) -> dict[int, str]:
    """Without a part listing the areas: the headings goals stand under are areas; a heading
    below an area's level, or (in plain text) of the kind that stays inside an area, is a
    sub-section; any other heading ends the area."""
    areas = _governing_headings(items, headings) | known
    plan = {}
    current = None
    for index in headings:
        level = items[index].block.level
        if index in areas:
            plan[index], current = AREA, index
        elif current is None:
            plan[index] = TOP
        elif level is not None and items[current].block.level is not None:
            if level > items[current].block.level:
                plan[index] = SUB
            else:
                plan[index], current = TOP, None
        elif AREA_SUBHEADING.match(split_note(items[index].block.text)[0]):
            plan[index] = SUB
        else:
            plan[index], current = TOP, None
    return plan


def _governing_headings(items: list[_Item], headings: list[int]) -> set[int]:
    """The headings goals stand under: for each goal marker, the nearest heading above it that
    is not an area's sub-heading; where the format has levels, all at the level most of those
    headings have."""
    governing = []
    for index, item in enumerate(items):
        if item.marker is None or item.marker.kind != GOAL:
            continue
        above = [h for h in headings if h < index]
        chosen = next(
            (h for h in reversed(above) if not AREA_SUBHEADING.match(items[h].block.text)),
            above[-1] if above else None,
        )
        if chosen is not None:
            governing.append((index, chosen))
    levels = Counter(items[h].block.level for _, h in governing)
    if not levels or None in levels:
        return {h for _, h in governing}
    level = levels.most_common(1)[0][0]
    result = set()
    for index, _chosen in governing:
        at_level = [h for h in headings if h < index and items[h].block.level == level]
        if at_level:
            result.add(at_level[-1])
    return result


@dataclass
class _Builder:
    matcher: Matcher
    guide: Guide
    tree: ProposedTree = field(default_factory=ProposedTree)
    area: ProposedArea | None = None
    goal: ProposedGoal | None = None
    link: ProposedLink | None = None
    in_description: bool = False
    markers: dict[int, object] = field(default_factory=dict)

    def take(self, index: int, item: _Item, plan: dict[int, str]) -> None:
        block = item.block
        if item.content_of is not None:
            self._fill(self.markers.get(item.content_of), block)
            return
        if item.marker is not None:
            self._marker(index, item.marker)
            return
        role = plan.get(index)
        if role is None:
            self._text(block)
            return
        name, note = split_note(block.text)
        self.link = None
        self.in_description = False
        if role == AREA:
            self._close_area()
            self.area = ProposedArea(name=name, note=note)
            self.tree.parts.append(self.area)
            self.in_description = True
        elif role == SUB and self.area is not None:
            self.area.parts.append(ProposedSection(title=name, note=note))
        else:
            self._close_area()
            self.tree.parts.append(ProposedSection(title=name, note=note))

    def _marker(self, index: int, marker: Marker) -> None:
        if self.area is None:
            self.tree.warnings.append(
                _("“%(text)s” stands outside any development area and was kept as text.")
                % {"text": _shown(f"{marker.word} {marker.rest}".strip())}
            )
            self._text(Block(PARAGRAPH, f"{marker.word}: {marker.rest}".strip(": ")))
            return
        self.in_description = False
        if marker.kind == GOAL:
            self.goal = ProposedGoal(text="", heading=marker.heading)
            self.area.parts.append(self.goal)
            self.link = None
            self.markers[index] = (marker, self.goal)
            if marker.rest:
                self._set_goal_text(self.goal, marker.rest)
            return
        goal = self._goal_for_indicator()
        self.link = ProposedLink(text="", role=marker.role, heading=marker.heading)
        goal.indicators.append(self.link)
        self.markers[index] = (marker, self.link)
        if marker.rest:
            self._set_link_text(self.link, marker.rest)

    def _goal_for_indicator(self) -> ProposedGoal:
        goals = self.area.goals
        if goals:
            return goals[-1]
        goal = ProposedGoal(text="")
        self.area.parts.append(goal)
        return goal

    def _fill(self, bound, block: Block) -> None:
        """The text a bare marker stands over; a second item of a list makes another goal or
        link of the same kind."""
        if bound is None:
            self._text(block)
            return
        marker, part = bound
        if isinstance(part, ProposedGoal):
            if part.text:
                part = ProposedGoal(text="", heading=marker.heading)
                self.area.parts.append(part)
                self.goal = part
            self._set_goal_text(part, block.text)
            return
        if part.text:
            part = ProposedLink(text="", role=marker.role, heading=marker.heading)
            self._goal_for_indicator().indicators.append(part)
        self.link = part
        self._set_link_text(part, block.text)

    def _set_goal_text(self, goal: ProposedGoal, text: str) -> None:
        goal.text, goal.note = split_note(text)

    def _set_link_text(self, link: ProposedLink, text: str) -> None:
        link.text = text.strip()
        match = self.matcher.match(link.text)
        link.score = match.score
        link.written_key = match.written_key
        if match.entry is not None:
            link.catalogue_id = match.entry.id
            link.catalogue_key = match.entry.key or None
            link.catalogue_title = match.entry.title
            if match.runner_up is not None:
                self.tree.warnings.append(
                    _(
                        "“%(text)s” was matched to “%(title)s” (%(score)s of 100), but "
                        "“%(other)s” is nearly as close: check which one is meant."
                    )
                    % {
                        "text": _shown(link.text),
                        "title": _shown(match.entry.title),
                        "score": _score(match.score),
                        "other": _shown(match.runner_up.title),
                    }
                )
            return
        link.role = IndicatorRole.PROPOSED
        if match.written_key:
            self.tree.warnings.append(
                _("The Kolada key %(key)s in “%(text)s” is not in the indicator catalogue.")
                % {"key": match.written_key, "text": _shown(link.text)}
            )
        if match.closest is not None:
            self.tree.warnings.append(
                _(
                    "“%(text)s” matches no indicator in the catalogue closely enough (closest: "
                    "“%(title)s”, %(score)s of 100); it is proposed as an indicator to be "
                    "developed."
                )
                % {
                    "text": _shown(link.text),
                    "title": _shown(match.closest.title),
                    "score": _score(match.score),
                }
            )
        else:
            self.tree.warnings.append(
                _(
                    "“%(text)s” matches no indicator in the catalogue; it is proposed as an "
                    "indicator to be developed."
                )
                % {"text": _shown(link.text)}
            )

    def _text(self, block: Block) -> None:
        text = block.text
        if self.area is None:
            parts = self.tree.parts
            if parts and isinstance(parts[-1], ProposedSection):
                parts[-1].add_text(text)
            else:
                parts.append(ProposedSection(title="", text=text))
            return
        if self.guide.goals and block.kind != ITEM and self.guide.is_goal(text):
            self.goal = ProposedGoal(text="")
            self._set_goal_text(self.goal, text)
            self.area.parts.append(self.goal)
            self.in_description = False
            self.link = None
            return
        if self.link is not None:
            self.link.note = f"{self.link.note}\n\n{text}" if self.link.note else text
            return
        if self.in_description:
            self.area.description = (
                f"{self.area.description}\n\n{text}" if self.area.description else text
            )
            return
        parts = self.area.parts
        if parts and isinstance(parts[-1], ProposedSection):
            parts[-1].add_text(text)
        else:
            parts.append(ProposedSection(title="", text=text))

    def _close_area(self) -> None:
        self.area = None
        self.goal = None
        self.link = None
        self.in_description = False

    def finish(self) -> ProposedTree:
        warnings = []
        for area in self.tree.areas:
            if not area.goals:
                warnings.append(_("The area “%(name)s” has no goal.") % {"name": _shown(area.name)})
            for goal in area.goals:
                if not goal.text:
                    warnings.append(
                        _("A goal in “%(area)s” has no text: write it or remove the goal.")
                        % {"area": _shown(area.name)}
                    )
                elif not goal.indicators:
                    warnings.append(
                        _("The goal “%(goal)s” has no indicator.") % {"goal": _shown(goal.text)}
                    )
                for link in goal.indicators:
                    if not link.text:
                        warnings.append(
                            _("An indicator in “%(area)s” has no text: write it or remove it.")
                            % {"area": _shown(area.name)}
                        )
        self.tree.warnings.extend(warnings)
        return self.tree


def _shown(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1].rstrip() + "…"


def _score(score: float) -> str:
    return f"{score:.0f}"
