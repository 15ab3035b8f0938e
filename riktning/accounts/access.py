"""Who may do what: the core that every domain's access rules are written with.

The rules live beside their domain, one module per app: `strategy/access.py` (documents,
versions and their content), `indicators/access.py` (values and the Kolada sync),
`consultation/access.py` (rounds, statements, dispositions), `activities/access.py` (mapping
rounds, activities, the gap analysis, personal links), `actionplans/access.py` (plans and
measures) and `followup/access.py` (the yearly follow-up). Views, the API and the CLI fetch every
object through a `get_*` helper there, so none of them can forget a check.

This module holds what they share, and imports nothing of the domain apps (accounts may import
only audit), so any of them may import it:
- who a person is: their roles, the organisations they act for, `is_member`, `is_coordinator`,
  `can_act_for`;
- how a fetcher answers: `visible` (for reading: 404, or the login page for an anonymous visitor,
  who may see more once logged in), `own` (for acting on an object: the login page, 404, 403),
  `require` (a role's page or form: the login page, then 403) and `found` (404);
- the audit trail (the event log and every object's history page), which spans the domains.

The rules in short: anonymous visitors see what is adopted (or repealed, still a public record);
anyone logged in with a membership also sees drafts and versions out for consultation;
coordinators own the steering work; editors act for their own organisation only (statements,
activities, measures, local values); readers read.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from riktning.audit.history import history_model

from .constants import Role


class LoginRequired(Exception):
    """Raised when an anonymous visitor asks for something that needs a login;
    the web layer answers with a redirect to the login page."""


# --- who a person is -------------------------------------------------------------------------


def is_logged_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def roles(user) -> set[str]:
    if not is_logged_in(user):
        return set()
    cached = getattr(user, "_riktning_roles", None)
    if cached is None:
        cached = set(user.memberships.values_list("role", flat=True))
        user._riktning_roles = cached
    return cached


def remember_roles(user, known) -> None:
    """Tell `roles` what the user's roles are, read elsewhere (web.middleware.PersonMiddleware
    keeps them in the cache), so this request asks the database no more."""
    user._riktning_roles = set(known)


def organisation_ids(user, role: str | None = None) -> set[int]:
    """The organisations the user acts for (with `role`, if given)."""
    if not is_logged_in(user):
        return set()
    memberships = user.memberships.all()
    if role:
        memberships = memberships.filter(role=role)
    return set(memberships.values_list("organisation_id", flat=True))


def is_member(user) -> bool:
    return bool(roles(user))


def is_coordinator(user) -> bool:
    return Role.COORDINATOR in roles(user)


def can_act_for(user, organisation) -> bool:
    """May the user write on behalf of `organisation` (its statements, activities, measures,
    local indicator values)? Coordinators may act for anyone; editors for their own only."""
    if organisation is None:
        return is_coordinator(user)
    if is_coordinator(user):
        return True
    return organisation.pk in organisation_ids(user, Role.EDITOR)


# --- how a fetcher answers -------------------------------------------------------------------


def require_login(user) -> None:
    """The login page for an anonymous visitor."""
    if not is_logged_in(user):
        raise LoginRequired


def require(user, allowed: bool) -> None:
    """For a role's pages and forms: the login page for an anonymous visitor, then 403 unless
    `allowed` (say, `is_coordinator(user)`)."""
    require_login(user)
    if not allowed:
        raise PermissionDenied


def found(queryset):
    """The object `queryset` finds, else 404."""
    if not queryset.query.order_by:
        # Not the model's default ordering: ordering by a parent (a version by its document's
        # title) joins tables for nothing when one object is fetched (docs/performance.md).
        queryset = queryset.order_by("pk")
    obj = queryset.first()
    if obj is None:
        raise Http404
    return obj


def visible(user, queryset, allowed):
    """The object `queryset` finds, if `allowed(obj)`; else 404, or the login page for an
    anonymous visitor (logged in, they may see more). For fetching something to read."""
    obj = found(queryset)
    if not allowed(obj):
        require_login(user)
        raise Http404
    return obj


def own(user, queryset, allowed):
    """The object `queryset` finds, for acting on it: the login page first for an anonymous
    visitor, 404 if it does not exist, 403 unless `allowed(obj)` (say, another organisation's)."""
    require_login(user)
    obj = found(queryset)
    if not allowed(obj):
        raise PermissionDenied
    return obj


# --- the audit trail: the event log and history pages ----------------------------------------


def can_view_history(user) -> bool:
    """The event log and the history of every object are the coordinator's."""
    return is_coordinator(user)


def require_audit_reader(user) -> None:
    require(user, can_view_history(user))


# A consultation statement, with its comments and attachments, is its organisation's own until
# submitted (consultation/access.py), so its history is 404 until then.
PARTS_OF_A_STATEMENT = ("consultation.comment", "consultation.attachment")


def get_object_for_history(user, app_label: str, model_name: str, pk: int):
    """(model, object or None) for the "Historik" page: the coordinator's, for the kinds of
    object in audit.history.HISTORY_KINDS only (anything else is 404: users, sessions). The
    object may have been deleted since (None). A draft statement's history, and that of its
    comments and attachments, is 404."""
    require_audit_reader(user)
    model = history_model(app_label, model_name)
    if model is None:
        raise Http404
    obj = model.objects.filter(pk=pk).first()
    statement = None
    if model._meta.label_lower == "consultation.statement":
        statement = obj
    elif model._meta.label_lower in PARTS_OF_A_STATEMENT and obj is not None:
        statement = obj.statement
    if statement is not None and not statement.is_submitted:
        raise Http404
    return model, obj
