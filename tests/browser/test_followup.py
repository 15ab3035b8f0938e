"""WCAG 2.1 A/AA with axe-core on the demo's follow-up overview, logged out and logged in."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
LOGOUT_FORM = "form[action='/konto/logga-ut/']"


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"    at {', '.join(map(str, node['target']))}")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def overview_path(demo_pages) -> str:
    return demo_pages["adopted version"] + "uppfoljning/"


def test_the_version_page_links_to_the_overview(
    demo_site, demo_pages, overview_path, anonymous_page
):
    page = anonymous_page
    page.goto(demo_site + demo_pages["adopted version"])
    page.locator(f"a[href='{overview_path}']").click()
    page.wait_for_url(f"**{overview_path}")
    assert page.locator("h1").count() == 1


def test_overview_has_no_accessibility_violations_for_an_anonymous_visitor(
    demo_site, overview_path, anonymous_page, run_axe
):
    page = anonymous_page
    response = page.goto(demo_site + overview_path)

    assert response.status == 200
    assert page.locator(".example-notice").count() == 1, "the demo's values are example data"
    violations = run_axe(page)
    assert not violations, f"axe on the follow-up overview, anonymous:\n{describe(violations)}"


def test_overview_has_no_accessibility_violations_for_the_coordinator(
    demo_site, overview_path, coordinator_page, run_axe
):
    page = coordinator_page
    response = page.goto(demo_site + overview_path)

    assert response.status == 200
    assert page.locator(LOGOUT_FORM).count() == 1, "the coordinator is logged in"
    page.locator(".status-legend summary").click()  # the legend open, too
    violations = run_axe(page)
    assert not violations, f"axe on the follow-up overview, coordinator:\n{describe(violations)}"
