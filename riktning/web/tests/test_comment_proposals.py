"""The comment form through the web: "Hela förslaget" as the first choice, a comment on the whole
draft saved without a part and listed first, proposals that insert or add saved, and each
proposal that cannot be applied refused at once with a Swedish message, nothing written."""

import datetime

import lxml.html
import pytest
from django.utils import timezone

from riktning.consultation import services
from riktning.consultation.constants import Position, ProposalKind
from riktning.consultation.models import Comment, Recipient
from riktning.consultation.tests.factories import make_round
from riktning.strategy.constants import VersionStatus
from riktning.strategy.tests.factories import (
    AreaFactory,
    IndicatorFactory,
    SectionFactory,
    VersionFactory,
)
from riktning.web.revisions import current_revision

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(coordinator, orgs, social_editor):
    reply_by = timezone.localdate() + datetime.timedelta(days=30)
    version = VersionFactory(status=VersionStatus.DRAFT)
    SectionFactory(
        version=version,
        order=1,
        heading="Inledning",
        body="Barn ska få stöd. Unga ska få stöd. Alla ska vara trygga.",
    )
    AreaFactory(version=version, order=2, title="Boende och närmiljö", description="Tryggt.")
    version.status = VersionStatus.CONSULTATION
    version.save()
    round = make_round(coordinator, [orgs["social"]], version=version, reply_by=reply_by)
    recipient = Recipient.objects.get(round=round, organisation=orgs["social"])
    statement = services.start_statement(recipient, by=social_editor)
    services.save_statement(statement, position=Position.POSITIVE_WITH_COMMENTS)
    return statement


def _post(personas, draft, data):
    return personas["social_editor"].post(f"/yttranden/{draft.pk}/synpunkt/ny/", data)


def test_the_whole_draft_is_the_first_choice_and_a_comment_on_it_has_no_part(personas, draft):
    page = personas["social_editor"].get(f"/yttranden/{draft.pk}/synpunkt/ny/")
    options = lxml.html.fromstring(page.text).xpath('//select[@name="anchor"]//option')
    assert (options[0].get("value"), options[0].text) == ("whole", "Hela förslaget")
    area = draft.round.version.areas.get()
    services.add_comment(draft, anchor=area, text="Om området.")

    response = _post(personas, draft, {"anchor": "whole", "text": "Målvärden saknas."})

    assert response.status_code == 302
    whole = Comment.objects.get(text="Målvärden saknas.")
    assert whole.anchor is None
    page = personas["social_editor"].get(f"/yttranden/{draft.pk}/andra/")
    headings = lxml.html.fromstring(page.text).xpath('//article[@class="comment"]/h3/text()')
    assert headings == ["Hela förslaget", "Område: Boende och närmiljö"]
    # changed again through its own form, the whole draft still chosen
    edit = personas["social_editor"].get(f"/synpunkter/{whole.pk}/andra/")
    assert 'value="whole" selected' in edit.text
    response = personas["social_editor"].post(
        f"/synpunkter/{whole.pk}/andra/",
        {
            "anchor": "whole",
            "text": "Målvärden saknas överallt.",
            "revision": current_revision(whole),
        },
    )
    assert response.status_code == 302


def test_an_insert_and_a_new_goal_with_its_indicator_are_saved(personas, draft):
    version = draft.round.version
    section, area = version.sections.get(), version.areas.get()
    indicator = IndicatorFactory(title="Andel som känner sig trygga")
    assert (
        _post(
            personas,
            draft,
            {
                "anchor": f"section:{section.pk}",
                "text": "Ett tillägg.",
                "proposal_kind": ProposalKind.INSERT,
                "pick": "Alla ska vara trygga.",
                "replacement": "Även äldre.",
            },
        ).status_code
        == 302
    )
    assert (
        _post(
            personas,
            draft,
            {
                "anchor": f"area:{area.pk}",
                "text": "Ett mål.",
                "proposal_kind": ProposalKind.ADD_GOAL,
                "replacement": "Alla ska bo tryggt.",
                "indicator": indicator.pk,
            },
        ).status_code
        == 302
    )
    insert, goal = Comment.objects.order_by("order")
    assert (insert.proposal_kind, insert.replace_text) == ("insert", "Alla ska vara trygga.")
    assert (goal.proposal_kind, goal.indicator) == ("add_goal", indicator)
    page = personas["social_editor"].get(f"/yttranden/{draft.pk}/andra/")
    assert "Infoga text efter ett textställe" in page.text
    assert "Andel som känner sig trygga" in page.text


@pytest.mark.parametrize(
    "case, message",
    [
        ("quote not in the part", "Det citerade textstället finns inte i ”Inledning”"),
        ("insert after a passage found twice", "Ange mer sammanhang"),
        (
            "delete a passage not in the part",
            "Textstället som ska strykas finns inte i ”Inledning”",
        ),
        ("goal in an area of another version", "hör till en annan version"),
        ("quote on the whole draft", "välj delen, inte hela förslaget"),
        ("new section without a title", "Ge den nya delen en rubrik"),
    ],
)
def test_a_proposal_that_cannot_be_applied_is_refused_at_once_and_nothing_is_written(
    personas, draft, case, message
):
    section = draft.round.version.sections.get()
    on_section = {"anchor": f"section:{section.pk}", "text": "Synpunkt."}
    data = {
        "quote not in the part": {
            **on_section,
            "proposal_kind": ProposalKind.REPLACE,
            "replace_text": "Vuxna ska få stöd.",
            "replacement": "Alla ska få stöd.",
        },
        "insert after a passage found twice": {
            **on_section,
            "proposal_kind": ProposalKind.INSERT,
            "replace_text": "ska få stöd.",
            "replacement": "Och hjälp.",
        },
        "delete a passage not in the part": {
            **on_section,
            "proposal_kind": ProposalKind.DELETE_TEXT,
            "replace_text": "Vuxna ska få stöd.",
        },
        "goal in an area of another version": {
            "anchor": f"area:{AreaFactory(title='Gammalt område').pk}",
            "text": "Synpunkt.",
            "proposal_kind": ProposalKind.ADD_GOAL,
            "replacement": "Ett mål.",
        },
        "quote on the whole draft": {
            "anchor": "whole",
            "text": "Synpunkt.",
            "proposal_kind": ProposalKind.INSERT,
            "replace_text": "Barn ska få stöd.",
            "replacement": "Och hjälp.",
        },
        "new section without a title": {
            **on_section,
            "proposal_kind": ProposalKind.ADD_SECTION,
            "replacement": "Text.",
        },
    }[case]

    response = _post(personas, draft, data)

    assert response.status_code == 200
    assert message in response.text
    assert not Comment.objects.exists()


def test_the_next_version_page_says_what_was_added_and_why_a_proposal_was_not_applied(
    personas, draft, coordinator, social_editor
):
    from riktning.consultation import nextversion
    from riktning.consultation.constants import Decision

    version = draft.round.version
    area = version.areas.get()
    services.add_comment(
        draft,
        anchor=None,
        text="Ett område saknas.",
        proposal_kind=ProposalKind.ADD_AREA,
        new_title="Delaktighet",
    )
    services.add_comment(draft, anchor=area, text="Stryk.", proposal_kind=ProposalKind.DELETE_PART)
    services.add_comment(
        draft,
        anchor=area,
        text="Ett mål.",
        proposal_kind=ProposalKind.ADD_GOAL,
        replacement="Alla ska bo tryggt.",
    )
    services.submit_statement(draft, by=social_editor)
    for comment in draft.comments.all():
        services.record_disposition(
            comment, by=coordinator, decision=Decision.TAKEN_IN, reason="Beaktas."
        )
    record = nextversion.create_next_version(draft.round, by=coordinator, title="Efter remissen")

    page = personas["coordinator"].get(f"/versioner/{record.version_id}/fran-remissen/")

    assert page.status_code == 200
    assert (
        "Förslaget i synpunkt 3 från Socialförvaltningen (Område: Boende och närmiljö) infördes "
        "inte. Delen finns inte längre i den nya versionen." in page.text
    )
    assert "Nytt utvecklingsområde ”Delaktighet”." in page.text
    assert "Lägg till ett utvecklingsområde" in page.text  # what was done, for an added part
