"""Consultation pages, every view × every persona: who may see, write, submit and decide.

Recipients are the personas' organisations (Socialförvaltningen, Bildningsförvaltningen)."""

import datetime
import io

import pytest
from django.utils import timezone, translation

from riktning.audit.models import Event
from riktning.consultation import services
from riktning.consultation.constants import Decision, Position, StatementStatus
from riktning.consultation.models import Comment, Recipient, Round, Statement
from riktning.consultation.tests.factories import consultation_version, make_round
from riktning.strategy.constants import VersionStatus
from riktning.strategy.models import Version
from riktning.strategy.tests.factories import AreaFactory
from riktning.web.revisions import current_revision

pytestmark = pytest.mark.django_db

ALL = ["anonymous", "reader", "social_editor", "bildning_editor", "coordinator"]


@pytest.fixture
def round(coordinator, orgs):
    reply_by = timezone.localdate() + datetime.timedelta(days=30)
    return make_round(coordinator, [orgs["social"], orgs["bildning"]], reply_by=reply_by)


@pytest.fixture
def draft(round, orgs, social_editor):
    recipient = Recipient.objects.get(round=round, organisation=orgs["social"])
    statement = services.start_statement(recipient, by=social_editor)
    services.save_statement(statement, position=Position.POSITIVE_WITH_COMMENTS)
    services.add_comment(
        statement,
        anchor=round.version.areas.first(),
        text="Målgruppen <script>alert(1)</script> saknas.",
        replace_text="Boende",
        replacement="Bostad",
    )
    return statement


@pytest.fixture
def submitted(draft, social_editor):
    return services.submit_statement(draft, by=social_editor)


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and "logga-in" in response["Location"]


def expect(response, outcome):
    if outcome == "login":
        assert _is_login_redirect(response), (response.status_code, response.get("Location"))
    else:
        assert response.status_code == outcome, response.status_code


# --- the round page ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "who, outcome",
    [
        ("anonymous", "login"),
        ("reader", 200),
        ("social_editor", 200),
        ("bildning_editor", 200),
        ("coordinator", 200),
    ],
)
def test_round_page_while_the_version_is_on_consultation(who, outcome, personas, round):
    expect(personas[who].get(f"/remisser/{round.pk}/"), outcome)


def test_round_page_shows_who_answered_and_how(personas, round, submitted, coordinator):
    services.send_round(round, by=coordinator)
    with translation.override("en"):
        response = personas["reader"].get(f"/remisser/{round.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    rows = response.context["summary"].rows
    assert {r.organisation.name: r.status for r in rows} == {
        "Socialförvaltningen": "answered",
        "Bildningsförvaltningen": "sent",
    }
    assert response.context["answered"] == 1


def test_anonymous_sees_the_round_once_the_version_is_adopted(personas, round, submitted):
    Version.objects.filter(pk=round.version_id).update(status=VersionStatus.ADOPTED)
    assert personas["anonymous"].get(f"/remisser/{round.pk}/").status_code == 200
    assert personas["anonymous"].get(f"/yttranden/{submitted.pk}/").status_code == 200
    assert personas["anonymous"].get(f"/remisser/{round.pk}/sammanstallning/").status_code == 200


@pytest.mark.parametrize(
    "who, outcome",
    [
        ("anonymous", "login"),
        ("reader", 403),
        ("social_editor", 403),
        ("bildning_editor", 403),
        ("coordinator", 200),
    ],
)
def test_open_round_form(who, outcome, personas, coordinator):
    version = consultation_version()
    expect(personas[who].get(f"/versioner/{version.pk}/remiss/ny/"), outcome)


def test_the_coordinator_opens_a_round(personas, orgs):
    version = consultation_version()
    response = personas["coordinator"].post(
        f"/versioner/{version.pk}/remiss/ny/",
        {
            "title": "Remiss",
            "reply_by": "2023-12-01",
            "contact_email": "hallbar.utveckling@trelleborg.se",
            "cover_letter": "Svar önskas senast den 1 december 2023.",
            "organisations": [orgs["social"].pk, orgs["bildning"].pk],
        },
    )
    round = Round.objects.get(version=version)
    assert response.status_code == 302 and response["Location"] == f"/remisser/{round.pk}/"
    assert round.recipients.count() == 2
    assert Event.objects.filter(verb="round_opened", object_id=str(round.pk)).exists()


@pytest.mark.parametrize(
    "who, outcome",
    [
        ("anonymous", "login"),
        ("reader", 403),
        ("social_editor", 403),
        ("bildning_editor", 403),
        ("coordinator", 302),
    ],
)
def test_send_round(who, outcome, personas, round, social_editor, mailoutbox):
    social_editor.email = "social@example.org"
    social_editor.save()
    expect(personas[who].post(f"/remisser/{round.pk}/skicka/"), outcome)
    assert len(mailoutbox) == (1 if who == "coordinator" else 0)


# --- statements ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who, outcome",
    [
        ("anonymous", "login"),
        ("reader", 403),
        ("social_editor", 302),
        ("bildning_editor", 403),
        ("coordinator", 403),
    ],
)
def test_start_the_social_statement(who, outcome, personas, round, orgs):
    response = personas[who].post(f"/remisser/{round.pk}/yttrande/{orgs['social'].pk}/")
    expect(response, outcome)
    assert Statement.objects.filter(round=round).count() == (1 if outcome == 302 else 0)


@pytest.mark.parametrize(
    "who, outcome",
    [
        ("anonymous", "login"),
        ("reader", 404),
        ("social_editor", 200),
        ("bildning_editor", 404),
        ("coordinator", 404),
    ],
)
def test_a_draft_is_its_organisations_own(who, outcome, personas, draft):
    expect(personas[who].get(f"/yttranden/{draft.pk}/andra/"), outcome)
    expect(personas[who].get(f"/yttranden/{draft.pk}/"), outcome)
    expect(personas[who].get(f"/yttranden/{draft.pk}/synpunkt/ny/"), outcome)
    expect(personas[who].get(f"/yttranden/{draft.pk}/lamna-in/"), outcome)


def test_the_editor_saves_the_draft(personas, draft):
    response = personas["social_editor"].post(
        f"/yttranden/{draft.pk}/andra/",
        {
            "position": "positive",
            "decision_body": "Socialnämnden",
            "summary": "Bra.",
            "revision": current_revision(draft),
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.position == "positive" and draft.decision_body == "Socialnämnden"


def test_a_comment_is_anchored_to_a_part_of_the_draft(personas, draft):
    area = draft.round.version.areas.first()
    response = personas["social_editor"].post(
        f"/yttranden/{draft.pk}/synpunkt/ny/",
        {"anchor": f"area:{area.pk}", "text": "Ny synpunkt", "replace_text": "", "replacement": ""},
    )
    assert response.status_code == 302
    assert draft.comments.count() == 2


def test_a_comment_on_a_part_outside_the_draft_is_refused(personas, draft):
    elsewhere = AreaFactory()
    response = personas["social_editor"].post(
        f"/yttranden/{draft.pk}/synpunkt/ny/", {"anchor": f"area:{elsewhere.pk}", "text": "Fel"}
    )
    assert response.status_code == 200
    assert "anchor" in response.context["form"].errors
    assert draft.comments.count() == 1


@pytest.mark.parametrize(
    "who, outcome",
    [
        ("anonymous", "login"),
        ("reader", 404),
        ("social_editor", 302),
        ("bildning_editor", 404),
        ("coordinator", 404),
    ],
)
def test_remove_a_comment(who, outcome, personas, draft):
    comment = draft.comments.get()
    expect(personas[who].post(f"/synpunkter/{comment.pk}/ta-bort/"), outcome)
    assert Comment.objects.filter(pk=comment.pk).exists() == (outcome != 302)


def test_the_editor_submits_and_the_statement_is_locked(personas, draft):
    client = personas["social_editor"]
    response = client.post(f"/yttranden/{draft.pk}/lamna-in/")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == StatementStatus.SUBMITTED
    # Editing a submitted statement: the form is gone, a post changes nothing.
    assert client.get(f"/yttranden/{draft.pk}/andra/").status_code == 302
    client.post(f"/yttranden/{draft.pk}/andra/", {"position": "negative"})
    draft.refresh_from_db()
    assert draft.position == Position.POSITIVE_WITH_COMMENTS


ALREADY_SUBMITTED = (
    "Yttrandet är redan inlämnat och är en inkommen allmän handling: det kan inte ändras eller "
    "lämnas in igen. En rättelse är ett nytt yttrande (”Lämna in en rättelse”)."
)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "andra/"),
        ("post", "andra/"),
        ("get", "lamna-in/"),
        ("post", "lamna-in/"),
        ("get", "synpunkt/ny/"),
        ("get", "bilagor/ny/"),
    ],
)
def test_editing_or_resubmitting_a_submitted_statement_says_why_it_cannot(
    personas, submitted, method, path
):
    client = personas["social_editor"]
    response = getattr(client, method)(f"/yttranden/{submitted.pk}/{path}", follow=True)

    assert response.redirect_chain == [(f"/yttranden/{submitted.pk}/", 302)]
    assert ALREADY_SUBMITTED in response.content.decode()
    assert Statement.objects.filter(round=submitted.round).count() == 1


@pytest.mark.parametrize(
    "who, outcome",
    [
        ("anonymous", "login"),
        ("reader", 200),
        ("social_editor", 200),
        ("bildning_editor", 200),
        ("coordinator", 200),
    ],
)
def test_a_submitted_statement_is_read_by_members(who, outcome, personas, submitted):
    response = personas[who].get(f"/yttranden/{submitted.pk}/")
    expect(response, outcome)
    if outcome == 200:
        assert b"<script>alert(1)" not in response.content
        assert b"&lt;script&gt;" in response.content


@pytest.mark.parametrize(
    "who, outcome",
    [
        ("anonymous", "login"),
        ("reader", 403),
        ("social_editor", 302),
        ("bildning_editor", 403),
        ("coordinator", 403),
    ],
)
def test_correct_a_submitted_statement(who, outcome, personas, submitted):
    expect(personas[who].post(f"/yttranden/{submitted.pk}/rattelse/"), outcome)
    corrections = Statement.objects.filter(supersedes=submitted).count()
    assert corrections == (1 if outcome == 302 else 0)


# --- dispositions and the summary ---------------------------------------------------------


@pytest.mark.parametrize(
    "who, outcome",
    [
        ("anonymous", "login"),
        ("reader", 403),
        ("social_editor", 403),
        ("bildning_editor", 403),
        ("coordinator", 200),
    ],
)
def test_disposition_form(who, outcome, personas, submitted):
    comment = submitted.comments.get()
    expect(personas[who].get(f"/synpunkter/{comment.pk}/beslut/"), outcome)


def test_the_coordinator_records_a_disposition(personas, submitted):
    comment = submitted.comments.get()
    response = personas["coordinator"].post(
        f"/synpunkter/{comment.pk}/beslut/",
        {"decision": "taken_in", "reason": "Rimligt.", "revision": 0},
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.disposition.decision == Decision.TAKEN_IN


def test_no_disposition_on_a_draft(personas, draft):
    comment = draft.comments.get()
    assert personas["coordinator"].get(f"/synpunkter/{comment.pk}/beslut/").status_code == 404


@pytest.mark.parametrize(
    "who, outcome",
    [
        ("anonymous", "login"),
        ("reader", 200),
        ("social_editor", 200),
        ("bildning_editor", 200),
        ("coordinator", 200),
    ],
)
@pytest.mark.parametrize("path", ["sammanstallning/", "sammanstallning/per-del/"])
def test_summary_pages(who, outcome, path, personas, round, submitted, draft=None):
    response = personas[who].get(f"/remisser/{round.pk}/{path}")
    expect(response, outcome)
    if outcome == 200:
        summary = response.context["summary"]
        assert [r.position_label for r in summary.rows if not r.answered] == [
            str(translation.gettext("no answer"))
        ]
        assert len(summary.parts) == 1
        assert b"&lt;script&gt;" in response.content


def test_the_summary_never_shows_drafts(personas, round, draft):
    response = personas["social_editor"].get(f"/remisser/{round.pk}/sammanstallning/")
    assert response.context["summary"].bodies == []


@pytest.mark.parametrize(
    "who, outcome",
    [
        ("anonymous", "login"),
        ("reader", 403),
        ("social_editor", 403),
        ("bildning_editor", 403),
        ("coordinator", 200),
    ],
)
def test_introduction_form(who, outcome, personas, round):
    expect(personas[who].get(f"/remisser/{round.pk}/sammanstallning/inledning/"), outcome)


def test_the_coordinator_writes_the_introduction(personas, round):
    response = personas["coordinator"].post(
        f"/remisser/{round.pk}/sammanstallning/inledning/",
        {"introduction": "Inledning.", "revision": current_revision(round)},
    )
    assert response.status_code == 302
    round.refresh_from_db()
    assert round.introduction == "Inledning."


@pytest.mark.parametrize(
    "who, outcome",
    [
        ("anonymous", "login"),
        ("reader", 200),
        ("social_editor", 200),
        ("bildning_editor", 200),
        ("coordinator", 200),
    ],
)
def test_summary_as_word(who, outcome, personas, round, submitted):
    response = personas[who].get(f"/remisser/{round.pk}/sammanstallning.docx")
    expect(response, outcome)
    if outcome == 200:
        from docx import Document

        document = Document(io.BytesIO(response.content))
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        assert "Socialförvaltningen" in cells and "Bildningsförvaltningen" in cells


def test_summary_html_download_escapes_statement_text(personas, round, submitted):
    response = personas["coordinator"].get(f"/remisser/{round.pk}/sammanstallning.html")
    assert response.status_code == 200
    assert b"<script>alert" not in response.content


def test_an_unknown_format_is_not_found(personas, round):
    assert (
        personas["coordinator"].get(f"/remisser/{round.pk}/sammanstallning.xyz").status_code == 404
    )


def test_the_version_page_links_to_its_rounds(personas, round):
    response = personas["reader"].get(f"/versioner/{round.version_id}/")
    assert f'href="/remisser/{round.pk}/"'.encode() in response.content
    coordinator_page = personas["coordinator"].get(f"/versioner/{round.version_id}/")
    assert f"/versioner/{round.version_id}/remiss/ny/".encode() in coordinator_page.content


@pytest.mark.parametrize(
    "who, outcome",
    [
        ("anonymous", "login"),
        ("reader", 403),
        ("social_editor", 403),
        ("bildning_editor", 403),
        ("coordinator", 302),
    ],
)
def test_mark_a_recipient_as_declined(who, outcome, personas, round, orgs):
    url = f"/remisser/{round.pk}/avstar/{orgs['bildning'].pk}/"
    expect(personas[who].post(url, {"declined": "1"}), outcome)
    recipient = Recipient.objects.get(round=round, organisation=orgs["bildning"])
    assert recipient.declined == (outcome == 302)
    if outcome == 302:
        assert recipient.status() == "declined"
        personas[who].post(url, {"declined": "0"})
        recipient.refresh_from_db()
        assert not recipient.declined


def test_a_round_past_its_last_day_is_not_sent_out(personas, coordinator, orgs, mailoutbox):
    past = make_round(
        coordinator,
        [orgs["social"]],
        reply_by=timezone.localdate() - datetime.timedelta(days=1),
    )
    page = personas["coordinator"].get(f"/remisser/{past.pk}/").content.decode()
    assert "Skicka ut remissen" not in page
    assert "sista svarsdag har passerat" in page

    response = personas["coordinator"].post(f"/remisser/{past.pk}/skicka/", follow=True)
    assert "har passerat" in response.content.decode()
    past.refresh_from_db()
    assert past.sent_on is None
    assert mailoutbox == []
