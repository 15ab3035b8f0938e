"""The Kolada v3 connector: metadata (KPIs, areas, groups) and data, with chunking, paging,
rate limiting and retries. See riktning/indicators/data/KOLADA.md for what is known of the API.

Fetch → normalise to rows → validate → store in one transaction (services.record_observations).
A sync fetches every page into a temporary file first (`fetch`, no transaction open) and then
writes in one short transaction (`store`); the command line and the web's job share both.
"""

import contextlib
import gc
import itertools
import marshal
import struct
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from math import inf
from typing import IO, Annotated, Any, Literal
from urllib.parse import urlencode, urljoin

import httpx
import orjson

try:  # a typed decoder for data pages (C-level checks); without it, every page takes normalise
    import msgspec
except ImportError:  # pragma: no cover - msgspec is a dependency (pyproject.toml)
    msgspec = None
from django.conf import settings
from django.utils.translation import gettext as _

from ..services import ImportRejected, Problem
from ..values import FIRST_PERIOD, LAST_PERIOD, MAX_MAGNITUDE, Refused, parse_period

DEFAULT_BASE_URL = "https://api.kolada.se/v3/"
MAX_IDS_PER_SEGMENT = 25
PER_PAGE = 5000


class KoladaError(ImportRejected):
    """Kolada could not be read; nothing was written."""

    def __init__(self, message: str, url: str = ""):
        super().__init__([Problem(message, where=url)])


def base_url() -> str:
    url = getattr(settings, "KOLADA_BASE_URL", "") or DEFAULT_BASE_URL
    return url if url.endswith("/") else url + "/"


def chunked(ids: Sequence[str], size: int = MAX_IDS_PER_SEGMENT) -> list[list[str]]:
    ids = list(dict.fromkeys(ids))  # keep order, drop repeats
    return [ids[i : i + size] for i in range(0, len(ids), size)]


class KoladaClient:
    """A polite client: at most `max_per_second` requests, retries 429 and 5xx with back-off
    (honouring Retry-After), follows `next_url`/`next_page`, and refuses paging loops."""

    def __init__(
        self,
        base: str | None = None,
        *,
        timeout: float = 30.0,
        max_per_second: float = 5.0,
        retries: int = 4,
        backoff: float = 1.0,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.base = base or base_url()
        self.min_interval = 1.0 / max_per_second if max_per_second else 0.0
        self.retries = retries
        self.backoff = backoff
        self.sleep = sleep
        self.requests = 0
        self._last = 0.0
        self.http = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            transport=transport,
            headers={"Accept": "application/json", "User-Agent": "Riktning (open source)"},
            follow_redirects=True,
        )

    def close(self) -> None:
        self.http.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _wait_turn(self) -> None:
        wait = self._last + self.min_interval - time.monotonic()
        if wait > 0:
            self.sleep(wait)
        self._last = time.monotonic()

    def get_json(self, url: str) -> dict:
        """GET one URL and return its JSON object, or raise KoladaError (in Swedish)."""
        return self._parse(self._get(url), url)

    def _get(self, url: str) -> httpx.Response:
        """GET one URL (retrying, politely) and return its successful response, or raise
        KoladaError (in Swedish)."""
        for attempt in range(self.retries + 1):
            self._wait_turn()
            self.requests += 1
            try:
                response = self.http.get(url)
            except httpx.TimeoutException:
                if attempt < self.retries:
                    self.sleep(self.backoff * 2**attempt)
                    continue
                raise KoladaError(_("Kolada did not answer in time."), url) from None
            except httpx.HTTPError as exc:
                if attempt < self.retries:
                    self.sleep(self.backoff * 2**attempt)
                    continue
                raise KoladaError(
                    _("Could not reach Kolada: %(error)s") % {"error": exc}, url
                ) from None
            if response.status_code == 429 or response.status_code >= 500:
                if attempt < self.retries:
                    self.sleep(self._retry_after(response, attempt))
                    continue
                raise KoladaError(
                    _("Kolada answered HTTP %(status)s %(times)s times in a row; try again later.")
                    % {"status": response.status_code, "times": self.retries + 1},
                    url,
                )
            if response.status_code >= 400:
                raise KoladaError(
                    _("Kolada refused the request (HTTP %(status)s): %(text)s")
                    % {"status": response.status_code, "text": response.text[:200]},
                    url,
                )
            return response
        raise AssertionError("unreachable")  # pragma: no cover

    def _retry_after(self, response: httpx.Response, attempt: int) -> float:
        header = response.headers.get("Retry-After", "")
        try:
            return min(max(float(header), 0.0), 120.0)
        except ValueError:
            return self.backoff * 2**attempt

    @staticmethod
    def _parse(response: httpx.Response, url: str) -> dict:
        try:
            payload = orjson.loads(response.content)
        except orjson.JSONDecodeError:
            looks_html = response.content.lstrip()[:1] == b"<"
            message = (
                _("Kolada answered with a web page instead of data (JSON).")
                if looks_html
                else _("Kolada's answer is not valid JSON.")
            )
            raise KoladaError(message, url) from None
        if not isinstance(payload, dict) or not isinstance(payload.get("values"), list):
            raise KoladaError(_("Kolada's answer lacks the list “values”."), url)
        return payload

    def paged(self, url: str, typed: bool = False) -> Iterator[list]:
        """Every page's `values`, following next_url/next_page until there is none.

        With `typed`, a data page is decoded straight into `DataObject`s, checked as it is
        decoded; a page that fails any of those checks (or is not JSON) is read again as plain
        JSON objects, for `normalise` to check and explain in Swedish as before."""
        seen_urls: set[str] = set()
        seen_pages: set[int] = set()
        while url:
            if url in seen_urls:
                raise KoladaError(_("Kolada's paging repeats itself (a loop)."), url)
            seen_urls.add(url)
            if typed and msgspec is not None:
                values, nxt = self._get_data_page(url)
                encode = msgspec.json.encode
            else:
                payload = self.get_json(url)
                values = payload["values"]
                nxt = payload.get("next_url") or payload.get("next_page")
                encode = orjson.dumps
            if not values:
                return
            fingerprint = hash(encode(values[:3] + values[-3:]) + str(len(values)).encode())
            if fingerprint in seen_pages:
                raise KoladaError(_("Kolada returned the same page twice (a paging loop)."), url)
            seen_pages.add(fingerprint)
            yield values
            url = urljoin(self.base, nxt) if nxt else ""

    def _get_data_page(self, url: str) -> tuple[list, Any]:
        response = self._get(url)
        try:
            page = _PAGE_DECODER.decode(response.content)
        except (msgspec.ValidationError, msgspec.DecodeError):
            payload = self._parse(response, url)
            return payload["values"], payload.get("next_url") or payload.get("next_page")
        return page.values, page.next_url or page.next_page

    def url(self, path: str, **params) -> str:
        query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
        return urljoin(self.base, path) + (f"?{query}" if query else "")

    # --- metadata -----------------------------------------------------------------------

    def kpis(self, ids: Sequence[str]) -> list[dict]:
        found = []
        for chunk in chunked(ids):
            for page in self.paged(self.url(f"kpi/{','.join(chunk)}", per_page=PER_PAGE)):
                found.extend(page)
        return found

    def municipalities(self) -> list[dict]:
        return list(
            itertools.chain.from_iterable(self.paged(self.url("municipality", per_page=PER_PAGE)))
        )

    def groups(self) -> list[dict]:
        return list(
            itertools.chain.from_iterable(
                self.paged(self.url("municipality_groups", per_page=PER_PAGE))
            )
        )

    # --- data ---------------------------------------------------------------------------

    def data_urls(
        self,
        kpis: Sequence[str],
        areas: Sequence[str],
        years: Sequence[int],
        from_date: str | None = None,
    ) -> list[str]:
        urls = []
        for kpi_chunk, area_chunk, year_chunk in itertools.product(
            chunked(kpis), chunked(areas), chunked([str(y) for y in years])
        ):
            urls.append(
                self.url(
                    f"data/kpi/{','.join(kpi_chunk)}/municipality/{','.join(area_chunk)}"
                    f"/year/{','.join(year_chunk)}",
                    per_page=PER_PAGE,
                    from_date=from_date,
                )
            )
        return urls


def _bad_value(value, url: str, index: int) -> KoladaError:
    return KoladaError(
        _("Value %(value)r in data object %(index)s is not a number (finite, within ±10^15).")
        % {"value": value, "index": index},
        url,
    )


GENDERS = frozenset({"T", "K", "M"})

if msgspec is not None:
    # A data page as normalise accepts it, checked by msgspec while it decodes (in C): a page
    # that decodes into these has nothing for normalise to refuse but an unasked KPI or area.
    # Anything else (a period as text, `is_deleted: 1`, a value out of range…) fails here and
    # the page goes to normalise as plain JSON, which decides and explains as it always did.

    class DataValue(msgspec.Struct, gc=False):
        gender: Literal["T", "K", "M"] = "T"
        value: Annotated[float, msgspec.Meta(ge=-MAX_MAGNITUDE, le=MAX_MAGNITUDE)] | None = None
        is_deleted: bool = False
        status: str | None = None

    class DataObject(msgspec.Struct, gc=False):
        kpi: str
        municipality: str
        period: Annotated[int, msgspec.Meta(ge=FIRST_PERIOD, le=LAST_PERIOD)]
        values: list[DataValue]

    class DataPage(msgspec.Struct, gc=False):
        values: list[DataObject]
        next_url: Any = None
        next_page: Any = None

    _PAGE_DECODER = msgspec.json.Decoder(DataPage)
else:  # pragma: no cover
    DataObject = None


def _normalise_typed(
    page: list, indicator_ids: dict[str, int], url: str, areas: frozenset
) -> list[tuple]:
    """normalise for a page msgspec has decoded and checked (`DataObject`s)."""
    rows = []
    append = rows.append
    get_id = indicator_ids.get
    for obj in page:
        indicator_id = get_id(obj.kpi)
        if indicator_id is None:
            raise KoladaError(
                _("Kolada sent values for %(kpi)s, which was not asked for.") % {"kpi": obj.kpi},
                url,
            )
        area = obj.municipality
        if areas and area not in areas:
            raise KoladaError(
                _("Kolada sent values for area %(area)s, which was not asked for.")
                % {"area": area},
                url,
            )
        period = obj.period
        for item in obj.values:
            status = item.status
            append(
                (
                    indicator_id,
                    area,
                    period,
                    item.gender,
                    "",
                    None if item.is_deleted else item.value,
                    "preliminary" if status and "prel" in status.lower() else "final",
                )
            )
    return rows


def normalise(
    page: list[dict], indicator_ids: dict[str, int], url: str = "", areas: frozenset = frozenset()
) -> list[tuple]:
    """Kolada data objects → tidy rows, checking each (the hot loop of an import: keep it lean).

    A KPI or area that was not asked for, a gender other than T/K/M, a period that is not a year
    (values.parse_period: `true` or 2021.5 are not) or a value that is not a finite number
    raises KoladaError. `value: null` is a missing value, as is a value flagged deleted
    (incremental updates). Whether a value is plausible for its indicator (a share 0–100) is
    checked by services.record_observations.

    `page` is a list of Kolada's JSON objects, or of `DataObject`s that msgspec has already
    checked as it decoded them (KoladaClient.paged with `typed`)."""
    if page and DataObject is not None and type(page[0]) is DataObject:
        return _normalise_typed(page, indicator_ids, url, areas)
    rows = []
    append = rows.append
    for index, obj in enumerate(page, start=1):
        try:
            kpi, area, period, values = (
                obj["kpi"],
                obj["municipality"],
                obj["period"],
                obj["values"],
            )
        except (KeyError, TypeError):
            raise KoladaError(
                _("Data object %(index)s lacks kpi, municipality, period or values.")
                % {"index": index},
                url,
            ) from None
        indicator_id = indicator_ids.get(kpi)
        if indicator_id is None:
            raise KoladaError(
                _("Kolada sent values for %(kpi)s, which was not asked for.") % {"kpi": kpi}, url
            )
        if areas and area not in areas:
            raise KoladaError(
                _("Kolada sent values for area %(area)s, which was not asked for.")
                % {"area": area},
                url,
            )
        if type(period) is not int or not FIRST_PERIOD <= period <= LAST_PERIOD:
            try:
                period = parse_period(period)
            except Refused as refused:
                raise KoladaError(
                    _("Data object %(index)s: period %(period)r: %(problem)s")
                    % {"index": index, "period": period, "problem": refused.message},
                    url,
                ) from None
        for item in values:
            gender = item.get("gender", "T")
            if gender not in GENDERS:
                raise KoladaError(
                    _("Gender %(gender)r is not T, K or M.") % {"gender": gender}, url
                )
            value = item.get("value")
            if value is not None:
                kind = type(value)
                if kind is not float:
                    if kind is int:
                        value = float(value) if -MAX_MAGNITUDE <= value <= MAX_MAGNITUDE else inf
                    else:
                        raise _bad_value(value, url, index)
                # NaN fails both comparisons: refused like inf and absurd magnitudes
                if not -MAX_MAGNITUDE <= value <= MAX_MAGNITUDE:
                    raise _bad_value(value, url, index)
            if item.get("is_deleted"):
                value = None
            status = item.get("status")
            status = "preliminary" if status and "prel" in str(status).lower() else "final"
            append((indicator_id, area, period, gender, "", value, status))
    return rows


def unit_from_title(title: str) -> str:
    """Kolada has no unit field: the unit is the title's last comma part ("andel (%)")."""
    tail = title.rsplit(",", 1)[-1].strip() if "," in title else ""
    return tail[:60]


def known_indicators(kpis: Sequence[str]) -> dict[str, int]:
    """The catalogue's id of each of `kpis` it has (a read)."""
    from ..constants import SourceKind
    from ..models import Indicator

    return dict(
        Indicator.objects.filter(source_kind=SourceKind.KOLADA, source_key__in=kpis).values_list(
            "source_key", "id"
        )
    )


def kpi_metadata(
    kpis: Sequence[str], client: KoladaClient, known: dict[str, int] | None = None
) -> dict[str, dict]:
    """Kolada's metadata of each KPI not yet in the catalogue (a read and requests, no write).
    `known` is known_indicators(kpis) if already read. Raises KoladaError for KPIs Kolada does
    not know."""
    known = known_indicators(kpis) if known is None else known
    missing = [k for k in kpis if k not in known]
    if not missing:
        return {}
    found = {item["id"]: item for item in client.kpis(missing)}
    unknown = [k for k in missing if k not in found]
    if unknown:
        raise KoladaError(
            _("Kolada does not know these KPIs: %(kpis)s") % {"kpis": ", ".join(unknown)}
        )
    return {key: found[key] for key in missing}


def add_indicators(kpis: Sequence[str], metadata: dict[str, dict]) -> dict[str, int]:
    """The catalogue entry of every KPI, adding the missing ones from Kolada's `metadata` (linked
    to no goal until someone links it). Call inside the import's transaction."""
    from ..constants import SourceKind
    from ..models import Indicator

    existing = dict(
        Indicator.objects.filter(source_kind=SourceKind.KOLADA, source_key__in=kpis).values_list(
            "source_key", "id"
        )
    )
    for key in kpis:
        if key in existing:
            continue
        meta = metadata[key]
        indicator = Indicator(
            title=meta.get("title") or key,
            definition=meta.get("description") or "",
            source_kind=SourceKind.KOLADA,
            source_key=key,
            source_name="Kolada (RKA)",
            unit=unit_from_title(meta.get("title") or ""),
            gender_split=bool(meta.get("is_divided_by_gender")),
        )
        indicator.full_clean()
        indicator.save()
        existing[key] = indicator.pk
    return existing


def check_areas(codes: Sequence[str]) -> list[str]:
    from ..models import Area

    codes = [c.strip() for c in codes if c.strip()]
    known = set(Area.objects.filter(code__in=codes).values_list("code", flat=True))
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise ImportRejected(
            [Problem(_("unknown area code"), column=_("area"), value=c) for c in unknown]
        )
    return codes


@dataclass
class Fetched:
    """What `fetch` found, for `store`: the request and Kolada's metadata of the KPIs new to the
    catalogue. The rows themselves are in the spool file."""

    base: str
    kpis: list[str]
    areas: list[str]
    years: list[int]
    from_date: str | None
    new_kpis: dict[str, dict] = field(default_factory=dict)
    # The id each KPI's rows carry in the spool: the catalogue's when `fetch` read it, else a
    # stand-in (negative) that `store` replaces by the id of the indicator it adds.
    ids: dict[str, int] = field(default_factory=dict)
    requests: int = 0
    rows: int = 0

    @property
    def description(self) -> str:
        return (
            f"Kolada {self.base} kpi={','.join(self.kpis)} areas={','.join(self.areas)} "
            f"years={self.years[0]}-{self.years[-1]}"
            + (f" from_date={self.from_date}" if self.from_date else "")
        )


def fetch(
    kpis: Sequence[str],
    areas: Sequence[str],
    years: Sequence[int],
    spool: IO[bytes],
    *,
    client: KoladaClient,
    from_date: str | None = None,
    progress: Callable[[int, int, int], None] | None = None,
) -> Fetched:
    """Phase 1 of a sync, writing nothing to the database: check the areas, read the catalogue,
    ask Kolada for the KPIs it lacks, then fetch and check every page, spooling the tidy rows to
    `spool` (one record per page, each row carrying the indicator's id, or for a KPI new to the
    catalogue a stand-in that `store` replaces). `progress(done, total, rows)` is called before
    the first request and after each. Raises KoladaError or ImportRejected; then nothing was
    written."""
    areas = check_areas(areas)
    wanted = list(dict.fromkeys(k.strip().upper() for k in kpis if k.strip()))
    known = known_indicators(wanted)
    fetched = Fetched(
        base=client.base,
        kpis=wanted,
        areas=areas,
        years=list(years),
        from_date=from_date,
        new_kpis=kpi_metadata(wanted, client, known),
    )
    stand_in = itertools.count(-1, -1)
    fetched.ids = {key: known[key] if key in known else next(stand_in) for key in wanted}
    urls = client.data_urls(wanted, areas, fetched.years, from_date)
    fetched.requests = len(urls)
    asked = frozenset(areas)
    if progress:
        progress(0, len(urls), 0)
    for done, url in enumerate(urls, start=1):
        for page in client.paged(url, typed=True):
            chunk = normalise(page, fetched.ids, url, asked)
            fetched.rows += len(chunk)
            _spool_chunk(spool, chunk)
        if progress:
            progress(done, len(urls), fetched.rows)
    return fetched


# The spool holds each page's rows as one `marshal` record (tuples of ints, strings, floats and
# None) behind its length: written and read back as tuples, about three times cheaper than JSON
# lines. It is our own temporary file, read once by the process that wrote it.
_LENGTH = struct.Struct("<Q")


def _spool_chunk(spool: IO[bytes], rows: list[tuple]) -> None:
    data = marshal.dumps(rows)
    spool.write(_LENGTH.pack(len(data)))
    spool.write(data)


def _spooled(spool: IO[bytes], remap: dict[int, int]) -> Iterator[list[tuple]]:
    """The spooled chunks, from the start, each row's stand-in id replaced per `remap`."""
    spool.seek(0)
    read, size = spool.read, _LENGTH.size
    while header := read(size):
        rows = marshal.loads(read(_LENGTH.unpack(header)[0]))
        if remap:
            get = remap.get
            rows = [(get(row[0], row[0]), *row[1:]) for row in rows]
        yield rows


def store(fetched: Fetched, spool: IO[bytes], *, by=None):
    """Phase 2 of a sync, one short transaction: add the KPIs new to the catalogue, then record
    every spooled row through `record_observations`. All or nothing. Returns the batch."""
    from django.db import transaction

    from ..constants import BatchSource
    from ..services import record_observations

    with transaction.atomic():
        ids = add_indicators(fetched.kpis, fetched.new_kpis)
        # The KPIs added now, or changed in the catalogue since `fetch` read it.
        remap = {fetched.ids[key]: ids[key] for key in fetched.kpis if fetched.ids[key] != ids[key]}
        return record_observations(
            _spooled(spool, remap),
            source=BatchSource.KOLADA,
            by=by,
            description=fetched.description,
            # Lets a first import of these indicators on PostgreSQL copy straight in.
            indicator_ids=list(ids.values()),
        )


@contextlib.contextmanager
def frozen_collector() -> Iterator[None]:
    """Moves every object alive now out of the garbage collector's sight for the length of a
    sync (`gc.freeze`), and back after. A sync makes millions of short-lived dicts and tuples;
    each time they trigger a full collection, the collector walked Django's and the process's
    own long-lived objects again, about a third of a sync's time on SQLite. What the sync itself
    makes is collected as usual, so memory stays flat (docs/performance.md)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def sync(
    kpis: Sequence[str],
    areas: Sequence[str],
    years: Sequence[int],
    *,
    by=None,
    from_date: str | None = None,
    client: KoladaClient | None = None,
    progress=None,
):
    """Fetch the values of `kpis` × `areas` × `years` and store them: every page is fetched
    first into a temporary file with no transaction open, then everything is written in one
    short transaction (`fetch`, `store`; the web's job does the same). A slow Kolada therefore
    never holds SQLite's write lock: web writes go on while the command waits for pages.

    `progress(done_requests, total_requests)` is called after each request. Returns the batch.
    Raises ImportRejected/KoladaError with the reason; then nothing is written.
    """
    own_client = client is None
    client = client or KoladaClient()
    try:
        with frozen_collector(), tempfile.TemporaryFile(prefix="riktning-kolada-") as spool:
            fetched = fetch(
                kpis,
                areas,
                years,
                spool,
                client=client,
                from_date=from_date,
                progress=(lambda done, total, rows: progress(done, total)) if progress else None,
            )
            return store(fetched, spool, by=by)
    finally:
        if own_client:
            client.close()


def sync_metadata(client: KoladaClient | None = None) -> int:
    """Refresh the areas and municipality groups from Kolada. Returns how many changed."""
    from ..reference import store_areas

    own_client = client is None
    client = client or KoladaClient()
    try:
        areas = client.municipalities()
        groups = client.groups()
    finally:
        if own_client:
            client.close()
    from django.db import transaction

    with transaction.atomic():
        return store_areas(areas, groups)
