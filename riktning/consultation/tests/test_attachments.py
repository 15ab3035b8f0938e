"""A statement's attachments: PDF and DOCX only, checked by content; a size limit; a stored name
that no uploaded name can steer; frozen once the statement is submitted; carried over to a
correction; and kept by `riktning backup`/`restore`."""

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.http import Http404

from riktning.audit.models import Event
from riktning.consultation import access, services
from riktning.consultation.attachments import display_name
from riktning.consultation.constants import ATTACHMENT_MAX_BYTES, Position
from riktning.consultation.models import Attachment, Recipient, Statement

from .factories import make_round
from .files import EXE, PDF, docx_bytes, media_files, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return settings.MEDIA_ROOT


@pytest.fixture
def round(coordinator, orgs):
    return make_round(coordinator, [orgs["social"], orgs["bildning"]])


@pytest.fixture
def draft(round, orgs, social_editor):
    recipient = Recipient.objects.get(round=round, organisation=orgs["social"])
    statement = services.start_statement(recipient, by=social_editor)
    services.save_statement(statement, position=Position.POSITIVE)
    return statement


def test_a_pdf_and_a_word_file_are_attached_under_a_random_name(media, draft, social_editor):
    pdf = services.add_attachment(
        draft, by=social_editor, upload=upload("Protokollsutdrag SN § 134.pdf", PDF)
    )
    word = services.add_attachment(
        draft, by=social_editor, upload=upload("Bilaga.docx", docx_bytes())
    )
    assert pdf.original_name == "Protokollsutdrag SN § 134.pdf"
    assert pdf.content_type == "application/pdf" and pdf.size == len(PDF)
    assert len(pdf.sha256) == 64
    assert word.content_type.endswith("wordprocessingml.document")
    prefix = f"consultation/{draft.round_id}/{draft.pk}/"
    assert pdf.file.name.startswith(prefix) and pdf.file.name.endswith(".pdf")
    assert "Protokoll" not in pdf.file.name
    assert (media / pdf.file.name).read_bytes() == PDF
    assert len(media_files(media)) == 2


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("yttrande.pdf", EXE, "heter .pdf men är inte en PDF- eller Word-fil"),
        ("yttrande.docx", b"Bara text, inget Word-dokument.", "heter .docx men är inte"),
        ("yttrande.exe", EXE, "Bara PDF- och Word-filer"),
        ("yttrande.docx", PDF, "innehållet är en PDF-fil"),
        ("yttrande.pdf", b"", "Filen är tom"),
    ],
)
def test_a_file_of_the_wrong_kind_is_refused_and_nothing_is_written(
    media, draft, social_editor, name, content, message
):
    with pytest.raises(ValidationError) as refused:
        services.add_attachment(draft, by=social_editor, upload=upload(name, content))
    assert message in " ".join(refused.value.messages)
    assert Attachment.objects.count() == 0
    assert media_files(media) == []


def test_a_zip_that_is_not_a_word_file_is_refused(media, draft, social_editor):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hej")
    with pytest.raises(ValidationError):
        services.add_attachment(
            draft, by=social_editor, upload=upload("yttrande.docx", buffer.getvalue())
        )
    assert Attachment.objects.count() == 0 and media_files(media) == []


def test_a_file_over_the_size_limit_is_refused(media, draft, social_editor):
    big = PDF + b"0" * ATTACHMENT_MAX_BYTES
    with pytest.raises(ValidationError) as refused:
        services.add_attachment(draft, by=social_editor, upload=upload("stor.pdf", big))
    assert "för stor: högst 10 MB" in " ".join(refused.value.messages)
    assert Attachment.objects.count() == 0 and media_files(media) == []


@pytest.mark.parametrize(
    "uploaded, shown",
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\system.pdf", "system.pdf"),
        ('"elak";name\r\n.pdf', "elakname.pdf"),
        (".pdf", "bilaga.pdf"),
    ],
)
def test_the_uploaded_name_is_only_shown_never_a_path(media, draft, social_editor, uploaded, shown):
    attachment = services.add_attachment(draft, by=social_editor, upload=upload(uploaded, PDF))
    assert attachment.original_name == shown
    assert attachment.file.name.startswith(f"consultation/{draft.round_id}/{draft.pk}/")
    assert ".." not in attachment.file.name
    assert [path.split("/")[:3] for path in media_files(media)] == [
        ["consultation", str(draft.round_id), str(draft.pk)]
    ]


def test_display_name_keeps_the_real_extension():
    assert display_name("protokoll.PDF", "pdf") == "protokoll.pdf"
    assert display_name("C:\\Users\\x\\Yttrande SN.docx", "docx") == "Yttrande SN.docx"


def test_another_organisation_cannot_attach(draft, bildning_editor, coordinator):
    for user in (bildning_editor, coordinator):
        assert not access.can_edit_statement(user, draft)
        with pytest.raises(Http404):
            access.get_statement_for_edit(user, draft.pk)


def test_a_submitted_statement_is_frozen_with_its_attachments(media, draft, social_editor):
    attachment = services.add_attachment(draft, by=social_editor, upload=upload("a.pdf", PDF))
    services.submit_statement(draft, by=social_editor)
    event = Event.objects.get(verb="statement_received")
    assert event.data["attachments"] == [attachment.sha256]
    with pytest.raises(PermissionDenied):
        access.get_attachment_for_edit(social_editor, attachment.pk)
    with pytest.raises(ValidationError, match="inlämnat yttrande"):
        services.add_attachment(draft, by=social_editor, upload=upload("b.pdf", PDF))
    with pytest.raises(ValidationError, match="inlämnat yttrande"):
        services.remove_attachment(attachment)
    with pytest.raises(ValidationError, match="inlämnat yttrande"):
        Attachment.objects.get().delete()
    assert Attachment.objects.count() == 1 and len(media_files(media)) == 1


def test_removing_from_a_draft_removes_the_file(
    media, draft, social_editor, django_capture_on_commit_callbacks
):
    attachment = services.add_attachment(draft, by=social_editor, upload=upload("a.pdf", PDF))
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_attachment(attachment)
    assert Attachment.objects.count() == 0 and media_files(media) == []


def test_a_correction_carries_the_attachments_over(
    media, draft, social_editor, django_capture_on_commit_callbacks
):
    first = services.add_attachment(draft, by=social_editor, upload=upload("a.pdf", PDF))
    services.submit_statement(draft, by=social_editor)
    correction = services.start_correction(draft, by=social_editor)
    carried = correction.attachments.get()
    assert carried.pk != first.pk and carried.file.name == first.file.name
    assert (carried.original_name, carried.sha256) == (first.original_name, first.sha256)
    # Removing it from the correction leaves the submitted statement's file in place.
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_attachment(carried)
    assert Statement.objects.get(pk=draft.pk).attachments.get().file.read() == PDF
    assert len(media_files(media)) == 1


def test_an_attachment_survives_backup_and_restore(media, tmp_path, draft, social_editor):
    from riktning.ops.tests.test_backup import _empty_the_database

    attachment = services.add_attachment(draft, by=social_editor, upload=upload("a.pdf", PDF))
    stored = attachment.file.name
    path = tmp_path / "riktning.bak"
    call_command("backup", "-o", str(path), verbosity=0, stdout=io.StringIO())
    with zipfile.ZipFile(path) as archive:
        assert f"media/{stored}" in archive.namelist()
    _empty_the_database()
    (media / stored).unlink()
    call_command("restore", str(path), verbosity=0, stdout=io.StringIO())
    restored = Attachment.objects.get()
    assert restored.file.name == stored and restored.sha256 == attachment.sha256
    assert (media / stored).read_bytes() == PDF
