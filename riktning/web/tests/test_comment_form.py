"""The comment form: the chosen part's text beside it, the passage picked from it without a
mouse, a quote not in the part refused at once naming the part, and a draft's comment changed."""

import datetime

import lxml.html
import pytest
from django.utils import timezone

from riktning.consultation import services
from riktning.consultation.constants import Position
from riktning.consultation.models import Comment, Recipient
from riktning.consultation.tests.factories import make_round
from riktning.strategy.constants import VersionStatus
from riktning.strategy.tests.factories import AreaFactory, VersionFactory
from riktning.web.revisions import current_revision

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(coordinator, orgs, social_editor):
    reply_by = timezone.localdate() + datetime.timedelta(days=30)
    version = VersionFactory(status=VersionStatus.DRAFT)
    AreaFactory(
        version=version,
        title="Boende och närmiljö",
        description="Alla ska bo tryggt. Närmiljön ska vara trygg.",
    )
    version.status = VersionStatus.CONSULTATION
    version.save()
    round = make_round(coordinator, [orgs["social"]], version=version, reply_by=reply_by)
    recipient = Recipient.objects.get(round=round, organisation=orgs["social"])
    statement = services.start_statement(recipient, by=social_editor)
    services.save_statement(statement, position=Position.POSITIVE_WITH_COMMENTS)
    return statement


def _options(html: str, name: str) -> list[str]:
    return lxml.html.fromstring(html).xpath(f'//select[@name="{name}"]/option/@value')


def test_showing_the_part_gives_its_text_and_sentences_and_writes_nothing(personas, draft):
    area = draft.round.version.areas.get()
    url = f"/yttranden/{draft.pk}/synpunkt/ny/"
    response = personas["social_editor"].post(
        url, {"anchor": f"area:{area.pk}", "text": "Mitt utkast", "show": "1"}
    )
    assert response.status_code == 200
    assert "Texten i ”Boende och närmiljö”" in response.text
    assert "Mitt utkast" in response.text  # the entries are kept
    assert 'class="errorlist' not in response.text  # and not checked yet
    assert _options(response.text, "pick") == [
        "",
        "Boende och närmiljö",
        "Alla ska bo tryggt.",
        "Närmiljön ska vara trygg.",
    ]
    assert not Comment.objects.exists()


def test_a_picked_sentence_is_the_quote(personas, draft):
    area = draft.round.version.areas.get()
    response = personas["social_editor"].post(
        f"/yttranden/{draft.pk}/synpunkt/ny/",
        {
            "anchor": f"area:{area.pk}",
            "text": "Tydligare.",
            "pick": "Alla ska bo tryggt.",
            "replace_text": "",
            "replacement": "Alla ska bo tryggt och ha råd med sitt boende.",
        },
    )
    assert response.status_code == 302
    comment = draft.comments.get()
    assert (comment.area_id, comment.replace_text) == (area.pk, "Alla ska bo tryggt.")


def test_a_quote_not_in_the_part_is_refused_on_the_form(personas, draft):
    area = draft.round.version.areas.get()
    response = personas["social_editor"].post(
        f"/yttranden/{draft.pk}/synpunkt/ny/",
        {
            "anchor": f"area:{area.pk}",
            "text": "Byt ord.",
            "replace_text": "Bostadsområde",
            "replacement": "Närmiljö",
        },
    )
    assert response.status_code == 200
    assert "Det citerade textstället finns inte i ”Boende och närmiljö”" in response.text
    assert "Texten i ”Boende och närmiljö”" in response.text  # the text to quote from
    assert not Comment.objects.exists()


def test_a_draft_comment_is_changed(personas, draft):
    area = draft.round.version.areas.get()
    comment = services.add_comment(draft, anchor=area, text="Första lydelsen.")
    url = f"/synpunkter/{comment.pk}/andra/"
    page = personas["social_editor"].get(url)
    assert page.status_code == 200
    assert "Första lydelsen." in page.text
    assert "Texten i ”Boende och närmiljö”" in page.text

    response = personas["social_editor"].post(
        url,
        {
            "anchor": f"area:{area.pk}",
            "text": "Andra lydelsen.",
            "replace_text": "Närmiljön ska vara trygg.",
            "replacement": "",
            "revision": current_revision(comment),
        },
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert (comment.text, comment.replace_text) == ("Andra lydelsen.", "Närmiljön ska vara trygg.")


def test_a_submitted_statements_comment_is_not_changed(personas, draft, social_editor):
    area = draft.round.version.areas.get()
    comment = services.add_comment(draft, anchor=area, text="Första lydelsen.")
    services.submit_statement(draft, by=social_editor)
    response = personas["social_editor"].post(
        f"/synpunkter/{comment.pk}/andra/",
        {"anchor": f"area:{area.pk}", "text": "Ändrad.", "revision": current_revision(comment)},
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.text == "Första lydelsen."
