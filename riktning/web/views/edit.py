"""The coordinator's forms for steering documents, their versions, status changes and decisions.

Every view: check access (riktning.strategy.access), parse the form, call a service
(riktning.strategy.services), then redirect to the reading page with a message, or show the
form again with the errors. Content of a version: edit_content.py; links: edit_links.py.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from riktning.audit.services import record_event
from riktning.strategy import access as strategy_access
from riktning.strategy import services
from riktning.strategy.constants import VersionStatus
from riktning.strategy.models import Decision

from .. import forms
from ..revisions import guard, save_checked
from .edit_common import (
    document_crumbs,
    form_page,
    locked_page,
    posted,
    save,
    saved,
    version_crumbs,
)


def document_create(request):
    strategy_access.require_strategy_manager(request.user)
    form = forms.DocumentForm(posted(request))
    if request.method == "POST" and form.is_valid():
        created = save(form, lambda: services.create_document(by=request.user, **form.cleaned_data))
        if created:
            document, _version = created
            return saved(
                request,
                _("The document “%(title)s” was created with a first version, a draft.")
                % {"title": document.title},
                reverse("web:document_detail", args=[document.pk]),
            )
    return form_page(
        request,
        form,
        title=_("New steering document"),
        lead=_("The document gets a first version, a draft, with the same title and period."),
        cancel_url=reverse("web:document_list"),
        breadcrumbs=[(_("Steering documents"), reverse("web:document_list"))],
        submit_label=_("Create document"),
    )


def document_edit(request, pk):
    document = strategy_access.get_document_for_edit(request.user, pk)
    # Named as stored: a refused form must not show its unsaved title in the page's heading.
    page = {
        "title": _("Change “%(title)s”") % {"title": document.title},
        "cancel_url": reverse("web:document_detail", args=[document.pk]),
        "breadcrumbs": document_crumbs(document),
    }
    form = forms.DocumentForm(posted(request), instance=document)
    guard(form, document)
    if request.method == "POST" and form.is_valid():
        if save_checked(form, document, lambda: services.save_content(form.instance)):
            return saved(
                request,
                _("The document “%(title)s” was saved.") % {"title": document.title},
                page["cancel_url"],
            )
    return form_page(request, form, **page)


def version_create(request, pk):
    document = strategy_access.get_document_for_edit(request.user, pk)
    form = forms.VersionCreateForm(posted(request), document=document)
    if request.method == "POST" and form.is_valid():
        source = form.cleaned_data["based_on"]
        version = save(
            form,
            lambda: services.create_version_from(
                source, title=form.cleaned_data["title"], by=request.user
            ),
        )
        if version:
            return saved(
                request,
                _("The draft “%(title)s” was created from “%(source)s”.")
                % {"title": version.title, "source": source.title},
                reverse("web:version_detail", args=[version.pk]),
            )
    return form_page(
        request,
        form,
        title=_("New version of “%(title)s”") % {"title": document.title},
        lead=_(
            "An adopted version is never changed in place: a new version starts as a draft "
            "copy of its areas, goals, indicators and text."
        ),
        cancel_url=reverse("web:document_detail", args=[document.pk]),
        breadcrumbs=document_crumbs(document),
        submit_label=_("Create version"),
    )


def version_edit(request, pk):
    version = strategy_access.get_version_for_edit(request.user, pk)
    if version.is_locked:
        return locked_page(request, version)
    page = {
        "title": _("Change “%(title)s”") % {"title": version.title},
        "cancel_url": reverse("web:version_detail", args=[version.pk]),
        "breadcrumbs": version_crumbs(version),
    }
    form = forms.VersionForm(posted(request), instance=version)
    guard(form, version)
    if request.method == "POST" and form.is_valid():
        if save_checked(form, version, lambda: services.save_content(form.instance)):
            return saved(
                request,
                _("The version “%(title)s” was saved.") % {"title": version.title},
                page["cancel_url"],
            )
    return form_page(request, form, **page)


def version_status(request, pk):
    version = strategy_access.get_version_for_edit(request.user, pk)
    form = forms.VersionStatusForm(posted(request), version=version)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        change = save(
            form,
            lambda: services.change_version_status(
                version,
                data["to_status"],
                by=request.user,
                decided_by=data["decided_by"],
                decision_date=data["decision_date"],
                paragraph=data["paragraph"],
                case_number=data["case_number"],
                note=data["note"],
            ),
        )
        if change:
            return saved(
                request,
                _("“%(title)s” is now %(status)s.")
                % {
                    "title": version.title,
                    "status": VersionStatus(change.to_status).label.lower(),
                },
                reverse("web:version_detail", args=[version.pk]),
            )
    current = VersionStatus(version.status).label.lower()
    if form.fields["to_status"].choices:
        lead = _("The version is %(status)s now. Record the decision behind the change.") % {
            "status": current
        }
    else:
        lead = _("The version is %(status)s: its status cannot change any more.") % {
            "status": current
        }
    return form_page(
        request,
        form,
        title=_("Change the status of “%(title)s”") % {"title": version.title},
        lead=lead,
        cancel_url=reverse("web:version_detail", args=[version.pk]),
        breadcrumbs=version_crumbs(version),
        submit_label=_("Change status"),
        show_form=bool(form.fields["to_status"].choices),
    )


def decision_create(request, pk):
    document = strategy_access.get_document_for_edit(request.user, pk)
    form = forms.DecisionForm(
        posted(request), instance=Decision(document=document), document=document
    )
    if request.method == "POST" and form.is_valid():

        def record():
            decision = services.save_content(form.instance)
            record_event(
                "decision_recorded",
                document,
                f"{document.title}: {decision.decided_by} {decision.decision_date}",
                actor=request.user,
                decision=decision.pk,
            )
            return decision

        if save(form, record):
            return saved(
                request,
                _("The decision was recorded for “%(title)s”.") % {"title": document.title},
                reverse("web:document_detail", args=[document.pk]),
            )
    return form_page(
        request,
        form,
        title=_("New decision about “%(title)s”") % {"title": document.title},
        lead=_("A decision that is not a status change, e.g. to revise the document."),
        cancel_url=reverse("web:document_detail", args=[document.pk]),
        breadcrumbs=document_crumbs(document),
        submit_label=_("Record decision"),
    )
