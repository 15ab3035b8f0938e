"""A measure's shown status: a pure function of what was recorded, the end date and "as of"."""

import datetime

from django.db.models import Q

from .constants import CLOSED_STATUSES, LATE


def effective_status(recorded: str, end_date: datetime.date | None, as_of: datetime.date) -> str:
    """The recorded status, or "late" when the end date has passed and the measure is neither
    done nor cancelled. The end date itself is still on time."""
    if recorded in CLOSED_STATUSES:
        return recorded
    if end_date is not None and end_date < as_of:
        return LATE
    return recorded


def late_filter(as_of: datetime.date, prefix: str = "") -> Q:
    """effective_status() as a filter on measures: the end date has passed and the measure is
    neither done nor cancelled. `prefix` reaches measures from another model ("measures__")."""
    return Q(**{f"{prefix}end_date__lt": as_of}) & ~Q(**{f"{prefix}status__in": CLOSED_STATUSES})
