"""The Trelleborg demo as a module's test data: seeded once inside a transaction that is rolled
back at the module's end (what Django's setUpTestData does), each test in a savepoint of it.
Uploaded files go to a temporary folder. Used by the tests that walk every history page and
fuzz the API; tests/test_url_access.py keeps its own, larger world."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import transaction
from django.test import override_settings

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The demo's people behind the personas (riktning/accounts/tests/personas.py).
USERNAMES = {
    "reader": "lasare",
    "social_editor": "social",
    "bildning_editor": "bildning",
    "coordinator": "samordnare",
}


@contextmanager
def seeded_demo(django_db_blocker, media: Path) -> Iterator[None]:
    """Seed the demo for the length of the block; everything is rolled back after it."""
    from riktning.devtools.demo import seed_demo

    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHER, MEDIA_ROOT=media),
    ):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            seed_demo()
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
