"""Benchmark: import ~1,000,000 Kolada observations through the real connector code path
(KoladaClient → normalise → record_observations → staging + merge) from recorded page files,
into SQLite and PostgreSQL, and compare with a plain Django bulk_create of the same rows.

    .venv/bin/python bench/kolada_import.py [--rows 1000000] [--db sqlite,postgres]

Each measurement runs in a fresh subprocess with a fresh database, so peak memory (max RSS)
is the import's own. Prints rows/s, peak memory and the ratio to bulk_create.
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
PG_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/riktning_bench")


def child(mode: str, rows: int, pages_dir: str) -> None:
    """Runs in the subprocess: migrate a fresh database, then time one import."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "riktning.settings")
    import django

    django.setup()
    import httpx
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from bench.national_data import BASE, kpi_ids, kpis_for_rows, write_pages
    from riktning.indicators.constants import SourceKind
    from riktning.indicators.models import ImportBatch, Indicator, Observation
    from riktning.indicators.sources import kolada

    years = list(range(2005, 2025))
    kpis = kpi_ids(kpis_for_rows(rows, len(years)))
    Indicator.objects.bulk_create(
        [Indicator(title=k, source_kind=SourceKind.KOLADA, source_key=k) for k in kpis]
    )
    routes = write_pages(Path(pages_dir), kpis, years)
    areas = sorted(
        {a for url in routes for a in url.split("/municipality/")[1].split("/")[0].split(",")}
    )

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=routes[str(request.url)].read_bytes())

    client = kolada.KoladaClient(BASE, max_per_second=0, transport=httpx.MockTransport(handler))
    start = time.perf_counter()
    if mode == "connector":
        batch = kolada.sync(kpis, areas, years, client=client)
        stored = batch.rows_added
    else:  # the baseline: the same rows through Django's bulk_create
        ids = dict(Indicator.objects.values_list("source_key", "id"))
        batch = ImportBatch.objects.create(source="kolada")
        stored = 0
        for url in client.data_urls(kpis, areas, years):
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
                    for r in kolada.normalise(page, ids, url)
                ]
                Observation.objects.bulk_create(objs, batch_size=2000)
                stored += len(objs)
    seconds = time.perf_counter() - start
    assert Observation.objects.count() == stored
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"rows": stored, "seconds": seconds, "peak_mb": peak_mb}))


def run(mode: str, rows: int, db: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, RIKTNING_DATA_DIR=tmp)
        if db == "sqlite":
            env["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        else:
            subprocess.run(
                [
                    "psql",
                    "-q",
                    "-h",
                    "127.0.0.1",
                    "-U",
                    "postgres",
                    "-c",
                    "DROP DATABASE IF EXISTS riktning_bench",
                ],
                check=True,
            )
            subprocess.run(
                [
                    "psql",
                    "-q",
                    "-h",
                    "127.0.0.1",
                    "-U",
                    "postgres",
                    "-c",
                    "CREATE DATABASE riktning_bench",
                ],
                check=True,
            )
            env["DATABASE_URL"] = PG_URL
        pages = Path(tmp) / "pages"
        pages.mkdir()
        out = subprocess.run(
            [sys.executable, __file__, "--child", mode, "--rows", str(rows), "--pages", str(pages)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--db", default="sqlite,postgres")
    parser.add_argument("--child")
    parser.add_argument("--pages")
    args = parser.parse_args()
    if args.child:
        return child(args.child, args.rows, args.pages)
    print(
        f"Kolada import benchmark, ~{args.rows:,} observations "
        "(312 areas × KPIs × 20 years × T/K/M)"
    )
    for db in args.db.split(","):
        connector = run("connector", args.rows, db)
        baseline = run("bulk_create", args.rows, db)
        rate = connector["rows"] / connector["seconds"]
        base_rate = baseline["rows"] / baseline["seconds"]
        print(
            f"{db:9} connector: {connector['rows']:,} rows in {connector['seconds']:.2f} s = "
            f"{rate:,.0f} rows/s, peak {connector['peak_mb']:.0f} MB | bulk_create: "
            f"{base_rate:,.0f} rows/s, peak {baseline['peak_mb']:.0f} MB | "
            f"ratio {rate / base_rate:.1f}×"
        )


if __name__ == "__main__":
    main()
