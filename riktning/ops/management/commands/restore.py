"""`riktning restore FILE`: load a backup into an empty database (migrated first if needed)."""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from riktning.ops.backup import BackupError, open_backup, restore_backup, rows_in_database


class Command(BaseCommand):
    help = "Restore a backup made by `riktning backup` into an empty database."

    # A backup or restore must not depend on every page of the site importing cleanly.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", help="The backup file.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Restore even though the database already holds rows (they may clash).",
        )

    def handle(self, *args, file: str, force: bool, verbosity: int = 1, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Filen {path} finns inte.")
        try:
            open_backup(path)[0].close()  # refuse a damaged file before touching the database
        except BackupError as error:
            raise CommandError(f"Återställningen avbröts: {error}") from error
        call_command("migrate", interactive=False, verbosity=0)
        occupied = rows_in_database()
        if occupied and not force:
            tables = ", ".join(sorted(occupied))
            raise CommandError(
                "Databasen är inte tom, så säkerhetskopian återställs inte "
                f"(rader finns i {tables}). Återställ till en tom databas, "
                "eller ange --force om du verkligen vill blanda in raderna."
            )
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            disable=verbosity < 1,
            transient=True,
        ) as bar:
            task = bar.add_task("Återställer", total=None)

            def progress(what: str, n: int) -> None:
                if what == "start":
                    bar.update(task, total=n)
                else:
                    bar.advance(task, n)

            try:
                manifest = restore_backup(path, progress)
            except BackupError as error:
                raise CommandError(
                    f"Återställningen avbröts, inget har ändrats: {error}"
                ) from error
        rows = sum(manifest["counts"].values())
        if manifest.get("sha256") is None:
            self.stdout.write(
                "Säkerhetskopian är gjord av en äldre Riktning och har inget hashmanifest: "
                "dess innehåll kunde inte kontrolleras."
            )
        self.stdout.write(
            f"Säkerhetskopian från {manifest['created']} är återställd: {rows} rader, "
            f"{manifest['files']} filer."
        )
