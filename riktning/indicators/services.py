"""What happens to indicator data: every import (Kolada, upload, manual entry, example data)
goes through `record_observations`, which validates everything, writes in one transaction and
records the batch (source, who, when, what, how many rows added/changed/unchanged)."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from riktning.audit.services import record_event

from . import store
from .constants import BatchStatus
from .models import ImportBatch

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

    def __str__(self) -> str:
        parts = []
        if self.where:
            parts.append(self.where)
        if self.row is not None:
            parts.append(_("row %(row)s") % {"row": self.row})
        if self.column:
            parts.append(_("column “%(column)s”") % {"column": self.column})
        if self.value != "":
            parts.append(_("value “%(value)s”") % {"value": str(self.value)[:80]})
        prefix = ", ".join(parts)
        return f"{prefix}: {self.message}" if prefix else self.message


class ImportRejected(Exception):
    """Nothing was written; `problems` say why."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems[:5]))


def _check_staged() -> list[Problem]:
    """Set-based checks of everything staged: known indicators, areas, genders; no duplicates."""
    problems: list[Problem] = []
    table = store.STAGE
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT indicator_id FROM {table} WHERE indicator_id NOT IN "
            "(SELECT id FROM indicators_indicator) LIMIT 20"
        )
        for (indicator_id,) in cursor.fetchall():
            problems.append(Problem(_("unknown indicator"), value=str(indicator_id)))
        cursor.execute(
            f"SELECT DISTINCT area_code FROM {table} WHERE area_code NOT IN "
            "(SELECT code FROM indicators_area) LIMIT 20"
        )
        for (code,) in cursor.fetchall():
            problems.append(Problem(_("unknown area code"), column=_("area"), value=code))
        cursor.execute(
            f"SELECT DISTINCT gender FROM {table} WHERE gender NOT IN ('T', 'K', 'M') LIMIT 5"
        )
        for (gender,) in cursor.fetchall():
            problems.append(
                Problem(_("gender must be T, K or M"), column=_("gender"), value=gender)
            )
    for dup in store.staged_duplicates():
        problems.append(
            Problem(
                _(
                    "the same value occurs %(n)s times (indicator %(ind)s, area %(area)s, "
                    "period %(period)s, gender %(gender)s)"
                )
                % {"n": dup[5], "ind": dup[0], "area": dup[1], "period": dup[2], "gender": dup[3]}
            )
        )
    return problems


def record_observations(
    chunks: Iterable[list[store.Row]],
    *,
    source: str,
    by=None,
    description: str = "",
    is_example: bool = False,
    progress: Progress | None = None,
    dry_run: bool = False,
) -> ImportBatch:
    """Validate and store observations, all or nothing.

    `chunks` yields lists of rows (see store.Row); a source may raise ImportRejected while
    producing them (e.g. a malformed page). With `dry_run`, nothing is written and the returned
    (unsaved) batch's counts tell what the import would do. Raises ImportRejected.
    """
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            source=source,
            started_by=by if getattr(by, "is_authenticated", False) else None,
            description=description[:5000],
            is_example=is_example,
        )
        store.create_stage()
        staged = 0
        for chunk in chunks:
            staged += store.stage(chunk)
            if progress:
                progress(staged, 0)
        problems = _check_staged()
        if problems:
            raise ImportRejected(problems[:MAX_PROBLEMS])
        counts = store.merge(batch.pk, dry_run=dry_run)
        batch.rows_added, batch.rows_changed = counts.added, counts.changed
        batch.rows_unchanged = counts.unchanged
        batch.status = BatchStatus.SUCCEEDED
        batch.finished_at = timezone.now()
        if dry_run:
            transaction.set_rollback(True)
            batch.pk = None
            return batch
        batch.save()
        record_event(
            "import_recorded",
            batch,
            _("%(source)s: %(added)s added, %(changed)s changed, %(unchanged)s unchanged")
            % {
                "source": batch.get_source_display(),
                "added": counts.added,
                "changed": counts.changed,
                "unchanged": counts.unchanged,
            },
            actor=by,
            description=description[:500],
        )
    return batch
