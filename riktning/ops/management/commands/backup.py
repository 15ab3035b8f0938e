"""`riktning backup -o FILE`: every Riktning table and the uploaded files in one zip file."""

from pathlib import Path

from django.core.management.base import BaseCommand
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from riktning.ops.backup import write_backup


class Command(BaseCommand):
    help = "Write a backup (the database's rows and the uploaded files) to one zip file."

    # A backup or restore must not depend on every page of the site importing cleanly.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True, help="The backup file to write.")

    def handle(self, *args, output: str, verbosity: int = 1, **options):
        target = Path(output).resolve()
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            disable=verbosity < 1,
            transient=True,
        ) as bar:
            task = bar.add_task("Säkerhetskopierar", total=None)

            def progress(what: str, n: int) -> None:
                if what == "start":
                    bar.update(task, total=n)
                else:
                    bar.advance(task, n)

            manifest = write_backup(target, progress)
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            f"Säkerhetskopian är sparad i {target}: {rows} rader i "
            f"{len(manifest['counts'])} tabeller, {manifest['files']} filer."
        )
