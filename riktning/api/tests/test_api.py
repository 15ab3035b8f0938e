"""The REST API: what each persona may read and write, the Swedish errors, CSRF on writes, and
that a refused or invalid write changes nothing."""

import pytest
from django.test import Client
from django.utils import timezone

from riktning.accounts.tests.personas import gets
from riktning.actionplans.models import MeasureStatusUpdate
from riktning.actionplans.services import status_revision
from riktning.indicators.models import Observation
from riktning.strategy.models import Version
from riktning.web.tests.plans_support import plans_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(orgs):
    return plans_world(orgs)


READS = [
    ("/api/v1/versions", None, gets(200, 200, 200, 200, 200)),
    ("/api/v1/versions/{}", "version", gets(200, 200, 200, 200, 200)),
    ("/api/v1/versions/{}", "draft_version", gets(401, 200, 200, 200, 200)),
    ("/api/v1/versions/999999", None, gets(404, 404, 404, 404, 404)),
    ("/api/v1/indicators", None, gets(200, 200, 200, 200, 200)),
    ("/api/v1/activities", None, gets(200, 200, 200, 200, 200)),
    ("/api/v1/action-plans", None, gets(200, 200, 200, 200, 200)),
    ("/api/v1/action-plans/{}", "draft", gets(401, 200, 200, 200, 200)),
    ("/api/v1/action-plans/{}", "adopted", gets(200, 200, 200, 200, 200)),
    ("/api/v1/openapi.json", None, gets(200, 200, 200, 200, 200)),
]


@pytest.mark.parametrize(("url", "key", "expected"), READS)
def test_who_may_read_what(world, personas, url, key, expected):
    if key == "draft_version":
        world[key] = Version.objects.create(
            document=world["version"].document, number=99, title="Utkast"
        )
    target = url.format(world[key].pk) if key else url
    for persona, status in expected.items():
        response = personas[persona].get(target)
        assert response.status_code == status, (persona, target, response.content[:200])
        assert response["Content-Type"].startswith("application/json")


def test_the_public_sees_only_adopted_plans_and_activities_of_closed_rounds(world, personas):
    plans = personas["anonymous"].get("/api/v1/action-plans").json()
    assert [p["id"] for p in plans] == [world["adopted"].pk]
    member_plans = personas["reader"].get("/api/v1/action-plans").json()
    assert {p["id"] for p in member_plans} == {world["adopted"].pk, world["draft"].pk}

    names = {a["name"] for a in personas["anonymous"].get("/api/v1/activities").json()}
    assert names == {"Läxhjälp"}
    names = {a["name"] for a in personas["reader"].get("/api/v1/activities").json()}
    assert names == {"Läxhjälp", "Föräldragrupper", "Föräldramöten"}


def test_activity_filters_and_numbers(world, personas):
    rows = (
        personas["reader"]
        .get("/api/v1/activities", {"organiser": world["social_activity"].organiser_id})
        .json()
    )
    assert [r["name"] for r in rows] == ["Föräldragrupper"]
    assert rows[0]["hours"] == "240.5"  # decimals as strings in JSON: no float rounding
    assert rows[0]["goal_ids"] == [world["goal"].pk]
    # a filter value that is not a number is refused, in Swedish, not run as SQL
    response = personas["reader"].get("/api/v1/activities", {"organiser": "1 OR 1=1"})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "organiser", "message": "Måste vara ett heltal."}
    ]


def test_a_plan_lists_its_measures_with_late_flags_and_totals(world, personas):
    plan = personas["reader"].get(f"/api/v1/action-plans/{world['draft'].pk}").json()
    by_title = {m["title"]: m for m in plan["measures"]}
    late = by_title["Föräldragrupper i alla kommundelar"]
    assert late["late"] is True and late["shown_status"] == "late"
    assert by_title["Läsfrämjande plan"]["late"] is False
    assert float(plan["total_hours"]) == 400
    assert float(plan["total_cost_sek"]) == 180000


def _status_count(measure) -> int:
    return MeasureStatusUpdate.objects.filter(measure=measure).count()


@pytest.mark.parametrize(
    ("measure_key", "expected"),
    [
        ("social_measure", gets(401, 403, 201, 403, 201)),
        ("bildning_measure", gets(401, 403, 403, 201, 201)),
    ],
)
def test_only_the_responsible_organisation_records_a_measure_status(
    world, personas, measure_key, expected
):
    measure = world[measure_key]
    for persona, status in expected.items():
        before = _status_count(measure)
        response = personas[persona].post(
            f"/api/v1/measures/{measure.pk}/status",
            {
                "status": "ongoing",
                "date": "2025-03-01",
                "comment": f"från {persona}",
                "revision": status_revision(measure),
            },
            content_type="application/json",
        )
        assert response.status_code == status, (persona, response.content)
        assert _status_count(measure) == before + (1 if status == 201 else 0)
        if status == 403:
            assert response.json() == {"detail": "Du har inte behörighet att göra detta."}
        if status == 401:
            assert response.json() == {"detail": "Logga in för att se detta."}
    measure.refresh_from_db()
    assert measure.status == "ongoing"


def test_a_bad_status_is_refused_in_swedish_and_nothing_is_written(world, personas):
    measure = world["social_measure"]
    client = personas["social_editor"]
    response = client.post(
        f"/api/v1/measures/{measure.pk}/status",
        {"status": "finished-ish", "revision": 0},
        content_type="application/json",
    )
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Uppgifterna sparades inte."
    assert [e["field"] for e in body["errors"]] == ["status"]
    assert "finished-ish" in body["errors"][0]["message"]  # Django names the refused value
    response = client.post(
        f"/api/v1/measures/{measure.pk}/status",
        {"status": "done", "date": "den trettonde", "revision": 0},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"][0] == {
        "field": "date",
        "message": "Måste vara ett datum skrivet ÅÅÅÅ-MM-DD.",
    }
    response = client.post(
        f"/api/v1/measures/{measure.pk}/status", "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Anropets innehåll är inte giltig JSON. Ingenting sparades."
    }
    assert _status_count(measure) == 0


def test_writing_needs_the_csrf_token(world, social_editor):
    measure = world["social_measure"]
    client = Client(enforce_csrf_checks=True)
    client.force_login(social_editor)
    url = f"/api/v1/measures/{measure.pk}/status"
    refused = client.post(url, {"status": "done"}, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json() == {
        "detail": "Säkerhetstoken (CSRF) saknas eller är fel. Skicka värdet av kakan csrftoken "
        "i rubriken X-CSRFToken. Ingenting sparades."
    }
    assert _status_count(measure) == 0

    client.get("/")  # any page sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    accepted = client.post(
        url,
        {"status": "done", "revision": 0},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert accepted.status_code == 201, accepted.content
    assert accepted.json()["date"] == timezone.localdate().isoformat()
    assert _status_count(measure) == 1


def test_observations_say_which_values_are_example_data(world, personas):
    from riktning.indicators.models import ImportBatch, Indicator

    indicator = Indicator.objects.order_by("pk").first()
    if indicator is None:
        pytest.skip("the world has no indicator")
    batch = ImportBatch.objects.create(source="manual", is_example=True, status="done")
    for year, value in [(2020, 10.5), (2021, 11.0), (2022, None)]:
        Observation.objects.create(
            indicator=indicator,
            area_code="1287",
            period=year,
            gender="T",
            value=value,
            batch=batch,
        )
    rows = (
        personas["anonymous"]
        .get(f"/api/v1/indicators/{indicator.pk}/observations", {"area": "1287", "year_from": 2021})
        .json()
    )
    assert [(r["period"], r["value"], r["is_example"]) for r in rows] == [
        (2021, 11.0, True),
        (2022, None, True),
    ]


def test_the_openapi_schema_names_every_endpoint(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert set(paths) >= {
        "/api/v1/versions",
        "/api/v1/versions/{version_id}",
        "/api/v1/indicators",
        "/api/v1/indicators/{indicator_id}",
        "/api/v1/indicators/{indicator_id}/observations",
        "/api/v1/activities",
        "/api/v1/action-plans",
        "/api/v1/action-plans/{plan_id}",
        "/api/v1/measures/{measure_id}/status",
    }


def test_text_with_a_nul_character_is_refused_as_the_form_refuses_it(world, personas):
    """Issue 11, item 7: the web form refused a NUL byte, the API stored it (and PostgreSQL
    answered 500)."""
    measure = world["social_measure"]
    response = personas["social_editor"].post(
        f"/api/v1/measures/{measure.pk}/status",
        {"status": "ongoing", "date": "2025-03-01", "comment": "klart\x00", "revision": 0},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["comment"]
    assert _status_count(measure) == 0
    response = personas["anonymous"].get("/api/v1/indicators/1/observations", {"area": "12\x0087"})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["area"]


def test_an_anonymous_write_is_401_whatever_its_csrf_token(world):
    """docs/api.md: 401 when not logged in, 403 when not allowed. django-ninja checked the token
    before the login and answered an anonymous write 403 "CSRF check Failed"."""
    measure = world["social_measure"]
    response = Client(enforce_csrf_checks=True).post(
        f"/api/v1/measures/{measure.pk}/status", {"status": "done"}, content_type="application/json"
    )

    assert response.status_code == 401
    assert response.json() == {"detail": "Logga in för att se detta."}
    assert _status_count(measure) == 0


TOO_BIG = "99999999999999999999"  # beyond a 64-bit integer: once a 500 from SQLite


@pytest.mark.parametrize(
    ("url", "parameter", "message"),
    [
        (f"/api/v1/activities?organiser={TOO_BIG}", "organiser", "Måste vara högst "),
        (f"/api/v1/activities?goal={TOO_BIG}", "goal", "Måste vara högst "),
        (f"/api/v1/activities?mapping_round={TOO_BIG}", "mapping_round", "Måste vara högst "),
        ("/api/v1/activities?goal=0", "goal", "Måste vara minst 1."),
        (f"/api/v1/versions/{TOO_BIG}", "version_id", "Måste vara högst "),
        ("/api/v1/versions/abc", "version_id", "Måste vara ett heltal."),
        (f"/api/v1/indicators/{TOO_BIG}", "indicator_id", "Måste vara högst "),
        ("/api/v1/indicators/1.5/observations", "indicator_id", "Måste vara ett heltal."),
        ("/api/v1/indicators/1/observations?year_from=" + TOO_BIG, "year_from", "Måste vara "),
        ("/api/v1/indicators/1/observations?year_to=-1", "year_to", "Måste vara minst 1."),
        ("/api/v1/indicators/1/observations?gender=X", "gender", "Måste vara en av "),
        ("/api/v1/indicators/1/observations?area=%00", "area", "Måste vara en områdeskod"),
        (f"/api/v1/action-plans/{TOO_BIG}", "plan_id", "Måste vara högst "),
    ],
)
def test_a_bad_parameter_on_a_read_is_a_swedish_422_naming_it(
    world, personas, url, parameter, message
):
    for persona in ("anonymous", "coordinator"):
        response = personas[persona].get(url)

        assert response.status_code == 422, (persona, response.content[:300])
        body = response.json()
        assert [e["field"] for e in body["errors"]] == [parameter]
        assert body["errors"][0]["message"].startswith(message)
        # a read saves nothing, so it does not say so: it says what was wrong with what
        assert body["detail"].startswith("Fel i anropets parametrar: " + parameter + ": ")
        assert "sparades" not in body["detail"]


def test_an_address_or_method_the_api_does_not_have_is_answered_in_json(world, personas):
    unknown = personas["reader"].get("/api/v1/versioner")
    assert unknown.status_code == 404
    assert unknown.json() == {"detail": "Finns inte."}

    measure = world["social_measure"]
    wrong_method = personas["social_editor"].get(f"/api/v1/measures/{measure.pk}/status")
    assert wrong_method.status_code == 405
    assert wrong_method["Allow"] == "POST"
    assert wrong_method.json() == {"detail": "Den här adressen tar inte emot GET, bara POST."}


def test_a_body_over_the_limit_is_a_json_413(world, personas, settings):
    settings.RIKTNING_MAX_REQUEST_BYTES = 1_000
    measure = world["social_measure"]
    response = personas["social_editor"].post(
        f"/api/v1/measures/{measure.pk}/status",
        {"status": "ongoing", "comment": "x" * 5_000},
        content_type="application/json",
    )

    assert response.status_code == 413
    assert response.json() == {
        "detail": "Det du skickade är större än Riktning tar emot (högst 1 kB). Inget har sparats."
    }
    assert _status_count(measure) == 0


def test_a_status_report_needs_the_revision_it_was_written_on(world, personas):
    """Issue 11, item 5: a write without its revision, or on an older one, is refused (422 and
    409, in Swedish) and nothing is written; the report on the current revision is taken."""
    measure = world["social_measure"]
    client = personas["social_editor"]
    url = f"/api/v1/measures/{measure.pk}/status"

    missing = client.post(url, {"status": "ongoing"}, content_type="application/json")
    first = client.post(
        url,
        {"status": "ongoing", "comment": "Först", "revision": 0},
        content_type="application/json",
    )
    stale = client.post(
        url, {"status": "done", "comment": "Sedan", "revision": 0}, content_type="application/json"
    )

    assert missing.status_code == 422
    assert missing.json()["errors"] == [{"field": "revision", "message": "Saknas."}]
    assert first.status_code == 201
    assert stale.status_code == 409
    assert "Först" in stale.json()["detail"] and "sparats" in stale.json()["detail"]
    assert _status_count(measure) == 1
    revision = client.get(f"/api/v1/action-plans/{measure.plan_id}").json()["measures"]
    assert {m["id"]: m["status_revision"] for m in revision}[measure.pk] == first.json()["id"]
