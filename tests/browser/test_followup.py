"""WCAG 2.1 A/AA with axe-core on the demo's follow-up overview, logged out and logged in."""

import pytest
from browser_support import describe, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
LOGOUT_FORM = "form[action='/konto/logga-ut/']"


@pytest.fixture(scope="module")
def overview_path(demo_pages) -> str:
    return demo_pages["adopted version"] + "uppfoljning/"


def test_the_version_page_links_to_the_overview(
    demo_site, demo_pages, overview_path, anonymous_page
):
    page = anonymous_page
    page.goto(demo_site + demo_pages["adopted version"])
    # the version's link to it, and the status grid's "the whole follow-up": the same page
    page.locator(f"a[href='{overview_path}']").first.click()
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


@pytest.fixture(scope="module")
def yearly_path(demo_site, django_db_blocker) -> str:
    """The demo's approved "Uppföljning 2025"."""
    from riktning.followup.models import FollowUp

    with django_db_blocker.unblock():
        followup = FollowUp.objects.filter(year=2025).first()
        assert followup is not None, "the demo has no follow-up for 2025"
        return f"/uppfoljningar/{followup.pk}/"


def test_the_overview_links_to_the_yearly_follow_up(
    demo_site, overview_path, yearly_path, anonymous_page
):
    page = anonymous_page
    page.goto(demo_site + overview_path)
    page.locator(f"a[href='{yearly_path}']").first.click()
    page.wait_for_url(f"**{yearly_path}")
    assert "Uppföljning 2025" in page.locator("h1").inner_text()


@pytest.mark.parametrize("who", ["anonymous", "coordinator"])
def test_the_yearly_follow_up_has_no_accessibility_violations(
    who, demo_site, yearly_path, anonymous_page, coordinator_page, run_axe
):
    page = anonymous_page if who == "anonymous" else coordinator_page
    response = page.goto(demo_site + yearly_path)

    assert response.status == 200
    assert page.locator(".example-notice").count() == 1, "the demo's values are example data"
    assert page.get_by_text("Data per").count() >= 1
    # axe looks at the page with its charts drawn
    charts = page.locator(".followup-indicator .chart-canvas[data-spec]")
    assert charts.count() >= 1
    page.wait_for_function(
        "() => [...document.querySelectorAll('.chart-canvas[data-spec]')]"
        ".every((c) => c.classList.contains('chart-ready') || c.classList.contains('chart-failed'))"
    )
    violations = run_axe(page)
    assert not violations, f"axe on the yearly follow-up, {who}:\n{describe(violations)}"


def test_the_list_of_follow_ups_has_no_accessibility_violations(
    demo_site, yearly_path, coordinator_page, run_axe, django_db_blocker
):
    from riktning.followup.models import FollowUp

    with django_db_blocker.unblock():
        followup = FollowUp.objects.get(year=2025)
        version_pk = followup.version_id
    page = coordinator_page
    response = page.goto(f"{demo_site}/versioner/{version_pk}/uppfoljningar/")
    assert response.status == 200
    violations = run_axe(page)
    assert not violations, f"axe on the list of follow-ups:\n{describe(violations)}"


def test_the_yearly_follow_up_draws_every_chart_under_its_csp(browser, demo_site, yearly_path):
    """No bypass_csp here: the page's own policy (no inline script, no eval, no style="")."""
    context = browser.new_context()
    context.set_default_timeout(10_000)
    context.add_init_script(
        "window.__cspViolations = [];"
        "document.addEventListener('securitypolicyviolation', (e) => {"
        " window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI);"
        "});"
    )
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        response = page.goto(demo_site + yearly_path)
        assert response.status == 200
        assert "script-src 'self'" in response.headers["content-security-policy"]
        specs = page.locator("script[type='application/json'][id^='followup-chart-spec-']")
        charts = page.locator(".followup-indicator .chart-canvas[data-spec]")
        count = charts.count()
        assert count >= 2 and specs.count() == count
        page.wait_for_function(
            "(n) => document.querySelectorAll('.chart-canvas.chart-ready svg').length === n",
            arg=count,
        )
        assert page.locator(".chart-canvas.chart-failed").count() == 0
        assert page.locator(".chart-fallback").count() == 0
        # each drawn chart has lines (paths) in its SVG, and its frame an accessible name
        for i in range(count):
            assert charts.nth(i).locator("svg path").count() > 0
        frames = page.locator(".followup-indicator .chart-frame[role='img']")
        assert frames.count() == count
        assert all(frames.nth(i).get_attribute("aria-label") for i in range(count))
        assert page.locator("details.chart-table table").count() == count
        assert page.evaluate("() => window.__cspViolations") == []
        assert errors == []
    finally:
        context.close()


@pytest.fixture(scope="module")
def analysis_path(demo_site, django_db_blocker) -> str:
    """An area's analysis in a draft follow-up for 2026, committed before the pages open it."""
    from django.contrib.auth import get_user_model

    from riktning.followup import services
    from riktning.followup.models import FollowUp

    with django_db_blocker.unblock():
        approved = FollowUp.objects.get(year=2025)
        coordinator = get_user_model().objects.get(username="samordnare")
        draft = services.start_followup(approved.version, 2026, by=coordinator)
        analysis = draft.analyses.order_by("pk").first()
        return f"/analyser/{analysis.pk}/andra/"


def test_the_analysis_form_and_its_conflict_page_have_no_accessibility_violations(
    demo_site, analysis_path, coordinator_page, new_page, run_axe
):
    """The coordinator opens an area's analysis; meanwhile someone else (in another browser)
    saves it; the coordinator's save then shows the conflict with both texts: axe on both."""
    # Both tabs log in before the form opens: a first login in a test may rehash the password
    # (the tests' faster hasher), which ends the person's other sessions.
    other = new_page()
    log_in(other, demo_site, "samordnare")
    page = coordinator_page
    log_in(page, demo_site, "samordnare")
    assert page.goto(demo_site + analysis_path).status == 200
    violations = run_axe(page)
    assert not violations, f"axe on the analysis form:\n{describe(violations)}"

    other.goto(demo_site + analysis_path)
    other.get_by_label("Analys").fill("Sparat av någon annan.")
    with other.expect_navigation():
        other.get_by_role("button", name="Spara").click()

    page.get_by_label("Analys").fill("Min egen text om området.")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara").click()
    assert page.locator(".conflict").count() == 1
    assert "Sparat av någon annan." in page.locator(".conflict").inner_text()
    assert page.get_by_label("Analys").input_value() == "Min egen text om området."
    violations = run_axe(page)
    assert not violations, f"axe on the conflict page:\n{describe(violations)}"
