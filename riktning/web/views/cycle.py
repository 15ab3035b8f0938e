"""The annual cycle (årshjul) pages: the cycles (and making a year's cycle from the template),
a cycle as a year wheel, a table and a list, the meetings of the bodies, the calendar feeds and
the feed itself (.ics at a secret URL).

Every view: fetch through riktning.cycle.access, parse, call riktning.cycle.services, respond."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from riktning.accounts import access
from riktning.accounts.models import Organisation
from riktning.actionplans import access as plans_access
from riktning.activities import access as activities_access
from riktning.consultation import access as consultation_access
from riktning.cycle import access as cycle_access
from riktning.cycle import services
from riktning.cycle.models import Meeting, StepTemplate
from riktning.cycle.wheel import wheel
from riktning.followup import access as followup_access

from ..forms import EditForm
from ..forms_cycle import CreateCycleForm, MeetingForm, StepTemplateFormSet
from ..revisions import revision_field
from .edit_common import post_only, save

TEMPLATE_DIR = "web/cycle/"


def cycle_list(request):
    """The annual cycles the reader may see; the coordinator makes a year's cycle here."""
    form = None
    if request.method == "POST":
        cycle_access.require_cycle_manager(request.user)
    if cycle_access.can_manage_cycle(request.user):
        form = CreateCycleForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                cycle = services.create_cycle(
                    form.cleaned_data["document"], form.cleaned_data["year"], by=request.user
                )
            except ValidationError as error:
                form.add_validation_error(error)
            else:
                messages.success(
                    request, _("The annual cycle %(year)s was made.") % {"year": cycle.year}
                )
                return redirect("web:cycle_detail", cycle.pk)
    cycles = cycle_access.visible_cycles(request.user).select_related("document")
    context = {
        "nav": "cycle",
        "cycles": cycles,
        "form": form,
        "is_member": access.is_member(request.user),
        "documents": services.template_documents() if form is not None else [],
    }
    status = 400 if form is not None and form.errors else 200
    return render(request, TEMPLATE_DIR + "list.html", context, status=status)


def cycle_detail(request, pk):
    cycle = cycle_access.get_cycle_for_view(request.user, pk)
    steps = list(cycle.steps.select_related("responsible", "meeting__body"))
    rows = []
    for number, step in enumerate(steps, start=1):
        work = services.step_work(step)
        rows.append(
            {"number": number, "step": step, "work": work, "url": _work_url(request.user, work)}
        )
    context = {
        "nav": "cycle",
        "cycle": cycle,
        "rows": rows,
        "wheel": wheel(cycle.year, steps),
    }
    return render(request, TEMPLATE_DIR + "detail.html", context)


def _work_url(user, work) -> str | None:
    """The page of a step's work, if the reader may see it."""
    if work is None:
        return None
    name = type(work).__name__
    rules = {
        "MappingRound": (activities_access.can_view_mapping_round, "web:mapping_round_detail"),
        "Round": (consultation_access.can_view_round, "web:round_detail"),
        "ActionPlan": (plans_access.can_view_action_plan, "web:action_plan_detail"),
        "FollowUp": (followup_access.can_view_followup, "web:followup_detail"),
    }
    allowed, url_name = rules[name]
    return reverse(url_name, args=[work.pk]) if allowed(user, work) else None


class TemplateForm(EditForm):
    """The revision the template's form was opened on (the formset holds the steps)."""

    revision = revision_field()


def template_edit(request, pk):
    """The coordinator edits a document's template of steps: what each step is, who is
    responsible, its date rule and what it links to. A year's cycle made afterwards follows it."""
    document = cycle_access.get_document_for_cycle(request.user, pk)
    steps = StepTemplate.objects.filter(document=document).order_by("order", "id")
    data = request.POST if request.method == "POST" else None
    form = TemplateForm(data, initial={"revision": services.template_revision(document)})
    rows = StepTemplateFormSet(data, queryset=steps, prefix="steps")
    lead = _(
        "Each step is dated so many days before the first meeting of a body in a month of the "
        "year (the meetings entered for that year). A cycle made from now on follows the "
        "template; the cycles already made keep their steps."
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and rows.is_valid():
            kept = [row for row in rows.forms if row not in rows.deleted_forms]
            changed = [row for row in kept if row.instance.pk or row.has_changed()]
            result = save(
                form,
                lambda: services.save_template(
                    document,
                    steps=[
                        {
                            "id": row.instance.pk,
                            **{name: row.cleaned_data[name] for name in services.TEMPLATE_FIELDS},
                        }
                        for row in changed
                        if row.cleaned_data
                    ],
                    removed=[row.instance for row in rows.deleted_forms if row.instance.pk],
                    revision=form.cleaned_data["revision"],
                ),
            )
            if result is not None:
                messages.success(
                    request,
                    _("The template of “%(document)s” was saved.") % {"document": document},
                )
                return redirect("web:cycle_template_edit", document.pk)
            if any(getattr(e, "code", None) == "conflict" for e in form.non_field_errors().data):
                # Saving again, knowing it, puts these entries over the ones saved meanwhile.
                form.data = form.data.copy()
                form.data["revision"] = str(services.template_revision(document))
                lead = "\n".join(
                    [_("The template as it is saved now:"), *services.template_saved_now(document)]
                )
                status = 409
    context = {
        "nav": "cycle",
        "document": document,
        "form": form,
        "rows": rows,
        "lead": lead,
        "errors": _template_errors(form, rows) if form.is_bound else [],
    }
    return render(request, TEMPLATE_DIR + "template_edit.html", context, status=status)


def _template_errors(form, rows) -> list[tuple[str, str]]:
    """(link target, message) for the error summary: the form's, then each step's."""
    found = [("", error) for error in form.non_field_errors()]
    found += [("", error) for error in rows.non_form_errors()]
    for number, row in enumerate(rows.forms, start=1):
        if not row.errors:
            continue
        prefix = _("Step %(number)s") % {"number": number}
        found += [("", f"{prefix}: {error}") for error in row.non_field_errors()]
        for field in row:
            found += [
                (field.id_for_label, f"{prefix}, {field.label}: {error}") for error in field.errors
            ]
    return found


def meeting_list(request):
    """The bodies' meetings, per year; the coordinator enters them (a cycle is dated by them)."""
    cycle_access.require_cycle_manager(request.user)
    form = MeetingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.add_meeting(form.cleaned_data["body"], form.cleaned_data["date"])
        except ValidationError as error:
            form.add_validation_error(error)
        else:
            messages.success(
                request, _("The meeting %(meeting)s was entered.") % {"meeting": meeting}
            )
            return redirect("web:cycle_meetings")
    context = {
        "nav": "cycle",
        "meetings": Meeting.objects.select_related("body").order_by("-date"),
        "form": form,
    }
    return render(
        request, TEMPLATE_DIR + "meetings.html", context, status=400 if form.errors else 200
    )


def feeds(request):
    """The person's own calendar feed (made or renewed here; the address is shown once) and,
    for the coordinator, the organisations' feeds."""
    cycle_access.require_member(request.user)
    new_url = None
    if request.method == "POST":
        _feed, token = services.renew_feed(user=request.user)
        new_url = request.build_absolute_uri(reverse("web:cycle_feed", args=[token]))
    return _feeds_page(request, new_url=new_url)


def _feeds_page(request, *, new_url=None, new_organisation=None):
    organisations = []
    if cycle_access.can_manage_cycle(request.user):
        everyone = list(Organisation.objects.all())
        feeds = services.active_organisation_feeds(everyone)
        organisations = [(org, feeds.get(org.pk)) for org in everyone]
    context = {
        "nav": "cycle",
        "own_feed": services.active_feed(user=request.user),
        "new_url": new_url,
        "new_organisation": new_organisation,
        "organisations": organisations,
    }
    return render(request, TEMPLATE_DIR + "feeds.html", context)


def organisation_feed_renew(request, pk):
    """Make or renew an organisation's feed (the coordinator's); the address is shown once."""
    organisation = cycle_access.get_organisation_for_feed(request.user, pk)
    if refused := post_only(request):
        return refused
    _feed, token = services.renew_feed(organisation=organisation)
    new_url = request.build_absolute_uri(reverse("web:cycle_feed", args=[token]))
    return _feeds_page(request, new_url=new_url, new_organisation=organisation)


def feed(request, token):
    """The calendar (.ics) of a secret feed; 404 for an unknown or renewed token."""
    found = services.find_feed(token)
    if found is None:
        raise Http404
    if found.user is not None:
        user = found.user
        if not user.is_active or not access.is_member(user):
            raise Http404
        steps = cycle_access.visible_steps(user)
        if not access.is_coordinator(user):
            steps = services.feed_steps(steps, Organisation.objects.filter(memberships__user=user))
        name = _("Annual cycle: %(name)s") % {"name": user.get_full_name() or user.username}
    else:
        steps = services.feed_steps(cycle_access.organisation_feed_steps(), [found.organisation])
        name = _("Annual cycle: %(name)s") % {"name": found.organisation}
    body = services.ical(
        steps,
        name=name,
        url_for=lambda step: request.build_absolute_uri(
            reverse("web:cycle_detail", args=[step.cycle_id])
        ),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="arshjul.ics"'
    return response
