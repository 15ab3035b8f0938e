"""WCAG 2.1 A/AA with axe-core on the annual cycle's pages (the demo's 2026 cycle: the year wheel,
its table and list), and the wheel usable 320 CSS px wide without sideways scrolling."""

import pytest
from browser_support import describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture(scope="module")
def cycle_path(demo_site, django_db_blocker) -> str:
    from riktning.cycle.models import Cycle

    with django_db_blocker.unblock():
        cycle = Cycle.objects.filter(year=2026).first()
        assert cycle is not None, "the demo has no annual cycle for 2026"
        return f"/arshjul/{cycle.pk}/"


def test_the_cycle_page_has_no_accessibility_violations(
    demo_site, cycle_path, anonymous_page, run_axe
):
    page = anonymous_page
    response = page.goto(demo_site + cycle_path)
    assert response.status == 200
    assert page.locator("svg.cycle-wheel").count() == 1
    assert page.locator("table tbody tr").count() == 8
    violations = run_axe(page)
    assert not violations, f"axe on the annual cycle:\n{describe(violations)}"


@pytest.mark.parametrize("path", ["/arshjul/", "/arshjul/moten/", "/arshjul/kalender/"])
def test_the_coordinators_cycle_pages_have_no_accessibility_violations(
    path, demo_site, coordinator_page, run_axe
):
    page = coordinator_page
    response = page.goto(demo_site + path)
    assert response.status == 200
    violations = run_axe(page)
    assert not violations, f"axe on {path}:\n{describe(violations)}"


@pytest.fixture(scope="module")
def template_path(demo_site, django_db_blocker) -> str:
    from riktning.cycle.models import Cycle

    with django_db_blocker.unblock():
        return f"/arshjul/mallar/{Cycle.objects.filter(year=2026).first().document_id}/andra/"


def test_the_template_is_edited_with_the_keyboard_alone(
    demo_site, template_path, coordinator_page, run_axe
):
    """The template page passes axe, fits 320 px, and its first step's days are changed and
    saved with Tab, typing and Enter only."""
    page = coordinator_page
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.goto(demo_site + template_path).status == 200
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    violations = run_axe(page)
    assert not violations, f"axe on the template:\n{describe(violations)}"
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "id_steps-0-days_before":
            break
    else:
        raise AssertionError("the first step's days cannot be reached with Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type("22")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("#id_steps-0-days_before").input_value() == "22"
    assert page.locator(".messages, [role=status]").count() >= 1


def test_the_cycle_page_does_not_scroll_sideways_at_320_px(demo_site, cycle_path, anonymous_page):
    page = anonymous_page
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(demo_site + cycle_path)
    wheel = page.locator("svg.cycle-wheel").bounding_box()
    assert wheel["width"] <= 320
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
