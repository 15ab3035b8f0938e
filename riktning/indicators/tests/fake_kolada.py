"""A local HTTP server that speaks Kolada v3's documented format, for tests and benchmarks.

It serves deterministic values for any KPI × area × year asked for, pages them (`per_page`, which
the server may cap lower to force paging), and can be told to answer 429 or 500 now and then,
to misbehave in a given way (`mode`) or to take `delay` seconds over each page of values (a
slow Kolada). Every request is recorded in `requests`.
"""

import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import orjson

KPI_META = {
    "N15418": {
        "id": "N15418",
        "title": "Elever i åk 9 som uppnått betygskriterierna i alla ämnen, lägeskommun, andel (%)",
        "description": "Andel elever med godkänt betyg i alla ämnen.",
        "is_divided_by_gender": True,
    },
    "U09800": {
        "id": "U09800",
        "title": "Deltagartillfällen i idrottsföreningar, antal/inv 7-20 år",
        "description": "Antal deltagartillfällen i åldern 7-20 år.",
        "is_divided_by_gender": True,
    },
}


def value_for(kpi: str, area: str, year: int, gender: str) -> float | None:
    """The value the fake serves; every 17th point is missing (null)."""
    seed = zlib.crc32(f"{kpi}{area}{year}{gender}".encode())
    if seed % 17 == 0:
        return None
    return round(40 + (seed % 5000) / 100, 1)


class FakeKolada:
    def __init__(
        self,
        *,
        page_cap: int = 5000,
        fail_every: int = 0,
        fail_status: int = 429,
        mode: str = "",
        metadata: dict | None = None,
        delay: float = 0.0,
    ):
        self.page_cap = page_cap
        self.delay = delay
        self.fail_every = fail_every
        self.fail_status = fail_status
        self.mode = mode
        self.metadata = metadata if metadata is not None else KPI_META
        self.requests: list[str] = []
        self.overrides: dict[tuple, float | None] = {}
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v3/"

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()

    def served_points(self, kpis, areas, years) -> dict[tuple, float | None]:
        points = {}
        for kpi in kpis:
            for area in areas:
                for year in years:
                    for gender in ("T", "K", "M"):
                        key = (kpi, area, year, gender)
                        points[key] = self.overrides.get(key, value_for(kpi, area, year, gender))
        return points

    def _data(self, kpis, areas, years) -> list[dict]:
        objects = []
        for kpi in kpis:
            for area in areas:
                for year in years:
                    values = [
                        {
                            "gender": g,
                            "count": 1,
                            "status": "",
                            "value": self.overrides.get(
                                (kpi, area, year, g), value_for(kpi, area, year, g)
                            ),
                        }
                        for g in ("T", "K", "M")
                    ]
                    objects.append(
                        {"kpi": kpi, "municipality": area, "period": year, "values": values}
                    )
        return objects

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status, body: bytes, content_type="application/json", headers=None):
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):  # noqa: N802 - the http.server API
                fake.requests.append(self.path)
                n = len(fake.requests)
                if fake.fail_every and n % fake.fail_every == 0:
                    return self._send(
                        fake.fail_status, b'{"error": "busy"}', headers={"Retry-After": "0"}
                    )
                if fake.mode == "html":
                    return self._send(200, b"<html><body>Underhall</body></html>", "text/html")
                if fake.mode == "malformed":
                    return self._send(200, b'{"values": [ {"kpi": ')
                if fake.mode == "always500":
                    return self._send(500, b"{}")
                url = urlparse(self.path)
                params = parse_qs(url.query)
                parts = url.path.strip("/").split("/")
                if parts[:1] == ["v3"]:
                    parts = parts[1:]
                if parts[:1] == ["kpi"] and len(parts) == 2:
                    ids = parts[1].split(",")
                    return self._page(
                        [fake.metadata[i] for i in ids if i in fake.metadata], params, url.path
                    )
                if parts[:1] != ["data"] or len(parts) != 7:
                    return self._send(404, b'{"error": "not found"}')
                if fake.delay:
                    time.sleep(fake.delay)
                kpis, areas, years = parts[2].split(","), parts[4].split(","), parts[6].split(",")
                if max(len(kpis), len(areas), len(years)) > 25:
                    return self._send(400, b'{"error": "too many ids"}')
                if fake.mode == "not_a_number":
                    bad = [
                        {
                            "kpi": kpis[0],
                            "municipality": areas[0],
                            "period": int(years[0]),
                            "values": [{"gender": "T", "value": "sju"}],
                        }
                    ]
                    return self._send(200, orjson.dumps({"values": bad, "next_url": None}))
                data = fake._data(kpis, areas, [int(y) for y in years])
                return self._page(data, params, url.path)

            def _page(self, items, params, path):
                per_page = min(int(params.get("per_page", ["5000"])[0]), fake.page_cap)
                page = int(params.get("page", ["1"])[0])
                chunk = items[(page - 1) * per_page : page * per_page]
                more = page * per_page < len(items)
                query = f"per_page={per_page}&page={page + 1}"
                if "from_date" in params:
                    query += f"&from_date={params['from_date'][0]}"
                next_url = f"http://{self.headers['Host']}{path}?{query}" if more else None
                if fake.mode == "loop" and more:
                    next_url = f"http://{self.headers['Host']}{path}?per_page={per_page}&page=1"
                body = {"values": chunk, "count": len(chunk), "previous_url": None}
                # v3 says next_url; v2 said next_page. Serve both spellings on alternate pages.
                body["next_url" if page % 2 else "next_page"] = next_url
                return self._send(200, orjson.dumps(body))

        return Handler
