"""Optimistic locking, the one mechanism of every edit form: the form carries the revision of what
it changes (the latest history id of the object, from simple-history, or 0 when there is none
yet) in a hidden, required field; saving checks it under a row lock, inside the saving
transaction. When two people save the same object the second is refused with 409 and told what
the first changed (both texts: theirs in the message, the person's own still in the form, now
carrying the new revision, so saving again deliberately puts them over the other's). A form
posted without its revision is refused too: it cannot say what it was based on.

    form = AreaForm(posted(request), instance=area)
    guard(form, area)
    ...
    if save_checked(form, area, lambda: services.save_content(form.instance)): ...

The two texts with their own save counter (a follow-up area's analysis, a round's proposal for a
decision) check the counter the same way in their services."""

from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MISSING = gettext_lazy(
    "The form was sent without its revision (the state of the data it was opened on), so it "
    "cannot be checked against other people's changes. Nothing was saved: open the form again."
)


def current_revision(obj) -> int:
    """The object's latest history id; 0 for no object (e.g. a decision not taken yet)."""
    if obj is None or obj.pk is None:
        return 0
    latest = obj.history.order_by("-history_id").values_list("history_id", flat=True).first()
    return latest or 0


def latest_revisions(model, pks) -> dict[int, int]:
    """current_revision() of many objects of `model` in one query: pk → revision."""
    rows = (
        model.history.model.objects.filter(id__in=list(pks))
        .values("id")
        .annotate(latest=Max("history_id"))
        .values_list("id", "latest")
    )
    return dict(rows)


def describe_changes(obj, since: int) -> str:
    if obj is None:
        return ""
    old = obj.history.filter(history_id=since).first()
    new = obj.history.order_by("-history_id").first()
    if new is None:
        return ""
    if old is None:  # made since the form was opened (a first decision on a comment)
        record = new.instance
        return "; ".join(
            f"{field.verbose_name}: “{record._get_FIELD_display(field)}”"
            for field in type(obj)._meta.concrete_fields
            if field.editable
            and not field.primary_key
            and not field.is_relation
            and field.name != "revision"
        )
    parts = []
    for change in new.diff_against(old).changes:
        field = type(obj)._meta.get_field(change.field)
        parts.append(f"{field.verbose_name}: “{change.old}” → “{change.new}”")
    return "; ".join(parts)


class Conflict(ValidationError):
    def __init__(self, message: str, revision: int):
        super().__init__(message)
        self.revision = revision


def revision_field() -> forms.IntegerField:
    return forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={"required": MISSING, "invalid": MISSING, "min_value": MISSING},
    )


def guard(form, obj, subject: Callable[[], object] | None = None) -> None:
    """Give `form` the required hidden revision of `obj` (or of what `subject()` returns, when the
    form changes something that hangs off `obj`, e.g. a comment's disposition)."""
    form.conflict = None
    form.fields["revision"] = revision_field()
    form.fields["revision"].initial = current_revision(subject() if subject else obj)


def check_revision(obj, posted: int | None, form=None, subject=None) -> None:
    """Call inside the saving transaction. Locks `obj`'s row and raises Conflict when it (or
    `subject()`) changed since `posted`, remembering it on `form`; ValidationError without one."""
    type(obj).objects.select_for_update().filter(pk=obj.pk).first()
    if posted is None:
        raise ValidationError(MISSING)
    watched = subject() if subject else obj
    now = current_revision(watched)
    if posted == now:
        return
    changes = describe_changes(watched, posted) or _("(details not available)")
    conflict = Conflict(
        _(
            "Someone else saved this while you were editing it; nothing of yours has been saved "
            "yet and your entries are still in the form. What they changed: %(changes)s. Check "
            "and save again."
        )
        % {"changes": changes},
        now,
    )
    if form is not None:
        form.conflict = conflict
    raise conflict


def save_checked(form, obj, action: Callable[[], object], subject=None):
    """edit_common.save(), checking the form's revision first in the same transaction. On a
    conflict the form keeps the person's entries, now carrying the new revision, with the message
    (form_page answers 409); returns None then, else what `action` returned."""
    from .views.edit_common import save

    posted = form.cleaned_data.get("revision")

    def checked():
        check_revision(obj, posted, form, subject)
        return action()

    result = save(form, checked)
    if getattr(form, "conflict", None) is not None:
        form.data = form.data.copy()
        form.data["revision"] = str(form.conflict.revision)
    return result


def conflict_form(request, form, form_class, instance, **kwargs):
    """The person's own entries again, now carrying the new revision, with the conflict message;
    saving this form again deliberately puts their entries over the other person's."""
    data = request.POST.copy()
    data["revision"] = str(form.conflict.revision)
    fresh = form_class(data, instance=type(instance).objects.get(pk=instance.pk), **kwargs)
    fresh.is_valid()
    fresh.conflict = form.conflict
    fresh.add_error(None, form.conflict)
    return fresh
