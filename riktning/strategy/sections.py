"""A version's text as a tree of sections, in reading order, with the heading level each
section gets on a page. Read-only; no queries beyond loading the version's sections once."""

from collections import defaultdict

from .models import DevelopmentArea, Section, Version


def set_heading_levels(nodes: list[Section], level: int) -> list[Section]:
    """Give each section the heading level that keeps the page's headings in order: a child is
    one level below its parent only when the parent shows a heading."""
    for node in nodes:
        node.heading_level = min(level, 6)
        set_heading_levels(node.tree_children, level + 1 if node.heading else level)
    return nodes


def section_tree(sections) -> list[Section]:
    """The roots of a version's text, each with `tree_children` (no further queries)."""
    children = defaultdict(list)
    for section in sorted(sections, key=lambda s: (s.order, s.pk)):
        children[section.parent_id].append(section)
    for section in sections:
        section.tree_children = children.get(section.pk, [])
    ids = {s.pk for s in sections}
    roots = [s for s in sections if s.parent_id is None or s.parent_id not in ids]
    return sorted(roots, key=lambda s: (s.order, s.pk))


def version_sections(version: Version) -> list[Section]:
    return list(Section.objects.filter(version=version))


def version_text(version: Version, level: int) -> list[Section]:
    """Every section of `version` as a tree whose roots have heading level `level` (an area's
    own top-level sections among the roots). The version read as the document, text and areas
    interleaved, is strategy/reading.py's `reading_order`."""
    return set_heading_levels(section_tree(version_sections(version)), level)


def area_text(area: DevelopmentArea, level: int) -> list[Section]:
    """The sections that belong to `area`, with their sub-sections, as a tree."""
    sections = version_sections(area.version)
    by_pk = {s.pk: s for s in sections}
    section_tree(sections)
    roots = [
        s
        for s in sorted(sections, key=lambda s: (s.order, s.pk))
        if s.area_id == area.pk
        and (s.parent_id is None or by_pk.get(s.parent_id).area_id != area.pk)
    ]
    return set_heading_levels(roots, level)
