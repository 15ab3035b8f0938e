"""The Kolada connector against a local server that pages, throttles and fails like the API."""

from io import StringIO

import httpx
import pytest
from django.core.management import CommandError, call_command

from riktning.indicators.constants import SourceKind
from riktning.indicators.models import ImportBatch, Indicator, Observation
from riktning.indicators.services import ImportRejected
from riktning.indicators.sources import kolada

from .fake_kolada import FakeKolada

pytestmark = pytest.mark.django_db

AREAS = ["1287", "0012", "0000"]
YEARS = [2019, 2020, 2021]


def client_for(fake, **kw) -> kolada.KoladaClient:
    return kolada.KoladaClient(fake.base_url, max_per_second=0, backoff=0, **kw)


def stored() -> dict[tuple, float | None]:
    return {
        (o.indicator.source_key, o.area_code, o.period, o.gender): o.value
        for o in Observation.objects.select_related("indicator")
    }


@pytest.fixture
def n15418():
    return Indicator.objects.create(
        title="Andel i åk 9 med godkänt i alla ämnen",
        source_kind=SourceKind.KOLADA,
        source_key="N15418",
    )


def test_sync_stores_exactly_what_the_server_served_across_pages_429s_and_500s(n15418):
    with FakeKolada(page_cap=2, fail_every=3, fail_status=500) as fake:
        batch = kolada.sync(["N15418"], AREAS, YEARS, client=client_for(fake))
        expected = fake.served_points(["N15418"], AREAS, YEARS)
    assert stored() == expected
    assert batch.rows_added == len(expected) == 27
    assert any(v is None for v in stored().values()), "null values are stored as missing"
    assert len(fake.requests) > 5  # paged, with retries


def test_a_429_is_retried_after_the_time_the_server_asks(n15418):
    waits = []
    with FakeKolada(page_cap=4, fail_every=2, fail_status=429) as fake:
        client = kolada.KoladaClient(fake.base_url, max_per_second=0, sleep=waits.append)
        kolada.sync(["N15418"], AREAS, YEARS, client=client)
    assert 0.0 in waits  # Retry-After: 0 honoured
    assert Observation.objects.count() == 27


def test_requests_are_spaced_to_at_most_five_a_second():
    waits = []
    with FakeKolada() as fake:
        client = kolada.KoladaClient(fake.base_url, sleep=waits.append)
        client.get_json(client.url("kpi/N15418"))
        client.get_json(client.url("kpi/N15418"))
    assert waits and 0 < max(waits) <= 0.2


def test_ids_are_chunked_to_at_most_25_per_path_segment(n15418):
    from riktning.indicators.models import Area

    areas = list(Area.objects.filter(type="K").values_list("code", flat=True)[:30])
    with FakeKolada() as fake:
        kolada.sync(["N15418"], areas, [2021], client=client_for(fake))
    data_requests = [r for r in fake.requests if r.startswith("/v3/data/")]
    assert len(data_requests) == 2
    assert all(len(r.split("/")[5].split(",")) <= 25 for r in data_requests)
    assert Observation.objects.count() == 30 * 3


def test_a_re_import_updates_in_place_and_counts_what_changed(n15418):
    with FakeKolada() as fake:
        kolada.sync(["N15418"], AREAS, YEARS, client=client_for(fake))
        fake.overrides[("N15418", "1287", 2021, "K")] = 99.9
        batch = kolada.sync(["N15418"], AREAS, YEARS, client=client_for(fake))
    assert (batch.rows_added, batch.rows_changed, batch.rows_unchanged) == (0, 1, 26)
    changed = Observation.objects.get(area_code="1287", period=2021, gender="K")
    assert changed.value == 99.9 and changed.batch == batch
    assert Observation.objects.count() == 27
    assert ImportBatch.objects.count() == 2


def test_a_kpi_not_in_the_catalogue_is_added_from_kolada_metadata():
    with FakeKolada() as fake:
        kolada.sync(["U09800"], ["1287"], [2021], client=client_for(fake))
    indicator = Indicator.objects.get(source_key="U09800")
    assert indicator.title.startswith("Deltagartillfällen i idrottsföreningar")
    assert indicator.unit == "antal/inv 7-20 år"
    assert indicator.gender_split is True
    assert not indicator.goal_links.exists()
    # Its values were fetched before it was added, and are stored under it.
    assert Observation.objects.count() == Observation.objects.filter(indicator=indicator).count()
    assert {key[0] for key in stored()} == {"U09800"} and len(stored()) == 3


def test_incremental_updates_ask_for_changes_since_a_date(n15418):
    with FakeKolada() as fake:
        kolada.sync(["N15418"], ["1287"], [2021], from_date="2025-01-01", client=client_for(fake))
    assert "from_date=2025-01-01" in fake.requests[-1]


@pytest.mark.parametrize(
    "mode, message",
    [
        ("malformed", "inte giltig JSON"),
        ("html", "en webbsida i stället för data"),
        ("always500", "HTTP 500"),
        ("loop", "loop"),
        ("not_a_number", "är inte ett tal"),
    ],
)
def test_a_bad_answer_is_refused_and_nothing_is_written(n15418, mode, message):
    with FakeKolada(mode=mode, page_cap=2) as fake, pytest.raises(ImportRejected) as error:
        kolada.sync(["N15418"], AREAS, YEARS, client=client_for(fake, retries=2))
    assert message in str(error.value)
    assert Observation.objects.count() == 0
    assert ImportBatch.objects.count() == 0


def test_an_unknown_kpi_is_refused_before_anything_is_written():
    with FakeKolada() as fake, pytest.raises(ImportRejected, match="N99999"):
        kolada.sync(["N99999"], ["1287"], [2021], client=client_for(fake))
    assert not Indicator.objects.exists()


def test_an_unknown_area_is_refused_without_asking_kolada(n15418):
    with FakeKolada() as fake, pytest.raises(ImportRejected, match="9999"):
        kolada.sync(["N15418"], ["1287", "9999"], [2021], client=client_for(fake))
    assert fake.requests == []


def test_http_404_is_reported_not_retried():
    with FakeKolada() as fake:
        client = client_for(fake)
        with pytest.raises(kolada.KoladaError, match="404"):
            client.get_json(client.url("no/such/path"))
    assert len(fake.requests) == 1


def test_recorded_responses_can_be_replayed_without_a_network(n15418):
    """The same code path fed from recorded bodies (httpx.MockTransport)."""
    pages = {
        "page1": {
            "values": [
                {
                    "kpi": "N15418",
                    "municipality": "1287",
                    "period": 2024,
                    "values": [
                        {"gender": "T", "count": 1, "status": "", "value": 71.3},
                        {"gender": "K", "value": None, "status": "Bortfall"},
                    ],
                }
            ],
            "next_page": "http://kolada.test/v3/page2",
        },
        "page2": {"values": [], "next_url": None},
    }

    def handler(request: httpx.Request) -> httpx.Response:
        name = "page2" if request.url.path.endswith("page2") else "page1"
        return httpx.Response(200, json=pages[name])

    client = kolada.KoladaClient(
        "http://kolada.test/v3/", max_per_second=0, transport=httpx.MockTransport(handler)
    )
    kolada.sync(["N15418"], ["1287"], [2024], client=client)
    assert stored() == {("N15418", "1287", 2024, "T"): 71.3, ("N15418", "1287", 2024, "K"): None}


def test_the_cli_syncs_and_reports_counts(n15418, settings):
    with FakeKolada() as fake:
        settings.KOLADA_BASE_URL = fake.base_url
        out = StringIO()
        call_command(
            "kolada",
            "sync",
            "--kpi",
            "N15418",
            "--areas",
            "1287,0012",
            "--years",
            "2020-2021",
            stdout=out,
        )
    assert Observation.objects.count() == 12
    assert "12" in out.getvalue()


def test_the_cli_says_what_was_wrong_and_saves_nothing(n15418, settings):
    settings.KOLADA_BASE_URL = "http://127.0.0.1:9/v3/"
    err = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "kolada",
            "sync",
            "--kpi",
            "N15418",
            "--areas",
            "1287,XYZ",
            "--years",
            "2021",
            stderr=err,
        )
    assert "XYZ" in err.getvalue()
    assert Observation.objects.count() == 0
