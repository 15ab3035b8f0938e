"""The database failing: a request gets a plain Swedish 503 page, /healthz says which check
failed, and an import cut off halfway leaves nothing of itself behind.

No mock of our database: the request tests swap in a connection to a database that does not
exist (an SQLite file in a missing directory, or a PostgreSQL port nobody listens on); the import
tests really cut the import's connection in the middle (PostgreSQL: the server terminates it;
SQLite: the connection is closed under Django)."""

import contextlib
import sqlite3

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections
from django.db.models.signals import post_save
from django.db.utils import load_backend
from django.test import Client
from django.urls import reverse

from riktning.cli import main
from riktning.indicators.constants import SourceKind
from riktning.indicators.models import Area, ImportBatch, Indicator, Observation
from riktning.indicators.reference import reference_areas, reference_groups, store_areas
from riktning.indicators.sources import kolada
from riktning.indicators.tests.fake_kolada import FakeKolada
from riktning.ops.failure import is_database_outage
from riktning.strategy.tests.factories import IndicatorFactory

AREAS = ["1287", "0012", "0000"]
YEARS = [2019, 2020, 2021, 2022]


@contextlib.contextmanager
def unreachable_database(tmp_path):
    """The default connection points at a database that cannot be reached, until the block
    ends."""
    original = connections["default"]
    settings_dict = dict(original.settings_dict)
    if original.vendor == "sqlite":
        settings_dict["NAME"] = str(tmp_path / "missing-directory" / "riktning.sqlite3")
    else:
        settings_dict.update(HOST="127.0.0.1", PORT="9", OPTIONS={"connect_timeout": 2})
    broken = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, "default")
    connections["default"] = broken
    try:
        yield
    finally:
        broken.close()
        connections["default"] = original


@pytest.mark.django_db
def test_a_page_answers_503_in_swedish_when_the_database_is_unreachable(tmp_path):
    client = Client(raise_request_exception=False)
    with unreachable_database(tmp_path):
        response = client.get("/")

    assert response.status_code == 503
    page = response.content.decode()
    assert "Tjänsten är tillfälligt otillgänglig" in page
    assert "Ingenting sparades till hälften" in page
    assert "Traceback" not in page and "OperationalError" not in page
    assert response["Retry-After"] == "30"


@pytest.mark.django_db
def test_a_logged_in_post_answers_503_when_the_database_is_unreachable(tmp_path, coordinator):
    client = Client(raise_request_exception=False)
    client.force_login(coordinator)
    with unreachable_database(tmp_path):
        response = client.post("/dokument/nytt/", {"title": "Ny strategi"})

    assert response.status_code == 503
    assert "Tjänsten är tillfälligt otillgänglig" in response.content.decode()


@pytest.mark.django_db
def test_healthz_names_the_check_that_failed(tmp_path):
    client = Client()
    assert client.get("/healthz").json() == {
        "status": "ok",
        "checks": {"database": "ok"},
        "failed": [],
    }
    with unreachable_database(tmp_path):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "checks": {"database": "error"},
        "failed": ["database"],
    }
    assert str(tmp_path) not in response.content.decode(), "no paths or hosts on a public page"


# --- an import cut off halfway -----------------------------------------------------------------


class ConnectionCutter:
    """Cuts the default connection the way a database outage does, and brings a working one back
    for the test's own assertions afterwards."""

    def __init__(self):
        self.conn = connections["default"]  # this thread's, also when cut from another
        self.keeper = None
        if self.conn.vendor == "sqlite":
            # The test database lives in memory for as long as one connection to it is open.
            self.keeper = sqlite3.connect(self.conn.settings_dict["NAME"], uri=True)
        self.cuts = 0

    def cut(self) -> None:
        self.cuts += 1
        if self.conn.vendor == "postgresql":
            import psycopg

            # The server ends the import's session, as when it restarts or the network drops.
            pid = self.conn.connection.info.backend_pid
            params = self.conn.get_connection_params()
            params.pop("cursor_factory", None)
            params.pop("context", None)
            with psycopg.connect(**params, autocommit=True) as other:
                other.execute("SELECT pg_terminate_backend(%s)", [pid])
        else:
            self.conn.connection.close()  # uncommitted work is lost, as in a crash

    def restore(self) -> None:
        """A working connection again, for the assertions after the cut."""
        if self.conn.vendor == "sqlite":
            self.conn.connection = None
        else:
            self.conn.close()
        self.conn.ensure_connection()
        if self.keeper is not None:  # the new connection keeps the database alive now
            self.keeper.close()
            self.keeper = None


@pytest.fixture
def cutter():
    cutter = ConnectionCutter()
    yield cutter
    cutter.restore()


@pytest.fixture
def migrated_areas(transactional_db):
    """The reference areas the indicators' data migration stores. A transactional test starts
    from the empty database the previous one's flush left (pytest-django runs these last);
    the areas are put back rather than restored with serialized_rollback, whose saved content
    types clash with the ones a flush made anew."""
    store_areas(reference_areas(), reference_groups())
    assert Area.objects.filter(code="1287").exists()


@pytest.fixture
def n15418(db):
    return Indicator.objects.create(
        title="Andel i åk 9 med godkänt i alla ämnen",
        source_kind=SourceKind.KOLADA,
        source_key="N15418",
    )


class CutOnRequest(list):
    """FakeKolada's request log; the connection is cut when the server receives the `at`-th
    page of values, while the importer fetches (it holds no transaction then: pages go to a
    temporary file) and so before it stores anything."""

    def __init__(self, cutter: ConnectionCutter, at: int):
        super().__init__()
        self.cutter, self.at = cutter, at

    def append(self, path: str) -> None:
        super().append(path)
        if sum("/data/" in p for p in self) == self.at:
            self.cutter.cut()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrated_areas")
def test_a_kolada_import_cut_off_halfway_writes_nothing(n15418, cutter):
    with FakeKolada(page_cap=3) as fake:
        fake.requests = CutOnRequest(cutter, at=3)
        client = kolada.KoladaClient(fake.base_url, max_per_second=0, backoff=0)
        with pytest.raises(Exception) as raised:
            kolada.sync(["N15418"], AREAS, YEARS, client=client)
    assert cutter.cuts == 1
    assert is_database_outage(raised.value), repr(raised.value)
    cutter.restore()

    assert Observation.objects.count() == 0
    assert ImportBatch.objects.count() == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrated_areas")
def test_the_cli_says_the_database_stopped_answering_and_saved_nothing(
    n15418, cutter, settings, capsys
):
    with FakeKolada(page_cap=3) as fake:
        fake.requests = CutOnRequest(cutter, at=3)
        settings.KOLADA_BASE_URL = fake.base_url
        with pytest.raises(SystemExit) as exit_:
            main(
                [
                    "riktning",
                    "kolada",
                    "sync",
                    "--kpi",
                    "N15418",
                    "--areas",
                    ",".join(AREAS),
                    "--years",
                    "2019-2022",
                ]
            )
    cutter.restore()

    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert "Databasen svarar inte. Ingenting sparades till hälften" in err
    assert "Traceback" not in err
    assert Observation.objects.count() == 0
    assert ImportBatch.objects.count() == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrated_areas")
def test_an_upload_confirmed_while_the_database_goes_away_gets_503_and_writes_nothing(
    cutter, social_editor, orgs, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    indicator = IndicatorFactory(
        title="Antal föräldrar i föräldrastödsprogram",
        source_kind=SourceKind.LOCAL,
        responsible=orgs["social"],
    )
    client = Client(raise_request_exception=False)
    client.force_login(social_editor)
    csv = (
        "område;områdesnamn;period;kön;nedbrytning;värde;status\r\n"
        "1287;Trelleborg;2023;T;;412;slutlig\r\n"
    ).encode()
    preview = client.post(
        reverse("web:data_upload", args=[indicator.pk]),
        {"file": SimpleUploadedFile("foraldrar.csv", csv)},
    )
    token = preview.context["confirm_form"].initial["token"]

    def cut_once_the_batch_is_written(sender, created, **kwargs):
        if created and not cutter.cuts:
            cutter.cut()  # inside the import's transaction, before any value is stored

    post_save.connect(cut_once_the_batch_is_written, sender=ImportBatch)
    try:
        response = client.post(
            reverse("web:data_upload_confirm", args=[indicator.pk]), {"token": token}
        )
    finally:
        post_save.disconnect(cut_once_the_batch_is_written, sender=ImportBatch)
    cutter.restore()

    assert cutter.cuts == 1
    assert response.status_code == 503
    assert "Ingenting sparades till hälften" in response.content.decode()
    assert ImportBatch.objects.count() == 0
    assert Observation.objects.count() == 0
