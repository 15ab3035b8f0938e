"""Cached roll-ups, never stale.

The roll-up of a version (`rollup.version_followup`) is most of the time of the pages that show
it (the front page, the coordinator's start page, the follow-up overview; docs/performance.md).
It is kept in Django's cache (settings.CACHES: local memory by default, the database or Redis
in production, docs/operations.md) under a key that holds the **data generation**: a number in
the database (`models.DataGeneration`) that every write to the indicators' and the steering
documents' tables changes in the writing transaction (`bump`, connected in `apps.py` to every
save and delete of those models and to `indicators.signals.bulk_written`; the observations
are written in bulk by `indicators.store`, and every such write ends by saving its
`ImportBatch`). A reader reads the generation first, in one small query, so once a write is
committed no process returns a roll-up computed before it: the old entries are simply never
asked for again and expire.

The generation is a new random number rather than a counter, so that a database restored
from a backup, or a test's rolled-back transaction, never meets a cache entry of a different
state under the same number.
"""

import secrets

from django.core.cache import cache

from .models import DataGeneration

TIMEOUT = 24 * 60 * 60  # seconds; entries of old generations expire unread


def generation() -> int:
    value = DataGeneration.objects.filter(pk=1).values_list("value", flat=True).first()
    return value or 0


def bump(**_signal_kwargs) -> None:
    """Change the generation in the current transaction (a signal receiver: any arguments)."""
    value = secrets.randbits(62)
    if not DataGeneration.objects.filter(pk=1).update(value=value):
        DataGeneration.objects.update_or_create(pk=1, defaults={"value": value})


def cached(key: str, compute):
    """`compute()`, from the cache when it was computed at the current generation."""
    full_key = f"riktning:{key}:g{generation()}"
    found = cache.get(full_key)
    if found is not None:
        return found
    value = compute()
    cache.set(full_key, value, TIMEOUT)
    return value
