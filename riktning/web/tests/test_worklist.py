"""The start page's "To do" list: each persona sees its own organisation's open work, with the
page where it is done, late things first and said in words; the coordinator sees the rounds and
plans they run; the public sees no list."""

import datetime

import pytest
from django.utils import timezone

from riktning.consultation import services as consultation_services
from riktning.consultation.tests.factories import make_round
from riktning.web.worklist import worklist

from .plans_support import plans_world

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 9, 1)


@pytest.fixture
def world(orgs, coordinator):
    world = plans_world(orgs)
    round = make_round(
        coordinator, [orgs["social"], orgs["bildning"]], reply_by=datetime.date(2025, 9, 5)
    )
    round.sent_on = datetime.date(2025, 8, 1)
    round.save()
    world["round"] = round
    return world


def test_an_editor_sees_their_organisations_open_work(world, social_editor):
    todo = worklist(social_editor, today=TODAY)

    assert [i.text for i in todo.statements] == ["Remiss: strategi för social hållbarhet"]
    statement = todo.statements[0]
    social = world["round"].recipients.get(organisation__name="Socialförvaltningen")
    assert statement.url == f"/remisser/{world['round'].pk}/yttrande/{social.organisation_id}/"
    assert statement.flag == "Sista dagen närmar sig"  # four days left

    assert [i.text for i in todo.mapping] == ["Föräldrastöd 2021"]  # the open round only
    assert todo.mapping[0].detail == "1 aktivitet rapporterad hittills"
    assert todo.mapping[0].flag == "Sista dagen har passerat"

    # only Socialförvaltningen's unfinished measures, the late one flagged
    assert [(i.text, i.flag) for i in todo.measures] == [
        ("Föräldragrupper i alla kommundelar", "Försenad"),
        ("Kartlägga BVC", ""),
    ]
    assert todo.measures[0].url == f"/atgarder/{world['social_measure'].pk}/status/"
    assert not todo.rounds and not todo.plans  # the coordinator's part is not theirs


def test_an_answered_round_leaves_the_list(world, social_editor):
    statement = consultation_services.start_statement(
        world["round"].recipients.get(organisation__name="Socialförvaltningen"), by=social_editor
    )
    assert worklist(social_editor, today=TODAY).statements[0].detail.endswith("Utkast påbörjat")
    consultation_services.save_statement(statement, position="positive")
    consultation_services.submit_statement(statement, by=social_editor)
    assert worklist(social_editor, today=TODAY).statements == []


def test_the_coordinator_sees_the_rounds_and_late_measures(world, coordinator):
    todo = worklist(coordinator, today=TODAY)

    details = {i.text: i.detail for i in todo.rounds}
    assert details["Remiss: strategi för social hållbarhet"] == "0 av 2 remissinstanser har svarat"
    assert details["Föräldrastöd 2021"] == "2 av 2 inbjudna har rapporterat"
    assert [(i.text, i.detail) for i in todo.plans] == [(world["draft"].title, "1 försenad åtgärd")]


def test_a_reader_has_nothing_to_do_and_the_page_says_so(world, personas):
    page = personas["reader"].get("/").content.decode()
    assert "Att göra" in page
    assert "Inget väntar på dig just nu." in page
    assert "Att göra" not in personas["anonymous"].get("/").content.decode()


def test_the_start_page_links_each_item(world, personas):
    world["round"].reply_by = timezone.localdate() + datetime.timedelta(days=30)
    world["round"].save()
    page = personas["social_editor"].get("/").content.decode()
    assert "Remissvar att skriva" in page
    assert f'href="/atgarder/{world["social_measure"].pk}/status/"' in page
    assert "Aktiviteter att rapportera" in page


def test_a_measure_shows_its_end_date_and_a_round_its_last_day(world, personas):
    world["round"].reply_by = timezone.localdate() + datetime.timedelta(days=30)
    world["round"].save()
    page = personas["social_editor"].get("/").content.decode()
    assert "Slutdatum 2025-06-30" in page
    assert f"Sista dag {world['round'].reply_by:%Y-%m-%d}" in page
