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
