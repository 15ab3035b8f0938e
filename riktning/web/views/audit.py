"""The coordinator's audit trail: the append-only event log, filtered by kind and date."""

import datetime as dt

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from riktning.accounts import access
from riktning.audit.models import Event

PER_PAGE = 50


class EventFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of event"), required=False)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, kinds: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds"))] + [(k, k) for k in kinds]

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end date is before the start date."))
        return cleaned


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def event_log(request):
    access.require_audit_reader(request.user)
    kinds = list(Event.objects.order_by("verb").values_list("verb", flat=True).distinct())
    form = EventFilterForm(request.GET or None, kinds=kinds)
    events = Event.objects.select_related("actor")
    if form.is_bound and form.is_valid():
        if kind := form.cleaned_data["kind"]:
            events = events.filter(verb=kind)
        if since := form.cleaned_data["since"]:
            events = events.filter(at__gte=_day_start(since))
        if until := form.cleaned_data["until"]:
            events = events.filter(at__lt=_day_start(until + dt.timedelta(days=1)))
    elif form.is_bound:
        events = events.none()
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("sida"))
    query = request.GET.copy()
    query.pop("sida", None)
    context = {
        "nav": "audit",
        "form": form,
        "page": page,
        "events": page.object_list,
        "query": query.urlencode(),
    }
    return render(request, "web/audit/event_list.html", context)
