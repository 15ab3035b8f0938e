"""The version page reads like the paper (strategy/reading.py): the general text, the areas with
their text, goals and indicators, the closing text, with a table of contents; the coordinator
moves parts up and down on a draft; a version out for consultation is frozen."""

import re

import pytest
from django.urls import reverse

from riktning.strategy import reading
from riktning.strategy.constants import IndicatorRole, VersionStatus
from riktning.strategy.models import DevelopmentArea, Goal, GoalIndicator, Section, Version
from riktning.strategy.tests.factories import (
    AreaFactory,
    GoalFactory,
    IndicatorFactory,
    SectionFactory,
    VersionFactory,
)

pytestmark = pytest.mark.django_db


def text(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def paper(status=VersionStatus.DRAFT) -> Version:
    """General text, two areas (one with its own text before its goal), closing text."""
    version = VersionFactory(title="Strategi för social hållbarhet 2021–2030")
    SectionFactory(version=version, order=1, heading="Långsiktighet i fokus", body="Inledning.")
    first = AreaFactory(version=version, order=2, title="Föräldrastöd", description="Om stöd.")
    SectionFactory(version=version, area=first, order=1, heading="Om generellt föräldrastöd")
    goal = GoalFactory(area=first, order=2, title="Alla föräldrar erbjuds stöd")
    GoalIndicator.objects.create(
        goal=goal,
        indicator=IndicatorFactory(title="Antal föräldrar i föräldrastödsprogram"),
        role=IndicatorRole.PRIMARY,
        order=1,
        wording="Antal föräldrar som deltar i föräldrastödsprogram.",
    )
    GoalIndicator.objects.create(
        goal=goal,
        indicator=IndicatorFactory(title="Andel trygga föräldrar"),
        role=IndicatorRole.ADDITIONAL,
        order=2,
        wording="Andel trygga föräldrar",
    )
    second = AreaFactory(version=version, order=3, title="Hållbara livsmiljöer")
    GoalFactory(area=second, order=1, title="Barn känner sig trygga")
    SectionFactory(version=version, order=4, heading="Uppföljning", body="Årligen.")
    if status != VersionStatus.DRAFT:
        Version.objects.filter(pk=version.pk).update(status=status)
        version.refresh_from_db()
    return version


def page(client, version):
    return client.get(reverse("web:version_detail", args=[version.pk]))


def test_the_version_page_reads_like_the_paper_with_a_table_of_contents(personas):
    version = paper(VersionStatus.ADOPTED)

    response = page(personas["anonymous"], version)

    shown = text(response)
    body = shown[shown.index("Innehåll") :]
    order = [
        "Långsiktighet i fokus",
        "Föräldrastöd",
        "Om generellt föräldrastöd",
        "Hållbara livsmiljöer",
        "Uppföljning",
    ]
    # The table of contents, then the text itself, both in the paper's order.
    contents_end = body.index("Uppföljning") + 1
    assert [body.index(title) for title in order] == sorted(body.index(t) for t in order)
    rest = body[contents_end:]
    positions = [rest.index(title) for title in order[1:]]
    assert positions == sorted(positions)
    assert rest.index("Alla föräldrar erbjuds stöd") > rest.index("Om generellt föräldrastöd")
    html = response.content.decode()
    toc = html[html.index('<nav class="toc"') : html.index("</nav>", html.index('class="toc"'))]
    for anchor in re.findall(r'href="#([\w-]+)"', toc):
        assert f'id="{anchor}"' in html
    assert len(re.findall(r'href="#(?:section|area)-\d+"', toc)) == 5
    # The paper's own wording beside the catalogue entry, only where the two differ.
    assert "I dokumentet: ”Antal föräldrar som deltar i föräldrastödsprogram.”" in shown
    assert "I dokumentet: ”Andel trygga föräldrar”" not in shown
    goal = Goal.objects.get(title="Alla föräldrar erbjuds stöd")
    goal_page = text(personas["anonymous"].get(reverse("web:goal_detail", args=[goal.pk])))
    assert "I dokumentet: ”Antal föräldrar som deltar i föräldrastödsprogram.”" in goal_page
    levels = [int(level) for level in re.findall(r"<h([1-6])[ >]", html)]
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), levels


def move(client, part, direction, revision):
    name = {
        DevelopmentArea: "web:area_move",
        Section: "web:section_move",
        Goal: "web:goal_move",
        GoalIndicator: "web:goal_indicator_move",
    }[type(part)]
    data = {"direction": direction}
    if revision is not None:
        data["revision"] = revision
    return client.post(reverse(name, args=[part.pk]), data)


def revision_of(part) -> str:
    return reading.order_revision(reading.sequence_of(part))


def test_the_coordinator_moves_areas_sections_goals_and_links(personas):
    version = paper()
    client = personas["coordinator"]
    area = DevelopmentArea.objects.get(title="Hållbara livsmiljöer")

    response = move(client, area, "up", revision_of(area))

    assert response.status_code == 302
    assert response["Location"].endswith(f"#move-area-{area.pk}")
    top = [getattr(p, "title", getattr(p, "heading", "")) for p in reading.reading_order(version)]
    assert top == ["Långsiktighet i fokus", "Hållbara livsmiljöer", "Föräldrastöd", "Uppföljning"]

    goal = Goal.objects.get(title="Alla föräldrar erbjuds stöd")
    assert move(client, goal, "up", revision_of(goal)).status_code == 302
    (first,) = [
        p for p in reading.reading_order(version) if p.part_kind == "area" and p.pk == goal.area_id
    ]
    assert [p.part_kind for p in first.reading_parts] == ["goal", "section"]

    link = goal.indicator_links.get(order=2)
    assert move(client, link, "up", revision_of(link)).status_code == 302
    assert [x.wording for x in goal.indicator_links.order_by("order")][
        0
    ] == "Andel trygga föräldrar"

    section = Section.objects.get(heading="Uppföljning")
    assert move(client, section, "down", revision_of(section)).status_code == 302  # already last
    assert Section.objects.get(pk=section.pk).order == 4

    # The buttons are on the page, each named after its part.
    html = page(client, version).content.decode()
    assert 'aria-label="Flytta upp: Föräldrastöd"' in html
    assert f'id="move-link-{link.pk}"' in html


@pytest.mark.parametrize("revision", [None, "", "section-1.developmentarea-2"])
def test_a_move_with_a_stale_or_missing_revision_is_refused_and_moves_nothing(personas, revision):
    version = paper()
    area = DevelopmentArea.objects.get(title="Hållbara livsmiljöer")
    before = [(p.pk, p.order) for p in reading.reading_order(version)]

    response = move(personas["coordinator"], area, "up", revision)

    assert response.status_code == 409
    assert "Ingenting flyttades" in text(response)
    assert [(p.pk, p.order) for p in reading.reading_order(version)] == before


def test_a_version_out_for_consultation_is_frozen(personas):
    version = paper(VersionStatus.CONSULTATION)
    client = personas["coordinator"]
    area = DevelopmentArea.objects.get(title="Föräldrastöd")

    edited = client.post(
        reverse("web:area_edit", args=[area.pk]),
        {"title": "Ändrad titel", "description": "", "order": 2},
    )
    moved = move(client, area, "down", revision_of(area))

    for response in (edited, moved):
        assert response.status_code == 409
        assert "är ute på remiss och kan inte ändras" in text(response)
        assert "nästa version" in text(response)
    assert DevelopmentArea.objects.get(pk=area.pk).title == "Föräldrastöd"
    assert DevelopmentArea.objects.get(pk=area.pk).order == 2
    shown = text(page(client, version))
    assert "Flytta upp" not in shown and "Redigera område" not in shown
    assert "frysta" in shown


def test_the_api_gives_each_link_the_documents_wording_beside_the_catalogue_title(personas):
    version = paper(VersionStatus.ADOPTED)

    data = personas["anonymous"].get(f"/api/v1/versions/{version.pk}").json()

    (link, other) = data["areas"][0]["goals"][0]["indicators"]
    assert link["title"] == "Antal föräldrar i föräldrastödsprogram"
    assert link["wording"] == "Antal föräldrar som deltar i föräldrastödsprogram."
    assert other["wording"] == "Andel trygga föräldrar"
