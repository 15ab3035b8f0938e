"""The coordinator's forms for links between versions and documents (how areas carry over to a
later version, which goals an area or goal contributes to) and for the indicator catalogue."""

from django.urls import reverse
from django.utils.translation import gettext as _

from riktning.indicators import access as indicator_access
from riktning.strategy import access as strategy_access
from riktning.strategy import services
from riktning.strategy.models import AreaCarryOver, Contribution

from .. import forms
from ..revisions import guard, save_checked
from .edit_common import form_page, locked_page, posted, save, saved, version_crumbs


def carryover_create(request, pk):
    """`pk` is the later version: its areas (or a goal) take up an area of an earlier one."""
    version = strategy_access.get_version_for_edit(request.user, pk)
    if version.is_locked:
        return locked_page(request, version)
    form = forms.CarryOverForm(posted(request), instance=AreaCarryOver(), version=version)
    if request.method == "POST" and form.is_valid():
        carry = save(form, lambda: services.save_content(form.instance))
        if carry:
            return saved(
                request,
                _("The carry-over “%(title)s” was saved.") % {"title": carry},
                reverse("web:carryover", args=[version.pk]),
            )
    return form_page(
        request,
        form,
        title=_("New carry-over to “%(title)s”") % {"title": version.title},
        lead=_("How an area of an earlier version lives on in this version."),
        cancel_url=reverse("web:carryover", args=[version.pk]),
        breadcrumbs=version_crumbs(version),
        submit_label=_("Add carry-over"),
    )


def contribution_create(request, pk):
    version = strategy_access.get_version_for_edit(request.user, pk)
    if version.is_locked:
        return locked_page(request, version)
    form = forms.ContributionForm(posted(request), instance=Contribution(), version=version)
    if request.method == "POST" and form.is_valid():
        link = save(form, lambda: services.save_content(form.instance))
        if link:
            if link.from_goal_id:
                url = reverse("web:goal_detail", args=[link.from_goal_id])
            else:
                url = reverse("web:area_detail", args=[link.from_area_id])
            return saved(
                request,
                _("“%(source)s” now contributes to “%(goal)s”.")
                % {"source": link.source, "goal": link.to_goal},
                url,
            )
    return form_page(
        request,
        form,
        title=_("New contribution from “%(title)s”") % {"title": version.title},
        lead=_("An area or a goal of this version contributes to a goal of another document."),
        cancel_url=reverse("web:version_detail", args=[version.pk]),
        breadcrumbs=version_crumbs(version),
        submit_label=_("Add contribution"),
    )


def _catalogue_crumbs():
    return [(_("Indicators"), reverse("web:indicator_list"))]


def indicator_create(request):
    indicator_access.require_catalogue_manager(request.user)
    form = forms.IndicatorForm(posted(request))
    if request.method == "POST" and form.is_valid():
        indicator = save(form, lambda: services.save_content(form.instance))
        if indicator:
            return saved(
                request,
                _("The indicator “%(title)s” was added to the catalogue.")
                % {"title": indicator.title},
                reverse("web:indicator_detail", args=[indicator.pk]),
            )
    return form_page(
        request,
        form,
        title=_("New indicator"),
        lead=_(
            "One indicator is one entry in the catalogue, reused by every goal that uses it. "
            "Check the catalogue first."
        ),
        cancel_url=reverse("web:indicator_list"),
        breadcrumbs=_catalogue_crumbs(),
        submit_label=_("Add indicator"),
    )


def indicator_edit(request, pk):
    indicator = indicator_access.get_indicator_for_edit(request.user, pk)
    url = reverse("web:indicator_detail", args=[indicator.pk])
    page = {
        "title": _("Change “%(title)s”") % {"title": indicator.title},
        "lead": _("The change shows on every goal that uses this indicator."),
        "cancel_url": url,
        "breadcrumbs": _catalogue_crumbs() + [(indicator.title, url)],
    }
    form = forms.IndicatorForm(posted(request), instance=indicator)
    guard(form, indicator)
    if request.method == "POST" and form.is_valid():
        if save_checked(form, indicator, lambda: services.save_content(form.instance)):
            return saved(
                request,
                _("The indicator “%(title)s” was saved.") % {"title": indicator.title},
                url,
            )
    return form_page(request, form, **page)
