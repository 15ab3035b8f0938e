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
