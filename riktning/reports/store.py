"""The render store: every chart a report draws, and every PDF file, kept by the SHA-256 of what
it is drawn from.

vl-convert draws one chart at a time (0.1–0.2 s each, the first in a process 0.4–0.6 s more),
and WeasyPrint takes 1.5–2 s (its import, layout and drawing) for a follow-up of 18 pages: most
of the time of a report from the command line. They are kept in the database (`Rendering`), so
they survive between command-line runs and are shared by the web and the workers (Django's cache
is local memory here). The key is the SHA-256 of canonical JSON of everything the output depends
on: for a chart the Vega-Lite spec (the data values are in it), the format, the scale, the number
locale and vl-convert's version (`chart_key`); for a PDF the whole HTML (the charts' SVGs are in
it), the PDF variant and WeasyPrint's version (`pdf_key`). New data, another size or another
version is another key, so a stored output can never be stale. Rows are pruned to the
RIKTNING_RENDER_STORE_KEEP most recently used (`prune`).

`render_many(specs, fmt)` is the entry for charts: it looks every key up in one query, draws the
missing charts on a pool of threads (vl-convert releases the GIL) and stores them when the
caller closes the result (`Charts.close`, called by `done`). `pdf(html)` is the one for PDF.
"""

import datetime
import hashlib
import json
from collections.abc import Hashable
from concurrent.futures import Future, ThreadPoolExecutor

from django.conf import settings
from django.db import transaction
from django.utils import timezone

# The rows kept (setting RIKTNING_RENDER_STORE_KEEP): an SVG chart 15–50 kB, a PNG chart about
# 170 kB, a PDF about 180 kB (the demo's follow-up: 8 charts per format, 1.8 MB in all), so 500
# rows (the default) are at most about 50–90 MB.
# A row's last use is written again only when older than this: a warm report writes nothing.
TOUCH_AFTER = datetime.timedelta(days=1)
CHART_FORMATS = ("svg", "png")
PDF_VARIANT = "pdf/ua-1"


def vl_convert_version() -> str:
    import vl_convert

    return vl_convert.__version__


def weasyprint_version() -> str:
    from importlib.metadata import version  # not `import weasyprint`: 0.5 s

    return version("weasyprint")


def content_key(parts: dict) -> str:
    """The SHA-256 (hex) of `parts` as canonical JSON."""
    canonical = json.dumps(parts, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def chart_key(spec: dict, fmt: str, *, scale: float = 1.0, locale: dict | None = None) -> str:
    """The key of everything the picture depends on."""
    if fmt not in CHART_FORMATS:
        raise ValueError(fmt)
    return content_key(
        {
            "spec": spec,
            "format": fmt,
            "scale": scale,
            "locale": locale,
            "vl_convert": vl_convert_version(),
        }
    )


def pdf_key(html: str, variant: str = PDF_VARIANT) -> str:
    """The key of a PDF file drawn from `html` (standalone: styles and images inside)."""
    return content_key(
        {"html": html, "format": "pdf", "variant": variant, "weasyprint": weasyprint_version()}
    )


def pdf(html: str, variant: str = PDF_VARIANT) -> bytes:
    """`html` as a PDF file (WeasyPrint), from the store when it was written before."""
    key = pdf_key(html, variant)
    found = stored([key])
    if key in found:
        return found[key]
    from weasyprint import HTML

    data = HTML(string=html).write_pdf(pdf_variant=variant)
    store({key: ("pdf", data)})
    return data


def _decode(fmt: str, content: bytes):
    return content.decode("utf-8") if fmt == "svg" else content


def _encode(content) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else bytes(content)


def stored(keys) -> dict[str, object]:
    """The stored outputs among `keys` (SVG as str, PNG and PDF as bytes), marked as used now."""
    from .models import Rendering

    rows = Rendering.objects.filter(key__in=list(keys)).values_list("key", "fmt", "content")
    found = {key: _decode(fmt, bytes(content)) for key, fmt, content in rows}
    if found:
        now = timezone.now()
        Rendering.objects.filter(key__in=found, used_at__lt=now - TOUCH_AFTER).update(used_at=now)
    return found


def store(outputs: dict[str, tuple[str, object]]) -> None:
    """Keep `outputs` (key → (fmt, SVG text, or PNG or PDF bytes)), then prune."""
    from .models import Rendering

    if not outputs:
        return
    now = timezone.now()
    with transaction.atomic():
        Rendering.objects.bulk_create(
            [
                Rendering(key=key, fmt=fmt, content=_encode(content), used_at=now)
                for key, (fmt, content) in outputs.items()
            ],
            ignore_conflicts=True,
        )
    prune()


def prune(keep: int | None = None) -> int:
    """Delete all but the `keep` (default: the setting) most recently used rows; returns how
    many went."""
    from .models import Rendering

    if keep is None:
        keep = settings.RIKTNING_RENDER_STORE_KEEP
    newest = Rendering.objects.order_by("-used_at", "key").values_list("used_at", "key")
    boundary = newest[keep : keep + 1].first()
    if boundary is None:
        return 0
    used_at, key = boundary
    older = Rendering.objects.filter(used_at__lt=used_at) | Rendering.objects.filter(
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
