"""What the gender-equality lens reads and lists: every indicator of the catalogue split by sex
with its lens (gender.py) for the home municipality, for the public page /jamstalldhet/; the same
from a follow-up's content (live or frozen snapshot) for the report; and per goal of a version for
the gap analysis. The series is the indicator's main breakdown (the rollup's rule: no breakdown,
else the first school year), so the page, the follow-up and the report speak of the same values.

Read-only; the catalogue is read in two queries whatever its size (the indicators, then their
girls' and boys' values for the home municipality).
"""

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings

from riktning.indicators.constants import SCHOOL_YEARS, Gender
from riktning.indicators.models import Indicator
from riktning.indicators.queries import observations

from . import progress, wording
from .gender import WINDOW, GenderLens, gender_lens, lens_from_points, widening_first
from .rollup import _main_breakdown

FEMALE, MALE = Gender.FEMALE.value, Gender.MALE.value
__all__ = ["WINDOW", "Equality", "LensRow", "catalogue", "followup_rows", "indicator_lens"]


@dataclass
class LensRow:
    """One indicator split by sex: its lens and the sentences a page or a report shows."""

    indicator_id: int | None
    title: str
    breakdown: str  # the label of the breakdown the series is from, or ""
    lens: GenderLens
    example: bool = False

    @property
    def gap(self) -> str:
        return wording.lens_gap(self.lens)

    @property
    def change(self) -> str:
        return wording.lens_change(self.lens)

    @property
    def change_size(self) -> str:
        """The change without the periods, for a table with a column for them."""
        return wording.lens_change(self.lens, periods=False)

    @property
    def movement(self) -> str:
        return wording.lens_movement(self.lens)

    @property
    def behind(self) -> str:
        return wording.lens_behind(self.lens)

    @property
    def text(self) -> str:
        return wording.lens_text(self.lens)

    @property
    def periods(self) -> str:
        if self.lens.earlier is None:
            return "–"
        return f"{self.lens.earlier[0]}–{self.lens.latest[0]}"

    @property
    def relative(self) -> str:
        size = self.lens.relative_size
        return "–" if size is None else progress.format_percent(size)


@dataclass
class Equality:
    rows: list[LensRow]  # every indicator split by sex, by title
    widening: list[LensRow]  # those whose gap widens, largest first
    any_example: bool


def _equality(rows: list[LensRow]) -> Equality:
    return Equality(rows, widening_first(rows, lambda r: r.lens), any(r.example for r in rows))


def catalogue(home: str | None = None) -> Equality:
    """Every indicator of the catalogue with girls' or boys' values for the home municipality,
    with its lens. Public: the catalogue and its values are."""
    home = home or settings.RIKTNING_HOME_AREA_CODE
    values: dict = defaultdict(lambda: defaultdict(lambda: defaultdict(dict)))
    examples: dict = defaultdict(set)
    found = (
        observations(areas=[home])
        .filter(gender__in=[FEMALE, MALE], value__isnull=False)
        .values_list("indicator_id", "breakdown", "gender", "period", "value", "batch__is_example")
    )
    for indicator_id, breakdown, gender, period, value, example in found.iterator(chunk_size=5000):
        values[indicator_id][breakdown][gender][period] = value
        if example:
            examples[indicator_id].add(breakdown)
    # Only indicators with girls' or boys' values: a Kolada sync may bring many KPIs whose
    # split by sex has nothing to show yet.
    indicators = Indicator.objects.filter(pk__in=list(values)).order_by("title", "pk")
    rows = []
    for indicator in indicators.only("pk", "title", "unit", "direction", "decimals"):
        by_breakdown = values.get(indicator.pk, {})
        main = _main_breakdown(set(by_breakdown)) if by_breakdown else ""
        series = by_breakdown.get(main, {})
        lens = lens_from_points(
            series.get(FEMALE, {}),
            series.get(MALE, {}),
            direction=indicator.direction,
            unit=indicator.unit,
            decimals=indicator.decimals,
        )
        rows.append(
            LensRow(
                indicator.pk,
                indicator.title,
                str(SCHOOL_YEARS.get(main, main)),
                lens,
                main in examples.get(indicator.pk, set()),
            )
        )
    return _equality(rows)


def indicator_lens(item) -> GenderLens | None:
    """The lens of a roll-up's indicator (rollup.IndicatorStatus), None without both sexes."""
    if item.girls is None or item.boys is None or item.indicator is None:
        return None
    indicator = item.indicator
    return lens_from_points(
        dict(zip(item.girls.years, item.girls.values, strict=True)),
        dict(zip(item.boys.years, item.boys.values, strict=True)),
        direction=indicator.direction,
        unit=indicator.unit,
        decimals=indicator.decimals,
    )


def lens_data(item) -> dict | None:
    """What a follow-up's content (yearly.build, and so the snapshot) keeps of the lens."""
    if item.girls is None or item.boys is None or item.indicator is None:
        return None
    return {
        "direction": item.indicator.direction,
        "unit": item.indicator.unit,
        "decimals": item.indicator.decimals,
    }


def _older_specs(items: list[dict]) -> dict:
    """A snapshot approved before the lens existed keeps the girls' and boys' values but not the
    indicator's direction, unit and decimals: those are read from the catalogue (one query)."""
    ids = {
        i.get("indicator_id")
        for i in items
        if "gender_lens" not in i and i.get("girls") and i.get("boys") and i.get("indicator_id")
    }
    if not ids:
        return {}
    return {
        pk: {"direction": direction, "unit": unit, "decimals": decimals}
        for pk, direction, unit, decimals in Indicator.objects.filter(pk__in=ids).values_list(
            "pk", "direction", "unit", "decimals"
        )
    }


def followup_rows(data: dict) -> Equality:
    """The lens of every indicator of a follow-up's content (yearly.content) with girls' and
    boys' values, from the values the content holds (frozen once approved). An indicator appears
    once even when several goals use it."""
    rows = []
    seen = set()
    items = [i for area in data["areas"] for goal in area["goals"] for i in goal["indicators"]]
    specs = _older_specs(items)
    for area in data["areas"]:
        for goal in area["goals"]:
            for item in goal["indicators"]:
                spec = item.get("gender_lens") or specs.get(item.get("indicator_id"))
                girls, boys = item.get("girls"), item.get("boys")
                if not spec or not girls or not boys:
                    continue
                key = item.get("indicator_id") or item["title"]
                if key in seen:
                    continue
                seen.add(key)
                g = dict(zip(girls["years"], girls["values"], strict=True))
                b = dict(zip(boys["years"], boys["values"], strict=True))
                periods = sorted(set(g) | set(b))
                lens = gender_lens(
                    periods, [g.get(p) for p in periods], [b.get(p) for p in periods], **spec
                )
                rows.append(
                    LensRow(
                        item.get("indicator_id"),
                        item["title"],
                        item.get("breakdown", ""),
                        lens,
                        item.get("example", False),
                    )
                )
    return _equality(rows)
