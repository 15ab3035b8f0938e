"""Example indicator values for the demo. No real values for Trelleborg, Skåne or Riket are
available offline, so these are GENERATED: plausible, deterministic, and stored in an import
batch marked `is_example`, which every page, chart and export labels "Exempeldata – inte
verkliga värden". A real Kolada sync replaces them for the indicators it covers."""

import random
import zlib

from django.conf import settings

from riktning.indicators import store
from riktning.indicators.constants import BatchSource, ObservationStatus, SourceKind
from riktning.indicators.models import Area, ImportBatch, Indicator, Observation
from riktning.indicators.services import record_observations

KOLADA_YEARS = list(range(2015, 2026))
SURVEY_ROUNDS = [2012, 2016, 2021]
LOCAL_YEARS = list(range(2019, 2026))
SCHOOL_YEARS = ["ak6", "ak9", "gy2"]
# Region Skåne's survey covers Skåne only: Trelleborg and the region, no national figure.
SURVEY_AREAS = ["0012"]

# Plausible levels (start value, yearly drift, girls' offset from boys) per measure. Invented.
LEVELS = {
    "N15418": (74.0, 0.3, 5.0),  # share of year 9 pupils passing all subjects, %
    "U09800": (34.0, -0.4, -6.0),  # sports participations per inhabitant 7–20
    "N09890": (13.0, 0.1, 4.0),  # share 6–15 in music/culture school, %
    "N18601": (78.0, 0.2, 2.0),  # share established 2 years after upper secondary, %
    "framtid": (76.0, -1.5, -6.0),  # survey: sees the future brightly, %
    "trygga": (84.0, -0.8, -5.0),  # survey: feels safe in the neighbourhood, %
    "tillit": (31.0, 0.9, 4.0),  # survey: low trust in other people, %
    "föräldrar": (120.0, 12.0, 0.0),  # local: parents in parenting-support programmes, count
}
# How the gap girls − boys moves per year (invented), so the gender-equality page has gaps that
# widen and gaps that narrow; girls and boys move by half of it each way, so the total is as before.
GAP_DRIFT = {
    "U09800": -0.15,  # girls' participation falls further behind
    "N09890": -0.2,  # the girls' lead in culture school narrows
    "N18601": 0.15,  # the girls' lead in establishment widens
    "framtid": -0.3,  # girls see the future less brightly than boys, more so each round
    "trygga": -0.2,  # girls feel less safe, more so each round
}
AREA_SHIFT = {"0012": 1.5, "0000": 2.5, "G33621": 1.0, "G37555": -0.5}


def _level(indicator: Indicator) -> tuple[float, float, float]:
    if indicator.source_key in LEVELS:
        return LEVELS[indicator.source_key]
    title = indicator.title.lower()
    for word, level in LEVELS.items():
        if word in title:
            return level
    return (50.0, 0.0, 0.0)


def _gap_drift(indicator: Indicator) -> float:
    if indicator.source_key in GAP_DRIFT:
        return GAP_DRIFT[indicator.source_key]
    title = indicator.title.lower()
    return next((drift for word, drift in GAP_DRIFT.items() if word in title), 0.0)


def _series(
    indicator: Indicator, area: str, periods: list[int], genders: list[str], breakdowns: list[str]
) -> list[tuple]:
    start, drift, girls = _level(indicator)
    gap_drift = _gap_drift(indicator)
    is_count = indicator.source_kind == SourceKind.LOCAL
    rng = random.Random(zlib.crc32(f"{indicator.source_key}{indicator.title}{area}".encode()))
    shift = 0.0 if is_count else AREA_SHIFT.get(area, 0.0)
    rows = []
    for b_index, breakdown in enumerate(breakdowns):
        school_shift = -2.5 * b_index if breakdown else 0.0
        for period in periods:
            base = start + shift + school_shift + drift * (period - periods[0]) + rng.gauss(0, 1.2)
            gap = girls + gap_drift * (period - periods[0])
            values = {"K": base + gap / 2, "M": base - gap / 2}
            values["T"] = (values["K"] + values["M"]) / 2
            # Kolada publishes the latest year as preliminary first.
            status = (
                ObservationStatus.PRELIMINARY
                if indicator.source_kind == SourceKind.KOLADA and period == periods[-1]
                else ObservationStatus.FINAL
            )
            for gender in genders:
                value = values[gender]
                value = round(value) if is_count else round(min(max(value, 0.0), 100.0), 1)
                rows.append(
                    (indicator.pk, area, period, gender, breakdown, float(value), str(status))
                )
    return rows


def example_rows(home: str) -> list[tuple]:
    known = set(Area.objects.values_list("code", flat=True))
    rows = []
    for indicator in Indicator.objects.filter(goal_links__isnull=False).distinct():
        genders = ["T", "K", "M"] if indicator.gender_split else ["T"]
        if indicator.source_kind == SourceKind.KOLADA:
            areas = [home] + indicator.comparison_area_codes
            periods, breakdowns = KOLADA_YEARS, [""]
        elif indicator.source_kind == SourceKind.SURVEY:
            areas = [home, *SURVEY_AREAS]
            periods, breakdowns = SURVEY_ROUNDS, SCHOOL_YEARS
        else:
            areas, periods, breakdowns = [home], LOCAL_YEARS, [""]
        for area in dict.fromkeys(a for a in areas if a in known):
            rows.extend(_series(indicator, area, periods, genders, breakdowns))
    return rows


def _with_real_values(rows: list[tuple]) -> set[int]:
    """The indicators of `rows` that hold values from a real import (Kolada, upload, manual
    entry). They get no example values: invented and real values never share a chart (a real
    import removes an indicator's example values, see indicators.services)."""
    indicator_ids = {row[0] for row in rows}
    return set(
        Observation.objects.filter(indicator_id__in=indicator_ids, batch__is_example=False)
        .values_list("indicator_id", flat=True)
        .distinct()
    )


def seed_example_observations() -> ImportBatch | None:
    """Store the example values for every indicator a goal uses, as one example batch.

    Idempotent: a call that would add or change nothing writes nothing (no batch either) and
    returns None; a call after new indicators or areas were added stores what is missing, and
    values that differ are updated in place. Indicators with values from real imports get none. Call
    inside a transaction (record_observations opens one of its own as well).
    """
    rows = example_rows(settings.RIKTNING_HOME_AREA_CODE)
    real = _with_real_values(rows)
    rows = [row for row in rows if row[0] not in real]
    if not rows:
        return None
    counts = store.preview(rows)
    if not counts.added and not counts.changed:
        return None
    return record_observations(
        [rows],
        source=BatchSource.EXAMPLE,
        is_example=True,
        description="Exempeldata – inte verkliga värden (genererade för demon)",
        indicator_ids=sorted({row[0] for row in rows}),
    )
