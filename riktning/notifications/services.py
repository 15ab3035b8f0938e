"""Writing a person's choices."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .constants import Kind, Mode
from .models import Preferences


@transaction.atomic
def save_preferences(preferences: Preferences, modes: dict[str, str]) -> Preferences:
    """Each kind's mode, all checked before anything is written. The person's own
    (access.get_preferences_for_edit)."""
    problems = {}
    for kind, mode in modes.items():
        if kind not in Kind.values:
            problems[kind] = _("“%(kind)s” is not a kind of notification.") % {"kind": kind}
        elif mode not in Mode.values:
            problems[kind] = _("“%(mode)s” is not a way to receive notifications.") % {"mode": mode}
    if problems:
        raise ValidationError(problems)
    preferences.modes = {kind: modes[kind] for kind in Kind.values if kind in modes}
    try:
        with transaction.atomic():
            preferences.save()
    except IntegrityError as error:  # two windows saving the first settings at the same moment
        raise ValidationError(
            _(
                "Your notification settings were saved in another window meanwhile; nothing "
                "was saved here. Open the page again."
            )
        ) from error
    return preferences
