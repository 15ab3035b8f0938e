"""Words for the follow-up: statuses, trends, gender gaps and comparisons as plain sentences
(never colour alone), one wording for the pages (the template tags in
web/templatetags/followup_tags.py), the frozen snapshot and the reports. The numbers come from
progress.py; only wording is here."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from riktning.indicators.formatting import format_fixed, format_number, gap_sentence, is_share

from . import progress
from . import status as vocabulary
from .constants import MOVEMENT_ARROWS

# The status words and symbols: one vocabulary (status.py) everywhere.
status_label = vocabulary.label
status_icon = vocabulary.symbol


def arrow(change) -> str:
    return MOVEMENT_ARROWS.get(change.movement if change else progress.UNKNOWN, "–")


def number(value) -> str:
    return format_number(value)


def _movement(change) -> str:
    return {
        "up": _("rising"),
        "down": _("falling"),
        "flat": pgettext("trend", "unchanged"),
    }.get(change.movement, "")


def _judgement(judgement: str) -> str:
    return {
        progress.BETTER: _("in the desired direction"),
        progress.WORSE: _("in the wrong direction"),
        progress.UNCHANGED: _("no change"),
    }.get(judgement, "")


def change_text(change, direction: str, previous: bool = False) -> str:
    """E.g. “Since 2021: rising from 74 to 76.2, in the desired direction.”"""
    if change is None or change.difference is None:
        return _("Too few values to show a change.")
    values = {
        "year": change.from_year,
        "movement": _movement(change),
        "from": format_number(change.from_value),
        "to": format_number(change.to_value),
        "judgement": _judgement(change.judged(direction)),
    }
    if previous:
        return (
            _(
                "Since the previous value (%(year)s): %(movement)s from %(from)s to %(to)s, "
                "%(judgement)s."
            )
            % values
        )
    return _("Since %(year)s: %(movement)s from %(from)s to %(to)s, %(judgement)s.") % values


def gap_text(gap, unit: str = "", decimals: int = 1) -> str:
    """In the indicator's unit, e.g. “Girls are 5.0 percentage points above boys in 2025; in 2021
    the difference was 6.2 percentage points: the gap narrows.” (never “5 in 2025”, which reads as
    years in Swedish)."""
    if gap is None or gap.latest is None:
        return _("No values for both girls and boys.")
    year, value = gap.latest
    text = gap_sentence(value, year, unit, decimals)
    first = gap.first
    change = {
        progress.NARROWS: _("the gap narrows"),
        progress.WIDENS: _("the gap widens"),
        progress.UNCHANGED: _("the gap is unchanged"),
    }.get(gap.change)
    if first is None or change is None:
        return text + "."
    size = format_fixed(abs(first[1]), max(decimals, 1))
    if is_share(unit):
        size = _("%(size)s percentage points") % {"size": size}
    return (
        text
        + "; "
        + _("in %(year)s the difference was %(gap)s: %(change)s.")
        % {"gap": size, "year": first[0], "change": change}
    )


def comparison_text(row, home_name: str) -> str:
    """E.g. “Region Skåne 76.5: Trelleborg is 2.5 lower (worse).”"""
    c = row.comparison
    if c.difference is None:
        return _("%(area)s: no value for the same year.") % {"area": row.name}
    values = {
        "area": row.name,
        "value": format_number(c.value),
        "home": home_name,
        "difference": format_number(abs(c.difference)),
    }
    if c.position == progress.ABOVE:
        text = _("%(area)s %(value)s: %(home)s is %(difference)s higher") % values
    elif c.position == progress.BELOW:
        text = _("%(area)s %(value)s: %(home)s is %(difference)s lower") % values
    else:
        text = _("%(area)s %(value)s: %(home)s is the same") % values
    judgement = {progress.BETTER: _("better"), progress.WORSE: _("worse")}.get(c.judgement)
    return f"{text} ({judgement})." if judgement else f"{text}."
