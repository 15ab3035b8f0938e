"""Who may see and do what in the annual cycle (årshjul).

- A document's cycles are seen by whoever may see the document (strategy/access.py): members
  always, the public once a version is adopted.
- The coordinator enters the meetings, makes a year's cycle from the template and makes and
  renews the organisations' calendar feeds.
- Every member makes and renews their own calendar feed; it holds the steps of their
  organisations' bodies in the documents they may see.
- A feed's URL is its own key: a revoked or unknown token is 404 for everyone.

Built on the core in riktning/accounts/access.py.
"""

from django.db.models import QuerySet

from riktning.accounts.access import found, is_coordinator, is_member, require, visible
from riktning.accounts.models import Organisation
from riktning.strategy.access import visible_versions
from riktning.strategy.models import SteeringDocument

from .models import Cycle, CycleStep


def can_view_document_cycles(user, document) -> bool:
    return is_member(user) or visible_versions(user, document.versions.all()).exists()


def visible_cycles(user, queryset: QuerySet | None = None) -> QuerySet:
    queryset = Cycle.objects.all() if queryset is None else queryset
    if is_member(user):
        return queryset
    # can_view_document_cycles() for every document, in one query
    return queryset.filter(document__in=visible_versions(user).values("document"))


def visible_steps(user) -> QuerySet:
    return CycleStep.objects.filter(cycle__in=visible_cycles(user))


def organisation_feed_steps() -> QuerySet:
    """An organisation's feed: the steps of every document's cycles, as members see them (the
    coordinator gives the feed's address to the organisation)."""
    return CycleStep.objects.all()


def can_manage_cycle(user) -> bool:
    """Meetings, a year's cycle from the template, the organisations' feeds: the coordinator's."""
    return is_coordinator(user)


def require_cycle_manager(user) -> None:
    require(user, can_manage_cycle(user))


def require_member(user) -> None:
    """A person's own calendar feed: any member's."""
    require(user, is_member(user))


def get_cycle_for_view(user, pk) -> Cycle:
    cycles = Cycle.objects.select_related("document").filter(pk=pk)
    return visible(user, cycles, lambda cycle: can_view_document_cycles(user, cycle.document))


def get_document_for_cycle(user, pk) -> SteeringDocument:
    require_cycle_manager(user)
    return found(SteeringDocument.objects.filter(pk=pk))


def get_organisation_for_feed(user, pk) -> Organisation:
    require_cycle_manager(user)
    return found(Organisation.objects.filter(pk=pk))
