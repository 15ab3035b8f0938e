"""Action plan pages: every page for every persona, then the coordinator's and the responsible
editors' writes, refusals and the exports."""

import io
import re

import pytest
from django.urls import reverse
from django.utils import translation

from riktning.accounts.tests.personas import PERSONAS, gets
from riktning.actionplans.models import Measure, MeasureStatusUpdate
from riktning.actionplans.services import status_revision

from .edit_support import login_url
from .plans_support import plans_world

LOGIN = "login"


PAGES = [
    ("action_plan_list", None, (), gets(200, 200, 200, 200, 200)),
    ("action_plan_detail", "draft", (), gets(LOGIN, 200, 200, 200, 200)),
    ("action_plan_detail", "adopted", (), gets(200, 200, 200, 200, 200)),
    ("action_plan_create", "version", (), gets(LOGIN, 403, 403, 403, 200)),
    ("action_plan_adopt", "draft", (), gets(LOGIN, 403, 403, 403, 200)),
    ("action_plan_adopt", "adopted", (), gets(LOGIN, 403, 403, 403, 409)),
    ("measure_create", "draft", (), gets(LOGIN, 403, 403, 403, 200)),
    ("measure_create", "adopted", (), gets(LOGIN, 403, 403, 403, 409)),
    ("measure_edit", "social_measure", (), gets(LOGIN, 403, 403, 403, 200)),
    ("measure_edit", "adopted_measure", (), gets(LOGIN, 403, 403, 403, 409)),
    ("measure_status", "social_measure", (), gets(LOGIN, 403, 200, 403, 200)),
    ("measure_status", "bildning_measure", (), gets(LOGIN, 403, 403, 200, 200)),
    ("measure_status", "adopted_measure", (), gets(LOGIN, 403, 200, 403, 200)),
    ("action_plan_export", "draft", ("xlsx",), gets(LOGIN, 200, 200, 200, 200)),
    ("action_plan_timeline", "draft", (), gets(LOGIN, 200, 200, 200, 200)),
    ("action_plan_timeline", "adopted", (), gets(200, 200, 200, 200, 200)),
    ("action_plan_export", "adopted", ("docx",), gets(200, 200, 200, 200, 200)),
]


@pytest.fixture
def world(orgs):
    return plans_world(orgs)


def _url(world, name, key, *extra):
    args = [world[key].pk] if key else []
    return reverse(f"web:{name}", args=[*args, *extra])


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "key", "extra", "expected"), PAGES)
def test_who_sees_each_page(world, personas, persona, name, key, extra, expected):
    url = _url(world, name, key, *extra)
    response = personas[persona].get(url)
    if expected[persona] == LOGIN:
        assert response.status_code == 302
        assert response["Location"] == login_url(url)
    else:
        assert response.status_code == expected[persona]


def test_the_public_list_shows_adopted_plans_only(world, personas):
    plans = personas["anonymous"].get(reverse("web:action_plan_list")).context["plans"]
    assert list(plans) == [world["adopted"]]
    plans = personas["reader"].get(reverse("web:action_plan_list")).context["plans"]
    assert set(plans) == {world["adopted"], world["draft"]}


def test_the_plan_page_flags_late_measures_with_icon_and_text(world, personas):
    with translation.override("en"):
        response = personas["reader"].get(_url(world, "action_plan_detail", "draft"))
    assert response.context["late_count"] == 1  # ended 2025-06-30, still planned
    late = [m.title for m in response.context["measures"] if m.late]
    assert late == ["Föräldragrupper i alla kommundelar"]
    assert "⚠" in response.content.decode()
    assert response.context["totals"]["hours"] == 400


def test_the_responsible_editor_records_a_status_as_a_new_row(world, personas):
    url = _url(world, "measure_status", "social_measure")
    measure = world["social_measure"]
    data = {"status": "done", "date": "2025-06-01", "comment": "Klart", "revision": 0}
    assert personas["social_editor"].post(url, data).status_code == 302
    data = {"status": "ongoing", "date": "2025-03-01", "comment": "", "revision": 0}
    stale = personas["social_editor"].post(url, data)
    assert stale.status_code == 409  # written before the first report was seen
    assert "Klart" in stale.text and stale.context["form"]["comment"].value() == ""
    data["revision"] = status_revision(measure)
    assert personas["social_editor"].post(url, data).status_code == 302
    measure = Measure.objects.get(pk=world["social_measure"].pk)
    assert measure.status_updates.count() == 2
    assert measure.status == "done"  # the latest by date, whatever order they came in


def test_an_editor_cannot_report_on_another_organisations_measure(world, personas):
    url = _url(world, "measure_status", "social_measure")
    response = personas["bildning_editor"].post(url, {"status": "done", "date": "2025-06-01"})
    assert response.status_code == 403
    assert not MeasureStatusUpdate.objects.filter(measure=world["social_measure"]).exists()


def test_an_adopted_plan_takes_status_updates_but_no_changes(world, personas, orgs):
    status_url = _url(world, "measure_status", "adopted_measure")
    data = {"status": "ongoing", "date": "2025-01-01", "revision": 0}
    assert personas["social_editor"].post(status_url, data).status_code == 302
    edit_url = _url(world, "measure_edit", "adopted_measure")
    response = personas["coordinator"].post(
        edit_url, {"title": "Ändrad", "responsible": orgs["social"].pk, "hours": 0, "cost_sek": 0}
    )
    assert response.status_code == 409
    assert Measure.objects.get(pk=world["adopted_measure"].pk).title == "Kartlägga BVC"


def _measure_post(orgs, **extra):
    data = {
        "title": "Ny åtgärd",
        "responsible": orgs["social"].pk,
        "hours": "10",
        "cost_sek": "1000",
        "start_date": "2025-01-01",
        "end_date": "2025-12-31",
    }
    data.update(extra)
    return data


def test_the_coordinator_adds_a_measure(world, personas, orgs):
    response = personas["coordinator"].post(
        _url(world, "measure_create", "draft"), _measure_post(orgs)
    )
    assert response.status_code == 302
    assert world["draft"].measures.filter(title="Ny åtgärd").exists()


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"end_date": "2024-12-31"}, "end_date", "Slutdatumet kan inte ligga före startdatumet."),
        ({"hours": "-1"}, "hours", "Värdet får inte vara negativt."),
        ({"cost_sek": "-1"}, "cost_sek", "Värdet får inte vara negativt."),
        ({"responsible": ""}, "responsible", "En åtgärd måste ha en ansvarig organisation."),
    ],
)
def test_bad_measures_are_refused_with_a_message(world, personas, orgs, extra, field, message):
    with translation.override("en"):
        response = personas["coordinator"].post(
            _url(world, "measure_create", "draft"), _measure_post(orgs, **extra)
        )
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert not Measure.objects.filter(title="Ny åtgärd").exists()


def test_the_coordinator_adopts_a_plan(world, personas, orgs):
    response = personas["coordinator"].post(
        _url(world, "action_plan_adopt", "draft"),
        {"decided_by": orgs["kommun"].pk, "decision_date": "2025-01-20", "paragraph": "12"},
    )
    assert response.status_code == 302
    world["draft"].refresh_from_db()
    assert world["draft"].is_adopted


def test_the_xlsx_export_has_one_row_per_measure_and_the_columns(world, personas):
    from openpyxl import load_workbook

    response = personas["reader"].get(_url(world, "action_plan_export", "draft", "xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 1 + world["draft"].measures.count()
    header = [cell.value for cell in sheet[1]]
    for word in ("Ansvarig", "Timmar", "Kostnad (kr)", "Slutdatum", "Status"):
        assert word in header


@pytest.mark.parametrize("persona", ["reader", "social_editor", "bildning_editor"])
def test_only_the_coordinator_carries_measures_over(world, personas, persona):
    url = _url(world, "action_plan_carry_over", "draft")
    assert personas[persona].post(url).status_code == 403
    assert personas["anonymous"].post(url).status_code == 302
    assert not world["version"].action_plans.filter(year=2026).exists()


def test_the_coordinator_carries_unfinished_measures_over(world, personas):
    response = personas["coordinator"].post(_url(world, "action_plan_carry_over", "draft"))
    assert response.status_code == 302
    next_plan = world["version"].action_plans.get(year=2026)
    assert {m.carried_from for m in next_plan.measures.all()} == {
        world["social_measure"],
        world["bildning_measure"],
    }


def test_two_people_saving_the_same_measure_the_second_gets_a_conflict(world, personas, orgs):
    url = _url(world, "measure_edit", "social_measure")
    client = personas["coordinator"]
    revision = client.get(url).context["form"]["revision"].value()
    first = _measure_post(orgs, title="Först", revision=revision)
    assert client.post(url, first).status_code == 302
    second = _measure_post(orgs, title="Sedan", revision=revision)
    with translation.override("en"):
        response = client.post(url, second)
    assert response.status_code == 409
    assert "Först" in " ".join(response.context["form"].non_field_errors())
    assert Measure.objects.get(pk=world["social_measure"].pk).title == "Först"
    # The second person's entries are still there; saving again is a deliberate overwrite.
    form = response.context["form"]
    assert form["title"].value() == "Sedan"
    again = _measure_post(orgs, title="Sedan", revision=form["revision"].value())
    assert client.post(url, again).status_code == 302
    assert Measure.objects.get(pk=world["social_measure"].pk).title == "Sedan"


def test_a_measure_may_answer_a_conclusion_of_the_analysis(world, personas, orgs):
    from riktning.activities.services import record_conclusion

    conclusion = record_conclusion(world["goal"], text="Mer stöd behövs", more_needed=True)
    data = _measure_post(orgs, answers_conclusion=conclusion.pk, goals=[world["goal"].pk])
    response = personas["coordinator"].post(_url(world, "measure_create", "draft"), data)
    assert response.status_code == 302
    assert Measure.objects.get(title="Ny åtgärd").answers_conclusion == conclusion


def test_the_timeline_draws_a_bar_per_dated_measure_and_a_table(world, personas):
    response = personas["reader"].get(_url(world, "action_plan_timeline", "draft"))
    bars = response.context["timeline"]["bars"]
    assert [b["measure"].title for b in bars] == ["Föräldragrupper i alla kommundelar"]
    assert bars[0]["status"] == "late"
    html = response.content.decode()
    assert 'role="img"' in html and "<table" in html
    assert "style=" not in html
    # SVG coordinates are plain numbers, never Swedish decimal commas ("320,0" draws nothing)
    svg = html[html.index("<svg") : html.index("</svg>")]
    coordinates = re.findall(r' (?:x|y|x1|x2|width|height)="([^"]*)"', svg)
    assert coordinates and all(re.fullmatch(r"\d+(\.\d+)?%?", value) for value in coordinates)
    assert re.search(r'viewBox="0 0 \d+ \d+"', svg)
