"""A statement received on paper or by e-mail, registered afterwards on one page: the body, the
received date, the document received and every comment (with its part, text and proposal),
saved together as a received statement; bad input refused with a Swedish message and nothing
written. And no reminder after the last day of a round sent outside Riktning."""

import datetime

import lxml.html
import pytest
from django.utils import timezone

from riktning.audit.models import Event
from riktning.consultation import services
from riktning.consultation.constants import Position, ReceivedVia, StatementStatus
from riktning.consultation.models import Attachment, Comment, Recipient, Round, Statement
from riktning.consultation.tests.factories import consultation_version
from riktning.consultation.tests.files import PDF, media_files, upload
from riktning.strategy.models import Section

pytestmark = pytest.mark.django_db

SENT_ON = datetime.date(2023, 10, 2)
REPLY_BY = datetime.date(2023, 12, 1)
PART_TEXT = "Alla barn ska ha en trygg uppväxt. Skolan är viktig för alla."


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return settings.MEDIA_ROOT


@pytest.fixture
def paper_round(coordinator, orgs):
    """A round sent on paper in 2023 and recorded afterwards, to Socialnämnden and
    Bildningsnämnden's bodies; its draft has a section with text to quote."""
    version = consultation_version()
    Section.objects.bulk_create(  # the draft is out for consultation (frozen): written raw
        [Section(version=version, heading="Inledning", body=PART_TEXT, order=0)]
    )
    return services.open_round(
        version,
        by=coordinator,
        title="Remiss 2023",
        cover_letter="Skickad på papper.",
        contact_email="hallbar.utveckling@trelleborg.se",
        reply_by=REPLY_BY,
        sent_on=SENT_ON,
        organisations=[orgs["social"], orgs["bildning"]],
    )


def _url(round) -> str:
    return f"/remisser/{round.pk}/registrera-yttrande/"


def _section(round) -> str:
    return f"section:{Section.objects.get(version=round.version).pk}"


def _area(round) -> str:
    return f"area:{round.version.areas.get().pk}"


def _form(client, round) -> dict[str, str]:
    """What the browser sends from the page as it is opened (the revision included)."""
    page = lxml.html.fromstring(client.get(_url(round)).content)
    [form] = [f for f in page.forms if f.xpath('.//input[@name="revision"]')]
    return {key: value for key, value in form.form_values()}


def _statement(orgs, **changes) -> dict[str, str]:
    data = {
        "organisation": str(orgs["bildning"].pk),
        "received_on": "2023-11-28",
        "received_via": ReceivedVia.PAPER,
        "position": Position.POSITIVE_WITH_COMMENTS,
        "decision_body": "Bildningsnämnden",
        "decision_date": "2023-11-27",
        "decision_paragraph": "88",
        "case_number": "BN 2023/120",
        "summary": "Nämnden ställer sig bakom förslaget.",
    }
    data.update(changes)
    return data


def _comments(*rows: dict, total: int | None = None) -> dict[str, str]:
    data = {
        "comments-TOTAL_FORMS": str(total or len(rows)),
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"comments-{index}-{name}": value for name, value in row.items()})
    return data


def _nothing_written(media=None) -> None:
    assert not Statement.objects.exists()
    assert not Comment.objects.exists()
    assert not Attachment.objects.exists()
    assert not Event.objects.filter(verb="statement_received").exists()
    if media is not None:
        assert media_files(media) == []


def test_the_coordinator_registers_a_paper_statement_with_its_comments_on_one_page(
    media, personas, paper_round, orgs, coordinator
):
    client = personas["coordinator"]
    round_page = client.get(f"/remisser/{paper_round.pk}/").content.decode()
    assert _url(paper_round) in round_page
    opened = _form(client, paper_round)
    data = {
        **opened,
        **_statement(orgs),
        **_comments(
            {"anchor": _area(paper_round), "text": "Målen behöver målvärden."},
            {
                "anchor": _section(paper_round),
                "text": "Skriv alla barn och unga.",
                "replace_text": "Alla barn ska ha en trygg uppväxt.",
                "replacement": "Alla barn och unga ska ha en trygg uppväxt.",
            },
            {
                "anchor": "whole",
                "text": "Målvärden saknas för alla indikatorer.",
                "proposal_kind": "",
                "replace_text": "",
                "replacement": "",
            },
            {"anchor": "whole"},  # a row left as it was shown is not saved
        ),
        "file": upload("Protokoll BN § 88.pdf", PDF),
    }

    response = client.post(_url(paper_round), data)

    statement = Statement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/yttranden/{statement.pk}/"
    assert statement.status == StatementStatus.SUBMITTED
    assert statement.received_on == datetime.date(2023, 11, 28)
    assert statement.registered_by == coordinator and statement.late is False
    assert statement.case_number == "BN 2023/120"
    first, second, whole = statement.comments.order_by("order")
    assert whole.anchor is None and whole.text == "Målvärden saknas för alla indikatorer."
    assert (first.area, first.text) == (paper_round.version.areas.get(), "Målen behöver målvärden.")
    assert second.section.heading == "Inledning"
    assert second.replacement == "Alla barn och unga ska ha en trygg uppväxt."
    assert statement.attachments.get().original_name == "Protokoll BN § 88.pdf"
    event = Event.objects.get(verb="statement_received", object_id=str(statement.pk))
    assert event.data["received_on"] == "2023-11-28"
    recipient = Recipient.objects.get(round=paper_round, organisation=orgs["bildning"])
    assert recipient.current_statement() == statement
    detail = client.get(response["Location"]).content.decode()
    assert "Målen behöver målvärden." in detail


def test_a_row_is_added_with_the_keyboard_and_the_entries_are_kept(personas, paper_round, orgs):
    client = personas["coordinator"]
    opened = _form(client, paper_round)
    assert opened["comments-TOTAL_FORMS"] == "3"
    data = {
        **opened,
        **_statement(orgs),
        **_comments({"anchor": _section(paper_round), "text": "Första synpunkten."}, total=3),
        "add": "1",
    }
    response = client.post(_url(paper_round), data)

    assert response.status_code == 200
    page = lxml.html.fromstring(response.content)
    assert page.xpath('//input[@name="comments-TOTAL_FORMS"]/@value') == ["4"]
    [text] = page.xpath('//textarea[@name="comments-0-text"]/text()')
    assert text.strip() == "Första synpunkten."
    # The chosen part's text is shown, and its sentences offered to pick.
    assert "Skolan är viktig för alla." in response.content.decode()
    assert page.xpath(
        '//select[@name="comments-0-pick"]/option[@value="Skolan är viktig för alla."]'
    )
    assert page.xpath('//button[@name="add"]')
    assert not page.xpath('//*[contains(@class, "error-summary")]')
    assert not Statement.objects.exists()


@pytest.mark.parametrize(
    "changes, message",
    [
        (
            {"received_on": "2023-09-30"},
            "Yttrandet kan inte ha kommit in (2023-09-30) innan remissen skickades (2023-10-02).",
        ),
        (
            {"received_on": (timezone.localdate() + datetime.timedelta(days=1)).isoformat()},
            "kan inte ligga i framtiden",
        ),
        ({"position": ""}, '<a href="#id_position">Övergripande ställningstagande: '),
    ],
)
def test_bad_dates_of_the_statement_are_refused_with_nothing_written(
    media, personas, paper_round, orgs, changes, message
):
    client = personas["coordinator"]
    data = {
        **_form(client, paper_round),
        **_statement(orgs, **changes),
        **_comments({"anchor": _area(paper_round), "text": "Bra."}),
        "file": upload("Protokoll.pdf", PDF),
    }
    response = client.post(_url(paper_round), data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert "Inget har sparats" in response.content.decode()
    _nothing_written(media)


def test_a_quote_not_in_the_part_is_refused_on_its_row_with_nothing_written(
    media, personas, paper_round, orgs
):
    client = personas["coordinator"]
    data = {
        **_form(client, paper_round),
        **_statement(orgs),
        **_comments(
            {"anchor": _area(paper_round), "text": "Bra."},
            {
                "anchor": _section(paper_round),
                "text": "Ändra meningen.",
                "replace_text": "Alla vuxna ska ha ett jobb.",
                "replacement": "Alla ska ha ett jobb.",
            },
        ),
        "file": upload("Protokoll.pdf", PDF),
    }
    response = client.post(_url(paper_round), data)

    text = response.content.decode()
    assert response.status_code == 400
    assert "Synpunkt 2" in text
    assert (
        "Synpunkt 2, Textställe i förslaget: Det citerade textstället finns inte i ”Inledning”"
        in text
    )
    # The entries are still in the form, to be corrected.
    assert "Alla vuxna ska ha ett jobb." in text and "Ändra meningen." in text
    _nothing_written(media)


def test_a_stale_revision_is_refused_with_nothing_written(media, personas, paper_round, orgs):
    client = personas["coordinator"]
    opened = _form(client, paper_round)
    # Meanwhile, in another tab, someone registers Bildningsnämnden's statement step by step.
    recipient = Recipient.objects.get(round=paper_round, organisation=orgs["bildning"])
    other = services.start_registered_statement(
        recipient,
        by=None,
        received_on=datetime.date(2023, 11, 20),
        received_via=ReceivedVia.EMAIL,
    )
    data = {
        **opened,
        **_statement(orgs),
        **_comments({"anchor": _area(paper_round), "text": "Skrivet i den andra fliken."}),
        "file": upload("Protokoll.pdf", PDF),
    }
    response = client.post(_url(paper_round), data)

    text = response.content.decode()
    assert response.status_code == 409
    assert "medan du fyllde i formuläret" in text
    assert "Skrivet i den andra fliken." in text
    assert list(Statement.objects.all()) == [other]
    assert not Comment.objects.exists() and not Attachment.objects.exists()
    assert media_files(media) == []


def test_a_form_without_its_revision_is_refused(personas, paper_round, orgs):
    client = personas["coordinator"]
    data = {**_form(client, paper_round), **_statement(orgs)}
    del data["revision"]
    response = client.post(_url(paper_round), data)
    assert response.status_code == 400
    assert "Formuläret skickades utan sin revision" in response.content.decode()
    _nothing_written()


def test_a_body_that_has_answered_is_not_registered_again(personas, paper_round, orgs):
    client = personas["coordinator"]
    data = {**_form(client, paper_round), **_statement(orgs), **_comments()}
    assert client.post(_url(paper_round), data).status_code == 302

    again = client.post(_url(paper_round), {**_form(client, paper_round), **_statement(orgs)})

    assert again.status_code == 400
    assert "har redan svarat (inkom 2023-11-28)" in again.content.decode()
    assert Statement.objects.count() == 1


def test_a_non_recipient_cannot_be_chosen(personas, paper_round, orgs):
    client = personas["coordinator"]
    data = {**_form(client, paper_round), **_statement(orgs, organisation=str(orgs["unit"].pk))}
    response = client.post(_url(paper_round), data)
    assert response.status_code == 400
    assert "Välj ett giltigt alternativ" in response.content.decode()
    _nothing_written()


@pytest.mark.parametrize(
    "who, outcome",
    [("anonymous", 302), ("reader", 403), ("social_editor", 403), ("coordinator", 200)],
)
def test_only_the_coordinator_opens_the_page(personas, paper_round, who, outcome):
    assert personas[who].get(_url(paper_round)).status_code == outcome


# --- no reminder after the last day of a round sent outside Riktning --------------------------


def test_no_reminder_is_offered_after_the_last_day_of_a_round_sent_outside(
    personas, paper_round, mailoutbox
):
    client = personas["coordinator"]
    page = client.get(f"/remisser/{paper_round.pk}/").content.decode()
    assert f"/remisser/{paper_round.pk}/skicka/" not in page
    assert "Skicka en påminnelse" not in page
    assert "ingen påminnelse skickas" in page

    refused = client.post(f"/remisser/{paper_round.pk}/skicka/", follow=True)

    assert "ingen påminnelse skickas" in refused.content.decode()
    assert mailoutbox == []
    assert not Event.objects.filter(verb="round_reminded").exists()


def test_a_round_sent_outside_may_be_reminded_of_before_its_last_day(
    personas, coordinator, orgs, mailoutbox
):
    reply_by = timezone.localdate() + datetime.timedelta(days=10)
    round = services.open_round(
        consultation_version(),
        by=coordinator,
        title="Remiss på papper",
        cover_letter="Skickad på papper.",
        contact_email="hallbar.utveckling@trelleborg.se",
        reply_by=reply_by,
        sent_on=timezone.localdate(),
        organisations=[orgs["social"]],
    )
    page = personas["coordinator"].get(f"/remisser/{round.pk}/").content.decode()
    assert "Skicka en påminnelse" in page


def test_a_round_sent_from_riktning_is_still_reminded_of_after_its_last_day(coordinator, orgs):
    round = Round.objects.get(
        pk=services.open_round(
            consultation_version(),
            by=coordinator,
            title="Remiss",
            cover_letter="Brev.",
            contact_email="hallbar.utveckling@trelleborg.se",
            reply_by=REPLY_BY,
            organisations=[orgs["social"]],
        ).pk
    )
    services.send_round(round, by=coordinator, today=datetime.date(2023, 10, 2))
    assert services.can_remind(round, today=datetime.date(2023, 12, 10))
