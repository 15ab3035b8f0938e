"""A generator of Kolada-shaped data at national scale: every area in the reference list
(312: municipalities, regions, the country) × N KPIs × years × T/K/M, written as Kolada v3 JSON
pages (`{"values": [...], "next_url": ...}`) exactly as the connector requests them."""

import itertools
import math
import zlib
from pathlib import Path

import orjson

from riktning.indicators.reference import reference_areas
from riktning.indicators.sources.kolada import PER_PAGE, KoladaClient, chunked

BASE = "http://kolada.bench/v3/"


def kpi_ids(n: int) -> list[str]:
    return [f"B{i:05d}" for i in range(n)]


def value(kpi: str, area: str, year: int, gender: str) -> float | None:
    seed = zlib.crc32(f"{kpi}{area}{year}{gender}".encode())
    return None if seed % 29 == 0 else round(10 + (seed % 9000) / 100, 1)


def kpis_for_rows(rows: int, years: int) -> int:
    """How many KPIs give at least `rows` observations (areas × years × T/K/M per KPI)."""
    per_kpi = len(reference_areas()) * years * 3
    return max(1, math.ceil(rows / per_kpi))


def write_pages(directory: Path, kpis: list[str], years: list[int]) -> dict[str, Path]:
    """Write every page the connector will ask for; returns URL → file."""
    areas = [a["id"] for a in reference_areas()]
    client = KoladaClient(BASE, max_per_second=0)
    routes: dict[str, Path] = {}
    for n, url in enumerate(client.data_urls(kpis, areas, years)):
        path_part = url[len(BASE) :].split("?")[0].split("/")
        kpi_chunk, area_chunk = path_part[2].split(","), path_part[4].split(",")
        objects = [
            {
                "kpi": k,
                "municipality": a,
                "period": y,
                "values": [
                    {"gender": g, "count": 1, "status": "", "value": value(k, a, y, g)}
                    for g in ("T", "K", "M")
                ],
            }
            for k, a, y in itertools.product(kpi_chunk, area_chunk, years)
        ]
        pages = chunked([str(i) for i in range(len(objects))], PER_PAGE)
        for p, index_chunk in enumerate(pages, start=1):
            page_url = url if p == 1 else f"{url.split('?')[0]}?per_page={PER_PAGE}&page={p}"
            next_url = (
                f"{url.split('?')[0]}?per_page={PER_PAGE}&page={p + 1}" if p < len(pages) else None
            )
            body = {
                "values": objects[int(index_chunk[0]) : int(index_chunk[-1]) + 1],
                "count": len(index_chunk),
                "next_url": next_url,
            }
            file = directory / f"page-{n}-{p}.json"
            file.write_bytes(orjson.dumps(body))
            routes[page_url] = file
    client.close()
    return routes
