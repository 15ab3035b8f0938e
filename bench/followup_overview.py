"""Server time of the demo's follow-up overview, against a minimal Django view in the same run.

A fresh SQLite database in a temporary folder, migrated and seeded with the demo; then the
overview of the adopted strategy 2021–2030 (`/versioner/<id>/uppfoljning/`, anonymous) and the
health check (`/healthz`: one `SELECT 1`, the smallest view Riktning has) are requested through
Django's test client (the whole middleware stack, no network), alternately, --requests times
each after a warm-up. Prints the medians and their ratio.

    .venv/bin/python bench/followup_overview.py [--requests 50]
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script
from bench.demo_database import demo_database  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    with demo_database(demo_mode=True):
        from django.test import Client

        from riktning.strategy.models import Version

        version = Version.objects.get(title="Strategi för social hållbarhet 2021–2030")
        client = Client(SERVER_NAME="127.0.0.1")  # an allowed host
        pages = {"overview": f"/versioner/{version.pk}/uppfoljning/", "minimal": "/healthz"}
        times: dict[str, list[float]] = {name: [] for name in pages}
        for url in pages.values():  # warm-up
            response = client.get(url)
            assert response.status_code == 200, (
                url,
                response.status_code,
                response.get("Location"),
            )
        for _ in range(args.requests):
            for name, url in pages.items():
                start = time.perf_counter()
                response = client.get(url)
                times[name].append(time.perf_counter() - start)
                assert response.status_code == 200
        overview = statistics.median(times["overview"])
        minimal = statistics.median(times["minimal"])
        print(f"follow-up overview: median {overview * 1000:.1f} ms of {args.requests} requests")
        print(f"minimal view (/healthz): median {minimal * 1000:.2f} ms")
        print(f"ratio: {overview / minimal:.0f}×")


if __name__ == "__main__":
    main()
