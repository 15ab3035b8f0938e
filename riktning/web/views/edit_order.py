"""The coordinator's move up/down buttons on the version page: a top-level part (text section
or development area), a section or goal inside an area, a sub-section, an indicator link of a
goal (strategy/reading.py keeps the one reading order). POST only, with the order the page
showed as its revision: a stale or missing one is refused with 409 and nothing moves; a frozen
version (adopted, repealed, out for consultation) answers with the locked page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from riktning.strategy import access as strategy_access
from riktning.strategy import reading

from .edit_common import locked_page, post_only, version_crumbs


def _move(request, part, version, anchor: str):
    if refused := post_only(request):
        return refused
    if version.is_locked:
        return locked_page(request, version)
    direction = request.POST.get("direction")
    revision = request.POST.get("revision", "")
    version_url = reverse("web:version_detail", args=[version.pk])
    if direction not in (reading.UP, reading.DOWN) or not revision:
        return _refused(request, version, _("The move was not understood: nothing was moved."))
    title = Truncator(str(part)).chars(60)
    try:
        moved = reading.move(part, direction, revision)
    except reading.OrderChanged:
        return _refused(
            request,
            version,
            _(
                "The order of these parts has changed since you opened the page (someone else "
                "moved or added a part): nothing was moved. Look at the order again and move "
                "“%(title)s” once more if it is still needed."
            )
            % {"title": title},
        )
    except ValidationError as error:
        return _refused(request, version, " ".join(error.messages))
    if moved:
        message = (
            _("“%(title)s” was moved up.")
            if direction == reading.UP
            else _("“%(title)s” was moved down.")
        )
        messages.success(request, message % {"title": title})
    return redirect(f"{version_url}#move-{anchor}")


def _refused(request, version, message: str):
    return render(
        request,
        "web/edit/order_refused.html",
        {
            "version": version,
            "message": message,
            "version_url": reverse("web:version_detail", args=[version.pk]),
            "breadcrumbs": version_crumbs(version),
        },
        status=409,
    )


def area_move(request, pk):
    area = strategy_access.get_area_for_edit(request.user, pk)
    return _move(request, area, area.version, f"area-{area.pk}")


def section_move(request, pk):
    section = strategy_access.get_section_for_edit(request.user, pk)
    return _move(request, section, section.version, f"section-{section.pk}")


def goal_move(request, pk):
    goal = strategy_access.get_goal_for_edit(request.user, pk)
    return _move(request, goal, goal.area.version, f"goal-{goal.pk}")


def goal_indicator_move(request, pk):
    link = strategy_access.get_goal_indicator_for_edit(request.user, pk)
    return _move(request, link, link.goal.area.version, f"link-{link.pk}")
