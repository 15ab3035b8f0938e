"""What a person sees when something outside Riktning fails: the database is unreachable, or a
request is larger than Riktning accepts.

A database that stops answering in the middle of a request rolls back the request's
transaction (every write is in one), so nothing is half-saved; the person gets a plain page
saying so (503), not a stack trace. The page is rendered without the database: no user, no
context processors."""

import logging
import sqlite3

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

log = logging.getLogger("riktning.ops")

# Seconds a browser or a load balancer is asked to wait before trying again.
RETRY_AFTER = 30


def _driver_errors() -> tuple[type[BaseException], ...]:
    """The drivers' own errors for a lost connection: the set-based store talks to the raw
    connection (indicators/store.py), so its errors are not always wrapped by Django."""
    errors: list[type[BaseException]] = [sqlite3.OperationalError, sqlite3.InterfaceError]
    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg is a dependency
        pass
    else:
        errors += [psycopg.OperationalError, psycopg.InterfaceError]
    return tuple(errors)


DRIVER_ERRORS = _driver_errors()


def is_database_outage(exc: BaseException | None) -> bool:
    """True for an error that means the database cannot be reached or dropped the connection
    (not for a programming error such as a broken query)."""
    while exc is not None:
        if isinstance(exc, (OperationalError, InterfaceError, *DRIVER_ERRORS)):
            return True
        if isinstance(exc, sqlite3.ProgrammingError) and "closed" in str(exc):
            return True  # SQLite's word for a connection that is gone
        exc = exc.__cause__ or exc.__context__
    return False


def outage_message() -> str:
    return _(
        "The database does not answer. Nothing was saved halfway: what you sent was either "
        "saved completely or not at all. Try again in a few minutes."
    )


def cli_outage_message(exc: BaseException) -> str:
    """For an operator at a terminal: what happened, and the driver's own words."""
    return _("Error: %(problem)s") % {"problem": outage_message()} + f" ({exc})"


def database_unavailable(request: HttpRequest | None = None) -> HttpResponse:
    """503 with a plain Swedish page; never touches the database."""
    body = render_to_string("503.html", {"message": outage_message()})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: the 503 page when the cause was the database, else the plain 500 page.
    Called by Django while it handles the exception, so sys.exc_info() holds it."""
    import sys

    from django.views.defaults import server_error as django_server_error

    if is_database_outage(sys.exc_info()[1]):
        return database_unavailable(request)
    return django_server_error(request)


# --- requests Riktning will not read -----------------------------------------------------------


def size_text(size: int) -> str:
    """A limit as a person reads it: "32 MB", "2,5 MB", "10 kB"."""
    if size >= 1024 * 1024:
        number = f"{size / (1024 * 1024):.1f}".removesuffix(".0")
        return _("%(n)s MB") % {"n": number.replace(".", ",")}
    return _("%(n)s kB") % {"n": max(1, round(size / 1024))}


def request_too_large(request: HttpRequest, *, what: str = "") -> HttpResponse:
    """413 with the site's page: what was too large, the limit, and that nothing was saved."""
    from django.conf import settings
    from django.contrib.auth.models import AnonymousUser
    from django.shortcuts import render

    if not hasattr(request, "user"):  # refused before the authentication middleware ran
        request.user = AnonymousUser()
    return render(
        request,
        "413.html",
        {
            "what": what
            or _("What you sent is larger than Riktning accepts (at most %(size)s).")
            % {"size": size_text(settings.RIKTNING_MAX_REQUEST_BYTES)},
        },
        status=413,
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler400. Django raises RequestDataTooBig, TooManyFieldsSent and TooManyFilesSent while
    it reads a form that is too large (before any view runs, so nothing is written); those get
    the 413 page saying which limit it was. Any other bad request gets the plain 400 page."""
    from django.conf import settings
    from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent

    if isinstance(exception, RequestDataTooBig):
        return request_too_large(
            request,
            what=_("The form's text is larger than Riktning accepts (at most %(size)s).")
            % {"size": size_text(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)},
        )
    if isinstance(exception, TooManyFieldsSent):
        return request_too_large(
            request,
            what=_("The form has more fields than Riktning accepts (at most %(n)s).")
            % {"n": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS},
        )
    if isinstance(exception, TooManyFilesSent):
        return request_too_large(
            request,
            what=_("The form has more files than Riktning accepts (at most %(n)s).")
            % {"n": settings.DATA_UPLOAD_MAX_NUMBER_FILES},
        )
    return HttpResponse(render_to_string("400.html"), status=400)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a form whose security token is missing or wrong (an old tab, a page
    kept open past the login's end, or a form sent from another site). Nothing was saved."""
    from django.middleware.csrf import REASON_NO_CSRF_COOKIE
    from django.shortcuts import render

    log.warning("CSRF refusal on %s %s: %s", request.method, request.path, reason)
    return render(
        request,
        "403_csrf.html",
        {"no_cookie": reason == REASON_NO_CSRF_COOKIE},
        status=403,
    )
