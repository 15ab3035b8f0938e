"""“Hur går det?”: a version's follow-up at a glance for the public front page — per area how many
indicators are in each status, and per goal a small trend of its first indicator with values.

`version_glance` is the one function the front page calls, so a richer status service can take
its place. It reads through `rollup.version_followup` (a fixed number of queries per version,
whatever the number of indicators and observations). The trend is drawn server-side as SVG
geometry (points in a viewBox) for the template: no script, nothing inline the CSP forbids.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from riktning.indicators.formatting import format_number

from . import progress, rollup
from .constants import ProgressStatus
from .wording import status_icon, status_label

# The sparkline's viewBox.
WIDTH = 240
HEIGHT = 56
PAD = 4

STATUS_ORDER = [s.value for s in ProgressStatus]


@dataclass
class StatusCount:
    status: str
    count: int

    @property
    def label(self) -> str:
        return status_label(self.status)

    @property
    def icon(self) -> str:
        return status_icon(self.status)


@dataclass
class Sparkline:
    """One series as a polyline in a WIDTH × HEIGHT viewBox, with its words."""

    indicator: str
    unit: str
    years: list[int]
    values: list[float]
    points: str  # "x,y x,y …" for <polyline points>
    last_x: float
    last_y: float
    baseline_y: float | None  # the zero line, when the axis starts at zero
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def first_year(self) -> int:
        return self.years[0]

    @property
    def last_year(self) -> int:
        return self.years[-1]

    @property
    def name(self) -> str:
        """The indicator with its unit, e.g. “Andel … – andel (%)”."""
        return f"{self.indicator} – {self.unit}" if self.unit else self.indicator

    @property
    def summary(self) -> str:
        """The first and the latest value, e.g. “72,5 (2015) → 76,6 (2025)”."""
        return (
            f"{format_number(self.values[0])} ({self.years[0]}) → "
            f"{format_number(self.values[-1])} ({self.years[-1]})"
        )

    @property
    def text(self) -> str:
        """The chart in words (its text alternative): every value, in order."""
        values = ", ".join(
            f"{year}: {format_number(value)}"
            for year, value in zip(self.years, self.values, strict=True)
        )
        return _("Trend of %(indicator)s: %(values)s.") % {"indicator": self.name, "values": values}


@dataclass
class GoalGlance:
    goal: object  # strategy.Goal
    status: str
    trend: Sparkline | None
    row: object = None  # the roll-up's GoalStatus, for what its mean could hide


@dataclass
class AreaGlance:
    area: object  # strategy.DevelopmentArea
    status: str
    indicator_count: int
    counts: list[StatusCount]
    goals: list[GoalGlance] = field(default_factory=list)
    row: object = None  # the roll-up's AreaStatus, for what its mean could hide


@dataclass
class VersionGlance:
    version: object
    areas: list[AreaGlance]
    counts: list[StatusCount]
    example: bool

    @property
    def indicator_count(self) -> int:
        return sum(c.count for c in self.counts)


def sparkline(indicator: str, unit: str, years: list[int], values: list) -> Sparkline | None:
    """A series as a sparkline; None with fewer than two values. The axis starts at zero when
    every value is zero or more (counts and shares), so a small change does not look large."""
    points = [(y, float(v)) for y, v in zip(years, values, strict=True) if v is not None]
    if len(points) < 2:
        return None
    low = min(v for _, v in points)
    high = max(v for _, v in points)
    if low >= 0:
        low = 0.0
    if high == low:
        high = low + 1
    first, last = points[0][0], points[-1][0]
    span = max(last - first, 1)

    def x(year: int) -> float:
        return round(PAD + (WIDTH - 2 * PAD) * (year - first) / span, 1)

    def y(value: float) -> float:
        return round(HEIGHT - PAD - (HEIGHT - 2 * PAD) * (value - low) / (high - low), 1)

    coords = [(x(year), y(value)) for year, value in points]
    return Sparkline(
        indicator=indicator,
        unit=unit,
        years=[p[0] for p in points],
        values=[p[1] for p in points],
        points=" ".join(f"{cx:g},{cy:g}" for cx, cy in coords),
        last_x=coords[-1][0],
        last_y=coords[-1][1],
        baseline_y=y(0.0) if low == 0 else None,
    )


def _counts(statuses) -> list[StatusCount]:
    counter = Counter(s if s in STATUS_ORDER else progress.NOT_AVAILABLE for s in statuses)
    return [StatusCount(s, counter[s]) for s in STATUS_ORDER if counter[s]]


def _goal_trend(goal_status) -> Sparkline | None:
    for item in goal_status.indicators:
        headline = item.headline
        if headline is None:
            continue
        line = sparkline(
            str(item.indicator.title), item.indicator.unit, headline.years, headline.values
        )
        if line is not None:
            return line
    return None


def version_glance(version) -> VersionGlance:
    """Per area of `version`: its status, how many indicators are in each status, and each goal
    with its status and the trend of its first indicator with at least two values."""
    followup = rollup.version_followup(version)
    areas = []
    for area_status in followup.areas:
        indicators = [i for g in area_status.goals for i in g.indicators]
        areas.append(
            AreaGlance(
                area=area_status.area,
                status=area_status.status,
                indicator_count=len(indicators),
                counts=_counts(i.status for i in indicators),
                goals=[GoalGlance(g.goal, g.status, _goal_trend(g), g) for g in area_status.goals],
                row=area_status,
            )
        )
    every = [i.status for a in followup.areas for g in a.goals for i in g.indicators]
    return VersionGlance(version, areas, _counts(every), followup.any_example)
