"""Roll-up: the status of each indicator of a version (over its series for the home
municipality: total, girls, boys, and each breakdown), of each goal (from its indicators) and of
each area (from its goals), with the trend, the gender gap and the comparison areas.

Reads the values through riktning.indicators.queries in one query per version; everything it
decides is done by the pure functions of `progress`. Read-only.

Goals and areas use sdg-build's rule for combining: the mean of the scores that exist, mapped back
to a status with the score bands of `progress.status_from_score`; "target achieved" only when
every scored part has achieved its target. Indicators that cannot be assessed (proposed and not
yet chosen, not defined, no values) are listed with what is missing and left out of the mean.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings

from riktning.indicators.constants import SCHOOL_YEARS, Gender
from riktning.indicators.models import Area
from riktning.indicators.queries import observations

from . import progress
from .cache import cached
from .progress import Assessment, Combined, Comparison, GenderGap, Trend

# Why an indicator has no status of its own.
PROPOSED = "proposed"  # the goal names an indicator still to be developed
UNDEFINED = "undefined"  # in the catalogue, but without a definition
NO_DATA = "no_data"  # no values for the home municipality
ASSESSED = "assessed"

GENDER_ORDER = [Gender.TOTAL.value, Gender.FEMALE.value, Gender.MALE.value]


@dataclass
class SeriesStatus:
    gender: str
    breakdown: str
    years: list[int]
    values: list[float | None]
    assessment: Assessment
    example: bool = False

    @property
    def latest(self) -> tuple[int, float] | None:
        points = [(y, v) for y, v in zip(self.years, self.values, strict=True) if v is not None]
        return points[-1] if points else None


@dataclass
class AreaComparison:
    code: str
    name: str
    comparison: Comparison


@dataclass
class IndicatorStatus:
    link: object  # strategy.GoalIndicator
    state: str
    series: list[SeriesStatus] = field(default_factory=list)
    combined: Combined = field(default_factory=lambda: progress.combine([]))
    headline: SeriesStatus | None = None
    girls: SeriesStatus | None = None
    boys: SeriesStatus | None = None
    trend: Trend | None = None
    gap: GenderGap | None = None
    comparison_year: int | None = None
    comparisons: list[AreaComparison] = field(default_factory=list)
    example: bool = False

    @property
    def indicator(self):
        return self.link.indicator

    @property
    def status(self) -> str:
        return self.combined.status

    @property
    def breakdown_label(self) -> str:
        if self.headline is None or not self.headline.breakdown:
            return ""
        return str(SCHOOL_YEARS.get(self.headline.breakdown, self.headline.breakdown))


@dataclass
class GoalStatus:
    goal: object  # strategy.Goal
    indicators: list[IndicatorStatus]
    combined: Combined

    @property
    def status(self) -> str:
        return self.combined.status


@dataclass
class AreaStatus:
    area: object  # strategy.DevelopmentArea
    goals: list[GoalStatus]
    combined: Combined

    @property
    def status(self) -> str:
        return self.combined.status


@dataclass
class VersionFollowup:
    version: object
    home: str
    home_name: str
    areas: list[AreaStatus]

    @property
    def any_example(self) -> bool:
        return any(i.example for a in self.areas for g in a.goals for i in g.indicators)

    @property
    def indicator_count(self) -> int:
        return sum(len(g.indicators) for a in self.areas for g in a.goals)


def _combine_parts(parts) -> Combined:
    scored = [p for p in parts if p.combined.score is not None]
    return progress.combine_scores(
        [p.combined.score for p in parts],
        all_achieved=bool(scored) and all(p.status == progress.TARGET_ACHIEVED for p in scored),
    )


def combined_status(parts) -> str:
    """The status of goals (or areas) taken together, by the rule of a goal's or an area's."""
    return _combine_parts(parts).status


def _main_breakdown(breakdowns: set[str]) -> str:
    if "" in breakdowns or not breakdowns:
        return ""
    order = list(SCHOOL_YEARS)
    return sorted(breakdowns, key=lambda b: order.index(b) if b in order else len(order))[0]


def indicator_status(link, values_by_series, example_keys, area_names, home) -> IndicatorStatus:
    """The status of one goal–indicator link from the indicator's values.

    `values_by_series`: (area, gender, breakdown) → {year: value} for this indicator;
    `example_keys`: the (area, gender, breakdown) series holding example values."""
    indicator = link.indicator
    if indicator is None:
        return IndicatorStatus(link, PROPOSED)
    if not indicator.is_defined:
        return IndicatorStatus(link, UNDEFINED)
    home_series = {k: v for k, v in values_by_series.items() if k[0] == home}
    if not any(v is not None for points in home_series.values() for v in points.values()):
        return IndicatorStatus(link, NO_DATA)

    params = {
        "direction": indicator.direction,
        "base_year": link.baseline_year,
        "target": None if link.target_value is None else float(link.target_value),
        "target_year": link.target_year,
    }
    series = []
    for (_area, gender, breakdown), points in sorted(
        home_series.items(),
        key=lambda item: (
            item[0][2],
            GENDER_ORDER.index(item[0][1]) if item[0][1] in GENDER_ORDER else 9,
        ),
    ):
        years = sorted(points)
        values = [points[y] for y in years]
        series.append(
            SeriesStatus(
                gender,
                breakdown,
                years,
                values,
                progress.assess_from_previous(years, values, **params),
                example=(home, gender, breakdown) in example_keys,
            )
        )
    result = IndicatorStatus(link, ASSESSED, series, progress.combine(s.assessment for s in series))
    result.example = any(s.example for s in series)
    main = _main_breakdown({s.breakdown for s in series})
    by_gender = {s.gender: s for s in series if s.breakdown == main}
    result.headline = by_gender.get(Gender.TOTAL.value) or next(iter(by_gender.values()), None)
    result.girls = by_gender.get(Gender.FEMALE.value)
    result.boys = by_gender.get(Gender.MALE.value)
    headline = result.headline
    # The base year the headline's status was measured from (before the baseline when the
    # baseline's value is the only one since), so the trend and the gap tell the same story.
    base_year = link.baseline_year
    if headline is not None and headline.assessment.earlier_base:
        base_year = headline.assessment.base_year
    if headline is not None:
        result.trend = progress.trend(
            headline.years,
            headline.values,
            direction=indicator.direction,
            base_year=base_year,
        )
        latest = headline.latest
        if latest is not None:
            year, value = latest
            result.comparison_year = year
            others = {
                code: values_by_series.get((code, headline.gender, main), {}).get(year)
                for code in indicator.comparison_area_codes
                if code != home and (code, headline.gender, main) in values_by_series
            }
            result.comparisons = [
                AreaComparison(c.area, area_names.get(c.area, c.area), c)
                for c in progress.compare(value, others, direction=indicator.direction)
            ]
            result.example = result.example or any(
                (code, headline.gender, main) in example_keys for code in others
            )
    if result.girls is not None and result.boys is not None:
        years = sorted(set(result.girls.years) | set(result.boys.years))
        girls = dict(zip(result.girls.years, result.girls.values, strict=True))
        boys = dict(zip(result.boys.years, result.boys.values, strict=True))
        result.gap = progress.gender_gap(
            years,
            [girls.get(y) for y in years],
            [boys.get(y) for y in years],
            base_year=base_year,
        )
    return result


def _link_statuses(links, home: str) -> tuple[dict[int, list[IndicatorStatus]], dict]:
    """goal id → the statuses of its indicator links (in the goals' reading order), and the
    names of the areas read: the values of every indicator in `links` in one query."""
    links = list(
        links.select_related("indicator", "goal").order_by(
            "goal__area__order", "goal__area_id", "goal__order", "goal_id", "order", "id"
        )
    )
    indicators = {link.indicator_id: link.indicator for link in links if link.indicator_id}
    codes = {home}
    for indicator in indicators.values():
        codes.update(indicator.comparison_area_codes)

    values: dict[int, dict[tuple, dict[int, float | None]]] = defaultdict(lambda: defaultdict(dict))
    example_keys: dict[int, set[tuple]] = defaultdict(set)
    if indicators:
        rows = (
            observations(indicator_ids=list(indicators), areas=sorted(codes))
            .values_list(
                "indicator_id",
                "area_code",
                "period",
                "gender",
                "breakdown",
                "value",
                "batch__is_example",
            )
            .iterator(chunk_size=5000)
        )
        for indicator_id, area, period, gender, breakdown, value, is_example in rows:
            values[indicator_id][(area, gender, breakdown)][period] = value
            if is_example:
                example_keys[indicator_id].add((area, gender, breakdown))
    area_names = dict(Area.objects.filter(code__in=codes).values_list("code", "title"))

    by_goal: dict[int, list[IndicatorStatus]] = defaultdict(list)
    for link in links:
        by_goal[link.goal_id].append(
            indicator_status(
                link,
                values.get(link.indicator_id, {}),
                example_keys.get(link.indicator_id, set()),
                area_names,
                home,
            )
        )
    return by_goal, area_names


def goal_statuses(goals, home: str | None = None) -> dict[int, GoalStatus]:
    """goal id → the status of each goal in `goals` (strategy.Goal rows, of any versions), as
    version_followup computes it: three queries, however many goals and versions."""
    from riktning.strategy.models import GoalIndicator

    goals = list(goals)
    if not goals:
        return {}
    home = home or settings.RIKTNING_HOME_AREA_CODE
    by_goal, _names = _link_statuses(
        GoalIndicator.objects.filter(goal_id__in=[g.pk for g in goals]), home
    )
    result = {}
    for goal in goals:
        statuses = by_goal.get(goal.pk, [])
        result[goal.pk] = GoalStatus(goal, statuses, _combine_parts(statuses))
    return result


def version_followup(version, home: str | None = None, *, area=None, goal=None) -> VersionFollowup:
    """Areas → goals → indicators of `version`, each with its status, for the home
    municipality (settings.RIKTNING_HOME_AREA_CODE unless given). With `area` or `goal`, only
    that area or goal (and only its indicators' values are read).

    Kept in the cache at the current data generation (`cache.py`): a write to the indicators
    or the steering documents makes the next call compute it again. Each call returns its own
    copy (the cache stores it pickled), so a caller may change what it gets."""
    home = home or settings.RIKTNING_HOME_AREA_CODE
    key = (
        f"rollup:v{version.pk}:{home}:a{area.pk if area is not None else ''}"
        f":g{goal.pk if goal is not None else ''}"
    )
    result = cached(key, lambda: _version_followup(version, home, area=area, goal=goal))
    result.version = version  # the caller's own object, not the cached copy
    return result


def _version_followup(version, home: str, *, area=None, goal=None) -> VersionFollowup:
    from riktning.strategy.models import DevelopmentArea, Goal, GoalIndicator

    scope = {}
    if goal is not None:
        scope = {"pk": goal.pk}
    elif area is not None:
        scope = {"area": area}
    area_scope = {"pk": goal.area_id} if goal is not None else {"pk": area.pk} if area else {}
    links = GoalIndicator.objects.filter(
        goal__area__version=version, **{f"goal__{k}": v for k, v in scope.items()}
    )
    by_goal, area_names = _link_statuses(links, home)
    areas = []
    goals_by_area: dict[int, list[GoalStatus]] = defaultdict(list)
    for goal_row in Goal.objects.filter(area__version=version, **scope).order_by(
        "area_id", "order", "id"
    ):
        statuses = by_goal.get(goal_row.pk, [])
        goals_by_area[goal_row.area_id].append(
            GoalStatus(goal_row, statuses, _combine_parts(statuses))
        )
    for area_row in DevelopmentArea.objects.filter(version=version, **area_scope).order_by(
        "order", "id"
    ):
        goals = goals_by_area.get(area_row.pk, [])
        areas.append(AreaStatus(area_row, goals, _combine_parts(goals)))
    return VersionFollowup(version, home, area_names.get(home, home), areas)
