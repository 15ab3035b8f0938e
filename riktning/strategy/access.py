"""Who may see and change steering documents, their versions and the versions' content.

- Anonymous visitors see what is adopted (or repealed, still a public record); anyone logged in
  with a membership also sees drafts and versions out for consultation.
- The coordinator creates and changes documents, versions, areas, goals, sections, indicators and
  links, and records status changes. An adopted or repealed version is frozen for everyone: its
  models refuse the write (strategy/models.py), and the forms say why.

Built on the core in riktning/accounts/access.py.
"""

from django.db.models import QuerySet

from riktning.accounts.access import found, is_coordinator, is_member, require, visible

from .constants import PUBLIC_STATUSES
from .models import DevelopmentArea, Goal, GoalIndicator, Section, SteeringDocument, Version


def can_view_version(user, version) -> bool:
    if version.status in PUBLIC_STATUSES:
        return True
    return is_member(user)


def visible_versions(user, queryset: QuerySet | None = None) -> QuerySet:
    queryset = Version.objects.all() if queryset is None else queryset
    if is_member(user):
        return queryset
    return queryset.filter(status__in=PUBLIC_STATUSES)


def can_manage_strategy(user) -> bool:
    """Create and change documents, versions, areas, goals, indicators and links."""
    return is_coordinator(user)


def can_edit_version(user, version) -> bool:
    return can_manage_strategy(user) and not version.is_locked


def can_change_version_status(user, version) -> bool:
    return can_manage_strategy(user)


def require_strategy_manager(user) -> None:
    """For the coordinator's forms: the login page, then 403 for anyone else."""
    require(user, can_manage_strategy(user))


# --- fetchers --------------------------------------------------------------------------------


def get_version_for_view(user, pk) -> Version:
    versions = Version.objects.select_related("document").filter(pk=pk)
    return visible(user, versions, lambda version: can_view_version(user, version))


def get_document_for_view(user, pk) -> SteeringDocument:
    return visible(
        user,
        SteeringDocument.objects.filter(pk=pk),
        lambda document: (
            is_member(user) or visible_versions(user, document.versions.all()).exists()
        ),
    )


def get_area_for_view(user, pk) -> DevelopmentArea:
    areas = DevelopmentArea.objects.select_related("version__document").filter(pk=pk)
    return visible(user, areas, lambda area: can_view_version(user, area.version))


def get_goal_for_view(user, pk) -> Goal:
    goals = Goal.objects.select_related("area__version__document").filter(pk=pk)
    return visible(user, goals, lambda goal: can_view_version(user, goal.area.version))


def get_version_for_edit(user, pk) -> Version:
    """A version for the coordinator's forms: the login page, 403 for anyone else, 404 if there
    is none. An adopted or repealed version is returned too: the form views show why it cannot
    change (edit_common.locked_page), and its models refuse any write."""
    require_strategy_manager(user)
    return found(Version.objects.select_related("document").filter(pk=pk))


def get_document_for_edit(user, pk) -> SteeringDocument:
    require_strategy_manager(user)
    return found(SteeringDocument.objects.filter(pk=pk))


def get_area_for_edit(user, pk) -> DevelopmentArea:
    """An area for the coordinator's forms (like get_version_for_edit: a locked version's too)."""
    require_strategy_manager(user)
    return get_area_for_view(user, pk)


def get_goal_for_edit(user, pk) -> Goal:
    require_strategy_manager(user)
    return get_goal_for_view(user, pk)


def get_section_for_edit(user, pk) -> Section:
    require_strategy_manager(user)
    return found(Section.objects.select_related("version__document").filter(pk=pk))


def get_goal_indicator_for_edit(user, pk) -> GoalIndicator:
    require_strategy_manager(user)
    return found(
        GoalIndicator.objects.select_related("goal__area__version__document", "indicator").filter(
            pk=pk
        )
    )
