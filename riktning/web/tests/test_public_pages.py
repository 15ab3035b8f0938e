"""The reading pages, for every persona: who sees what, and what the pages show.

Requests ask for English (the msgids), so the assertions hold whatever the Swedish catalogue says.
"""

import datetime
import re

import pytest
from django.urls import reverse

from riktning.accounts.constants import OrganisationKind
from riktning.accounts.tests.factories import OrganisationFactory, UserFactory
from riktning.accounts.tests.personas import MEMBERS, PERSONAS
from riktning.indicators.constants import SourceKind
from riktning.strategy import services
from riktning.strategy.constants import CarryOverKind, IndicatorRole, VersionStatus
from riktning.strategy.models import (
    AreaCarryOver,
    Contribution,
    Decision,
    Goal,
    Version,
    VersionStatusChange,
)
from riktning.strategy.tests.factories import (
    AreaFactory,
    DocumentFactory,
    GoalFactory,
    GoalIndicatorFactory,
    IndicatorFactory,
    SectionFactory,
    VersionFactory,
    strategy_with_content,
)

pytestmark = pytest.mark.django_db

VERSION_PAGES = ["document", "version", "area", "goal", "carryover"]
OPEN_PAGES = ["home", "documents", "indicators", "indicator", "organisations"]


def get(client, url):
    return client.get(url, HTTP_ACCEPT_LANGUAGE="en")


def text(response) -> str:
    """The visible text of a page, whitespace collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def adopt(version):
    Version.objects.filter(pk=version.pk).update(status=VersionStatus.ADOPTED)
    version.refresh_from_db()
    return version


def urls(version) -> dict[str, str]:
    goal = Goal.objects.filter(area__version=version).first()
    indicator = goal.indicator_links.exclude(indicator=None).first().indicator
    return {
        "document": reverse("web:document_detail", args=[version.document_id]),
        "version": reverse("web:version_detail", args=[version.pk]),
        "area": reverse("web:area_detail", args=[goal.area_id]),
        "goal": reverse("web:goal_detail", args=[goal.pk]),
        "carryover": reverse("web:carryover", args=[version.pk]),
        "home": reverse("web:home"),
        "documents": reverse("web:document_list"),
        "indicators": reverse("web:indicator_list"),
        "indicator": reverse("web:indicator_detail", args=[indicator.pk]),
        "organisations": reverse("web:organisation_list"),
    }


# --- who sees what ------------------------------------------------------------------------------


@pytest.mark.parametrize("page", VERSION_PAGES + OPEN_PAGES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_reads_the_pages_of_an_adopted_version(personas, persona, page):
    version = strategy_with_content(VersionStatus.ADOPTED)

    response = get(personas[persona], urls(version)[page])

    assert response.status_code == 200
    if page in VERSION_PAGES:
        assert "Strategi för test" in text(response)


@pytest.mark.parametrize("status", [VersionStatus.DRAFT, VersionStatus.CONSULTATION])
@pytest.mark.parametrize("page", VERSION_PAGES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_a_version_not_yet_adopted_needs_a_login(personas, persona, page, status):
    version = strategy_with_content(status)
    url = urls(version)[page]

    response = get(personas[persona], url)

    if persona == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
        assert "next=" in response["Location"]
    else:
        assert response.status_code == 200
        assert "visas bara för inloggade" in text(response) or page == "document"


@pytest.mark.parametrize("page", VERSION_PAGES)
def test_a_logged_in_person_without_a_membership_gets_not_found_for_a_draft(client, page):
    version = strategy_with_content(VersionStatus.DRAFT)
    client.force_login(UserFactory(username="utan.roll"))

    assert get(client, urls(version)[page]).status_code == 404


@pytest.mark.parametrize(
    "name",
    ["document_detail", "version_detail", "area_detail", "goal_detail", "carryover"]
    + ["indicator_detail"],
)
@pytest.mark.parametrize("persona", PERSONAS)
def test_an_unknown_page_is_not_found(personas, persona, name):
    response = get(personas[persona], reverse(f"web:{name}", args=[987654]))

    assert response.status_code == 404


def test_the_public_lists_show_adopted_versions_only(personas):
    adopted = strategy_with_content(VersionStatus.ADOPTED, title="Antagen strategi")
    strategy_with_content(VersionStatus.DRAFT, title="Hemlig plan")

    for name in ["home", "documents"]:
        anonymous = text(get(personas["anonymous"], urls(adopted)[name]))
        member = text(get(personas["reader"], urls(adopted)[name]))
        assert "Antagen strategi" in anonymous
        assert "Hemlig plan" not in anonymous
        assert "Hemlig plan" in member


# --- the indicator catalogue --------------------------------------------------------------------


def test_the_catalogue_shows_every_goal_using_a_shared_indicator(personas):
    shared = IndicatorFactory(title="Andel trygga i bostadsområdet")
    adopted = strategy_with_content(VersionStatus.DRAFT, title="Antagen strategi")
    draft = strategy_with_content(VersionStatus.DRAFT, title="Reviderad strategi")
    for version, title in [(adopted, "Trygga barn"), (draft, "Trygga invånare")]:
        goal = GoalFactory(area=version.areas.get(), title=title)
        GoalIndicatorFactory(goal=goal, indicator=shared)
    adopt(adopted)
    url = reverse("web:indicator_list")

    for persona in MEMBERS:
        page = text(get(personas[persona], url))
        assert "Andel trygga i bostadsområdet" in page
        assert "Trygga barn" in page and "Trygga invånare" in page
    anonymous = text(get(personas["anonymous"], url))
    assert "Trygga barn" in anonymous
    assert "Trygga invånare" not in anonymous

    detail = reverse("web:indicator_detail", args=[shared.pk])
    assert "Trygga invånare" in text(get(personas["reader"], detail))
    assert "Trygga invånare" not in text(get(personas["anonymous"], detail))


def test_the_catalogue_names_the_kolada_kpi_and_credits_kolada(personas):
    version = strategy_with_content(VersionStatus.DRAFT)
    kolada = IndicatorFactory(
        title="Elever i åk 9 som uppnått kunskapskraven",
        source_kind=SourceKind.KOLADA,
        source_key="N15418",
    )
    GoalIndicatorFactory(goal=GoalFactory(area=version.areas.get()), indicator=kolada)
    adopt(version)

    for url in [reverse("web:indicator_list"), urls(version)["version"]]:
        page = text(get(personas["anonymous"], url))
        assert "Kolada N15418" in page
        assert "Källa: Kolada (RKA)" in page


def test_proposed_indicators_without_a_definition_are_listed_apart(personas):
    version = VersionFactory(status=VersionStatus.DRAFT)
    goal = GoalFactory(area=AreaFactory(version=version), title="Ökad samverkan")
    GoalIndicatorFactory(goal=goal, indicator=IndicatorFactory(title="Andel elever"))
    GoalIndicatorFactory(
        goal=goal, indicator=None, role=IndicatorRole.PROPOSED, proposal="Engagemang kring lärande"
    )
    adopt(version)

    catalogue = text(get(personas["anonymous"], reverse("web:indicator_list")))
    assert "Föreslagna indikatorer som ännu ska tas fram" in catalogue
    assert "Engagemang kring lärande" in catalogue
    version_page = text(get(personas["anonymous"], urls(version)["version"]))
    assert "Engagemang kring lärande (ska tas fram)" in version_page


# --- edit links ---------------------------------------------------------------------------------


CONTENT_EDIT_LINKS = [
    "Redigera versionsuppgifter",
    "Lägg till område",
    "Lägg till avsnitt",
    "Redigera område",
    "Redigera mål",
]


def test_the_coordinator_sees_edit_links_on_a_draft_version(personas):
    version = strategy_with_content(VersionStatus.DRAFT)
    area = version.areas.get()
    goal = area.goals.get()
    response = get(personas["coordinator"], urls(version)["version"])

    page = text(response)
    for label in CONTENT_EDIT_LINKS + ["Redigera indikatorkoppling", "Redigera avsnitt"]:
        assert label in page
    html = response.content.decode()
    assert reverse("web:area_edit", args=[area.pk]) in html
    assert reverse("web:goal_indicator_create", args=[goal.pk]) in html
    assert "Skapa en ny version" not in page


@pytest.mark.parametrize("status", [VersionStatus.ADOPTED, VersionStatus.REPEALED])
@pytest.mark.parametrize("page", ["version", "area", "goal"])
def test_the_coordinator_is_offered_a_new_version_instead_of_edits_on_a_locked_version(
    personas, page, status
):
    version = strategy_with_content(status)
    response = get(personas["coordinator"], urls(version)[page])

    shown = text(response)
    assert "Skapa en ny version" in shown
    assert "ändras aldrig i efterhand" in shown
    for label in CONTENT_EDIT_LINKS + ["Lägg till indikator", "Redigera indikatorkoppling"]:
        assert label not in shown
    assert reverse("web:version_create", args=[version.document_id]) in response.content.decode()


@pytest.mark.parametrize("persona", ["anonymous", "reader", "social_editor", "bildning_editor"])
@pytest.mark.parametrize("status", [VersionStatus.DRAFT, VersionStatus.ADOPTED])
def test_other_personas_see_no_edit_links(personas, persona, status):
    version = strategy_with_content(status)

    for page in ["document", "version", "area", "goal", "carryover", "documents", "indicator"]:
        response = get(personas[persona], urls(version)[page])
        if response.status_code == 302:
            continue
        shown = text(response)
        for label in CONTENT_EDIT_LINKS + ["Skapa en ny version", "Redigera dokument"]:
            assert label not in shown, f"{label} on {page}"
        for name in ["document_create", "indicator_create"]:
            assert reverse(f"web:{name}") not in response.content.decode()


def test_the_coordinator_sees_document_and_catalogue_links(personas):
    version = strategy_with_content(VersionStatus.ADOPTED)
    document_page = text(get(personas["coordinator"], urls(version)["document"]))
    assert "Redigera dokument" in document_page
    assert "Registrera ett beslut" in document_page
    assert "Ny indikator" in text(get(personas["coordinator"], reverse("web:indicator_list")))
    assert "Redigera indikator" in text(get(personas["coordinator"], urls(version)["indicator"]))


# --- what the pages show ------------------------------------------------------------------------


def test_a_version_page_shows_its_text_as_headed_sections_in_order(personas):
    version = strategy_with_content(VersionStatus.DRAFT)
    parent = SectionFactory(
        version=version, order=2, heading="Särskilt viktiga utvecklingsområden", body="Inledning."
    )
    SectionFactory(
        version=version,
        parent=parent,
        heading="Om generellt föräldrastöd",
        body="Föräldrastöd ingår i barnhälsovården.\n\nRiktade insatser räknas inte.",
    )
    adopt(version)

    response = get(personas["anonymous"], urls(version)["version"])

    html = response.content.decode()
    # The text's top level is the page's second (strategy/reading.py), under the h1 title.
    assert re.search(r"<h2 id=\"section-\d+\">Långsiktighet i fokus</h2>", html)
    assert re.search(r"<h2 id=\"section-\d+\">Särskilt viktiga utvecklingsområden</h2>", html)
    assert re.search(r"<h3 id=\"section-\d+\">Om generellt föräldrastöd</h3>", html)
    assert "<p>Föräldrastöd ingår i barnhälsovården.</p>" in html
    assert "<p>Riktade insatser räknas inte.</p>" in html
    shown = text(response)
    assert shown.index("Långsiktighet i fokus") < shown.index("Om generellt föräldrastöd")
    levels = [int(level) for level in re.findall(r"<h([1-6])[ >]", html)]
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), levels


def test_a_version_page_shows_areas_goals_and_indicators(personas):
    version = strategy_with_content(VersionStatus.ADOPTED)

    shown = text(get(personas["anonymous"], urls(version)["version"]))

    assert "Antagen" in shown
    assert "Föräldrastöd" in shown
    assert "Alla föräldrar erbjuds stöd" in shown
    assert "Primär Antal föräldrar i program" in shown
    assert "Innehåll" in shown


def test_the_version_page_stays_within_a_bounded_number_of_queries(
    personas, django_assert_max_num_queries
):
    version = strategy_with_content(VersionStatus.DRAFT)
    for a in range(4):
        area = AreaFactory(version=version)
        for _goal in range(3):
            goal = GoalFactory(area=area)
            GoalIndicatorFactory(goal=goal)
            GoalIndicatorFactory(goal=goal)
        SectionFactory(version=version, area=area, heading=f"Om område {a}")
    client = personas["coordinator"]
    get(client, urls(version)["version"])  # warm up the session

    # 25 for the page, 5 for the status at a glance (the roll-up reads links, values, area
    # names, goals and areas once each, however many there are)
    with django_assert_max_num_queries(30):
        response = get(client, urls(version)["version"])

    assert response.status_code == 200


def test_the_document_page_shows_the_decision_history_of_visible_versions(personas, orgs):
    council = OrganisationFactory(name="Kommunfullmäktige", kind=OrganisationKind.COUNCIL)
    document, first = services.create_document(
        title="Strategi för social hållbarhet", kind="strategy", owner=council
    )
    services.change_version_status(
        first,
        VersionStatus.ADOPTED,
        decided_by=council,
        decision_date=datetime.date(2021, 3, 29),
        paragraph="45",
        case_number="KS 2020/999",
    )
    revision = services.create_version_from(first, title="Revidering 2024")
    services.change_version_status(revision, VersionStatus.CONSULTATION, note="Svar senast 1 dec")
    Decision.objects.create(
        document=document,
        decided_by=council,
        decision_date=datetime.date(2023, 1, 30),
        paragraph="12",
        text="Strategin ska revideras.",
    )
    url = reverse("web:document_detail", args=[document.pk])

    member = text(get(personas["reader"], url))
    assert "Utkast → Antagen" in member
    assert "29 mars 2021" in member
    assert "KS 2020/999" in member
    assert "Beslut: Strategin ska revideras." in member
    assert "Utkast → På remiss" in member
    assert "Svar senast 1 dec" in member
    assert member.index("29 mars 2021") < member.index("Strategin ska revideras.")

    anonymous = text(get(personas["anonymous"], url))
    assert "Utkast → Antagen" in anonymous
    assert "Revidering 2024" not in anonymous
    assert "Svar senast 1 dec" not in anonymous
    assert VersionStatusChange.objects.filter(version=revision).count() == 2


def test_the_carryover_page_maps_earlier_areas_into_the_version(personas):
    goals_version = VersionFactory(status=VersionStatus.DRAFT, document=DocumentFactory())
    overarching = GoalFactory(
        area=AreaFactory(version=goals_version), title="Trygghet och delaktighet ska öka"
    )
    first = strategy_with_content(VersionStatus.DRAFT)
    listening = AreaFactory(version=first, title="Lyssna på barn och unga")
    revision = VersionFactory(document=first.document, title="Revidering 2024–2030", based_on=first)
    support = AreaFactory(version=revision, title="Stöd och relationer genom livet")
    AreaCarryOver.objects.create(
        from_area=first.areas.get(title="Föräldrastöd"),
        to_area=support,
        kind=CarryOverKind.ONE_TO_ONE,
        note="Målgruppen vidgas till alla invånare.",
    )
    AreaCarryOver.objects.create(
        from_area=listening, to_goal=overarching, kind=CarryOverKind.AREA_TO_GOAL
    )
    Contribution.objects.create(from_area=support, to_goal=overarching)
    adopt(first)
    url = reverse("web:carryover", args=[revision.pk])

    member = text(get(personas["reader"], url))
    assert "Föräldrastöd Fortsätter som Stöd och relationer genom livet" in member
    assert "Målgruppen vidgas till alla invånare." in member
    assert "Lyssna på barn och unga Tas upp i målet Trygghet och delaktighet" in member
    # Both versions' pages link to the carry-over page.
    assert url in get(personas["reader"], urls(first)["version"]).content.decode()
    assert (
        url
        in get(
            personas["reader"], reverse("web:version_detail", args=[revision.pk])
        ).content.decode()
    )
    assert "Trygghet och delaktighet ska öka" in text(
        get(personas["reader"], reverse("web:area_detail", args=[support.pk]))
    )

    adopt(revision)
    anonymous = text(get(personas["anonymous"], url))
    assert "Föräldrastöd Fortsätter som Stöd och relationer genom livet" in anonymous
    assert "Lyssna på barn och unga" not in anonymous, "its goal is in a draft"


def test_the_goal_page_lists_its_indicators_with_target(personas):
    version = VersionFactory(status=VersionStatus.DRAFT)
    goal = GoalFactory(area=AreaFactory(version=version), title="Alla barn har en aktiv fritid")
    GoalIndicatorFactory(
        goal=goal,
        indicator=IndicatorFactory(title="Deltagartillfällen i idrottsföreningar", unit="antal"),
        baseline_year=2021,
        target_value="12.5",
        target_year=2030,
    )
    adopt(version)

    shown = text(get(personas["anonymous"], reverse("web:goal_detail", args=[goal.pk])))

    assert "Deltagartillfällen i idrottsföreningar" in shown
    assert "Högre är bättre" in shown
    assert "12,5 antal till 2030" in shown
    assert "2021" in shown


def test_members_read_their_role_on_the_start_page(personas):
    shown = text(get(personas["social_editor"], reverse("web:home")))
    assert "Redaktör vid Socialförvaltningen" in shown
    assert "You are logged in as" not in text(get(personas["anonymous"], reverse("web:home")))


def test_the_organisation_page_shows_the_tree_with_kinds(personas, orgs):
    response = get(personas["anonymous"], reverse("web:organisation_list"))

    html = response.content.decode()
    shown = text(response)
    assert "Trelleborgs kommun – Kommun, områdeskod 1287" in shown
    assert "Socialförvaltningen – Förvaltning" in shown
    # The administration is nested inside the municipality's list item.
    municipality = html.index("Trelleborgs kommun")
    assert html.index("<ul>", municipality) < html.index("Socialförvaltningen")
