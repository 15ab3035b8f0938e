"""The one date rule of the domain (riktning/strategy/dates.py) on every way in, and decimals as
Swedish users write them: a status row dated 9999-12-31 or 0001-01-01, a status date after today,
an activity from year 0 to 99999 and a measure in the year 9999 are refused with a Swedish message
and nothing is saved; hours "10,5" are taken as 10.5.

The objects are the URL table's (tests/test_url_access.py: the demo and a few more)."""

import datetime
import json
from decimal import Decimal

import lxml.html
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from test_url_access import world  # noqa: F401 (the module's fixture)

from riktning.actionplans.models import Measure, MeasureStatusUpdate
from riktning.actionplans.services import status_revision
from riktning.activities.models import Activity
from riktning.strategy import dates

pytestmark = pytest.mark.django_db

# The refused dates and years, counted in docs/security.md.
BAD_STATUS_DATES = ["9999-12-31", "0001-01-01", "tomorrow"]
BAD_ACTIVITY_YEARS = [("start_year", "0"), ("end_year", "99999"), ("start_year", "1900")]
BAD_MEASURE_DATES = [("start_date", "0001-01-01"), ("end_date", "9999-12-31")]


def _day(text: str) -> str:
    if text == "tomorrow":
        return (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    return text


def _rev(w) -> int:
    return status_revision(w.measure)


def _client(w, persona: str) -> Client:
    client = Client()
    client.force_login(w.users[persona])
    return client


def _form_data(html: str) -> dict[str, list[str]]:
    """What a browser sends from the page's edit form."""
    form = next(f for f in lxml.html.fromstring(html).forms if "edit-form" in f.classes)
    data: dict[str, list[str]] = {}
    for key, value in form.form_values():
        data.setdefault(key, []).append(value)
    return data


# --- the rule itself -------------------------------------------------------------------------


def test_the_window_is_the_period_with_ten_years_either_side():
    assert dates.window(2021, 2030) == (2011, 2040)
    assert dates.window(2021, None) == (2011, 2031)
    assert dates.window(None, None) == dates.DEFAULT_WINDOW == (1990, 2100)


def test_a_date_outside_the_window_or_after_today_is_refused():
    today = datetime.date(2026, 6, 1)
    window = (2011, 2040)

    assert dates.date_problem(datetime.date(2025, 5, 1), window, today=today) is None
    assert "9999-12-31" in dates.date_problem(datetime.date(9999, 12, 31), window)
    assert "0001-01-01" in dates.date_problem(datetime.date(1, 1, 1), window)
    assert dates.date_problem(datetime.date(2026, 6, 2), window, today=today)
    assert dates.year_problem(0, window) and dates.year_problem(99999, window)
    assert dates.year_problem(2030, window) is None


# --- status rows: the web form and the API -----------------------------------------------------


@pytest.mark.parametrize("day", BAD_STATUS_DATES)
def test_a_far_or_future_status_date_is_refused_on_the_form(world, day):  # noqa: F811
    url = reverse("web:measure_status", args=[world.measure.pk])
    before = MeasureStatusUpdate.objects.count()

    response = _client(world, "social_editor").post(
        url, {"status": "ongoing", "date": _day(day), "comment": "Försök", "revision": _rev(world)}
    )

    assert response.status_code == 200
    assert "utanför" in response.text or "efter i dag" in response.text
    assert MeasureStatusUpdate.objects.count() == before


@pytest.mark.parametrize("day", BAD_STATUS_DATES)
def test_a_far_or_future_status_date_is_refused_by_the_api(world, day):  # noqa: F811
    url = reverse("api:measure_status", args=[world.measure.pk])
    before = MeasureStatusUpdate.objects.count()
    body = {"status": "ongoing", "date": _day(day), "comment": "Försök", "revision": _rev(world)}

    response = _client(world, "social_editor").post(
        url, json.dumps(body), content_type="application/json"
    )

    assert response.status_code == 422
    assert any(e["field"] == "date" for e in response.json()["errors"])
    assert MeasureStatusUpdate.objects.count() == before


def test_a_status_dated_today_is_recorded(world):  # noqa: F811
    url = reverse("web:measure_status", args=[world.measure.pk])

    response = _client(world, "social_editor").post(
        url,
        {
            "status": "ongoing",
            "date": timezone.localdate().isoformat(),
            "comment": "",
            "revision": _rev(world),
        },
    )

    assert response.status_code == 302


# --- activities and measures ---------------------------------------------------------------------


@pytest.mark.parametrize(("field", "year"), BAD_ACTIVITY_YEARS)
def test_an_implausible_activity_year_is_refused(world, field, year):  # noqa: F811
    url = reverse("web:activity_edit", args=[world.activity.pk])
    client = _client(world, "social_editor")
    data = _form_data(client.get(url).text)
    data[field] = [year]

    response = client.post(url, data)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "utanför" in " ".join(response.context["form"].errors[field])
    assert str(getattr(Activity.objects.get(pk=world.activity.pk), field)) != year


@pytest.mark.parametrize(("field", "day"), BAD_MEASURE_DATES)
def test_an_implausible_measure_date_is_refused(world, field, day):  # noqa: F811
    url = reverse("web:measure_edit", args=[world.measure.pk])
    client = _client(world, "coordinator")
    data = _form_data(client.get(url).text)
    data[field] = [day]

    response = client.post(url, data)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert str(getattr(Measure.objects.get(pk=world.measure.pk), field)) != day


# --- decimals with a comma -----------------------------------------------------------------------


@pytest.mark.parametrize(("hours", "stored"), [("10,5", "10.5"), ("1 234,5", "1234.5")])
def test_the_activity_form_takes_hours_with_a_decimal_comma(world, hours, stored):  # noqa: F811
    url = reverse("web:activity_edit", args=[world.activity.pk])
    client = _client(world, "social_editor")
    data = _form_data(client.get(url).text)
    data["hours"] = [hours]

    response = client.post(url, data)

    assert response.status_code == 302, response.context and response.context["form"].errors
    assert Activity.objects.get(pk=world.activity.pk).hours == Decimal(stored)
    assert 'value="' + stored.replace(".", ",") + '"' in client.get(url).text


@pytest.mark.parametrize("hours", ["1e5", "inf", "1,234.5", "tio"])
def test_hours_that_are_not_a_swedish_number_are_refused(world, hours):  # noqa: F811
    url = reverse("web:activity_edit", args=[world.activity.pk])
    client = _client(world, "social_editor")
    data = _form_data(client.get(url).text)
    data["hours"] = [hours]

    response = client.post(url, data)

    assert response.status_code == 200
    assert "hours" in response.context["form"].errors


def test_the_measure_form_takes_money_and_hours_with_a_decimal_comma(world):  # noqa: F811
    url = reverse("web:measure_edit", args=[world.measure.pk])
    client = _client(world, "coordinator")
    data = _form_data(client.get(url).text)
    data["hours"] = ["7,5"]
    data["cost_sek"] = ["12 000"]

    response = client.post(url, data)

    assert response.status_code == 302, response.context and response.context["form"].errors
    measure = Measure.objects.get(pk=world.measure.pk)
    assert (measure.hours, measure.cost_sek) == (Decimal("7.5"), Decimal("12000"))
