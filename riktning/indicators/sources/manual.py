"""Manual entry of local values (e.g. parents in parenting-support programmes per year), typed
into a form by the organisation responsible for the indicator. Values are for one area, the home
municipality; the form has one row per year and a column per gender."""

from dataclasses import dataclass

from django.utils import timezone

from ..constants import BatchSource, ObservationStatus
from ..models import Observation
from ..store import Row

YEARS_BACK = 5  # a form shows at least this many years before the current one


@dataclass
class YearValues:
    """What a person typed for one year: gender (T/K/M) → value (None = left empty)."""

    year: int
    values: dict[str, float | None]
    preliminary: bool = False


def genders(indicator) -> list[str]:
    return ["T", "K", "M"] if indicator.gender_split else ["T"]


def existing_values(indicator, area_code: str) -> dict[tuple[int, str], tuple[float | None, str]]:
    """(year, gender) → (value, status) already stored for the area, without breakdown."""
    return {
        (period, gender): (value, status)
        for period, gender, value, status in Observation.objects.filter(
            indicator=indicator, area_code=area_code, breakdown=""
        ).values_list("period", "gender", "value", "status")
    }


def form_years(indicator, area_code: str, today=None) -> list[int]:
    """The years a form offers, newest first: every year with a value, and at least the last
    YEARS_BACK years up to the current one."""
    this_year = (today or timezone.localdate()).year
    known = {year for year, _gender in existing_values(indicator, area_code)}
    first = min([this_year - YEARS_BACK, *known])
    last = max([this_year, *known])
    return list(range(last, first - 1, -1))


def rows_from_form(indicator, area_code: str, entered: list[YearValues]) -> list[Row]:
    """Tidy rows for `record_observations`. An empty cell adds nothing, but emptying a cell that
    held a value records the value as missing (the person removed it on purpose)."""
    existing = existing_values(indicator, area_code)
    rows: list[Row] = []
    for year in entered:
        status = ObservationStatus.PRELIMINARY if year.preliminary else ObservationStatus.FINAL
        for gender in genders(indicator):
            value = year.values.get(gender)
            if value is None and (year.year, gender) not in existing:
                continue
            rows.append((indicator.pk, area_code, year.year, gender, "", value, str(status)))
    return rows


@dataclass
class HeldValue:
    """A value typed by hand for a year and gender where an import already holds another."""

    year: int
    gender: str
    typed: float | None
    held: float
    source: str  # the import's source label (Kolada, file upload)
    imported_at: object


def held_by_import(indicator, area_code: str, rows: list[Row]) -> list[HeldValue]:
    """The rows that would overwrite a value an import (a file upload, Kolada) brought: the same
    value reported twice, by hand and by the import. One query, for this indicator and area."""
    typed = {(row[2], row[3]): row[5] for row in rows if row[4] == ""}
    if not typed:
        return []
    held = Observation.objects.filter(
        indicator=indicator,
        area_code=area_code,
        breakdown="",
        period__in={year for year, _gender in typed},
        value__isnull=False,
        batch__source__in=[BatchSource.UPLOAD, BatchSource.KOLADA],
    ).values_list("period", "gender", "value", "batch__source", "batch__started_at")
    found = []
    for period, gender, value, source, started_at in held:
        if (period, gender) in typed and typed[(period, gender)] != value:
            found.append(
                HeldValue(
                    year=period,
                    gender=gender,
                    typed=typed[(period, gender)],
                    held=value,
                    source=str(BatchSource(source).label),
                    imported_at=started_at,
                )
            )
    found.sort(key=lambda h: (-h.year, h.gender))
    return found
