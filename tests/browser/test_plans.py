"""WCAG 2.1 A/AA with axe-core on the activity register, the mapping round page, the activity
form and the action plan page of the demo, for the coordinator (the demo's plan is a draft), and
the register for an anonymous visitor."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"    at {', '.join(map(str, node['target']))}")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def plan_pages(demo_site, django_db_blocker) -> dict[str, str]:
    from riktning.actionplans.models import ActionPlan
    from riktning.activities.models import MappingRound

    with django_db_blocker.unblock():
        plan = ActionPlan.objects.filter(year=2025).first()
        open_round = MappingRound.objects.filter(status="open").first()
        assert plan is not None and open_round is not None, "the demo seeds plans and rounds"
        return {
            "activity register": "/aktiviteter/",
            "coverage": "/aktiviteter/tackning/",
            "mapping round": f"/kartlaggningar/{open_round.pk}/",
            "activity form": f"/kartlaggningar/{open_round.pk}/rapportera/",
            "action plan": f"/handlingsplaner/{plan.pk}/",
        }


@pytest.mark.parametrize(
    "name", ["activity register", "coverage", "mapping round", "activity form", "action plan"]
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
