"""Single sign-on pages: the start (off to the provider) and the provider's callback. The
flow and the rules are in riktning/accounts/sso.py; every failure comes back to the login page
with a Swedish message."""

import logging

import jwt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.shortcuts import redirect, resolve_url
from django.utils.translation import gettext as _
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from riktning.accounts import sso, twofactor

log = logging.getLogger("riktning.accounts")


def _back_to_login(request, message: str):
    messages.error(request, message)
    return redirect("login")


class SsoStartView(OIDCAuthenticationRequestView):
    """GET: sends the browser to the provider with a fresh state, nonce and PKCE challenge."""

    http_method_names = ["get"]
    get_settings = staticmethod(sso.setting)

    def __init__(self, *args, **kwargs):
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    def get(self, request):
        if not sso.enabled():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = sso.setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except sso.SsoRefused as refused:
            return _back_to_login(request, refused.message)
        self.OIDC_RP_CLIENT_ID = sso.setting("OIDC_RP_CLIENT_ID")
        return super().get(request)


class SsoCallbackView(OIDCAuthenticationCallbackView):
    """GET: the provider's answer; logs the person in or explains on the login page why not."""

    http_method_names = ["get"]
    get_settings = staticmethod(sso.setting)

    def get(self, request):
        if not sso.enabled():
            raise Http404
        if request.GET.get("error"):
            super().get(request)
            log.info("OpenID Connect provider refused: %s", request.GET.get("error"))
            return _back_to_login(
                request,
                _("%(provider)s did not log you in (%(error)s).")
                % {"provider": sso.provider_name(), "error": request.GET.get("error")[:100]},
            )
        state = request.GET.get("state")
        if (
            not request.GET.get("code")
            or not state
            or state not in request.session.get("oidc_states", {})
        ):
            return _back_to_login(request, self.state_mismatch())
        try:
            response = super().get(request)
        except sso.SsoRefused as refused:
            return _back_to_login(request, refused.message)
        except (SuspiciousOperation, jwt.InvalidTokenError) as exc:
            log.warning("OpenID Connect login refused: %s", exc)
            return _back_to_login(
                request,
                _(
                    "The answer from %(provider)s could not be verified, so you were not logged "
                    "in. Try again."
                )
                % {"provider": sso.provider_name()},
            )
        if request.user.is_authenticated:
            request.session[twofactor.PROVIDER_SESSION_KEY] = True
            return response
        return _back_to_login(request, self.state_mismatch())

    @staticmethod
    def state_mismatch() -> str:
        return _(
            "The login could not be finished: the answer from the login service does not belong "
            "to this browser session (it may have expired or been opened in another window). "
            "Start the login again."
        )

    def login_failure(self):
        return redirect("login")


class LoginView(auth_views.LoginView):
    """Django's password login, with the "Log in with <provider>" button when SSO is on."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sso_enabled"] = sso.enabled()
        context["sso_provider_name"] = sso.provider_name()
        return context


class LogoutView(auth_views.LogoutView):
    """Django's logout (POST). A person who logged in with the provider is then sent to the
    provider's end_session_endpoint to end its session too, and comes back to Riktning's front
    page (single logout, sso.end_session_url); anyone else, or when single logout is off or
    the provider offers none, is logged out of Riktning only, as before."""

    def post(self, request, *args, **kwargs):
        id_token = (
            request.session.get(sso.ID_TOKEN_SESSION_KEY)
            if request.session.get(twofactor.PROVIDER_SESSION_KEY)
            else None
        )
        response = super().post(request, *args, **kwargs)
        if id_token:
            back = request.build_absolute_uri(resolve_url(settings.LOGOUT_REDIRECT_URL))
            if url := sso.end_session_url(id_token, back):
                return redirect(url)
        return response
