"""The demo's round on the 2024–2030 draft, carried on: Socialnämnden's statement proposes a new
area title (taken in) and a change to a passage that is not in the draft; the coordinator
creates the next version through the form, reads what was applied and opens the marked-up
comparison. axe-core (WCAG 2.1 A/AA) finds nothing on any of these pages."""

import datetime

import pytest
from browser_support import describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

NEW_TITLE = "Trygg bostad och närmiljö för alla"


@pytest.fixture(scope="module")
def proposals(demo_site, django_db_blocker) -> dict:
    """Socialnämnden's submitted statement with two text proposals, both taken in."""
    from django.contrib.auth import get_user_model

    from riktning.consultation import services
    from riktning.consultation.constants import Decision, Position
    from riktning.consultation.models import Recipient, Round
    from riktning.consultation.tests.factories import unchecked_comment

    with django_db_blocker.unblock():
        users = get_user_model().objects
        editor, coordinator = users.get(username="social"), users.get(username="samordnare")
        round = Round.objects.select_related("version").first()
        assert round is not None, "the demo has no consultation round"
        area = next(
            a for a in round.version.areas.order_by("order") if a.title not in a.description
        )
        recipient = Recipient.objects.get(round=round, organisation__name="Socialnämnden")
        statement = services.start_statement(recipient, by=editor)
        services.save_statement(
            statement,
            position=Position.POSITIVE_WITH_COMMENTS,
            decision_date=datetime.date(2023, 11, 28),
        )
        retitle = services.add_comment(
            statement,
            anchor=area,
            text="Rubriken bör tala om vem området gäller.",
            replace_text=area.title,
            replacement=NEW_TITLE,
        )
        stale = unchecked_comment(  # its quote is not in the draft
            statement,
            anchor=area,
            text="Formuleringen är otydlig.",
            replace_text="en formulering som inte finns i utkastet",
            replacement="en tydligare formulering",
        )
        services.submit_statement(statement, by=editor)
        for comment in (retitle, stale):
            services.record_disposition(
                comment, by=coordinator, decision=Decision.TAKEN_IN, reason="Beaktas."
            )
        return {"round": round.pk, "version": round.version_id, "old_title": area.title}


def test_the_coordinator_creates_the_next_version_and_compares_it(
    demo_site, proposals, coordinator_page, run_axe
):
    page = coordinator_page
    page.goto(f"{demo_site}/remisser/{proposals['round']}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Skapa nästa version").click()
    violations = run_axe(page)
    assert not violations, f"axe on the next-version form:\n{describe(violations)}"

    page.fill("#id_title", "Strategi för social hållbarhet 2024–2030, efter remiss")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()

    assert "/fran-remissen/" in page.url, page.url
    assert page.locator("h1").inner_text().endswith("textförslagen från remissen")
    assert "Textstället finns inte längre i texten" in page.locator("main").inner_text()
    assert page.locator("tbody tr").count() == 2
    violations = run_axe(page)
    assert not violations, f"axe on the next version's result page:\n{describe(violations)}"

    with page.expect_navigation():
        page.get_by_role("link", name="Jämför med remissversionen").click()
    assert "/jamfor/" in page.url, page.url
    main = page.locator("main")
    inserted = main.locator(".diff-part ins.diff-ins")
    assert inserted.count() >= 1
    assert inserted.first.text_content().startswith("Tillagt: ")
    change_list = main.locator("table.change-list")
    assert "Nytt namn" in change_list.inner_text()
    assert "Synpunkt från Socialnämnden" in change_list.inner_text()
    violations = run_axe(page)
    assert not violations, f"axe on the comparison:\n{describe(violations)}"


def test_any_two_versions_are_compared_from_the_version_page(
    demo_site, proposals, coordinator_page, run_axe
):
    page = coordinator_page
    page.goto(f"{demo_site}/versioner/{proposals['version']}/")
    options = page.locator("#compare-with option")
    assert options.count() >= 1
    page.select_option("#compare-with", index=0)
    with page.expect_navigation():
        page.locator("form.compare-form button").click()
    assert "/jamfor/" in page.url, page.url
    assert page.locator("h1").inner_text() == "Jämförelse av två versioner"
    violations = run_axe(page)
    assert not violations, f"axe on the comparison of two demo versions:\n{describe(violations)}"
