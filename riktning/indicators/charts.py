"""Comparison charts as Vega-Lite specs built in Python: one spec for the page (vega-embed)
and for print (vl-convert renders the same spec to SVG). Every chart has a table beside it."""

import textwrap
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .constants import SCHOOL_YEARS, Gender, SourceKind
from .formatting import starts_at_zero
from .models import Area, Indicator, Observation

# d3-format's Swedish locale: decimal comma, non-breaking space between thousands.
TITLE_LINE = 46  # characters per line of a chart's title

SWEDISH_NUMBERS = {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", " kr"]}


@dataclass
class Series:
    """The values of one indicator for some areas, one gender and one breakdown."""

    indicator: Indicator
    gender: str
    breakdown: str
    areas: list[tuple[str, str]]  # (code, name), the home municipality first
    periods: list[int] = field(default_factory=list)
    values: dict[tuple[str, int], float | None] = field(default_factory=dict)
    example: bool = False
    preliminary: set[tuple[str, int]] = field(default_factory=set)
    last_import: object = None

    @property
    def has_values(self) -> bool:
        return any(v is not None for v in self.values.values())

    def rows(self) -> list[dict]:
        """Table rows: one per period, a cell per area."""
        return [
            {"period": p, "cells": [self.values.get((code, p)) for code, _name in self.areas]}
            for p in self.periods
        ]


def comparison_areas(indicator: Indicator, home: str) -> list[tuple[str, str]]:
    codes = [home] + [c for c in indicator.comparison_area_codes if c != home]
    if indicator.source_kind != SourceKind.KOLADA:
        # Survey and local values exist for the municipality and at most Skåne. Only the codes
        # asked about are read: an indicator with values for every municipality has thousands
        # of rows (read whole and sorted by the model's ordering, this grew the page by 26 ms
        # on PostgreSQL with national data).
        present = set(
            Observation.objects.filter(indicator=indicator, area_code__in=codes)
            .order_by()
            .values_list("area_code", flat=True)
            .distinct()
        )
        codes = [c for c in codes if c == home or c in present]
    names = dict(Area.objects.filter(code__in=codes).values_list("code", "title"))
    return [(c, names.get(c, c)) for c in codes]


def breakdowns_of(indicator: Indicator) -> list[str]:
    found = (
        Observation.objects.filter(indicator=indicator)
        .order_by("breakdown")
        .values_list("breakdown", flat=True)
        .distinct()
    )
    order = list(SCHOOL_YEARS)
    return sorted(found, key=lambda b: order.index(b) if b in order else -1)


def load_series(indicator: Indicator, home: str, gender: str = "T", breakdown: str = "") -> Series:
    areas = comparison_areas(indicator, home)
    series = Series(indicator=indicator, gender=gender, breakdown=breakdown, areas=areas)
    observations = Observation.objects.filter(
        indicator=indicator,
        area_code__in=[c for c, _n in areas],
        gender=gender,
        breakdown=breakdown,
    ).select_related("batch")
    periods = set()
    for obs in observations:
        periods.add(obs.period)
        series.values[(obs.area_code, obs.period)] = obs.value
        if obs.batch.is_example:
            series.example = True
        if obs.status == "preliminary":
            series.preliminary.add((obs.area_code, obs.period))
        if series.last_import is None or obs.batch.started_at > series.last_import.started_at:
            series.last_import = obs.batch
    series.periods = sorted(periods)
    return series


def gender_label(gender: str) -> str:
    return {
        "T": _("Total"),
        "K": _("Girls"),
        "M": _("Boys"),
    }.get(gender, Gender(gender).label)


def _notes(indicator, example: bool) -> list[str]:
    notes = []
    if example:
        notes.append(_("Example data – not real values"))
    if indicator.source_kind == SourceKind.KOLADA:
        notes.append(_("Source: Kolada (RKA)"))
    if not starts_at_zero(indicator.unit):
        notes.append(_("The value axis does not start at zero"))
    return notes


def vega_lite_spec(series: Series) -> dict:
    """A line chart of the series: one line per area, told apart by dash and point shape as well
    as colour (never colour alone)."""
    indicator = series.indicator
    names = [name for _code, name in series.areas]
    data = [
        {"period": str(p), "area": name, "value": series.values.get((code, p))}
        for code, name in series.areas
        for p in series.periods
        if series.values.get((code, p)) is not None
    ]
    shown = [gender_label(series.gender)]
    if series.breakdown:
        shown.append(str(SCHOOL_YEARS.get(series.breakdown, series.breakdown)))
    notes = _notes(indicator, series.example)
    subtitle = [" · ".join(shown)] + ([" · ".join(notes)] if notes else [])
    # Vega does not wrap titles: short lines keep a long title inside a phone-wide chart.
    title = textwrap.wrap(indicator.title, TITLE_LINE, max_lines=3, placeholder=" …")
    palette = ["#0b4f8a", "#b35900", "#1e6b34", "#6f3c8f", "#4a5260"]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": {"text": title, "subtitle": subtitle},
        "width": "container",
        "height": 280,
        "data": {"values": data},
        "mark": {"type": "line", "point": {"filled": True, "size": 60}, "strokeWidth": 2.5},
        "encoding": {
            "x": {
                "field": "period",
                "type": "ordinal",
                "title": _("Year"),
                "axis": {"labelAngle": 0},
            },
            "y": {
                "field": "value",
                "type": "quantitative",
                "title": indicator.unit or _("Value"),
                "scale": {"zero": starts_at_zero(indicator.unit)},
            },
            "color": {
                "field": "area",
                "type": "nominal",
                "title": _("Area"),
                "scale": {"domain": names, "range": palette[: len(names)]},
                "legend": {"orient": "bottom", "columns": 2, "labelLimit": 320},
            },
            # Same field and title as the colour: Vega-Lite merges the three into one legend
            # whose symbols show colour, dash and shape together.
            "strokeDash": {
                "field": "area",
                "type": "nominal",
                "title": _("Area"),
                "scale": {"domain": names},
            },
            "shape": {
                "field": "area",
                "type": "nominal",
                "title": _("Area"),
                "scale": {"domain": names},
            },
            "tooltip": [
                {"field": "area", "title": _("Area")},
                {"field": "period", "title": _("Year")},
                {"field": "value", "title": _("Value"), "format": f".{indicator.decimals}f"},
            ],
        },
        "config": {
            "font": "system-ui, sans-serif",
            "axis": {"labelFontSize": 12, "titleFontSize": 12},
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "symbolSize": 120},
        },
    }


# --- girls and boys side by side ------------------------------------------------------------

GENDER_LINES = [Gender.TOTAL.value, Gender.FEMALE.value, Gender.MALE.value]
# Colour and point shape tell the genders apart, the dash the areas: never colour alone.
GENDER_COLOURS = {"T": "#4a5260", "K": "#b0005a", "M": "#0b4f8a"}
GENDER_SHAPES = {"T": "square", "K": "circle", "M": "triangle-up"}


@dataclass
class GenderSeries:
    """Total, girls and boys of one indicator and breakdown for the home municipality, and girls
    and boys of each chosen comparison area: one line per (area, gender)."""

    indicator: Indicator
    breakdown: str
    areas: list[tuple[str, str]]  # (code, name), the home municipality first
    lines: list[tuple[str, str]] = field(default_factory=list)  # (area code, gender)
    periods: list[int] = field(default_factory=list)
    values: dict[tuple[str, str, int], float | None] = field(default_factory=dict)
    example: bool = False

    @property
    def has_values(self) -> bool:
        return any(v is not None for v in self.values.values())

    def name(self, code: str) -> str:
        return dict(self.areas).get(code, code)

    def line_label(self, code: str, gender: str) -> str:
        return f"{self.name(code)}, {gender_label(gender).lower()}"

    def series_of(self, code: str, gender: str) -> tuple[list[int], list[float | None]]:
        return self.periods, [self.values.get((code, gender, p)) for p in self.periods]

    def rows(self) -> list[dict]:
        """Table rows: one per period, a cell per line."""
        return [
            {"period": p, "cells": [self.values.get((c, g, p)) for c, g in self.lines]}
            for p in self.periods
        ]


def load_gender_series(
    indicator: Indicator,
    home: str,
    breakdown: str = "",
    compare: list[str] | None = None,
    compare_genders: tuple[str, ...] = (Gender.FEMALE.value, Gender.MALE.value),
) -> GenderSeries:
    """One query: the home municipality's total, girls and boys, and `compare_genders` (girls
    and boys unless asked otherwise) of each of `compare` (comparison areas of the indicator;
    other codes are ignored)."""
    allowed = dict(comparison_areas(indicator, home))
    chosen = [c for c in (compare or []) if c in allowed and c != home]
    areas = [(home, allowed.get(home, home))] + [(c, allowed[c]) for c in chosen]
    series = GenderSeries(indicator=indicator, breakdown=breakdown, areas=areas)
    rows = Observation.objects.filter(
        indicator=indicator,
        area_code__in=[c for c, _n in areas],
        gender__in=GENDER_LINES,
        breakdown=breakdown,
    ).values_list("area_code", "gender", "period", "value", "batch__is_example")
    present = set()
    periods = set()
    for code, gender, period, value, example in rows:
        series.values[(code, gender, period)] = value
        present.add((code, gender))
        periods.add(period)
        series.example = series.example or example
    series.periods = sorted(periods)
    series.lines = [
        (code, g)
        for code, _n in areas
        for g in (GENDER_LINES if code == home else compare_genders)
        if (code, g) in present
    ]
    return series


def gender_spec(series: GenderSeries) -> dict:
    """One chart with girls, boys and the total: colour and point shape by gender, dash by area
    (the home municipality solid)."""
    indicator = series.indicator
    genders = [g for g in GENDER_LINES if any(line[1] == g for line in series.lines)]
    gender_names = [gender_label(g) for g in genders]
    area_names = [series.name(c) for c, _n in series.areas]
    data = [
        {
            "period": str(p),
            "area": series.name(code),
            "gender": gender_label(gender),
            "line": series.line_label(code, gender),
            "value": series.values.get((code, gender, p)),
        }
        for code, gender in series.lines
        for p in series.periods
        if series.values.get((code, gender, p)) is not None
    ]
    shown = [_("Girls, boys and total")]
    if series.breakdown:
        shown.append(str(SCHOOL_YEARS.get(series.breakdown, series.breakdown)))
    notes = _notes(indicator, series.example)
    subtitle = [" · ".join(shown)] + ([" · ".join(notes)] if notes else [])
    title = textwrap.wrap(indicator.title, TITLE_LINE, max_lines=3, placeholder=" …")
    encoding = {
        "x": {"field": "period", "type": "ordinal", "title": _("Year"), "axis": {"labelAngle": 0}},
        "y": {
            "field": "value",
            "type": "quantitative",
            "title": indicator.unit or _("Value"),
            "scale": {"zero": starts_at_zero(indicator.unit)},
        },
        "detail": {"field": "line", "type": "nominal"},
        "color": {
            "field": "gender",
            "type": "nominal",
            "title": _("Gender"),
            "scale": {"domain": gender_names, "range": [GENDER_COLOURS[g] for g in genders]},
            "legend": {"orient": "bottom", "columns": 3},
        },
        "shape": {
            "field": "gender",
            "type": "nominal",
            "title": _("Gender"),
            "scale": {"domain": gender_names, "range": [GENDER_SHAPES[g] for g in genders]},
        },
        "tooltip": [
            {"field": "area", "title": _("Area")},
            {"field": "gender", "title": _("Gender")},
            {"field": "period", "title": _("Year")},
            {"field": "value", "title": _("Value"), "format": f".{indicator.decimals}f"},
        ],
    }
    if len(area_names) > 1:
        encoding["strokeDash"] = {
            "field": "area",
            "type": "nominal",
            "title": _("Area"),
            "scale": {"domain": area_names},
            "legend": {"orient": "bottom", "columns": 2, "labelLimit": 320},
        }
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": {"text": title, "subtitle": subtitle},
        "width": "container",
        "height": 280,
        "data": {"values": data},
        "mark": {"type": "line", "point": {"filled": True, "size": 70}, "strokeWidth": 2.5},
        "encoding": encoding,
        "config": {
            "font": "system-ui, sans-serif",
            "axis": {"labelFontSize": 12, "titleFontSize": 12},
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "symbolSize": 120},
        },
    }


def render_svg(spec: dict) -> str:
    """The same spec as SVG, for PDF and Word reports."""
    import vl_convert

    printable = {**spec, "width": 640}  # "container" has no meaning on paper
    return vl_convert.vegalite_to_svg(printable, format_locale=SWEDISH_NUMBERS)
