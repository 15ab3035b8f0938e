"""The progress engine: pure functions from an indicator series to a status and its reason.

No database access: years and values in, a result out. The method is Open SDG's (Statistics
Canada's growth-rate method) as sdg-build's `sdg/ProgressMeasure.py` implements it; the formulas,
thresholds and the few places where Riktning goes beyond it are documented in docs/followup.md.

`assess_series` is the readable reference and what the roll-up uses. The national-scale benchmark
(`bench/followup_batch.py`) assesses many series at once with the same formulas (a test checks
that both give identical results).
"""

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from django.utils.translation import gettext as _

from riktning.indicators.formatting import format_number

# --- the statuses, best first ------------------------------------------------------------------

TARGET_ACHIEVED = "target_achieved"
SUBSTANTIAL_PROGRESS = "substantial_progress"
MODERATE_PROGRESS = "moderate_progress"
LIMITED_PROGRESS = "limited_progress"
DETERIORATION = "deterioration"
NOT_AVAILABLE = "not_available"
STATUSES = (
    TARGET_ACHIEVED,
    SUBSTANTIAL_PROGRESS,
    MODERATE_PROGRESS,
    LIMITED_PROGRESS,
    DETERIORATION,
    NOT_AVAILABLE,
)

INCREASE = "increase"
DECREASE = "decrease"

# sdg-build's default thresholds. Without a target: the observed yearly growth rate (CAGR);
# with a target: the ratio of the observed rate to the rate the target needs.
GROWTH_THRESHOLDS = {"high": 0.015, "med": 0.005, "low": 0.0}
RATIO_THRESHOLDS = {"high": 0.95, "med": 0.6, "low": 0.0}
# Exponent of the threshold scaling near a natural limit (sdg-build's `a`).
LIMIT_EXPONENT = 4.44
# A base value or target of 0 would divide by zero: sdg-build computes with 0.001 instead.
ZERO_SUBSTITUTE = 0.001

# Why a series has no status (Assessment.problem).
NO_DIRECTION = "no_direction"
NO_DATA = "no_data"
NO_BASE_DATA = "no_base_data"
TOO_FEW_YEARS = "too_few_years"
DUPLICATE_YEARS = "duplicate_years"
DIFFERING_SIGNS = "differing_signs"
TARGET_SIGN = "target_sign"
NO_TARGET_YEAR = "no_target_year"
TARGET_YEAR_NOT_AFTER_BASE = "target_year_not_after_base"
# Not a problem, but a case sdg-build does not handle (it divides by zero): the target equals
# the base value, so any move away from it in the wrong direction is a deterioration.
TARGET_EQUALS_BASE = "target_equals_base"


@dataclass(frozen=True)
class Assessment:
    """The progress of one series. `reason` is built when read, in the active language."""

    status: str
    value: float | None = None  # the growth rate (no target) or the ratio (with target)
    score: float | None = None  # −5…5
    direction: str = ""
    base_year: int | None = None
    base_value: float | None = None
    current_year: int | None = None
    current_value: float | None = None
    target: float | None = None
    target_year: int | None = None
    limit: float | None = None
    observed_rate: float | None = None
    required_rate: float | None = None
    problem: str = ""
    asked_base_year: int | None = None
    # The base year's value was the only one from the base year on, so the change is measured from
    # the value before it (assess_from_previous).
    earlier_base: bool = False

    @property
    def has_target(self) -> bool:
        return self.target is not None

    @property
    def reason(self) -> str:
        return explain(self)


def direction_sign(direction: str) -> int:
    return 1 if direction == INCREASE else -1


def growth_rate(current: float, base: float, current_year: int, base_year: int) -> float:
    """Compound annual growth rate from base to current (sdg-build's growth_calculation)."""
    return ((current / base) ** (1 / (current_year - base_year))) - 1


def limit_coefficient(base_value: float, limit: float) -> float:
    """How much the growth thresholds shrink near a natural limit (1 = not at all, 0 = at it)."""
    base_value, limit = abs(base_value), abs(limit)
    if base_value >= 2 * limit:
        return 1.0
    if base_value <= limit:
        return 1 - (base_value / limit) ** LIMIT_EXPONENT
    return 1 - ((2 * limit - base_value) / limit) ** LIMIT_EXPONENT


def status_from_value(value: float, high: float, med: float, low: float) -> str:
    if value >= high:
        return SUBSTANTIAL_PROGRESS
    if value >= med:
        return MODERATE_PROGRESS
    if value >= low:
        return LIMITED_PROGRESS
    return DETERIORATION


def growth_score(value: float, coefficient: float, low: float, med: float, high: float) -> float:
    """sdg-build's score without a target: piecewise linear, 2.5 at the high threshold, 0 at the
    medium one, −2.5 at 0, −5 at a yearly fall of 2 % (all relative to the scaled thresholds)."""
    if value < low:
        return max(125 * value - 2.5, -5)
    if coefficient == 0:
        return 5
    if value >= high:
        return min(500 * value / coefficient - 5, 5)
    if value >= med:
        return 250 * value / coefficient - 1.25
    return 500 * value / coefficient - 2.5


def ratio_score(value: float) -> float:
    """sdg-build's score with a target: 2.5 at a ratio of 0.95, 0 at 0.6, −2.5 at 0."""
    if value >= RATIO_THRESHOLDS["med"]:
        return min((7.1429 * value) - 4.2857, 5)
    return max((4.1667 * value) - 2.5, -5)


def _clean(years: Sequence[int], values: Sequence[float | None]) -> list[tuple[int, float]]:
    if len(years) != len(values):
        raise ValueError("years and values must have the same length")
    points = []
    for year, value in zip(years, values, strict=True):
        if value is None:
            continue
        value = float(value)
        if math.isfinite(value):
            points.append((int(year), value))
    points.sort()
    return points


def assess_series(
    years: Sequence[int],
    values: Sequence[float | None],
    *,
    direction: str,
    base_year: int | None = None,
    target: float | None = None,
    target_year: int | None = None,
    limit: float | None = None,
) -> Assessment:
    """Open SDG's progress status of one series. Never raises on odd data: a series that cannot
    be assessed gets `not_available` and a reason. Missing values are None (or NaN)."""
    target = None if target is None else float(target)
    limit = None if limit is None else float(limit)
    common = {
        "direction": direction,
        "target": target,
        "target_year": target_year,
        "limit": limit,
        "asked_base_year": base_year,
    }
    if direction not in (INCREASE, DECREASE):
        return Assessment(NOT_AVAILABLE, problem=NO_DIRECTION, **common)
    points = _clean(years, values)
    if not points:
        return Assessment(NOT_AVAILABLE, problem=NO_DATA, **common)
    if len({year for year, _v in points}) != len(points):
        return Assessment(NOT_AVAILABLE, problem=DUPLICATE_YEARS, **common)
    d = direction_sign(direction)
    current_year, current_value = points[-1]
    # The base year: as asked if it has a value, else the next year that has one.
    later = [p for p in points if base_year is None or p[0] >= base_year]
    if not later:
        return Assessment(
            NOT_AVAILABLE,
            problem=NO_BASE_DATA,
            current_year=current_year,
            current_value=current_value,
            **common,
        )
    found_base_year, base_value = later[0]
    common |= {
        "base_year": found_base_year,
        "base_value": base_value,
        "current_year": current_year,
        "current_value": current_value,
    }
    if target == 0:
        target = ZERO_SUBSTITUTE
        common["target"] = target
    achieved = target is not None and (
        (d == -1 and current_value <= target) or (d == 1 and current_value >= target)
    )
    sign = -1 if base_value < 0 else 1

    def finish(value=None, problem="", **extra) -> Assessment:
        # A target already met is reported as met, whatever else the series shows (sdg-build).
        if achieved:
            return Assessment(TARGET_ACHIEVED, value, 5, problem=problem, **common, **extra)
        return Assessment(NOT_AVAILABLE, problem=problem, **common, **extra)

    if current_year - found_base_year < 1:
        return finish(problem=TOO_FEW_YEARS)
    base = ZERO_SUBSTITUTE if base_value == 0 else base_value
    if (base > 0 and current_value < 0) or (base < 0 and current_value > 0):
        return finish(problem=DIFFERING_SIGNS)
    observed = growth_rate(current_value, base, current_year, found_base_year)

    if target is None:
        coefficient = 1.0 if limit is None else limit_coefficient(base_value, limit)
        high = GROWTH_THRESHOLDS["high"] * coefficient
        med = GROWTH_THRESHOLDS["med"] * coefficient
        low = GROWTH_THRESHOLDS["low"] * coefficient
        value = sign * d * observed
        return Assessment(
            status_from_value(value, high, med, low),
            value,
            growth_score(value, coefficient, low, med, high),
            observed_rate=observed,
            **common,
        )

    if target_year is None:
        return finish(problem=NO_TARGET_YEAR, observed_rate=observed)
    if target_year <= found_base_year:
        return finish(problem=TARGET_YEAR_NOT_AFTER_BASE, observed_rate=observed)
    if (base > 0 and target < 0) or (base < 0 and target > 0):
        return finish(problem=TARGET_SIGN, observed_rate=observed)
    required = growth_rate(target, base, target_year, found_base_year)
    if achieved:
        return finish(sign * d * observed / abs(required) if required else None)
    if required == 0:
        return Assessment(
            DETERIORATION,
            None,
            -5,
            problem=TARGET_EQUALS_BASE,
            observed_rate=observed,
            required_rate=required,
            **common,
        )
    value = sign * d * observed / abs(required)
    return Assessment(
        status_from_value(value, **RATIO_THRESHOLDS),
        value,
        ratio_score(value),
        observed_rate=observed,
        required_rate=required,
        **common,
    )


def assess_from_previous(
    years: Sequence[int],
    values: Sequence[float | None],
    *,
    direction: str,
    base_year: int | None = None,
    target: float | None = None,
    target_year: int | None = None,
    limit: float | None = None,
) -> Assessment:
    """`assess_series`, except when the base year's value is the only one from the base year on
    while earlier values exist (a survey whose latest round is the baseline): then the change is
    measured from the latest earlier value, and the reason says so. A chart with values never shows
    "not available" for lack of a second year when the series has one."""
    params = {"direction": direction, "target": target, "target_year": target_year, "limit": limit}
    first = assess_series(years, values, base_year=base_year, **params)
    if first.problem != TOO_FEW_YEARS or first.status != NOT_AVAILABLE:
        return first
    earlier = [year for year, _v in _clean(years, values) if year < (first.base_year or 0)]
    if not earlier:
        return first
    second = assess_series(years, values, base_year=earlier[-1], **params)
    if second.status == NOT_AVAILABLE and second.problem == TOO_FEW_YEARS:
        return first
    return replace(second, asked_base_year=base_year, earlier_base=True)


# --- over several series ------------------------------------------------------------------------


def status_from_score(score: float | None, target_achieved: bool = False) -> str:
    """sdg-build's get_progress_status_from_score: the status a mean score stands for."""
    if target_achieved:
        return TARGET_ACHIEVED
    if score is None:
        return NOT_AVAILABLE
    if score >= 2.5:
        return SUBSTANTIAL_PROGRESS
    if score >= 0:
        return MODERATE_PROGRESS
    if score >= -2.5:
        return LIMITED_PROGRESS
    return DETERIORATION


@dataclass(frozen=True)
class Combined:
    status: str
    score: float | None
    assessed: int  # how many series had a score
    total: int


def combine(assessments: Iterable[Assessment]) -> Combined:
    """An indicator's status from its series (sdg-build's IndicatorProgress): the mean of the
    scores that exist; target achieved only when every scored series has achieved it."""
    assessments = list(assessments)
    scored = [a for a in assessments if a.score is not None]
    if not scored:
        return Combined(NOT_AVAILABLE, None, 0, len(assessments))
    score = sum(a.score for a in scored) / len(scored)
    achieved = all(a.status == TARGET_ACHIEVED for a in scored)
    return Combined(status_from_score(score, achieved), score, len(scored), len(assessments))


def combine_scores(scores: Iterable[float | None], all_achieved: bool = False) -> Combined:
    """The same rule for a goal (its indicators' scores) or an area (its goals' scores)."""
    scores = list(scores)
    present = [s for s in scores if s is not None]
    if not present:
        return Combined(NOT_AVAILABLE, None, 0, len(scores))
    score = sum(present) / len(present)
    return Combined(status_from_score(score, all_achieved), score, len(present), len(scores))


# --- direction, gender gap, comparison ------------------------------------------------------------

BETTER = "better"
WORSE = "worse"
UNCHANGED = "unchanged"
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Change:
    """A move from one value to another, judged against the desired direction."""

    from_year: int | None = None
    from_value: float | None = None
    to_year: int | None = None
    to_value: float | None = None

    @property
    def difference(self) -> float | None:
        if self.from_value is None or self.to_value is None:
            return None
        return self.to_value - self.from_value

    @property
    def movement(self) -> str:
        """up, down, flat or unknown: the arrow, whatever is desired."""
        diff = self.difference
        if diff is None:
            return UNKNOWN
        return "up" if diff > 0 else "down" if diff < 0 else "flat"

    def judged(self, direction: str) -> str:
        diff = self.difference
        if diff is None or direction not in (INCREASE, DECREASE):
            return UNKNOWN
        if diff == 0:
            return UNCHANGED
        return BETTER if (diff > 0) == (direction == INCREASE) else WORSE


@dataclass(frozen=True)
class Trend:
    direction: str
    since_base: Change = field(default_factory=Change)
    since_previous: Change = field(default_factory=Change)

    @property
    def since_base_judgement(self) -> str:
        return self.since_base.judged(self.direction)

    @property
    def since_previous_judgement(self) -> str:
        return self.since_previous.judged(self.direction)


def trend(
    years: Sequence[int],
    values: Sequence[float | None],
    *,
    direction: str,
    base_year: int | None = None,
) -> Trend:
    """The change since the base year (or the next year with a value) and since the previous
    value, each judged against the desired direction."""
    points = _clean(years, values)
    if not points:
        return Trend(direction)
    current_year, current_value = points[-1]
    later = [p for p in points if base_year is None or p[0] >= base_year]
    since_base = Change()
    if later and later[0][0] < current_year:
        since_base = Change(*later[0], current_year, current_value)
    since_previous = Change()
    if len(points) >= 2:
        since_previous = Change(*points[-2], current_year, current_value)
    return Trend(direction, since_base, since_previous)


NARROWS = "narrows"
WIDENS = "widens"


@dataclass(frozen=True)
class GenderGap:
    """Girls − boys per year (where both have a value), and whether the gap narrows."""

    gaps: list[tuple[int, float]]
    base_year: int | None = None

    @property
    def first(self) -> tuple[int, float] | None:
        later = [g for g in self.gaps if self.base_year is None or g[0] >= self.base_year]
        return later[0] if later else None

    @property
    def latest(self) -> tuple[int, float] | None:
        return self.gaps[-1] if self.gaps else None

    @property
    def change(self) -> str:
        first, latest = self.first, self.latest
        if first is None or latest is None or first[0] == latest[0]:
            return UNKNOWN
        if abs(latest[1]) < abs(first[1]):
            return NARROWS
        if abs(latest[1]) > abs(first[1]):
            return WIDENS
        return UNCHANGED


def gender_gap(
    years: Sequence[int],
    girls: Sequence[float | None],
    boys: Sequence[float | None],
    *,
    base_year: int | None = None,
) -> GenderGap:
    girls_by_year = dict(_clean(years, girls))
    boys_by_year = dict(_clean(years, boys))
    gaps = [
        (year, girls_by_year[year] - boys_by_year[year])
        for year in sorted(girls_by_year.keys() & boys_by_year.keys())
    ]
    return GenderGap(gaps, base_year)


ABOVE = "above"
BELOW = "below"
EQUAL = "equal"


@dataclass(frozen=True)
class Comparison:
    """The home value against one comparison area in the same year."""

    area: str
    value: float | None
    difference: float | None  # home − area
    position: str  # above, below, equal, unknown
    judgement: str  # better, worse, unchanged (= equal), unknown


def compare(
    home_value: float | None,
    others: Mapping[str, float | None],
    *,
    direction: str,
) -> list[Comparison]:
    """Where the home municipality stands against each comparison area (same year)."""
    result = []
    for area, value in others.items():
        if home_value is None or value is None:
            result.append(Comparison(area, value, None, UNKNOWN, UNKNOWN))
            continue
        diff = home_value - value
        position = ABOVE if diff > 0 else BELOW if diff < 0 else EQUAL
        judgement = Change(0, value, 0, home_value).judged(direction)
        result.append(Comparison(area, value, diff, position, judgement))
    return result


# --- the reason, in words -------------------------------------------------------------------------


def format_percent(rate: float) -> str:
    return _("%(number)s %%") % {"number": format_number(rate * 100, 1)}


def _direction_words(direction: str) -> str:
    return _("higher is better") if direction == INCREASE else _("lower is better")


def explain(a: Assessment) -> str:
    """One plain sentence naming the years and values the status rests on."""
    if a.problem == NO_DIRECTION:
        return _("No status: the indicator has no desired direction.")
    if a.problem == NO_DATA:
        return _("No status: there are no values.")
    if a.problem == DUPLICATE_YEARS:
        return _("No status: some year has more than one value.")
    if a.problem == NO_BASE_DATA:
        return _(
            "No status: there is no value from the base year %(base_year)s or later "
            "(the latest value is from %(year)s)."
        ) % {"base_year": a.asked_base_year, "year": a.current_year}
    values = {
        "base_year": a.base_year,
        "base_value": format_number(a.base_value) if a.base_value is not None else "",
        "year": a.current_year,
        "value": format_number(a.current_value) if a.current_value is not None else "",
        "target": format_number(a.target) if a.target is not None else "",
        "target_year": a.target_year,
        "desired": _direction_words(a.direction),
    }
    fallback = ""
    if a.earlier_base:
        fallback = " " + _(
            "There is no value after the base year %(asked)s yet, so the change is measured "
            "from the value before it (%(base_year)s)."
        ) % {"asked": a.asked_base_year, "base_year": a.base_year}
    elif a.asked_base_year is not None and a.base_year != a.asked_base_year:
        fallback = " " + _(
            "The base year %(asked)s has no value, so the next year with one is used."
        ) % {"asked": a.asked_base_year}
    if a.status == TARGET_ACHIEVED:
        return (
            _("The target %(target)s is met: the value was %(value)s in %(year)s (%(desired)s).")
            % values
        )
    if a.problem == TOO_FEW_YEARS:
        return (
            _(
                "No status: only one value from the base year on (%(value)s in %(year)s); "
                "at least two years are needed."
            )
            % values
            + fallback
        )
    if a.problem == DIFFERING_SIGNS:
        return (
            _(
                "No status: the value went from %(base_value)s in %(base_year)s to %(value)s in "
                "%(year)s, and a growth rate cannot be computed across zero."
            )
            % values
        )
    if a.problem == TARGET_SIGN:
        return (
            _(
                "No status: the target %(target)s and the value %(base_value)s in %(base_year)s "
                "lie on different sides of zero."
            )
            % values
        )
    if a.problem == NO_TARGET_YEAR:
        return (
            _(
                "No status: the target %(target)s has no target year "
                "(the value was %(value)s in %(year)s)."
            )
            % values
        )
    if a.problem == TARGET_YEAR_NOT_AFTER_BASE:
        return (
            _(
                "No status: the target year %(target_year)s is not after the base year "
                "%(base_year)s."
            )
            % values
        )
    values["rate"] = format_percent(a.observed_rate or 0.0)
    change = (
        _(
            "From %(base_value)s in %(base_year)s to %(value)s in %(year)s: %(rate)s a year "
            "on average (%(desired)s)."
        )
        % values
    )
    if a.problem == TARGET_EQUALS_BASE:
        return (
            change
            + " "
            + _("The target %(target)s by %(target_year)s equals the base value.") % values
            + fallback
        )
    if a.has_target:
        values["required"] = format_percent(a.required_rate or 0.0)
        values["ratio"] = format_number((a.value or 0.0) * 100, 0)
        return (
            change
            + " "
            + _(
                "Reaching the target %(target)s by %(target_year)s needs %(required)s a year; "
                "the pace so far is %(ratio)s %% of that."
            )
            % values
            + fallback
        )
    return change + fallback
