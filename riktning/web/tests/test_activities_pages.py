"""Mapping rounds, the activity form, the register and its exports, coverage: every page for every
persona, then what an editor may and may not do."""

import io

import pytest
from django.urls import reverse
from django.utils import translation

from riktning.accounts.tests.personas import PERSONAS, gets
from riktning.activities.models import Activity

from .edit_support import login_url
from .plans_support import plans_world

LOGIN = "login"


# (url name, argument key or None, expected status per persona)
PAGES = [
    ("mapping_round_list", None, gets(200, 200, 200, 200, 200)),
    ("mapping_round_detail", "open_round", gets(LOGIN, 200, 200, 200, 200)),
    ("mapping_round_detail", "closed_round", gets(200, 200, 200, 200, 200)),
    ("mapping_round_create", "version", gets(LOGIN, 403, 403, 403, 200)),
    ("activity_create", "open_round", gets(LOGIN, 403, 200, 200, 200)),
    ("activity_create", "closed_round", gets(LOGIN, 409, 409, 409, 409)),
    ("activity_edit", "social_activity", gets(LOGIN, 403, 200, 403, 200)),
    ("activity_edit", "bildning_activity", gets(LOGIN, 403, 403, 200, 200)),
    ("activity_register", None, gets(200, 200, 200, 200, 200)),
    ("activity_coverage", None, gets(200, 200, 200, 200, 200)),
    ("gap_view", "version", gets(LOGIN, 200, 200, 200, 200)),
    ("conclusion_create", "goal", gets(LOGIN, 403, 403, 403, 200)),
]


@pytest.fixture
def world(orgs):
    return plans_world(orgs)


def _url(world, name, key, *extra):
    args = [world[key].pk] if key else []
    return reverse(f"web:{name}", args=[*args, *extra])


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "key", "expected"), PAGES)
def test_who_sees_each_page(world, personas, persona, name, key, expected):
    url = _url(world, name, key)
    response = personas[persona].get(url)
    if expected[persona] == LOGIN:
        assert response.status_code == 302
        assert response["Location"] == login_url(url)
    else:
        assert response.status_code == expected[persona]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_everyone_may_export_what_they_may_see(world, personas, persona, fmt):
    response = personas[persona].get(reverse("web:activity_export", args=[fmt]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]


def test_the_public_sees_only_activities_of_closed_rounds(world, personas):
    anonymous = personas["anonymous"].get(reverse("web:activity_register")).content.decode()
    assert "Läxhjälp" in anonymous
    assert "Föräldragrupper" not in anonymous
    member = personas["reader"].get(reverse("web:activity_register")).content.decode()
    assert "Föräldragrupper" in member


def test_the_round_page_shows_who_answered(world, personas):
    response = personas["coordinator"].get(_url(world, "mapping_round_detail", "open_round"))
    answers = {a["organisation"].name: a["answered"] for a in response.context["answers"]}
    assert answers == {"Socialförvaltningen": True, "Bildningsförvaltningen": True}


def test_the_register_filters_by_organiser_and_target_group(world, personas, orgs):
    client = personas["coordinator"]
    url = reverse("web:activity_register")
    by_org = client.get(url, {"organiser": orgs["social"].pk}).context["activities"]
    assert [a.name for a in by_org] == ["Föräldragrupper"]
    by_group = client.get(url, {"target_group": "0–5"}).context["activities"]
    assert [a.name for a in by_group] == ["Föräldragrupper"]
    by_goal = client.get(url, {"goal": world["goal"].pk}).context["activities"]
    assert [a.name for a in by_goal] == ["Föräldragrupper"]
    by_round = client.get(url, {"mapping_round": world["closed_round"].pk}).context["activities"]
    assert [a.name for a in by_round] == ["Läxhjälp"]


def test_the_csv_is_swedish_excel_friendly(world, personas, orgs):
    response = personas["coordinator"].get(
        reverse("web:activity_export", args=["csv"]), {"organiser": orgs["social"].pk}
    )
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    lines = text.lstrip("\ufeff").splitlines()
    assert len(lines) == 2
    assert ";" in lines[0]
    assert "240,5" in lines[1].split(";")


def test_the_xlsx_has_one_row_per_activity(world, personas):
    from openpyxl import load_workbook

    response = personas["coordinator"].get(reverse("web:activity_export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 1 + Activity.objects.count()


def _activity_post(organiser, **extra):
    data = {
        "organiser": organiser.pk,
        "name": "Babyrytmik",
        "reach": "universal",
        "participants": "20",
        "hours": "10",
        "cost_sek": "1000",
    }
    data.update(extra)
    return data


def test_an_editor_reports_an_activity_of_their_own_organisation(world, personas, orgs):
    url = _url(world, "activity_create", "open_round")
    response = personas["social_editor"].post(url, _activity_post(orgs["social"]))
    assert response.status_code == 302
    activity = Activity.objects.get(name="Babyrytmik")
    assert activity.organiser == orgs["social"]
    assert activity.mapping_round == world["open_round"]


def test_an_editor_cannot_report_for_another_organisation(world, personas, orgs):
    url = _url(world, "activity_create", "open_round")
    response = personas["bildning_editor"].post(url, _activity_post(orgs["social"]))
    assert response.status_code == 200
    assert "organiser" in response.context["form"].errors
    assert not Activity.objects.filter(name="Babyrytmik").exists()


def test_an_editor_cannot_change_another_organisations_activity(world, personas, orgs):
    url = _url(world, "activity_edit", "social_activity")
    response = personas["bildning_editor"].post(url, _activity_post(orgs["bildning"]))
    assert response.status_code == 403
    assert Activity.objects.get(pk=world["social_activity"].pk).name == "Föräldragrupper"


def test_an_editor_changes_their_own_activity(world, personas, orgs):
    url = _url(world, "activity_edit", "social_activity")
    revision = personas["social_editor"].get(url).context["form"]["revision"].value()
    data = _activity_post(orgs["social"], name="Ny", revision=revision)
    response = personas["social_editor"].post(url, data)
    assert response.status_code == 302
    assert Activity.objects.get(pk=world["social_activity"].pk).name == "Ny"


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"hours": "-5"}, "hours"),
        ({"cost_sek": "-1"}, "cost_sek"),
        ({"participants": "1000000"}, "participants"),
    ],
)
def test_bad_activity_input_is_refused_and_nothing_saved(world, personas, orgs, extra, field):
    url = _url(world, "activity_create", "open_round")
    with translation.override("en"):
        response = personas["social_editor"].post(url, _activity_post(orgs["social"], **extra))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Activity.objects.filter(name="Babyrytmik").exists()


def test_a_report_after_the_round_closed_is_refused(world, personas, orgs):
    url = _url(world, "activity_create", "closed_round")
    response = personas["social_editor"].post(url, _activity_post(orgs["social"]))
    assert response.status_code == 409
    assert not Activity.objects.filter(name="Babyrytmik").exists()


def test_only_the_coordinator_opens_and_closes_rounds(world, personas, orgs):
    url = _url(world, "mapping_round_close", "open_round")
    assert personas["social_editor"].post(url).status_code == 403
    assert personas["coordinator"].post(url).status_code == 302
    world["open_round"].refresh_from_db()
    assert not world["open_round"].is_open
    create = _url(world, "mapping_round_create", "version")
    response = personas["coordinator"].post(
        create,
        {
            "title": "Ny runda",
            "question": "Vad finns?",
            "last_day": "2026-12-01",
            "invited": [orgs["social"].pk],
        },
    )
    assert response.status_code == 302


def test_coverage_shows_goals_with_their_organisers(world, personas, orgs):
    response = personas["coordinator"].get(reverse("web:activity_coverage"))
    rows = {row["goal"]: row["cells"] for row in response.context["rows"]}
    cells = dict(rows[world["goal"]])
    assert cells[orgs["social"]]["count"] == 1
    assert cells[orgs["social"]]["reach"] == 60


def test_two_people_saving_the_same_activity_the_second_gets_a_conflict(world, personas, orgs):
    url = _url(world, "activity_edit", "social_activity")
    editor, coordinator = personas["social_editor"], personas["coordinator"]
    revision = editor.get(url).context["form"]["revision"].value()
    first = _activity_post(orgs["social"], name="Samordnarens namn", revision=revision)
    assert coordinator.post(url, first).status_code == 302
    second = _activity_post(orgs["social"], name="Redaktörens namn", revision=revision)
    response = editor.post(url, second)
    assert response.status_code == 409
    assert Activity.objects.get(pk=world["social_activity"].pk).name == "Samordnarens namn"
    assert response.context["form"]["name"].value() == "Redaktörens namn"


def test_the_gap_view_flags_goals_and_shows_the_latest_conclusion(world, personas):
    url = _url(world, "conclusion_create", "goal")
    data = {"text": "Mer föräldrastöd behövs.", "more_needed": "yes"}
    assert personas["coordinator"].post(url, data).status_code == 302
    data = {"text": "Räcker för i år.", "more_needed": "no"}
    assert personas["coordinator"].post(url, data).status_code == 302
    assert personas["social_editor"].post(url, data).status_code == 403
    response = personas["reader"].get(_url(world, "gap_view", "version"))
    row = next(r for r in response.context["rows"] if r["goal"] == world["goal"])
    assert row["count"] == 1
    assert row["conclusion"].text == "Räcker för i år."
    assert row["conclusion"].more_needed is False


def _make_link(world, personas, orgs) -> str:
    url = _url(world, "reporting_link_create", "open_round")
    response = personas["coordinator"].post(url, {"organisation": orgs["bildning"].pk})
    assert response.status_code == 302
    shown = [str(m) for m in response.wsgi_request._messages]
    token = shown[0].split("/rapportera/")[1].split("/")[0]
    return reverse("web:report_by_link", args=[token])


@pytest.mark.parametrize("persona", ["anonymous", "reader", "social_editor", "bildning_editor"])
def test_only_the_coordinator_makes_personal_links(world, personas, orgs, persona):
    url = _url(world, "reporting_link_create", "open_round")
    response = personas[persona].post(url, {"organisation": orgs["bildning"].pk})
    assert response.status_code in (302, 403)
    if persona == "anonymous":
        assert response["Location"] == login_url(url)
    assert not world["open_round"].reporting_links.exists()


def test_an_organisation_reports_through_its_personal_link(world, personas, orgs):
    link_url = _make_link(world, personas, orgs)
    visitor = personas["anonymous"]
    assert visitor.get(link_url).status_code == 200
    data = _activity_post(orgs["bildning"], name="Läsecirkel")
    del data["organiser"]
    assert visitor.post(link_url, data).status_code == 302
    activity = Activity.objects.get(name="Läsecirkel")
    assert activity.organiser == orgs["bildning"]
    assert activity.mapping_round == world["open_round"]
    # Only a hash is stored.
    link = world["open_round"].reporting_links.get()
    assert link_url.rstrip("/").rsplit("/", 1)[1] not in link.token_hash


def test_a_revoked_or_closed_link_is_refused(world, personas, orgs):
    link_url = _make_link(world, personas, orgs)
    link = world["open_round"].reporting_links.get()
    revoke = reverse("web:reporting_link_revoke", args=[link.pk])
    assert personas["social_editor"].post(revoke).status_code == 403
    assert personas["coordinator"].post(revoke).status_code == 302
    data = _activity_post(orgs["bildning"], name="För sent")
    assert personas["anonymous"].post(link_url, data).status_code == 410
    assert not Activity.objects.filter(name="För sent").exists()
    assert personas["anonymous"].get("/rapportera/fel-token/").status_code == 404


def test_a_link_stops_working_when_the_round_closes(world, personas, orgs):
    link_url = _make_link(world, personas, orgs)
    personas["coordinator"].post(_url(world, "mapping_round_close", "open_round"))
    assert personas["anonymous"].get(link_url).status_code == 410


def test_the_coordinator_reminds_those_who_have_not_answered(world, personas, orgs, mailoutbox):
    from riktning.accounts.tests.factories import OrganisationFactory

    silent = OrganisationFactory(name="Föreningen Exempel", email="forening@example.org")
    world["open_round"].invited.add(silent)
    url = _url(world, "mapping_round_remind", "open_round")
    assert personas["social_editor"].post(url).status_code == 403
    assert personas["coordinator"].post(url).status_code == 302
    assert [m.to for m in mailoutbox] == [["forening@example.org"]]
    assert "Föräldrastöd 2021" in mailoutbox[0].subject
