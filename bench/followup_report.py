"""Time to render the demo's yearly follow-up ("Uppföljning 2025") as PDF, Word and HTML.

A fresh SQLite database in a temporary folder, migrated and seeded with the demo (not timed);
then `riktning.followup.report.render` for each format, --runs times each after a warm-up,
printing the median and the fastest. Aims (issue 4): PDF under 5 s, Word under 2 s.

    .venv/bin/python bench/followup_report.py [--runs 5]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["RIKTNING_DATA_DIR"] = tmp
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "riktning.settings")
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        import django

        django.setup()
        from django.core.management import call_command

        from riktning.devtools.demo import seed_demo
        from riktning.followup import report

        call_command("migrate", verbosity=0)
        seed_demo()
        followup = report.resolve("latest")
        print(f"{followup.title}, {followup.version.title}")
        for fmt in ("html", "pdf", "docx"):
            report.render(followup, fmt)  # warm-up: imports, fonts, the Vega runtime
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                content = report.render(followup, fmt)
                times.append(time.perf_counter() - start)
            print(
                f"{fmt:5} median {statistics.median(times):.2f} s, fastest {min(times):.2f} s,"
                f" {len(content):,} bytes"
            )


if __name__ == "__main__":
    main()
