"""Fast, set-based storage of observations: stage rows in a temporary table, then merge.

Rows are tuples `(indicator_id, area_code, period, gender, breakdown, value, status)`.
The caller holds the transaction: `stage()` any number of chunks (memory stays flat however many
rows arrive), then `merge()` once. Re-importing updates in place; the counts say how many rows
were added, changed and unchanged. PostgreSQL stages with COPY, SQLite with executemany —
Django's bulk_create is ~20× slower for this (see docs/performance.md).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection

Row = tuple[int, str, int, str, str, float | None, str]

TABLE = "indicators_observation"
STAGE = "riktning_observation_stage"
KEY = ("indicator_id", "area_code", "period", "gender", "breakdown")
_JOIN = " AND ".join(f"o.{c} = s.{c}" for c in KEY)


@dataclass
class MergeCounts:
    added: int = 0
    changed: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.added + self.changed + self.unchanged


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def create_stage() -> None:
    """An empty staging table for this connection. Call inside the import's transaction."""
    with connection.cursor() as cursor:
        if _is_postgres():
            cursor.execute(
                f"CREATE TEMP TABLE IF NOT EXISTS {STAGE} (indicator_id bigint, area_code "
                "varchar(12), period smallint, gender varchar(1), breakdown varchar(40), "
                "value double precision, status varchar(12)) ON COMMIT DROP"
            )
        else:
            cursor.execute(
                f"CREATE TEMP TABLE IF NOT EXISTS {STAGE} (indicator_id integer, area_code text,"
                " period integer, gender text, breakdown text, value real, status text)"
            )
        cursor.execute(f"DELETE FROM {STAGE}")


def stage(rows: Iterable[Row]) -> int:
    """Append rows to the staging table; returns how many."""
    count = 0
    if _is_postgres():
        with connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg 3 cursor under Django's wrapper
            with raw.copy(
                f"COPY {STAGE} (indicator_id, area_code, period, gender, breakdown, value, "
                "status) FROM STDIN"
            ) as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
        return count
    rows = rows if isinstance(rows, list) else list(rows)
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {STAGE} VALUES (%s, %s, %s, %s, %s, %s, %s)", rows)
    return len(rows)


def staged_duplicates(limit: int = 10) -> list[tuple]:
    """Keys that occur more than once among the staged rows (an input error)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(KEY)}, COUNT(*) FROM {STAGE} GROUP BY {', '.join(KEY)} "
            f"HAVING COUNT(*) > 1 LIMIT {int(limit)}"
        )
        return cursor.fetchall()


def staged_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {STAGE}")
        return cursor.fetchone()[0]


def merge(batch_id: int, *, dry_run: bool = False) -> MergeCounts:
    """Merge the staged rows into the observations; returns what changed.

    With `dry_run` nothing is written: the counts tell what a merge would do (upload preview).
    """
    total = staged_count()
    with connection.cursor() as cursor:
        differs = (
            "o.value IS DISTINCT FROM s.value OR o.status <> s.status"
            if _is_postgres()
            else "o.value IS NOT s.value OR o.status <> s.status"
        )
        if dry_run:
            cursor.execute(
                f"SELECT COUNT(*) FROM {STAGE} s JOIN {TABLE} o ON {_JOIN} WHERE {differs}"
            )
            changed = cursor.fetchone()[0]
            cursor.execute(
                f"SELECT COUNT(*) FROM {STAGE} s WHERE NOT EXISTS "
                f"(SELECT 1 FROM {TABLE} o WHERE {_JOIN})"
            )
            added = cursor.fetchone()[0]
            return MergeCounts(added=added, changed=changed, unchanged=total - added - changed)
        if _is_postgres():
            cursor.execute(
                f"UPDATE {TABLE} o SET value = s.value, status = s.status, batch_id = %s "
                f"FROM {STAGE} s WHERE {_JOIN} AND ({differs})",
                [batch_id],
            )
            changed = cursor.rowcount
            cursor.execute(
                f"INSERT INTO {TABLE} (indicator_id, area_code, period, gender, breakdown, value,"
                f" status, batch_id) SELECT indicator_id, area_code, period, gender, breakdown, "
                f"value, status, %s FROM {STAGE} ON CONFLICT DO NOTHING",
                [batch_id],
            )
            added = cursor.rowcount
        else:
            cursor.execute(
                f"UPDATE {TABLE} AS o SET value = s.value, status = s.status, batch_id = %s "
                f"FROM {STAGE} AS s WHERE {_JOIN} AND ({differs})",
                [batch_id],
            )
            changed = cursor.rowcount
            cursor.execute(
                f"INSERT INTO {TABLE} (indicator_id, area_code, period, gender, breakdown, value,"
                f" status, batch_id) SELECT indicator_id, area_code, period, gender, breakdown, "
                f"value, status, %s FROM {STAGE} WHERE true ON CONFLICT ({', '.join(KEY)}) "
                "DO NOTHING",
                [batch_id],
            )
            added = cursor.rowcount
        cursor.execute(f"DELETE FROM {STAGE}")
    return MergeCounts(added=added, changed=changed, unchanged=total - added - changed)
