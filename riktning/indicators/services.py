"""What happens to indicator data: every import (Kolada, upload, manual entry, example data)
goes through `record_observations`, which validates everything, writes in one transaction and
records the batch (source, who, when, what, how many rows added/changed/unchanged)."""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from riktning.audit.services import record_event

from . import store, values
from .constants import BatchStatus
from .models import ImportBatch, Observation

Progress = Callable[[int, int], None]
MAX_PROBLEMS = 200


@dataclass
class Problem:
    """One thing wrong with the input, said so that the user can find and fix it."""

    message: str
    row: int | None = None
    column: str = ""
    value: str = ""
    where: str = ""
    # Which field of a tidy row (store.Row) the problem is about: "area", "period", "gender",
    # "value"; a source turns it into its own column or form field.
    field: str = ""

    def __str__(self) -> str:
        parts = []
        if self.where:
            parts.append(str(self.where)[:200])
        if self.row is not None:
            parts.append(_("row %(row)s") % {"row": self.row})
        if self.column:
            parts.append(_("column “%(column)s”") % {"column": str(self.column)[:80]})
        if self.value != "":
            parts.append(_("value “%(value)s”") % {"value": str(self.value)[:80]})
        prefix = ", ".join(parts)
        return f"{prefix}: {self.message}" if prefix else self.message


class ImportRejected(Exception):
    """Nothing was written; `problems` say why."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems[:5]))


def check_rows(rows: Iterable[store.Row]) -> list[Problem]:
    """The generic checks of tidy rows from a source that has not made them itself (uploads,
    manual entry): known indicator and area, gender T/K/M, a year, a value within the
    indicator's plausible range or nothing (values.py), no duplicates."""
    from .models import Area, Indicator

    rows = list(rows)
    units = dict(Indicator.objects.filter(pk__in={r[0] for r in rows}).values_list("pk", "unit"))
    ranges = {pk: values.value_range(unit) for pk, unit in units.items()}
    areas = set(Area.objects.filter(code__in={r[1] for r in rows}).values_list("code", flat=True))
    problems, seen = [], set()
    for number, (indicator_id, area, period, gender, breakdown, value, _status) in enumerate(
        rows, start=1
    ):
        if indicator_id not in ranges:
            problems.append(Problem(_("unknown indicator"), row=number, value=indicator_id))
        if area not in areas:
            problems.append(Problem(_("unknown area code"), row=number, value=area, field="area"))
        if gender not in ("T", "K", "M"):
            problems.append(
                Problem(_("gender must be T, K or M"), row=number, value=gender, field="gender")
            )
        try:
            if type(period) is not int:
                raise values.Refused(_("the period must be a year"))
            values.parse_period(period)
        except values.Refused as refused:
            problems.append(Problem(refused.message, row=number, value=period, field="period"))
        try:
            values.check_value(value, ranges.get(indicator_id, values.ANY))
        except values.Refused as refused:
            problems.append(Problem(refused.message, row=number, value=value, field="value"))
        key = (indicator_id, area, period, gender, breakdown)
        if key in seen:
            problems.append(Problem(_("the same value occurs twice"), row=number))
        seen.add(key)
    return problems


def check_plausible(
    rows: Sequence[store.Row],
    ranges: dict[int, values.ValueRange],
    before_query: Callable[[], None] | None = None,
) -> None:
    """The last check before rows are stored, whatever their source: each period a year and
    each value within its indicator's plausible range (values.py), or missing. Raises
    ImportRejected naming every row that is not (at most MAX_PROBLEMS). `ranges` holds the
    range of every indicator in `rows`. `before_query` is called before the indicators' titles
    are read for the message (the writer ends its COPY stream there)."""
    refused = []
    first, last = values.FIRST_PERIOD, values.LAST_PERIOD
    bounds = {pk: _bounds(allowed) for pk, allowed in ranges.items()}
    for row in rows:
        period, value = row[2], row[5]
        # The fast path of a large import (about 1 µs a row on the shared 2-core machine): a year
        # and a float within the bounds (NaN fails every comparison).
        if type(period) is int and first <= period <= last:
            if value is None:
                continue
            low, high = bounds[row[0]]
            if type(value) is float and low <= value <= high:
                continue
        allowed = ranges[row[0]]
        try:
            if type(period) is not int:
                raise values.Refused(_("the period must be a year"))
            values.parse_period(period)
            values.check_value(value, allowed)
        except values.Refused as refusal:
            refused.append((row, refusal.message))
            if len(refused) >= MAX_PROBLEMS:
                break
    if refused:
        from .models import Indicator

        if before_query is not None:
            before_query()

        titles = dict(
            Indicator.objects.filter(pk__in={row[0] for row, _m in refused}).values_list(
                "pk", "title"
            )
        )
        raise ImportRejected(
            [
                Problem(
                    message,
                    value=row[5],
                    where=_("%(indicator)s, area %(area)s, period %(period)s, gender %(gender)s")
                    % {
                        "indicator": titles.get(row[0], row[0]),
                        "area": row[1],
                        "period": row[2],
                        "gender": row[3],
                    }
                    + (f", {row[4]}" if row[4] else ""),
                )
                for row, message in refused
            ]
        )


@dataclass
class RowChange:
    """One row an import would add or change: its series point, and the value before and after
    (`old_value` and `old_status` are None for a new row)."""

    area_code: str
    period: int
    gender: str
    breakdown: str
    value: float | None
    status: str
    old_value: float | None = None
    old_status: str | None = None

    @property
    def is_new(self) -> bool:
        return self.old_status is None


@dataclass
class ObservationPreview:
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    changes: list[RowChange] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.added + self.changed + self.unchanged


def preview_observations(rows: Sequence[store.Row]) -> ObservationPreview:
    """What `record_observations` would do with `rows`, without writing anything: how many rows
    would be added, changed and unchanged, and each added or changed row with its old value.

    Compares as the store's upsert does (value and status). Meant for file-sized inputs (an
    upload's confirmation page): it reads the existing values of the rows' indicators. Example
    values count as absent: a real import removes them (record_observations)."""
    existing = {
        (o[0], o[1], o[2], o[3], o[4]): (o[5], o[6])
        for o in Observation.objects.filter(
            indicator_id__in={r[0] for r in rows}, batch__is_example=False
        ).values_list(
            "indicator_id", "area_code", "period", "gender", "breakdown", "value", "status"
        )
    }
    result = ObservationPreview()
    for indicator_id, area, period, gender, breakdown, value, status in rows:
        old = existing.get((indicator_id, area, period, gender, breakdown))
        if old is not None and old == (value, status):
            result.unchanged += 1
            continue
        change = RowChange(area, period, gender, breakdown, value, status)
        if old is None:
            result.added += 1
        else:
            result.changed += 1
            change.old_value, change.old_status = old
        result.changes.append(change)
    return result


def record_observations(
    chunks: Iterable[list[store.Row]],
    *,
    source: str,
    by=None,
    description: str = "",
    is_example: bool = False,
    progress: Progress | None = None,
    indicator_ids: Sequence[int] = (),
) -> ImportBatch:
    """Validate and store observations, all or nothing.

    `chunks` yields lists of rows (see store.Row) that the source has already checked (known
    indicator, area, gender; numeric value); a source raises ImportRejected while producing them
    when something is wrong, and then nothing stays written. `indicator_ids`, if known, lets the
    store take a faster path for a first import. Returns the saved batch with its counts.

    A real import (not `is_example`) removes the example values of the indicators it brings
    values for, in the same transaction: invented values never mix with real ones on a chart or
    in a follow-up. Example values are generated for the demo, not public records; their batch
    stays, and the event log says how many were removed.

    On PostgreSQL the rows go through one COPY stream, open while `chunks` is iterated: a
    generator of chunks must not query the database (Kolada's reads its spool file).

    For whoever may give the values (access.can_enter_data for an upload or manual entry,
    access.can_sync_sources for Kolada from the web; anyone who runs the CLI). `by` is recorded on
    the batch (None from the CLI and the demo).
    """
    with transaction.atomic():
        replaced = 0
        if not is_example and indicator_ids:
            replaced = remove_example_values(indicator_ids)
        batch = ImportBatch.objects.create(
            source=source,
            started_by=by if getattr(by, "is_authenticated", False) else None,
            description=description[:5000],
            is_example=is_example,
        )
        writer = store.Writer(batch.pk, indicator_ids)
        # Known indicators: their ranges now, so that no query interrupts the writer's COPY
        # stream on PostgreSQL (`writer.pause` ends it before any other query).
        seen: set[int] = set(indicator_ids)
        ranges: dict[int, values.ValueRange] = _value_ranges(seen) if seen else {}
        try:
            for chunk in chunks:
                chunk = chunk if isinstance(chunk, list) else list(chunk)
                new_ids = {row[0] for row in chunk} - seen
                if new_ids:
                    writer.pause()
                    seen |= new_ids
                    ranges.update(_value_ranges(new_ids))
                    if not is_example and not indicator_ids:
                        removed = remove_example_values(new_ids)
                        writer.before -= removed  # "added" is counted from the table's size
                        replaced += removed
                check_plausible(chunk, ranges, before_query=writer.pause)
                writer.write(chunk)
                if progress:
                    writer.pause()  # the progress callback may write (a job's row)
                    progress(writer.rows, 0)
        except BaseException as error:
            writer.pause(error)
            raise
        counts = writer.finish()
        batch.rows_added, batch.rows_changed = counts.added, counts.changed
        batch.rows_unchanged = counts.unchanged
        batch.status = BatchStatus.SUCCEEDED
        batch.finished_at = timezone.now()
        batch.save()
        summary = _("%(source)s: %(added)s added, %(changed)s changed, %(unchanged)s unchanged") % {
            "source": batch.get_source_display(),
            "added": counts.added,
            "changed": counts.changed,
            "unchanged": counts.unchanged,
        }
        if replaced:
            summary += "; " + _("%(count)s example values removed") % {"count": replaced}
        record_event(
            "import_recorded",
            batch,
            summary,
            actor=by,
            description=description[:500],
            example_values_removed=replaced,
        )
    return batch


def _bounds(allowed: values.ValueRange) -> tuple[float, float]:
    most = values.MAX_MAGNITUDE
    low = -most if allowed.low is None else max(-most, allowed.low)
    high = most if allowed.high is None else min(most, allowed.high)
    return low, high


def _value_ranges(indicator_ids) -> dict[int, values.ValueRange]:
    """Each indicator's plausible range, from its unit; an unknown id gets none (the store's
    foreign key refuses it)."""
    from .models import Indicator

    units = dict(Indicator.objects.filter(pk__in=indicator_ids).values_list("pk", "unit"))
    return {pk: values.value_range(units.get(pk, "")) for pk in indicator_ids}


def remove_example_values(indicator_ids: Iterable[int]) -> int:
    """Delete the example (invented) values of these indicators; returns how many."""
    deleted, _by_model = Observation.objects.filter(
        indicator_id__in=list(indicator_ids), batch__is_example=True
    ).delete()
    return deleted
