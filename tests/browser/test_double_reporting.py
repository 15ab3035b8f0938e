"""Issue 16's "done when" for double reporting, in a real browser over the demo: an editor at
Socialförvaltningen reporting a near-copy of an activity the organisation already reported sees,
before anything is saved, the warning with the similarity score, and links the earlier activity
instead of reporting it twice; the warning and the coordinator's list of suspected duplicates
have no axe-core violations (WCAG 2.1 A/AA) and do not scroll sideways at 320 px."""

import datetime
import re

import pytest
from browser_support import describe, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

EDITOR = "social"  # the demo's editor at Socialförvaltningen


@pytest.fixture(scope="module")
def setting(demo_site, django_db_blocker) -> dict:
    """One of Socialförvaltningen's activities of the demo, and a later open round it is invited
    to; a copy of another activity reported again, for the coordinator's list."""
    from riktning.accounts.models import Organisation
    from riktning.activities import services
    from riktning.activities.models import Activity

    with django_db_blocker.unblock():
        social = Organisation.objects.get(name="Socialförvaltningen")
        earlier = (
            Activity.objects.filter(organiser=social, merged_into=None)
            .exclude(description="")
            .order_by("pk")
            .first()
        )
        assert earlier is not None, "the demo has an activity of Socialförvaltningen"
        # a later round, where Socialförvaltningen reports what it runs again
        open_round = services.open_mapping_round(
            title="Föräldrastöd, uppföljning (Exempeldata)",
            question="Vilket föräldrastöd finns nu?",
            last_day=datetime.date(2040, 11, 30),
            invited=[social],
            version=earlier.mapping_round.version,
            is_example=True,
        )
        other = Activity.objects.filter(merged_into=None).exclude(pk=earlier.pk).first()
        services.report_activity(
            organiser=other.organiser,
            mapping_round=open_round,
            name=f"{other.name} (igen)",
            description=other.description,
            is_example=True,
        )
        return {
            "round": open_round.pk,
            "earlier_pk": earlier.pk,
            "earlier": earlier.name,
            "description": earlier.description,
            "count": Activity.objects.count(),
        }


def _count(django_db_blocker) -> int:
    from riktning.activities.models import Activity

    with django_db_blocker.unblock():
        return Activity.objects.count()


def test_an_editor_reporting_a_near_copy_is_warned_with_the_score_and_links_instead(
    demo_site, setting, new_page, run_axe, django_db_blocker
):
    page = new_page()
    log_in(page, demo_site, EDITOR)
    page.goto(f"{demo_site}/kartlaggningar/{setting['round']}/rapportera/")
    page.select_option("#id_organiser", label="Socialförvaltningen")
    page.fill("#id_name", f"{setting['earlier']} i år")
    page.fill("#id_description", setting["description"])
    with page.expect_navigation():
        page.locator("form.edit-form button[type=submit]").click()

    warning = page.locator("#similar")
    assert warning.is_visible()
    assert "Liknar en aktivitet som redan rapporterats" in warning.inner_text()
    assert setting["earlier"] in warning.inner_text()
    assert re.search(r"Likhet: \d+ av 100", warning.inner_text())
    assert _count(django_db_blocker) == setting["count"], "nothing saved before the choice"
    violations = run_axe(page)
    assert not violations, f"axe on the warning:\n{describe(violations)}"

    button = warning.locator("li", has_text=setting["earlier"]).get_by_role(
        "button", name=re.compile("Länka den här i stället")
    )
    with page.expect_navigation():
        button.first.click()

    assert f"/kartlaggningar/{setting['round']}/" in page.url
    assert "länkades till den här omgången" in page.inner_text("main")
    linked = page.locator("#linked + ul")
    assert setting["earlier"] in linked.inner_text()
    assert _count(django_db_blocker) == setting["count"], "linked, not reported twice"
    violations = run_axe(page)
    assert not violations, f"axe on the round page after linking:\n{describe(violations)}"


def test_the_coordinators_list_of_suspected_duplicates_has_no_violations(
    demo_site, setting, coordinator_page, run_axe
):
    response = coordinator_page.goto(f"{demo_site}/dubbletter/")
    assert response.status == 200
    table = coordinator_page.locator("table[aria-labelledby=activity-pairs]")
    assert "(igen)" in table.inner_text()
    violations = run_axe(coordinator_page)
    assert not violations, f"axe on the duplicates page:\n{describe(violations)}"


def test_the_duplicates_page_and_the_warning_reflow_at_320_px(
    demo_site, setting, new_page, coordinator_page
):
    wide = "() => document.documentElement.scrollWidth"
    coordinator_page.set_viewport_size({"width": 320, "height": 640})
    try:
        coordinator_page.goto(f"{demo_site}/dubbletter/")
        assert coordinator_page.evaluate(wide) <= 320
    finally:
        coordinator_page.set_viewport_size({"width": 1280, "height": 720})
    page = new_page()
    page.set_viewport_size({"width": 320, "height": 640})
    log_in(page, demo_site, EDITOR)
    page.goto(f"{demo_site}/kartlaggningar/{setting['round']}/rapportera/")
    page.select_option("#id_organiser", label="Socialförvaltningen")
    page.fill("#id_name", f"{setting['earlier']} nu")
    page.fill("#id_description", setting["description"])
    with page.expect_navigation():
        page.locator("form.edit-form button[type=submit]").click()
    assert page.locator("#similar").is_visible()
    assert page.evaluate(wide) <= 320
