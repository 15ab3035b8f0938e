"""The account's notification settings in a real browser: no WCAG 2.1 A/AA violation (axe-core),
chosen and saved with the keyboard alone (Tab to a kind's group, the arrow keys to a choice,
Enter to save), and usable at 320 CSS px without sideways scrolling."""

import pytest
from browser_support import describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

URL = "/konto/aviseringar/"


def test_the_settings_page_has_no_accessibility_violations_and_reflows(
    demo_site, coordinator_page, run_axe
):
    page = coordinator_page
    page.set_viewport_size({"width": 1280, "height": 800})
    response = page.goto(demo_site + URL)
    assert response.status == 200
    assert page.locator("fieldset legend").count() == 6
    violations = run_axe(page)
    assert not violations, describe(violations)

    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(demo_site + URL)
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page scrolls sideways by {overflow} px at 320 px"


def test_a_choice_is_made_and_saved_with_the_keyboard_alone(
    demo_site, coordinator_page, django_db_blocker
):
    page = coordinator_page
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(demo_site + URL)
    # The first group's checked button takes the focus by Tab; an arrow key moves the choice.
    first = page.locator("input[name='round_opened']").first
    first.focus()
    assert page.evaluate("() => document.activeElement.value") == "immediate"
    page.keyboard.press("ArrowDown")
    assert page.evaluate("() => document.activeElement.value") == "digest"
    assert page.locator("input[name='round_opened'][value='digest']").is_checked()
    page.keyboard.press("Enter")  # submits the form
    page.get_by_text("Dina aviseringsinställningar sparades.").wait_for()
    assert page.url.endswith(URL)
    assert page.locator("input[name='round_opened'][value='digest']").is_checked()

    from riktning.accounts.models import User
    from riktning.notifications.models import Preferences

    with django_db_blocker.unblock():
        coordinator = User.objects.get(username="samordnare")
        assert Preferences.objects.get(user=coordinator).mode("round_opened") == "digest"
        Preferences.objects.filter(user=coordinator).delete()  # the demo as it was
