"""The one date rule of the domain (pure: no database). A date or year someone enters for the
strategy's work (an activity's years, a measure's start and end, a status report's date) must lie
in a plausible window around the strategy's period: from ten years before its first year to ten
years after its last (1990–2100 when the period is not known); a status report's date also not
after today. So a status row dated 9999-12-31 cannot pin a measure's status for ever, and an
activity from year 0 to 99999 is refused, with a message naming the value and the window.

Used by the models' clean() (activities.Activity, actionplans.Measure and MeasureStatusUpdate),
so every way in (forms, the API, the command line, imports) meets the same rule."""

import datetime

from django.utils.translation import gettext as _

MARGIN = 10  # years before and after the strategy's period
DEFAULT_WINDOW = (1990, 2100)  # when the period is not known


def window(valid_from: int | None, valid_to: int | None) -> tuple[int, int]:
    """The first and last plausible year around a period (either end may be unknown)."""
    if not valid_from and not valid_to:
        return DEFAULT_WINDOW
    first = (valid_from or valid_to) - MARGIN
    last = (valid_to or valid_from) + MARGIN
    return first, last


def window_of(version) -> tuple[int, int]:
    """The window of a strategy version: its own period, else its document's, else the default."""
    if version is None:
        return DEFAULT_WINDOW
    if version.valid_from or version.valid_to:
        return window(version.valid_from, version.valid_to)
    document = getattr(version, "document", None)
    if document is not None:
        return window(document.valid_from, document.valid_to)
    return DEFAULT_WINDOW


def year_problem(year: int | None, plausible: tuple[int, int]) -> str | None:
    """Why `year` is refused, or None (an empty year is for the field's own rule)."""
    if year is None:
        return None
    first, last = plausible
    if not first <= year <= last:
        return _(
            "The year %(year)s is outside the plausible years %(first)s–%(last)s around the "
            "strategy's period."
        ) % {"year": year, "first": first, "last": last}
    return None


def date_problem(
    date: datetime.date | None,
    plausible: tuple[int, int],
    *,
    today: datetime.date | None = None,
) -> str | None:
    """Why `date` is refused, or None. With `today`, a date after it is refused too (a status
    report describes what has happened)."""
    if date is None:
        return None
    first, last = plausible
    if not first <= date.year <= last:
        return _(
            "The date %(date)s is outside the plausible years %(first)s–%(last)s around the "
            "strategy's period."
        ) % {"date": date.isoformat(), "first": first, "last": last}
    if today is not None and date > today:
        return _("A status date cannot be after today (%(today)s): %(date)s.") % {
            "today": today.isoformat(),
            "date": date.isoformat(),
        }
    return None
