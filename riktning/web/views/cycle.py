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
from riktning.cycle.models import Meeting
from riktning.cycle.wheel import wheel
from riktning.followup import access as followup_access

from ..forms_cycle import CreateCycleForm, MeetingForm
from .edit_common import post_only

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
