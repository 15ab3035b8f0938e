"""WCAG 2.1 A/AA with axe-core on the coordinator's audit pages: an object's history ("Historik")
with a change's before/after table and a creation's values opened, and the event log, filtered."""

import pytest
from browser_support import describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture(scope="module")
def changed_organisation(demo_site, django_db_blocker) -> int:
    """An organisation of the demo renamed once, so its history has a change to show."""
    from riktning.accounts.models import Organisation, User

    with django_db_blocker.unblock():
        organisation = Organisation.objects.get(name="Socialförvaltningen")
        organisation.name = "Socialförvaltningen (ny)"
        organisation._history_user = User.objects.get(username="samordnare")
        organisation.save()
        return organisation.pk


def test_the_goal_page_leads_the_coordinator_to_the_goals_history(
    demo_site, demo_pages, coordinator_page
):
    page = coordinator_page
    page.goto(demo_site + demo_pages["goal"])
    page.locator("a.history-link").click()
    page.wait_for_url("**/historik/strategy/goal/**")
    assert page.locator("h1").inner_text().startswith("Historik:")


def test_a_history_with_a_change_has_no_accessibility_violations(
    demo_site, changed_organisation, coordinator_page, run_axe
):
    page = coordinator_page
    response = page.goto(f"{demo_site}/historik/accounts/organisation/{changed_organisation}/")

    assert response.status == 200
    table = page.locator("table.history-changes")
    assert table.count() == 1
    assert "Socialförvaltningen (ny)" in table.inner_text()
    page.locator(".history-entry details summary").first.click()  # a creation's values, open
    violations = run_axe(page)
    assert not violations, f"axe on an organisation's history:\n{describe(violations)}"


def test_the_event_log_filtered_has_no_accessibility_violations(
    demo_site, coordinator_page, run_axe
):
    page = coordinator_page
    response = page.goto(f"{demo_site}/handelselogg/?kind=version_status_changed")

    assert response.status == 200
    assert page.locator("table.event-table tbody tr").count() >= 1
    assert page.locator("table.event-table a[href^='/historik/strategy/version/']").count() >= 1
    violations = run_axe(page)
    assert not violations, f"axe on the event log:\n{describe(violations)}"


def test_the_event_log_with_a_bad_filter_has_no_accessibility_violations(
    demo_site, coordinator_page, run_axe
):
    page = coordinator_page
    response = page.goto(f"{demo_site}/handelselogg/?object_id=x&until=2020-01-01&since=2021-01-01")

    assert response.status == 200
    assert page.locator(".error-summary li").count() == 2
    violations = run_axe(page)
    assert not violations, f"axe on the event log with errors:\n{describe(violations)}"
