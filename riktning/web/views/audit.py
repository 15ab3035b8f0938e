"""The coordinator's audit trail: the append-only event log, filtered by who, what, when and
which object, and each object's history ("Historik") from django-simple-history and the log."""

import datetime as dt

from django import forms
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from riktning.accounts import access
from riktning.audit import history as audit_history
from riktning.audit.models import Event

PER_PAGE = 50

# label_lower → (URL name of the object's own page, the attribute that holds that page's pk)
OBJECT_PAGES = {
    "strategy.steeringdocument": ("web:document_detail", "pk"),
    "strategy.version": ("web:version_detail", "pk"),
    "strategy.developmentarea": ("web:area_detail", "pk"),
    "strategy.goal": ("web:goal_detail", "pk"),
    "strategy.goalindicator": ("web:goal_detail", "goal_id"),
    "strategy.decision": ("web:document_detail", "document_id"),
    "indicators.indicator": ("web:indicator_detail", "pk"),
    "activities.mappinground": ("web:mapping_round_detail", "pk"),
    "activities.reportinglink": ("web:mapping_round_detail", "mapping_round_id"),
    "actionplans.actionplan": ("web:action_plan_detail", "pk"),
    "actionplans.measure": ("web:action_plan_detail", "plan_id"),
    "followup.followup": ("web:followup_detail", "pk"),
    "followup.areaanalysis": ("web:followup_detail", "followup_id"),
    "consultation.round": ("web:round_detail", "pk"),
    "consultation.recipient": ("web:round_detail", "round_id"),
    "consultation.statement": ("web:statement_detail", "pk"),
    "consultation.comment": ("web:statement_detail", "statement_id"),
    "consultation.attachment": ("web:statement_detail", "statement_id"),
    "consultation.decisionproposal": ("web:decision_proposal", "round_id"),
}


def history_path(object_type: str, object_id) -> str:
    """The history page of an event's object, or "" when that kind has none."""
    if object_type not in audit_history.HISTORY_KINDS or not str(object_id).isdigit():
        return ""
    app_label, model_name = object_type.split(".", 1)
    return reverse("web:object_history", args=[app_label, model_name, int(object_id)])


def object_page(obj) -> str:
    if obj is None:
        return ""
    name, attribute = OBJECT_PAGES.get(obj._meta.label_lower, (None, None))
    if name is None or getattr(obj, attribute, None) is None:
        return ""
    try:
        return reverse(name, args=[getattr(obj, attribute)])
    except NoReverseMatch:
        return ""


def _event_rows(events) -> list[dict]:
    return [
        {
            "event": event,
            "kind": audit_history.event_kind_label(event.verb),
            "who": audit_history.person_name(event.actor),
            "change": audit_history.event_change(event),
            "history_url": history_path(event.object_type, event.object_id),
        }
        for event in events
    ]


# --- the event log -------------------------------------------------------------------------------


class EventFilterForm(forms.Form):
    """Every filter is a choice among what the log holds, a date or plain text: nothing typed
    here becomes part of a query other than as a value."""

    who = forms.ChoiceField(label=_("Who"), required=False)
    kind = forms.ChoiceField(label=_("Kind of event"), required=False)
    object_type = forms.ChoiceField(label=_("Kind of object"), required=False)
    object_id = forms.IntegerField(
        label=_("Object number"),
        required=False,
        min_value=1,
        help_text=_("The number in the object's address, e.g. 12 in /mal/12/."),
    )
    text = forms.CharField(label=_("Text in the summary"), required=False, max_length=100)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, kinds: list[str], object_types: list[str], actors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds"))] + sorted(
            ((k, audit_history.event_kind_label(k)) for k in kinds), key=lambda c: c[1]
        )
        self.fields["object_type"].choices = [("", _("All objects"))] + sorted(
            ((t, _object_type_label(t)) for t in object_types), key=lambda c: c[1]
        )
        self.fields["who"].choices = [("", _("Everyone"))] + sorted(
            ((str(u.pk), audit_history.person_name(u)) for u in actors), key=lambda c: c[1]
        )

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end date is before the start date."))
        return cleaned


def _object_type_label(object_type: str) -> str:
    from django.apps import apps

    try:
        return str(apps.get_model(object_type)._meta.verbose_name).capitalize()
    except (LookupError, ValueError):
        return object_type


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _filtered(events, data: dict):
    if who := data["who"]:
        events = events.filter(actor_id=int(who))
    if kind := data["kind"]:
        events = events.filter(verb=kind)
    if object_type := data["object_type"]:
        events = events.filter(object_type=object_type)
    if object_id := data["object_id"]:
        events = events.filter(object_id=str(object_id))
    if text := data["text"].strip():
        events = events.filter(summary__icontains=text)
    if since := data["since"]:
        events = events.filter(at__gte=_day_start(since))
    if until := data["until"]:
        events = events.filter(at__lt=_day_start(until + dt.timedelta(days=1)))
    return events


def event_log(request):
    access.require_audit_reader(request.user)
    from django.contrib.auth import get_user_model

    kinds = list(Event.objects.order_by("verb").values_list("verb", flat=True).distinct())
    object_types = list(
        Event.objects.order_by("object_type").values_list("object_type", flat=True).distinct()
    )
    actor_ids = Event.objects.filter(actor__isnull=False).values("actor_id").distinct()
    actors = get_user_model().objects.filter(pk__in=actor_ids)
    form = EventFilterForm(
        request.GET or None, kinds=kinds, object_types=object_types, actors=actors
    )
    events = Event.objects.select_related("actor")
    if form.is_bound and form.is_valid():
        events = _filtered(events, form.cleaned_data)
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
        "rows": _event_rows(page.object_list),
        "query": query.urlencode(),
    }
    return render(request, "web/audit/event_list.html", context)


# --- one object's history ------------------------------------------------------------------------


def object_history(request, app_label: str, model_name: str, pk: int):
    model, obj = access.get_object_for_history(request.user, app_label, model_name, pk)
    history = audit_history.object_history(model, pk, obj)
    if history is None:
        raise Http404
    context = {
        "nav": "audit",
        "history": history,
        "object_page": object_page(obj),
        "event_rows": _event_rows(history.events),
        "event_log_url": reverse("web:event_log")
        + f"?object_type={model._meta.label_lower}&object_id={pk}",
    }
    return render(request, "web/audit/object_history.html", context)
