"""Server time of the municipality's front page (`/`), against `/healthz` in the same run, on the
demo and again with far more data the page does not show; the pages with the status at a
glance (version, area, goal) and an indicator page beside it.

A fresh SQLite database in a temporary folder, migrated and seeded with the demo; then `/` for an
anonymous visitor and the health check (`/healthz`: one `SELECT 1`, the smallest view Riktning
has) through Django's test client (the whole middleware stack, no network), alternately,
--requests times each after a warm-up. Then --areas municipalities × 20 years × T/K/M of values
are added for every indicator of the demo and for --indicators indicators nobody links to, and
both are timed again. Prints the medians (with the follow-up overview's as a yardstick from the
same run), the ratio to /healthz and the queries per front page.

    .venv/bin/python bench/front_page.py [--requests 50] [--areas 312] [--indicators 100]
        [--postgres postgres://postgres@127.0.0.1:5432/bench_front_page]

With --postgres, the same on that PostgreSQL database (dropped and created again: a scratch
database), the added values written with the import's COPY writer and the tables analysed
afterwards, as autovacuum would after such an import.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script
from bench.demo_database import demo_database  # noqa: E402


def measure(client, pages: dict[str, str], requests: int) -> dict[str, float]:
    times: dict[str, list[float]] = {name: [] for name in pages}
    for url in pages.values():  # warm-up
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    for _ in range(requests):
        for name, url in pages.items():
            start = time.perf_counter()
            response = client.get(url)
            times[name].append(time.perf_counter() - start)
            assert response.status_code == 200
    return {name: statistics.median(values) for name, values in times.items()}


def queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


def add_data(areas: int, indicators: int) -> int:
    """Values the front page does not show; returns how many rows were added."""
    from django.db import connection, transaction

    from riktning.indicators import store
    from riktning.indicators.constants import BatchSource, BatchStatus, Direction, SourceKind
    from riktning.indicators.models import ImportBatch, Indicator, Observation
    from riktning.indicators.signals import bulk_written

    extra = Indicator.objects.bulk_create(
        Indicator(
            title=f"Bänkindikator {n}",
            definition="Andel (%).",
            source_kind=SourceKind.LOCAL,
            direction=Direction.INCREASE,
        )
        for n in range(indicators)
    )
    batch = ImportBatch.objects.create(source=BatchSource.MANUAL, status=BatchStatus.SUCCEEDED)
    every = list(Indicator.objects.exclude(pk__in=[i.pk for i in extra])) + extra
    added = 0
    with transaction.atomic():
        writer = store.Writer(batch.pk)
        for indicator in every:
            rows = [
                (indicator.pk, f"B{a:04d}", year, gender, "", float((a * 7 + year) % 100), "final")
                for a in range(areas)
                for year in range(2005, 2025)
                for gender in "TKM"
            ]
            writer.write(rows)
            added += len(rows)
        writer.finish()
        bulk_written.send(sender=Observation)  # the follow-up cache's generation, as on import
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return added


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--areas", type=int, default=312)
    parser.add_argument("--indicators", type=int, default=100)
    parser.add_argument("--postgres", default="", help="a scratch PostgreSQL database's URL")
    args = parser.parse_args()
    with demo_database(demo_mode=True, postgres=args.postgres):
        from django.test import Client

        client = Client(SERVER_NAME="127.0.0.1")  # an allowed host
        from riktning.strategy.models import Version

        adopted = Version.objects.get(title="Strategi för social hållbarhet 2021–2030")
        # The follow-up overview of bench/followup_overview.py, as a yardstick from the same run.
        area = adopted.areas.order_by("order", "pk").first()
        goal = area.goals.order_by("order", "pk").first()
        link = goal.indicator_links.exclude(indicator=None).first()
        pages = {
            "front": "/",
            "overview": f"/versioner/{adopted.pk}/uppfoljning/",
            "version": f"/versioner/{adopted.pk}/",
            "area": f"/omraden/{area.pk}/",
            "goal": f"/mal/{goal.pk}/",
            "indicator": f"/indikatorer/{link.indicator_id}/",
            "minimal": "/healthz",
        }

        demo = measure(client, pages, args.requests)
        demo_queries = queries(client, "/")
        added = add_data(args.areas, args.indicators)
        more = measure(client, pages, args.requests)
        more_queries = queries(client, "/")

        for label, result, count in (
            ("demo", demo, demo_queries),
            (f"demo + {added:,} values it does not show", more, more_queries),
        ):
            front, minimal = result["front"], result["minimal"]
            print(
                f"{label}: front page median {front * 1000:.1f} ms ({count} queries), "
                f"follow-up overview {result['overview'] * 1000:.1f} ms, /healthz "
                f"{minimal * 1000:.2f} ms; front page / healthz {front / minimal:.0f}×"
            )
            others = ", ".join(
                f"{name} {result[name] * 1000:.1f} ms"
                for name in ("version", "area", "goal", "indicator")
            )
            print(f"    the pages with the status grid: {others}")


if __name__ == "__main__":
    main()
