"""save_import: a confirmed tree saved as a new draft version, in one transaction.

The one way an imported document is written, for the web review's confirmation and for
`riktning document import` without --dry-run. The version is a new draft of a new steering
document (owned by the municipality) or the next version of an existing one. What it holds:

- each top-level text section as a Section;
- each development area as a DevelopmentArea with its description (the text after its
  heading), its own sub-sections ("Om …", "Kartläggning av …") as Sections of the area;
- each goal as a Goal (the heading the document put before it, "Nytt förslag till mål", and a
  revision prefix such as "Ny formulering" as its note);
- each indicator line as a GoalIndicator keeping the document's line as its `wording`: pointing
  at the matched catalogue entry, or, unmatched, a proposed indicator whose `proposal` is the
  line; the line's heading ("Ytterligare indikator") and the paragraphs after it as its note;
- a DocumentImport row: the file's name, SHA-256 and size, who and when, the confirmed tree
  and its warnings.

Order: the document's reading order, stored as `strategy/reading.py` reads it: the version's
top-level sections and its areas share one numbering of their `order` fields; an area's own
sections (`area` set, no parent) and its goals share another; links are numbered within their
goal.

Every object is validated before it is written; the first that fails raises DocumentRefused
naming the part, and the transaction leaves nothing behind. Access is the caller's
(strategy.access.can_manage_strategy).
"""

from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from riktning.accounts.constants import OrganisationKind
from riktning.accounts.models import Organisation
from riktning.audit.services import record_event
from riktning.indicators.models import Indicator
from riktning.strategy.constants import CarryOverKind, DocumentKind, IndicatorRole
from riktning.strategy.models import (
    AreaCarryOver,
    DevelopmentArea,
    DocumentImport,
    Goal,
    GoalIndicator,
    Section,
    SteeringDocument,
    Version,
)
from riktning.strategy.services import create_document, create_next_version

from .files import DocumentRefused
from .review import as_data, rows_from_tree
from .tree import ProposedArea, ProposedGoal, ProposedLink, ProposedSection, ProposedTree

TITLE_MAX = 200


def municipality_organisation() -> Organisation | None:
    """The organisation that owns a document imported as new: the municipality with
    RIKTNING_HOME_AREA_CODE, else the first municipality."""
    municipalities = Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY)
    home = municipalities.filter(area_code=settings.RIKTNING_HOME_AREA_CODE).first()
    return home or municipalities.order_by("pk").first()


def default_title(tree: ProposedTree, filename: str = "") -> str:
    """The title a document imported as new gets unless one is given: the document's first
    heading (its title page), else the file's name without its extension."""
    for part in tree.parts:
        if isinstance(part, ProposedSection) and part.title.strip():
            return part.title.strip()[:TITLE_MAX]
        break
    return PurePath(filename).stem.strip()[:TITLE_MAX] if filename else ""


@transaction.atomic
def save_import(
    tree: ProposedTree,
    *,
    filename: str,
    sha256: str,
    size: int = 0,
    document: SteeringDocument | None = None,
    title: str | None = None,
    owner: Organisation | None = None,
    by=None,
) -> DocumentImport:
    """Save `tree` as a new draft version: of `document`, or of a new steering document called
    `title` (by default the document's first heading). Returns the DocumentImport row; its
    `version` is the new version. Raises DocumentRefused (nothing written) when a part does not
    fit the models (a name too long, a catalogue entry gone, one entry twice under a goal)."""
    if not tree.areas:
        raise DocumentRefused(
            _("The document must have at least one development area."), code="no_area"
        )
    title = (title or "").strip() or default_title(tree, filename)
    if document is None:
        if not title:
            raise DocumentRefused(_("Give the new steering document a title."), code="title")
        owner = owner or municipality_organisation()
        if owner is None:
            raise DocumentRefused(
                _("There is no municipality to own the new steering document."), code="owner"
            )
        document, version = create_document(
            title=title[:TITLE_MAX], kind=DocumentKind.STRATEGY, owner=owner, by=by
        )
    else:
        version = create_next_version(document, title=(title or document.title)[:TITLE_MAX], by=by)
    catalogue = _catalogue(tree)
    _Writer(version, catalogue).write(tree)
    record = DocumentImport.objects.create(
        version=version,
        filename=(filename or "")[:255],
        sha256=sha256,
        size=size,
        imported_by=by if getattr(by, "is_authenticated", False) else None,
        tree=as_data(rows_from_tree(tree)),
        warnings=list(tree.warnings),
    )
    record_event(
        "document_imported",
        version,
        f"{version.title} ({filename or _('pasted text')})",
        actor=by,
        filename=filename,
        sha256=sha256,
    )
    return record


def _catalogue(tree: ProposedTree) -> dict[int, Indicator]:
    wanted = {link.catalogue_id for link in tree.links if link.catalogue_id}
    found = Indicator.objects.in_bulk(wanted)
    missing = [link for link in tree.links if link.catalogue_id and link.catalogue_id not in found]
    if missing:
        raise DocumentRefused(
            [
                _("The catalogue has no indicator %(id)s any more (“%(text)s”).")
                % {"id": link.catalogue_id, "text": _shown(link.text)}
                for link in missing
            ],
            code="catalogue",
        )
    return found


class _Writer:
    def __init__(self, version: Version, catalogue: dict[int, Indicator]):
        self.version = version
        self.catalogue = catalogue
        self.based_on_areas = {}
        if version.based_on_id:
            self.based_on_areas = {
                area.title.casefold(): area for area in version.based_on.areas.all()
            }

    def write(self, tree: ProposedTree) -> None:
        # The version's top-level sections and its areas share one numbering (reading order).
        for order, part in enumerate(tree.parts, start=1):
            if isinstance(part, ProposedSection):
                self._save(
                    part.title or _shown(part.text),
                    Section(version=self.version, order=order, heading=part.title, body=part.text),
                )
            else:
                self._area(part, order)

    def _area(self, part: ProposedArea, order: int) -> None:
        area = self._save(
            part.name,
            DevelopmentArea(
                version=self.version, order=order, title=part.name, description=part.description
            ),
        )
        earlier = self.based_on_areas.get(part.name.casefold())
        if earlier is not None:
            self._save(
                part.name,
                AreaCarryOver(from_area=earlier, to_area=area, kind=CarryOverKind.ONE_TO_ONE),
            )
        # The area's own sections and its goals share one numbering (reading order).
        for inner_order, inner in enumerate(part.parts, start=1):
            if isinstance(inner, ProposedSection):
                self._save(
                    inner.title or _shown(inner.text),
                    Section(
                        version=self.version,
                        order=inner_order,
                        heading=inner.title,
                        body=inner.text,
                        area=area,
                    ),
                )
            else:
                self._goal(inner, area, inner_order)

    def _goal(self, part: ProposedGoal, area: DevelopmentArea, order: int) -> None:
        goal = self._save(
            part.text,
            Goal(area=area, order=order, title=part.text, note=_join(part.heading, part.note)),
        )
        for link_order, link in enumerate(part.indicators, start=1):
            self._link(link, goal, link_order)

    def _link(self, part: ProposedLink, goal: Goal, order: int) -> None:
        indicator = self.catalogue.get(part.catalogue_id) if part.catalogue_id else None
        role = part.role if indicator is not None else IndicatorRole.PROPOSED
        self._save(
            part.text,
            GoalIndicator(
                goal=goal,
                indicator=indicator,
                role=role,
                order=order,
                proposal="" if indicator is not None else part.text,
                wording=part.text,
                note="\n\n".join(text for text in (part.heading, part.note) if text.strip()),
            ),
        )

    def _save(self, label: str, obj):
        # Every object it points to was written just before in this transaction, or checked
        # (the catalogue's indicators): the foreign keys need no query each.
        related = [field.name for field in obj._meta.concrete_fields if field.is_relation]
        try:
            obj.full_clean(exclude=related)
        except ValidationError as error:
            raise DocumentRefused(
                [
                    _("“%(part)s”: %(problem)s") % {"part": _shown(label), "problem": message}
                    for message in error.messages
                ],
                code="invalid",
            ) from error
        obj.save()
        return obj


def _join(*texts: str) -> str:
    return "; ".join(text.strip() for text in texts if text.strip())


def _shown(text: str) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= 60 else text[:59].rstrip() + "…"
