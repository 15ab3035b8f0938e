"""Optimistic locking for forms that change an activity or a measure: the form carries the
object's latest history id; saving checks it under a row lock, so when two people save the same
object the second is told what the first changed, and nothing of either is lost (the second
person's entries stay in the form, ready to be saved again over the new state)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def current_revision(obj) -> int:
    latest = obj.history.order_by("-history_id").values_list("history_id", flat=True).first()
    return latest or 0


def describe_changes(obj, since: int) -> str:
    old = obj.history.filter(history_id=since).first()
    new = obj.history.order_by("-history_id").first()
    if old is None or new is None:
        return ""
    parts = []
    for change in new.diff_against(old).changes:
        field = type(obj)._meta.get_field(change.field)
        parts.append(f"{field.verbose_name}: “{change.old}” → “{change.new}”")
    return "; ".join(parts)


class Conflict(ValidationError):
    def __init__(self, message: str, revision: int):
        super().__init__(message)
        self.revision = revision


def check_revision(obj, posted: int | None, form=None) -> None:
    """Call inside the saving transaction. Raises Conflict when `obj` changed since `posted`
    (and remembers it on `form`)."""
    type(obj).objects.select_for_update().filter(pk=obj.pk).first()
    now = current_revision(obj)
    if posted is None or posted == now:
        return
    changes = describe_changes(obj, posted) or _("(details not available)")
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
