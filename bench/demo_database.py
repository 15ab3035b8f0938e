"""The set-up every page and report benchmark shares: a fresh SQLite database in a temporary
folder (or, given a PostgreSQL URL, that database dropped and created again, and dropped
afterwards), Django set up against it, migrated and seeded with the Trelleborg demo."""

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def demo_database(*, demo_mode: bool = False, postgres: str = "") -> Iterator[Path]:
    """Yield the temporary data folder once the demo is in its database. `demo_mode` serves
    plain http at 127.0.0.1, as `riktning demo` does (for benchmarks that request pages).
    `postgres`: a scratch PostgreSQL database's URL (its contents are lost)."""
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["RIKTNING_DATA_DIR"] = tmp
        os.environ["DATABASE_URL"] = postgres or f"sqlite:///{tmp}/bench.sqlite3"
        if postgres:
            _recreate(postgres)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "riktning.settings")
        if demo_mode:
            os.environ["RIKTNING_DEMO"] = "1"
        import django

        django.setup()
        from django.core.management import call_command

        from riktning.devtools.demo import seed_demo

        call_command("migrate", verbosity=0)
        seed_demo()
        try:
            yield Path(tmp)
        finally:
            if postgres:
                from django.db import connections

                connections.close_all()
                _recreate(postgres, create=False)


def _recreate(url: str, *, create: bool = True) -> None:
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if create:
            admin.execute(f'CREATE DATABASE "{name}"')
