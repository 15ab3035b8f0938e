"""The annual cycle: a year's cycle made from the template and that year's meetings, refused
when a meeting is missing; the pages; the secret calendar feeds (the .ics parses and holds every
deadline; a renewed address answers 404)."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from icalendar import Calendar

from riktning.accounts.models import Organisation, User
from riktning.cycle import services
from riktning.cycle.models import CalendarFeed, Cycle, Meeting, StepTemplate
from riktning.devtools.demo import seed_demo
from riktning.devtools.demo_cycle import YEAR

pytestmark = pytest.mark.django_db
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, seeded once for this module inside a transaction rolled back at its end."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            seed_demo()
            yield Cycle.objects.get(year=YEAR)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def client_for(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def events(body: bytes) -> list:
    return Calendar.from_ical(body).walk("VEVENT")


def test_the_demo_cycle_is_dated_before_the_meetings_it_feeds(demo):
    steps = {step.title: step for step in demo.steps.select_related("meeting__body")}
    mapping = steps["Kartläggningen av aktiviteter klar"]
    # three weeks before the executive board's March meeting (11 March 2026)
    assert mapping.meeting.date == datetime.date(2026, 3, 11)
    assert mapping.due == datetime.date(2026, 2, 18)
    assert demo.is_example and demo.steps.count() == StepTemplate.objects.count()


def test_next_years_cycle_follows_that_years_meetings(demo):
    document = demo.document
    with pytest.raises(ValidationError) as refused:
        services.create_cycle(document, 2027)
    assert "2027" in str(refused.value) and "Kommunstyrelsen" in str(refused.value)
    assert not Cycle.objects.filter(year=2027).exists()
    for meeting in Meeting.objects.filter(date__year=YEAR):
        Meeting.objects.create(body=meeting.body, date=meeting.date.replace(year=2027))
    ks = Organisation.objects.get(name="Kommunstyrelsen")
    Meeting.objects.filter(body=ks, date=datetime.date(2027, 5, 13)).update(
        date=datetime.date(2027, 5, 20)
    )
    cycle = services.create_cycle(document, 2027)
    approve = cycle.steps.get(title="Uppföljningen godkänns")
    assert approve.due == datetime.date(2027, 5, 20)
    with pytest.raises(ValidationError):
        services.create_cycle(document, 2027)


def test_the_coordinator_makes_a_cycle_and_a_bad_one_is_refused_in_words(demo):
    client = client_for("samordnare")
    response = client.post(reverse("web:cycle_list"), {"document": demo.document.pk, "year": 2030})
    assert response.status_code == 400
    assert "2030" in response.content.decode()
    assert not Cycle.objects.filter(year=2030).exists()


def test_the_cycle_page_shows_wheel_table_list_and_links_to_the_work(demo):
    response = Client().get(reverse("web:cycle_detail", args=[demo.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<svg" in page and "<table" in page and "Exempeldata" in page
    # SVG coordinates are written with a decimal point, whatever the language
    wheel = page[page.index("<svg") : page.index("</svg>")]
    assert re.search(r'cx="\d+\.\d"', wheel) and not re.search(r'(?:x|y|cx|cy)="\d+,\d', wheel)
    assert ">2026</text>" in wheel
    assert "Uppföljningen godkänns" in page
    # the follow-up step links to the demo's approved follow-up (Uppföljning 2025)
    assert "/uppfoljningar/" in page


def test_a_persons_feed_holds_every_deadline_and_renewing_retires_the_old_address(demo):
    client = client_for("samordnare")
    response = client.post(reverse("web:cycle_feeds"))
    assert response.status_code == 200
    token = CalendarFeed.objects.get(user__username="samordnare", revoked_at=None)
    url = response.context["new_url"]
    path = url[url.index("/kalender/") :]
    assert token.token_hash == services.hash_token(path[len("/kalender/") : -len(".ics")])
    feed = Client().get(path)
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    found = events(feed.content)
    assert sorted(event.decoded("dtstart") for event in found) == sorted(
        step.due for step in demo.steps.all()
    )
    client.post(reverse("web:cycle_feeds"))
    assert Client().get(path).status_code == 404


def test_an_organisations_feed_holds_the_steps_of_its_bodies(demo):
    social = Organisation.objects.get(name="Socialförvaltningen")
    bildning = Organisation.objects.get(name="Bildningsförvaltningen")
    response = client_for("samordnare").post(
        reverse("web:cycle_organisation_feed", args=[social.pk])
    )
    url = response.context["new_url"]
    found = events(Client().get(url[url.index("/kalender/") :]).content)
    summaries = [str(event["summary"]) for event in found]
    assert any("Socialförvaltningen" in summary for summary in summaries)
    assert not any(bildning.name in summary for summary in summaries)
    # the executive board's steps concern every administration under it
    assert any("Uppföljningen godkänns" in summary for summary in summaries)


def test_an_unknown_token_is_404():
    assert Client().get("/kalender/inte-en-nyckel.ics").status_code == 404


def test_an_editors_feed_holds_their_bodies_steps_only_and_ends_with_their_account(demo):
    response = client_for("social").post(reverse("web:cycle_feeds"))
    url = response.context["new_url"]
    path = url[url.index("/kalender/") :]
    summaries = [str(event["summary"]) for event in events(Client().get(path).content)]
    assert any("Socialförvaltningen" in summary for summary in summaries)
    assert any("Uppföljningen godkänns" in summary for summary in summaries)
    assert not any("Bildningsförvaltningen" in summary for summary in summaries)
    User.objects.filter(username="social").update(is_active=False)
    assert Client().get(path).status_code == 404


def test_the_command_makes_a_cycle_and_says_what_is_missing(demo):
    from io import StringIO

    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError) as refused:
        call_command("cycle", str(demo.document.pk), "2028", "--by", "samordnare")
    assert "2028" in str(refused.value)
    with pytest.raises(CommandError):
        call_command("cycle", str(demo.document.pk), "2028", "--by", "social")
    for meeting in Meeting.objects.filter(date__year=YEAR):
        Meeting.objects.create(body=meeting.body, date=meeting.date.replace(year=2028))
    out = StringIO()
    call_command("cycle", str(demo.document.pk), "2028", "--by", "samordnare", stdout=out)
    assert "2028-05-" in out.getvalue()
    assert Cycle.objects.get(document=demo.document, year=2028).steps.count() == 8
