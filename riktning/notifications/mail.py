"""The e-mails: Swedish, plain text and HTML, with the municipality's name and an absolute link
to the page (RIKTNING_BASE_URL). Sent by the worker only (tasks.py), never in a request."""

import smtplib
import socket
import threading
import time

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import override

from riktning.accounts.municipality import municipality_name

# What a refusing or silent mail server raises (smtplib's errors, refused or lost connections,
# time-outs): these are tried again; anything else is a fault of ours and fails the job.
MAIL_ERRORS = (smtplib.SMTPException, OSError)


# The municipality's name, asked once per MUNICIPALITY_TTL seconds by a worker rather than twice
# per e-mail (two queries of the few a job makes); forgotten at once when an organisation is
# saved in this process or the setting changes (tests).
MUNICIPALITY_TTL = 30.0
_municipality: dict[str, tuple[float, str]] = {}


def municipality() -> str:
    key = settings.RIKTNING_MUNICIPALITY_NAME
    cached = _municipality.get(key)
    if cached is None or cached[0] < time.monotonic():
        cached = (time.monotonic() + MUNICIPALITY_TTL, municipality_name())
        _municipality.clear()
        _municipality[key] = cached
    return cached[1]


def forget_municipality(**kwargs) -> None:
    _municipality.clear()


def absolute(path: str) -> str:
    return settings.RIKTNING_BASE_URL.rstrip("/") + path


def _message(user, subject: str, items: list, *, digest: bool) -> EmailMultiAlternatives:
    with override(settings.LANGUAGE_CODE):
        name = municipality()
        context = {
            "municipality": name,
            "items": [{"text": n.text, "url": absolute(n.path)} for n in items],
            "digest": digest,
            "settings_url": absolute(reverse("notification_settings")),
        }
        full_subject = _("%(subject)s – Riktning, %(municipality)s") % {
            "subject": subject,
            "municipality": name or "Riktning",
        }
        text = render_to_string("notifications/email/message.txt", context)
        html = render_to_string("notifications/email/message.html", context)
    message = EmailMultiAlternatives(
        full_subject.replace("\n", " "), text, settings.DEFAULT_FROM_EMAIL, [user.email]
    )
    message.attach_alternative(html, "text/html")
    return message


# A worker keeps its connection to the mail server between jobs while they follow each other
# (a new SMTP session per e-mail costs more than the rest of the job): closed after KEEP_OPEN
# seconds without an e-mail, after any error, and when the settings change (tests). One per job
# thread of the worker (riktning/ops/worker.py), so threads never share a connection.
KEEP_OPEN = 5.0
_local = threading.local()


def _kept() -> dict:
    if not hasattr(_local, "open"):
        _local.open = {}
    return _local.open


def forget_connection(**kwargs) -> None:
    _open = _kept()
    connection = _open.pop("connection", None)
    _open.pop("used", None)
    if connection is not None:
        try:
            connection.close()
        except Exception:  # closing a broken connection may fail; it is dropped anyway
            pass


def _send(message) -> None:
    """Send on the kept connection; one that broke while idle (the server hung up) is replaced
    once at once, and only an error on a fresh connection counts as the server's answer."""
    _open = _kept()
    if _open.get("used", 0) + KEEP_OPEN < time.monotonic():
        forget_connection()
    reused = "connection" in _open
    if not reused:
        connection = get_connection(fail_silently=False)
        connection.open()
        _open["connection"] = connection
    try:
        _open["connection"].send_messages([message])
    except MAIL_ERRORS:
        forget_connection()
        if not reused:
            raise
        _send(message)
        return
    _open["used"] = time.monotonic()


def send_one(notification) -> None:
    """Send one notification's e-mail; raises what the mail server's refusal raises."""
    _send(_message(notification.user, notification.subject, [notification], digest=False))


def send_digest(digest, notifications: list) -> None:
    with override(settings.LANGUAGE_CODE):
        subject = _("Your notifications of the day (%(count)s)") % {"count": len(notifications)}
    _send(_message(digest.user, subject, notifications, digest=True))


def _timed_out(error: BaseException | None) -> bool:
    """A time-out, also one smtplib reports as a lost connection."""
    while error is not None:
        if isinstance(error, socket.timeout | TimeoutError):
            return True
        error = error.__cause__ or error.__context__
    return False


def number_format(value: float) -> str:
    return formats.number_format(f"{value:g}")


def describe(error: Exception) -> str:
    """The mail server's refusal in words, for the coordinator's page."""
    with override(settings.LANGUAGE_CODE):
        if isinstance(error, smtplib.SMTPRecipientsRefused):
            codes = [
                f"{code} {text.decode(errors='replace')}"
                for code, text in error.recipients.values()
            ]
            return _("The mail server refused the recipient: %(reply)s") % {
                "reply": "; ".join(codes)
            }
        if isinstance(error, smtplib.SMTPResponseException):
            reply = error.smtp_error
            if isinstance(reply, bytes):
                reply = reply.decode(errors="replace")
            return _("The mail server refused the message: %(reply)s") % {
                "reply": f"{error.smtp_code} {reply}"
            }
        if _timed_out(error):
            return _("The mail server did not answer within %(seconds)s seconds.") % {
                "seconds": number_format(settings.EMAIL_TIMEOUT)
            }
        if isinstance(error, smtplib.SMTPException):
            return _("The mail server broke off: %(error)s") % {"error": error}
        return _("Could not reach the mail server: %(error)s") % {"error": error}
