"""Single sign-on in a real browser: the login page (with the provider's button) passes
axe-core, and the demo's coordinator logs in through a real OpenID Connect provider
(django-oidc-provider on loopback, tests/oidc_provider_site/) matched by user name, without
being asked for a two-factor code even where coordinators must have one."""

import pytest

from tests.oidc_provider_site import running_provider

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

TIMEOUT_MS = 10_000
PROVIDER_PASSWORD = "leverantörens-lösenord-för-samordnaren"


@pytest.fixture(scope="module")
def provider(demo_site):
    with running_provider(
        client_id="riktning-browser",
        client_secret="hemligt-i-webbläsartestet",
        redirect_uri=f"{demo_site}/konto/sso/tillbaka/",
        users=[
            {
                "username": "samordnare",
                "password": PROVIDER_PASSWORD,
                "email": "samordnare@exempel.se",
                "first_name": "Sam",
                "last_name": "Ordnare",
            }
        ],
    ) as url:
        yield url


@pytest.fixture
def sso_on(settings, provider):
    settings.RIKTNING_OIDC_PROVIDER_NAME = "Kommunens inloggning"
    settings.RIKTNING_OIDC_DISCOVERY_URL = provider
    settings.RIKTNING_OIDC_CLIENT_ID = "riktning-browser"
    settings.RIKTNING_OIDC_CLIENT_SECRET = "hemligt-i-webbläsartestet"
    settings.RIKTNING_OIDC_MATCH_CLAIM = "preferred_username"
    settings.RIKTNING_REQUIRE_2FA_FOR_COORDINATORS = True


def test_the_coordinator_logs_in_with_the_provider(browser, demo_site, provider, sso_on, run_axe):
    context = browser.new_context(bypass_csp=True)  # axe-core is injected as a script
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        page.goto(f"{demo_site}/konto/logga-in/")
        button = page.get_by_role("link", name="Logga in med Kommunens inloggning")
        assert button.is_visible()
        assert run_axe(page) == []
        with page.expect_navigation():
            button.click()
        assert page.url.startswith(f"{provider}/accounts/login/")  # the provider's own form
        page.fill("input[name=username]", "samordnare")
        page.fill("input[name=password]", PROVIDER_PASSWORD)
        with page.expect_navigation(url=f"{demo_site}/**"):
            page.locator("button").click()
        page.wait_for_load_state()
        messages = page.locator(".messages").all_inner_texts()
        assert "/tvastegsinloggning/" not in page.url, messages
        assert "/logga-in/" not in page.url, messages
        assert page.get_by_role("button", name="Logga ut").count() >= 1
    finally:
        context.close()
