"""The municipality's front page in a browser (issue 15, item 1): axe finds nothing at a desktop
width and at 320 CSS pixels, nothing scrolls sideways, the latest follow-up is reached with the
keyboard alone, and the page keeps the Content Security Policy (its trend charts are inline SVG
drawn on the server, with no script and no inline style)."""

import pytest
from browser_support import describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

TIMEOUT_MS = 10_000


@pytest.mark.parametrize("width", [1366, 320])
def test_the_front_page_is_accessible_and_does_not_scroll_sideways(
    width, demo_site, new_page, run_axe
):
    page = new_page()
    page.set_viewport_size({"width": width, "height": 800})
    response = page.goto(demo_site + "/")

    assert response.status == 200
    assert page.title() == "Trelleborgs kommun – hållbarhet och uppföljning"
    assert page.locator("svg.sparkline").count() >= 6
    document_width = page.evaluate("document.documentElement.scrollWidth")
    assert document_width <= width, f"the page is {document_width} px wide at {width} px"
    violations = run_axe(page)
    assert not violations, f"axe on the front page at {width} px:\n{describe(violations)}"


def test_the_latest_follow_up_is_reached_with_the_keyboard(demo_site, new_page):
    page = new_page()
    page.goto(demo_site + "/")

    for _ in range(40):
        page.keyboard.press("Tab")
        text = page.evaluate("document.activeElement.textContent")
        if "Senaste uppföljningen" in text:
            break
    else:
        pytest.fail("Tab never reached the link to the latest follow-up")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert "/uppfoljningar/" in page.url
    assert "Uppföljning 2025" in page.locator("h1").inner_text()


def test_the_front_page_keeps_the_content_security_policy(browser, demo_site):
    context = browser.new_context()  # the policy enforced
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(
        "window.__cspViolations = [];"
        "document.addEventListener('securitypolicyviolation', (e) => {"
        " window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI); });"
    )
    page = context.new_page()
    try:
        page.goto(demo_site + "/")
        # The accent colour's style sheet applies: the header has the accent behind it.
        header = page.evaluate(
            "getComputedStyle(document.querySelector('.site-header')).backgroundColor"
        )
        line = page.evaluate("getComputedStyle(document.querySelector('.sparkline-line')).stroke")
        violations = page.evaluate("window.__cspViolations")
    finally:
        context.close()

    assert header == "rgb(11, 79, 138)"
    assert line == "rgb(11, 79, 138)"
    assert violations == []
