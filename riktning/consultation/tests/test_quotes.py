"""A text proposal's quote is checked as it is written: a passage not in the chosen part, or one
that occurs more than once, is refused at once with a Swedish message naming the part, and
nothing is written. Comments in a draft statement can be changed with the same checks."""

import pytest
from django.core.exceptions import ValidationError

from riktning.consultation import quotes, services
from riktning.consultation.models import Comment, Recipient
from riktning.strategy.constants import VersionStatus
from riktning.strategy.tests.factories import AreaFactory, SectionFactory, VersionFactory

from .factories import make_round


@pytest.fixture
def draft(db):
    version = VersionFactory(status=VersionStatus.DRAFT)
    AreaFactory(version=version, title="Boende och närmiljö", description="Alla ska bo tryggt.")
    SectionFactory(
        version=version,
        heading="Inledning",
        body=(
            "Strategin gäller barn och unga.\r\n\r\nBarn och unga ska få stöd. Alla ska bo tryggt."
        ),
    )
    version.status = VersionStatus.CONSULTATION
    version.save()
    return version


@pytest.fixture
def statement(coordinator, orgs, draft, social_editor):
    round = make_round(coordinator, [orgs["social"]], version=draft)
    recipient = Recipient.objects.get(round=round, organisation=orgs["social"])
    return services.start_statement(recipient, by=social_editor)


def test_a_quote_not_in_the_part_is_refused_naming_the_part(statement, draft):
    area = draft.areas.get()
    with pytest.raises(ValidationError) as refused:
        services.add_comment(
            statement, anchor=area, text="Byt ord.", replace_text="Bostadsområde", replacement="X"
        )
    [message] = refused.value.message_dict["replace_text"]
    assert message.startswith("Det citerade textstället finns inte i ”Boende och närmiljö”")
    assert not Comment.objects.exists()


def test_a_quote_that_occurs_twice_asks_for_more_context(statement, draft):
    section = draft.sections.get()
    with pytest.raises(ValidationError) as refused:
        services.add_comment(
            statement, anchor=section, text="Vidga.", replace_text="och unga", replacement="alla"
        )
    [message] = refused.value.message_dict["replace_text"]
    assert "förekommer 2 gånger i ”Inledning”" in message
    assert "Citera mer av texten runt omkring" in message
    assert not Comment.objects.exists()


def test_a_quote_found_once_is_saved_and_a_comment_without_quote_needs_none(statement, draft):
    section = draft.sections.get()
    comment = services.add_comment(
        statement,
        anchor=section,
        text="Vidga.",
        replace_text="gäller barn och unga",
        replacement="gäller alla",
    )
    plain = services.add_comment(statement, anchor=section, text="Bra text.")
    assert (comment.replace_text, plain.replace_text) == ("gäller barn och unga", "")


def test_a_draft_comment_is_changed_with_the_same_checks(statement, draft):
    section, area = draft.sections.get(), draft.areas.get()
    comment = services.add_comment(statement, anchor=section, text="Vidga.")
    with pytest.raises(ValidationError):
        services.update_comment(
            comment, anchor=area, text="Ändrad.", replace_text="Strategin gäller", replacement="X"
        )
    comment.refresh_from_db()
    assert (comment.section_id, comment.area_id, comment.text) == (section.pk, None, "Vidga.")

    services.update_comment(
        comment, anchor=area, text="Ändrad.", replace_text="Alla ska bo tryggt.", replacement=""
    )
    comment.refresh_from_db()
    assert (comment.section_id, comment.area_id, comment.text) == (None, area.pk, "Ändrad.")


def test_the_part_is_offered_as_sentences_that_each_occur_once(draft):
    section = draft.sections.get()
    # "Alla ska bo tryggt." occurs in the section once (the area is another part).
    assert quotes.sentences(section) == [
        "Inledning",
        "Strategin gäller barn och unga.",
        "Barn och unga ska få stöd.",
        "Alla ska bo tryggt.",
    ]
