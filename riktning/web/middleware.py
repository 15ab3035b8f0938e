from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.utils import translation
from django.utils.cache import patch_vary_headers

from riktning.accounts.access import LoginRequired


class LoginRequiredMiddleware:
    """Turns access.LoginRequired into a redirect to the login page (with ?next=)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, LoginRequired):
            return redirect_to_login(request.get_full_path())
        return None


class SwedishFirstLocaleMiddleware:
    """The UI is Swedish unless the visitor chose English with the language switch (the
    language cookie). The browser's Accept-Language is not used: many Swedish officials run an
    English-language browser and still expect their municipality's tool in Swedish."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        patch_vary_headers(response, ("Cookie",))
        return response


class DatabaseUnavailableMiddleware:
    """A database that cannot be reached during a request gives the plain 503 page (Swedish,
    no stack trace) instead of a server error. The request's transaction was rolled back, so
    nothing is half-saved. Errors raised outside views are handled by riktning.urls'
    handler500, which does the same."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from riktning.ops.failure import database_unavailable, is_database_outage, log

        if not is_database_outage(exception):
            return None
        log.error("Database unavailable during %s %s: %s", request.method, request.path, exception)
        return database_unavailable(request)


class RequestSizeLimitMiddleware:
    """Refuses a request whose body is larger than RIKTNING_MAX_REQUEST_BYTES before a byte of
    it is read: 413 with the site's page. Django's own limits (DATA_UPLOAD_MAX_MEMORY_SIZE for a
    form's text, DATA_UPLOAD_MAX_NUMBER_FIELDS, DATA_UPLOAD_MAX_NUMBER_FILES) apply below this
    and give the same page through handler400 (riktning/ops/failure.py). The reverse proxy
    should refuse such bodies first (docs/operations.md: client_max_body_size)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.RIKTNING_MAX_REQUEST_BYTES:
            from riktning.ops.failure import request_too_large

            return request_too_large(request)
        return self.get_response(request)


class PersonMiddleware:
    """What every page asks of the logged-in person, from the cache: their roles
    (`accounts.access.roles`, for the menu, the context and every access check) and whether they
    have set up an authenticator app (`request.has_authenticator`, for TwoFactorMiddleware).
    Both are kept under the work generation, which every write of memberships and devices
    changes (followup/cache.py, apps.py), and which the page reads once anyway, so a page pays
    no query for them once they are kept. Comes after the authentication middleware and before
    TwoFactorMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            from riktning.accounts import access, twofactor
            from riktning.followup import cache

            person = cache.cached(
                f"person:{user.pk}",
                lambda: (sorted(access.roles(user)), twofactor.confirmed_device(user) is not None),
                stamp=cache.work_stamp(),
            )
            access.remember_roles(user, person[0])
            request.has_authenticator = person[1]
        return self.get_response(request)


class TwoFactorMiddleware:
    """Nothing works for a logged-in person until their second factor is done
    (riktning/accounts/twofactor.py):

    - with an authenticator app set up, the session must be verified with a code: every page
      redirects to the code page (even setting up a new app needs the code first);
    - a coordinator without an app, when RIKTNING_REQUIRE_2FA_FOR_COORDINATORS is on, is sent
      to set one up.

    A session logged in through single sign-on (OpenID Connect) is left alone: two-factor rules
    apply to local logins only, the provider applies its own.

    A POST that is redirected is not carried out. Log-out, the language switch, the health check
    and static files stay open. Comes after django_otp's OTPMiddleware (user.is_verified)."""

    OPEN_TO_ALL = ("logout", "set_language", "healthz")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from riktning.accounts.twofactor import signed_in_with_provider

        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and not self._static(request)
            and not signed_in_with_provider(request)
        ):
            refusal = self._refusal(request, user)
            if refusal is not None:
                return refusal
        return self.get_response(request)

    @staticmethod
    def _static(request) -> bool:
        return request.path_info.startswith(settings.STATIC_URL)

    def _refusal(self, request, user):
        from django.shortcuts import redirect
        from django.urls import Resolver404, resolve
        from django.utils.http import urlencode

        from riktning.accounts import twofactor

        has_app = getattr(request, "has_authenticator", None)  # PersonMiddleware's
        if has_app is None:
            has_app = twofactor.confirmed_device(user) is not None
        if has_app:
            target = "two_factor_verify"
        elif twofactor.required_for(user):
            target = "two_factor_setup"
        else:
            return None
        try:
            name = resolve(request.path_info).url_name
        except Resolver404:
            name = None
        if name in self.OPEN_TO_ALL or name == target:
            return None
        from django.http import JsonResponse
        from django.urls import reverse
        from django.utils.translation import gettext as _

        if request.path_info.startswith("/api/"):
            return JsonResponse(
                {"detail": _("Log in with your two-factor code in the web interface first.")},
                status=403,
            )

        next_url = request.get_full_path() if request.method == "GET" else ""
        query = f"?{urlencode({'next': next_url})}" if next_url else ""
        return redirect(reverse(target) + query)
