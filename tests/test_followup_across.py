"""One follow-up across documents (issue 16, item 1), on the Trelleborg demo: the strategy
2024–2030 has no goals of its own and is followed up through the municipality-wide goal its four
areas contribute to; the programme's follow-up shows those areas under its goal. Each activity,
measure and analysis is reported once and read through wherever it contributes; the public sees
only adopted and published parts; a contribution never changes the document it points to."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from demo_support import USERNAMES, seeded_demo
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from riktning.accounts.models import Organisation, User
from riktning.actionplans import services as plan_services
from riktning.activities import services as activity_services
from riktning.activities.models import Activity
from riktning.devtools.demo import AREAS_2024, GOALS_DOCUMENT_TITLE, OVERARCHING_GOAL
from riktning.followup import across, report, services
from riktning.followup.access import contribution_sight, public_sight
from riktning.followup.constants import ProgressStatus
from riktning.reports.tests.pdftext import pdf_text
from riktning.strategy.constants import DocumentKind, VersionStatus
from riktning.strategy.models import Contribution, DevelopmentArea, Goal, Version
from riktning.strategy.services import change_version_status, create_document

pytestmark = pytest.mark.django_db

PARENTING_ACTIVITIES = [  # reported once, in the 2021 mapping of parenting support
    "Föräldramöten om språkutveckling i förskolan",
    "Föräldragrupper för föräldrar till förskolebarn",
    "Individuellt föräldrastöd vid oro",
]
PARENTING_MEASURES = [  # in the action plan 2025 of the strategy 2021–2030
    "Kartlägga MVC:s och BVC:s föräldrastöd",
    "Erbjuda föräldragrupper i alla kommundelar",
]
HOMEWORK = "Läxhjälp i föreningsregi"  # reported in the closed (public) mapping round
LISTEN = "Lyssna på barn och unga"  # the 2021 area carried over into the goal itself


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    with seeded_demo(django_db_blocker, tmp_path_factory.mktemp("media")):
        yield


@pytest.fixture
def coordinator(demo):
    return User.objects.get(username=USERNAMES["coordinator"])


@pytest.fixture
def coordinator_client(coordinator):
    client = Client()
    client.force_login(coordinator)
    return client


def strategy_2024() -> Version:
    return Version.objects.get(title__contains="2024–2030")


def programme() -> Version:
    return Version.objects.get(document__title=GOALS_DOCUMENT_TITLE)


def municipality_goal() -> Goal:
    return Goal.objects.get(title=OVERARCHING_GOAL)


def adopt(version: Version) -> None:
    change_version_status(
        version,
        VersionStatus.ADOPTED,
        decided_by=Organisation.objects.get(name="Kommunfullmäktige"),
        decision_date=datetime.date(2024, 2, 26),
        paragraph="12",
    )


def part_named(parts: list[dict], title: str) -> dict:
    return next(part for part in parts if part["title"] == title)


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style|title)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# --- the service ------------------------------------------------------------------------------


def test_the_2024_strategy_is_followed_up_through_the_goal_its_areas_contribute_to(coordinator):
    goals = across.contributed_goals(strategy_2024(), contribution_sight(coordinator))

    assert [goal["title"] for goal in goals] == [OVERARCHING_GOAL]
    goal = goals[0]
    assert goal["document"] == GOALS_DOCUMENT_TITLE
    assert goal["status"] in ProgressStatus.values
    assert [part["title"] for part in goal["parts"]] == AREAS_2024
    support = part_named(goal["parts"], "Stöd och relationer genom livet")
    # Read through the carry-over: what was reported for Föräldrastöd (2021) counts here.
    assert [area["title"] for area in support["through"]] == ["Föräldrastöd"]
    assert sorted(a["name"] for a in support["activities"]) == sorted(PARENTING_ACTIVITIES)
    assert [m["title"] for m in support["measures"]] == PARENTING_MEASURES
    assert all(m["status_label"] for m in support["measures"])
    assert [g["status"] in ProgressStatus.values for g in support["goals"]] == [True]
    assert support["goals"][0]["indicators"][0]["title"] == (
        "Antal föräldrar som deltar i föräldrastödsprogram"
    )
    assert [a["area"] for a in support["analyses"]] == ["Föräldrastöd"]
    assert support["example"]  # the demo's activities and measures are invented
    learning = part_named(goal["parts"], "Utbildning och sysselsättning")
    assert [a["title"] for a in learning["through"]] == [
        "Samverkan kring barn och ungas lärande",
        "Arbete åt alla och god framtidstro",
    ]
    assert HOMEWORK in [a["name"] for a in learning["activities"]]


def test_the_programme_shows_every_contributing_area_under_its_goal(coordinator):
    sight = contribution_sight(coordinator)

    under_goal = across.contributions_to(programme(), sight)

    assert list(under_goal) == [municipality_goal().pk]
    parts = under_goal[municipality_goal().pk]
    assert [(p["document"], p["title"]) for p in parts] == [
        ("Strategi för social hållbarhet", title) for title in [*AREAS_2024, LISTEN]
    ]
    # The same parts as on the strategy's own page: one reading, two places.
    assert parts[:4] == across.contributed_goals(strategy_2024(), sight)[0]["parts"]
    # The 2021 area the revision took up in the goal itself, with its indicator of trust.
    listen = parts[4]
    assert (listen["kind"], listen["version"]) == (
        "carried_over",
        "Strategi för social hållbarhet 2021–2030",
    )
    assert [i["title"] for g in listen["goals"] for i in g["indicators"]] == [
        "Andel pojkar och flickor som känner låg tillit till andra människor"
    ]


def test_each_activity_and_measure_is_reported_once_and_read_through(coordinator):
    sight = contribution_sight(coordinator)
    activity = Activity.objects.get(name=PARENTING_ACTIVITIES[1])
    before = Activity.objects.count()

    Activity.objects.filter(pk=activity.pk).update(name="Föräldragrupper i alla kommundelar")

    parts = across.contributions_to(programme(), sight)[municipality_goal().pk]
    names = [a["name"] for a in part_named(parts, "Stöd och relationer genom livet")["activities"]]
    assert "Föräldragrupper i alla kommundelar" in names
    assert PARENTING_ACTIVITIES[1] not in names
    # The 2021 goal it was reported for shows the same row: nothing was copied.
    assert activity.goals.get().activities.filter(name__startswith="Föräldragrupper i").exists()
    assert Activity.objects.count() == before
    ids = [a["id"] for part in parts for a in part["activities"]]
    assert ids.count(activity.pk) == 1


def _another_contributing_document(goal: Goal) -> None:
    """A second document whose three areas contribute to the goal, each with an activity and a
    measure: data that the pages then show, in more rows but not in more queries."""
    owner = Organisation.objects.get(name="Kommunfullmäktige")
    _document, version = create_document(
        title="Kulturplan", kind=DocumentKind.PLAN, owner=owner, valid_from=2024, valid_to=2030
    )
    plan = plan_services.create_action_plan(version=version, year=2025, is_example=True)
    organiser = Organisation.objects.get(name="Kultur- och fritidsförvaltningen")
    for number in range(1, 4):
        area = DevelopmentArea.objects.create(
            version=version, order=number, title=f"Kultur {number}"
        )
        Contribution.objects.create(from_area=area, to_goal=goal)
        own_goal = Goal.objects.create(area=area, order=1, title=f"Mer kultur {number}")
        activity_services.report_activity(
            organiser=organiser,
            mapping_round=None,
            name=f"Kulturaktivitet {number}",
            areas=[area],
            goals=[own_goal],
            is_example=True,
        )
        plan_services.add_measure(
            plan,
            title=f"Kulturåtgärd {number}",
            responsible=organiser,
            hours=Decimal(10),
            cost_sek=Decimal(0),
            goals=[own_goal, goal],
            is_example=True,
        )


def test_contributions_are_read_in_a_fixed_number_of_queries(coordinator):
    sight = contribution_sight(coordinator)

    def count(read) -> int:
        with CaptureQueriesContext(connection) as queries:
            read()
        return len(queries)

    def into_programme():
        return across.contributions_to(programme(), sight)

    def out_of_strategy():
        return across.contributed_goals(strategy_2024(), sight)

    before = (count(into_programme), count(out_of_strategy))
    _another_contributing_document(municipality_goal())

    assert len(into_programme()[municipality_goal().pk]) == 4 + 1 + 3
    assert (count(into_programme), count(out_of_strategy)) == before


def test_the_public_sees_only_adopted_and_published_parts(coordinator):
    # Both documents are out for consultation in the demo: nothing of them is public.
    assert across.contributions_to(programme(), public_sight()) == {}
    assert across.contributed_goals(strategy_2024(), public_sight()) == []

    adopt(programme())
    adopt(strategy_2024())

    parts = across.contributions_to(programme(), public_sight())[municipality_goal().pk]
    learning = part_named(parts, "Utbildning och sysselsättning")
    support = part_named(parts, "Stöd och relationer genom livet")
    assert HOMEWORK in [a["name"] for a in learning["activities"]]  # its round is closed
    assert support["activities"] == []  # reported in a round still open
    assert all(part["measures"] == [] for part in parts)  # the action plan is a draft
    members = across.contributions_to(programme(), contribution_sight(coordinator))
    assert part_named(members[municipality_goal().pk], "Stöd och relationer genom livet")[
        "measures"
    ]


def test_a_contribution_to_a_goal_of_an_adopted_document_does_not_change_it(coordinator_client):
    adopt(programme())
    goal = municipality_goal()
    version = programme()
    history = (
        version.history.count(),
        goal.history.count(),
        goal.area.history.count(),
        Goal.objects.filter(area__version=version).count(),
    )
    owner = Organisation.objects.get(name="Kommunfullmäktige")
    _document, draft = create_document(
        title="Fritidsplan", kind=DocumentKind.PLAN, owner=owner, valid_from=2025, valid_to=2030
    )
    area = DevelopmentArea.objects.create(version=draft, order=1, title="Fritid för alla")

    response = coordinator_client.post(
        reverse("web:contribution_create", args=[draft.pk]),
        {"from_area": area.pk, "to_goal": goal.pk},
    )

    assert response.status_code == 302
    version.refresh_from_db()
    goal.refresh_from_db()
    assert version.status == VersionStatus.ADOPTED
    assert goal.title == OVERARCHING_GOAL
    assert (
        version.history.count(),
        goal.history.count(),
        goal.area.history.count(),
        Goal.objects.filter(area__version=version).count(),
    ) == history
    # The adopted programme's follow-up shows it, read from the draft's side.
    page = coordinator_client.get(reverse("web:followup_overview", args=[version.pk]))
    assert "Fritid för alla" in visible_text(page.content.decode())


# --- the pages and the report -----------------------------------------------------------------


def test_the_strategys_follow_up_page_shows_the_goal_it_contributes_to(coordinator_client):
    response = coordinator_client.get(reverse("web:followup_overview", args=[strategy_2024().pk]))

    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert "Mål som det här styrdokumentet bidrar till" in text
    assert OVERARCHING_GOAL in text
    for title in AREAS_2024:
        assert title in text
    for name in PARENTING_ACTIVITIES + PARENTING_MEASURES:
        assert text.count(name) == 1  # each shown once, under its one area
    assert "Exempeldata" in text
    assert "Uppgift saknas" in text  # the goal has no indicators of its own: said in words


def test_an_area_without_goals_of_its_own_does_not_say_uppgift_saknas_in_the_grid(
    coordinator_client,
):
    """The status at a glance would contradict the contributions' status below it if an area
    that has no goals of its own read "Uppgift saknas": it says so, and where it is followed up."""
    response = coordinator_client.get(reverse("web:followup_overview", args=[strategy_2024().pk]))

    html = response.content.decode()
    grid = html[html.index('class="status-grid"') : html.index("</table>")]
    text = visible_text(grid)
    for title in AREAS_2024:
        assert f"{title} – inga egna mål – följs upp genom målen som området bidrar till" in text
    assert "Uppgift saknas" not in text
    assert 'href="#contributes-to-heading"' in grid
    assert 'id="contributes-to-heading"' in html


def test_the_programmes_follow_up_page_shows_the_contributions_under_its_goal(
    coordinator_client,
):
    response = coordinator_client.get(reverse("web:followup_overview", args=[programme().pk]))

    text = visible_text(response.content.decode())
    assert "Bidrag från andra styrdokument" in text
    assert "Strategi för social hållbarhet 2024–2030" in text
    for name in PARENTING_ACTIVITIES + PARENTING_MEASURES + [HOMEWORK]:
        assert name in text


def test_anonymous_visitors_see_contributions_once_both_documents_are_adopted(demo):
    anonymous = Client()
    url = reverse("web:followup_overview", args=[programme().pk])
    assert anonymous.get(url).status_code == 302  # out for consultation: log in first

    adopt(programme())
    adopt(strategy_2024())

    text = visible_text(anonymous.get(url).content.decode())
    assert "Bidrag från andra styrdokument" in text
    assert HOMEWORK in text
    assert PARENTING_ACTIVITIES[1] not in text  # its mapping round is still open
    assert PARENTING_MEASURES[0] not in text  # its action plan is a draft


def test_the_yearly_follow_up_and_its_report_carry_the_contributions(
    coordinator, coordinator_client
):
    followup = services.start_followup(programme(), 2025, by=coordinator)

    page = coordinator_client.get(reverse("web:followup_detail", args=[followup.pk]))
    text = visible_text(page.content.decode())
    assert "Bidrag från andra styrdokument" in text
    assert PARENTING_MEASURES[1] in text

    sight = contribution_sight(coordinator)
    word = report.render(followup, "docx", sight=sight)
    from docx import Document

    paragraphs = [p.text for p in Document(io.BytesIO(word)).paragraphs]
    assert "Bidrag från andra styrdokument" in paragraphs
    assert any(p.startswith("Stöd och relationer genom livet (område i") for p in paragraphs)
    assert any(p.startswith(PARENTING_ACTIVITIES[0]) for p in paragraphs)
    assert any(p.startswith(PARENTING_MEASURES[0]) for p in paragraphs)
    pdf = " ".join(pdf_text(report.render(followup, "pdf", sight=sight)).split())
    assert "Bidrag från andra styrdokument" in pdf
    assert PARENTING_MEASURES[1] in pdf
    # Without a reader (the CLI), the report shows what the public may see: nothing here yet.
    public = [p.text for p in Document(io.BytesIO(report.render(followup, "docx"))).paragraphs]
    assert PARENTING_MEASURES[0] not in public


def test_the_strategys_own_yearly_report_shows_what_it_contributes_to(coordinator):
    followup = services.start_followup(strategy_2024(), 2025, by=coordinator)

    word = report.render(followup, "docx", sight=contribution_sight(coordinator))
    from docx import Document

    paragraphs = [p.text for p in Document(io.BytesIO(word)).paragraphs]
    assert "Mål som det här styrdokumentet bidrar till" in paragraphs
    assert OVERARCHING_GOAL in paragraphs
    assert any(p.startswith(PARENTING_MEASURES[1]) for p in paragraphs)


def test_an_approved_follow_up_freezes_what_the_public_may_see(coordinator):
    adopt(programme())
    adopt(strategy_2024())
    followup = services.start_followup(programme(), 2025, by=coordinator)
    followup = services.submit_for_review(followup, by=coordinator)
    followup = services.approve_followup(followup, by=coordinator)

    [goal] = [g for area in followup.snapshot["areas"] for g in area["goals"]]
    assert [p["title"] for p in goal["contributions"]] == [*AREAS_2024, LISTEN]
    measures = [m for p in goal["contributions"] for m in p["measures"]]
    assert measures == []  # the action plan is a draft: not public, so not frozen
    # Later changes do not reach the approved follow-up.
    Activity.objects.filter(name=HOMEWORK).update(name="Läxhjälp (ändrad)")
    followup.refresh_from_db()
    page = Client().get(reverse("web:followup_detail", args=[followup.pk]))
    assert HOMEWORK in visible_text(page.content.decode())


def test_the_kept_overview_shows_a_measure_late_from_the_day_after_it_ends(
    coordinator_client, monkeypatch
):
    """The overview is kept rendered (followup/cache.py) per day: a measure's status under a
    contribution is shown as of today, so a new day is a new page."""
    from django.utils import timezone

    url = reverse("web:followup_overview", args=[programme().pk])
    measure = "Erbjuda föräldragrupper i alla kommundelar"  # ends 2026-06-30, not done

    def shown_on(day: datetime.date) -> str:
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
        text = visible_text(coordinator_client.get(url).content.decode())
        return re.search(re.escape(measure) + r" – [^:]+: (\w+)", text).group(1)

    assert shown_on(datetime.date(2026, 6, 30)) == "Pågår"
    assert shown_on(datetime.date(2026, 6, 30)) == "Pågår"  # from the cache
    assert shown_on(datetime.date(2026, 7, 1)) == "Försenad"
