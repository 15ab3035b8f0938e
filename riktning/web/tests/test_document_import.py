"""The coordinator imports a steering document on the web: upload (file or pasted text), the
proposed tree beside the source text, corrections, and the confirmation that saves it as a new
draft version. Nothing is written before the confirmation; every refused file says why in
Swedish and writes nothing."""

import hashlib
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from riktning.accounts.models import User
from riktning.devtools import sample_documents
from riktning.devtools.demo import VERSION_2021_TITLE, seed_demo
from riktning.strategy.constants import IndicatorRole, VersionStatus
from riktning.strategy.importing import review
from riktning.strategy.models import DocumentImport, GoalIndicator, Version
from riktning.strategy.tests import import_files
from riktning.web.views.document_import import SESSION_KEY

SEED_002 = Path(__file__).parents[2] / "strategy" / "tests" / "data" / "002_c1bd27dc73aa7741.txt"
SEED_001 = SEED_002.with_name("001_9f6b5ab108070236.txt")
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
UPLOAD = reverse("web:document_import")
REVIEW = reverse("web:document_import_review")
CHANGE = reverse("web:document_import_change")
CONFIRM = reverse("web:document_import_confirm")
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            seed_demo()
            yield Version.objects.get(title=VERSION_2021_TITLE)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def client(demo):
    client = Client()
    client.force_login(User.objects.get(username="samordnare"))
    return client


def model_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.label != "sessions.Session"
    }


def pending(client) -> dict:
    return client.session[SESSION_KEY]


def kinds(client) -> list[tuple[str, str]]:
    return [(row["kind"], row["title"]) for row in pending(client)["rows"]]


def upload_seed(client):
    return client.post(UPLOAD, {"text": SEED_002.read_text(encoding="utf-8")})


def change(client, **data):
    data.setdefault("revision", pending(client)["revision"])
    return client.post(CHANGE, data)


def test_pasted_text_is_proposed_beside_its_source_and_nothing_is_written(client):
    before = model_counts()

    response = upload_seed(client)

    assert response.status_code == 302 and response.url == REVIEW
    page = client.get(REVIEW)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Granska det importerade dokumentet" in html
    assert "6 utvecklingsområden, 6 mål, 9 indikatorer (1 finns inte i katalogen" in html
    assert "Föräldrastöd" in html
    assert "Källtext" in html
    assert "En lämplig indikator behöver tas fram" in html
    assert model_counts() == before


def test_a_confirmed_import_is_saved_as_a_draft_with_its_record(client, demo):
    upload_seed(client)
    data = SEED_002.read_text(encoding="utf-8").encode()

    response = client.post(
        CONFIRM, {"revision": pending(client)["revision"], "title": "Strategi från webben"}
    )

    record = DocumentImport.objects.get(version__title="Strategi från webben")
    version = record.version
    assert response.status_code == 302
    assert response.url == reverse("web:version_detail", args=[version.pk])
    assert version.status == VersionStatus.DRAFT
    assert version.areas.count() == 6
    links = GoalIndicator.objects.filter(goal__area__version=version)
    assert links.count() == 9 and links.filter(indicator=None).count() == 1
    assert all(link.wording for link in links)
    assert record.imported_by.username == "samordnare"
    assert record.sha256 == hashlib.sha256(data).hexdigest()
    assert SESSION_KEY not in client.session


def test_a_file_named_as_a_new_version_of_a_document_is_saved_as_its_next_version(client, demo):
    document = demo.document
    count = document.versions.count()
    upload = SimpleUploadedFile("strategi.txt", SEED_002.read_bytes(), "text/plain")
    client.post(UPLOAD, {"file": upload, "document": document.pk})
    assert pending(client)["document"] == document.pk
    assert pending(client)["filename"] == "strategi.txt"

    client.post(CONFIRM, {"revision": pending(client)["revision"], "title": "Reviderad strategi"})

    assert document.versions.count() == count + 1
    version = document.versions.order_by("-number").first()
    assert version.title == "Reviderad strategi"
    assert version.imports.get().filename == "strategi.txt"


def test_the_coordinator_corrects_kind_merge_split_and_matches_before_saving(client):
    upload_seed(client)
    rows = kinds(client)
    first_area = next(i for i, (kind, _) in enumerate(rows) if kind == review.AREA)
    indicator = next(i for i, (kind, _) in enumerate(rows) if kind == review.INDICATOR)
    before = model_counts()

    # A part's kind.
    change(client, change="kind", part=first_area - 1, kind=review.AREA)
    assert kinds(client)[first_area - 1][0] == review.AREA
    change(client, change="kind", part=first_area - 1, kind=review.SECTION)
    # Merge with the part before.
    title = kinds(client)[1][1]
    change(client, change="merge", part=1)
    assert len(kinds(client)) == len(rows) - 1
    assert title in pending(client)["rows"][0]["text"]
    # Split a text of several paragraphs.
    paragraphs = pending(client)["rows"][0]["text"].count("\n\n") + 1
    assert paragraphs >= 2
    change(client, change="split", part=0, paragraph=1)
    assert len(kinds(client)) == len(rows)
    # Un-match an indicator, then match it again through the catalogue search.
    row = pending(client)["rows"][indicator]
    catalogue_id = row["catalogue_id"]
    assert catalogue_id
    change(client, change="unmatch", part=indicator)
    row = pending(client)["rows"][indicator]
    assert (row["catalogue_id"], row["role"]) == (None, IndicatorRole.PROPOSED)
    page = client.get(REVIEW, {"part": indicator, "q": row["title"][:30]})
    assert f'<option value="{catalogue_id}">' in page.content.decode()
    change(client, change="match", part=indicator, entry=catalogue_id)
    assert pending(client)["rows"][indicator]["catalogue_id"] == catalogue_id
    assert model_counts() == before


def test_a_correction_made_on_an_older_page_is_refused(client):
    upload_seed(client)
    old = pending(client)["revision"]
    change(client, change="merge", part=1)
    rows = pending(client)["rows"]

    response = client.post(CHANGE, {"revision": old, "change": "merge", "part": 1})
    confirm = client.post(CONFIRM, {"revision": old, "title": "Gammal"})

    assert response.status_code == 409 and confirm.status_code == 409
    assert "Förslaget har ändrats" in response.content.decode()
    assert pending(client)["rows"] == rows
    assert not Version.objects.filter(title="Gammal").exists()


def test_a_tree_that_does_not_fit_is_refused_on_confirmation_and_nothing_written(client):
    upload_seed(client)
    # The first area made a section: the goals under it stand under no area.
    rows = kinds(client)
    session = client.session
    entry = session[SESSION_KEY]
    entry["rows"] = [row for row in entry["rows"] if row["kind"] != review.AREA]
    session[SESSION_KEY] = entry
    session.save()
    before = model_counts()

    response = client.post(CONFIRM, {"revision": entry["revision"], "title": "Utan områden"})

    assert len(rows) > len(entry["rows"])
    assert response.status_code == 400
    assert "måste stå under ett utvecklingsområde" in response.content.decode()
    assert model_counts() == before


def test_a_confirmation_without_a_title_is_refused(client):
    upload_seed(client)
    before = model_counts()

    response = client.post(CONFIRM, {"revision": pending(client)["revision"], "title": ""})

    assert response.status_code == 400
    assert "Ge den nya versionen en titel" in response.content.decode()
    assert model_counts() == before


def test_discarding_the_import_forgets_it(client):
    upload_seed(client)

    client.post(CHANGE, {"revision": pending(client)["revision"], "change": "discard"})

    assert SESSION_KEY not in client.session
    assert client.get(REVIEW).url == UPLOAD


REFUSED = [
    ("skannad.pdf", sample_documents.scanned_pdf, "troligen inskannad"),
    ("losen.pdf", import_files.encrypted_pdf, "lösenordsskyddad"),
    ("trasig.docx", lambda: import_files.demo_docx()[:3000], "skadad"),
    ("stor.txt", lambda: b"Strategi\n\n" + b"text " * 300_000, "Filen är för stor"),
    ("makro.docx", import_files.macro_docx, "makron"),
    ("tom.txt", lambda: b" \n\n", "Dokumentet är tomt"),
    ("brev.txt", lambda: SEED_001.read_bytes(), "utvecklingsområde"),
]


@pytest.mark.parametrize(("name", "content", "words"), REFUSED, ids=[r[0] for r in REFUSED])
def test_a_refused_file_shows_why_and_writes_nothing(client, settings, name, content, words):
    settings.DOCUMENT_IMPORT_MAX_BYTES = 1024 * 1024
    before = model_counts()

    response = client.post(UPLOAD, {"file": SimpleUploadedFile(name, content())})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Inget har sparats" in html
    assert words in html
    assert SESSION_KEY not in client.session
    assert model_counts() == before


def test_neither_or_both_a_file_and_text_is_refused(client):
    response = client.post(UPLOAD, {"text": "  "})
    assert "Välj en fil eller klistra in texten" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_a_page_of_an_earlier_upload_cannot_confirm_a_later_one(client):
    upload_seed(client)
    earlier = pending(client)["revision"]
    upload_seed(client)

    response = client.post(CONFIRM, {"revision": earlier, "title": "Från en gammal flik"})

    assert response.status_code == 409
    assert not Version.objects.filter(title="Från en gammal flik").exists()


def test_the_version_page_says_which_file_it_was_imported_from(client, demo):
    upload = SimpleUploadedFile("strategi.txt", SEED_002.read_bytes(), "text/plain")
    client.post(UPLOAD, {"file": upload})
    client.post(CONFIRM, {"revision": pending(client)["revision"], "title": "Med ursprung"})
    version = Version.objects.get(title="Med ursprung")

    html = client.get(reverse("web:version_detail", args=[version.pk])).content.decode()

    assert "Importerad från" in html
    assert "strategi.txt" in html
    assert hashlib.sha256(SEED_002.read_bytes()).hexdigest()[:32] in html
