"""WCAG 2.1 A/AA with axe-core on the pages where the coordinator gives an indicator's values:
the upload form, the list of a bad file's problems, the preview before saving, manual entry."""

import pytest
from browser_support import describe
from django.test import override_settings

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PARENTS = "Antal föräldrar som deltar i föräldrastödsprogram"  # the demo's local indicator
GOOD_CSV = "område;period;värde\r\n1287;2023;412\r\n1287;2024;398\r\n".encode()
BAD_CSV = "område;period;värde\r\n9999;2023;4\r\n1287;2023;fyra\r\n".encode()


@pytest.fixture(scope="module")
def pending_dir(tmp_path_factory):
    """Uploads wait for confirmation under MEDIA_ROOT; keep them out of the data directory."""
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield


@pytest.fixture(scope="module")
def parents_pk(demo_site, django_db_blocker) -> int:
    from riktning.indicators.models import Indicator

    with django_db_blocker.unblock():
        indicator = Indicator.objects.filter(title=PARENTS).first()
        assert indicator is not None, f"the demo has no indicator titled {PARENTS!r}"
        return indicator.pk


def _upload(page, base: str, pk: int, name: str, content: bytes) -> None:
    page.goto(f"{base}/indikatorer/{pk}/ladda-upp/")
    page.set_input_files(
        "input[type=file][name=file]",
        files=[{"name": name, "mimeType": "text/csv", "buffer": content}],
    )
    with page.expect_navigation():
        page.locator("main form.edit-form button[type=submit]").click()


def _assert_accessible(page, run_axe, what: str) -> None:
    violations = run_axe(page)
    assert not violations, f"axe on {what}, coordinator:\n{describe(violations)}"


def test_the_upload_page_has_no_accessibility_violations(
    demo_site, coordinator_page, parents_pk, run_axe, pending_dir
):
    response = coordinator_page.goto(f"{demo_site}/indikatorer/{parents_pk}/ladda-upp/")

    assert response.status == 200
    assert coordinator_page.locator("input[type=file]").count() == 1
    _assert_accessible(coordinator_page, run_axe, "the upload page")


def test_the_problems_of_a_bad_file_have_no_accessibility_violations(
    demo_site, coordinator_page, parents_pk, run_axe, pending_dir
):
    _upload(coordinator_page, demo_site, parents_pk, "fel.csv", BAD_CSV)

    assert coordinator_page.locator("table.problems tbody tr").count() == 2
    _assert_accessible(coordinator_page, run_axe, "the upload page with problems")


def test_the_preview_page_has_no_accessibility_violations(
    demo_site, coordinator_page, parents_pk, run_axe, pending_dir
):
    _upload(coordinator_page, demo_site, parents_pk, "varden.csv", GOOD_CSV)

    assert coordinator_page.locator("input[name=token]").count() == 1, "the preview is shown"
    _assert_accessible(coordinator_page, run_axe, "the upload preview")


def test_the_manual_entry_page_has_no_accessibility_violations(
    demo_site, coordinator_page, parents_pk, run_axe, pending_dir
):
    response = coordinator_page.goto(f"{demo_site}/indikatorer/{parents_pk}/registrera/")

    assert response.status == 200
    _assert_accessible(coordinator_page, run_axe, "the manual entry page")
