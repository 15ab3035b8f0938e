"""Who may see and change notifications: each person their own; the coordinator the e-mails that
could not be sent."""

from riktning.accounts.access import is_coordinator, require, require_login

from .models import Preferences


def get_preferences_for_edit(user) -> Preferences:
    """The person's own settings; the row (with the defaults) is made when first opened, so that
    the form's revision guard has a row to check against."""
    require_login(user)
    preferences, _made = Preferences.objects.get_or_create(user=user)
    return preferences


def can_see_failed_mail(user) -> bool:
    return is_coordinator(user)


def require_failed_mail(user) -> None:
    require(user, can_see_failed_mail(user))
