"""The API's refusals in words: what was wrong with which parameter, in Swedish (or English when
chosen), from pydantic's error types. One place, so every endpoint says it the same way."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from . import schemas


class CsrfRefused(Exception):
    """A logged-in person's write without Django's CSRF token (403)."""


# Where ninja says a value came from, and the parameter names of our views: not field names.
_WHERE = {"body", "query", "path", "payload", "filters"}


def _field(error: dict) -> str:
    return ".".join(str(part) for part in error.get("loc", ()) if part not in _WHERE)


def _message(error: dict) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("Missing.")
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _("Must be a whole number.")
    if kind in ("greater_than_equal", "greater_than"):
        return _("Must be at least %(limit)s.") % {"limit": ctx.get("ge", ctx.get("gt"))}
    if kind in ("less_than_equal", "less_than"):
        return _("Must be at most %(limit)s.") % {"limit": ctx.get("le", ctx.get("lt"))}
    if kind.startswith("date") or kind.startswith("datetime"):
        return _("Must be a date written YYYY-MM-DD.")
    if kind == "literal_error":  # pydantic lists the choices as "'T', 'K' or 'M'"
        last = pgettext("last of a list", "or")
        choices = str(ctx.get("expected", "")).replace(" or ", f" {last} ")
        return _("Must be one of %(choices)s.") % {"choices": choices}
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == schemas.AREA_CODE:
            return _("Must be an area code: letters and digits, at most 20.")
        if ctx.get("pattern") == schemas.NO_NUL:
            return _("Must not contain the NUL character.")
        return _("Has characters that are not allowed here.")
    if kind == "string_type":
        return _("Must be text.")
    if kind in ("model_attributes_type", "dict_type", "model_type"):
        return _("Must be a JSON object.")
    return _("Missing or of the wrong type.")


def parameter_problems(errors: list[dict]) -> list[dict]:
    """pydantic's errors → [{"field", "message"}], each naming the parameter and the problem."""
    return [{"field": _field(error), "message": _message(error)} for error in errors]
