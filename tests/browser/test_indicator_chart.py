"""The indicator page in a real browser: vega-embed draws the chart from the vendored files,
also under a strict Content Security Policy, and the gender switch works with the keyboard."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

CHART = "#indicator-chart"
TIMEOUT_MS = 10_000
# What Riktning's coming policy will allow: its own files only, no inline code, no eval.
STRICT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'"
)


def focused(page) -> dict:
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return {tag: e.tagName.toLowerCase(), href: e.getAttribute('href') || ''}; }"
    )


def test_the_chart_is_drawn_in_its_container(demo_site, demo_pages, new_page):
    page = new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    failed = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    requested = []
    page.on("request", lambda request: requested.append(request.url))

    page.goto(demo_site + demo_pages["indicator page"])
    page.wait_for_selector(f"{CHART}.chart-ready svg")

    marks = page.locator(f"{CHART} svg path").count()
    assert marks > 10, f"the SVG has lines and points, found {marks} paths"
    assert page.locator(f"{CHART} .chart-fallback").count() == 0, "the fallback text is gone"
    frame = page.locator(".chart-frame").first
    assert frame.get_attribute("role") == "img"
    assert "tabellen nedan" in frame.get_attribute("aria-label"), "its name points to the table"
    assert not [url for url in requested if not url.startswith(demo_site)], "no CDN"
    # girls and boys side by side: a second chart, drawn the same way, named as such
    page.wait_for_selector("#girls-and-boys-chart.chart-ready svg")
    both = page.locator(".chart-frame").nth(1)
    assert "flickor, pojkar och totalt" in both.get_attribute("aria-label")
    assert not [url for url in failed if not url.endswith("/favicon.ico")], failed
    assert not [e for e in errors if not e.startswith("Failed to load resource")], errors


def test_the_chart_is_drawn_under_a_strict_content_security_policy(browser, demo_site, demo_pages):
    context = browser.new_context()  # without bypass_csp, unlike the other tests' pages
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        url = demo_site + demo_pages["indicator page"]

        def with_policy(route):
            response = route.fetch()
            headers = {**response.headers, "content-security-policy": STRICT_CSP}
            route.fulfill(response=response, headers=headers)

        page.route(url, with_policy)
        page.add_init_script(
            "window.__violations = [];"
            "document.addEventListener('securitypolicyviolation', e =>"
            " window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"
        )
        page.goto(url)
        page.wait_for_selector(f"{CHART}.chart-ready svg")

        assert page.evaluate("window.__violations") == []
    finally:
        context.close()


def test_the_gender_switch_works_with_the_keyboard(demo_site, demo_pages, new_page):
    page = new_page()
    page.goto(demo_site + demo_pages["indicator page"])
    assert page.locator("a[aria-current='true'][href*='kon=T']").count() == 1

    for _ in range(60):
        page.keyboard.press("Tab")
        if "kon=K" in focused(page)["href"]:
            break
    else:
        pytest.fail("Tab never reached the link to the girls' values")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert re.search(r"[?&]kon=K\b", page.url), page.url
    assert page.locator("a[aria-current='true'][href*='kon=K']").count() == 1
    assert page.locator("a[aria-current='true'][href*='kon=T']").count() == 0
    caption = page.locator("#indicator-table caption").inner_text()
    girls = page.locator("a[aria-current='true'][href*='kon=K']").inner_text()
    assert girls in caption, f"the table now shows {girls!r}: {caption!r}"
    page.wait_for_selector(f"{CHART}.chart-ready svg")
