"""A version's parts in the document's own reading order: the one order the version page, the
Word/PDF/HTML export and the import share.

How the order is stored (no extra table; the existing `order` fields, by convention):

* **Top level** of a version: its top-level text sections (`Section` with `parent=None` and
  `area=None`) and its development areas (`DevelopmentArea`) share ONE numbering in their
  `order` fields. General text, then the areas, then closing text is e.g. sections 1–4, areas
  5–10, section 11.
* **Inside an area**: first the area's `description`, then the area's own top-level sections
  (`Section` with `area=<the area>` and `parent=None`) and its goals (`Goal`) share one numbering
  in their `order` fields (e.g. "Om …" 1, "Kartläggning …" 2, the goal 3).
* **Sub-sections** (`Section.parent`) are ordered by `order` among their siblings, and keep their
  parent's area (a section of an area is never the child of a section outside it).
* **Indicator links** of a goal by `GoalIndicator.order`.
* Equal numbers are read section before area/goal, then by id (creation order); the moves in
  `move()` renumber a sequence 1, 2, 3 … so equal numbers do not last.

`reading_order(version)` loads everything in a fixed number of queries (sections, areas, goals,
links with their indicators) and returns a list of `Section` and `DevelopmentArea` objects with
these attributes set (no further queries when they are read):

* every part: `part_kind` ("section", "area" or "goal"), `heading_level` (1–6; top-level parts
  get the `level` argument) and `anchor` (an HTML id: "section-<pk>", "area-<pk>", "goal-<pk>");
* a `Section`: `tree_children`, its sub-sections in order;
* a `DevelopmentArea`: `reading_parts`, its sections (each with `tree_children`) and goals in
  order;
* a `Goal`: `links`, its `GoalIndicator`s in order with `indicator` loaded, and each link's
  `anchor` ("link-<pk>") and `shown_wording`: the document's own wording where it differs from
  the catalogue entry's title (or the proposal), else "".

For the move buttons every part (and link) also carries `order_revision`, the fingerprint of
the sequence it belongs to as loaded (`order_revision(sequence)`), and `is_first`/`is_last`.

`walk(parts)` yields `(depth, part)` for every part in reading order (sections, areas, goals;
not links), which is what a flat export needs; `table_of_contents(parts)` the headings as a
tree. `sequence_of(part)` gives
the siblings a part is moved among; `move(part, direction)` moves it one place up or down.
"""

from collections import defaultdict
from collections.abc import Iterator

from django.db import transaction
from django.db.models import Prefetch

from .models import DevelopmentArea, Goal, GoalIndicator, Section, Version

UP = "up"
DOWN = "down"


def order_key(part) -> tuple:
    """The sort key of a part among its siblings: order, then sections first, then id."""
    return (part.order, 0 if isinstance(part, Section) else 1, part.pk or 0)


def shown_wording(link: GoalIndicator) -> str:
    """The document's own wording of a link when it says something the catalogue title (or the
    proposal) does not; "" otherwise."""
    wording = (link.wording or "").strip()
    if not wording:
        return ""
    named = link.indicator.title if link.indicator_id else link.proposal
    if _normalise(wording) == _normalise(named or ""):
        return ""
    return wording


def _normalise(text: str) -> str:
    return " ".join(text.casefold().split()).rstrip(".")


def _token(part) -> str:
    kind = "link" if isinstance(part, GoalIndicator) else type(part).__name__.casefold()
    return f"{kind}-{part.pk}"


def order_revision(sequence: list) -> str:
    """The fingerprint of a sequence's order, e.g. "section-3.developmentarea-7": a move form
    carries it, and the move is refused when the order has changed since the page was loaded."""
    return ".".join(_token(part) for part in sequence)


def _mark(sequence: list) -> None:
    revision = order_revision(sequence)
    for index, part in enumerate(sequence):
        part.order_revision = revision
        part.is_first = index == 0
        part.is_last = index == len(sequence) - 1


def _set_levels(parts, level: int) -> None:
    for part in parts:
        part.heading_level = min(level, 6)
        if isinstance(part, Section):
            _set_levels(part.tree_children, level + 1 if part.heading else level)
        elif isinstance(part, DevelopmentArea):
            _set_levels(part.reading_parts, level + 1)


def reading_order(version: Version, level: int = 2) -> list:
    """The version's top-level parts (`Section`, `DevelopmentArea`) in reading order, each part
    carrying its children as described in the module docstring. Four queries in all."""
    # Each ordered within its parent, which is what the models' default orderings come to
    # here, without their joins up to the document's title (docs/performance.md).
    sections = list(Section.objects.filter(version=version).order_by("order", "id"))
    links = Prefetch(
        "indicator_links",
        queryset=GoalIndicator.objects.select_related("indicator").order_by("order", "id"),
    )
    goals = Goal.objects.prefetch_related(links).order_by("order", "id")
    areas = list(
        DevelopmentArea.objects.filter(version=version)
        .order_by("order", "id")
        .prefetch_related(Prefetch("goals", queryset=goals))
    )
    by_pk = {s.pk: s for s in sections}
    children = defaultdict(list)
    area_roots = defaultdict(list)
    top = []
    for section in sections:
        section.part_kind = "section"
        section.anchor = f"section-{section.pk}"
        parent = by_pk.get(section.parent_id)
        if parent is not None and (section.area_id is None or parent.area_id == section.area_id):
            children[parent.pk].append(section)
        elif section.area_id is not None:
            area_roots[section.area_id].append(section)
        else:
            top.append(section)
    for section in sections:
        section.tree_children = sorted(children[section.pk], key=order_key)
        _mark(section.tree_children)
    for area in areas:
        area.part_kind = "area"
        area.anchor = f"area-{area.pk}"
        goals = list(area.goals.all())
        for goal in goals:
            goal.part_kind = "goal"
            goal.anchor = f"goal-{goal.pk}"
            goal.links = list(goal.indicator_links.all())
            for link in goal.links:
                link.anchor = f"link-{link.pk}"
                link.shown_wording = shown_wording(link)
            _mark(goal.links)
        area.reading_parts = sorted(area_roots[area.pk] + goals, key=order_key)
        _mark(area.reading_parts)
        top.append(area)
    parts = sorted(top, key=order_key)
    _mark(parts)
    _set_levels(parts, level)
    return parts


def walk(parts, depth: int = 0) -> Iterator[tuple[int, object]]:
    """Every section, area and goal of `reading_order()`'s result, in reading order, with its
    depth (0 for a top-level part)."""
    for part in parts:
        yield depth, part
        if isinstance(part, Section):
            yield from walk(part.tree_children, depth + 1)
        elif isinstance(part, DevelopmentArea):
            yield from walk(part.reading_parts, depth + 1)


def table_of_contents(parts) -> list[dict]:
    """The headings of `reading_order()`'s result as a tree for a table of contents: entries
    {"title", "anchor", "children"} for the headed sections and the areas (not the goals; an
    untitled section's headed sub-sections stand in its place)."""
    entries = []
    for part in parts:
        if isinstance(part, DevelopmentArea):
            children = table_of_contents(part.reading_parts)
            entries.append({"title": part.title, "anchor": part.anchor, "children": children})
        elif isinstance(part, Section):
            children = table_of_contents(part.tree_children)
            if part.heading:
                entries.append({"title": part.heading, "anchor": part.anchor, "children": children})
            else:
                entries.extend(children)
    return entries


def sequence_of(part) -> list:
    """The siblings `part` is ordered among (itself included), in reading order."""
    if isinstance(part, GoalIndicator):
        return list(GoalIndicator.objects.filter(goal_id=part.goal_id).order_by("order", "id"))
    parent = None
    if isinstance(part, Section) and part.parent_id is not None:
        parent = Section.objects.filter(pk=part.parent_id).first()
    if isinstance(part, Goal):
        siblings = area_parts(part.area_id)
    elif isinstance(part, DevelopmentArea):
        siblings = list(Section.objects.filter(version_id=part.version_id, parent=None, area=None))
        siblings += list(DevelopmentArea.objects.filter(version_id=part.version_id))
    elif parent is not None and (part.area_id is None or parent.area_id == part.area_id):
        # As reading_order() reads the tree: a child of another area's section is read in
        # its own area.
        siblings = [
            s
            for s in Section.objects.filter(parent_id=part.parent_id)
            if s.area_id is None or s.area_id == parent.area_id
        ]
    elif part.area_id is not None:
        siblings = area_parts(part.area_id)
    else:
        siblings = list(Section.objects.filter(version_id=part.version_id, parent=None, area=None))
        siblings += list(DevelopmentArea.objects.filter(version_id=part.version_id))
    if isinstance(part, GoalIndicator):
        return siblings
    return sorted(siblings, key=order_key)


def owning_version_id(part) -> int:
    if isinstance(part, GoalIndicator):
        return Goal.objects.filter(pk=part.goal_id).values_list("area__version_id", flat=True).get()
    if isinstance(part, Goal):
        return (
            DevelopmentArea.objects.filter(pk=part.area_id)
            .values_list("version_id", flat=True)
            .get()
        )
    return part.version_id


def area_parts(area_id: int) -> list:
    """An area's own top-level sections (those not under a section of the same area) and its
    goals."""
    sections = Section.objects.filter(area_id=area_id).select_related("parent")
    own = [s for s in sections if s.parent_id is None or s.parent.area_id != area_id]
    return own + list(Goal.objects.filter(area_id=area_id))


def next_order(sequence: list) -> int:
    """The `order` that puts a new part last in `sequence`."""
    return max((p.order for p in sequence), default=0) + 1


def can_move(part, direction: str, sequence: list | None = None) -> bool:
    sequence = sequence if sequence is not None else sequence_of(part)
    index = _index(sequence, part)
    return index > 0 if direction == UP else index < len(sequence) - 1


def _index(sequence: list, part) -> int:
    for index, sibling in enumerate(sequence):
        if type(sibling) is type(part) and sibling.pk == part.pk:
            return index
    raise ValueError(part)


class OrderChanged(Exception):
    """The order is no longer the one the mover saw (someone else moved a part meanwhile)."""


@transaction.atomic
def move(part, direction: str, revision: str | None = None) -> bool:
    """Move `part` one place up or down among its siblings and number the sequence 1, 2, 3 ….
    Returns False (and writes nothing) when it is already first/last. With `revision` (what the
    page showed, `order_revision`), raises OrderChanged, writing nothing, when the sequence is
    no longer in that order. Each part's save() refuses a frozen version
    (models.VersionContent); the caller checks access."""
    if direction not in (UP, DOWN):
        raise ValueError(direction)
    # One mover at a time per version: the version's row is the lock.
    Version.objects.select_for_update().filter(pk=owning_version_id(part)).first()
    sequence = sequence_of(part)
    if revision is not None and revision != order_revision(sequence):
        raise OrderChanged
    if not can_move(part, direction, sequence):
        return False
    index = _index(sequence, part)
    other = index - 1 if direction == UP else index + 1
    sequence[index], sequence[other] = sequence[other], sequence[index]
    for number, sibling in enumerate(sequence, start=1):
        if sibling.order != number:
            sibling.order = number
            sibling.save(update_fields=["order"])
    return True
