"""The coordinator imports a steering document with the keyboard alone: pastes the text, reads
the proposed tree beside the source text, un-matches an indicator, and saves it as a new draft
version; axe-core (WCAG 2.1 A/AA) finds nothing on the upload form, a refused file's message
and the review page."""

import pytest
from browser_support import describe, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture(scope="module")
def document_text(demo_site, django_db_blocker) -> str:
    from riktning.indicators.models import Indicator

    with django_db_blocker.unblock():
        matched = Indicator.objects.get(source_key="N15418").title
    return (
        "Strategi för prövning\n\nEn inledande text om strategin.\n\n"
        "Särskilt viktiga utvecklingsområden\n\n"
        "Trygghet\n\nOm trygghet i området.\n\n"
        "Mål: Barn och unga ska känna trygghet\n\n"
        f"Indikator: {matched}\n\n"
        "Tillit\n\nOm tillit mellan människor.\n\n"
        "Mål: Fler ska känna tillit till andra\n\n"
        "Ytterligare indikator: Andel som röstar i skolvalet\n"
    )


def _focused(page) -> dict:
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return {tag: e.tagName.toLowerCase(), name: e.getAttribute('name'),"
        " type: e.getAttribute('type'), value: e.getAttribute('value'),"
        " text: (e.textContent || '').trim()}; }"
    )


def _tab_to(page, test, limit: int = 300) -> dict:
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = _focused(page)
        if test(state):
            return state
    pytest.fail("Tab never reached the element")


def _assert_accessible(page, run_axe, what: str) -> None:
    violations = run_axe(page)
    assert not violations, f"axe on {what}, coordinator:\n{describe(violations)}"


def test_the_coordinator_reviews_and_saves_an_import_with_the_keyboard_alone(
    demo_site, new_page, document_text, run_axe, django_db_blocker
):
    page = new_page()
    log_in(page, demo_site, "samordnare")
    page.goto(demo_site + "/dokument/importera/")
    _assert_accessible(page, run_axe, "the import form")

    _tab_to(page, lambda s: s["name"] == "text")
    page.keyboard.insert_text(document_text)
    _tab_to(page, lambda s: s["tag"] == "button" and s["type"] == "submit")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.url.endswith("/dokument/importera/granska/"), page.inner_text("main")[:500]
    assert page.locator(".import-part").count() == 8
    assert "Andel som röstar i skolvalet" in page.inner_text(".import-source-text")
    _assert_accessible(page, run_axe, "the review page")

    # Part 5 is the matched indicator: open its corrections and make it a proposed one.
    _tab_to(page, lambda s: s["tag"] == "a" and s["text"] == "Rätta del 5")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    _tab_to(page, lambda s: s["tag"] == "button" and "föreslagen indikator" in s["text"])
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Del 5 ändrades" in page.inner_text("main")
    assert page.locator("#part-5").inner_text().count("Finns inte i katalogen") == 1
    _assert_accessible(page, run_axe, "the review page after a correction")

    _tab_to(page, lambda s: s["name"] == "title")
    page.keyboard.press("Control+A")
    page.keyboard.type("Strategi importerad med tangentbordet")
    _tab_to(page, lambda s: s["tag"] == "button" and s["text"] == "Spara som en ny utkastversion")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    from riktning.strategy.models import DocumentImport, GoalIndicator

    with django_db_blocker.unblock():
        record = DocumentImport.objects.filter(
            version__title="Strategi importerad med tangentbordet"
        ).first()
        assert record is not None, f"not saved; the page says: {page.inner_text('main')[:500]}"
        links = GoalIndicator.objects.filter(goal__area__version=record.version)
        assert record.version.areas.count() == 2
        assert links.count() == 2 and links.filter(indicator=None).count() == 2
    assert page.url.endswith(f"/versioner/{record.version.pk}/")
    assert "Importerad från" in page.inner_text("main")
    _assert_accessible(page, run_axe, "the imported version's page")


def test_a_refused_file_has_no_accessibility_violations(demo_site, coordinator_page, run_axe):
    coordinator_page.goto(demo_site + "/dokument/importera/")
    coordinator_page.set_input_files(
        "input[type=file][name=file]",
        files=[{"name": "tom.txt", "mimeType": "text/plain", "buffer": b"  \n"}],
    )
    with coordinator_page.expect_navigation():
        coordinator_page.locator("main form.edit-form button[type=submit]").click()

    assert "Dokumentet är tomt" in coordinator_page.inner_text(".error-summary")
    _assert_accessible(coordinator_page, run_axe, "the import form with a refused file")
