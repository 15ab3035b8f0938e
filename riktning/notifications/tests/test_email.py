"""Notifications by e-mail against a real SMTP server on loopback (aiosmtpd):

- an editor submits a statement: the request only writes rows and a job (no connection to the
  mail server while it runs); the worker's job delivers the coordinator's e-mail, in Swedish,
  plain text and HTML, with the municipality's name and an absolute link, and no personal data
  in the subject;
- a server that refuses (550) or does not answer: the job is tried again after growing delays,
  then the notification is failed and the coordinator sees it on "Bakgrundsarbete";
- a person's choices: off sends nothing (the start page still shows it), the daily digest sends
  one e-mail with several items, once a day."""

import datetime
import time

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from riktning.consultation import services as consultation
from riktning.consultation.constants import Position
from riktning.consultation.models import Recipient
from riktning.consultation.tests.factories import make_round
from riktning.notifications.constants import Kind, MailStatus, Mode
from riktning.notifications.daily import run_daily
from riktning.notifications.models import Digest, Notification
from riktning.ops.worker import run_worker

from .smtp_server import SmtpServer

# The worker commits, as a real one does.
pytestmark = pytest.mark.django_db(transaction=True)

BASE_URL = "https://riktning.trelleborg.se"
DELIVER = "riktning.notifications.tasks.deliver"


@pytest.fixture
def mail_settings(settings):
    def point_at(server, *, timeout: float = 5):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = server.port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = ""
        settings.EMAIL_TIMEOUT = timeout
        settings.RIKTNING_EMAIL_RETRY_DELAYS = [0.2, 0.4]
        settings.RIKTNING_BASE_URL = BASE_URL
        settings.RIKTNING_MUNICIPALITY_NAME = ""

    return point_at


@pytest.fixture
def people(coordinator, social_editor, bildning_editor):
    coordinator.first_name, coordinator.last_name = "Sara", "Samordnare"
    coordinator.email = "sara.samordnare@trelleborg.se"
    coordinator.save()
    for editor in (social_editor, bildning_editor):
        editor.first_name, editor.last_name = "Erik", "Redaktör"
        editor.email = f"{editor.username}@trelleborg.se"
        editor.save()
    return coordinator


@pytest.fixture
def round(people, orgs):
    reply_by = timezone.localdate() + datetime.timedelta(days=30)
    return make_round(people, [orgs["social"], orgs["bildning"]], reply_by=reply_by)


def draft_of(round, organisation, editor):
    recipient = Recipient.objects.get(round=round, organisation=organisation)
    statement = consultation.start_statement(recipient, by=editor)
    consultation.save_statement(statement, position=Position.POSITIVE_WITH_COMMENTS)
    return statement


def drain(seconds: float = 30) -> None:
    """Run the worker until no job waits, also the retries that wait for their back-off."""
    deadline = time.monotonic() + seconds
    while DBTaskResult.objects.filter(status="READY").exists():
        assert time.monotonic() < deadline, "jobs still waiting"
        run_worker(batch=True, interval=0, heartbeat=False)  # in-memory SQLite: one thread
        time.sleep(0.05)


def submit_as_editor(personas, statement):
    response = personas["social_editor"].post(reverse("web:statement_submit", args=[statement.pk]))
    assert response.status_code == 302


def test_a_submitted_statement_reaches_the_coordinator_by_e_mail_through_the_worker(
    personas, round, orgs, social_editor, mail_settings
):
    statement = draft_of(round, orgs["social"], social_editor)
    with SmtpServer() as server:
        mail_settings(server)
        submit_as_editor(personas, statement)

        # The request wrote the notification and a job; it never talked to the mail server.
        assert server.connections == 0
        notification = Notification.objects.get(kind=Kind.STATEMENT_RECEIVED)
        assert notification.user.username == "samordnare"
        assert notification.mail_status == MailStatus.QUEUED
        assert DBTaskResult.objects.filter(task_path=DELIVER, status="READY").count() == 1

        drain()

    assert len(server.messages) == 1
    message = server.messages[0]
    assert message["To"] == "sara.samordnare@trelleborg.se"
    subject = message["Subject"].strip()  # a long header is folded onto its own line
    assert subject == (
        "Nytt yttrande i remissen Remiss: strategi för social hållbarhet – Riktning, "
        "Trelleborgs kommun"
    )
    for personal in ("Sara", "Samordnare", "Erik", "Redaktör", "redaktor", "@"):
        assert personal not in subject
    link = f"{BASE_URL}/yttranden/{statement.pk}/"
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "Socialförvaltningen har lämnat in sitt yttrande" in text
    assert "Remiss: strategi för social hållbarhet" in text
    assert f"Öppna i Riktning: {link}" in text
    assert "Trelleborgs kommun" in text
    html = message.get_body(preferencelist=("html",)).get_content()
    assert f'<a href="{link}"' in html
    assert 'lang="sv"' in html
    notification.refresh_from_db()
    assert notification.mail_status == MailStatus.SENT
    assert notification.attempts == 1

    # The coordinator's start page lists it too.
    page = personas["coordinator"].get(reverse("web:home")).content.decode()
    assert "Mina aviseringar" in page
    assert "Socialförvaltningen har lämnat in sitt yttrande" in page


@pytest.mark.parametrize(
    ("server_options", "timeout", "reason"),
    [
        (
            {"refuse": True},
            5,
            "E-postservern vägrade ta emot mottagaren: 550 5.1.1 Mottagaren finns inte",
        ),
        ({"delay": 3}, 0.5, "E-postservern svarade inte inom 0,5 sekunder."),
    ],
    ids=["refused", "timed-out"],
)
def test_a_refusing_or_silent_server_is_retried_with_back_off_then_shown_to_the_coordinator(
    personas, round, orgs, social_editor, mail_settings, server_options, timeout, reason
):
    statement = draft_of(round, orgs["social"], social_editor)
    with SmtpServer(**server_options) as server:
        mail_settings(server, timeout=timeout)
        submit_as_editor(personas, statement)
        assert server.connections == 0  # the request does not wait for the mail server
        drain()
        tries = server.connections

    assert server.messages == []
    assert tries == 3  # the first try and the two retries of RIKTNING_EMAIL_RETRY_DELAYS
    notification = Notification.objects.get(kind=Kind.STATEMENT_RECEIVED)
    assert notification.mail_status == MailStatus.FAILED
    assert notification.attempts == 3
    assert notification.error == reason

    jobs = list(DBTaskResult.objects.filter(task_path=DELIVER).order_by("enqueued_at"))
    assert [job.status for job in jobs] == ["SUCCESSFUL", "SUCCESSFUL", "FAILED"]
    # Each retry waits longer than the one before (the delays of the setting), counted from the
    # try that failed.
    waits = [
        (job.run_after - before.started_at).total_seconds()
        for before, job in zip(jobs, jobs[1:], strict=False)
    ]
    assert waits[0] >= 0.2 and waits[1] >= 0.4

    page = personas["coordinator"].get(reverse("web:background_jobs")).content.decode()
    assert "E-post som inte kunde skickas" in page
    assert reason in page
    assert "sara.samordnare@trelleborg.se" in page
    assert "Misslyckades" in page

    # The start page still has it.
    home = personas["coordinator"].get(reverse("web:home")).content.decode()
    assert "Socialförvaltningen har lämnat in sitt yttrande" in home


def _choose(personas, person: str, modes: dict[str, str]):
    client = personas[person]
    page = client.get(reverse("notification_settings"))
    revision = page.context["form"]["revision"].value()
    data = {kind: Mode.IMMEDIATE for kind in Kind.values} | modes | {"revision": revision}
    response = client.post(reverse("notification_settings"), data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_a_kind_switched_off_sends_nothing_but_the_start_page_shows_it(
    personas, round, orgs, social_editor, mail_settings
):
    _choose(personas, "coordinator", {Kind.STATEMENT_RECEIVED: Mode.OFF})
    statement = draft_of(round, orgs["social"], social_editor)
    with SmtpServer() as server:
        mail_settings(server)
        submit_as_editor(personas, statement)
        drain()
        run_daily()
        drain()

    assert server.messages == []
    assert server.connections == 0
    notification = Notification.objects.get(kind=Kind.STATEMENT_RECEIVED)
    assert notification.mail_status == MailStatus.NOT_SENT
    home = personas["coordinator"].get(reverse("web:home")).content.decode()
    assert "Socialförvaltningen har lämnat in sitt yttrande" in home


def test_the_daily_digest_is_one_e_mail_with_every_item_once_a_day(
    personas, round, orgs, social_editor, bildning_editor, mail_settings
):
    _choose(personas, "coordinator", {Kind.STATEMENT_RECEIVED: Mode.DIGEST})
    first = draft_of(round, orgs["social"], social_editor)
    second = draft_of(round, orgs["bildning"], bildning_editor)
    with SmtpServer() as server:
        mail_settings(server)
        submit_as_editor(personas, first)
        consultation.submit_statement(second, by=bildning_editor)
        drain()
        assert server.messages == []  # nothing at once

        run_daily()
        drain()
        run_daily()  # the same day again (a second worker, a restart): no second digest
        drain()

    assert len(server.messages) == 1
    message = server.messages[0]
    assert "Dagens aviseringar (2)" in message["Subject"]
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "Socialförvaltningen har lämnat in sitt yttrande" in text
    assert "Bildningsförvaltningen har lämnat in sitt yttrande" in text
    assert text.count(f"{BASE_URL}/yttranden/") == 2
    assert Digest.objects.get().mail_status == MailStatus.SENT
    assert set(Notification.objects.values_list("mail_status", flat=True)) == {MailStatus.SENT}
