"""The upload, preview, result and manual-entry pages are Swedish (issue 11, item 9): before,
the catalogue update skipped their templates (a folder named data), so the pages said “Nothing
was saved. The file … has N problems:”, “Gender”, “Breakdown”, “new”, “Cancel and upload another
file” in English. Each page is rendered in Swedish, and no message of its templates may appear
in English."""

import html
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from riktning.indicators.constants import BatchSource, SourceKind
from riktning.indicators.services import record_observations
from riktning.strategy.tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "web" / "data"
TRANS = re.compile(r'{%\s*trans\s+"([^"]+)"\s*%}')


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def survey(orgs):
    return IndicatorFactory(
        title="Andel elever som känner sig trygga",
        source_kind=SourceKind.SURVEY,
        unit="andel (%)",
        breakdowns="åk 6, åk 9, gy 2",
        responsible=orgs["social"],
    )


def english_messages() -> set[str]:
    """Every {% trans "…" %} of the data pages' templates whose Swedish differs."""
    found = set()
    for template in TEMPLATES.glob("*.html"):
        found |= set(TRANS.findall(template.read_text(encoding="utf-8")))
    with translation.override("sv"):
        return {m for m in found if translation.gettext(m) != m}


def visible_text(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "\n", page))


def assert_swedish(page: str, *phrases: str) -> None:
    text = visible_text(page)
    english = sorted(
        m for m in english_messages() if re.search(rf"(?<!\w){re.escape(m)}(?!\w)", text)
    )
    assert not english, f"English on a Swedish page: {english}"
    for phrase in phrases:
        assert phrase in text, phrase


def upload(client, indicator, content: str, name="enkat.csv"):
    return client.post(
        reverse("web:data_upload", args=[indicator.pk]),
        {"file": SimpleUploadedFile(name, content.encode("utf-8"))},
    )


def test_the_upload_page_and_its_list_of_problems_are_swedish(personas, survey):
    client = personas["coordinator"]
    assert_swedish(
        client.get(reverse("web:data_upload", args=[survey.pk])).text,
        "1. Fyll i mallen",
        "Ladda upp och kontrollera",
    )
    page = upload(client, survey, "område;period;kön;värde\r\n1287;2021,7;K;101\r\n").text
    assert_swedish(
        page,
        "Ingenting sparades. Filen ”enkat.csv” har 2 problem:",
        "Rätta filen och ladda upp den igen.",
        "Problem i filen",
        "Vad som är fel",
        "perioden måste vara ett år med fyra siffror, t.ex. 2021",
    )


def test_the_preview_and_result_pages_are_swedish(personas, survey):
    record_observations(
        [[(survey.pk, "1287", 2020, "K", "ak9", 60.0, "final")]], source=BatchSource.UPLOAD
    )
    client = personas["coordinator"]
    preview = upload(
        client,
        survey,
        "område;period;kön;nedbrytning;värde\r\n1287;2021;K;åk 9;71,3\r\n1287;2020;K;åk 9;61\r\n",
    )
    assert_swedish(
        preview.text,
        "Nya värden",
        "Vad som ändras",
        "Kön",
        "Nedbrytning",
        "nytt",
        "Avbryt och ladda upp en annan fil",
    )
    token = re.search(r'name="token" value="([^"]+)"', preview.text).group(1)
    result = client.post(reverse("web:data_upload_confirm", args=[survey.pk]), {"token": token})
    assert_swedish(result.text, "Gå till indikatorn", "Ladda upp en fil till", "Sparat av")


def test_the_manual_entry_page_is_swedish(personas, orgs):
    local = IndicatorFactory(
        title="Antal föräldrar", unit="antal", gender_split=False, responsible=orgs["social"]
    )
    page = personas["coordinator"].get(reverse("web:data_manual", args=[local.pk])).text
    assert_swedish(page, "Värden per år", "Spara värdena", "Många värden?")
