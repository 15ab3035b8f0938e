"""Causes in the change list only where they are true (issue 14, item 7): a change is credited to a
comment when its applied text proposal made that change (and the text still holds it) or when the
coordinator linked it by hand; a change made by hand is shown as "ändrat av <person>"."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from riktning.audit.models import Event
from riktning.consultation import nextversion, services
from riktning.consultation.constants import Decision, Position
from riktning.consultation.models import ChangeLink, Recipient
from riktning.strategy import services as strategy_services
from riktning.strategy.compare import compare_versions
from riktning.strategy.constants import VersionStatus
from riktning.strategy.models import DevelopmentArea, Goal
from riktning.strategy.tests.factories import AreaFactory, GoalFactory, VersionFactory

from .factories import make_round

pytestmark = pytest.mark.django_db
ON_TIME = datetime.datetime(2023, 11, 20, 10, 0, tzinfo=datetime.UTC)
DESCRIPTION = "Alla barn och unga ska känna sig trygga där de bor."


@pytest.fixture
def draft(db):
    version = VersionFactory(status=VersionStatus.DRAFT, title="Strategi, remissversion")
    area = AreaFactory(version=version, title="Boende och närmiljö", description=DESCRIPTION)
    GoalFactory(area=area, title="Tryggt boende för barn och unga")
    version.status = VersionStatus.CONSULTATION
    version.save()
    return version


@pytest.fixture
def round(coordinator, orgs, draft):
    return make_round(coordinator, [orgs["social"]], version=draft)


@pytest.fixture
def comments(round, draft, coordinator, social_editor, orgs):
    """A text proposal on the area's description and a note (no proposal) on the goal, both
    taken in, and the next version made from them."""
    recipient = Recipient.objects.get(round=round, organisation=orgs["social"])
    statement = services.start_statement(recipient, by=social_editor)
    services.save_statement(statement, position=Position.POSITIVE_WITH_COMMENTS)
    proposal = services.add_comment(
        statement,
        anchor=draft.areas.get(),
        text="Vidga målgruppen.",
        replace_text="barn och unga",
        replacement="kommuninvånare",
    )
    note = services.add_comment(
        statement, anchor=Goal.objects.get(area__version=draft), text="Målet bör gälla alla."
    )
    services.submit_statement(statement, by=social_editor, now=ON_TIME)
    for comment in (proposal, note):
        services.record_disposition(
            comment, by=coordinator, decision=Decision.TAKEN_IN, reason="Beaktas."
        )
    record = nextversion.create_next_version(round, by=coordinator, title="Efter remiss")
    return proposal, note, record.version


def _edit_by_hand(obj, user, **values):
    """A coordinator's edit as the web form saves it (the history middleware sets the user)."""
    fresh = type(obj).objects.get(pk=obj.pk)
    for name, value in values.items():
        setattr(fresh, name, value)
    fresh._history_user = user
    strategy_services.save_content(fresh)
    return fresh


def _changes(draft, new, user):
    forced, causes = nextversion.comparison_links(draft, new, user)
    return compare_versions(draft, new, forced=forced, causes=causes).changes


def _name(user):
    return user.get_full_name() or user.get_username()


def test_the_applied_proposal_is_credited_and_is_not_a_hand_edit(draft, comments, coordinator):
    proposal, _note, new = comments
    [change] = _changes(draft, new, coordinator)
    assert (change.part_kind, change.kind) == ("area", "text_changed")
    assert change.causes == [proposal] and change.causes[0].proposal_applied
    assert change.edited_by == []


def test_a_hand_edit_is_not_credited_to_a_nearby_text_proposal(draft, comments, coordinator):
    proposal, _note, new = comments
    _edit_by_hand(new.areas.get(), coordinator, title="Boende, närmiljö och trygghet")
    changes = {change.kind: change for change in _changes(draft, new, coordinator)}
    assert set(changes) == {"renamed", "text_changed"}
    assert changes["renamed"].causes == []  # the proposal changed the description only
    assert changes["renamed"].edited_by == [_name(coordinator)]
    assert changes["text_changed"].causes == [proposal]
    assert changes["text_changed"].edited_by == []


def test_a_note_is_not_credited_as_an_applied_proposal(draft, comments, coordinator, personas):
    _proposal, note, new = comments
    goal = Goal.objects.get(area__version=new)
    _edit_by_hand(goal, coordinator, title="Tryggt boende för alla")
    [renamed] = [c for c in _changes(draft, new, coordinator) if c.part_kind == "goal"]
    assert renamed.causes == [] and renamed.edited_by == [_name(coordinator)]
    page = personas["coordinator"].get(f"/versioner/{draft.pk}/jamfor/{new.pk}/")
    html = page.content.decode()
    assert f"#comment-{note.pk}" not in html
    assert f"ändrat av {_name(coordinator)}" in html

    # The coordinator links it by hand: now credited, as a link, not as an applied proposal.
    nextversion.link_change(note, goal, by=coordinator)
    [renamed] = [c for c in _changes(draft, new, coordinator) if c.part_kind == "goal"]
    assert renamed.causes == [note]
    assert renamed.causes[0].linked_by_hand and not renamed.causes[0].proposal_applied
    html = personas["coordinator"].get(f"/versioner/{draft.pk}/jamfor/{new.pk}/").content.decode()
    assert "Synpunkt från Socialförvaltningen</a> (kopplad av samordnaren)" in html
    assert Event.objects.filter(verb="change_linked").count() == 1

    nextversion.unlink_change(ChangeLink.objects.get(), by=coordinator)
    [renamed] = [c for c in _changes(draft, new, coordinator) if c.part_kind == "goal"]
    assert renamed.causes == []


def test_a_reverted_change_loses_its_credit(draft, comments, coordinator):
    proposal, _note, new = comments
    area = _edit_by_hand(new.areas.get(), coordinator, description=DESCRIPTION)
    assert _changes(draft, new, coordinator) == []

    _edit_by_hand(area, coordinator, description="Alla ska kunna bo tryggt.")
    [change] = _changes(draft, new, coordinator)
    assert change.kind == "text_changed"
    assert change.causes == [] and change.edited_by == [_name(coordinator)]


def test_a_link_to_a_part_of_another_version_is_refused(draft, comments, coordinator):
    _proposal, note, _new = comments
    elsewhere = AreaFactory(version=VersionFactory(title="Annan strategi"))
    with pytest.raises(ValidationError, match="inte bygger på den remitterade versionen"):
        nextversion.link_change(note, elsewhere, by=coordinator)
    with pytest.raises(ValidationError, match="inte bygger på den remitterade versionen"):
        nextversion.link_change(note, DevelopmentArea.objects.get(version=draft), by=coordinator)
    assert not ChangeLink.objects.exists()


def test_applying_proposals_from_the_web_is_not_shown_as_a_hand_edit(
    round, draft, coordinator, social_editor, orgs, personas
):
    recipient = Recipient.objects.get(round=round, organisation=orgs["social"])
    statement = services.start_statement(recipient, by=social_editor)
    services.save_statement(statement, position=Position.POSITIVE_WITH_COMMENTS)
    comment = services.add_comment(
        statement,
        anchor=draft.areas.get(),
        text="Vidga målgruppen.",
        replace_text="barn och unga",
        replacement="kommuninvånare",
    )
    services.submit_statement(statement, by=social_editor, now=ON_TIME)
    services.record_disposition(
        comment, by=coordinator, decision=Decision.TAKEN_IN, reason="Beaktas."
    )
    client = personas["coordinator"]
    response = client.post(f"/remisser/{round.pk}/nasta-version/", {"title": "Efter remiss"})
    assert response.status_code == 302
    new = DevelopmentArea.objects.exclude(version=draft).get().version
    html = client.get(f"/versioner/{draft.pk}/jamfor/{new.pk}/").content.decode()
    assert "Synpunkt från Socialförvaltningen</a> (textförslaget infört)" in html
    assert "ändrat av" not in html
