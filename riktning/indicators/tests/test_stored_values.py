"""Whatever the path, no value that breaks the rules is stored (issue 11, item 1): the writer
refuses inf and NaN, `record_observations` refuses a value outside its indicator's plausible
range, and Kolada's periods and values follow the same rules as an upload's."""

import math

import httpx
import orjson
import pytest

from riktning.indicators import store
from riktning.indicators.constants import BatchSource, SourceKind
from riktning.indicators.models import ImportBatch, Observation
from riktning.indicators.services import ImportRejected, record_observations
from riktning.indicators.sources import kolada
from riktning.strategy.tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def share():
    return IndicatorFactory(title="Andel elever", unit="andel (%)")


def row(indicator, value, period=2021):
    return (indicator.pk, "1287", period, "T", "", value, "final")


@pytest.mark.parametrize("value", [math.inf, -math.inf, math.nan, 1e300])
def test_the_store_refuses_a_value_that_is_not_finite_whoever_calls_it(share, value):
    batch = ImportBatch.objects.create(source=BatchSource.UPLOAD)
    writer = store.Writer(batch.pk, [share.pk])
    with pytest.raises(ValueError):
        writer.write([row(share, value)])
    assert Observation.objects.count() == 0


@pytest.mark.parametrize(
    "value, period, says",
    [
        (math.inf, 2021, "inte ett ändligt tal"),
        (math.nan, 2021, "inte ett ändligt tal"),
        (100.5, 2021, "mellan 0 och 100"),
        (-1.0, 2021, "mellan 0 och 100"),
        (50.0, 1, "från 1900 till 2100"),
        (50.0, True, "ett år"),
        ("70", 2021, "inte ett tal"),
    ],
)
def test_record_observations_refuses_what_no_source_may_store(share, value, period, says):
    with pytest.raises(ImportRejected) as rejected:
        record_observations(
            [[row(share, 50.0, 2020), row(share, value, period)]], source=BatchSource.MANUAL
        )
    text = str(rejected.value)
    assert says in text and "Andel elever, område 1287" in text
    assert Observation.objects.count() == 0 and ImportBatch.objects.count() == 0


def test_a_count_may_be_large_but_not_negative():
    count = IndicatorFactory(title="Antal deltagare", unit="antal")
    record_observations([[row(count, 123456.0)]], source=BatchSource.MANUAL)
    with pytest.raises(ImportRejected, match="negativt"):
        record_observations([[row(count, -1.0, 2022)]], source=BatchSource.MANUAL)
    assert Observation.objects.count() == 1


# --- Kolada -----------------------------------------------------------------------------------


def page(period=2021, value=71.3):
    return [
        {
            "kpi": "N15418",
            "municipality": "1287",
            "period": period,
            "values": [{"gender": "T", "value": value, "status": ""}],
        }
    ]


def read(objects, areas=frozenset()) -> list[tuple]:
    """The rows of `objects` checked by `normalise` as a list of plain JSON objects."""
    return kolada.normalise(objects, {"N15418": 1}, "https://kolada/x", areas)


def pages_served(objects) -> list[list]:
    """One page of `objects` from Kolada, as the client decodes and checks it for a sync."""
    body = orjson.dumps({"values": objects, "next_url": None})
    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=body))
    with kolada.KoladaClient("https://kolada/v3/", max_per_second=0, transport=transport) as c:
        return list(c.paged("https://kolada/v3/data/x", typed=True))


def served(objects, areas=frozenset()) -> list[tuple]:
    """The rows of `objects` as a sync reads them: the client's page, then `normalise`."""
    return [
        row
        for values in pages_served(objects)
        for row in kolada.normalise(values, {"N15418": 1}, "https://kolada/x", areas)
    ]


@pytest.mark.parametrize("reader", [read, served])
@pytest.mark.parametrize(
    "period, says",
    [
        (True, "SANT eller FALSKT"),  # was stored as year 1 (issue 11, item 7)
        (2021.5, "fyra siffror"),
        ("2021,7", "fyra siffror"),
        (1, "från 1900 till 2100"),
        (None, "fyra siffror"),
    ],
)
def test_a_kolada_period_that_is_not_a_year_is_refused(reader, period, says):
    with pytest.raises(kolada.KoladaError) as error:
        reader(page(period=period))
    assert says in str(error.value) and "Dataobjekt 1" in str(error.value)


@pytest.mark.parametrize("reader", [read, served])
@pytest.mark.parametrize("value", [1.5e308, -1e16, 10**16, True, "71,3"])
def test_a_kolada_value_that_is_not_a_finite_number_is_refused(reader, value):
    with pytest.raises(kolada.KoladaError, match="inte ett tal"):
        reader(page(value=value))


@pytest.mark.parametrize("reader", [read, served])
def test_a_kolada_year_as_text_is_read_as_the_year(reader):
    assert reader(page(period="2021"))[0][2] == 2021


@pytest.mark.parametrize("reader", [read, served])
@pytest.mark.parametrize(
    "change, says",
    [
        ({"kpi": "N00001"}, "N00001"),
        ({"municipality": "9999"}, "9999"),
        ({"values": [{"gender": "X", "value": 1.0}]}, "T, K eller M"),
        ({"values": [{"gender": None, "value": 1.0}]}, "T, K eller M"),
    ],
)
def test_a_kolada_object_not_asked_for_or_with_an_odd_gender_is_refused(reader, change, says):
    objects = [page()[0], {**page()[0], **change}]
    with pytest.raises(kolada.KoladaError, match=says):
        reader(objects, frozenset({"1287"}))


def test_a_page_decoded_by_the_client_gives_the_rows_normalise_gives():
    """The client decodes a well-formed page straight into checked objects (msgspec); every
    other page goes to `normalise` as plain JSON. Either way the rows are the same."""
    objects = [
        {
            "kpi": "N15418",
            "municipality": "1287",
            "period": period,
            "count": 3,
            "values": [
                {"gender": "T", "value": 71, "status": "", "count": 1},
                {"gender": "K", "value": None, "status": None},
                {"gender": "M", "value": -0.0, "status": "Preliminär"},
                {"value": 1e15, "status": "PREL"},
                {"gender": "K", "value": -1e15, "is_deleted": True},
                {"gender": "M", "value": 1e-300, "is_deleted": False, "status": "Definitivt"},
                {"gender": "T"},
            ],
        }
        for period in (1900, 2021, 2100)
    ]
    rows = read(objects)
    assert served(objects) == rows
    if kolada.msgspec is not None:  # a well-formed page takes the typed way
        assert type(pages_served(objects)[0][0]) is kolada.DataObject
    assert [row[5] for row in rows[:7]] == [71.0, None, -0.0, 1e15, None, 1e-300, None]
    assert [row[6] for row in rows[:4]] == ["final", "final", "preliminary", "preliminary"]
    assert [row[3] for row in rows[:4]] == ["T", "K", "M", "T"]
    # Shapes only normalise accepts take its way, with the same result.
    odd = [
        {**objects[0], "period": "2021"},
        {**objects[0], "values": [{"gender": "T", "value": 1.0, "is_deleted": 1}]},
        {**objects[0], "values": [{"gender": "T", "value": 1.0, "status": 7}]},
    ]
    for variant in odd:
        assert served([objects[1], variant]) == read([objects[1], variant])


def test_a_kolada_share_over_100_is_refused_before_anything_is_stored():
    indicator = IndicatorFactory(
        title="Elever i åk 9, andel (%)",
        source_kind=SourceKind.KOLADA,
        source_key="N15418",
        unit="andel (%)",
    )
    rows = kolada.normalise(page(value=104.0), {"N15418": indicator.pk})
    with pytest.raises(ImportRejected, match="mellan 0 och 100"):
        record_observations([rows], source=BatchSource.KOLADA, indicator_ids=[indicator.pk])
    assert Observation.objects.count() == 0


@pytest.mark.parametrize("known_up_front", [True, False])
def test_a_refusal_after_rows_went_into_the_stream_leaves_nothing(share, known_up_front):
    """On PostgreSQL the rows of a whole import go through one COPY stream: a refusal in a later
    chunk abandons it, nothing stays, and the connection answers the next query."""

    def chunks():
        yield [row(share, 10.0, year) for year in range(2000, 2010)]
        yield [row(share, 150.0, 2011)]  # over 100 %

    with pytest.raises(ImportRejected):
        record_observations(
            chunks(),
            source=BatchSource.KOLADA,
            indicator_ids=[share.pk] if known_up_front else (),
        )

    assert Observation.objects.count() == 0 and ImportBatch.objects.count() == 0


@pytest.mark.parametrize("known_up_front", [True, False])
def test_a_whole_import_in_one_stream_is_stored_and_counted(share, known_up_front):
    other = IndicatorFactory(title="Andel vuxna", unit="andel (%)")
    chunks = [[row(share, 10.0 + i, 2000 + i)] for i in range(5)] + [[row(other, 1.0)]]

    batch = record_observations(
        chunks,
        source=BatchSource.KOLADA,
        indicator_ids=[share.pk, other.pk] if known_up_front else (),
    )
    again = record_observations(
        [[row(share, 10.0, 2000), row(share, 99.0, 2001)]], source=BatchSource.KOLADA
    )

    assert (batch.rows_added, batch.rows_changed, batch.rows_unchanged) == (6, 0, 0)
    assert (again.rows_added, again.rows_changed, again.rows_unchanged) == (0, 1, 1)
    assert Observation.objects.get(indicator=share, period=2001).value == 99.0


@pytest.mark.django_db(transaction=True)
def test_every_foreign_key_is_still_checked(share):
    """A row naming an indicator that does not exist is refused by the database (the foreign
    keys are checked at the commit, also after a COPY stream on PostgreSQL); nothing stays."""
    from django.db import IntegrityError

    missing = share.pk + 1000
    with pytest.raises(IntegrityError):
        record_observations(
            [[(missing, "1287", 2021, "T", "", 1.0, "")]],
            source=BatchSource.KOLADA,
            indicator_ids=[missing],
        )

    assert Observation.objects.count() == 0
