"""The coordinator's forms for a version's content: development areas, goals, text sections and
the indicators a goal uses. Content of an adopted or repealed version is never changed: those
pages answer 409 with the reason (and VersionContent.save() refuses it anyway)."""

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from riktning.strategy import access as strategy_access
from riktning.strategy import reading, services
from riktning.strategy.models import DevelopmentArea, Goal, GoalIndicator, Section

from .. import forms
from ..revisions import guard, save_checked
from .edit_common import (
    area_crumbs,
    delete_page,
    form_page,
    goal_crumbs,
    locked_page,
    posted,
    save,
    saved,
    version_crumbs,
)


def _content_form(request, form, *, done, added: bool, **page):
    """Validate, save through services.save_content, redirect to `done(obj)`; or show the form.
    A form that changes an existing object checks its revision (web/revisions.py)."""
    editing = None if added else form.instance
    if editing is not None:
        guard(form, editing)
    if request.method == "POST" and form.is_valid():
        action = lambda: services.save_content(form.instance)  # noqa: E731
        obj = save(form, action) if added else save_checked(form, editing, action)
        if obj:
            message = _("“%(title)s” was added.") if added else _("“%(title)s” was saved.")
            return saved(request, message % {"title": Truncator(str(obj)).chars(80)}, done(obj))
    return form_page(request, form, **page)


def _next_order(queryset) -> int:
    return queryset.count() + 1


def _last_at_top(version) -> int:
    """The order that puts a new area or top-level section last (strategy/reading.py)."""
    top = list(version.sections.filter(parent=None, area=None)) + list(version.areas.all())
    return reading.next_order(top)


def _area_url(obj) -> str:
    return reverse("web:area_detail", args=[obj.pk])


def _goal_url(obj) -> str:
    return reverse("web:goal_detail", args=[obj.pk])


def _version_url(version) -> str:
    return reverse("web:version_detail", args=[version.pk])


# --- development areas -----------------------------------------------------------------------


def area_create(request, pk):
    version = strategy_access.get_version_for_edit(request.user, pk)
    if version.is_locked:
        return locked_page(request, version)
    form = forms.AreaForm(
        posted(request),
        instance=DevelopmentArea(version=version),
        initial={"order": _last_at_top(version)},
    )
    return _content_form(
        request,
        form,
        done=_area_url,
        added=True,
        title=_("New development area in “%(title)s”") % {"title": version.title},
        cancel_url=_version_url(version),
        breadcrumbs=version_crumbs(version),
        submit_label=_("Add area"),
    )


def area_edit(request, pk):
    area = strategy_access.get_area_for_edit(request.user, pk)
    if area.version.is_locked:
        return locked_page(request, area.version)
    return _content_form(
        request,
        forms.AreaForm(posted(request), instance=area),
        done=_area_url,
        added=False,
        title=_("Change “%(title)s”") % {"title": area.title},
        cancel_url=_area_url(area),
        breadcrumbs=area_crumbs(area),
    )


def area_delete(request, pk):
    area = strategy_access.get_area_for_edit(request.user, pk)
    return delete_page(
        request,
        area,
        version=area.version,
        what=_("development area"),
        cancel_url=_area_url(area),
        done_url=_version_url(area.version),
        breadcrumbs=area_crumbs(area),
    )


# --- goals -----------------------------------------------------------------------------------


def goal_create(request, pk):
    area = strategy_access.get_area_for_edit(request.user, pk)
    version = area.version
    if version.is_locked:
        return locked_page(request, version)
    form = forms.GoalForm(
        posted(request),
        instance=Goal(area=area),
        initial={"order": reading.next_order(reading.area_parts(area.pk))},
        version=version,
    )
    return _content_form(
        request,
        form,
        done=_goal_url,
        added=True,
        title=_("New goal in “%(title)s”") % {"title": area.title},
        cancel_url=_area_url(area),
        breadcrumbs=area_crumbs(area),
        submit_label=_("Add goal"),
    )


def goal_edit(request, pk):
    goal = strategy_access.get_goal_for_edit(request.user, pk)
    version = goal.area.version
    if version.is_locked:
        return locked_page(request, version)
    return _content_form(
        request,
        forms.GoalForm(posted(request), instance=goal, version=version),
        done=_goal_url,
        added=False,
        title=_("Change the goal"),
        lead=goal.title,
        cancel_url=_goal_url(goal),
        breadcrumbs=goal_crumbs(goal),
    )


def goal_delete(request, pk):
    goal = strategy_access.get_goal_for_edit(request.user, pk)
    return delete_page(
        request,
        goal,
        version=goal.area.version,
        what=_("goal"),
        cancel_url=_goal_url(goal),
        done_url=_area_url(goal.area),
        breadcrumbs=goal_crumbs(goal),
    )


# --- text sections ---------------------------------------------------------------------------


def section_create(request, pk):
    version = strategy_access.get_version_for_edit(request.user, pk)
    if version.is_locked:
        return locked_page(request, version)
    form = forms.SectionForm(
        posted(request),
        instance=Section(version=version),
        initial={"order": _last_at_top(version)},
        version=version,
    )
    return _content_form(
        request,
        form,
        done=lambda section: _version_url(version),
        added=True,
        title=_("New text section in “%(title)s”") % {"title": version.title},
        cancel_url=_version_url(version),
        breadcrumbs=version_crumbs(version),
        submit_label=_("Add section"),
    )


def section_edit(request, pk):
    section = strategy_access.get_section_for_edit(request.user, pk)
    version = section.version
    if version.is_locked:
        return locked_page(request, version)
    return _content_form(
        request,
        forms.SectionForm(posted(request), instance=section, version=version),
        done=lambda obj: _version_url(version),
        added=False,
        title=_("Change the text section “%(title)s”")
        % {"title": Truncator(str(section)).chars(80)},
        cancel_url=_version_url(version),
        breadcrumbs=version_crumbs(version),
    )


def section_delete(request, pk):
    section = strategy_access.get_section_for_edit(request.user, pk)
    return delete_page(
        request,
        section,
        version=section.version,
        what=_("text section"),
        cancel_url=_version_url(section.version),
        done_url=_version_url(section.version),
        breadcrumbs=version_crumbs(section.version),
    )


# --- the indicators a goal uses --------------------------------------------------------------


def goal_indicator_create(request, pk):
    goal = strategy_access.get_goal_for_edit(request.user, pk)
    version = goal.area.version
    if version.is_locked:
        return locked_page(request, version)
    form = forms.GoalIndicatorForm(
        posted(request),
        instance=GoalIndicator(goal=goal),
        initial={"order": _next_order(goal.indicator_links)},
    )
    return _content_form(
        request,
        form,
        done=lambda link: _goal_url(goal),
        added=True,
        title=_("New indicator for the goal"),
        lead=goal.title,
        cancel_url=_goal_url(goal),
        breadcrumbs=goal_crumbs(goal),
        submit_label=_("Add indicator"),
    )


def goal_indicator_edit(request, pk):
    link = strategy_access.get_goal_indicator_for_edit(request.user, pk)
    goal = link.goal
    if goal.area.version.is_locked:
        return locked_page(request, goal.area.version)
    return _content_form(
        request,
        forms.GoalIndicatorForm(posted(request), instance=link),
        done=lambda obj: _goal_url(goal),
        added=False,
        title=_("Change the goal's indicator “%(title)s”")
        % {"title": Truncator(str(link)).chars(80)},
        lead=goal.title,
        cancel_url=_goal_url(goal),
        breadcrumbs=goal_crumbs(goal),
    )


def goal_indicator_delete(request, pk):
    link = strategy_access.get_goal_indicator_for_edit(request.user, pk)
    goal = link.goal
    return delete_page(
        request,
        link,
        version=goal.area.version,
        what=_("goal indicator"),
        cancel_url=_goal_url(goal),
        done_url=_goal_url(goal),
        breadcrumbs=goal_crumbs(goal),
    )
