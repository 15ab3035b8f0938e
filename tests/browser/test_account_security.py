"""Two-factor login in a real browser: a coordinator sets up an authenticator app under the
enforced Content Security Policy (the QR code is a data: image the policy allows), gives codes
computed from the secret shown on the page, and the pages pass axe-core."""

import base64

import pytest
from django_otp.oath import totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

COORDINATOR = "samordnare"
DEMO_PASSWORD = "riktning-demo"
TIMEOUT_MS = 10_000


def _code(secret_text: str, steps_ahead: int = 0) -> str:
    letters = secret_text.replace(" ", "")
    key = base64.b32decode(letters + "=" * (-len(letters) % 8))
    return f"{totp(key, t0=-30 * steps_ahead):06d}"


@pytest.fixture
def two_factor_required(settings, demo_site, django_db_blocker):
    settings.RIKTNING_REQUIRE_2FA_FOR_COORDINATORS = True
    yield
    with django_db_blocker.unblock():
        from django_otp.plugins.otp_totp.models import TOTPDevice

        TOTPDevice.objects.filter(user__username=COORDINATOR).delete()


def _log_in(page, base_url: str) -> None:
    page.goto(f"{base_url}/konto/logga-in/")
    page.fill("input[name=username]", COORDINATOR)
    page.fill("input[name=password]", DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()


def test_a_coordinator_sets_up_an_app_and_logs_in_with_codes_under_the_csp(
    browser, demo_site, two_factor_required, run_axe
):
    strict = browser.new_context()  # the policy enforced
    strict.set_default_timeout(TIMEOUT_MS)
    strict.add_init_script(
        "window.__csp = []; document.addEventListener('securitypolicyviolation',"
        " (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    page = strict.new_page()
    try:
        _log_in(page, demo_site)
        assert "/konto/tvastegsinloggning/" in page.url
        assert page.locator("h1").inner_text() == "Ställ in tvåstegsinloggning"
        qr = page.locator("figure.qr-code img")
        assert qr.evaluate("img => img.complete && img.naturalWidth > 0"), (
            "the QR code is not shown"
        )
        assert page.evaluate("() => window.__csp") == []
        secret = page.locator("code.secret-key").inner_text()

        page.fill("input[name=code]", _code(secret))
        with page.expect_navigation():
            page.locator("main form.edit-form button[type=submit]").click()
        assert "/konto/" not in page.url
        assert "Tvåstegsinloggning är på" in page.content()

        page.context.clear_cookies()
        _log_in(page, demo_site)
        assert "/konto/tvastegsinloggning/kod/" in page.url
        page.fill("input[name=code]", _code(secret, steps_ahead=1))
        with page.expect_navigation():
            page.locator("main form.edit-form button[type=submit]").click()
        assert "/konto/" not in page.url
        assert page.evaluate("() => window.__csp") == []
    finally:
        strict.close()

    checked = browser.new_context(bypass_csp=True)  # axe-core is injected as a script
    checked.set_default_timeout(TIMEOUT_MS)
    page = checked.new_page()
    try:
        _log_in(page, demo_site)
        assert "/kod/" in page.url
        assert run_axe(page) == []
        page.fill("input[name=code]", "000000")
        with page.expect_navigation():
            page.locator("main form.edit-form button[type=submit]").click()
        assert "Koden stämmer inte" in page.content()
        assert run_axe(page) == []
    finally:
        checked.close()


def test_the_setup_page_passes_axe(browser, demo_site, two_factor_required, run_axe):
    context = browser.new_context(bypass_csp=True)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        _log_in(page, demo_site)
        assert "/konto/tvastegsinloggning/" in page.url
        assert run_axe(page) == []
    finally:
        context.close()
