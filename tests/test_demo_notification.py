"""Issue #17's "done when", in the demo: an editor submits a statement and the coordinator is told
by e-mail, through the task queue's worker, by the demo's console backend (printed on the
worker's terminal), and on the start page."""

import datetime
import email
import email.policy

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from riktning.accounts.models import Organisation, User
from riktning.consultation import access as consultation_access
from riktning.consultation import services as consultation
from riktning.consultation.models import Round
from riktning.devtools.demo import seed_demo
from riktning.notifications.models import Notification
from riktning.ops.worker import run_worker

pytestmark = pytest.mark.django_db(transaction=True)  # the worker commits, as a real one does


def test_an_editors_statement_in_the_demo_is_e_mailed_to_the_coordinator(settings, capsys):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"  # the demo's
    settings.RIKTNING_BASE_URL = "http://127.0.0.1:8000"
    seed_demo()
    # The seed records the example data's past (a statement received in 2023): nobody's news.
    assert not Notification.objects.exists()

    coordinator = User.objects.get(username="samordnare")
    editor = User.objects.get(username="social")
    organisation = Organisation.objects.get(
        pk=min(consultation_access.statement_organisation_ids(editor))
    )
    version = Round.objects.get().version  # the demo's version out for consultation
    round = consultation.open_round(
        version,
        by=coordinator,
        title="Exempeldata: remiss om trygghet",
        cover_letter="Exempeldata.",
        contact_email="hallbar.utveckling@trelleborg.se",
        reply_by=timezone.localdate() + datetime.timedelta(days=30),
        organisations=[organisation],
    )
    client = Client()
    client.force_login(editor)
    start = client.post(reverse("web:statement_start", args=[round.pk, organisation.pk]))
    statement = round.statements.get()
    assert start.status_code == 302
    form = client.get(reverse("web:statement_edit", args=[statement.pk])).context["form"]
    response = client.post(
        reverse("web:statement_edit", args=[statement.pk]),
        {"position": "positive", "revision": form["revision"].value()},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert client.post(reverse("web:statement_submit", args=[statement.pk])).status_code == 302
    assert "Exempeldata: remiss om trygghet" not in capsys.readouterr().out  # not in the request

    run_worker(batch=True, interval=0, heartbeat=False)  # the demo's worker

    printed = capsys.readouterr().out
    mails = [
        email.message_from_bytes(text.strip().encode(), policy=email.policy.default)
        for text in printed.split("-" * 79)
        if text.strip()
    ]
    [mail] = [m for m in mails if m["To"] == "samordnare@example.org"]
    assert mail["Subject"].strip() == (
        "Nytt yttrande i remissen Exempeldata: remiss om trygghet – Riktning, Trelleborgs kommun"
    )
    body = mail.get_body(preferencelist=("plain",)).get_content()
    assert f"Öppna i Riktning: http://127.0.0.1:8000/yttranden/{statement.pk}/" in body
    home = Client()
    home.force_login(coordinator)
    page = home.get(reverse("web:home")).content.decode()
    assert "har lämnat in sitt yttrande över ”Exempeldata: remiss om trygghet”" in page
