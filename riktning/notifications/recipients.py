"""Who is told: the people behind an organisation or a role. Only active accounts."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from riktning.accounts.constants import Role


def _people():
    return get_user_model().objects.filter(is_active=True)


def coordinators() -> list:
    return list(_people().filter(memberships__role=Role.COORDINATOR).distinct().order_by("pk"))


def editors() -> list:
    return list(_people().filter(memberships__role=Role.EDITOR).distinct().order_by("pk"))


def editors_of(organisation_ids) -> list:
    """The editors of the organisations."""
    return list(
        _people()
        .filter(memberships__role=Role.EDITOR, memberships__organisation_id__in=organisation_ids)
        .distinct()
        .order_by("pk")
    )


def statement_writers(organisation) -> list:
    """Who writes `organisation`'s statement: its editors and those of the bodies directly part
    of it (as consultation.access.statement_organisation_ids has it)."""
    return list(
        _people()
        .filter(
            Q(memberships__organisation=organisation)
            | Q(memberships__organisation__parent=organisation),
            memberships__role=Role.EDITOR,
        )
        .distinct()
        .order_by("pk")
    )
