"""riktning export observations [--kpi ID,…] [--indicator ID,…] [--areas CODE,…]

Streams from the database, so memory stays flat for any number of rows.
"""

import sys

import orjson
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from riktning.indicators.presentation import EXAMPLE_MARK
from riktning.indicators.queries import EXPORT_COLUMNS, export_rows
from riktning.reports.cells import CsvWriter


def _split(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


class Command(BaseCommand):
    help = "Write stored observations to standard output as CSV or JSON."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["observations"])
        parser.add_argument("--kpi", help="Kolada KPI ids, comma-separated")
        parser.add_argument("--indicator", help="Riktning indicator ids, comma-separated")
        parser.add_argument("--areas", help="area codes, comma-separated")
        parser.add_argument("--format", choices=["csv", "json"], default="csv")

    def handle(self, *args, what, **options):
        try:
            indicator_ids = [int(i) for i in _split(options["indicator"])]
        except ValueError:
            raise CommandError(_("--indicator takes numeric ids")) from None
        rows = export_rows(
            kpis=_split(options["kpi"]), indicator_ids=indicator_ids, areas=_split(options["areas"])
        )
        out = self.stdout._out if hasattr(self.stdout, "_out") else sys.stdout
        if options["format"] == "csv":
            writer = CsvWriter(out, swedish=False)
            writer.writerow(EXPORT_COLUMNS)
            for row in rows:
                row["example_data"] = EXAMPLE_MARK if row["example_data"] else ""
                writer.writerow(row[column] for column in EXPORT_COLUMNS)
        else:
            out.write("[")
            for index, row in enumerate(rows):
                out.write(("," if index else "") + "\n" + orjson.dumps(row).decode())
            out.write("\n]\n")
