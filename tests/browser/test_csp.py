"""The UI works under the strict Content Security Policy: no page breaks a rule of it.

The other browser tests open their tabs with bypass_csp (axe-core is injected as a script); these
tabs keep the policy and record every violation the browser reports.
"""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

COORDINATOR = "samordnare"
DEMO_PASSWORD = "riktning-demo"
TIMEOUT_MS = 10_000


@pytest.fixture(scope="module")
def strict_page(browser, demo_site):
    """A coordinator's tab with the Content Security Policy enforced; collects violations."""
    context = browser.new_context()  # no bypass_csp
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(
        "window.__cspViolations = [];"
        "document.addEventListener('securitypolicyviolation', (e) => {"
        " window.__cspViolations.push("
        "  e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber);"
        "});"
    )
    page = context.new_page()
    page.console_messages = []
    page.on(
        "console",
        lambda message: (
            page.console_messages.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )
    yield page
    context.close()


def _violations(page) -> list[str]:
    return page.evaluate("() => window.__cspViolations") + page.console_messages


def _visit(page, url: str, ready: str | None = None) -> None:
    page.console_messages.clear()
    response = page.goto(url)
    assert response.status == 200, f"{url} answered {response.status}"
    assert "script-src 'self'" in response.headers["content-security-policy"]
    if ready:
        page.wait_for_selector(ready)
    page.wait_for_load_state("networkidle")


def test_no_csp_violations_on_the_reading_pages_and_a_coordinator_form(
    strict_page, demo_site, demo_pages, django_db_blocker
):
    from riktning.strategy.models import Version

    page = strict_page
    seen = {}
    for name, ready in [
        ("start page", None),
        ("adopted version", None),
        ("indicator page", "#indicator-chart.chart-ready svg"),
    ]:
        _visit(page, demo_site + demo_pages[name], ready)
        seen[name] = _violations(page)

    page.goto(f"{demo_site}/konto/logga-in/")
    page.fill("input[name=username]", COORDINATOR)
    page.fill("input[name=password]", DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    assert "/konto/logga-in/" not in page.url, "the coordinator could not log in under the CSP"
    seen["login"] = _violations(page)

    with django_db_blocker.unblock():
        version_pk = int(demo_pages["adopted version"].strip("/").split("/")[-1])
        document_pk = Version.objects.get(pk=version_pk).document_id
    _visit(page, f"{demo_site}/dokument/{document_pk}/andra/")
    assert page.locator("main form").count() >= 1, "the coordinator sees the document form"
    seen["coordinator form"] = _violations(page)
    _visit(page, f"{demo_site}/handelselogg/")
    seen["event log"] = _violations(page)

    broken = {name: found for name, found in seen.items() if found}
    assert not broken, f"Content Security Policy violations: {broken}"


def test_the_admin_login_works_under_the_policy(strict_page, demo_site):
    _visit(strict_page, f"{demo_site}/admin/login/")
    assert not _violations(strict_page)
