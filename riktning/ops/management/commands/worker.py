"""`riktning worker`: run the background jobs (the Kolada sync from the web, the nightly sync).

Stops cleanly on SIGTERM or Ctrl+C: the job in hand is finished first (a second signal stops at
once; that job is then marked failed by the next worker). See docs/operations.md."""

from django.core.management.base import BaseCommand, CommandError

from riktning.ops.worker import default_threads, parse_time_of_day, run_worker


class Command(BaseCommand):
    help = "Run the background jobs of the task queue until stopped (SIGTERM, Ctrl+C)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Also enqueue the scheduled jobs (the nightly Kolada sync at "
            "RIKTNING_KOLADA_SYNC_AT, the daily notifications at RIKTNING_NOTIFICATIONS_AT). "
            "Safe on several workers: each job is enqueued once a day.",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconds to wait when the queue is empty before looking again (default 1).",
        )
        parser.add_argument(
            "--batch", action="store_true", help="Run the jobs waiting now, then exit."
        )
        parser.add_argument(
            "--max-tasks", type=int, default=None, help="Exit after this many jobs."
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=None,
            help="Jobs to run at once, each on its own database connection (default "
            "RIKTNING_WORKER_THREADS, or 4 on PostgreSQL and 1 on SQLite).",
        )

    def handle(self, *args, schedule, interval, batch, max_tasks, threads, **options):
        from django.conf import settings

        if interval < 0:
            raise CommandError("--interval must be zero or more seconds.")
        threads = default_threads() if threads is None else threads
        if threads < 1:
            raise CommandError("--threads must be at least 1.")
        try:
            parse_time_of_day(settings.RIKTNING_KOLADA_SYNC_AT)
            parse_time_of_day(settings.RIKTNING_NOTIFICATIONS_AT, "RIKTNING_NOTIFICATIONS_AT")
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if options["verbosity"] >= 1:
            self.stdout.write(
                "Riktning worker started"
                + (f", {threads} jobs at a time" if threads > 1 else "")
                + (
                    f", nightly Kolada sync at {settings.RIKTNING_KOLADA_SYNC_AT}"
                    f", daily notifications at {settings.RIKTNING_NOTIFICATIONS_AT}"
                    if schedule
                    else ""
                )
                + ". Stop with Ctrl+C or SIGTERM.",
            )
            self.stdout.flush()
        run_worker(
            interval=interval,
            schedule=schedule,
            batch=batch,
            max_tasks=max_tasks,
            threads=threads,
        )
