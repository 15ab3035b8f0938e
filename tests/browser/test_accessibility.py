"""WCAG 2.1 A/AA with axe-core on the demo's main reading pages, logged out and logged in, and
the keyboard paths a person without a mouse depends on: the skip link and the login form."""

import pytest
from browser_support import describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PAGES = [
    "start page",
    "adopted version",
    "area",
    "goal",
    "indicator catalogue",
    "indicator page",
    "follow-up overview",
    "gender equality",
]
# Pages of versions out for consultation: for members only.
MEMBER_PAGES = ["contributing document's follow-up", "programme's follow-up"]
LOGOUT_FORM = "form[action='/konto/logga-ut/']"
# Pages whose JavaScript adds content: axe checks them once it is there.
READY = {"indicator page": "#indicator-chart.chart-ready svg"}


def wait_until_ready(page, name: str) -> None:
    if name in READY:
        page.wait_for_selector(READY[name])


def focused(page) -> dict:
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return {tag: e.tagName.toLowerCase(), id: e.id, name: e.getAttribute('name'),"
        " cls: e.className}; }"
    )


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_accessibility_violations_for_an_anonymous_visitor(
    name, demo_site, demo_pages, anonymous_page, run_axe
):
    page = anonymous_page
    response = page.goto(demo_site + demo_pages[name])

    assert response.status == 200, f"{name} at {demo_pages[name]} answered {response.status}"
    wait_until_ready(page, name)
    violations = run_axe(page)
    assert not violations, f"axe on {name} ({demo_pages[name]}), anonymous:\n{describe(violations)}"


@pytest.mark.parametrize("name", PAGES + MEMBER_PAGES)
def test_page_has_no_accessibility_violations_for_the_coordinator(
    name, demo_site, demo_pages, coordinator_page, run_axe
):
    page = coordinator_page
    response = page.goto(demo_site + demo_pages[name])

    assert response.status == 200, f"{name} at {demo_pages[name]} answered {response.status}"
    assert page.locator(LOGOUT_FORM).count() == 1, "the coordinator is logged in"
    wait_until_ready(page, name)
    violations = run_axe(page)
    assert not violations, (
        f"axe on {name} ({demo_pages[name]}), coordinator:\n{describe(violations)}"
    )


def test_login_form_works_with_the_keyboard_alone(demo_site, demo_login, new_page):
    page = new_page()
    page.goto(demo_site + "/konto/logga-in/")

    for _ in range(40):
        page.keyboard.press("Tab")
        if focused(page)["name"] == "username":
            break
    else:
        pytest.fail("Tab never reached the username field")
    page.keyboard.type(demo_login["username"])
    page.keyboard.press("Tab")
    assert focused(page)["name"] == "password", "Tab from the username goes to the password"
    page.keyboard.type(demo_login["password"])
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert "/konto/logga-in/" not in page.url, "Enter submitted the form and left the login page"
    assert page.locator(LOGOUT_FORM).count() == 1, "now logged in"


def test_skip_link_is_first_and_moves_focus_to_the_main_content(demo_site, new_page):
    page = new_page()
    page.goto(demo_site + "/")

    page.keyboard.press("Tab")
    first = focused(page)
    assert "skip-link" in first["cls"], f"the first Tab stop is the skip link, not {first}"
    box = page.locator(".skip-link").bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0, f"the focused skip link is on screen: {box}"
    page.keyboard.press("Enter")

    assert focused(page)["id"] == "main", "after the skip link, focus is on <main>"
