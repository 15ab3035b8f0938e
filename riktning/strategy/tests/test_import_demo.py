"""Importing the adopted strategy 2021–2030 gives back what the demo holds: its six areas, their
goals and nine indicator links, eight of them to the demo's catalogue and the one "to be
developed" as proposed; from the text of seed 002, from Word and from PDF alike."""

from io import BytesIO, StringIO, TextIOWrapper
from pathlib import Path

import orjson
import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings

from riktning.devtools import sample_documents
from riktning.devtools.demo import VERSION_2021_TITLE, seed_demo
from riktning.strategy.constants import IndicatorRole
from riktning.strategy.importing import DocumentRefused, propose_import
from riktning.strategy.models import DevelopmentArea, GoalIndicator, Version

# Seed 002 (shared/seeds/002_c1bd27dc73aa7741.txt) as it is, with the artefacts of its extraction
# from PDF: page furniture, broken lines, a sentence cut by a page break.
SEED_002 = Path(__file__).parent / "data" / "002_c1bd27dc73aa7741.txt"
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, seeded once for this module inside a transaction rolled back at its end."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            seed_demo()
            yield Version.objects.get(title=VERSION_2021_TITLE)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def seed_text() -> bytes:
    return SEED_002.read_bytes()


def demo_content(version: Version) -> list[tuple]:
    """The demo version's areas → goals → links as (catalogue id or the proposal, role)."""
    content = []
    for area in DevelopmentArea.objects.filter(version=version).order_by("order"):
        goals = []
        for goal in area.goals.order_by("order"):
            links = [
                (link.indicator_id or link.proposal, str(link.role))
                for link in goal.indicator_links.order_by("order")
            ]
            goals.append((goal.title, goal.note, links))
        content.append((area.title, area.description, goals))
    return content


def imported_content(tree) -> list[tuple]:
    return [
        (
            area.name,
            area.description,
            [
                (
                    goal.text,
                    goal.heading,
                    [(link.catalogue_id or link.text, str(link.role)) for link in goal.indicators],
                )
                for goal in area.goals
            ],
        )
        for area in tree.areas
    ]


def test_the_adopted_strategy_as_text_finds_the_demos_areas_goals_and_indicators(demo, seed_text):
    tree = propose_import(seed_text, "002_c1bd27dc73aa7741.txt")

    assert imported_content(tree) == demo_content(demo)
    assert len(tree.areas) == 6 and len(tree.goals) == 6
    links = tree.links
    assert len(links) == 9
    assert sum(1 for link in links if link.catalogue_id) == 8
    to_be_developed = [link for link in links if link.catalogue_id is None]
    assert len(to_be_developed) == 1
    assert to_be_developed[0].role == IndicatorRole.PROPOSED
    assert to_be_developed[0].text.startswith("En lämplig indikator behöver tas fram")
    keys = [link.catalogue_key for link in links if link.catalogue_key]
    assert keys == ["N15418", "U09800", "N09890", "N18601"]
    # The PDF's page furniture is gone, and said so.
    content = tree.as_json()
    assert (
        "TRELLEBORGS KOMMUN" not in orjson.dumps([content["sections"], content["areas"]]).decode()
    )
    assert any("TRELLEBORGS KOMMUN" in warning for warning in tree.warnings)
    # The sub-headings of an area stay its sections.
    assert [s.title for s in tree.areas[0].sections] == [
        "Om generellt föräldrastöd",
        "Kartläggning av generellt föräldrastöd",
    ]
    assert [s.title for s in tree.sections] == [
        "Strategi för Social Hållbarhet 2021–2030",
        "Långsiktighet i fokus",
        "Samverkan med berörda förvaltningar och bolag",
        "Vi gör detta i tre steg",
        "Särskilt viktiga utvecklingsområden",
    ]


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_the_strategy_as_word_or_pdf_gives_the_same_tree_as_its_text(demo, seed_text, kind):
    parts = sample_documents.outline()
    data = sample_documents.as_docx(parts) if kind == "docx" else sample_documents.as_pdf(parts)

    tree = propose_import(data, f"strategi.{kind}").as_json()
    from_text = propose_import(seed_text, "strategi.txt").as_json()

    # The demo writes the title "social hållbarhet" where the PDF of seed 002 has capitals.
    assert tree["sections"][0]["title"].casefold() == from_text["sections"][0]["title"].casefold()
    assert tree["sections"][1:] == from_text["sections"][1:]
    assert tree["areas"] == from_text["areas"]


def test_the_dry_run_prints_the_tree_as_json_and_changes_nothing(demo, seed_text, tmp_path):
    path = tmp_path / "strategi.txt"
    path.write_bytes(seed_text)
    before = model_counts()
    out = StringIO()

    call_command("document", "import", str(path), "--dry-run", "--json", stdout=out)

    printed = orjson.loads(out.getvalue())
    assert set(printed) == {"sections", "areas", "warnings"}
    assert set(printed["sections"][0]) == {"title", "text"}
    area = printed["areas"][1]
    assert area["name"] == "Samverkan kring barn och ungas lärande"
    assert {"name", "description", "goals"} <= set(area)
    assert area["goals"][0]["text"] == "Ökad samverkan kring barns och ungas lärande."
    first, second = area["goals"][0]["indicators"]
    assert {"text", "role", "catalogue_id", "catalogue_key", "score"} <= set(first)
    n15418 = GoalIndicator.objects.filter(indicator__source_key="N15418").first().indicator_id
    assert (first["role"], first["catalogue_id"], first["catalogue_key"], first["score"]) == (
        "primary",
        n15418,
        "N15418",
        100.0,
    )
    assert (second["role"], second["catalogue_id"], second["catalogue_key"]) == (
        "proposed",
        None,
        None,
    )
    assert second["score"] < 80
    assert printed["warnings"]
    assert model_counts() == before


def test_text_piped_to_the_cli_is_read_as_the_next_version_of_a_document(
    demo, seed_text, monkeypatch
):
    monkeypatch.setattr("sys.stdin", TextIOWrapper(BytesIO(seed_text), encoding="utf-8"))
    out = StringIO()

    call_command(
        "document",
        "import",
        "-",
        "--document",
        "strategi för social hållbarhet",
        "--dry-run",
        stdout=out,
    )

    printed = out.getvalue()
    assert "Område: Föräldrastöd" in printed
    assert "Indikator (Föreslagen): En lämplig indikator behöver tas fram" in printed
    assert "Varning: ”TRELLEBORGS KOMMUN”" in printed


def test_the_cli_refuses_with_the_reason_and_writes_nothing(demo, tmp_path):
    path = tmp_path / "skannad.pdf"
    path.write_bytes(sample_documents.scanned_pdf())
    before = model_counts()

    with pytest.raises(CommandError, match="PDF-filen innehåller ingen text – den är troligen"):
        call_command("document", "import", str(path), "--dry-run", "--json", stdout=StringIO())

    assert model_counts() == before


def test_an_unknown_document_or_missing_file_is_named(demo, seed_text, tmp_path):
    path = tmp_path / "strategi.txt"
    path.write_bytes(seed_text)
    with pytest.raises(CommandError, match="Det finns inget styrdokument ”Finns inte”"):
        call_command("document", "import", str(path), "--document", "Finns inte", "--dry-run")
    with pytest.raises(CommandError, match="Det finns ingen fil"):
        call_command("document", "import", str(tmp_path / "saknas.txt"), "--dry-run")


def test_a_new_version_is_read_with_the_help_of_the_documents_earlier_versions(demo):
    # No part listing the areas and no "Mål": plain text says nothing of the structure, but
    # the document's adopted version names these areas and this goal.
    text = (
        "Strategi 2031–2040\n\nInledande text om strategin.\n\n"
        "Föräldrastöd\n\nFöräldrar är det viktigaste för barns uppväxt.\n\n"
        "Trelleborg ska erbjuda generellt föräldrastöd, det vill säga att alla föräldrar ska "
        "erbjudas samma möjlighet till stöd och hjälp.\n\n"
        "Hållbara livsmiljöer\n\nBarn ska kunna röra sig säkert och tryggt utomhus.\n"
    )
    with pytest.raises(DocumentRefused):
        propose_import(text)

    tree = propose_import(text, document=demo.document)

    assert [area.name for area in tree.areas] == ["Föräldrastöd", "Hållbara livsmiljöer"]
    assert [goal.text for goal in tree.areas[0].goals] == [
        "Trelleborg ska erbjuda generellt föräldrastöd, det vill säga att alla föräldrar ska "
        "erbjudas samma möjlighet till stöd och hjälp."
    ]
    assert tree.areas[1].description == "Barn ska kunna röra sig säkert och tryggt utomhus."


def model_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}
