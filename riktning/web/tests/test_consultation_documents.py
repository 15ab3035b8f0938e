"""The pages for a statement's attachments, a statement registered from paper or e-mail, and the
proposal for a decision: who may do what, and bad input refused with a Swedish message and
nothing written."""

import datetime
import io

import pytest
from django.utils import timezone

from riktning.consultation import services
from riktning.consultation.constants import Position
from riktning.consultation.models import Attachment, DecisionProposal, Recipient, Statement
from riktning.consultation.tests.factories import make_round
from riktning.consultation.tests.files import EXE, PDF, docx_bytes, media_files, upload
from riktning.strategy.tests.factories import VersionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return settings.MEDIA_ROOT


@pytest.fixture
def round(coordinator, orgs):
    reply_by = timezone.localdate() + datetime.timedelta(days=30)
    return make_round(coordinator, [orgs["social"], orgs["bildning"]], reply_by=reply_by)


@pytest.fixture
def draft(round, orgs, social_editor):
    recipient = Recipient.objects.get(round=round, organisation=orgs["social"])
    statement = services.start_statement(recipient, by=social_editor)
    services.save_statement(statement, position=Position.POSITIVE)
    return statement


def _post_file(client, statement, name, content):
    return client.post(
        f"/yttranden/{statement.pk}/bilagor/ny/", {"file": upload(name, content)}, follow=False
    )


def _text(response) -> str:
    return response.content.decode()


# --- attachments ------------------------------------------------------------------------------


def test_the_editor_attaches_a_pdf_and_the_page_lists_it(media, personas, draft):
    client = personas["social_editor"]
    page = client.get(f"/yttranden/{draft.pk}/andra/")
    assert 'enctype="multipart/form-data"' in _text(page)
    assert "PDF eller Word (.docx), högst 10 MB." in _text(page)
    response = _post_file(client, draft, "Protokollsutdrag.pdf", PDF)
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.original_name == "Protokollsutdrag.pdf"
    page = client.get(f"/yttranden/{draft.pk}/andra/")
    assert "Protokollsutdrag.pdf" in _text(page)
    download = client.get(f"/bilagor/{attachment.pk}/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert 'filename="Protokollsutdrag.pdf"' in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == PDF


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("program.pdf", EXE, "Filen heter .pdf men är inte en PDF- eller Word-fil"),
        ("anteckning.docx", b"bara text", "Filen heter .docx men är inte en PDF- eller Word-fil"),
        ("stor.pdf", PDF + b"0" * (10 * 1024 * 1024), "Filen är för stor: högst 10 MB"),
    ],
)
def test_a_bad_file_is_refused_with_a_message_and_nothing_written(
    media, personas, draft, name, content, message
):
    response = _post_file(personas["social_editor"], draft, name, content)
    assert response.status_code == 400
    assert "Inget har sparats" in _text(response) and message in _text(response)
    assert Attachment.objects.count() == 0 and media_files(media) == []


def test_a_path_in_the_uploaded_name_goes_nowhere(media, personas, draft):
    response = _post_file(personas["social_editor"], draft, "../../etc/passwd.pdf", PDF)
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.original_name == "passwd.pdf"
    assert all(path.startswith(f"consultation/{draft.round_id}/") for path in media_files(media))
    assert not (media.parent / "etc").exists()


def test_no_upload_to_a_submitted_statement(media, personas, draft, social_editor):
    services.submit_statement(draft, by=social_editor)
    response = _post_file(personas["social_editor"], draft, "sen.pdf", PDF)
    assert response.status_code == 409
    assert "Ett inlämnat yttrande är en inkommen allmän handling" in _text(response)
    assert Attachment.objects.count() == 0 and media_files(media) == []


def test_no_removal_from_a_submitted_statement(media, personas, draft, social_editor):
    attachment = services.add_attachment(draft, by=social_editor, upload=upload("a.pdf", PDF))
    services.submit_statement(draft, by=social_editor)
    response = personas["social_editor"].post(f"/bilagor/{attachment.pk}/ta-bort/")
    assert response.status_code == 409
    assert Attachment.objects.count() == 1 and len(media_files(media)) == 1


@pytest.mark.parametrize("who", ["bildning_editor", "coordinator", "reader"])
def test_another_organisation_neither_uploads_nor_downloads_a_draft(
    media, personas, draft, social_editor, who
):
    attachment = services.add_attachment(draft, by=social_editor, upload=upload("a.pdf", PDF))
    response = _post_file(personas[who], draft, "b.pdf", PDF)
    assert response.status_code == 404
    assert personas[who].get(f"/bilagor/{attachment.pk}/").status_code == 404
    assert personas[who].post(f"/bilagor/{attachment.pk}/ta-bort/").status_code == 404
    assert Attachment.objects.count() == 1 and len(media_files(media)) == 1


def test_anonymous_cannot_download_a_drafts_attachment(media, personas, draft, social_editor):
    attachment = services.add_attachment(draft, by=social_editor, upload=upload("a.pdf", PDF))
    response = personas["anonymous"].get(f"/bilagor/{attachment.pk}/")
    assert response.status_code == 302 and "logga-in" in response["Location"]


def test_a_submitted_statements_attachment_is_for_whoever_sees_the_statement(
    media, personas, draft, social_editor
):
    attachment = services.add_attachment(
        draft, by=social_editor, upload=upload("Bilaga.docx", docx_bytes())
    )
    services.submit_statement(draft, by=social_editor)
    for who in ("reader", "bildning_editor", "coordinator"):
        response = personas[who].get(f"/bilagor/{attachment.pk}/")
        assert response.status_code == 200
    detail = personas["reader"].get(f"/yttranden/{draft.pk}/")
    assert "Bilaga.docx" in _text(detail)
    summary = personas["reader"].get(f"/remisser/{draft.round_id}/sammanstallning/")
    assert "Bilaga.docx" in _text(summary)


def test_the_editor_removes_an_attachment_from_the_draft(
    media, personas, draft, social_editor, django_capture_on_commit_callbacks
):
    attachment = services.add_attachment(draft, by=social_editor, upload=upload("a.pdf", PDF))
    with django_capture_on_commit_callbacks(execute=True):
        response = personas["social_editor"].post(f"/bilagor/{attachment.pk}/ta-bort/")
    assert response.status_code == 302
    assert Attachment.objects.count() == 0 and media_files(media) == []


# --- a statement registered from paper or e-mail --------------------------------------------


@pytest.mark.parametrize(
    "who, outcome",
    [("anonymous", 302), ("reader", 403), ("social_editor", 403), ("coordinator", 200)],
)
def test_only_the_coordinator_opens_the_registration_form(personas, round, who, outcome):
    assert personas[who].get(f"/remisser/{round.pk}/registrera/").status_code == outcome


def test_the_coordinator_registers_a_paper_statement(media, personas, round, orgs):
    client = personas["coordinator"]
    round_page = _text(client.get(f"/remisser/{round.pk}/"))
    assert f"/remisser/{round.pk}/registrera-yttrande/" in round_page
    one_page = _text(client.get(f"/remisser/{round.pk}/registrera-yttrande/"))
    assert f"/remisser/{round.pk}/registrera/" in one_page  # step by step, also a correction
    response = client.post(
        f"/remisser/{round.pk}/registrera/",
        {
            "organisation": orgs["bildning"].pk,
            "received_on": timezone.localdate().isoformat(),
            "received_via": "paper",
        },
    )
    statement = Statement.objects.get()
    assert (
        response.status_code == 302 and response["Location"] == f"/yttranden/{statement.pk}/andra/"
    )
    assert statement.is_registered and statement.organisation == orgs["bildning"]
    edit = client.get(f"/yttranden/{statement.pk}/andra/")
    assert "Inkom den" in _text(edit)
    assert _post_file(client, statement, "Protokoll.pdf", PDF).status_code == 302
    # The organisation's editors do not see the coordinator's draft.
    assert personas["bildning_editor"].get(f"/yttranden/{statement.pk}/").status_code == 404


def test_registering_for_a_non_recipient_is_refused(personas, round, orgs):
    response = personas["coordinator"].post(
        f"/remisser/{round.pk}/registrera/",
        {
            "organisation": orgs["unit"].pk,
            "received_on": timezone.localdate().isoformat(),
            "received_via": "email",
        },
    )
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in _text(response)
    assert Statement.objects.count() == 0


def test_registering_with_a_future_date_is_refused(personas, round, orgs):
    response = personas["coordinator"].post(
        f"/remisser/{round.pk}/registrera/",
        {
            "organisation": orgs["bildning"].pk,
            "received_on": (timezone.localdate() + datetime.timedelta(days=2)).isoformat(),
            "received_via": "paper",
        },
    )
    assert "kan inte ligga i framtiden" in _text(response)
    assert Statement.objects.count() == 0


# --- the proposal for a decision -------------------------------------------------------------


@pytest.fixture
def next_version(round):
    return VersionFactory(
        document=round.version.document,
        number=round.version.number + 1,
        title="Strategi 2024–2030, efter remiss",
        based_on=round.version,
    )


@pytest.mark.parametrize(
    "who, view, edit",
    [
        ("anonymous", 302, 302),
        ("reader", 200, 403),
        ("social_editor", 200, 403),
        ("coordinator", 200, 200),
    ],
)
def test_who_sees_and_edits_the_proposal(personas, round, who, view, edit):
    assert personas[who].get(f"/remisser/{round.pk}/forslag-till-beslut/").status_code == view
    assert personas[who].get(f"/remisser/{round.pk}/forslag-till-beslut/andra/").status_code == edit


def test_the_coordinator_writes_the_proposal_and_downloads_it(personas, round, next_version):
    client = personas["coordinator"]
    form = client.get(f"/remisser/{round.pk}/forslag-till-beslut/andra/")
    assert form.context["form"].initial["proposed_version"] == next_version.pk
    response = client.post(
        f"/remisser/{round.pk}/forslag-till-beslut/andra/",
        {
            "text": "Kommunstyrelsen föreslår kommunfullmäktige besluta\r\natt anta strategin.",
            "case_number": "KS 2023/474",
            "proposed_version": next_version.pk,
            "revision": 0,
        },
    )
    assert response.status_code == 302
    page = _text(client.get(f"/remisser/{round.pk}/forslag-till-beslut/"))
    assert "Sammanställning av inkomna remissvar" in page and next_version.title in page
    download = client.get(f"/remisser/{round.pk}/forslag-till-beslut.docx")
    assert download.status_code == 200
    from docx import Document

    texts = [p.text for p in Document(io.BytesIO(download.content)).paragraphs]
    assert texts[0] == "Förslag till beslut"
    assert "Kommunstyrelsen föreslår kommunfullmäktige besluta" in texts
    assert "att anta strategin." in texts
    basis = texts.index("Beslutsunderlag")
    assert texts[basis + 1 : basis + 3] == [
        next_version.title,
        f"Sammanställning av inkomna remissvar, {round.title}",
    ]


def test_two_saves_from_the_same_start_do_not_overwrite(personas, round, coordinator):
    services.save_decision_proposal(round, by=coordinator, text="att första", revision=0)
    url = f"/remisser/{round.pk}/forslag-till-beslut/andra/"
    client = personas["coordinator"]
    assert client.post(url, {"text": "att andra", "revision": 1}).status_code == 302
    late = client.post(url, {"text": "att tredje", "revision": 1})
    assert late.status_code == 409
    assert "Någon annan sparade förslaget" in _text(late)
    assert "att andra" in _text(late), "the text saved now is shown"
    assert DecisionProposal.objects.get().text == "att andra"
    # Having seen it, saving again replaces it on purpose.
    assert late.context["form"]["revision"].value() == 2
    assert client.post(url, {"text": "att tredje", "revision": 2}).status_code == 302
    assert DecisionProposal.objects.get().text == "att tredje"


def test_a_proposal_without_text_is_refused(personas, round):
    response = personas["coordinator"].post(
        f"/remisser/{round.pk}/forslag-till-beslut/andra/", {"text": "", "revision": 0}
    )
    assert response.status_code == 200 and "Inget har sparats" in _text(response)
    assert not DecisionProposal.objects.exists()
