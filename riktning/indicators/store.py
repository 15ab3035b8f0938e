"""Fast storage of observations: an upsert into the table, chunk by chunk.

Rows are tuples `(indicator_id, area_code, period, gender, breakdown, value, status)`.
The caller holds the transaction and streams chunks through a `Writer`, so memory stays flat for
any number of rows. Re-importing updates in place; a row whose value and status are unchanged is
left alone (it keeps the batch it came from). The counts say how many rows were added, changed and
unchanged. SQLite takes the rows with `executemany` into a temporary table, merged into the
observations with one INSERT … ON CONFLICT DO UPDATE per 200,000 rows (an upsert per row was
five times slower inside a savepoint, which is where an import nested in another transaction
runs, e.g. kolada.sync). PostgreSQL takes them with one COPY stream per import — straight into
the table when none of the import's indicators has values yet, else into a temporary table
merged with one INSERT … ON CONFLICT DO UPDATE at the end. Django's bulk_create is much slower
for this (bench/kolada_import.py, docs/performance.md).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connection

Row = tuple[int, str, int, str, str, float | None, str]

TABLE = "indicators_observation"
STAGE = "riktning_observation_stage"
KEY = "indicator_id, area_code, period, gender, breakdown"
# SQLite's page cache while a Writer runs (KiB; the default is 2 MiB). With the default, the
# table and its unique index soon outgrow the cache and writes pay for spilled pages (a per-row
# upsert of 1,000,000 rows: ~100,000 rows/s with the default, ~250,000 with 64 MiB). The cache
# is bounded, so memory stays flat for any number of rows.
SQLITE_CACHE_KIB = 64 * 1024
SQLITE_MERGE_ROWS = 200_000
COLUMNS = f"{KEY}, value, status"
MAX_MAGNITUDE = 1e15  # values.MAX_MAGNITUDE (store imports nothing of ours)


@dataclass
class MergeCounts:
    added: int = 0
    changed: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.added + self.changed + self.unchanged


def _count() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {TABLE}")
        return cursor.fetchone()[0]


def _refuse_unstorable(rows: list[Row], low: float = -MAX_MAGNITUDE, high: float = MAX_MAGNITUDE):
    """Whatever the caller checked: no inf, NaN or absurd magnitude reaches the table (NaN fails
    every comparison; SQLite would store it as NULL). services.record_observations has already
    refused such a row with a message; this is the guard for every other caller."""
    for row in rows:
        value = row[5]
        if value is not None and not low <= value <= high:
            raise ValueError(f"not a storable value: {value!r} in {row!r}")


class Writer:
    """Streams chunks of rows into the observations for one batch. Use inside a transaction:

    writer = Writer(batch.pk, indicator_ids)
    for chunk in chunks: writer.write(chunk)
    counts = writer.finish()
    """

    def __init__(self, batch_id: int, indicator_ids: Sequence[int] = ()):
        self.batch_id = batch_id
        self.rows = 0
        self.touched = 0  # rows inserted or updated
        self.before = _count()
        self.postgres = connection.vendor == "postgresql"
        self.direct_copy = False
        self.sqlite_cache = None
        self.staged = 0  # SQLite: rows in the stage, not merged yet
        self._copy = None  # PostgreSQL: the open COPY stream (psycopg's Copy)
        self._copy_context = None
        self._cursor = None
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size")
                self.sqlite_cache = cursor.fetchone()[0]
                cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
                cursor.execute(
                    f"CREATE TEMP TABLE IF NOT EXISTS {STAGE} (indicator_id integer, area_code "
                    "text, period integer, gender text, breakdown text, value real, status text)"
                )
                cursor.execute(f"DELETE FROM temp.{STAGE}")
        if self.postgres:
            with connection.cursor() as cursor:
                # The observations' foreign keys stay deferred (checked at the COMMIT): checking
                # them at the end of the COPY (SET CONSTRAINTS … IMMEDIATE) was no faster, and
                # on a quiet machine 20 % slower (bench/kolada_import.py, docs/performance.md).
                if indicator_ids:
                    cursor.execute(
                        f"SELECT EXISTS (SELECT 1 FROM {TABLE} WHERE indicator_id = ANY(%s))",
                        [list(indicator_ids)],
                    )
                    self.direct_copy = not cursor.fetchone()[0]
                if not self.direct_copy:
                    cursor.execute(
                        f"CREATE TEMP TABLE IF NOT EXISTS {STAGE} (indicator_id bigint, "
                        "area_code varchar(12), period smallint, gender varchar(1), breakdown "
                        "varchar(40), value double precision, status varchar(12)) ON COMMIT DROP"
                    )

    def write(self, rows: Iterable[Row]) -> None:
        rows = rows if isinstance(rows, list) else list(rows)
        _refuse_unstorable(rows)
        if self.postgres:
            self._write_postgres(rows)
        else:
            self._write_sqlite(rows)

    def _write_sqlite(self, rows: list[Row]) -> None:
        connection.connection.executemany(
            f"INSERT INTO temp.{STAGE} VALUES (?, ?, ?, ?, ?, ?, ?)", rows
        )
        self.rows += len(rows)
        self.staged += len(rows)
        if self.staged >= SQLITE_MERGE_ROWS:
            self._merge_sqlite()

    def _merge_sqlite(self) -> None:
        raw = connection.connection  # the sqlite3 connection Django opened
        before = raw.total_changes
        raw.execute(
            f"INSERT INTO {TABLE} ({COLUMNS}, batch_id) SELECT {COLUMNS}, {int(self.batch_id)} "
            f"FROM temp.{STAGE} WHERE true ON CONFLICT ({KEY}) DO UPDATE SET "
            "value = excluded.value, status = excluded.status, batch_id = excluded.batch_id "
            f"WHERE {TABLE}.value IS NOT excluded.value OR {TABLE}.status <> excluded.status"
        )
        self.touched += raw.total_changes - before
        raw.execute(f"DELETE FROM temp.{STAGE}")
        self.staged = 0

    def _write_postgres(self, rows: Iterable[Row]) -> None:
        # One COPY stream for the whole import (a COPY per chunk waited for the server at the
        # end of each): into the table on a first import, else into the stage, merged once in
        # `finish`. No other query may run on the connection while it is open: `pause` ends it.
        if self._copy is None:
            self._cursor = connection.cursor()
            raw = self._cursor.cursor  # the psycopg 3 cursor under Django's wrapper
            target = f"{TABLE} ({COLUMNS}, batch_id)" if self.direct_copy else STAGE
            self._copy_context = raw.copy(f"COPY {target} FROM STDIN")
            self._copy = self._copy_context.__enter__()
        write_row = self._copy.write_row
        count = 0
        if self.direct_copy:
            batch_id = self.batch_id
            for row in rows:
                write_row((*row, batch_id))
                count += 1
        else:
            for row in rows:
                write_row(row)
                count += 1
        self.rows += count

    def pause(self, error: BaseException | None = None) -> None:
        """End the COPY stream, if one is open, so that the connection can run other queries
        (the next `write` opens another). With `error`, the stream is abandoned (the caller's
        transaction is being rolled back)."""
        if self._copy is None:
            return
        context, self._copy = self._copy_context, None
        # The end of the stream is where PostgreSQL answers (a foreign key refused): as
        # Django's exceptions (IntegrityError …), like any other query's.
        with connection.wrap_database_errors:
            if error is None:
                context.__exit__(None, None, None)
            else:
                context.__exit__(type(error), error, error.__traceback__)

    def _merge_postgres(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {TABLE} AS o ({COLUMNS}, batch_id) SELECT {COLUMNS}, %s "
                f"FROM {STAGE} ON CONFLICT ({KEY}) DO UPDATE SET value = excluded.value, "
                "status = excluded.status, batch_id = excluded.batch_id "
                "WHERE o.value IS DISTINCT FROM excluded.value OR o.status <> excluded.status",
                [self.batch_id],
            )
            self.touched += cursor.rowcount
            cursor.execute(f"TRUNCATE {STAGE}")

    def finish(self) -> MergeCounts:
        if self.postgres:
            self.pause()
            if self.direct_copy:
                self.touched = self.rows
            elif self.rows:
                self._merge_postgres()
        if self.sqlite_cache is not None:
            if self.staged:
                self._merge_sqlite()
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE temp.{STAGE}")
                cursor.execute(f"PRAGMA cache_size = {int(self.sqlite_cache)}")
        added = _count() - self.before
        changed = self.touched - added
        return MergeCounts(added=added, changed=changed, unchanged=self.rows - added - changed)


def preview(rows: Sequence[Row]) -> MergeCounts:
    """What writing `rows` would do, without writing (for an upload's confirmation page).
    Meant for file-sized inputs; it reads the existing values of the rows' indicators."""
    indicator_ids = {row[0] for row in rows}
    existing = {}
    with connection.cursor() as cursor:
        for indicator_id in indicator_ids:
            cursor.execute(f"SELECT {COLUMNS} FROM {TABLE} WHERE indicator_id = %s", [indicator_id])
            for r in cursor.fetchall():
                existing[r[:5]] = (r[5], r[6])
    counts = MergeCounts()
    for row in rows:
        old = existing.get(row[:5])
        if old is None:
            counts.added += 1
        elif old != (row[5], row[6]):
            counts.changed += 1
        else:
            counts.unchanged += 1
    return counts
