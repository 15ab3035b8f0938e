"""`riktning serve`: serve Riktning on one machine, without autoreload.

Static files are served by whitenoise (WHITENOISE_USE_FINDERS), so this works with DEBUG off and
without collectstatic.
"""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve Riktning over HTTP (Django's development server, without autoreload)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on.")
        parser.add_argument("--port", type=int, default=8000, help="Port to listen on.")

    def handle(self, *args, host: str, port: int, **options):
        from riktning.ops.safety import refuse_unsafe_start

        refuse_unsafe_start()
        # Whitenoise warns at start-up when STATIC_ROOT is missing, though it serves from the apps.
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
        if ":" in host and not host.startswith("["):
            host = f"[{host}]"  # an IPv6 address
        call_command("runserver", f"{host}:{port}", use_reloader=False)
