"""The upload inputs of the outside attack (issue 11, items 1, 4, 7, 8), sent through the web
page as a person would: each answers 200 with the Swedish list of problems naming the row and
column, writes nothing and keeps no pending file. Before, each was a 500 or a value changed
without a word. The parser-level tests, with more cases, are in
riktning/indicators/tests/test_upload_refusals.py and test_upload_properties.py."""

import datetime
import html
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from riktning.indicators.constants import SourceKind
from riktning.indicators.models import ImportBatch, Observation
from riktning.indicators.tests.xlsx_files import patched, raw_workbook, workbook
from riktning.strategy.tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db

HEAD = "område;period;kön;värde\r\n"
HEADERS = ["område", "period", "kön", "värde"]


def xlsx_with(cell: bytes, value: bytes) -> bytes:
    return patched(workbook([HEADERS, [4321, 2021, "K", 12345.678]]), cell, value)


# name, content, the (row, column) the page must name, or None for the file as a whole
BAD_FILES = [
    ("noll.csv", (HEAD + "1287;2021;K;1" + "0" * 400).encode(), (2, "värde")),
    ("stor.xlsx", xlsx_with(b"<v>12345.678</v>", b"<v>1E309</v>"), (2, "värde")),
    ("andel.csv", (HEAD + "1287;2021;K;100,5").encode(), (2, "värde")),
    *[
        (f"ansi-{b:02x}.csv", (HEAD + "1287;2021;K;7").encode() + bytes([b]), (2, "värde"))
        for b in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
    ],
    ("bild.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", None),
    ("program.csv", b"\x7fELF\x02\x01\x01\x00\x00\x00\x00", (1, "A")),
    ("lang.csv", (HEAD + "1287;2021;" + "K" * 131_073 + ";70").encode(), (2, "kön")),
    ("inf.csv", (HEAD + "1287;inf;K;70").encode(), (2, "period")),
    ("e309.csv", (HEAD + "1287;1e309;K;70").encode(), (2, "period")),
    ("nan.xlsx", xlsx_with(b"<v>12345.678</v>", b"<v>NaN</v>"), (2, "värde")),
    ("omrade.xlsx", xlsx_with(b"<v>4321</v>", b"<v>1e309</v>"), (2, "område")),
    ("komma.csv", (HEAD + "1287;2021,7;K;70").encode(), (2, "period")),
    ("decimal.xlsx", workbook([HEADERS, [1287.9, 2021, "K", 70]]), (2, "område")),
    ("sant.xlsx", workbook([HEADERS, [True, 2021, "K", 70]]), (2, "område")),
    ("formel.xlsx", workbook([HEADERS, ["1287", 2021, "K", "=50+20"]]), (2, "värde")),
    (
        "datum.xlsx",
        workbook([HEADERS, ["1287", datetime.date(2021, 1, 1), "K", 70]]),
        (2, "period"),
    ),
    ("zip.csv", workbook([HEADERS]), None),
]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def survey(orgs):
    return IndicatorFactory(
        title="Andel som känner sig trygga",
        source_kind=SourceKind.SURVEY,
        unit="andel (%)",
        responsible=orgs["social"],
    )


def post(client, indicator, name: str, content: bytes):
    return client.post(
        reverse("web:data_upload", args=[indicator.pk]),
        {"file": SimpleUploadedFile(name, content)},
    )


@pytest.mark.parametrize("name, content, where", BAD_FILES, ids=[f[0] for f in BAD_FILES])
def test_a_bad_upload_is_refused_in_swedish_naming_row_and_column(
    personas, survey, settings, name, content, where
):
    response = post(personas["coordinator"], survey, name, content)

    assert response.status_code == 200
    page = html.unescape(response.text)
    assert f"Ingenting sparades. Filen ”{name}” har" in page
    problems = response.context["problems"]
    if where is not None:
        assert where in [(p.row, p.column) for p in problems], [str(p)[:150] for p in problems]
    assert not Observation.objects.exists() and not ImportBatch.objects.exists()
    pending = Path(settings.MEDIA_ROOT) / "pending"
    assert not pending.exists() or not any(pending.iterdir())


def test_a_120000_row_workbook_is_refused_by_the_page_in_well_under_two_seconds(personas, survey):
    content = raw_workbook(
        [HEADERS] + [["1287", 1900 + n % 200, "K", n % 100] for n in range(120_000)]
    )
    started = time.perf_counter()
    response = post(personas["coordinator"], survey, "stor.xlsx", content)
    elapsed = time.perf_counter() - started

    assert "filen har fler än 50\xa0000 rader" in html.unescape(response.text)
    assert elapsed < 2.0, f"{elapsed:.2f} s (39 s before issue 11)"
    assert not Observation.objects.exists()
