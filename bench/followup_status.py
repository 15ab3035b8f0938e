"""Follow-up status at national scale, from memory: every area in the reference list (312) ×
300 indicators × T/K/M × 20 years (about 5.6 million values) generated in memory, then

- the batch path (`bench/followup_batch.assess_many`, one call per indicator), and
- a straightforward per-series loop (`riktning.followup.progress.assess_series` on each series),

timed in the same run, with a check that both give the same statuses, values and scores.

Plain Python: numpy is not installed in Riktning's environment and is not a dependency.

    .venv/bin/python bench/followup_status.py [--indicators 300] [--years 20] [--loop-sample N]
        [--db sqlite,postgres] [--postgres-url URL]

`--loop-sample N` times the loop on every N-th indicator only and scales the time up (the loop
is the slow side; the default 1 runs it on everything).

`--db sqlite,postgres` also measures end to end from the database: a subprocess gets a fresh
SQLite file or PostgreSQL database (--postgres-url, default bench_followup: dropped, created,
dropped again after), migrates and stores the same values through riktning.indicators.store (not
timed); then, timed, it runs the query of riktning.indicators.queries.observations, reads the rows
with the database cursor, builds the series and assesses them with the batch path.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from itertools import chain
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "riktning.settings")

import django  # noqa: E402

django.setup()

from bench.followup_batch import assess_many  # noqa: E402
from riktning.followup.progress import DECREASE, INCREASE, assess_series  # noqa: E402
from riktning.indicators.reference import reference_areas  # noqa: E402

GENDERS = ("T", "K", "M")


def generate(n_indicators: int, years: list[int], seed: int = 1287):
    """Per indicator: its parameters and a list of rows (area × gender), one value per year,
    about 3 % missing. A third of the indicators have a target, a tenth a limit."""
    rng = random.Random(seed)
    areas = [a["id"] for a in reference_areas()]
    indicators = []
    for i in range(n_indicators):
        params = {"direction": INCREASE if i % 4 else DECREASE, "base_year": years[0] + 5}
        if i % 3 == 0:
            params |= {"target": 80.0, "target_year": years[-1] + 6}
        elif i % 10 == 1:
            params["limit"] = 100.0
        rows = []
        for _area in areas:
            level = rng.uniform(10, 90)
            drift = rng.uniform(-0.8, 0.8)
            for _gender in GENDERS:
                rows.append(
                    [
                        None
                        if rng.random() < 0.03
                        else round(level + drift * k + rng.gauss(0, 1.0), 1)
                        for k in range(len(years))
                    ]
                )
        indicators.append((params, rows))
    return areas, indicators


def child(n_indicators: int, years: list[int]) -> None:
    """In a subprocess with DATABASE_URL set: fresh database, store the values, time the path."""
    from django.core.management import call_command
    from django.db import connection, transaction

    from riktning.indicators import store
    from riktning.indicators.constants import BatchSource, SourceKind
    from riktning.indicators.models import ImportBatch, Indicator
    from riktning.indicators.queries import observations

    call_command("migrate", verbosity=0)
    areas, indicators = generate(n_indicators, years)
    objs = Indicator.objects.bulk_create(
        [
            Indicator(
                title=f"B{i:05d}",
                source_kind=SourceKind.KOLADA,
                source_key=f"B{i:05d}",
                direction=params["direction"],
            )
            for i, (params, _rows) in enumerate(indicators)
        ]
    )
    ids = (
        [o.pk for o in objs]
        if objs[0].pk
        else list(Indicator.objects.order_by("source_key").values_list("pk", flat=True))
    )
    t0 = time.perf_counter()
    stored = 0
    with transaction.atomic():
        batch = ImportBatch.objects.create(source=BatchSource.KOLADA)
        writer = store.Writer(batch.pk, ids)
        for indicator_id, (_params, rows) in zip(ids, indicators, strict=True):
            chunk = []
            for n, row in enumerate(rows):
                area, gender = areas[n // len(GENDERS)], GENDERS[n % len(GENDERS)]
                chunk.extend(
                    (indicator_id, area, year, gender, "", value, "final")
                    for year, value in zip(years, row, strict=True)
                    if value is not None
                )
            writer.write(chunk)
            stored += len(chunk)
        writer.finish()
    load = time.perf_counter() - t0
    params_by_id = dict(zip(ids, (params for params, _rows in indicators), strict=True))
    first = years[0]

    t0 = time.perf_counter()
    statuses: dict[str, int] = {}

    def flush(indicator_id, series):
        result = assess_many(years, list(series.values()), **params_by_id[indicator_id])
        for status in result[0]:
            statuses[status] = statuses.get(status, 0) + 1

    current, series = None, {}
    qs = observations(indicator_ids=ids).values_list(
        "indicator_id", "area_code", "gender", "period", "value"
    )
    # The query is the queries module's; the rows are read with the database cursor, without
    # Django building each row through its iterator (20 indicators: 0.82 s before, 0.39 s after).
    sql, sql_params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, sql_params)
        rows = iter(lambda: cursor.fetchmany(20_000), [])
        for indicator_id, area, gender, period, value in chain.from_iterable(rows):
            if indicator_id != current:
                if current is not None:
                    flush(current, series)
                current, series = indicator_id, {}
            row = series.get((area, gender))
            if row is None:
                row = series[(area, gender)] = [None] * len(years)
            row[period - first] = value
    if current is not None:
        flush(current, series)
    seconds = time.perf_counter() - t0
    print(json.dumps({"stored": stored, "load": load, "seconds": seconds, "statuses": statuses}))


DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/bench_followup"


def psql(sql: str, url: str) -> None:
    subprocess.run(["psql", "-q", "-d", url.rsplit("/", 1)[0] + "/postgres", "-c", sql], check=True)


def end_to_end(db: str, n_indicators: int, years: list[int], pg_url: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, RIKTNING_DATA_DIR=tmp)
        if db == "sqlite":
            env["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        elif db == "postgres":
            name = pg_url.rsplit("/", 1)[1]
            if name in ("test", "test_test", "postgres", "followuphelper"):
                raise SystemExit(f"refusing to drop the database {name!r}")
            psql(f'DROP DATABASE IF EXISTS "{name}"', pg_url)
            psql(f'CREATE DATABASE "{name}"', pg_url)
            env["DATABASE_URL"] = pg_url
        else:
            raise SystemExit(f"unknown database {db!r}: sqlite or postgres")
        try:
            out = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--child",
                    "--indicators",
                    str(n_indicators),
                    "--years",
                    str(len(years)),
                ],
                env=env,
                check=True,
                capture_output=True,
                text=True,
            )
        finally:
            if db == "postgres":
                psql(f'DROP DATABASE IF EXISTS "{pg_url.rsplit("/", 1)[1]}"', pg_url)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--indicators", type=int, default=300)
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--loop-sample", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="batch runs; the best is shown")
    parser.add_argument(
        "--db", default="", help="also end to end from these databases: sqlite,postgres"
    )
    parser.add_argument("--postgres-url", default=DEFAULT_PG_URL)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    years = list(range(2025 - args.years, 2025))
    if args.child:
        child(args.indicators, years)
        return

    t0 = time.perf_counter()
    areas, indicators = generate(args.indicators, years)
    generated = time.perf_counter() - t0
    series = sum(len(rows) for _p, rows in indicators)
    print(
        f"{len(areas)} areas × {args.indicators} indicators × {len(GENDERS)} genders = "
        f"{series:,} series, {series * len(years):,} values (generated in {generated:.1f} s)"
    )

    batch_times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        batch_results = [assess_many(years, rows, **params) for params, rows in indicators]
        batch_times.append(time.perf_counter() - t0)
    batch = min(batch_times)
    print(f"batch path (assess_many):        {batch:.3f} s (best of {args.repeat})")

    sample = indicators[:: args.loop_sample]
    sampled_series = sum(len(rows) for _p, rows in sample)
    t0 = time.perf_counter()
    loop_results = [
        [assess_series(years, row, **params) for row in rows] for params, rows in sample
    ]
    loop = (time.perf_counter() - t0) * series / sampled_series
    scaled = f" (measured on {sampled_series:,} series, scaled)" if args.loop_sample > 1 else ""
    print(f"per-series loop (assess_series): {loop:.3f} s{scaled}")
    print(f"ratio: {loop / batch:.1f}×")

    mismatches = 0
    statuses: dict[str, int] = {}
    for k in range(len(indicators)):
        b_status, b_value, b_score = batch_results[k]
        for s in b_status:
            statuses[s] = statuses.get(s, 0) + 1
        if k % args.loop_sample:
            continue
        for j, ref in enumerate(loop_results[k // args.loop_sample]):
            if (ref.status, ref.value, ref.score) != (b_status[j], b_value[j], b_score[j]):
                mismatches += 1
    print("statuses:", ", ".join(f"{s} {n:,}" for s, n in sorted(statuses.items())))
    print(f"identical results: {'yes' if not mismatches else f'NO, {mismatches} differ'}")
    for db in [d.strip() for d in args.db.split(",") if d.strip()]:
        result = end_to_end(db, args.indicators, years, args.postgres_url)
        print(
            f"end to end from {db}: {result['seconds']:.2f} s for {result['stored']:,} stored "
            f"values (storing them first, not timed: {result['load']:.1f} s)"
        )
        same = result["statuses"] == statuses
        print(f"same statuses as from memory: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
