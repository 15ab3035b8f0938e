"""`riktning demo`: migrate, load the Trelleborg demo, say where it is and how to log in, serve,
with a background worker (`riktning worker`) beside the web server, stopped with it."""

import contextlib
import os
import signal
import subprocess
import sys

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
            with worker_beside(base_url=f"http://{host}:{port}"):
                call_command("serve", host=host, port=port)


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """Linux: the worker gets SIGTERM when the demo's process dies, even by kill -9."""
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


@contextlib.contextmanager
def worker_beside(base_url: str = ""):
    """`riktning worker` as a subprocess for as long as the block runs (the demo's server), so
    the Kolada sync button works and notifications are e-mailed (printed: the console backend)
    without a second command. Stopped with SIGTERM afterwards. `base_url`: the demo's address,
    for the links in the e-mails, unless RIKTNING_BASE_URL says otherwise."""
    command = [sys.executable, "-c", "from riktning.cli import main; main()", "worker"]
    env = dict(os.environ)
    if base_url:
        env.setdefault("RIKTNING_BASE_URL", base_url)
    worker = subprocess.Popen(
        command, env=env, preexec_fn=_die_with_parent if sys.platform == "linux" else None
    )
    try:
        yield worker
    finally:
        if worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(timeout=15)
            except subprocess.TimeoutExpired:
                worker.kill()
