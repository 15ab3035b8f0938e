"""Comparing two versions of a steering document: a word-level marked-up text and a structured
list of changes (areas, goals, indicator links and sections added, removed, renamed, re-targeted).

The word diff (`diff_words`), the matching of parts (`pair_parts`) and the comparison of two
snapshots (`compare_snapshots`) are pure functions of plain data; `snapshot` and
`compare_versions` read the database.

How parts are matched between the two versions (see docs/consultation.md):
- areas by the carry-over rows `create_version_from` records (one-to-one, followed over several
  versions), then by title;
- goals within matched areas, indicator links within matched goals, sections within matched
  parents (the text tree) by their name (title, indicator, heading), then, in a stretch where the
  names differ, by the most similar text (at least SIMILAR of the words in common): a goal whose
  wording changed is "renamed", one rewritten beyond recognition is "removed" and "added";
- pairs the caller knows for certain (a text proposal applied to a part of the next version,
  `forced`) come first.
This module knows nothing of consultation rounds: the caller passes the comments that caused a
change as `causes`. A cause with `credit_fields` (a text proposal applied to one field) is
credited only to the changes of those fields; one without (a link the coordinator made by hand)
to every change of its part. Who changed a part by hand (a saved edit of the newer version's
part, not one made by applying a text proposal, APPLIED_PROPOSAL_REASON) is each change's
`edited_by` (`compare_versions`).
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from riktning.indicators.formatting import format_number

from .constants import CarryOverKind, IndicatorRole

TOKEN = re.compile(r"\s+|\S+")
# The history's change reason of a save that applied a consultation's text proposal (not a hand
# edit; consultation/nextversion.py sets it).
APPLIED_PROPOSAL_REASON = "Textförslag infört från remissomgången"
# Two parts in a stretch of differing names are the same part when at least this share of their
# words are in common (difflib's ratio over word tokens).
SIMILAR = 0.5

EQUAL, INSERT, DELETE = "equal", "insert", "delete"


# --- the word diff -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    kind: str  # EQUAL, INSERT or DELETE
    text: str


def _tokens(text: str) -> list[str]:
    return TOKEN.findall(text.replace("\r\n", "\n"))


def diff_words(old: str, new: str) -> list[Segment]:
    """The changes from `old` to `new`, word by word. A change of whitespace only is no change;
    the whitespace around a changed stretch stays outside it, so that only words are marked."""
    if (old or "") == (new or ""):
        # The same text: one unchanged stretch, without the cost of matching it word by word.
        same = (new or "").replace("\r\n", "\n")
        return [Segment(EQUAL, same)] if same else []
    a, b = _tokens(old or ""), _tokens(new or "")
    merged: list[list] = []  # [is_change, old text, new text]
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        old_text, new_text = "".join(a[i1:i2]), "".join(b[j1:j2])
        changed = tag != "equal" and bool(old_text.strip() or new_text.strip())
        if changed and merged and merged[-1][0]:
            merged[-1][1] += old_text
            merged[-1][2] += new_text
        elif (
            changed
            and len(merged) >= 2
            and merged[-2][0]
            and not merged[-1][2].strip()
            and not merged[-1][1].strip()
        ):
            # Only whitespace between two changed stretches: "a b" → "c d" is one replacement.
            _, between_old, between_new = merged.pop()
            merged[-1][1] += between_old + old_text
            merged[-1][2] += between_new + new_text
        else:
            merged.append([changed, old_text, new_text])
    segments: list[Segment] = []
    for changed, old_text, new_text in merged:
        if not changed:
            segments.append(Segment(EQUAL, new_text))
            continue
        shown = new_text if new_text.strip() else old_text
        segments.append(Segment(EQUAL, shown[: len(shown) - len(shown.lstrip())]))
        segments.append(Segment(DELETE, old_text.strip()))
        segments.append(Segment(INSERT, new_text.strip()))
        segments.append(Segment(EQUAL, shown[len(shown.rstrip()) :]))
    return _join_equal(segments)


def _join_equal(segments: list[Segment]) -> list[Segment]:
    joined: list[Segment] = []
    for segment in segments:
        if not segment.text:
            continue
        if joined and joined[-1].kind == segment.kind == EQUAL:
            joined[-1] = Segment(EQUAL, joined[-1].text + segment.text)
        else:
            joined.append(segment)
    return joined


def render_segments(segments: Iterable[Segment]) -> SafeString:
    """HTML of a diff: every text escaped; an addition in <ins>, a deletion in <del>, each
    announced to a screen reader by visually hidden words (not by colour or strike alone)."""
    parts = []
    for segment in segments:
        if segment.kind == INSERT:
            parts.append(
                format_html(
                    '<ins class="diff-ins"><span class="visually-hidden">{} </span>{}'
                    '<span class="visually-hidden"> {}</span></ins>',
                    pgettext("diff", "Added:"),
                    segment.text,
                    _("(end of addition)"),
                )
            )
        elif segment.kind == DELETE:
            parts.append(
                format_html(
                    '<del class="diff-del"><span class="visually-hidden">{} </span>{}'
                    '<span class="visually-hidden"> {}</span></del>',
                    pgettext("diff", "Deleted:"),
                    segment.text,
                    _("(end of deletion)"),
                )
            )
        else:
            parts.append(escape(segment.text))
    return mark_safe("".join(parts))  # noqa: S308 – every piece is escaped above


def marked_up(old: str, new: str) -> SafeString:
    return render_segments(diff_words(old, new))


def word_similarity(old: str, new: str) -> float:
    a, b = (old or "").split(), (new or "").split()
    if not a and not b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


# --- parts of a version as plain data ------------------------------------------------------------


@dataclass
class Part:
    """One area, goal, indicator link or section of a version, as plain data."""

    kind: str  # "area", "goal", "indicator" or "section"
    pk: int
    key: str  # what matches it with the other version's parts (its name, an indicator's id)
    label: str  # its name for a reader
    fields: dict[str, str]  # its text fields in display order, e.g. {"title": …}
    facts: dict = field(default_factory=dict)  # an indicator link's role, baseline and target
    children: list["Part"] = field(default_factory=list)
    obj: object = None  # the model instance, for links on a page

    @property
    def name(self) -> str:
        return self.label

    @property
    def text(self) -> str:
        return " ".join(value for value in self.fields.values() if value)


@dataclass
class Snapshot:
    title: str
    summary: str
    areas: list[Part]
    sections: list[Part]


def pair_parts(
    old: list[Part], new: list[Part], forced: Mapping[int, int] | None = None
) -> list[tuple[Part | None, Part | None]]:
    """Match the parts of two lists: `forced` pairs (old pk → new pk) first, then equal names in
    the same order, then, in a stretch where the names differ, the most similar texts. Returns
    (old, new) pairs in the new list's order, a removed part where it stood in the old one;
    (old, None) is removed, (None, new) added."""
    new_by_pk = {part.pk: part for part in new}
    partner: dict[int, Part] = {}  # old pk → new part
    taken: set[int] = set()
    for old_pk, new_pk in (forced or {}).items():
        if new_pk in new_by_pk and new_pk not in taken and any(p.pk == old_pk for p in old):
            partner[old_pk] = new_by_pk[new_pk]
            taken.add(new_pk)
    old_rest = [p for p in old if p.pk not in partner]
    new_rest = [p for p in new if p.pk not in taken]
    matcher = SequenceMatcher(
        None, [p.key for p in old_rest], [p.key for p in new_rest], autojunk=False
    )
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for a, b in zip(old_rest[i1:i2], new_rest[j1:j2], strict=True):
                partner[a.pk] = b
        elif tag == "replace":
            scored = sorted(
                (
                    (word_similarity(a.text, b.text), i, j)
                    for i, a in enumerate(old_rest[i1:i2])
                    for j, b in enumerate(new_rest[j1:j2])
                ),
                key=lambda item: (-item[0], item[1], item[2]),
            )
            used_a, used_b = set(), set()
            for score, i, j in scored:
                if score < SIMILAR:
                    break
                if i in used_a or j in used_b:
                    continue
                used_a.add(i)
                used_b.add(j)
                partner[old_rest[i1 + i].pk] = new_rest[j1 + j]
    old_of = {b.pk: a for a in old for b in [partner.get(a.pk)] if b is not None}
    position = {part.pk: index for index, part in enumerate(old)}
    pairs: list[tuple[Part | None, Part | None]] = []
    emitted: set[int] = set()

    def removed_before(limit: int) -> None:
        for part in old[:limit]:
            if part.pk not in partner and part.pk not in emitted:
                emitted.add(part.pk)
                pairs.append((part, None))

    # Where each new part's stretch ends in the old list: a removed part is shown before the
    # parts added in its place.
    limits, limit = [], len(old)
    for part in reversed(new):
        match = old_of.get(part.pk)
        if match is not None:
            limit = position[match.pk]
        limits.append(limit)
    limits.reverse()
    for part, limit in zip(new, limits, strict=True):
        removed_before(limit)
        pairs.append((old_of.get(part.pk), part))
    removed_before(len(old))
    return pairs


# --- the comparison ------------------------------------------------------------------------------

UNCHANGED, CHANGED, ADDED, REMOVED = "unchanged", "changed", "added", "removed"


@dataclass
class Field:
    name: str
    label: str
    html: SafeString
    changed: bool


@dataclass
class Node:
    """One part in the marked-up comparison, with its children."""

    kind: str
    status: str
    old: Part | None
    new: Part | None
    name_html: SafeString
    fields: list[Field]
    children: list["Node"]

    @property
    def part(self) -> Part:
        return self.new or self.old

    @property
    def body_fields(self) -> list[Field]:
        """The fields shown below the part's name."""
        return [f for f in self.fields if f.name != NAME_FIELD[self.kind]]


@dataclass
class Change:
    """One line of the change list."""

    kind: str  # "added", "removed", "renamed", "text_changed", "retargeted", "role_changed"
    part_kind: str  # "area", "goal", "indicator", "section"
    old: Part | None
    new: Part | None
    context: str  # where it is, e.g. the area of a goal
    detail: str
    causes: list = field(default_factory=list)
    fields: frozenset = frozenset()  # the fields the change is about (empty: the whole part)
    edited_by: list = field(default_factory=list)  # who changed it by hand (names)

    @property
    def name(self) -> str:
        return (self.new or self.old).name

    @property
    def kind_label(self) -> str:
        return {
            "added": pgettext("compare", "Added"),
            "removed": pgettext("compare", "Removed"),
            "renamed": pgettext("compare", "Renamed"),
            "text_changed": pgettext("compare", "Text changed"),
            "retargeted": pgettext("compare", "New target"),
            "role_changed": pgettext("compare", "New role"),
        }[self.kind]

    @property
    def part_label(self) -> str:
        return {
            "area": pgettext("compare", "Area"),
            "goal": pgettext("compare", "Goal"),
            "indicator": pgettext("compare", "Indicator"),
            "section": pgettext("compare", "Section"),
        }[self.part_kind]


@dataclass
class Comparison:
    title_html: SafeString
    summary_html: SafeString
    summary_changed: bool
    areas: list[Node]
    sections: list[Node]
    changes: list[Change]


def field_labels() -> dict[str, str]:
    return {
        "title": pgettext("compare", "Title"),
        "description": pgettext("compare", "Description"),
        "note": pgettext("compare", "Note"),
        "label": pgettext("compare", "Indicator"),
        "proposal": pgettext("compare", "Proposed indicator"),
        "heading": pgettext("compare", "Heading"),
        "body": pgettext("compare", "Text"),
        "facts": pgettext("compare", "Target and role"),
    }


NAME_FIELD = {"area": "title", "goal": "title", "indicator": "label", "section": "heading"}


def _name_field(part: Part) -> str:
    return NAME_FIELD[part.kind]


def _facts_text(facts: dict) -> str:
    """An indicator link's role, baseline and target as one line of text (it is diffed too)."""
    if not facts:
        return ""
    pieces = [_("role: %(role)s") % {"role": facts["role_label"]}]
    if facts.get("baseline_year"):
        pieces.append(_("baseline %(year)s") % {"year": facts["baseline_year"]})
    if facts.get("target_value") is not None:
        pieces.append(
            _("target %(value)s by %(year)s")
            % {
                "value": format_number(facts["target_value"], decimals=None),
                "year": facts.get("target_year"),
            }
        )
    return "; ".join(pieces)


def _target_text(facts: dict) -> str:
    if facts.get("target_value") is None:
        return _("no target value")
    return _("%(value)s by %(year)s") % {
        "value": format_number(facts["target_value"], decimals=None),
        "year": facts.get("target_year") or "–",
    }


def _node(kind: str, old: Part | None, new: Part | None, children: list[Node]) -> Node:
    labels = field_labels()
    names = list((new or old).fields)
    fields: list[Field] = []
    for name in names:
        before = old.fields.get(name, "") if old else ""
        after = new.fields.get(name, "") if new else ""
        if not before and not after:
            continue
        fields.append(
            Field(name, labels.get(name, name), marked_up(before, after), before != after)
        )
    if kind == "indicator":
        before = _facts_text(old.facts) if old else ""
        after = _facts_text(new.facts) if new else ""
        fields.append(Field("facts", labels["facts"], marked_up(before, after), before != after))
    name_html = next((f.html for f in fields if f.name == NAME_FIELD[kind]), None)
    if name_html is None:
        name_html = marked_up(old.name if old else "", new.name if new else "")
    if old is None:
        status = ADDED
    elif new is None:
        status = REMOVED
    elif any(f.changed for f in fields):
        status = CHANGED
    else:
        status = UNCHANGED
    return Node(kind, status, old, new, name_html, fields, children)


def _changes_of(
    kind: str, old: Part | None, new: Part | None, context: str, causes: Mapping
) -> list[Change]:
    def make(change_kind: str, detail: str = "", fields=()) -> Change:
        fields = frozenset(fields)
        found = []
        for part in (old, new):
            if part is not None:
                for cause in causes.get((kind, part.pk), []):
                    only = getattr(cause, "credit_fields", None)
                    if only is not None and not (set(only) & fields):
                        continue  # a text proposal is credited only with what it changed
                    if cause not in found:
                        found.append(cause)
        return Change(change_kind, kind, old, new, context, detail, found, fields)

    if old is None:
        return [make("added")]
    if new is None:
        return [make("removed")]
    changes = []
    name_field = _name_field(new)
    if old.fields.get(name_field, "") != new.fields.get(name_field, ""):
        changes.append(make("renamed", f"”{old.name}” → ”{new.name}”", {name_field}))
    changed_names = [
        name
        for name in new.fields
        if name != name_field and old.fields.get(name, "") != new.fields.get(name, "")
    ]
    if changed_names:
        labels = [field_labels().get(name, name).lower() for name in changed_names]
        changes.append(make("text_changed", ", ".join(labels), changed_names))
    if kind == "indicator":
        before, after = old.facts, new.facts
        if (before.get("target_value"), before.get("target_year")) != (
            after.get("target_value"),
            after.get("target_year"),
        ):
            changes.append(
                make(
                    "retargeted",
                    _("target value: %(old)s → %(new)s")
                    % {"old": _target_text(before), "new": _target_text(after)},
                    {"target_value", "target_year"},
                )
            )
        if before.get("baseline_year") != after.get("baseline_year"):
            changes.append(
                make(
                    "retargeted",
                    _("baseline year: %(old)s → %(new)s")
                    % {
                        "old": before.get("baseline_year") or "–",
                        "new": after.get("baseline_year") or "–",
                    },
                    {"baseline_year"},
                )
            )
        if before.get("role") != after.get("role"):
            changes.append(
                make(
                    "role_changed",
                    f"{before.get('role_label')} → {after.get('role_label')}",
                    {"role"},
                )
            )
    return changes


def _compare_lists(
    kind: str,
    old: list[Part],
    new: list[Part],
    *,
    forced: Mapping[str, Mapping[int, int]],
    causes: Mapping,
    context: str,
    changes: list[Change],
) -> list[Node]:
    nodes = []
    for a, b in pair_parts(old, new, forced.get(kind)):
        part = b or a
        changes.extend(_changes_of(kind, a, b, context, causes))
        child_kind = {"area": "goal", "goal": "indicator", "section": "section"}.get(kind)
        children: list[Node] = []
        if child_kind:
            if a is not None and b is not None:
                child_context = part.name
                if kind == "goal":
                    child_context = f"{context} – {Truncator(part.name).chars(60)}"
                children = _compare_lists(
                    child_kind,
                    a.children,
                    b.children,
                    forced=forced,
                    causes=causes,
                    context=child_context,
                    changes=changes,
                )
            else:
                # The children of an added or removed part come and go with it.
                children = _whole(child_kind, a.children if a else [], b is not None)
        nodes.append(_node(kind, a, b, children))
    return nodes


def _whole(kind: str, parts: list[Part], added: bool) -> list[Node]:
    child_kind = {"area": "goal", "goal": "indicator", "section": "section"}.get(kind)
    nodes = []
    for part in parts:
        children = _whole(child_kind, part.children, added) if child_kind else []
        pair = (None, part) if added else (part, None)
        nodes.append(_node(kind, *pair, children))
    return nodes


def compare_snapshots(
    old: Snapshot,
    new: Snapshot,
    *,
    forced: Mapping[str, Mapping[int, int]] | None = None,
    causes: Mapping[tuple[str, int], list] | None = None,
) -> Comparison:
    """The marked-up comparison and the change list of two snapshots (pure).

    `forced`: part kind → {old pk: new pk}, pairs known for certain (the area carry-overs, the
    parts a text proposal changed). `causes`: (part kind, pk of either version's part) → what
    caused a change to that part (comments), attached to each change of that part."""
    forced = forced or {}
    causes = causes or {}
    changes: list[Change] = []
    areas = _compare_lists(
        "area", old.areas, new.areas, forced=forced, causes=causes, context="", changes=changes
    )
    sections = _compare_lists(
        "section",
        old.sections,
        new.sections,
        forced=forced,
        causes=causes,
        context="",
        changes=changes,
    )
    return Comparison(
        title_html=marked_up(old.title, new.title),
        summary_html=marked_up(old.summary, new.summary),
        summary_changed=old.summary != new.summary,
        areas=areas,
        sections=sections,
        changes=changes,
    )


# --- reading the database ------------------------------------------------------------------------


def _link_part(link) -> Part:
    label = link.indicator.title if link.indicator_id else link.proposal
    key = f"indicator:{link.indicator_id}" if link.indicator_id else f"proposal:{link.proposal}"
    return Part(
        "indicator",
        link.pk,
        key,
        label,
        {"label": label, "note": link.note},
        facts={
            "role": link.role,
            "role_label": str(IndicatorRole(link.role).label).lower() if link.role else "",
            "baseline_year": link.baseline_year,
            "target_value": link.target_value,
            "target_year": link.target_year,
        },
        obj=link,
    )


def snapshot(version) -> Snapshot:
    """A version's areas (with goals and indicator links) and its text tree, as plain data."""
    from django.db.models import Prefetch

    from .models import Goal, GoalIndicator

    links = GoalIndicator.objects.select_related("indicator").order_by("order", "id")
    goals = Goal.objects.prefetch_related(Prefetch("indicator_links", links)).order_by(
        "order", "id"
    )
    areas = []
    for area in version.areas.prefetch_related(Prefetch("goals", goals)).order_by("order", "id"):
        goal_parts = []
        for goal in area.goals.all():
            goal_parts.append(
                Part(
                    "goal",
                    goal.pk,
                    goal.title,
                    goal.title,
                    {"title": goal.title, "note": goal.note},
                    children=[_link_part(link) for link in goal.indicator_links.all()],
                    obj=goal,
                )
            )
        areas.append(
            Part(
                "area",
                area.pk,
                area.title,
                area.title,
                {"title": area.title, "description": area.description},
                children=goal_parts,
                obj=area,
            )
        )
    sections = list(version.sections.order_by("order", "id"))
    parts = {
        s.pk: Part(
            "section",
            s.pk,
            s.heading or Truncator(" ".join(s.body.split())).chars(80),
            s.heading or Truncator(" ".join(s.body.split())).chars(80),
            {"heading": s.heading, "body": s.body},
            obj=s,
        )
        for s in sections
    }
    roots = []
    for section in sections:
        if section.parent_id in parts:
            parts[section.parent_id].children.append(parts[section.pk])
        else:
            roots.append(parts[section.pk])
    return Snapshot(version.title, version.summary, areas, roots)


def carried_area_pairs(old, new) -> dict[int, int]:
    """old area pk → new area pk, from the one-to-one carry-overs recorded between versions of
    the document (create_version_from records one per area), followed across the versions in
    between. An area that leads to more than one area of the other version stays unmatched."""
    from .models import AreaCarryOver

    rows = AreaCarryOver.objects.filter(
        kind=CarryOverKind.ONE_TO_ONE,
        from_area__version__document_id=old.document_id,
        to_area__version__document_id=old.document_id,
    ).values_list("from_area_id", "to_area_id")
    edges: dict[int, set[int]] = {}
    for a, b in rows:
        edges.setdefault(a, set()).add(b)
        edges.setdefault(b, set()).add(a)
    old_ids = set(old.areas.values_list("pk", flat=True))
    new_ids = set(new.areas.values_list("pk", flat=True))
    pairs: dict[int, int] = {}
    for start in old_ids:
        seen, frontier, found = {start}, [start], set()
        while frontier:
            node = frontier.pop()
            for nxt in edges.get(node, ()):
                if nxt in seen:
                    continue
                seen.add(nxt)
                if nxt in new_ids:
                    found.add(nxt)
                elif nxt not in old_ids:
                    frontier.append(nxt)
        if len(found) == 1:
            pairs[start] = found.pop()
    # One-to-one both ways: a new area reached from two old ones matches neither.
    counts: dict[int, int] = {}
    for target in pairs.values():
        counts[target] = counts.get(target, 0) + 1
    return {a: b for a, b in pairs.items() if counts[b] == 1}


def compare_versions(
    old,
    new,
    *,
    forced: Mapping[str, Mapping[int, int]] | None = None,
    causes: Mapping[tuple[str, int], list] | None = None,
) -> Comparison:
    """Compare two versions of the same document (the caller checks that they are)."""
    pairs = {kind: dict(mapping) for kind, mapping in (forced or {}).items()}
    pairs["area"] = carried_area_pairs(old, new) | pairs.get("area", {})
    comparison = compare_snapshots(snapshot(old), snapshot(new), forced=pairs, causes=causes)
    for change in comparison.changes:
        change.edited_by = hand_editors(change)
    return comparison


# The compared fields of a part → the model's fields they come from.
_MODEL_FIELDS = {"label": ("proposal", "indicator"), "note": ("note",)}


def hand_editors(change: Change) -> list[str]:
    """Who changed `change`'s part of the newer version by hand, as far as its history knows: the
    people behind its saves that touched the change's fields (for an added part, who added it),
    leaving out the saves that applied a text proposal. Names, oldest first, each once."""
    part = change.new
    obj = getattr(part, "obj", None) if part is not None else None
    history = getattr(type(obj), "history", None) if obj is not None else None
    if history is None or change.kind == "removed":
        return []
    records = list(
        history.filter(id=obj.pk).select_related("history_user").order_by("history_date")
    )
    wanted = set()
    for name in change.fields:
        wanted.update(_MODEL_FIELDS.get(name, (name,)))
    names: list[str] = []
    previous = None
    for record in records:
        by_hand = (
            record.history_user_id is not None
            and record.history_change_reason != APPLIED_PROPOSAL_REASON
        )
        if by_hand and change.kind == "added" and record.history_type == "+":
            touched = True
        elif by_hand and record.history_type == "~" and previous is not None:
            changed = {c.field for c in record.diff_against(previous).changes}
            touched = not wanted or bool(changed & wanted)
        else:
            touched = False
        if touched:
            user = record.history_user
            name = user.get_full_name() or user.get_username()
            if name not in names:
                names.append(name)
        previous = record
    return names
