"""The `riktning` console script: Django's management commands with Riktning's settings.

`riktning demo`, `riktning serve` and every other management command are run through here.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "riktning.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    argv[0] = "riktning"
    if argv[1:2] in (["demo"], ["seed_demo"]):
        # The demo runs over plain http at 127.0.0.1 with the development key (settings.DEMO).
        os.environ.setdefault("RIKTNING_DEMO", "1")
    try:
        execute_from_command_line(argv)
    except Exception as exc:
        # A database that stops answering: a clear message rather than a traceback (the
        # command's transaction was rolled back). riktning/ops/failure.py.
        from riktning.ops.failure import cli_outage_message, is_database_outage

        if not is_database_outage(exc):
            raise
        sys.stderr.write(cli_outage_message(exc) + "\n")
        sys.exit(1)
