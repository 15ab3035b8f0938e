"""The next version after a round: a new draft with the text proposals the coordinator took in
applied; a proposal whose passage no longer matches (or matches twice) is reported, not guessed."""

import datetime
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError

from riktning.audit.models import Event
from riktning.consultation import access, nextversion, services
from riktning.consultation.constants import Decision, Position
from riktning.consultation.models import ProposalOutcome, ProposalProblem, Recipient
from riktning.strategy.compare import compare_versions
from riktning.strategy.constants import VersionStatus
from riktning.strategy.models import DevelopmentArea, Goal, Section, Version
from riktning.strategy.tests.factories import (
    AreaFactory,
    GoalFactory,
    SectionFactory,
    VersionFactory,
)

from .factories import make_round, unchecked_comment

pytestmark = pytest.mark.django_db
ON_TIME = datetime.datetime(2023, 11, 20, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def draft(db):
    version = VersionFactory(status=VersionStatus.DRAFT, title="Strategi, remissversion")
    area = AreaFactory(
        version=version,
        title="Boende och närmiljö",
        description="Alla barn och unga ska känna sig trygga där de bor.",
    )
    GoalFactory(area=area, title="Tryggt boende för barn och unga")
    SectionFactory(
        version=version,
        heading="Inledning",
        body="Strategin gäller barn och unga. Barn och unga ska få stöd.",
    )
    version.status = VersionStatus.CONSULTATION
    version.save()
    return version


@pytest.fixture
def round(coordinator, orgs, draft):
    return make_round(coordinator, [orgs["social"], orgs["bildning"]], version=draft)


def statement_with(round, org, editor, proposals, *, checked=True):
    """Submit `org`'s statement with one comment per (anchor, passage, replacement); not
    `checked`: written without the check of the quote (as before quotes were checked)."""
    add = services.add_comment if checked else unchecked_comment
    recipient = Recipient.objects.get(round=round, organisation=org)
    statement = services.start_statement(recipient, by=editor)
    services.save_statement(statement, position=Position.POSITIVE_WITH_COMMENTS)
    comments = [
        add(
            statement,
            anchor=anchor,
            text="Förslag till ändrad lydelse.",
            replace_text=passage,
            replacement=replacement,
        )
        for anchor, passage, replacement in proposals
    ]
    services.submit_statement(statement, by=editor, now=ON_TIME)
    return comments


def decide(coordinator, comment, decision=Decision.TAKEN_IN):
    services.record_disposition(comment, by=coordinator, decision=decision, reason="Se beslut.")


def outcome_of(record, comment):
    return ProposalOutcome.objects.get(next_version=record, comment=comment)


def test_a_proposal_taken_in_is_applied_to_the_new_version_only(
    round, draft, coordinator, social_editor, orgs
):
    area = draft.areas.get()
    [comment] = statement_with(
        round, orgs["social"], social_editor, [(area, "barn och unga", "alla kommuninvånare")]
    )
    decide(coordinator, comment)

    record = nextversion.create_next_version(round, by=coordinator, title="Strategi, efter remiss")

    new = record.version
    assert new.status == VersionStatus.DRAFT
    assert new.based_on == draft
    assert new.areas.get().description == (
        "Alla alla kommuninvånare ska känna sig trygga där de bor."
    )
    assert DevelopmentArea.objects.get(pk=area.pk).description == area.description
    outcome = outcome_of(record, comment)
    assert outcome.applied and outcome.field == "description"
    assert outcome.part_id == new.areas.get().pk
    event = Event.objects.get(verb="next_version_created")
    assert event.object_id == str(new.pk)
    assert event.data["applied"] == 1 and event.data["not_applied"] == 0


def test_the_change_list_links_the_change_to_the_comment(
    round, draft, coordinator, social_editor, orgs
):
    goal = Goal.objects.get(area__version=draft)
    [comment] = statement_with(
        round, orgs["social"], social_editor, [(goal, "barn och unga", "alla kommuninvånare")]
    )
    decide(coordinator, comment)
    record = nextversion.create_next_version(round, by=coordinator, title="Efter remiss")

    forced, causes = nextversion.comparison_links(draft, record.version, coordinator)
    comparison = compare_versions(draft, record.version, forced=forced, causes=causes)

    [change] = comparison.changes
    assert (change.part_kind, change.kind) == ("goal", "renamed")
    assert change.causes == [comment]


def test_a_passage_no_longer_in_the_text_is_reported_and_nothing_changes_there(
    round, draft, coordinator, social_editor, orgs
):
    section = draft.sections.get()
    [comment] = statement_with(
        round, orgs["social"], social_editor, [(section, "Strategin gäller barn", "Den gäller")]
    )
    decide(coordinator, comment)
    # The coordinator rewrote the sentence in the draft after the statement came in.
    Section.objects.filter(pk=section.pk).update(body="Strategin omfattar barn och unga.")

    record = nextversion.create_next_version(round, by=coordinator, title="Efter remiss")

    outcome = outcome_of(record, comment)
    assert not outcome.applied
    assert outcome.problem == ProposalProblem.NOT_FOUND
    assert outcome.get_problem_display() == "Textstället finns inte längre i texten"
    assert record.version.sections.get().body == "Strategin omfattar barn och unga."


def test_a_passage_found_twice_is_not_guessed(round, draft, coordinator, social_editor, orgs):
    section = draft.sections.get()
    [comment] = statement_with(
        round, orgs["social"], social_editor, [(section, "arn och unga", "arn")], checked=False
    )
    decide(coordinator, comment)

    record = nextversion.create_next_version(round, by=coordinator, title="Efter remiss")

    outcome = outcome_of(record, comment)
    assert (outcome.applied, outcome.problem, outcome.detail) == (
        False,
        ProposalProblem.AMBIGUOUS,
        "2",
    )
    assert record.version.sections.get().body == section.body


def test_only_proposals_taken_in_are_applied_and_partly_only_when_ticked(
    round, draft, coordinator, social_editor, orgs
):
    goal = Goal.objects.get(area__version=draft)
    area = draft.areas.get()
    not_taken, partly, noted = statement_with(
        round,
        orgs["social"],
        social_editor,
        [
            (goal, "Tryggt", "Säkert"),
            (area, "Boende", "Bostad"),
            (area, "trygga", "säkra"),
        ],
    )
    decide(coordinator, not_taken, Decision.NOT_TAKEN_IN)
    decide(coordinator, partly, Decision.PARTLY_TAKEN_IN)
    decide(coordinator, noted, Decision.NOTED)

    first = nextversion.create_next_version(round, by=coordinator, title="Utan delvis")
    second = nextversion.create_next_version(
        round, by=coordinator, title="Med delvis", include_partly=True
    )

    assert first.outcomes.count() == 0
    new_area = first.version.areas.get()
    assert (new_area.title, new_area.goals.get().title) == (area.title, goal.title)
    assert [o.comment for o in second.outcomes.all()] == [partly]
    assert second.version.areas.get().title == "Bostad och närmiljö"
    assert second.version.areas.get().goals.get().title == goal.title


def test_a_corrected_statement_counts_only_in_its_latest_form(
    round, draft, coordinator, social_editor, orgs
):
    area = draft.areas.get()
    [old] = statement_with(round, orgs["social"], social_editor, [(area, "Boende", "Bostad")])
    decide(coordinator, old)
    recipient = Recipient.objects.get(round=round, organisation=orgs["social"])
    correction = services.start_statement(recipient, by=social_editor)
    services.submit_statement(correction, by=social_editor, now=ON_TIME)
    [new_comment] = correction.comments.all()
    decide(coordinator, new_comment, Decision.NOT_TAKEN_IN)

    record = nextversion.create_next_version(round, by=coordinator, title="Efter remiss")

    assert record.outcomes.count() == 0
    assert record.version.areas.get().title == "Boende och närmiljö"


def test_only_the_coordinator_creates_the_next_version(round, social_editor, reader):
    for person in (social_editor, reader):
        with pytest.raises(PermissionDenied):
            access.get_round_for_manage(person, round.pk)
        with pytest.raises(CommandError, match="Bara en samordnare"):
            call_command("next_version", str(round.pk), "--title", "X", "--by", person.username)
    assert Version.objects.count() == 1


def test_find_and_replace_is_exact():
    fields = {"title": "Trygg uppväxt", "description": "Alla barn.\r\nAlla unga."}
    assert nextversion.find_and_replace(fields, "barn.\nAlla", "barn och").text == (
        "Alla barn och unga."
    )
    assert nextversion.find_and_replace(fields, "Alla", "Varje").problem == "ambiguous"
    assert nextversion.find_and_replace(fields, "trygg", "säker").problem == "not_found"
    assert nextversion.find_and_replace(fields, "   ", "x").problem == "not_found"


def test_the_command_creates_the_next_version_and_reports_each_proposal(
    round, draft, coordinator, social_editor, orgs
):

    area = draft.areas.get()
    applied, stale = statement_with(
        round,
        orgs["social"],
        social_editor,
        [(area, "Boende", "Bostad"), (area, "finns inte", "x")],
        checked=False,
    )
    decide(coordinator, applied)
    decide(coordinator, stale)
    out = StringIO()

    call_command(
        "next_version", "latest", "--title", "Efter remiss", "--by", "samordnare", stdout=out
    )

    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Skapade ”Efter remiss” (version ")
    assert lines[1].endswith(": infört i title – ”Boende”")
    assert "Textstället finns inte längre i texten" in lines[2]
    with pytest.raises(CommandError, match="Bara en samordnare"):
        call_command("next_version", str(round.pk), "--title", "X", "--by", social_editor.username)
