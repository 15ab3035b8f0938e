"""riktning report <kind> <id>|latest --format F -o FILE"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from riktning.reports import registry


class Command(BaseCommand):
    help = "Write a report (follow-up, consultation summary, action plan) to a file."
    # A report only reads; the system checks (0.4 s of a 2.5 s Word report) are run by `check`,
    # `migrate` and the server, not by every report written from the command line.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("kind", help=", ".join(registry.kinds()) or "no report registered")
        parser.add_argument("ref", help="the id, or 'latest'")
        parser.add_argument("--format", required=True, dest="fmt", help="html, pdf, docx, xlsx …")
        parser.add_argument("-o", "--output", required=True, help="the file to write ('-': stdout)")

    def handle(self, *args, kind, ref, fmt, output, **options):
        try:
            report = registry.get(kind)
        except KeyError:
            raise CommandError(
                _("Unknown report “%(kind)s”; choose one of: %(kinds)s")
                % {"kind": kind, "kinds": ", ".join(registry.kinds())}
            ) from None
        try:
            module = report.load()
        except ModuleNotFoundError:
            raise CommandError(
                _("The report “%(kind)s” is not available yet.") % {"kind": kind}
            ) from None
        if fmt not in module.FORMATS:
            raise CommandError(
                _("The report “%(kind)s” comes as %(formats)s, not “%(fmt)s”.")
                % {"kind": kind, "formats": ", ".join(module.FORMATS), "fmt": fmt}
            )
        try:
            obj = module.resolve(ref)
        except registry.ReportNotFound as missing:
            raise CommandError(str(missing)) from None
        data = module.render(obj, fmt)
        if output == "-":
            sys.stdout.buffer.write(data)
            return
        Path(output).write_bytes(data)
        self.stderr.write(
            _("Wrote %(path)s (%(size)s bytes).") % {"path": output, "size": len(data)}
        )
