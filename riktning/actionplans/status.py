"""A measure's shown status: a pure function of what was recorded, the end date and "as of"."""

import datetime

from .constants import CLOSED_STATUSES, LATE


def effective_status(recorded: str, end_date: datetime.date | None, as_of: datetime.date) -> str:
    """The recorded status, or "late" when the end date has passed and the measure is neither
    done nor cancelled. The end date itself is still on time."""
    if recorded in CLOSED_STATUSES:
        return recorded
    if end_date is not None and end_date < as_of:
        return LATE
    return recorded
