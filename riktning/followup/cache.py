"""Cached roll-ups and page fragments, never stale.

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

A second row, the **work generation** (`bump_work`), changes with every write to the tables of
the work around the documents: accounts (people, organisations, memberships), consultation,
activities, action plans, the yearly follow-ups and the event log (which records the few
writes those apps make with a queryset's `update`). Rendered fragments that show such work
(`fragment(..., work=True)`: the public front page's list of documents, the public follow-up
overview, a person's "To do" list and "changes since your last visit") are keyed by both
numbers, read in the same one query. The two rows are apart so that the work's many small
writes neither throw away the roll-ups nor wait for the indicators' writers (on PostgreSQL the
row serialises the transactions that change it).

A fragment's key also holds the language (its words are translated when it is rendered) and
whatever else its caller says it depends on: the reader's visibility class, the person, today's
date. Nothing per request goes into a fragment: no CSRF token, no nonce, no user's header.

Every key also holds a digest of the code (`code_stamp`: Riktning's modules, templates and
translations), so that after an upgrade a shared cache (the database or Redis) never hands out
a fragment rendered by the old templates or a roll-up pickled by the old classes.

Each generation is a new random number rather than a counter, so that a database restored
from a backup, or a test's rolled-back transaction, never meets a cache entry of a different
state under the same number.

Within a request the two numbers are read once (`generations`, kept from Django's
`request_started` to its `request_finished`, connected in `apps.py`) and read again after a
write of the request's own changes one (`_bump`). So every part of a page (the roles and the
authenticator check of `web.middleware.PersonMiddleware`, the header's municipality name, each
fragment) costs no query beyond that one. Outside a request (the worker, the command line)
nothing is kept: every call reads the numbers.
"""

import functools
import hashlib
import secrets
import threading
from pathlib import Path

from django.core.cache import cache
from django.db import connection
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from .models import DataGeneration

TIMEOUT = 24 * 60 * 60  # seconds; entries of old generations expire unread

DATA = 1  # the row changed by writes to the indicators' and the steering documents' tables
WORK = 2  # the row changed by writes to the work around them (apps.WORK_APPS)


# The generations read in the current request (per thread: a WSGI server's request runs on one).
_request = threading.local()


def request_started(**_signal_kwargs) -> None:
    _request.active = True
    _request.generations = None


def request_finished(**_signal_kwargs) -> None:
    _request.active = False
    _request.generations = None


def _read_generations() -> tuple[int, int]:
    # Plain SQL: the query runs on nearly every request, and the ORM took longer to build it
    # than the database to answer it (docs/performance.md).
    table = connection.ops.quote_name(DataGeneration._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, value FROM {table} WHERE id IN (%s, %s)", [DATA, WORK])  # noqa: S608
        rows = dict(cursor.fetchall())
    return rows.get(DATA, 0), rows.get(WORK, 0)


def generations() -> tuple[int, int]:
    """The data and the work generation, in one query; once per request (module docstring)."""
    if not getattr(_request, "active", False):
        return _read_generations()
    if _request.generations is None:
        _request.generations = _read_generations()
    return _request.generations


def generation() -> int:
    return generations()[0]


def _bump(row: int) -> None:
    _request.generations = None  # this request reads its own write from now on
    value = secrets.randbits(62)
    if not DataGeneration.objects.filter(pk=row).update(value=value):
        DataGeneration.objects.update_or_create(pk=row, defaults={"value": value})


def bump(**_signal_kwargs) -> None:
    """Change the data generation in the current transaction (a signal receiver: any
    arguments)."""
    _bump(DATA)


def bump_work(**_signal_kwargs) -> None:
    """Change the work generation in the current transaction (a signal receiver)."""
    _bump(WORK)


def bump_work_if_created(*, created: bool = False, **_signal_kwargs) -> None:
    """Change the work generation when a row is made (a post_save receiver)."""
    if created:
        _bump(WORK)


def bump_work_if_confirmed(*, instance=None, **_signal_kwargs) -> None:
    """Change the work generation when a confirmed authenticator app is saved or deleted (a
    receiver): one being set up, not yet confirmed, changes nothing a page shows."""
    if getattr(instance, "confirmed", True):
        _bump(WORK)


def current_stamp(*, work: bool = False) -> str:
    """The generations a key holds, read now: the data generation, with `work` the work
    generation too. A page that keeps several fragments may read it once, first, and pass it
    to each (`stamp=`): a reading request writes nothing, so it holds for the whole request."""
    if work:
        data, work_generation = generations()
        return f"g{data}.w{work_generation}"
    return f"g{generation()}"


@functools.cache
def code_stamp() -> str:
    """A digest of the code that computes and renders what is cached: the package's Python
    modules, templates and compiled translations (read once per process)."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.suffix in {".py", ".html", ".mo"} and "tests" not in path.parts:
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def work_stamp() -> str:
    """The work generation alone, for what depends on nothing of the indicators and documents
    (a person's roles, the municipality's name): an import does not throw it away."""
    return f"w{generations()[1]}"


def cached(key: str, compute, *, work: bool = False, stamp: str | None = None):
    """`compute()`, from the cache when it was computed at the current data generation (and
    work generation, with `work`), or at `stamp` (`current_stamp`) when given, by this code."""
    full_key = f"riktning:{code_stamp()}:{key}:{stamp or current_stamp(work=work)}"
    found = cache.get(full_key)
    if found is not None:
        return found
    value = compute()
    cache.set(full_key, value, TIMEOUT)
    return value


def fragment(key: str, render, *, work: bool = False, stamp: str | None = None) -> SafeString:
    """`render()`, HTML, from the cache when it was rendered at the current data generation
    (and work generation, with `work`; or at `stamp`) in the current language. `key` names
    everything else the fragment depends on."""
    html = cached(f"html:{key}:{get_language()}", lambda: str(render()), work=work, stamp=stamp)
    return mark_safe(html)  # noqa: S308 (rendered by our own templates)
