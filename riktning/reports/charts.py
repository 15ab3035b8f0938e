"""The chart store: every chart a report draws, kept by the SHA-256 of what it is drawn from.

vl-convert draws one chart at a time (0.1–0.2 s each, the first in a process 0.4–0.6 s more),
which made most of the time of a follow-up report. A chart is kept in the database
(`RenderedChart`), so it survives between command-line runs and is shared by the web and the
workers (Django's cache is local memory here). The key is the SHA-256 of the Vega-Lite spec as
canonical JSON (the data values are in it), the output format, the scale, the number locale and
vl-convert's version: new data, another size or another vl-convert is another key, so a stored
chart can never be stale. Rows are pruned to the RIKTNING_CHART_STORE_KEEP most recently used
(`prune`).

`render_many(specs, fmt)` is the one entry: it looks every key up in one query, draws the
missing charts on a pool of threads (vl-convert releases the GIL) and stores them when the
caller closes the result (`Charts.close`, called by `done`).
"""

import datetime
import hashlib
import json
from collections.abc import Hashable
from concurrent.futures import Future, ThreadPoolExecutor

from django.conf import settings
from django.db import transaction
from django.utils import timezone

# The rows kept (setting RIKTNING_CHART_STORE_KEEP): ~20–70 kB each, a follow-up has 8–20
# charts per format, so 500 rows (the default) are about 25 MB.
# A row's last use is written again only when older than this: a warm report writes nothing.
TOUCH_AFTER = datetime.timedelta(days=1)
FORMATS = ("svg", "png")


def vl_convert_version() -> str:
    import vl_convert

    return vl_convert.__version__


def chart_key(spec: dict, fmt: str, *, scale: float = 1.0, locale: dict | None = None) -> str:
    """The SHA-256 (hex) of everything the picture depends on."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    canonical = json.dumps(
        {
            "spec": spec,
            "format": fmt,
            "scale": scale,
            "locale": locale,
            "vl_convert": vl_convert_version(),
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _decode(fmt: str, content: bytes):
    return content.decode("utf-8") if fmt == "svg" else content


def _encode(content) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else bytes(content)


def stored(keys) -> dict[str, object]:
    """The stored charts among `keys` (SVG as str, PNG as bytes), marked as used now."""
    from .models import RenderedChart

    rows = RenderedChart.objects.filter(key__in=list(keys)).values_list("key", "fmt", "content")
    found = {key: _decode(fmt, bytes(content)) for key, fmt, content in rows}
    if found:
        now = timezone.now()
        RenderedChart.objects.filter(key__in=found, used_at__lt=now - TOUCH_AFTER).update(
            used_at=now
        )
    return found


def store(charts: dict[str, tuple[str, object]]) -> None:
    """Keep `charts` (key → (fmt, SVG text or PNG bytes)), then prune."""
    from .models import RenderedChart

    if not charts:
        return
    now = timezone.now()
    with transaction.atomic():
        RenderedChart.objects.bulk_create(
            [
                RenderedChart(key=key, fmt=fmt, content=_encode(content), used_at=now)
                for key, (fmt, content) in charts.items()
            ],
            ignore_conflicts=True,
        )
    prune()


def prune(keep: int | None = None) -> int:
    """Delete all but the `keep` (default: the setting) most recently used charts; returns how
    many went."""
    from .models import RenderedChart

    if keep is None:
        keep = settings.RIKTNING_CHART_STORE_KEEP
    newest = RenderedChart.objects.order_by("-used_at", "key").values_list("used_at", "key")
    boundary = newest[keep : keep + 1].first()
    if boundary is None:
        return 0
    used_at, key = boundary
    older = RenderedChart.objects.filter(used_at__lt=used_at) | RenderedChart.objects.filter(
        used_at=used_at, key__gte=key
    )
    deleted, _ = older.delete()
    return deleted


class Charts:
    """Charts by the caller's id: stored ones at once, missing ones being drawn on threads.
    `get`/`[]` wait for the one asked for; `close` stops the pool and stores what was drawn."""

    def __init__(self, futures: dict[Hashable, Future], misses: dict[Hashable, str], fmt, pool):
        self._futures = futures
        self._misses = misses  # id → key of the charts drawn in this run
        self._fmt = fmt
        self._pool = pool

    @property
    def drawn(self) -> int:
        """How many charts were not in the store and are drawn in this run."""
        return len(self._misses)

    def get(self, ident: Hashable):
        future = self._futures.get(ident)
        return future.result() if future else None

    def __getitem__(self, ident: Hashable):
        return self._futures[ident].result()

    def done(self) -> dict[Hashable, object]:
        """Every chart (waiting for those being drawn); then the pool is closed."""
        try:
            return {ident: future.result() for ident, future in self._futures.items()}
        finally:
            self.close()

    def close(self) -> None:
        """Stop drawing what nobody waited for, and store every chart that was drawn."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
        drawn = {}
        for ident, key in self._misses.items():
            future = self._futures[ident]
            if future.done() and not future.cancelled() and future.exception() is None:
                drawn[key] = (self._fmt, future.result())
        self._misses = {}
        store(drawn)


def _ready(value) -> Future:
    future: Future = Future()
    future.set_result(value)
    return future


def draw(spec: dict, fmt: str, *, scale: float = 1.0, locale: dict | None = None):
    """One chart by vl-convert: SVG text or PNG bytes."""
    import vl_convert

    if fmt == "svg":
        return vl_convert.vegalite_to_svg(spec, format_locale=locale)
    return vl_convert.vegalite_to_png(spec, scale=scale, format_locale=locale)


def render_many(
    specs: dict[Hashable, dict], fmt: str, *, scale: float = 1.0, locale: dict | None = None
) -> Charts:
    """`specs`: id → the spec to draw as it is (width included). The stored charts are read in
    one query; the others are drawn on up to four threads and stored when the caller closes
    the result."""
    keys = {i: chart_key(spec, fmt, scale=scale, locale=locale) for i, spec in specs.items()}
    found = stored(set(keys.values())) if keys else {}
    misses = {ident: key for ident, key in keys.items() if key not in found}
    pool = ThreadPoolExecutor(max_workers=4) if misses else None
    futures = {
        ident: pool.submit(draw, specs[ident], fmt, scale=scale, locale=locale)
        if ident in misses
        else _ready(found[keys[ident]])
        for ident in specs
    }
    return Charts(futures, misses, fmt, pool)
