"""Browser tests: Playwright for Python driving Debian's Chromium against a live Riktning.

The tests skip, with the reason, when /usr/bin/chromium or axe-core (node_modules/, from
`npm ci`) is missing, unless RIKTNING_REQUIRE_BROWSER=1 (as in CI): then they fail instead.

Seeding the demo takes seconds, so it is done once per test module (`demo_site`), committed,
served by pytest-django's LiveServer (the class behind its `live_server` fixture), and flushed
when the module is done. The `live_server` fixture itself would make every test transactional:
the database flushed after each test, and the demo seeded again for each. Test modules here mark
their tests `django_db` (so pytest-django creates the test database); what a test itself writes
through the browser (a login's session, say) may be rolled back after it, so state that several
tests share, like the coordinator's login, is made in module-scoped fixtures, which run first.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import DEMO_PASSWORD, log_in

# Playwright's sync API keeps an asyncio event loop in this thread; the database calls the tests
# make between browser steps are ordinary synchronous ones.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

COORDINATOR = "samordnare"
ADOPTED_TITLE = "Strategi för social hållbarhet 2021–2030"
DEMO_KPI = "N15418"  # a Kolada indicator of the demo, with example values and a chart
TIMEOUT_MS = 10_000
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# resultTypes: axe reports every node only for violations, which makes it several times faster.
AXE_RUN = """async (tags) => await axe.run(document, {
    runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"""


def missing_requirements() -> list[str]:
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"Debian's Chromium at {CHROMIUM} (apt-get install chromium)")
    if not AXE_JS.exists():
        missing.append(f"axe-core at {AXE_JS.relative_to(ROOT)} (npm ci)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("Playwright for Python (pip install -e '.[test]')")
    return missing


@pytest.fixture(scope="session")
def browser_requirements() -> None:
    missing = missing_requirements()
    if not missing:
        return
    reason = "browser tests need " + "; ".join(missing)
    if os.environ.get("RIKTNING_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (RIKTNING_REQUIRE_BROWSER=1 makes this a failure)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _require_browser(browser_requirements) -> None:
    """Every test in this folder needs the browser; checked before any fixture starts one."""


@pytest.fixture(scope="module")
def browser(browser_requirements):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


def restore_migrated_data() -> None:
    """After a flush, put back what the migrations put in the empty database, as the tests that
    run after this module (pytest-django runs them in one database) expect: the reference areas
    (indicators' data migration). The content types the flush made anew have new ids: forget
    the cached ones."""
    from django.contrib.contenttypes.models import ContentType

    from riktning.indicators.reference import reference_areas, reference_groups, store_areas

    ContentType.objects.clear_cache()
    store_areas(reference_areas(), reference_groups())


@pytest.fixture(scope="module", autouse=True)
def _one_password_hasher_for_the_module():
    """The fast hasher first for the whole module, module-scoped fixtures included. The root
    conftest's per-test setting alone let a login inside a test re-hash a demo password with
    MD5 (Django upgrades a hash to the preferred hasher on login), which a module-scoped login
    after that test, made before the per-test setting applies, could no longer check."""
    from django.conf import settings
    from django.test import override_settings

    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher", *settings.PASSWORD_HASHERS]
    with override_settings(PASSWORD_HASHERS=hashers):
        yield


@pytest.fixture(scope="module")
def demo_site(browser, django_db_setup, django_db_blocker) -> Iterator[str]:
    """A live server over the seeded demo; yields its base URL. Empties the database after.

    Starts after the browser on purpose: while Playwright's event loop runs in this thread,
    Django keeps this thread's database connections apart from those it had before (asgiref's
    Local turns context-local). The seeding, the server's shared in-memory SQLite connection
    and the tests must all use the same one, else SQLite reports "database table is locked".
    """
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections
    from pytest_django.live_server_helper import LiveServer

    from riktning.devtools.demo import seed_demo

    # Whitenoise warns about a missing STATIC_ROOT, though it serves from the apps.
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    # Stays unblocked while the module runs: the server thread reads the database too.
    with django_db_blocker.unblock():
        seed_demo()
        server = LiveServer("127.0.0.1")
        try:
            yield server.url
        finally:
            server.stop()
            call_command("flush", interactive=False, verbosity=0)
            restore_migrated_data()
            # Close the connections made while the loop ran, so the test database can be dropped.
            connections.close_all()


@pytest.fixture(scope="module")
def demo_pages(demo_site, django_db_blocker) -> dict[str, str]:
    """name → path of the pages the accessibility tests check."""
    from riktning.indicators.models import Indicator
    from riktning.strategy.constants import VersionStatus
    from riktning.strategy.models import Goal, Version

    with django_db_blocker.unblock():
        version = (
            Version.objects.filter(title=ADOPTED_TITLE).first()
            or Version.objects.filter(
                document__title=ADOPTED_TITLE, status=VersionStatus.ADOPTED
            ).first()
        )
        assert version is not None, f"the demo has no version titled {ADOPTED_TITLE!r}"
        goal = Goal.objects.filter(area__version=version).order_by("area__order", "order").first()
        assert goal is not None, f"the demo's {ADOPTED_TITLE!r} has no goals"
        indicator = Indicator.objects.filter(source_key=DEMO_KPI).first()
        assert indicator is not None, f"the demo has no indicator for Kolada's {DEMO_KPI}"
        # One follow-up across documents (followup/across.py): both out for consultation.
        contributing = Version.objects.get(title__contains="2024–2030")
        programme = Version.objects.get(document__title__startswith="Hållbarhetsmål")
        return {
            "contributing document's follow-up": f"/versioner/{contributing.pk}/uppfoljning/",
            "programme's follow-up": f"/versioner/{programme.pk}/uppfoljning/",
            "start page": "/",
            "adopted version": f"/versioner/{version.pk}/",
            "goal": f"/mal/{goal.pk}/",
            "indicator catalogue": "/indikatorer/",
            "indicator page": f"/indikatorer/{indicator.pk}/",
            "follow-up overview": f"/versioner/{version.pk}/uppfoljning/",
            "area": f"/omraden/{goal.area_id}/",
            "gender equality": "/jamstalldhet/",
        }


@pytest.fixture(scope="session")
def demo_login() -> dict[str, str]:
    """The demo coordinator's credentials."""
    return {"username": COORDINATOR, "password": DEMO_PASSWORD}


@pytest.fixture(scope="session")
def run_axe():
    """run_axe(page) → axe-core's WCAG 2.0/2.1 A and AA violations on the page as it is now."""

    def run(page) -> list[dict]:
        page.add_script_tag(path=str(AXE_JS))
        result = page.evaluate(AXE_RUN, AXE_TAGS)
        return result["violations"]

    return run


def _new_context(browser):
    # bypass_csp: axe-core is injected as a script, which a strict Content-Security-Policy forbids.
    context = browser.new_context(bypass_csp=True)
    context.set_default_timeout(TIMEOUT_MS)
    return context


@pytest.fixture(scope="module")
def anonymous_page(browser, demo_site):
    """One browser tab for the module's anonymous page checks (opening a context costs time)."""
    context = _new_context(browser)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def coordinator_page(browser, demo_site):
    """One browser tab, logged in as the coordinator once through the login form."""
    context = _new_context(browser)
    page = context.new_page()
    try:
        log_in(page, demo_site, COORDINATOR)
        yield page
    finally:
        context.close()


@pytest.fixture
def new_page(browser):
    """new_page() opens a tab in a fresh browser context (no cookies), closed after the test."""
    contexts = []

    def open_page():
        context = _new_context(browser)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
