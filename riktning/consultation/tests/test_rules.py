"""The rules of a consultation round: who may write which statement, a submitted statement is
never changed, a correction keeps the history, late answers are marked, letters go by e-mail."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from riktning.audit.models import Event
from riktning.consultation import access, services
from riktning.consultation.constants import Decision, Position, RecipientStatus
from riktning.consultation.models import Comment, Recipient, Statement, recipient_status
from riktning.strategy.constants import VersionStatus
from riktning.strategy.tests.factories import AreaFactory, VersionFactory

from .factories import REPLY_BY, make_round

STOCKHOLM = ZoneInfo("Europe/Stockholm")

ON_TIME = datetime.datetime(2023, 11, 20, 10, 0, tzinfo=STOCKHOLM)
LATE = datetime.datetime(2023, 12, 5, 10, 0, tzinfo=STOCKHOLM)


@pytest.fixture
def round(coordinator, orgs):
    return make_round(coordinator, [orgs["social"], orgs["bildning"]])


@pytest.fixture
def social(round, orgs):
    return Recipient.objects.get(round=round, organisation=orgs["social"])


def _submitted(recipient, editor, now=ON_TIME):
    statement = services.start_statement(recipient, by=editor)
    services.save_statement(statement, position=Position.POSITIVE_WITH_COMMENTS)
    area = recipient.round.version.areas.first()
    services.add_comment(
        statement,
        anchor=area,
        text="Rubriken bör ändras.",
        replace_text="Boende",
        replacement="Bostad",
    )
    return services.submit_statement(statement, by=editor, now=now)


def test_status_is_a_pure_function_of_the_facts():
    day = datetime.date(2023, 11, 1)
    facts = {"sent_on": day, "reply_by": REPLY_BY, "declined": False, "draft_started": False}
    assert recipient_status(**facts, submitted_on=None, today=day) == RecipientStatus.SENT
    assert (
        recipient_status(**{**facts, "sent_on": None}, submitted_on=None, today=day)
        == RecipientStatus.NOT_SENT
    )
    assert (
        recipient_status(**{**facts, "draft_started": True}, submitted_on=None, today=day)
        == RecipientStatus.DRAFT_STARTED
    )
    assert recipient_status(**facts, submitted_on=REPLY_BY, today=day) == RecipientStatus.ANSWERED
    late = REPLY_BY + datetime.timedelta(days=1)
    assert recipient_status(**facts, submitted_on=late, today=late) == RecipientStatus.ANSWERED_LATE
    assert recipient_status(**facts, submitted_on=None, today=late) == RecipientStatus.NO_ANSWER
    assert (
        recipient_status(**{**facts, "declined": True}, submitted_on=None, today=late)
        == RecipientStatus.DECLINED
    )


def test_a_round_needs_a_version_out_for_consultation(coordinator, orgs):
    adopted = VersionFactory(status=VersionStatus.ADOPTED)
    with pytest.raises(ValidationError):
        make_round(coordinator, [orgs["social"]], version=adopted)


def test_only_the_coordinator_opens_a_round(coordinator, social_editor, reader):
    version = VersionFactory(status=VersionStatus.CONSULTATION)
    for person in (social_editor, reader):
        with pytest.raises(PermissionDenied):
            access.get_version_for_new_round(person, version.pk)
    assert access.get_version_for_new_round(coordinator, version.pk) == version


def test_sending_mails_every_recipient_and_is_recorded(
    round, coordinator, social_editor, bildning_editor, mailoutbox
):
    social_editor.email = "social@example.org"
    social_editor.save()
    bildning_editor.email = "bildning@example.org"
    bildning_editor.save()

    sent = services.send_round(round, by=coordinator, today=datetime.date(2023, 11, 1))

    assert sent == 2
    assert sorted(m.to[0] for m in mailoutbox) == ["bildning@example.org", "social@example.org"]
    assert "1 december 2023" in mailoutbox[0].body
    round.refresh_from_db()
    assert round.sent_on == datetime.date(2023, 11, 1)
    assert Event.objects.filter(verb="round_sent", object_id=str(round.pk)).exists()


def test_an_editor_cannot_write_another_organisations_statement(round, orgs, bildning_editor):
    with pytest.raises(PermissionDenied):
        access.get_recipient_for_statement(bildning_editor, round.pk, orgs["social"].pk)


def test_a_draft_can_be_changed_by_its_organisation(social, social_editor, bildning_editor):
    statement = services.start_statement(social, by=social_editor)
    services.save_statement(statement, summary="Utkast")
    assert access.get_statement_for_edit(social_editor, statement.pk) == statement
    # Another organisation's draft is not there for them at all.
    assert not access.can_edit_statement(bildning_editor, statement)
    with pytest.raises(Http404):
        access.get_statement_for_edit(bildning_editor, statement.pk)
    assert services.start_statement(social, by=social_editor) == statement


def test_a_submitted_statement_cannot_be_edited_or_deleted(social, social_editor):
    statement = _submitted(social, social_editor)

    statement.summary = "Ändrat i efterhand"
    with pytest.raises(ValidationError):
        statement.save()
    with pytest.raises(ValidationError):
        Statement.objects.get(pk=statement.pk).delete()
    comment = Comment.objects.get(statement=statement)
    comment.text = "Ändrat"
    with pytest.raises(ValidationError):
        comment.save()
    with pytest.raises(ValidationError):
        comment.delete()
    assert not access.can_edit_statement(social_editor, statement)
    with pytest.raises(ValidationError):
        services.save_statement(Statement.objects.get(pk=statement.pk), summary="Ändrat")
    assert Event.objects.filter(verb="statement_received", object_id=str(statement.pk)).exists()


def test_a_correction_is_a_new_submission_that_keeps_the_old_one(social, social_editor):
    first = _submitted(social, social_editor)

    correction = services.start_statement(social, by=social_editor)
    assert correction.pk != first.pk and correction.supersedes == first
    assert correction.comments.count() == 1
    services.save_statement(correction, position=Position.POSITIVE)
    services.submit_statement(correction, by=social_editor, now=ON_TIME + datetime.timedelta(1))

    assert social.current_statement() == correction
    first.refresh_from_db()
    assert first.position == Position.POSITIVE_WITH_COMMENTS
    assert (
        Statement.objects.filter(round=social.round, organisation=social.organisation).count() == 2
    )


def test_a_late_answer_is_accepted_and_marked_late(social, social_editor):
    statement = _submitted(social, social_editor, now=LATE)

    assert statement.late
    assert social.status(today=LATE.date()) == RecipientStatus.ANSWERED_LATE


def test_a_comment_must_be_anchored_to_the_draft(social, social_editor):
    statement = services.start_statement(social, by=social_editor)
    elsewhere = AreaFactory()
    with pytest.raises(ValidationError):
        services.add_comment(statement, anchor=elsewhere, text="Fel version")


def test_submitting_needs_a_position(social, social_editor):
    statement = services.start_statement(social, by=social_editor)
    with pytest.raises(ValidationError):
        services.submit_statement(statement, by=social_editor)


def test_the_coordinator_records_dispositions(social, social_editor, coordinator):
    statement = _submitted(social, social_editor)
    comment = statement.comments.get()

    with pytest.raises(PermissionDenied):
        access.get_comment_for_disposition(social_editor, comment.pk)
    services.record_disposition(
        comment, by=coordinator, decision=Decision.TAKEN_IN, reason="Rubriken ändras."
    )
    services.record_disposition(comment, by=coordinator, decision=Decision.NOTED, reason="Noteras")

    comment.refresh_from_db()
    assert comment.disposition.decision == Decision.NOTED
    assert comment.disposition.history.count() == 2
    assert Event.objects.filter(verb="disposition_recorded").count() == 2


def test_a_drafts_comment_gets_no_disposition(social, social_editor, coordinator):
    statement = services.start_statement(social, by=social_editor)
    comment = services.add_comment(
        statement, anchor=social.round.version.areas.first(), text="Ännu inte inlämnad."
    )

    with pytest.raises(Http404):
        access.get_comment_for_disposition(coordinator, comment.pk)
    with pytest.raises(ValidationError, match="inlämnat"):
        services.record_disposition(
            comment, by=coordinator, decision=Decision.TAKEN_IN, reason="För tidigt"
        )
    assert not Comment.objects.filter(disposition__isnull=False).exists()


def test_a_statement_is_corrected_by_its_own_organisation_only(
    social, social_editor, bildning_editor
):
    submitted = _submitted(social, social_editor)

    assert access.get_statement_for_correction(social_editor, submitted.pk) == submitted
    with pytest.raises(PermissionDenied):
        access.get_statement_for_correction(bildning_editor, submitted.pk)
    # A draft is edited, not corrected.
    draft = services.start_statement(social, by=social_editor)
    with pytest.raises(PermissionDenied):
        access.get_statement_for_correction(social_editor, draft.pk)
