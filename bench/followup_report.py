"""Time to render the demo's yearly follow-up ("Uppföljning 2025") as PDF, Word and HTML.

A fresh SQLite database in a temporary folder, migrated and seeded with the demo (not timed);
then `riktning.followup.report.render` for each format, --runs times each after a warm-up,
printing the median and the fastest. Aims (issue 4): PDF under 5 s, Word under 2 s. The render
store (reports/store.py) is emptied before each run (not timed), so every run draws its charts
and lays out its PDF; `bench/report_cli.py` times the command line with the store and without.

    .venv/bin/python bench/followup_report.py [--runs 5]
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
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with demo_database():
        from riktning.followup import report
        from riktning.reports.models import Rendering

        followup = report.resolve("latest")
        print(f"{followup.title}, {followup.version.title}")
        for fmt in ("html", "pdf", "docx"):
            report.render(followup, fmt)  # warm-up: imports, fonts, the Vega runtime
            times = []
            for _ in range(args.runs):
                Rendering.objects.all().delete()
                start = time.perf_counter()
                content = report.render(followup, fmt)
                times.append(time.perf_counter() - start)
            print(
                f"{fmt:5} median {statistics.median(times):.2f} s, fastest {min(times):.2f} s,"
                f" {len(content):,} bytes"
            )


if __name__ == "__main__":
    main()
