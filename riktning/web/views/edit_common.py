"""What the form and button views share: the pages they render, the one answer to a wrong method
on a button's URL, saving in one transaction, refusing changes to a locked (adopted or repealed)
version, and deleting with a confirmation."""

from collections import Counter
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from riktning.strategy.models import Version, locked_message

FORM_TEMPLATE = "web/edit/form.html"


def form_page(
    request,
    form,
    *,
    title: str,
    cancel_url: str,
    breadcrumbs: list[tuple[str, str]] | None = None,
    submit_label: str | None = None,
    lead: str = "",
    status: int = 200,
    show_form: bool = True,
    template: str = FORM_TEMPLATE,
    extra: dict | None = None,
) -> HttpResponse:
    """The form page; 409 when the form was refused for someone else's save meanwhile
    (web/revisions.py). `template` may extend the form page's (its blocks `before_form`,
    `form_extra`) with `extra` in its context."""
    if getattr(form, "conflict", None) is not None:
        status = 409
    return render(
        request,
        template,
        {
            **(extra or {}),
            "form": form,
            "show_form": show_form,
            "title": title,
            "lead": lead,
            "cancel_url": cancel_url,
            "breadcrumbs": breadcrumbs or [],
            "submit_label": submit_label or _("Save"),
        },
        status=status,
    )


def posted(request):
    """The submitted data, or None for a GET (an empty POST is still a submission)."""
    return request.POST if request.method == "POST" else None


def post_only(request) -> HttpResponseNotAllowed | None:
    """The answer to anything but a POST on a button's URL (one that only takes POST): 405
    Method Not Allowed, else None. Call it after the access check, so that a person without the
    right meets the same login page, 403 or 404 whatever the method:

        if refused := post_only(request):
            return refused
    """
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


def locked_page(request, version: Version) -> HttpResponse:
    """An adopted or repealed version is a public record: say why nothing can be changed and
    offer the way forward (a new version). 409 Conflict: the version's state forbids it."""
    return render(
        request,
        "web/edit/locked.html",
        {
            "version": version,
            "message": locked_message(version),
            "version_url": reverse("web:version_detail", args=[version.pk]),
            "new_version_url": reverse("web:version_create", args=[version.document_id]),
            "breadcrumbs": version_crumbs(version),
        },
        status=409,
    )


def save(form, action: Callable[[], object]):
    """Run `action` (a service call) in one transaction. A ValidationError it raises, e.g. the
    lock on an adopted version, rolls everything back and is shown on the form; returns None
    then, else what `action` returned."""
    try:
        with transaction.atomic():
            return action()
    except ValidationError as error:
        form.add_validation_error(error)
        return None


def saved(request, message: str, url: str):
    messages.success(request, message)
    return redirect(url)


# --- breadcrumbs: where the object lives ----------------------------------------------------


def document_crumbs(document) -> list[tuple[str, str]]:
    return [
        (_("Steering documents"), reverse("web:document_list")),
        (document.title, reverse("web:document_detail", args=[document.pk])),
    ]


def version_crumbs(version) -> list[tuple[str, str]]:
    return document_crumbs(version.document) + [
        (version.title, reverse("web:version_detail", args=[version.pk]))
    ]


def area_crumbs(area) -> list[tuple[str, str]]:
    return version_crumbs(area.version) + [(area.title, reverse("web:area_detail", args=[area.pk]))]


def goal_crumbs(goal) -> list[tuple[str, str]]:
    return area_crumbs(goal.area) + [
        (Truncator(goal.title).chars(60), reverse("web:goal_detail", args=[goal.pk]))
    ]


# --- deleting --------------------------------------------------------------------------------


def blockers(obj) -> list:
    """What still refers to `obj` through a protecting foreign key (a goal of an area, a
    subsection …), found without deleting anything."""
    collector = Collector(using=router.db_for_write(type(obj)), origin=obj)
    try:
        collector.collect([obj])
    except ProtectedError as error:
        return list(error.protected_objects)
    except RestrictedError as error:
        return list(error.restricted_objects)
    return []


def blocked_message(obj, found: list) -> str:
    counts = Counter(type(item) for item in found)
    things = ", ".join(
        f"{n} {model._meta.verbose_name if n == 1 else model._meta.verbose_name_plural}"
        for model, n in counts.items()
    )
    return _(
        "“%(title)s” cannot be deleted while other things refer to it (%(things)s). "
        "Remove or move them first."
    ) % {"title": Truncator(str(obj)).chars(60), "things": things}


def delete_page(
    request,
    obj,
    *,
    version: Version,
    what: str,
    cancel_url: str,
    done_url: str,
    breadcrumbs: list[tuple[str, str]],
) -> HttpResponse:
    """GET: ask for confirmation (or explain why it cannot be deleted). POST: delete, in one
    transaction; refused with 409 when the version is locked or something still refers to it."""
    if version.is_locked:
        return locked_page(request, version)
    found = blockers(obj)
    problem = blocked_message(obj, found) if found else ""
    if request.method == "POST" and not problem:
        title = str(obj)
        try:
            with transaction.atomic():
                obj.delete()
        except (ProtectedError, RestrictedError) as error:
            items = getattr(error, "protected_objects", None) or error.restricted_objects
            problem = blocked_message(obj, list(items))
        except ValidationError as error:
            problem = " ".join(error.messages)
        else:
            return saved(
                request,
                _("“%(title)s” was deleted.") % {"title": Truncator(title).chars(60)},
                done_url,
            )
    return render(
        request,
        "web/edit/confirm_delete.html",
        {
            "object": obj,
            "what": what,
            "version": version,
            "problem": problem,
            "cancel_url": cancel_url,
            "breadcrumbs": breadcrumbs,
            "title": _("Delete “%(title)s”?") % {"title": Truncator(str(obj)).chars(60)},
        },
        status=409 if (problem and request.method == "POST") else 200,
    )
