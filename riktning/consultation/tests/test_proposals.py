"""Comments on the whole draft, and proposals that insert, delete or add: each kind checked when
written (refused, nothing saved) and applied by "create the next version", with the outcome said
in words when it cannot be applied and the change credited to the comment in the comparison."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from riktning.consultation import nextversion, services
from riktning.consultation.constants import Decision, Position, ProposalKind
from riktning.consultation.models import Comment, ProposalOutcome, Recipient
from riktning.consultation.summary import compile_summary
from riktning.strategy.compare import compare_versions
from riktning.strategy.constants import VersionStatus
from riktning.strategy.models import DevelopmentArea, Goal, GoalIndicator, Section
from riktning.strategy.tests.factories import (
    AreaFactory,
    GoalFactory,
    IndicatorFactory,
    SectionFactory,
    VersionFactory,
)

from .factories import make_round

pytestmark = pytest.mark.django_db
ON_TIME = datetime.datetime(2023, 11, 20, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def draft(db):
    version = VersionFactory(status=VersionStatus.DRAFT, title="Strategi, remissversion")
    SectionFactory(
        version=version,
        order=1,
        heading="Inledning",
        body="Strategin gäller alla. Barn ska få stöd. Unga ska få stöd.",
    )
    area = AreaFactory(
        version=version,
        order=2,
        title="Boende och närmiljö",
        description="Alla ska känna sig trygga där de bor.",
    )
    AreaFactory(version=version, order=3, title="Meningsfull fritid", description="Fritid.")
    goal = GoalFactory(area=area, order=1, title="Tryggt boende")
    GoalIndicator.objects.create(
        goal=goal, indicator=IndicatorFactory(title="Andel i trångboddhet"), role="primary"
    )
    version.status = VersionStatus.CONSULTATION
    version.save()
    return version


@pytest.fixture
def round(coordinator, orgs, draft):
    return make_round(coordinator, [orgs["social"], orgs["bildning"]], version=draft)


@pytest.fixture
def statement(round, orgs, social_editor):
    recipient = Recipient.objects.get(round=round, organisation=orgs["social"])
    statement = services.start_statement(recipient, by=social_editor)
    services.save_statement(statement, position=Position.POSITIVE_WITH_COMMENTS)
    return statement


def add(statement, anchor, kind="", **fields):
    return services.add_comment(
        statement, anchor=anchor, text="Synpunkt.", proposal_kind=kind, **fields
    )


def submit_and_take_in(statement, coordinator, social_editor):
    services.submit_statement(statement, by=social_editor, now=ON_TIME)
    for comment in statement.comments.all():
        services.record_disposition(
            comment, by=coordinator, decision=Decision.TAKEN_IN, reason="Beaktas."
        )


def test_a_comment_on_the_whole_draft_has_no_part_and_comes_first(
    round, statement, draft, coordinator, social_editor
):
    area = draft.areas.get(title="Boende och närmiljö")
    add(statement, area)
    whole = add(statement, None)

    assert whole.anchor is None and whole.anchor_kind == "" and whole.is_whole_draft
    submit_and_take_in(statement, coordinator, social_editor)
    summary = compile_summary(round)
    [(_statement, comments)] = summary.bodies
    assert [c.label for c in comments] == ["Hela förslaget", "Område: Boende och närmiljö"]
    assert [p.label for p in summary.parts] == ["Hela förslaget", "Område: Boende och närmiljö"]
    assert summary.changes[0].label == "Hela förslaget"


def test_every_kind_taken_in_is_applied_to_the_next_version(
    round, statement, draft, coordinator, social_editor
):
    section = draft.sections.get()
    area = draft.areas.get(title="Boende och närmiljö")
    goal = area.goals.get()
    indicator = IndicatorFactory(title="Andel som känner sig trygga")
    other = IndicatorFactory(title="Andel med eget boende")
    add(
        statement,
        section,
        ProposalKind.INSERT,
        replace_text="Strategin gäller alla.",
        replacement="Den gäller till 2030.",
    )
    add(statement, section, ProposalKind.DELETE_TEXT, replace_text=" Unga ska få stöd.")
    add(
        statement,
        area,
        ProposalKind.ADD_SECTION,
        new_title="Bakgrund",
        replacement="Om boendet i kommunen.",
    )
    add(
        statement,
        None,
        ProposalKind.ADD_AREA,
        new_title="Delaktighet",
        replacement="Alla ska kunna påverka.",
    )
    add(statement, section, ProposalKind.ADD_AREA, new_title="Trygghet")
    add(statement, goal, ProposalKind.ADD_GOAL, replacement="Ingen ska vara hemlös.")
    add(
        statement,
        area,
        ProposalKind.ADD_GOAL,
        replacement="Fler ska äga sitt boende.",
        indicator=other,
    )
    add(
        statement,
        goal,
        ProposalKind.ADD_INDICATOR,
        indicator=indicator,
        replacement="Trygghet i bostadsområdet",
    )
    add(statement, draft.areas.get(title="Meningsfull fritid"), ProposalKind.DELETE_PART)
    submit_and_take_in(statement, coordinator, social_editor)

    record = nextversion.create_next_version(round, by=coordinator, title="Efter remissen")

    assert not record.outcomes.filter(applied=False).exists(), [
        nextversion.outcome_message(o) for o in record.outcomes.filter(applied=False)
    ]
    new = record.version
    intro = new.sections.get(heading="Inledning")
    assert intro.body == "Strategin gäller alla. Den gäller till 2030. Barn ska få stöd."
    # top level in reading order: the section, the new area after it, the area, the new area last
    top = [
        getattr(p, "heading", "") or p.title
        for p in sorted(
            [*new.sections.filter(parent=None, area=None), *new.areas.all()],
            key=lambda p: (p.order, 0 if isinstance(p, Section) else 1),
        )
    ]
    assert top == ["Inledning", "Trygghet", "Boende och närmiljö", "Delaktighet"]
    assert new.areas.get(title="Delaktighet").description == "Alla ska kunna påverka."
    assert not DevelopmentArea.objects.filter(version=new, title="Meningsfull fritid").exists()
    new_area = new.areas.get(title="Boende och närmiljö")
    assert new_area.sections.get().heading == "Bakgrund"
    assert [g.title for g in new_area.goals.order_by("order")] == [
        "Tryggt boende",
        "Ingen ska vara hemlös.",
        "Fler ska äga sitt boende.",
    ]
    link = GoalIndicator.objects.get(goal__area=new_area, indicator=indicator)
    assert (link.indicator, link.wording) == (indicator, "Trygghet i bostadsområdet")
    assert GoalIndicator.objects.get(goal__title="Fler ska äga sitt boende.").indicator == other
    # the consulted version is untouched
    assert draft.areas.count() == 2 + 0 and Goal.objects.filter(area__version=draft).count() == 1

    # every change is credited to its comment in the comparison, not to a hand edit
    forced, causes = nextversion.comparison_links(draft, new, coordinator)
    changes = compare_versions(draft, new, forced=forced, causes=causes).changes
    added = {c.new.name: c for c in changes if c.kind == "added"}
    for name in ("Delaktighet", "Trygghet", "Bakgrund", "Ingen ska vara hemlös."):
        assert added[name].causes and added[name].edited_by == [], name
    [removed] = [c for c in changes if c.kind == "removed" and c.part_kind == "area"]
    assert removed.old.name == "Meningsfull fritid" and removed.causes


def test_a_proposal_that_cannot_be_applied_says_why_naming_comment_body_and_part(
    round, statement, draft, coordinator, social_editor
):
    area = draft.areas.get(title="Boende och närmiljö")
    goal = area.goals.get()
    add(statement, area, ProposalKind.DELETE_PART)
    add(statement, goal, ProposalKind.ADD_GOAL, replacement="Ett mål till.")
    submit_and_take_in(statement, coordinator, social_editor)

    record = nextversion.create_next_version(round, by=coordinator, title="Efter remissen")

    outcome = ProposalOutcome.objects.get(next_version=record, applied=False)
    assert nextversion.outcome_message(outcome) == (
        "Förslaget i synpunkt 2 från Socialförvaltningen (Mål: Tryggt boende) infördes inte. "
        "Delen finns inte längre i den nya versionen."
    )


@pytest.mark.parametrize(
    "kind, part, fields, field, message",
    [
        (
            ProposalKind.REPLACE,
            "section",
            {"replace_text": "Finns inte."},
            "replace_text",
            "Det citerade textstället finns inte i ”Inledning”",
        ),
        (
            ProposalKind.INSERT,
            "section",
            {"replace_text": "ska få stöd.", "replacement": "X"},
            "replace_text",
            "Ange mer sammanhang",
        ),
        (
            ProposalKind.DELETE_TEXT,
            "section",
            {"replace_text": "Finns inte."},
            "replace_text",
            "Textstället som ska strykas finns inte i ”Inledning”",
        ),
        (
            ProposalKind.INSERT,
            None,
            {"replace_text": "Strategin gäller alla.", "replacement": "X"},
            "anchor",
            "välj delen",
        ),
        (ProposalKind.ADD_INDICATOR, "area", {}, "anchor", "välj målet"),
        (
            ProposalKind.ADD_SECTION,
            "section",
            {"replacement": "Text."},
            "new_title",
            "Ge den nya delen en rubrik",
        ),
        (
            ProposalKind.DELETE_PART,
            "section",
            {"replacement": "Text."},
            "replacement",
            "Lämna tomt",
        ),
    ],
)
def test_a_proposal_that_does_not_fit_is_refused_and_nothing_is_saved(
    statement, draft, kind, part, fields, field, message
):
    anchors = {
        "section": draft.sections.get(),
        "area": draft.areas.get(title="Boende och närmiljö"),
        None: None,
    }
    with pytest.raises(ValidationError) as refused:
        add(statement, anchors[part], kind, **fields)
    assert message in " ".join(refused.value.message_dict[field])
    assert not Comment.objects.exists()


def test_a_goal_for_an_area_of_another_version_is_refused(statement, draft):
    elsewhere = AreaFactory(title="Ett område i en annan version")
    with pytest.raises(ValidationError) as refused:
        add(statement, elsewhere, ProposalKind.ADD_GOAL, replacement="Ett mål.")
    assert "annan version" in " ".join(refused.value.message_dict["anchor"])
    assert not Comment.objects.exists()


def test_an_indicator_the_goal_already_uses_is_refused(statement, draft):
    goal = Goal.objects.get(area__version=draft)
    indicator = goal.indicator_links.get().indicator
    with pytest.raises(ValidationError) as refused:
        add(statement, goal, ProposalKind.ADD_INDICATOR, indicator=indicator)
    assert "använder redan" in " ".join(refused.value.message_dict["indicator"])


def test_inserted_text_is_joined_by_a_space_unless_it_starts_with_one_or_punctuation():
    assert nextversion.inserted("Alla.", "Nya.") == "Alla. Nya."
    assert nextversion.inserted("Alla", ", även unga") == "Alla, även unga"
    assert nextversion.inserted("Alla.\n", "Nya.") == "Alla.\nNya."
    assert nextversion.inserted("Alla.", "\n\nNytt stycke.") == "Alla.\n\nNytt stycke."


def test_the_whole_draft_comes_first_in_the_word_and_html_summary(
    round, statement, draft, coordinator, social_editor
):
    import io

    from docx import Document

    from riktning.consultation import report

    area = draft.areas.get(title="Boende och närmiljö")
    add(statement, area, ProposalKind.ADD_GOAL, replacement="Ingen ska vara hemlös.")
    add(statement, None, ProposalKind.ADD_AREA, new_title="Delaktighet")
    submit_and_take_in(statement, coordinator, social_editor)

    document = Document(io.BytesIO(report.render(round, "docx")))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    by_body = headings[headings.index("Synpunkter per remissinstans") :]
    by_part = headings[headings.index("Synpunkter per del av utkastet") :]
    assert by_body[2:4] == ["Hela förslaget", "Område: Boende och närmiljö"]
    assert by_part[1:3] == ["Hela förslaget", "Område: Boende och närmiljö"]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Nytt utvecklingsområde ”Delaktighet”." in text
    assert "Nytt mål: ”Ingen ska vara hemlös.”." in text

    html = report.render(round, "html").decode()
    assert html.index("Hela förslaget") < html.index("Område: Boende och närmiljö")
