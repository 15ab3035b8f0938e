"""The coordinator edits a document's template of steps on a page (not in Django's admin): each
step's title, kind, responsible body, date rule and link; bad input refused in Swedish with
nothing written; a stale form refused; and next year's cycle made from the edited template."""

import datetime

import lxml.html
import pytest
from django.urls import reverse

from riktning.accounts.models import Organisation
from riktning.accounts.tests.factories import OrganisationFactory
from riktning.consultation.tests.factories import consultation_version
from riktning.cycle import services
from riktning.cycle.models import Meeting, StepKind, StepLink, StepTemplate

pytestmark = pytest.mark.django_db
YEAR = 2027


@pytest.fixture
def document(orgs):
    return consultation_version().document


@pytest.fixture
def ks(orgs):
    return OrganisationFactory(name="Kommunstyrelsen")


@pytest.fixture
def template(document, ks, orgs):
    return [
        StepTemplate.objects.create(
            document=document,
            order=1,
            title="Kartläggningen klar",
            kind=StepKind.MAPPING,
            responsible=orgs["social"],
            meeting_body=ks,
            meeting_month=3,
            days_before=21,
        ),
        StepTemplate.objects.create(
            document=document,
            order=2,
            title="Uppföljningen godkänns",
            kind=StepKind.FOLLOWUP,
            responsible=ks,
            meeting_body=ks,
            meeting_month=5,
            days_before=0,
        ),
    ]


def _url(document) -> str:
    return reverse("web:cycle_template_edit", args=[document.pk])


def _opened(client, document) -> dict[str, str]:
    """What the browser sends from the page as it is opened."""
    page = lxml.html.fromstring(client.get(_url(document)).content)
    [form] = [f for f in page.forms if f.xpath('.//input[@name="revision"]')]
    return {key: value for key, value in form.form_values()}


def _titles(document) -> list[str]:
    return list(
        StepTemplate.objects.filter(document=document)
        .order_by("order", "id")
        .values_list("title", flat=True)
    )


def test_the_coordinator_edits_adds_and_removes_steps_and_next_year_follows(
    personas, document, template, ks, orgs
):
    client = personas["coordinator"]
    assert _url(document) in client.get(reverse("web:cycle_list")).content.decode()
    data = _opened(client, document)
    # The first step: a week later, and linking to nothing.
    data["steps-0-days_before"] = "14"
    data["steps-0-link"] = StepLink.NONE
    # The second step is taken out; a new one is written in the empty row.
    data["steps-1-DELETE"] = "on"
    data.update(
        {
            "steps-2-title": "Remissvar senast",
            "steps-2-kind": StepKind.CONSULTATION,
            "steps-2-responsible": str(orgs["bildning"].pk),
            "steps-2-meeting_body": str(ks.pk),
            "steps-2-meeting_month": "9",
            "steps-2-days_before": "30",
            "steps-2-link": "",
        }
    )
    response = client.post(_url(document), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert _titles(document) == ["Kartläggningen klar", "Remissvar senast"]
    first = StepTemplate.objects.get(title="Kartläggningen klar")
    assert (first.days_before, first.link) == (14, StepLink.NONE)
    assert first.history.count() == 2  # who changed what is kept

    Meeting.objects.create(body=ks, date=datetime.date(YEAR, 3, 10))
    Meeting.objects.create(body=ks, date=datetime.date(YEAR, 9, 15))
    cycle = services.create_cycle(document, YEAR)
    steps = {step.title: step for step in cycle.steps.all()}
    assert steps.keys() == {"Kartläggningen klar", "Remissvar senast"}
    assert steps["Kartläggningen klar"].due == datetime.date(YEAR, 2, 24)
    assert steps["Remissvar senast"].due == datetime.date(YEAR, 8, 16)
    assert steps["Remissvar senast"].responsible == orgs["bildning"]
    assert services.step_work(steps["Kartläggningen klar"]) is None  # "no link"


@pytest.mark.parametrize(
    "field, value, message",
    [
        (
            "steps-0-days_before",
            "400",
            "Kontrollera att detta värde är mindre än eller lika med 365.",
        ),
        ("steps-0-days_before", "-1", "Kontrollera att detta värde är större än eller lika med 0."),
        ("steps-0-meeting_month", "13", "Välj ett giltigt alternativ."),
        ("steps-0-title", "", "Detta fält måste fyllas i."),
        ("steps-0-meeting_body", str(10**6), "Välj ett giltigt alternativ."),
    ],
)
def test_bad_input_is_refused_in_swedish_with_nothing_written(
    personas, document, template, field, value, message
):
    client = personas["coordinator"]
    data = {**_opened(client, document), "steps-1-title": "Ändrat men inte sparat", field: value}
    response = client.post(_url(document), data)

    text = response.content.decode()
    assert response.status_code == 400
    assert "Inget har sparats" in text and "Steg 1" in text
    assert message in text
    assert _titles(document) == ["Kartläggningen klar", "Uppföljningen godkänns"]


def test_a_stale_form_is_refused_and_shows_what_was_saved(personas, document, template):
    first, second = personas["coordinator"], personas["coordinator"]
    one, two = _opened(first, document), _opened(second, document)
    one["steps-0-title"] = "Sparat först"
    assert first.post(_url(document), one).status_code == 302
    two["steps-0-title"] = "Skrivet sedan"

    refused = second.post(_url(document), two)

    text = refused.content.decode()
    assert refused.status_code == 409
    assert "Sparat först" in text and "Skrivet sedan" in text
    assert _titles(document)[0] == "Sparat först"
    # Saved again, knowing it, the second person's entries are taken.
    again = lxml.html.fromstring(refused.content)
    [form] = [f for f in again.forms if f.xpath('.//input[@name="revision"]')]
    assert second.post(_url(document), dict(form.form_values())).status_code == 302
    assert _titles(document)[0] == "Skrivet sedan"


@pytest.mark.parametrize(
    "who, outcome",
    [("anonymous", 302), ("reader", 403), ("social_editor", 403), ("coordinator", 200)],
)
def test_only_the_coordinator_edits_the_template(personas, document, template, who, outcome):
    assert personas[who].get(_url(document)).status_code == outcome


def test_a_document_without_a_template_gets_its_first_step(personas, document, ks):
    client = personas["coordinator"]
    data = _opened(client, document)
    data.update(
        {
            "steps-0-title": "Handlingsplanen antas",
            "steps-0-kind": StepKind.ACTION_PLAN,
            "steps-0-responsible": str(ks.pk),
            "steps-0-meeting_body": str(Organisation.objects.get(pk=ks.pk).pk),
            "steps-0-meeting_month": "11",
            "steps-0-days_before": "0",
        }
    )
    assert client.post(_url(document), data).status_code == 302
    assert _titles(document) == ["Handlingsplanen antas"]
