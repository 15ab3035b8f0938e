"""The version page reads like the paper (strategy/reading.py): a table of contents whose links
lead to the headings, and the coordinator's move buttons on a draft, worked with the keyboard.
axe-core (WCAG 2.1 A/AA) finds nothing on the page, before and after a move."""

import pytest
from browser_support import describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture(scope="module")
def draft(demo_site, django_db_blocker) -> int:
    """A draft copy of the demo's adopted strategy 2021–2030 (the draft of 2024 is out for
    consultation and so frozen)."""
    from riktning.strategy.constants import VersionStatus
    from riktning.strategy.models import Version
    from riktning.strategy.services import create_version_from

    with django_db_blocker.unblock():
        adopted = Version.objects.get(status=VersionStatus.ADOPTED)
        return create_version_from(adopted, title="Strategi för social hållbarhet, utkast").pk


def area_titles(page) -> list[str]:
    return [
        t.strip()
        for t in page.locator("main section.reading-area > :is(h2,h3) a").all_inner_texts()
    ]


def test_the_table_of_contents_and_the_keyboard_moves(demo_site, draft, coordinator_page, run_axe):
    page = coordinator_page
    page.goto(f"{demo_site}/versioner/{draft}/")
    violations = run_axe(page)
    assert not violations, f"axe on the version page:\n{describe(violations)}"

    toc = page.locator("nav.toc")
    assert toc.get_by_role("link", name="Långsiktighet i fokus").count() == 1
    toc.get_by_role("link", name="Föräldrastöd", exact=True).focus()
    page.keyboard.press("Enter")
    assert page.url.endswith(
        "#" + page.locator("main h2", has_text="Föräldrastöd").first.get_attribute("id")
    )

    before = area_titles(page)
    assert before[0] == "Föräldrastöd" and len(before) == 6
    page.get_by_role("button", name="Flytta ned: Föräldrastöd", exact=True).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")

    after = area_titles(page)
    assert after[:2] == [before[1], "Föräldrastöd"]
    assert "#move-area-" in page.url
    assert "flyttades ned" in page.locator("main").inner_text()
    violations = run_axe(page)
    assert not violations, f"axe after a move:\n{describe(violations)}"

    page.get_by_role("button", name="Flytta upp: Föräldrastöd", exact=True).focus()
    with page.expect_navigation():
        page.keyboard.press("Space")
    assert area_titles(page) == before
