"""The content of a yearly follow-up as plain data (JSON-ready): areas → goals → indicators with
statuses, sentences, gender gaps, comparisons and the series values a chart needs.

A draft shows the live roll-up (`rollup.version_followup`); approving stores the same data in
`FollowUp.snapshot`, and from then on the page and the reports read only the snapshot, so later
imports do not change an approved follow-up. Sentences are written in Swedish when computed.

Across documents (across.py): each goal carries `contributions`, the parts of other documents
that contribute to it, and the follow-up carries `contributes_to`, the goals of other documents
this version contributes to. Both are read as the given `sight` allows; an approved follow-up
freezes what the public may see (access.public_sight), since it is a public record.
"""

from types import SimpleNamespace

from django.utils import translation

from riktning.indicators import charts

from . import across, equality, wording
from .access import public_sight
from .rollup import ASSESSED, version_followup

SNAPSHOT_FORMAT = 1


def _series_status(series) -> dict | None:
    if series is None:
        return None
    return {
        "status": series.assessment.status,
        "reason": str(series.assessment.reason),
        "years": series.years,
        "values": series.values,
    }


def _gender_chart(item, home: str) -> dict | None:
    """Girls, boys and total of the home municipality in one chart (kind "genders"), with the
    comparison areas' totals: each line is stored as an "area" "<code>:<gender>", so the page's
    table and the reports read it alike."""
    indicator = item.indicator
    series = charts.load_gender_series(
        indicator,
        home,
        item.headline.breakdown,
        compare=indicator.comparison_area_codes,
        compare_genders=("T",),
    )
    if not series.has_values:
        return None
    keys = [f"{code}:{gender}" for code, gender in series.lines]
    return {
        "kind": "genders",
        "title": indicator.title,
        "unit": indicator.unit,
        "decimals": indicator.decimals,
        "source_kind": indicator.source_kind,
        "gender": "",
        "breakdown": item.headline.breakdown,
        "area_names": dict(series.areas),
        "areas": [
            [key, series.line_label(code, gender)]
            for key, (code, gender) in zip(keys, series.lines, strict=True)
        ],
        "periods": series.periods,
        "values": [
            [f"{code}:{gender}", period, value]
            for (code, gender, period), value in series.values.items()
        ],
        "example": series.example,
    }


def _chart(item, home: str) -> dict | None:
    headline = item.headline
    if headline is None:
        return None
    if item.girls is not None and item.boys is not None:
        return _gender_chart(item, home)
    indicator = item.indicator
    series = charts.load_series(indicator, home, headline.gender, headline.breakdown)
    if not series.has_values:
        return None
    return {
        "title": indicator.title,
        "unit": indicator.unit,
        "decimals": indicator.decimals,
        "source_kind": indicator.source_kind,
        "gender": headline.gender,
        "breakdown": headline.breakdown,
        "areas": [list(a) for a in series.areas],
        "periods": series.periods,
        "values": [[code, period, value] for (code, period), value in series.values.items()],
        "example": series.example,
    }


def _indicator(item, followup) -> dict:
    link = item.link
    data = {
        "link_id": link.pk,
        "indicator_id": item.indicator.pk if item.indicator else None,
        "title": item.indicator.title if item.indicator else (link.proposal or ""),
        "state": item.state,
        "status": item.status,
        "example": item.example,
        "reason": "",
        "breakdown": "",
        "girls": None,
        "boys": None,
        "gap": "",
        "trend": [],
        "comparison_year": item.comparison_year,
        "comparisons": [],
        "chart": None,
        "gender_lens": None,
    }
    if item.state != ASSESSED:
        return data
    direction = item.indicator.direction
    if item.headline is not None:
        data["reason"] = str(item.headline.assessment.reason)
        data["breakdown"] = item.breakdown_label
    data["girls"] = _series_status(item.girls)
    data["boys"] = _series_status(item.boys)
    if item.girls is not None or item.boys is not None:
        data["gap"] = str(wording.gap_text(item.gap, item.indicator.unit, item.indicator.decimals))
    if item.trend is not None:
        data["trend"] = [
            [
                wording.arrow(item.trend.since_base),
                str(wording.change_text(item.trend.since_base, direction)),
            ],
            [
                wording.arrow(item.trend.since_previous),
                str(wording.change_text(item.trend.since_previous, direction, True)),
            ],
        ]
    data["comparisons"] = [
        str(wording.comparison_text(row, followup.home_name)) for row in item.comparisons
    ]
    data["chart"] = _chart(item, followup.home)
    # What the gender-equality lens needs beyond the girls' and boys' values (equality.py).
    data["gender_lens"] = equality.lens_data(item)
    return data


def build(version, sight: across.Sight | None = None, *, year: int | None = None) -> dict:
    """The follow-up of `version` as it stands now, in Swedish, with what other documents
    contribute as `sight` (default: the public's) allows; analyses of contributing areas from
    the follow-ups of `year`."""
    sight = sight or public_sight()
    with translation.override("sv"):
        followup = version_followup(version)
        contributions = across.contributions_to(version, sight, year=year)
        contributes_to = across.contributed_goals(version, sight, year=year)
        areas = []
        for row in followup.areas:
            areas.append(
                {
                    "area_id": row.area.pk,
                    "title": row.area.title,
                    "status": row.status,
                    "goals": [
                        {
                            "goal_id": goal_row.goal.pk,
                            "title": goal_row.goal.title,
                            "status": goal_row.status,
                            "indicators": [_indicator(i, followup) for i in goal_row.indicators],
                            "contributions": contributions.get(goal_row.goal.pk, []),
                        }
                        for goal_row in row.goals
                    ],
                }
            )
        return {
            "format": SNAPSHOT_FORMAT,
            "home": followup.home,
            "home_name": followup.home_name,
            "any_example": followup.any_example
            or across.any_example(contributes_to)
            or any(across.any_example(parts) for parts in contributions.values()),
            "areas": areas,
            "contributes_to": contributes_to,
        }


def content(followup, sight: across.Sight | None = None) -> dict:
    """What the page and the reports show: the frozen snapshot once approved, else live (as
    `sight` allows; default: the public's)."""
    if followup.is_approved and followup.snapshot:
        return followup.snapshot
    return build(followup.version, sight, year=followup.year)


def chart_spec(chart: dict) -> dict:
    """The Vega-Lite spec of a stored chart: the same builder as the indicator page."""
    indicator = SimpleNamespace(
        title=chart["title"],
        unit=chart["unit"],
        decimals=chart["decimals"],
        source_kind=chart["source_kind"],
    )
    if chart.get("kind") == "genders":
        lines = [tuple(key.rsplit(":", 1)) for key, _label in chart["areas"]]
        names = chart["area_names"]
        codes = list(dict.fromkeys(code for code, _g in lines))
        series = charts.GenderSeries(
            indicator=indicator,
            breakdown=chart["breakdown"],
            areas=[(code, names.get(code, code)) for code in codes],
            lines=lines,
            periods=chart["periods"],
            values={(*key.rsplit(":", 1), period): value for key, period, value in chart["values"]},
            example=chart["example"],
        )
        return charts.gender_spec(series)
    series = charts.Series(
        indicator=indicator,
        gender=chart["gender"],
        breakdown=chart["breakdown"],
        areas=[tuple(a) for a in chart["areas"]],
        periods=chart["periods"],
        values={(code, period): value for code, period, value in chart["values"]},
        example=chart["example"],
    )
    return charts.vega_lite_spec(series)
