"""WCAG 2.1 A/AA with axe-core on the demo's consultation round and its summary, as the
coordinator, and the editor's statement form reached and filled with the keyboard alone: a
comment with a picked passage, a comment on the whole draft and an insert proposal."""

import pytest
from browser_support import describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture(scope="module")
def round_pages(demo_site, django_db_blocker) -> dict[str, str]:
    from riktning.consultation.models import Round

    with django_db_blocker.unblock():
        round = Round.objects.first()
        assert round is not None, "the demo has no consultation round"
        return {
            "round page": f"/remisser/{round.pk}/",
            "summary": f"/remisser/{round.pk}/sammanstallning/",
            "summary by part": f"/remisser/{round.pk}/sammanstallning/per-del/",
            "decision proposal": f"/remisser/{round.pk}/forslag-till-beslut/",
            "decision proposal form": f"/remisser/{round.pk}/forslag-till-beslut/andra/",
            "registration form": f"/remisser/{round.pk}/registrera/",
            "one-page registration": f"/remisser/{round.pk}/registrera-yttrande/",
            "sent outside form": f"/remisser/{round.pk}/skickad-utanfor/",
        }


@pytest.mark.parametrize("name", ["round page", "summary", "summary by part"])
def test_consultation_page_has_no_accessibility_violations_for_the_coordinator(
    name, demo_site, round_pages, coordinator_page, run_axe
):
    page = coordinator_page
    response = page.goto(demo_site + round_pages[name])

    assert response.status == 200, f"{name} answered {response.status}"
    assert page.locator("table").count() >= 1
    violations = run_axe(page)
    assert not violations, f"axe on {name}:\n{describe(violations)}"


def test_the_round_page_lists_every_recipient(demo_site, round_pages, coordinator_page):
    from riktning.devtools.demo_consultation import RECIPIENTS

    page = coordinator_page
    page.goto(demo_site + round_pages["round page"])
    names = page.locator("tbody th[scope=row]").all_inner_texts()
    assert sorted(n.strip() for n in names) == sorted(RECIPIENTS)


def _tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the focused element matches `selector`, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} cannot be reached with Tab")


def test_an_editor_drafts_a_statement_with_the_keyboard_alone(
    demo_site, round_pages, new_page, run_axe
):
    page = new_page()
    page.goto(f"{demo_site}/konto/logga-in/")
    page.fill("input[name=username]", "social")
    page.fill("input[name=password]", "riktning-demo")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    page.goto(demo_site + round_pages["round page"])
    _tab_to(page, "form[action*='/yttrande/'] button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/andra/" in page.url, page.url
    violations = run_axe(page)
    assert not violations, f"axe on the statement form:\n{describe(violations)}"

    _tab_to(page, "#id_position")
    page.keyboard.press("ArrowDown")
    _tab_to(page, "#id_decision_body")
    page.keyboard.type("Socialnämnden")
    _tab_to(page, "#id_summary")
    page.keyboard.type("Ett exempel, skrivet med tangentbordet.")
    _tab_to(page, "form.edit-form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.locator("#id_decision_body").input_value() == "Socialnämnden"
    assert page.locator("#id_position").input_value() != ""
    _tab_to(page, "a[href$='/synpunkt/ny/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    violations = run_axe(page)
    assert not violations, f"axe on the comment form:\n{describe(violations)}"

    # a part chosen, its text shown beside the form and a passage picked from it, by keyboard
    _tab_to(page, "#id_anchor")
    page.keyboard.press("ArrowDown")
    _tab_to(page, "button[name=show]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("section.part-text").count() == 1
    violations = run_axe(page)
    assert not violations, f"axe on the comment form with the part's text:\n{describe(violations)}"
    _tab_to(page, "#id_text")
    page.keyboard.type("Ett förslag, skrivet med tangentbordet.")
    _tab_to(page, "#id_pick")
    page.keyboard.press("ArrowDown")
    picked = page.locator("#id_pick").input_value()
    assert picked
    _tab_to(page, "#id_replacement")
    page.keyboard.type("En ny lydelse.")
    _tab_to(page, "form.edit-form .actions button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/synpunkt/ny/" not in page.url, page.locator("main").inner_text()[:2000]
    assert page.locator("del", has_text=picked).count() >= 1


def _open_comment_form(page, demo_site, round_pages) -> None:
    """From the round page to a new comment of the editor's draft, by keyboard: the draft is
    started, or continued when an earlier test (the database may be shared) started it."""
    page.goto(demo_site + round_pages["round page"])
    _tab_to(
        page,
        "form[action*='/yttrande/'] button, ul[aria-labelledby='own-heading'] a[href$='/andra/']",
    )
    with page.expect_navigation():
        page.keyboard.press("Enter")
    _tab_to(page, "a[href$='/synpunkt/ny/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_whole_draft_comment_and_an_insert_proposal_with_the_keyboard_alone(
    demo_site, round_pages, new_page, run_axe
):
    page = new_page()
    page.goto(f"{demo_site}/konto/logga-in/")
    page.fill("input[name=username]", "social")
    page.fill("input[name=password]", "riktning-demo")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()

    # a comment on the whole draft: "Hela förslaget" is the first choice, already chosen
    _open_comment_form(page, demo_site, round_pages)
    assert page.locator("#id_anchor option").first.inner_text() == "Hela förslaget"
    assert page.locator("#id_anchor").input_value() == "whole"
    _tab_to(page, "#id_text")
    page.keyboard.type("Målvärden saknas för samtliga indikatorer.")
    _tab_to(page, "form.edit-form .actions button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/synpunkt/ny/" not in page.url, page.locator("main").inner_text()[:2000]
    assert page.locator("article.comment h3").first.inner_text() == "Hela förslaget"

    # an insert proposal after a passage picked from the part's text
    _tab_to(page, "a[href$='/synpunkt/ny/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    _tab_to(page, "#id_anchor")
    page.keyboard.press("ArrowDown")
    _tab_to(page, "button[name=show]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("section.part-text").count() == 1
    violations = run_axe(page)
    assert not violations, f"axe on the comment form with a proposal:\n{describe(violations)}"
    _tab_to(page, "#id_text")
    page.keyboard.type("Ett tillägg, skrivet med tangentbordet.")
    _tab_to(page, "#id_proposal_kind")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.locator("#id_proposal_kind").input_value() == "insert"
    _tab_to(page, "#id_pick")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    picked = page.locator("#id_pick").input_value()
    assert picked
    _tab_to(page, "#id_replacement")
    page.keyboard.type("Socialnämnden har deltagit i arbetet.")
    _tab_to(page, "form.edit-form .actions button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert "/synpunkt/ny/" not in page.url, page.locator("main").inner_text()[:2000]
    comment = page.locator("article.comment", has_text="Ett tillägg, skrivet med tangentbordet.")
    assert comment.locator("text=Infoga text efter ett textställe").count() == 1
    assert picked in comment.inner_text()
    violations = run_axe(page)
    assert not violations, f"axe on the statement form with proposals:\n{describe(violations)}"


@pytest.mark.parametrize(
    "name",
    [
        "decision proposal",
        "decision proposal form",
        "registration form",
        "one-page registration",
        "sent outside form",
    ],
)
def test_decision_proposal_and_registration_pages_have_no_accessibility_violations(
    name, demo_site, round_pages, coordinator_page, run_axe
):
    page = coordinator_page
    response = page.goto(demo_site + round_pages[name])
    assert response.status == 200, f"{name} answered {response.status}"
    violations = run_axe(page)
    assert not violations, f"axe on {name}:\n{describe(violations)}"


def test_the_coordinator_adds_comment_rows_to_a_paper_statement_with_the_keyboard(
    demo_site, round_pages, coordinator_page, run_axe
):
    """The one-page registration of a statement received on paper: reached from the round page
    and a comment row added with Tab and Enter, the entries kept; nothing is saved by it."""
    page = coordinator_page
    page.goto(demo_site + round_pages["round page"])
    _tab_to(page, "a[href$='/registrera-yttrande/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("fieldset.comment-row").count() == 3
    _tab_to(page, "#id_comments-0-text")
    page.keyboard.type("Målvärden saknas, skrivet med tangentbordet.")
    _tab_to(page, "button[name=add]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.locator("fieldset.comment-row").count() == 4
    assert page.locator("#id_comments-0-text").input_value().strip() == (
        "Målvärden saknas, skrivet med tangentbordet."
    )
    assert page.locator(".error-summary").count() == 0
    violations = run_axe(page)
    assert not violations, f"axe on the registration with a row added:\n{describe(violations)}"
