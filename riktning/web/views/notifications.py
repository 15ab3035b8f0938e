"""A person's notification settings (per kind: at once, daily digest or off), under the account.
The notifications themselves: riktning/notifications; the start page shows the latest."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from riktning.notifications import access, services
from riktning.notifications.constants import Kind

from ..forms import NotificationSettingsForm
from ..revisions import guard, save_checked
from .edit_common import posted, saved


def notification_settings(request):
    preferences = access.get_preferences_for_edit(request.user)
    form = NotificationSettingsForm(posted(request), preferences=preferences)
    guard(form, preferences)
    if request.method == "POST" and form.is_valid():
        if save_checked(
            form, preferences, lambda: services.save_preferences(preferences, form.modes())
        ):
            return saved(
                request,
                _("Your notification settings were saved."),
                reverse("notification_settings"),
            )
    kinds = [form[kind] for kind in Kind.values]
    return render(
        request,
        "web/account/notification_settings.html",
        {
            "form": form,
            "kinds": kinds,
            "email": request.user.email,
            "title": _("Notifications"),
        },
        status=409 if form.conflict is not None else 200,
    )
