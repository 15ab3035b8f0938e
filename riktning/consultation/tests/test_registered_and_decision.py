"""A statement received on paper or by e-mail, registered by the coordinator; and the proposal for
a decision after the round, with its Word file and `riktning report decision`."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.http import Http404
from django.utils import timezone

from riktning.audit.models import Event
from riktning.consultation import access, decision_report, report, services
from riktning.consultation.constants import Position, ReceivedVia, RecipientStatus
from riktning.consultation.models import DecisionProposal, Recipient, Statement
from riktning.consultation.summary import compile_summary
from riktning.strategy.tests.factories import VersionFactory

from .factories import REPLY_BY, make_round
from .files import PDF, upload

pytestmark = pytest.mark.django_db
STOCKHOLM = ZoneInfo("Europe/Stockholm")
REGISTERED_AT = datetime.datetime(2023, 12, 10, 9, 0, tzinfo=STOCKHOLM)


@pytest.fixture
def round(coordinator, orgs):
    return make_round(coordinator, [orgs["social"], orgs["bildning"]])


@pytest.fixture
def bildning(round, orgs):
    return Recipient.objects.get(round=round, organisation=orgs["bildning"])


def _register(recipient, coordinator, received_on, via=ReceivedVia.PAPER):
    statement = services.start_registered_statement(
        recipient, by=coordinator, received_on=received_on, received_via=via
    )
    services.save_statement(
        statement,
        position=Position.POSITIVE,
        decision_body="Bildningsnämnden",
        decision_date=datetime.date(2023, 11, 28),
        decision_paragraph="88",
        case_number="BN 2023/120",
    )
    services.add_comment(statement, anchor=recipient.round.version.areas.first(), text="Bra.")
    return statement


def test_the_coordinator_registers_a_statement_received_on_paper(
    settings, tmp_path, round, bildning, coordinator
):
    settings.MEDIA_ROOT = tmp_path
    statement = _register(bildning, coordinator, datetime.date(2023, 11, 30))
    services.add_attachment(statement, by=coordinator, upload=upload("Protokoll BN § 88.pdf", PDF))
    services.submit_statement(statement, by=coordinator, now=REGISTERED_AT)
    statement.refresh_from_db()
    # Received before the last day: on time, although registered after it.
    assert statement.late is False and statement.registered_by == coordinator
    assert bildning.status(today=datetime.date(2023, 12, 10)) == RecipientStatus.ANSWERED
    assert statement.registered_note() == (
        "Registrerat av Test från ett yttrande som inkom på papper 2023-11-30."
    ).replace("Test", coordinator.get_full_name() or coordinator.username)
    event = Event.objects.get(verb="statement_received", object_id=str(statement.pk))
    assert event.data["received_on"] == "2023-11-30"
    assert event.data["received_via"] == "paper"
    assert event.data["registered_by"] == coordinator.username
    # The summary marks it and names its attachment, on the page and in the Word file.
    summary = compile_summary(round, today=datetime.date(2023, 12, 10))
    [(body, _comments)] = summary.bodies
    assert body.pk == statement.pk
    from docx import Document

    texts = [p.text for p in Document(io.BytesIO(report.render(round, "docx"))).paragraphs]
    assert any(t.startswith("Registrerat av") and "på papper 2023-11-30" in t for t in texts)
    assert "Protokoll BN § 88.pdf" in texts
    html = report.render(round, "html").decode()
    assert "Protokoll BN § 88.pdf" in html and "inkom på papper" in html


def test_received_after_the_last_day_is_late(round, bildning, coordinator):
    statement = _register(bildning, coordinator, REPLY_BY + datetime.timedelta(days=2))
    services.submit_statement(statement, by=coordinator, now=REGISTERED_AT)
    assert Statement.objects.get(pk=statement.pk).late is True


def test_only_the_coordinator_registers(round, orgs, social_editor, bildning_editor, reader):
    for user in (social_editor, bildning_editor, reader):
        with pytest.raises(PermissionDenied):
            access.get_recipient_for_registering(user, round.pk, orgs["bildning"].pk)


def test_a_non_recipient_has_no_recipient_row_to_register_for(round, orgs, coordinator):
    with pytest.raises(Http404):
        access.get_recipient_for_registering(coordinator, round.pk, orgs["unit"].pk)


def test_the_received_date_is_required_and_not_in_the_future(bildning, coordinator):
    future = timezone.localdate() + datetime.timedelta(days=3)
    with pytest.raises(ValidationError, match="framtiden"):
        services.start_registered_statement(
            bildning, by=coordinator, received_on=future, received_via=ReceivedVia.PAPER
        )
    with pytest.raises(ValidationError, match="Välj hur yttrandet inkom"):
        services.start_registered_statement(
            bildning, by=coordinator, received_on=REPLY_BY, received_via="fax"
        )
    assert Statement.objects.count() == 0


def test_a_registered_draft_is_the_coordinators_not_the_organisations(
    bildning, coordinator, bildning_editor
):
    statement = _register(bildning, coordinator, REPLY_BY)
    assert access.can_edit_statement(coordinator, statement)
    assert not access.can_edit_statement(bildning_editor, statement)
    with pytest.raises(Http404):
        access.get_statement_for_edit(bildning_editor, statement.pk)
    # The organisation's own draft is a separate one.
    own = services.start_statement(bildning, by=bildning_editor)
    assert own.pk != statement.pk and not own.is_registered


# --- the proposal for a decision ---------------------------------------------------------------

DECISION_TEXT = (
    "Kommunstyrelsen föreslår kommunfullmäktige besluta\n\n"
    "att anta Strategi för social hållbarhet 2024–2030."
)


@pytest.fixture
def next_version(round):
    return VersionFactory(
        document=round.version.document,
        number=round.version.number + 1,
        title="Strategi för social hållbarhet 2024–2030, efter remiss",
        based_on=round.version,
    )


def test_the_coordinator_writes_the_proposal_and_another_save_does_not_overwrite(
    round, coordinator, next_version
):
    proposal = services.save_decision_proposal(
        round, by=coordinator, text=DECISION_TEXT, case_number="KS 2023/474", revision=0
    )
    assert proposal.revision == 1 and proposal.proposed_version is None
    proposal = services.save_decision_proposal(
        round,
        by=coordinator,
        text=DECISION_TEXT,
        case_number="KS 2023/474",
        proposed_version=next_version,
        revision=1,
    )
    assert proposal.revision == 2
    # A save started from revision 1 comes too late: refused, nothing changed.
    with pytest.raises(ValidationError, match="Någon annan sparade förslaget"):
        services.save_decision_proposal(round, by=coordinator, text="Annat", revision=1)
    stored = DecisionProposal.objects.get(round=round)
    assert stored.text == DECISION_TEXT and stored.revision == 2
    assert stored.history.count() == 2


def test_only_a_version_based_on_the_consulted_one_can_be_proposed(round, coordinator):
    other = VersionFactory()
    with pytest.raises(ValidationError):
        services.save_decision_proposal(
            round, by=coordinator, text=DECISION_TEXT, proposed_version=other, revision=0
        )
    assert not DecisionProposal.objects.exists()


def test_only_the_coordinator_writes_the_proposal(round, coordinator, social_editor, reader):
    for user in (social_editor, reader):
        with pytest.raises(PermissionDenied):
            access.get_round_for_decision_proposal(user, round.pk, edit=True)
        assert access.get_round_for_decision_proposal(user, round.pk) == round
    assert access.get_round_for_decision_proposal(coordinator, round.pk, edit=True) == round


def _word_texts(data: bytes) -> list[str]:
    from docx import Document

    return [p.text for p in Document(io.BytesIO(data)).paragraphs]


def test_the_word_file_of_the_proposal(round, coordinator, next_version):
    services.save_decision_proposal(
        round,
        by=coordinator,
        text=DECISION_TEXT,
        case_number="KS 2023/474",
        proposed_version=next_version,
        revision=0,
    )
    texts = _word_texts(decision_report.render(round, "docx"))
    assert texts[0] == "Förslag till beslut"
    assert round.title in texts
    assert "Kommunstyrelsen föreslår kommunfullmäktige besluta" in texts
    assert "att anta Strategi för social hållbarhet 2024–2030." in texts
    basis = texts.index("Beslutsunderlag")
    assert texts[basis + 1 : basis + 3] == [
        "Strategi för social hållbarhet 2024–2030, efter remiss",
        f"Sammanställning av inkomna remissvar, {round.title}",
    ]
    assert any("KS 2023/474" in t for t in texts)


def test_the_report_command_writes_the_proposal(round, coordinator, tmp_path):
    with pytest.raises(CommandError, match="inget förslag till beslut"):
        call_command("report", "decision", "latest", "--format", "docx", "-o", "-")
    services.save_decision_proposal(round, by=coordinator, text=DECISION_TEXT, revision=0)
    path = tmp_path / "beslut.docx"
    for ref in ("latest", str(round.pk)):
        call_command(
            "report", "decision", ref, "--format", "docx", "-o", str(path), stderr=io.StringIO()
        )
        texts = _word_texts(path.read_bytes())
        assert texts[0] == "Förslag till beslut"
        assert f"Sammanställning av inkomna remissvar, {round.title}" in texts
    with pytest.raises(CommandError, match="docx"):
        call_command("report", "decision", "latest", "--format", "pdf", "-o", str(path))
