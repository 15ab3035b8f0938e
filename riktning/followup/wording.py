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


# --- the gender-equality lens (gender.py) ---------------------------------------------------------


def _gap_size(value: float, unit: str, decimals: int) -> str:
    size = format_fixed(abs(value), max(decimals, 1))
    if is_share(unit):
        return _("%(size)s percentage points") % {"size": size}
    return f"{size} ({unit})" if unit else size


def lens_gap(lens) -> str:
    """The latest gap: “Girls are 8.7 percentage points below boys in 2021”, or ""."""
    if lens.latest is None:
        return ""
    period, value = lens.latest
    return gap_sentence(value, period, lens.unit, lens.decimals)


def lens_movement(lens) -> str:
    """One word or two for the table: widens, narrows, unchanged, too few periods."""
    return {
        progress.WIDENS: _("The gap widens"),
        progress.NARROWS: _("The gap narrows"),
        progress.UNCHANGED: _("The gap is unchanged"),
    }.get(lens.movement, _("Too few periods to compare"))


def lens_behind(lens) -> str:
    from .gender import BOYS, GIRLS

    return {GIRLS: pgettext("behind", "girls"), BOYS: pgettext("behind", "boys")}.get(
        lens.behind, ""
    )


def lens_change(lens, periods: bool = True) -> str:
    """The change of the gap's size: “+0,3 procentenheter (2023–2025)” (without the periods
    where a column names them), or “–”."""
    if lens.change is None:
        return "–"
    sign = "+" if lens.change > 0 else "\u2212" if lens.change < 0 else "±"
    size = _gap_size(lens.change, lens.unit, lens.decimals)
    if not periods:
        return f"{sign}{size}"
    return f"{sign}{size} ({lens.earlier[0]}–{lens.latest[0]})"


def lens_text(lens) -> str:
    """The whole story in one or two sentences, e.g. “Girls are 8.7 percentage points below boys
    in 2021; in 2012 the difference was 6.0 percentage points: the gap widens, to the girls'
    disadvantage.”"""
    from .gender import LEVELLING_DOWN

    if lens.latest is None:
        return str(_("No values for both girls and boys."))
    text = lens_gap(lens)
    if lens.earlier is None:
        return text + ". " + _("There is only one period with values for both girls and boys.")
    values = {
        "year": lens.earlier[0],
        "gap": _gap_size(lens.earlier[1], lens.unit, lens.decimals),
        "who": lens_behind(lens),
    }
    text += "; " + _("in %(year)s the difference was %(gap)s") % values
    if lens.movement == progress.WIDENS:
        text += ": " + (
            _("the gap widens, to the %(who)s' disadvantage") % values
            if values["who"]
            else _("the gap widens")
        )
    elif lens.movement == progress.NARROWS:
        text += ": " + _("the gap narrows")
    else:
        text += ": " + _("the gap is unchanged")
    text += "."
    if lens.flipped:
        text += " " + _("The other sex was ahead at the start of the period.")
    if lens.judgement == LEVELLING_DOWN:
        text += " " + _(
            "It narrows because the values of those who were ahead moved in the wrong "
            "direction, not because those behind caught up."
        )
    return text
