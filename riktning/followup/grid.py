"""Status at a glance: the grid of areas × goals × indicators with each indicator's status
(symbol and word), latest value, trend sparkline, girls/boys gap and the sentences behind it, and
each goal's and area's summary (status.py). Built from the roll-up, with no queries of its own;
`status_grid` reads the roll-up of a version, an area or a goal."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from riktning.indicators.formatting import format_number, gap_sentence, starts_at_zero

from . import wording
from .sparkline import sparkline
from .status import Summary, area_summary, goal_summary, missing_reason


@dataclass
class GridRow:
    """One indicator of the grid: status, latest value, sparkline, gap and the sentences."""

    item: object  # rollup.IndicatorStatus
    title: str
    status: str
    latest: str  # "76,6 andel (%) (2025)" or ""
    sparkline: object  # sparkline.Sparkline or None
    gap: str
    reason: str
    sentences: list[str]


@dataclass
class GridGoal:
    goal: object
    summary: Summary
    rows: list[GridRow]


@dataclass
class GridArea:
    area: object
    summary: Summary
    goals: list[GridGoal]


def _grid_row(item, home_name: str) -> GridRow:
    indicator = item.indicator
    title = indicator.title if indicator else (item.link.proposal or _("Proposed indicator"))
    headline = item.headline
    if headline is None:
        reason = missing_reason(item.state, "", home_name)
        return GridRow(item, title, item.status, "", None, "", reason, [])
    decimals = indicator.decimals
    latest = ""
    if headline.latest is not None:
        year, value = headline.latest
        unit = f" {indicator.unit}" if indicator.unit else ""
        latest = f"{format_number(value, decimals)}{unit} ({year})"
    gap = ""
    if item.gap is not None and item.gap.latest is not None:
        gap_year, gap_value = item.gap.latest
        gap = gap_sentence(gap_value, gap_year, indicator.unit, decimals)
    sentences = []
    if item.trend is not None:
        sentences = [
            wording.change_text(item.trend.since_base, indicator.direction),
            wording.change_text(item.trend.since_previous, indicator.direction, True),
        ]
    if item.gap is not None:
        sentences.append(wording.gap_text(item.gap, indicator.unit, decimals))
    return GridRow(
        item,
        title,
        item.status,
        latest,
        sparkline(
            headline.years,
            headline.values,
            decimals=decimals,
            zero=starts_at_zero(indicator.unit),
        ),
        gap,
        str(headline.assessment.reason),
        [str(s) for s in sentences],
    )


def grid(followup) -> list[GridArea]:
    """The status at a glance of a roll-up (`rollup.version_followup`): per area and goal the
    summary, per indicator its row. Pure over the roll-up (no queries)."""
    return [
        GridArea(
            area_row.area,
            area_summary(area_row),
            [
                GridGoal(
                    goal_row.goal,
                    goal_summary(goal_row),
                    [_grid_row(i, followup.home_name) for i in goal_row.indicators],
                )
                for goal_row in area_row.goals
            ],
        )
        for area_row in followup.areas
    ]


def status_grid(version, *, area=None, goal=None) -> list[GridArea] | None:
    """The grid of `version`, or of one area or goal of it (only its indicators' values are
    read); None when it has no indicator. The caller checks that the reader may see the
    version."""
    from .rollup import version_followup

    result = grid(version_followup(version, area=area, goal=goal))
    if not any(g.rows for a in result for g in a.goals):
        return None
    return result
