"""Saving an imported document: the confirmed tree becomes a new draft version in one
transaction, every link keeping the document's own wording, with the import's record (file
name, SHA-256, who, the tree); by the service, and by `riktning document import` without
--dry-run."""

import hashlib
from dataclasses import replace
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.urls import reverse

from riktning.strategy.constants import CarryOverKind, IndicatorRole, VersionStatus
from riktning.strategy.importing import DocumentRefused, propose_import
from riktning.strategy.importing.save import save_import
from riktning.strategy.models import (
    AreaCarryOver,
    DocumentImport,
    GoalIndicator,
    Section,
    SteeringDocument,
)
from riktning.strategy.reading import reading_order, walk

from .test_import_demo import SEED_002, demo  # noqa: F401  (the module's demo fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seed_text() -> bytes:
    return SEED_002.read_bytes()


def model_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def save(tree, data: bytes, **kwargs):
    return save_import(
        tree,
        filename="002.txt",
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        **kwargs,
    )


def test_seed_002_saved_as_a_new_document_keeps_areas_goals_links_and_their_wording(
    demo,  # noqa: F811
    seed_text,
):
    tree = propose_import(seed_text, "002.txt")

    record = save(tree, seed_text, title="Importerad strategi")

    version = record.version
    assert version.status == VersionStatus.DRAFT
    assert version.document.title == "Importerad strategi"
    assert version.document.versions.count() == 1
    areas = list(version.areas.order_by("order"))
    assert [area.title for area in areas] == [area.name for area in tree.areas]
    assert len(areas) == 6
    assert [area.order for area in areas] == [6, 7, 8, 9, 10, 11]  # after five sections
    goals = [goal for area in areas for goal in area.goals.order_by("order")]
    assert [goal.title for goal in goals] == [goal.text for goal in tree.goals]
    assert "Nytt förslag till mål" in goals[1].note
    links = list(GoalIndicator.objects.filter(goal__area__version=version))
    assert len(links) == 9
    assert sum(1 for link in links if link.indicator_id) == 8
    # Every link keeps the document's line as its wording, matched or not.
    assert sorted(link.wording for link in links) == sorted(link.text for link in tree.links)
    (proposed,) = [link for link in links if link.indicator_id is None]
    assert proposed.role == IndicatorRole.PROPOSED
    assert proposed.proposal == proposed.wording
    assert proposed.wording.startswith("En lämplig indikator behöver tas fram")
    # The document's reading order: top-level sections and areas share one numbering, an
    # area's own sections and its goals another.
    top = sorted(
        [*Section.objects.filter(version=version, area=None, parent=None), *areas],
        key=lambda part: part.order,
    )
    assert [getattr(part, "heading", None) or part.title for part in top] == [
        part.title if hasattr(part, "title") else part.name for part in tree.parts
    ]
    assert len({part.order for part in top}) == len(top)
    first = areas[0]
    inner = sorted(
        [*Section.objects.filter(area=first, parent=None), *first.goals.all()],
        key=lambda part: part.order,
    )
    in_tree = [part.title if hasattr(part, "title") else part.text for part in tree.areas[0].parts]
    assert [getattr(part, "heading", None) or part.title for part in inner] == in_tree
    assert {"Om generellt föräldrastöd", goals[0].title} <= set(in_tree)
    # And so the version reads in the document's order (strategy/reading.py).
    read = [
        (depth, getattr(part, "heading", None) or part.title)
        for depth, part in walk(reading_order(version))
    ]
    expected = []
    for part in tree.parts:
        if hasattr(part, "name"):
            expected.append((0, part.name))
            expected.extend(
                (1, inner.title if hasattr(inner, "title") else inner.text) for inner in part.parts
            )
        else:
            expected.append((0, part.title))
    assert read == expected
    # The record of the import.
    assert record.filename == "002.txt"
    assert record.sha256 == hashlib.sha256(seed_text).hexdigest()
    assert record.size == len(seed_text)
    assert any(row["kind"] == "area" for row in record.tree)
    assert record.warnings == tree.warnings
    with pytest.raises(RuntimeError):
        record.save()


def test_a_file_saved_as_the_next_version_of_a_document_carries_its_areas_over(
    demo,  # noqa: F811
    seed_text,
):
    document = demo.document
    numbers = list(document.versions.values_list("number", flat=True))
    tree = propose_import(seed_text, "002.txt", document=document)

    version = save(tree, seed_text, document=document, title="Strategi, importerad").version

    assert version.document == document
    assert version.number == max(numbers) + 1
    assert version.based_on == demo
    assert version.status == VersionStatus.DRAFT
    carried = AreaCarryOver.objects.filter(to_area__version=version)
    assert carried.count() == 6
    assert {c.kind for c in carried} == {CarryOverKind.ONE_TO_ONE}
    assert all(c.from_area.title == c.to_area.title for c in carried)


def test_a_part_that_fails_midway_leaves_nothing_written(demo, seed_text):  # noqa: F811
    tree = propose_import(seed_text, "002.txt")
    # The last area's goal gets a heading too long for a goal's note: everything before it
    # (the document, the version, five areas, their goals and links) was already written.
    last_goal = tree.areas[-1].goals[-1]
    tree.areas[-1].parts[tree.areas[-1].parts.index(last_goal)] = replace(
        last_goal, heading="Nytt förslag " * 30
    )
    before = model_counts()

    with pytest.raises(DocumentRefused) as refused:
        save(tree, seed_text, title="Halvfärdig")

    assert last_goal.text[:30] in " ".join(refused.value.messages)
    assert model_counts() == before
    assert not SteeringDocument.objects.filter(title="Halvfärdig").exists()


def test_a_catalogue_entry_that_is_gone_is_refused_before_anything_is_written(
    demo,  # noqa: F811
    seed_text,
):
    tree = propose_import(seed_text, "002.txt")
    tree.links[0].catalogue_id = 999_999
    before = model_counts()

    with pytest.raises(DocumentRefused, match="999999"):
        save(tree, seed_text, title="Saknad indikator")

    assert model_counts() == before


def test_the_cli_without_dry_run_saves_and_prints_the_versions_id_and_url(
    demo,  # noqa: F811
    seed_text,
    tmp_path,
):
    path = tmp_path / "strategi.txt"
    path.write_bytes(seed_text)
    out = StringIO()

    call_command(
        "document",
        "import",
        str(path),
        "--title",
        "Strategi via CLI",
        stdout=out,
        stderr=StringIO(),
    )

    record = DocumentImport.objects.get(version__document__title="Strategi via CLI")
    version = record.version
    printed = out.getvalue()
    assert str(version.pk) in printed
    assert reverse("web:version_detail", args=[version.pk]) in printed
    assert record.filename == "strategi.txt"
    assert record.sha256 == hashlib.sha256(seed_text).hexdigest()
    assert version.areas.count() == 6
    assert GoalIndicator.objects.filter(goal__area__version=version).count() == 9


def test_the_cli_saves_the_next_version_of_a_named_document(demo, seed_text, tmp_path):  # noqa: F811
    path = tmp_path / "strategi.txt"
    path.write_bytes(seed_text)
    count = demo.document.versions.count()

    call_command(
        "document",
        "import",
        str(path),
        "--document",
        demo.document.title,
        stdout=StringIO(),
        stderr=StringIO(),
    )

    assert demo.document.versions.count() == count + 1
    assert demo.document.versions.order_by("-number").first().imports.count() == 1


def test_the_cli_refusing_a_file_saves_nothing(demo, tmp_path):  # noqa: F811
    path = tmp_path / "tom.txt"
    path.write_bytes(b"   \n")
    before = model_counts()

    with pytest.raises(CommandError):
        call_command("document", "import", str(path), stdout=StringIO())

    assert model_counts() == before
