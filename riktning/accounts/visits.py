"""The previous visit: what "since your last visit" on the start page counts from.

Django overwrites `last_login` when a person logs in; the value it had before is the previous
visit. `remember_previous_login` replaces Django's own `update_last_login` receiver: it keeps the
old value in the new session, then updates `last_login` as Django does."""

import datetime

from django.contrib.auth.models import update_last_login
from django.contrib.auth.signals import user_logged_in
from django.utils.dateparse import parse_datetime

PREVIOUS_LOGIN = "riktning_previous_login"


def remember_previous_login(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        previous = user.last_login.isoformat() if user.last_login else ""
        request.session[PREVIOUS_LOGIN] = previous
    update_last_login(sender, user, **kwargs)


def connect() -> None:
    user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
    user_logged_in.connect(remember_previous_login, dispatch_uid="riktning_previous_login")


def previous_login(request) -> datetime.datetime | None:
    """When the person last logged in before this session (None: the first time)."""
    value = request.session.get(PREVIOUS_LOGIN) if hasattr(request, "session") else None
    return parse_datetime(value) if value else None
