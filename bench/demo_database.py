"""The set-up every page and report benchmark shares: a fresh SQLite database in a temporary
folder, Django set up against it, migrated and seeded with the Trelleborg demo."""

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def demo_database(*, demo_mode: bool = False) -> Iterator[Path]:
    """Yield the temporary data folder once the demo is in its database. `demo_mode` serves
    plain http at 127.0.0.1, as `riktning demo` does (for benchmarks that request pages)."""
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["RIKTNING_DATA_DIR"] = tmp
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "riktning.settings")
        if demo_mode:
            os.environ["RIKTNING_DEMO"] = "1"
        import django

        django.setup()
        from django.core.management import call_command

        from riktning.devtools.demo import seed_demo

        call_command("migrate", verbosity=0)
        seed_demo()
        yield Path(tmp)
