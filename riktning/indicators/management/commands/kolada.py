"""riktning kolada sync --kpi N15418[,…] --areas 1287,0012,0000[,…] [--years 2015-2025]
riktning kolada metadata"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from riktning.indicators.services import ImportRejected
from riktning.indicators.sources import kolada


def parse_years(text: str) -> list[int]:
    try:
        if "-" in text:
            first, last = (int(part) for part in text.split("-", 1))
            years = list(range(first, last + 1))
        else:
            years = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise CommandError(
            _("--years: “%(text)s” is not a year or a range (2015-2025)") % {"text": text}
        ) from None
    if not years or any(y < 1900 or y > 2100 for y in years):
        raise CommandError(_("--years: “%(text)s” gives no plausible years") % {"text": text})
    return years


class Command(BaseCommand):
    help = "Synchronise indicator values and metadata from Kolada (v3)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sync = sub.add_parser("sync", help="fetch values for KPIs × areas × years")
        sync.add_argument("--kpi", required=True, help="KPI ids, comma-separated (N15418,U09800)")
        sync.add_argument("--areas", required=True, help="area codes, comma-separated")
        this_year = datetime.date.today().year  # noqa: DTZ011 - a default, not a timestamp
        sync.add_argument("--years", default=f"2015-{this_year}", help="2015-2025 or 2021,2024")
        sync.add_argument("--from-date", help="only changes since YYYY-MM-DD")
        sub.add_parser("metadata", help="refresh areas and municipality groups")

    def handle(self, *args, action, **options):
        try:
            if action == "metadata":
                changed = kolada.sync_metadata()
                self.stdout.write(_("Areas and groups refreshed: %(n)s changed.") % {"n": changed})
                return
            kpis = [k for k in options["kpi"].split(",") if k.strip()]
            areas = [a for a in options["areas"].split(",") if a.strip()]
            years = parse_years(options["years"])
            with Progress(
                TextColumn("Kolada"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                disable=not self.stdout.isatty(),
            ) as bar:
                task = bar.add_task("requests", total=None)

                def progress(done, total):
                    bar.update(task, completed=done, total=total)

                batch = kolada.sync(
                    kpis, areas, years, from_date=options.get("from_date"), progress=progress
                )
        except ImportRejected as rejected:
            for problem in rejected.problems:
                self.stderr.write(_("Error: %(problem)s") % {"problem": problem})
            raise CommandError(_("Nothing was saved.")) from None
        self.stdout.write(
            _(
                "Done: %(added)s new, %(changed)s changed, %(unchanged)s unchanged values "
                "(import %(batch)s)."
            )
            % {
                "added": batch.rows_added,
                "changed": batch.rows_changed,
                "unchanged": batch.rows_unchanged,
                "batch": batch.pk,
            }
        )
