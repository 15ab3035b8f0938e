"""Benchmark: import Kolada observations at national scale through the real connector code path,
into SQLite and PostgreSQL, and compare with a plain Django bulk_create of the same rows.

    .venv/bin/python bench/kolada_import.py [--rows 1000000] [--db sqlite,postgres]
        [--modes connector,bulk_create] [--postgres-url URL] [--no-floors] [--code DIR]

With BENCH_PROFILE=FILE set, the connector's first import runs under cProfile and its figures
are written to FILE (read them with `python -m pstats FILE`).

What runs:

1. The parent writes every page the connector will ask for (bench/national_data.py: all 312
   reference areas × enough KPIs for --rows × 20 years × T/K/M, Kolada v3 JSON pages of at most
   5,000 data objects with `next_url` links) into a temporary folder. Not timed.
2. For each database and mode, a fresh subprocess gets a fresh database (SQLite: a file in the
   temporary folder; PostgreSQL: the database named in --postgres-url, dropped and created), runs
   the migrations and adds the KPIs to the catalogue. Then, timed:
   - connector: `kolada.sync(kpis, areas, years, client=KoladaClient(...))`, i.e. KoladaClient
     requesting every data URL and following `next_url` page by page (httpx with a MockTransport
     that answers each request with the page file: everything but the socket), normalise with its
     checks, services.record_observations (batch, provenance, audit event, added/changed/unchanged
     counts) and store.Writer. Then the same sync again: a re-import where every row is unchanged.
   - bulk_create: the same client, pages and normalise, but each page's rows stored with
     `Observation.objects.bulk_create(..., batch_size=2000)` into an ImportBatch: plain inserts,
     no upsert and no counts (it could not re-import), so it flatters the baseline if anything.
3. The floors, in a subprocess of their own before the connector (same rows, ready-made Python
   tuples, nothing parsed): SQLite `executemany` into the observations' table and indexes (a
   fresh file, foreign keys not enforced); PostgreSQL COPY into a copy of the table with its
   indexes and without foreign keys, and COPY into the observations with their foreign keys
   checked at the commit (deferred, as declared) and with SET CONSTRAINTS ALL IMMEDIATE. The
   connector's first import is printed as a fraction of the floor (--no-floors skips them).
4. Peak memory is the child process's ru_maxrss (getrusage: the peak resident set of the whole
   process, Python + Django + the database driver + SQLite's page cache, including migrations),
   with the resident set just before the timed import for comparison.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/bench_riktning"
YEARS = list(range(2005, 2025))


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def child(mode: str, pages_dir: str) -> None:
    """Runs in the subprocess: migrate the fresh database, then time the import(s)."""
    sys.path.insert(0, str(ROOT))
    if os.environ.get("BENCH_CODE"):  # --code: another checkout's riktning (before/after)
        sys.path.insert(0, os.environ["BENCH_CODE"])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "riktning.settings")
    import django

    django.setup()
    import httpx
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from bench.national_data import BASE
    from riktning.indicators.constants import SourceKind
    from riktning.indicators.models import ImportBatch, Indicator, Observation
    from riktning.indicators.sources import kolada

    directory = Path(pages_dir)
    manifest = json.loads((directory / "manifest.json").read_text())
    routes, kpis, areas = manifest["routes"], manifest["kpis"], manifest["areas"]
    Indicator.objects.bulk_create(
        [Indicator(title=k, source_kind=SourceKind.KOLADA, source_key=k) for k in kpis]
    )

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=(directory / routes[str(request.url)]).read_bytes())

    client = kolada.KoladaClient(BASE, max_per_second=0, transport=httpx.MockTransport(handler))
    result = {"rss_before_mb": rss_mb()}
    if mode == "floors":
        ids = list(Indicator.objects.order_by("pk").values_list("pk", flat=True))
        rows = synthetic_rows(ids, areas, manifest["rows"])
        batch = ImportBatch.objects.create(source="kolada")
        result.update(floors(rows, batch.pk, directory.parent), rows=len(rows))
        print(json.dumps(result))
        return
    start, cpu_start = time.perf_counter(), cpu_seconds()
    if mode == "connector":
        profile = os.environ.get(
            "BENCH_PROFILE"
        )  # a file for cProfile's figures of the first import
        if profile:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        batch = kolada.sync(kpis, areas, YEARS, client=client)
        result["seconds"] = time.perf_counter() - start
        result["cpu_seconds"] = cpu_seconds() - cpu_start
        if profile:
            profiler.disable()
            profiler.dump_stats(profile)
        result["rows"] = batch.rows_added
        result["counts"] = [batch.rows_added, batch.rows_changed, batch.rows_unchanged]
        result["requests"] = client.requests
        start = time.perf_counter()
        again = kolada.sync(kpis, areas, YEARS, client=client)
        result["reimport_seconds"] = time.perf_counter() - start
        result["reimport_counts"] = [again.rows_added, again.rows_changed, again.rows_unchanged]
        assert again.rows_unchanged == result["rows"], result
    else:  # the baseline: the same pages and rows through Django's bulk_create
        ids = dict(Indicator.objects.values_list("source_key", "id"))
        batch = ImportBatch.objects.create(source="kolada")
        asked = frozenset(areas)
        stored = 0
        for url in client.data_urls(kpis, areas, YEARS):
            for page in client.paged(url):
                objs = [
                    Observation(
                        indicator_id=r[0],
                        area_code=r[1],
                        period=r[2],
                        gender=r[3],
                        breakdown=r[4],
                        value=r[5],
                        status=r[6],
                        batch=batch,
                    )
                    for r in kolada.normalise(page, ids, url, asked)
                ]
                Observation.objects.bulk_create(objs, batch_size=2000)
                stored += len(objs)
        result["seconds"] = time.perf_counter() - start
        result["rows"] = stored
    assert Observation.objects.count() == result["rows"]
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def cpu_seconds() -> float:
    """The process's CPU time so far (user + system): on a busy machine a steadier figure than
    the time on the clock, which counts the waits for a core."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def synthetic_rows(indicator_ids: list[int], areas: list[str], count: int) -> list[tuple]:
    """`count` rows of the connector's shape (store.Row), the same keys as the pages'."""
    rows = []
    for indicator_id in indicator_ids:
        for area in areas:
            for year in YEARS:
                for gender in "TKM":
                    rows.append((indicator_id, area, year, gender, "", float(year % 97), ""))
                    if len(rows) == count:
                        return rows
    return rows


def floors(rows: list[tuple], batch_id: int, tmp: Path) -> dict:
    """The floors of the database alone, from ready-made Python tuples (nothing parsed): SQLite
    `executemany` into an indexed table; PostgreSQL COPY into an indexed table without foreign
    keys, and COPY into the observations with their foreign keys checked at the commit (as
    declared: deferred) or at the end of the COPY (SET CONSTRAINTS ... IMMEDIATE)."""
    from django.db import connection, transaction

    result = {}
    if connection.vendor == "sqlite":
        import sqlite3

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT sql FROM sqlite_master WHERE tbl_name = 'indicators_observation' "
                "AND sql IS NOT NULL"
            )
            ddl = [r[0] for r in cursor.fetchall()]
        path = tmp / "floor.sqlite3"
        path.unlink(missing_ok=True)
        raw = sqlite3.connect(path)
        raw.execute("PRAGMA journal_mode=WAL")
        raw.execute("PRAGMA synchronous=NORMAL")
        raw.execute(f"PRAGMA cache_size = -{64 * 1024}")
        for statement in ddl:  # the same table and indexes, foreign keys not enforced
            raw.execute(statement)
        start, cpu_start = time.perf_counter(), cpu_seconds()
        raw.executemany(
            "INSERT INTO indicators_observation (indicator_id, area_code, period, gender, "
            "breakdown, value, status, batch_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(*row, batch_id) for row in rows],
        )
        raw.commit()
        result["sqlite_executemany"] = time.perf_counter() - start
        result["sqlite_executemany_cpu"] = cpu_seconds() - cpu_start
        raw.close()
        path.unlink()
        return result

    columns = "indicator_id, area_code, period, gender, breakdown, value, status, batch_id"

    def copy(table: str, setup: str = "") -> tuple[float, float]:
        start = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            if setup:
                cursor.execute(setup)
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as stream:
                for row in rows:
                    stream.write_row((*row, batch_id))
            copied = time.perf_counter()
        return copied - start, time.perf_counter() - start

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_floor (LIKE indicators_observation INCLUDING DEFAULTS "
            "INCLUDING IDENTITY INCLUDING INDEXES)"
        )
    _, result["pg_copy_no_fk"] = copy("bench_floor")
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_floor")
    for name, setup in (
        ("pg_copy_fk_deferred", ""),
        ("pg_copy_fk_immediate", "SET CONSTRAINTS ALL IMMEDIATE"),
    ):
        copied, total = copy("indicators_observation", setup)
        result[name] = total
        result[name + "_copy_part"] = copied
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE indicators_observation")
    return result


def psql(sql: str, url: str) -> None:
    subprocess.run(["psql", "-q", "-d", url.rsplit("/", 1)[0] + "/postgres", "-c", sql], check=True)


def run(mode: str, db: str, tmp: Path, pages: Path, pg_url: str, code: str = "") -> dict:
    env = dict(os.environ, RIKTNING_DATA_DIR=str(tmp), BENCH_CODE=code)
    if db == "sqlite":
        for old in tmp.glob("bench.sqlite3*"):
            old.unlink()
        env["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    else:
        name = pg_url.rsplit("/", 1)[1]
        if name in ("test", "test_test", "postgres"):
            raise SystemExit(f"refusing to drop the database {name!r}")
        psql(f'DROP DATABASE IF EXISTS "{name}"', pg_url)
        psql(f'CREATE DATABASE "{name}"', pg_url)
        env["DATABASE_URL"] = pg_url
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--pages", str(pages)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def generate(rows: int, pages: Path) -> tuple[int, int, int]:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "riktning.settings")
    os.environ["RIKTNING_DATA_DIR"] = str(pages.parent)  # settings create it; keep it out of ./
    import django

    django.setup()
    from bench.national_data import kpi_ids, kpis_for_rows, write_pages

    kpis = kpi_ids(kpis_for_rows(rows, len(YEARS)))
    routes = write_pages(pages, kpis, YEARS)
    areas = sorted(
        {a for url in routes for a in url.split("/municipality/")[1].split("/")[0].split(",")}
    )
    manifest = {
        "routes": {url: path.name for url, path in routes.items()},
        "kpis": kpis,
        "areas": areas,
        "rows": len(areas) * len(kpis) * len(YEARS) * 3,
    }
    (pages / "manifest.json").write_text(json.dumps(manifest))
    return len(kpis), len(areas), len(routes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="at least this many")
    parser.add_argument("--db", default="sqlite,postgres")
    parser.add_argument("--modes", default="connector,bulk_create")
    parser.add_argument(
        "--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_PG_URL)
    )
    parser.add_argument(
        "--no-floors", action="store_true", help="skip measuring the databases' floors"
    )
    parser.add_argument(
        "--code",
        default="",
        help="also run the connector with the riktning package of this checkout first "
        "(e.g. /work/main: before/after in the same run)",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--pages", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.child, args.pages)
    with tempfile.TemporaryDirectory(prefix="riktning-bench-") as name:
        tmp = Path(name)
        pages = tmp / "pages"
        pages.mkdir()
        start = time.perf_counter()
        kpis, areas, files = generate(args.rows, pages)
        print(
            f"Kolada import benchmark: {areas} areas × {kpis} KPIs × {len(YEARS)} years × T/K/M "
            f"= {areas * kpis * len(YEARS) * 3:,} observations in {files:,} pages "
            f"(generated in {time.perf_counter() - start:.1f} s, not timed)",
            flush=True,
        )
        for db in args.db.split(","):
            results = {}
            floor = None
            if not args.no_floors:
                f = run("floors", db, tmp, pages, args.postgres_url)
                if db == "sqlite":
                    floor = f["rows"] / f["sqlite_executemany"]
                    print(
                        f"{db:8} floor: executemany into the indexed table, "
                        f"{f['rows']:,} ready-made rows: {f['sqlite_executemany']:.2f} s = "
                        f"{floor:,.0f} rows/s (CPU {f['sqlite_executemany_cpu']:.2f} s)",
                        flush=True,
                    )
                else:
                    floor = f["rows"] / f["pg_copy_no_fk"]
                    print(
                        f"{db:8} floor: COPY into an indexed table without foreign keys, "
                        f"{f['rows']:,} ready-made rows: {f['pg_copy_no_fk']:.2f} s = "
                        f"{floor:,.0f} rows/s",
                        flush=True,
                    )
                    for name, label in (
                        ("pg_copy_fk_deferred", "foreign keys checked at the commit (deferred)"),
                        ("pg_copy_fk_immediate", "SET CONSTRAINTS ALL IMMEDIATE"),
                    ):
                        print(
                            f"{db:8}   COPY into the observations, {label}: {f[name]:.2f} s "
                            f"(COPY {f[name + '_copy_part']:.2f} s, the rest the commit) = "
                            f"{f['rows'] / f[name]:,.0f} rows/s",
                            flush=True,
                        )
            if args.code:
                r = run("connector", db, tmp, pages, args.postgres_url, args.code)
                rate = r["rows"] / r["seconds"]
                print(
                    f"{db:8} connector of {args.code}: {r['rows']:,} rows in {r['seconds']:.2f} s"
                    f" = {rate:,.0f} rows/s (CPU {r['cpu_seconds']:.2f} s), "
                    f"peak {r['peak_mb']:.0f} MB; re-import "
                    f"{r['reimport_seconds']:.2f} s = {r['rows'] / r['reimport_seconds']:,.0f} "
                    f"rows/s" + (f"; {rate / floor:.0%} of the floor" if floor else ""),
                    flush=True,
                )
            for mode in args.modes.split(","):
                r = results[mode] = run(mode, db, tmp, pages, args.postgres_url)
                rate = r["rows"] / r["seconds"]
                line = (
                    f"{db:8} {mode:11} {r['rows']:,} rows in {r['seconds']:.2f} s = "
                    f"{rate:,.0f} rows/s, peak {r['peak_mb']:.0f} MB "
                    f"(RSS {r['rss_before_mb']:.0f} MB before the import)"
                )
                if mode == "connector":
                    line += (
                        f", CPU {r['cpu_seconds']:.2f} s, counts {r['counts']}; "
                        "re-import (all unchanged) "
                        f"{r['reimport_seconds']:.2f} s = "
                        f"{r['rows'] / r['reimport_seconds']:,.0f} rows/s, "
                        f"counts {r['reimport_counts']}"
                    )
                print(line, flush=True)
                if floor and mode == "connector":
                    print(
                        f"{db:8} connector first import reaches {rate / floor:.0%} of the floor",
                        flush=True,
                    )
            if {"connector", "bulk_create"} <= results.keys():
                c, b = results["connector"], results["bulk_create"]
                ratio = (c["rows"] / c["seconds"]) / (b["rows"] / b["seconds"])
                print(f"{db:8} ratio connector / bulk_create: {ratio:.1f}×", flush=True)


if __name__ == "__main__":
    main()
