"""Who may see and change notifications: each person their own; the coordinator the e-mails that
could not be sent."""

from riktning.accounts.access import is_coordinator, require, require_login

from .models import Preferences


def get_preferences_for_edit(user) -> Preferences:
    """The person's own settings: an unsaved row with the defaults until first saved (its
    revision is 0; a window opened before the first save is then refused as stale)."""
    require_login(user)
    return Preferences.objects.filter(user=user).first() or Preferences(user=user)


def can_see_failed_mail(user) -> bool:
    return is_coordinator(user)


def require_failed_mail(user) -> None:
    require(user, can_see_failed_mail(user))
