"""`riktning demo`: migrate, load the Trelleborg demo, say where it is and how to log in, serve."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from riktning.devtools.demo import demo_banner, seed_demo
from riktning.devtools.demo_plans import fresh_reporting_link


class Command(BaseCommand):
    help = "Migrate the database, load the Trelleborg demo and serve it."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-serve", action="store_true", help="Load the demo and exit without serving."
        )
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on.")
        parser.add_argument("--port", type=int, default=8000, help="Port to listen on.")

    def handle(self, *args, host: str, port: int, no_serve: bool, **options):
        call_command("migrate", interactive=False, verbosity=0)
        seed_demo(stdout=self.stdout)
        link = fresh_reporting_link()
        self.stdout.write(demo_banner(host, port, serving=not no_serve, reporting_link=link))
        if not no_serve:
            call_command("serve", host=host, port=port)
