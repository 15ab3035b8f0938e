"""A round sent outside Riktning (on paper, by e-mail, or an earlier round recorded afterwards):
the day it was sent is recorded, its last day may be in the past, and nothing is e-mailed; a sent
date after the last day, or in the future, is refused with nothing written."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from riktning.audit.models import Event
from riktning.consultation import services
from riktning.consultation.constants import RecipientStatus
from riktning.consultation.models import Round

from .factories import consultation_version

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 6)


def _open(coordinator, orgs, **dates):
    return services.open_round(
        consultation_version(),
        by=coordinator,
        title="Remiss 2023",
        cover_letter="Skickad på papper.",
        contact_email="hallbar.utveckling@trelleborg.se",
        organisations=[orgs["social"]],
        today=TODAY,
        **dates,
    )


def test_a_round_sent_on_paper_records_its_sent_date_with_a_past_last_day(
    coordinator, orgs, mailoutbox
):
    round = _open(
        coordinator,
        orgs,
        sent_on=datetime.date(2023, 10, 2),
        reply_by=datetime.date(2023, 12, 1),
    )
    assert round.sent_on == datetime.date(2023, 10, 2)
    assert mailoutbox == []
    assert Event.objects.filter(verb="round_sent", object_id=str(round.pk)).exists()
    recipient = round.recipients.get()
    assert recipient.status(today=datetime.date(2023, 11, 1)) == RecipientStatus.SENT


@pytest.mark.parametrize(
    "sent_on, message",
    [
        (datetime.date(2023, 12, 2), "Remissen kan inte ha skickats (2023-12-02) efter"),
        (TODAY + datetime.timedelta(days=1), "kan inte ligga i framtiden"),
    ],
)
def test_a_sent_date_after_the_last_day_or_in_the_future_is_refused(
    coordinator, orgs, sent_on, message
):
    with pytest.raises(ValidationError) as refused:
        _open(coordinator, orgs, sent_on=sent_on, reply_by=datetime.date(2023, 12, 1))
    [text] = refused.value.message_dict["sent_on"]
    assert message in text
    assert not Round.objects.exists()


def test_the_coordinator_records_a_paper_round_on_the_form(personas, orgs):
    version = consultation_version()
    form = {
        "title": "Remiss 2023",
        "reply_by": "2023-12-01",
        "contact_email": "hallbar.utveckling@trelleborg.se",
        "cover_letter": "Skickad på papper.",
        "organisations": [orgs["social"].pk],
    }
    url = f"/versioner/{version.pk}/remiss/ny/"
    refused = personas["coordinator"].post(url, {**form, "sent_on": "2023-12-05"})
    assert refused.status_code == 200
    assert "Remissen kan inte ha skickats (2023-12-05) efter sista svarsdagen" in refused.text
    assert not Round.objects.exists()

    response = personas["coordinator"].post(url, {**form, "sent_on": "2023-10-02"})
    assert response.status_code == 302
    round = Round.objects.get(version=version)
    assert round.sent_on == datetime.date(2023, 10, 2)
    page = personas["coordinator"].get(f"/remisser/{round.pk}/")
    assert "2023-10-02" in page.text


def test_the_sent_date_of_an_opened_round_is_recorded_afterwards_once(personas, coordinator, orgs):
    round = _open(coordinator, orgs, reply_by=datetime.date(2023, 12, 1))
    url = f"/remisser/{round.pk}/skickad-utanfor/"
    assert "/skickad-utanfor/" in personas["coordinator"].get(f"/remisser/{round.pk}/").text

    refused = personas["coordinator"].post(url, {"sent_on": "2023-12-02"})
    assert refused.status_code == 200
    assert "efter sista svarsdagen (2023-12-01)" in refused.text
    round.refresh_from_db()
    assert round.sent_on is None

    assert personas["coordinator"].post(url, {"sent_on": "2023-10-02"}).status_code == 302
    round.refresh_from_db()
    assert round.sent_on == datetime.date(2023, 10, 2)

    again = personas["coordinator"].post(url, {"sent_on": "2023-10-03"})
    assert "Remissen skickades redan 2023-10-02" in again.text
    round.refresh_from_db()
    assert round.sent_on == datetime.date(2023, 10, 2)
