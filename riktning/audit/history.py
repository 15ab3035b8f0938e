"""An object's history as the coordinator reads it ("Historik"): every historical record that
django-simple-history keeps for it, newest first, with who made it, what kind of change it was and
the before/after of each changed field in words (field names, choice labels, related objects by
name, Swedish dates), and the object's entries in the event log.

Only the kinds of object in `HISTORY_KINDS` have a history page. Fields whose names suggest a
secret (`SECRET_NAME_PARTS`: password and token hashes, session data) are never shown, whatever
the model; fields listed in a kind's `hidden` are left out too. Who may read a history is decided
in the core of the access rules, `accounts.access` (`get_object_for_history`).
"""

import datetime as dt
import decimal
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from .models import Event

SECRET_NAME_PARTS = ("password", "token", "secret", "session", "hash")
# Bookkeeping columns of simple-history and ours that say nothing the entry does not show.
SKIPPED_FIELDS = {"id", "revision"}

CHANGE_KINDS = {
    "+": pgettext_lazy("kind of change in a history", "created"),
    "~": pgettext_lazy("kind of change in a history", "changed"),
    "-": pgettext_lazy("kind of change in a history", "deleted"),
}


@dataclass(frozen=True)
class HistoryKind:
    """A kind of object whose history the coordinator may read.

    `hidden`: fields never shown. `public_since(obj)`: for a draft that is its author's own until
    it is sent (a consultation statement), the moment it stopped being private; records made
    before it are not shown, only counted."""

    hidden: frozenset[str] = frozenset()
    public_since: Callable[[models.Model], dt.datetime | None] | None = None


def _statement_submitted_at(statement) -> dt.datetime | None:
    return statement.submitted_at


def _comment_statement_submitted_at(part) -> dt.datetime | None:
    """A statement's comment or attachment: public once the statement is submitted."""
    return part.statement.submitted_at


# label_lower → kind. The domain's objects; never users, sessions or anything holding a secret.
HISTORY_KINDS: dict[str, HistoryKind] = {
    "accounts.organisation": HistoryKind(),
    "accounts.membership": HistoryKind(),
    "strategy.steeringdocument": HistoryKind(),
    "strategy.version": HistoryKind(),
    "strategy.decision": HistoryKind(),
    "strategy.developmentarea": HistoryKind(),
    "strategy.goal": HistoryKind(),
    "strategy.section": HistoryKind(),
    "strategy.step": HistoryKind(),
    "strategy.assignment": HistoryKind(),
    "strategy.goalindicator": HistoryKind(),
    "strategy.contribution": HistoryKind(),
    "strategy.areacarryover": HistoryKind(),
    "indicators.indicator": HistoryKind(),
    "indicators.importbatch": HistoryKind(),
    "activities.mappinground": HistoryKind(),
    "activities.activity": HistoryKind(),
    "activities.goalconclusion": HistoryKind(),
    "activities.reportinglink": HistoryKind(hidden=frozenset({"token_hash"})),
    "activities.activitylink": HistoryKind(),
    "activities.duplicatedecision": HistoryKind(),
    "actionplans.actionplan": HistoryKind(),
    "actionplans.measure": HistoryKind(),
    "followup.followup": HistoryKind(hidden=frozenset({"snapshot"})),
    "followup.areaanalysis": HistoryKind(),
    "consultation.round": HistoryKind(),
    "consultation.recipient": HistoryKind(),
    "consultation.statement": HistoryKind(public_since=_statement_submitted_at),
    "consultation.comment": HistoryKind(public_since=_comment_statement_submitted_at),
    "consultation.disposition": HistoryKind(),
    # The stored file's name is random and unguessable; the download page checks who may read it.
    "consultation.attachment": HistoryKind(
        hidden=frozenset({"file"}), public_since=_comment_statement_submitted_at
    ),
    "consultation.decisionproposal": HistoryKind(),
    "childrights.childrightsassessment": HistoryKind(),
    "childrights.childindicator": HistoryKind(),
    "cycle.steptemplate": HistoryKind(),
}
# Kinds with django-simple-history that have no history page, each with the reason.
NO_HISTORY_PAGE: dict[str, str] = {
    "notifications.preferences": (
        "a person's own choice of which notifications reach them and how; only they change it "
        "(on their account's settings page), and it holds nothing of the steering work"
    ),
    "consultation.changelink": (
        "a link is made or removed whole, never edited: both are events in the event log "
        "(change_linked, change_unlinked) and the link shows on the comparison page"
    ),
}


def history_model(app_label: str, model_name: str) -> type[models.Model] | None:
    """The model behind a history URL, or None when it has no history page."""
    label = f"{app_label}.{model_name}".lower()
    if label not in HISTORY_KINDS:
        return None
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def history_label(obj_or_model) -> str | None:
    """`app_label.model_name` when the object's kind has a history page, else None."""
    label = obj_or_model._meta.label_lower
    return label if label in HISTORY_KINDS else None


def is_secret(name: str) -> bool:
    lowered = name.lower()
    return any(part in lowered for part in SECRET_NAME_PARTS)


def shown_fields(model: type[models.Model]) -> list[models.Field]:
    """The model's own columns a history may show, in the model's order."""
    kind = HISTORY_KINDS.get(model._meta.label_lower, HistoryKind())
    return [
        f
        for f in model._meta.concrete_fields
        if f.name not in SKIPPED_FIELDS
        and f.name not in kind.hidden
        and not is_secret(f.name)
        and not isinstance(f, models.JSONField)
    ]


# --- values in words ---------------------------------------------------------------------------


def person_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


class ValueFormatter:
    """Turns a stored value into what a person reads; looks each related object up once."""

    def __init__(self):
        self._related: dict[tuple[str, object], str] = {}

    def __call__(self, model_field: models.Field, value) -> str:
        if value is None or value == "":
            return "–"
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(model_field, models.ForeignKey):
            return self.related(model_field.related_model, value)
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        if isinstance(value, dt.datetime):
            if timezone.is_aware(value):
                value = timezone.localtime(value)
            return formats.date_format(value, "SHORT_DATETIME_FORMAT")
        if isinstance(value, dt.date):
            return formats.date_format(value, "DATE_FORMAT")
        if isinstance(value, decimal.Decimal | float):
            return formats.number_format(value, use_l10n=True)
        return str(value)

    def related(self, model: type[models.Model], pk) -> str:
        key = (model._meta.label_lower, pk)
        if key not in self._related:
            if model._meta.label_lower == "accounts.user":
                user = model.objects.filter(pk=pk).first()
                text = person_name(user) if user else ""
            else:
                obj = model.objects.filter(pk=pk).first()
                text = str(obj) if obj is not None else _deleted_name(model, pk)
            self._related[key] = text or f"#{pk}"
        return self._related[key]


def _deleted_name(model: type[models.Model], pk) -> str:
    """A removed object's last name, from its own history where it has one."""
    history = getattr(model, "history", None)
    if history is None:
        return _("#%(pk)s (removed)") % {"pk": pk}
    last = history.filter(**{model._meta.pk.attname: pk}).order_by("-history_date").first()
    if last is None:
        return _("#%(pk)s (removed)") % {"pk": pk}
    return _("%(name)s (removed)") % {"name": str(last.instance)}


# --- the entries ---------------------------------------------------------------------------------


@dataclass
class FieldValue:
    label: str
    before: str = ""
    after: str = ""


@dataclass
class HistoryEntry:
    at: dt.datetime
    who: str
    kind: str  # "+", "~" or "-"
    reason: str = ""
    changes: list[FieldValue] = field(default_factory=list)  # a change: before → after
    values: list[FieldValue] = field(default_factory=list)  # created or first shown: the values

    @property
    def kind_label(self) -> str:
        return str(CHANGE_KINDS.get(self.kind, self.kind))


@dataclass
class EventChange:
    before: str
    after: str


@dataclass
class ObjectHistory:
    model: type[models.Model]
    pk: int
    obj: models.Model | None
    title: str
    entries: list[HistoryEntry]
    hidden_count: int
    events: list[Event]
    keeps_history: bool

    @property
    def verbose_name(self) -> str:
        return str(self.model._meta.verbose_name)


def object_history(model: type[models.Model], pk: int, obj: models.Model | None = None):
    """The history of the object `model` #`pk` (which may since have been deleted), or None when
    nothing is known of it: no row, no historical record, no event."""
    if obj is None:
        obj = model.objects.filter(pk=pk).first()
    kind = HISTORY_KINDS.get(model._meta.label_lower, HistoryKind())
    records = []
    history = getattr(model, "history", None)
    if history is not None:
        records = list(
            history.filter(**{model._meta.pk.attname: pk})
            .select_related("history_user")
            .order_by("history_date", "history_id")
        )
    events = list(object_events(model, pk))
    if obj is None and not records and not events:
        return None
    hidden = 0
    if kind.public_since is not None:
        since = kind.public_since(obj) if obj is not None else None
        if since is None:
            hidden, records = len(records), []
        else:
            visible = [r for r in records if r.history_date >= since]
            hidden, records = len(records) - len(visible), visible
    entries = _entries(model, records)
    entries.reverse()
    if obj is not None:
        title = str(obj)
    elif records:
        title = str(records[-1].instance)
    else:
        title = f"{model._meta.verbose_name} #{pk}"
    return ObjectHistory(
        model=model,
        pk=pk,
        obj=obj,
        title=title,
        entries=entries,
        hidden_count=hidden,
        events=events,
        keeps_history=history is not None,
    )


def _entries(model, records) -> list[HistoryEntry]:
    """Oldest first. The first record shown (a creation, or the first one after a private
    draft) lists its values; each later change lists before and after of what changed."""
    fields = shown_fields(model)
    fmt = ValueFormatter()
    entries = []
    previous = None
    for record in records:
        entry = HistoryEntry(
            at=record.history_date,
            who=person_name(record.history_user),
            kind=record.history_type,
            reason=record.history_change_reason or "",
        )
        if record.history_type == "+" or previous is None:
            if record.history_type != "-":
                entry.values = [
                    FieldValue(str(f.verbose_name), after=fmt(f, getattr(record, f.attname)))
                    for f in fields
                    if getattr(record, f.attname) not in (None, "")
                ]
        elif record.history_type == "~":
            entry.changes = [
                FieldValue(str(f.verbose_name), before=fmt(f, before), after=fmt(f, after))
                for f, before, after in changed_values(fields, previous, record)
            ]
        entries.append(entry)
        previous = record
    return entries


def changed_values(fields, older, newer) -> list[tuple[models.Field, object, object]]:
    """(field, before, after) of each field whose stored value differs between two historical
    records, in the fields' order. Compared column by column rather than with simple-history's
    diff_against, which reads the records through model_to_dict and so misses every field that
    is not editable (auto_now_add's `created_at`, say), failing with a KeyError when asked for
    one: the history pages of the demo's adopted version and follow-up did (issue 11)."""
    changed = []
    for f in fields:
        before, after = getattr(older, f.attname), getattr(newer, f.attname)
        if before != after:
            changed.append((f, before, after))
    return changed


def object_events(model: type[models.Model], pk) -> models.QuerySet:
    return Event.objects.filter(
        object_type=model._meta.label_lower, object_id=str(pk)
    ).select_related("actor")


def event_change(event: Event) -> EventChange | None:
    """The before/after an event records (a status move), in words, or None."""
    data = event.data or {}
    pairs = [("from_status", "to_status", "status"), ("before", "after", None)]
    for before_key, after_key, field_name in pairs:
        if before_key in data or after_key in data:
            before, after = data.get(before_key), data.get(after_key)
            if isinstance(before, dict | list) or isinstance(after, dict | list):
                continue
            model_field = _event_field(event, field_name)
            if model_field is not None:
                fmt = ValueFormatter()
                return EventChange(fmt(model_field, before), fmt(model_field, after))
            return EventChange(
                "–" if before in (None, "") else str(before),
                "–" if after in (None, "") else str(after),
            )
    return None


def _event_field(event: Event, field_name: str | None) -> models.Field | None:
    if field_name is None:
        return None
    try:
        model = apps.get_model(event.object_type)
        return model._meta.get_field(field_name)
    except (LookupError, ValueError, FieldDoesNotExist):
        return None


def event_kind_label(verb: str) -> str:
    label = EVENT_KINDS.get(verb)
    return str(label) if label is not None else verb


# verb → what a coordinator reads. A verb missing here is shown as it is.
EVENT_KINDS = {
    "document_created": gettext_lazy("Document created"),
    "version_created": gettext_lazy("Version created"),
    "version_status_changed": gettext_lazy("Version status changed"),
    "decision_recorded": gettext_lazy("Decision recorded"),
    "import_recorded": gettext_lazy("Indicator values imported"),
    "round_opened": gettext_lazy("Consultation round opened"),
    "round_sent": gettext_lazy("Consultation round sent"),
    "round_reminded": gettext_lazy("Reminder of a consultation round sent"),
    "statement_received": gettext_lazy("Statement received"),
    "statement_corrected": gettext_lazy("Statement corrected"),
    "disposition_recorded": gettext_lazy("Decision on a comment recorded"),
    "recipient_declined": gettext_lazy("Recipient declined to answer"),
    "recipient_declined_undone": gettext_lazy("Recipient's declining taken back"),
    "mapping_round_opened": gettext_lazy("Mapping round opened"),
    "mapping_round_closed": gettext_lazy("Mapping round closed"),
    "mapping_round_reminded": gettext_lazy("Reminder of a mapping round sent"),
    "reporting_link_created": gettext_lazy("Personal reporting link made"),
    "reporting_link_revoked": gettext_lazy("Personal reporting link revoked"),
    "goal_conclusion_recorded": gettext_lazy("Conclusion on a goal recorded"),
    "action_plan_created": gettext_lazy("Action plan created"),
    "action_plan_adopted": gettext_lazy("Action plan adopted"),
    "followup_started": gettext_lazy("Yearly follow-up started"),
    "followup_submitted": gettext_lazy("Yearly follow-up sent for review"),
    "followup_returned": gettext_lazy("Yearly follow-up returned to draft"),
    "followup_approved": gettext_lazy("Yearly follow-up approved"),
    "next_version_created": gettext_lazy("Next version created from a consultation round"),
    "two_factor_reset": gettext_lazy("Authenticator app removed by an administrator"),
    "change_linked": gettext_lazy("Change linked to a comment by hand"),
    "change_unlinked": gettext_lazy("Hand link from a change to a comment removed"),
    "document_imported": gettext_lazy("Steering document imported from a file"),
    "activity_linked": gettext_lazy("Earlier activity linked to a round instead of reported again"),
    "measure_carried": gettext_lazy("Earlier measure continued in a plan instead of written again"),
    "duplicates_merged": gettext_lazy("Duplicates merged"),
    "duplicate_merge_undone": gettext_lazy("Merge of duplicates undone"),
    "duplicate_dismissed": gettext_lazy("Marked as not a duplicate"),
}
