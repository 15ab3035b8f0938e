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
    execute_from_command_line(argv)
