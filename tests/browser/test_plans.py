"""WCAG 2.1 A/AA with axe-core on the activity register, the mapping round page, the activity
form and the action plan page of the demo, for the coordinator (the demo's plan is a draft), and
the register for an anonymous visitor."""

import pytest
from browser_support import describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture(scope="module")
def plan_pages(demo_site, django_db_blocker) -> dict[str, str]:
    from riktning.actionplans.models import ActionPlan
    from riktning.activities.models import MappingRound
    from riktning.strategy.models import Version

    with django_db_blocker.unblock():
        plan = ActionPlan.objects.filter(year=2025).first()
        open_round = MappingRound.objects.filter(status="open").first()
        assert plan is not None and open_round is not None, "the demo seeds plans and rounds"
        version = Version.objects.get(pk=plan.version_id)
        return {
            "activity register": "/aktiviteter/",
            "coverage": "/aktiviteter/tackning/",
            "mapping round": f"/kartlaggningar/{open_round.pk}/",
            "activity form": f"/kartlaggningar/{open_round.pk}/rapportera/",
            "action plan": f"/handlingsplaner/{plan.pk}/",
            "gap view": f"/versioner/{version.pk}/analys/",
            "timeline": f"/handlingsplaner/{plan.pk}/tidslinje/",
        }


@pytest.mark.parametrize(
    "name",
    [
        "activity register",
        "coverage",
        "mapping round",
        "activity form",
        "action plan",
        "gap view",
        "timeline",
    ],
)
def test_plan_pages_have_no_accessibility_violations_for_the_coordinator(
    name, demo_site, plan_pages, coordinator_page, run_axe
):
    page = coordinator_page
    response = page.goto(demo_site + plan_pages[name])
    assert response.status == 200, f"{name} answered {response.status}"
    violations = run_axe(page)
    assert not violations, f"axe on {name}, coordinator:\n{describe(violations)}"


def test_the_register_has_no_accessibility_violations_for_an_anonymous_visitor(
    demo_site, plan_pages, anonymous_page, run_axe
):
    response = anonymous_page.goto(demo_site + plan_pages["activity register"])
    assert response.status == 200
    violations = run_axe(anonymous_page)
    assert not violations, f"axe on the register, anonymous:\n{describe(violations)}"


def test_the_action_plan_page_labels_example_data(demo_site, plan_pages, coordinator_page):
    coordinator_page.goto(demo_site + plan_pages["action plan"])
    assert coordinator_page.locator(".example-notice").count() == 1


def _focused(page) -> dict:
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return {tag: e.tagName.toLowerCase(), name: e.getAttribute('name'),"
        " type: e.getAttribute('type'), text: e.textContent}; }"
    )


def _tab_to(page, test, limit: int = 120) -> dict:
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = _focused(page)
        if test(state):
            return state
    pytest.fail("Tab never reached the element")


def test_an_editor_completes_the_activity_form_with_the_keyboard_alone(
    demo_site, plan_pages, new_page, django_db_blocker
):
    page = new_page()
    page.goto(demo_site + "/konto/logga-in/")
    _tab_to(page, lambda s: s["name"] == "username")
    page.keyboard.type("social")
    page.keyboard.press("Tab")
    page.keyboard.type("riktning-demo")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    page.goto(demo_site + plan_pages["activity form"])
    _tab_to(page, lambda s: s["name"] == "organiser")
    page.keyboard.press("ArrowDown")  # the editor's own organisation, the only one offered
    _tab_to(page, lambda s: s["name"] == "name")
    page.keyboard.type("Babyrytmik på biblioteket")
    _tab_to(page, lambda s: s["name"] == "participants")
    page.keyboard.type("25")
    _tab_to(page, lambda s: s["tag"] == "button" and s["type"] == "submit")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    from riktning.activities.models import Activity

    with django_db_blocker.unblock():
        activity = Activity.objects.filter(name="Babyrytmik på biblioteket").first()
        assert activity is not None, f"not saved; the page says: {page.inner_text('main')[:500]}"
        assert activity.organiser.name == "Socialförvaltningen"
        assert activity.participants == 25
