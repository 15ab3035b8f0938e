"""The comparison page, the form on the version page, and creating the next version from a round
(who may, what the coordinator sees afterwards)."""

import datetime

import pytest
from django.utils import timezone

from riktning.consultation import services
from riktning.consultation.constants import Decision, Position
from riktning.consultation.models import NextVersion, Recipient
from riktning.consultation.tests.factories import make_round, unchecked_comment
from riktning.strategy import services as strategy_services
from riktning.strategy.constants import VersionStatus
from riktning.strategy.models import Version
from riktning.strategy.tests.factories import (
    AreaFactory,
    GoalFactory,
    SectionFactory,
    VersionFactory,
    strategy_with_content,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def consulted(db):
    version = VersionFactory(status=VersionStatus.DRAFT, title="Strategi, remissversion")
    area = AreaFactory(version=version, title="Boende och närmiljö", description="Om <boende>.")
    GoalFactory(area=area, title="Tryggt boende för barn och unga")
    SectionFactory(version=version, heading="Inledning", body="Strategin gäller barn och unga.")
    Version.objects.filter(pk=version.pk).update(status=VersionStatus.CONSULTATION)
    version.refresh_from_db()
    return version


@pytest.fixture
def round(coordinator, orgs, consulted, social_editor):
    reply_by = timezone.localdate() + datetime.timedelta(days=30)
    round = make_round(coordinator, [orgs["social"]], version=consulted, reply_by=reply_by)
    recipient = Recipient.objects.get(round=round, organisation=orgs["social"])
    statement = services.start_statement(recipient, by=social_editor)
    services.save_statement(statement, position=Position.POSITIVE_WITH_COMMENTS)
    applied = services.add_comment(
        statement,
        anchor=consulted.sections.get(),
        text="Vidga målgruppen.",
        replace_text="barn och unga",
        replacement="alla <script>alert(1)</script> kommuninvånare",
    )
    stale = unchecked_comment(  # its quote is not in the area
        statement,
        anchor=consulted.areas.get(),
        text="Byt ord.",
        replace_text="Bostadsområde",
        replacement="Närmiljö",
    )
    services.submit_statement(statement, by=social_editor)
    for comment in (applied, stale):
        services.record_disposition(
            comment, by=coordinator, decision=Decision.TAKEN_IN, reason="Beaktas."
        )
    round.applied_comment, round.stale_comment = applied, stale
    return round


def _create(client, round, **data):
    return client.post(
        f"/remisser/{round.pk}/nasta-version/",
        {"title": "Strategi, efter remiss", **data},
    )


def test_the_coordinator_creates_the_next_version_and_sees_what_was_applied(personas, round):
    response = _create(personas["coordinator"], round)

    record = NextVersion.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/versioner/{record.version_id}/fran-remissen/"
    assert record.version.sections.get().body == (
        "Strategin gäller alla <script>alert(1)</script> kommuninvånare."
    )
    page = personas["coordinator"].get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "Kunde inte föras in" in html
    assert "Textstället finns inte längre i texten" in html
    assert (
        f"/yttranden/{round.applied_comment.statement_id}/#comment-{round.applied_comment.pk}"
        in html
    )
    assert f"#comment-{round.stale_comment.pk}" in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert f"/versioner/{round.version_id}/jamfor/{record.version_id}/" in html


@pytest.mark.parametrize("name", ["anonymous", "reader", "social_editor", "bildning_editor"])
def test_only_the_coordinator_may_create_the_next_version(personas, round, name):
    response = _create(personas[name], round)

    if name == "anonymous":
        assert response.status_code == 302 and "logga-in" in response["Location"]
    else:
        assert response.status_code == 403
    assert not NextVersion.objects.exists()
    assert Version.objects.count() == 1


def test_an_empty_title_is_refused_and_nothing_is_created(personas, round):
    response = _create(personas["coordinator"], round, title=" ")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Inget har sparats. Rätta följande:" in html
    assert "Den nya versionens titel" in html
    assert Version.objects.count() == 1


def test_the_comparison_marks_the_change_and_links_the_comment(personas, round):
    _create(personas["coordinator"], round)
    record = NextVersion.objects.get()

    response = personas["reader"].get(f"/versioner/{round.version_id}/jamfor/{record.version_id}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<ins class="diff-ins"><span class="visually-hidden">Tillagt: </span>alla' in html
    assert '<del class="diff-del"><span class="visually-hidden">Borttaget: </span>barn' in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)</script>" not in html
    assert "Om &lt;boende&gt;." in html
    assert "Ändrad text" in html
    assert f"#comment-{round.applied_comment.pk}" in html
    assert "Synpunkt från Socialförvaltningen</a> (textförslaget infört)" in html
    assert "riktning/compare.css" in html


def test_the_version_page_offers_the_comparison(personas, round):
    _create(personas["coordinator"], round)
    record = NextVersion.objects.get()

    html = personas["reader"].get(f"/versioner/{record.version_id}/").content.decode()

    assert "Jämför med remissversionen" in html
    assert f'<option value="{round.version_id}" selected>' in html
    picked = personas["reader"].get(
        f"/versioner/{record.version_id}/jamfor/", {"med": round.version_id}
    )
    assert picked["Location"] == f"/versioner/{round.version_id}/jamfor/{record.version_id}/"


def test_versions_of_different_documents_are_not_compared(personas):
    one = strategy_with_content(title="Strategi A")
    other = strategy_with_content(title="Strategi B")

    response = personas["anonymous"].get(f"/versioner/{one.pk}/jamfor/{other.pk}/")

    assert response.status_code == 400
    assert "Bara versioner av samma dokument kan jämföras." in response.content.decode()


def test_the_public_compares_adopted_versions_but_not_drafts(personas):
    adopted = strategy_with_content(title="Strategi A")
    draft = strategy_services.create_version_from(adopted, title="Strategi A, utkast")

    assert (
        personas["anonymous"].get(f"/versioner/{adopted.pk}/jamfor/{adopted.pk}/").status_code
        == 200
    )
    response = personas["anonymous"].get(f"/versioner/{adopted.pk}/jamfor/{draft.pk}/")
    assert response.status_code == 302 and "logga-in" in response["Location"]
    assert personas["reader"].get(f"/versioner/{adopted.pk}/jamfor/{draft.pk}/").status_code == 200
    # The picker offers only what the visitor may see.
    html = personas["anonymous"].get(f"/versioner/{adopted.pk}/").content.decode()
    assert "Strategi A, utkast" not in html
    picked = personas["anonymous"].get(f"/versioner/{adopted.pk}/jamfor/", {"med": draft.pk})
    assert picked["Location"] == f"/versioner/{adopted.pk}/"


def test_the_result_page_is_not_public_while_the_version_is_a_draft(personas, round):
    _create(personas["coordinator"], round)
    record = NextVersion.objects.get()

    response = personas["anonymous"].get(f"/versioner/{record.version_id}/fran-remissen/")

    assert response.status_code == 302 and "logga-in" in response["Location"]
    assert (
        personas["reader"].get(f"/versioner/{record.version_id}/fran-remissen/").status_code == 200
    )


def test_the_form_says_what_was_already_created_from_the_round(personas, round):
    page = personas["coordinator"].get(f"/remisser/{round.pk}/nasta-version/")
    html = page.content.decode()
    assert "Av remissens textförslag är 2 beaktade och 0 delvis beaktade." in html
    assert "Redan skapad" not in html

    _create(personas["coordinator"], round)

    html = personas["coordinator"].get(f"/remisser/{round.pk}/nasta-version/").content.decode()
    assert "Redan skapad från den här remissen: ”Strategi, efter remiss”." in html
    round_page = personas["reader"].get(f"/remisser/{round.pk}/").content.decode()
    assert "Nästa version: Strategi, efter remiss" in round_page
