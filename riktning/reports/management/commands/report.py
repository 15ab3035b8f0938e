"""riktning report <kind> <id>|latest [<id>|latest] --format F -o FILE"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from riktning.reports import registry


class Command(BaseCommand):
    help = (
        "Write a report (follow-up, consultation summary, action plan, a version, the comparison "
        "of two versions) to a file."
    )
    # A report only reads; the system checks (0.4 s of a 2.5 s Word report) are run by `check`,
    # `migrate` and the server, not by every report written from the command line.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("kind", help=", ".join(registry.kinds()) or "no report registered")
        parser.add_argument(
            "refs", nargs="+", metavar="ref", help="the id, or 'latest' (a comparison takes two)"
        )
        parser.add_argument("--format", required=True, dest="fmt", help="html, pdf, docx, xlsx …")
        parser.add_argument("-o", "--output", required=True, help="the file to write ('-': stdout)")

    def handle(self, *args, kind, refs, fmt, output, **options):
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
        wanted = getattr(module, "REFS", 1)
        if len(refs) != wanted:
            raise CommandError(
                _("The report “%(kind)s” takes %(wanted)s reference(s), not %(given)s.")
                % {"kind": kind, "wanted": wanted, "given": len(refs)}
            )
        try:
            obj = module.resolve(*refs)
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
