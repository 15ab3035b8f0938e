"""Issue 14, "Done when": the demo's 2023 round replayed from a statement received on paper to
the next version, with proposals that add a sentence, a section, a goal with its indicator and an
area taken in: "create the next version" yields a version that contains them all, with no hand
edit, each change credited to its comment. A point on the whole draft is listed first."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from riktning.consultation import nextversion, quotes, services
from riktning.consultation.constants import Decision, Position, ProposalKind, ReceivedVia
from riktning.consultation.models import Recipient, Round
from riktning.consultation.summary import compile_summary
from riktning.devtools.demo import seed_demo
from riktning.indicators.models import Indicator
from riktning.strategy.compare import compare_versions
from riktning.strategy.models import GoalIndicator

pytestmark = pytest.mark.django_db
REGISTERED_AT = datetime.datetime(2023, 12, 4, 9, 0, tzinfo=datetime.UTC)
RECEIVED_ON = datetime.date(2023, 11, 30)


def test_the_demo_round_goes_from_a_paper_statement_to_the_next_version_without_hand_edits():
    seed_demo()
    round = Round.objects.get()
    draft = round.version
    coordinator = get_user_model().objects.get(username="samordnare")
    recipient = Recipient.objects.get(round=round, organisation__name="Socialnämnden")
    letter = draft.sections.get(parent=None, area=None)
    first_sentence = quotes.sentences(letter)[1]  # the first one after the heading
    housing = draft.areas.get(title="Boende och närmiljö")
    education = draft.areas.get(title="Utbildning och sysselsättning")
    indicator = Indicator.objects.order_by("title").first()

    statement = services.start_registered_statement(
        recipient, by=coordinator, received_on=RECEIVED_ON, received_via=ReceivedVia.PAPER
    )
    services.save_statement(
        statement,
        position=Position.POSITIVE_WITH_COMMENTS,
        decision_body="Socialnämnden",
        received_on=RECEIVED_ON,
        received_via=ReceivedVia.PAPER,
    )
    proposals = [
        (housing, {"text": "Nämnden vill se ett avsnitt om hemlöshet."}),
        (
            letter,
            {
                "text": "Nämnden föreslår ett tillägg.",
                "proposal_kind": ProposalKind.INSERT,
                "replace_text": first_sentence,
                "replacement": "Socialnämnden har deltagit i arbetet.",
            },
        ),
        (
            housing,
            {
                "text": "Ett avsnitt om hemlöshet saknas.",
                "proposal_kind": ProposalKind.ADD_SECTION,
                "new_title": "Hemlöshet",
                "replacement": "Ingen ska vara hemlös i kommunen.",
            },
        ),
        (
            education,
            {
                "text": "Ett mål med en indikator behövs.",
                "proposal_kind": ProposalKind.ADD_GOAL,
                "replacement": "Fler elever ska nå kunskapskraven.",
                "indicator": indicator,
            },
        ),
        (
            None,
            {
                "text": "Målvärden saknas för samtliga indikatorer; ett område om delaktighet "
                "behövs.",
                "proposal_kind": ProposalKind.ADD_AREA,
                "new_title": "Delaktighet",
                "replacement": "Kommuninvånarna ska vara delaktiga.",
            },
        ),
    ]
    for anchor, fields in proposals:
        services.add_comment(statement, anchor=anchor, **fields)
    services.submit_statement(statement, by=coordinator, now=REGISTERED_AT)
    for comment in statement.comments.all():
        decision = Decision.TAKEN_IN if comment.has_proposal else Decision.NOTED
        services.record_disposition(comment, by=coordinator, decision=decision, reason="Beaktas.")

    summary = compile_summary(round)
    assert summary.parts[0].label == "Hela förslaget"
    assert summary.changes[0].label == "Hela förslaget"

    record = nextversion.create_next_version(
        round, by=coordinator, title="Strategi för social hållbarhet, efter remissen"
    )

    outcomes = list(record.outcomes.all())
    assert len(outcomes) == 4 and all(o.applied for o in outcomes), [
        nextversion.outcome_message(o) for o in outcomes if not o.applied
    ]
    new = record.version
    new_letter = new.sections.get(heading=letter.heading, parent=None, area=None)
    assert f"{first_sentence} Socialnämnden har deltagit i arbetet." in new_letter.body
    new_housing = new.areas.get(title="Boende och närmiljö")
    assert new_housing.sections.get(heading="Hemlöshet").body == "Ingen ska vara hemlös i kommunen."
    goal = new.areas.get(title="Utbildning och sysselsättning").goals.get()
    assert goal.title == "Fler elever ska nå kunskapskraven."
    assert GoalIndicator.objects.get(goal=goal).indicator == indicator
    assert new.areas.order_by("-order").first().title == "Delaktighet"

    forced, causes = nextversion.comparison_links(draft, new, coordinator)
    changes = compare_versions(draft, new, forced=forced, causes=causes).changes
    for change in changes:
        if change.kind == "added" and change.part_kind != "indicator":
            assert change.causes and change.edited_by == [], change
    text_changes = [c for c in changes if c.part_kind == "section" and c.kind != "added"]
    assert text_changes and all(c.causes and c.edited_by == [] for c in text_changes)
