"""Two-factor login pages: set up an authenticator app, and give its code after the password.
The rules live in riktning/accounts/twofactor.py; who is sent here in web/middleware.py."""

import logging

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from riktning.accounts import access, twofactor

from ..forms import EditForm

log = logging.getLogger("riktning.accounts")


class CodeForm(EditForm):
    code = forms.CharField(
        label=gettext_lazy("Code from the app"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}
        ),
        error_messages={"required": gettext_lazy("Type the six digits the app shows.")},
    )


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("web:home")


def _require_login(request) -> None:
    if not request.user.is_authenticated:
        raise access.LoginRequired()


def two_factor_setup(request):
    """A new secret as a QR code and as text; the first code from the app confirms it. With an
    app already set up the session is verified (the middleware saw to that), and confirming a
    new app replaces the old one."""
    _require_login(request)
    device = twofactor.pending_device(request.user)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        if twofactor.confirm_setup(request, device, form.cleaned_data["code"]):
            log.info("Two-factor app set up by %s", request.user.get_username())
            messages.success(
                request,
                _(
                    "Two-factor login is on: from now on you give a code from the app after your "
                    "password."
                ),
            )
            return redirect(_next(request))
        form.add_error(
            "code",
            _(
                "The code is not right. Check that the phone's clock is right, and type the code "
                "the app shows now."
            ),
        )
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "form": form,
            "qr": twofactor.qr_data_uri(device),
            "secret": twofactor.secret_text(device),
            "has_device": twofactor.confirmed_device(request.user) is not None,
            "required": twofactor.required_for(request.user),
            "next": _next(request),
            "title": _("Set up two-factor login"),
        },
    )


def two_factor_verify(request):
    """The code after the password."""
    _require_login(request)
    if twofactor.confirmed_device(request.user) is None or request.user.is_verified():
        return redirect(_next(request))
    form = CodeForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_bound and form.is_valid():
        if twofactor.throttled(request.user):
            form.add_error("code", _("Too many wrong codes in a row. Wait a minute and try again."))
            status = 429
        elif twofactor.verify(request, form.cleaned_data["code"]):
            return redirect(_next(request))
        else:
            log.warning("Wrong two-factor code for %s", request.user.get_username())
            form.add_error(
                "code",
                _(
                    "The code is not right. Type the code the app shows now; it changes every "
                    "30 seconds."
                ),
            )
    return render(
        request,
        "registration/two_factor_verify.html",
        {"form": form, "next": _next(request), "title": _("Code from your authenticator app")},
        status=status,
    )
