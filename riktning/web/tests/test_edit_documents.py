"""The coordinator creates and changes steering documents and versions, moves a version's status
and records decisions. Impossible moves and edits of adopted versions save nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from riktning.audit.models import Event
from riktning.strategy import services
from riktning.strategy.constants import DocumentKind, VersionStatus
from riktning.strategy.models import (
    Decision,
    SteeringDocument,
    Version,
    VersionStatusChange,
    locked_message,
)
from riktning.web.revisions import current_revision

from .edit_support import errors, swedish, two_versions


@pytest.fixture
def world(db):
    return two_versions()


@pytest.fixture
def client(personas):
    return personas["coordinator"]


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# --- documents ---------------------------------------------------------------------------------


def test_coordinator_creates_a_document_with_a_first_draft_version(client, orgs, coordinator):
    response = client.post(
        reverse("web:document_create"),
        {
            "title": "Handlingsplan mot våld",
            "kind": DocumentKind.ACTION_PLAN,
            "owner": orgs["kommun"].pk,
            "valid_from": 2025,
            "valid_to": 2027,
            "description": "",
        },
    )

    document = SteeringDocument.objects.get(title="Handlingsplan mot våld")
    assert response.status_code == 302
    assert response.url == f"/dokument/{document.pk}/"
    version = document.versions.get()
    assert (version.number, version.status, version.valid_from) == (1, VersionStatus.DRAFT, 2025)
    assert document.history.first().history_user == coordinator


def test_a_document_whose_period_ends_before_it_starts_is_refused(client, orgs):
    response = client.post(
        reverse("web:document_create"),
        {
            "title": "Baklänges",
            "kind": "plan",
            "owner": orgs["kommun"].pk,
            "valid_from": 2030,
            "valid_to": 2021,
        },
    )

    assert response.status_code == 200
    assert errors(response, "valid_to")
    assert 'class="error-summary"' in response.text
    assert 'href="#id_valid_to"' in response.text
    assert not SteeringDocument.objects.filter(title="Baklänges").exists()


def test_coordinator_changes_a_document(client, world, orgs):
    url = reverse("web:document_edit", args=[world.document.pk])

    response = client.post(
        url,
        {
            "title": "Strategi för social hållbarhet (reviderad)",
            "kind": DocumentKind.STRATEGY,
            "owner": orgs["kommun"].pk,
            "valid_from": 2021,
            "valid_to": 2030,
            "description": "Kommunens strategi.",
            "revision": current_revision(world.document),
        },
    )

    assert response.status_code == 302
    assert response.url == f"/dokument/{world.document.pk}/"
    world.document.refresh_from_db()
    assert world.document.title == "Strategi för social hållbarhet (reviderad)"


# --- versions --------------------------------------------------------------------------------


def test_the_new_version_form_offers_the_latest_version_first(client, world):
    response = client.get(reverse("web:version_create", args=[world.document.pk]))

    assert response.context["form"]["based_on"].value() == world.draft.pk


def test_coordinator_creates_a_version_from_the_adopted_one(client, world):
    response = client.post(
        reverse("web:version_create", args=[world.document.pk]),
        {"based_on": world.adopted.pk, "title": "Revidering 2026"},
    )

    version = Version.objects.get(title="Revidering 2026")
    assert response.status_code == 302
    assert response.url == f"/versioner/{version.pk}/"
    assert version.status == VersionStatus.DRAFT
    assert version.based_on == world.adopted
    assert version.number == world.draft.number + 1
    assert [a.title for a in version.areas.all()] == [world.old_area.title]


def test_a_version_of_another_document_cannot_be_the_base(client, world):
    other = two_versions()
    before = Version.objects.count()

    response = client.post(
        reverse("web:version_create", args=[world.document.pk]),
        {"based_on": other.adopted.pk, "title": "Fel bas"},
    )

    assert response.status_code == 200
    assert errors(response, "based_on")
    assert Version.objects.count() == before


def test_coordinator_changes_a_draft_version(client, world):
    response = client.post(
        reverse("web:version_edit", args=[world.draft.pk]),
        {
            "title": "Remissversion",
            "valid_from": 2024,
            "valid_to": 2030,
            "summary": "Kort.",
            "revision": current_revision(world.draft),
        },
    )

    assert response.status_code == 302
    assert response.url == f"/versioner/{world.draft.pk}/"
    world.draft.refresh_from_db()
    assert (world.draft.title, world.draft.summary) == ("Remissversion", "Kort.")
    assert "”Remissversion”" in _messages(client.get(response.url))[0]


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_adopted_version_cannot_be_edited(client, world, method):
    url = reverse("web:version_edit", args=[world.adopted.pk])
    data = {"title": "Ändrad i efterhand", "valid_from": 2021, "valid_to": 2030}

    response = getattr(client, method)(url, data if method == "post" else None)

    assert response.status_code == 409
    assert response.context["message"] == swedish(locked_message(world.adopted))
    assert reverse("web:version_create", args=[world.document.pk]) in response.text
    world.adopted.refresh_from_db()
    assert world.adopted.title != "Ändrad i efterhand"


# --- status ----------------------------------------------------------------------------------


def test_the_status_form_offers_only_the_allowed_next_statuses(client, world):
    draft = client.get(reverse("web:version_status", args=[world.draft.pk]))
    adopted = client.get(reverse("web:version_status", args=[world.adopted.pk]))

    assert [v for v, _ in draft.context["form"].fields["to_status"].choices] == [
        VersionStatus.CONSULTATION,
        VersionStatus.ADOPTED,
        VersionStatus.REPEALED,
    ]
    assert [v for v, _ in adopted.context["form"].fields["to_status"].choices] == [
        VersionStatus.REPEALED
    ]


def test_coordinator_adopts_a_draft_with_the_decision_and_the_old_version_is_repealed(
    client, world, orgs, coordinator
):
    response = client.post(
        reverse("web:version_status", args=[world.draft.pk]),
        {
            "to_status": VersionStatus.ADOPTED,
            "decided_by": orgs["kommun"].pk,
            "decision_date": "2024-05-22",
            "paragraph": "134",
            "case_number": "KS 2023/474",
            "note": "",
        },
    )

    assert response.status_code == 302
    assert response.url == f"/versioner/{world.draft.pk}/"
    world.draft.refresh_from_db()
    world.adopted.refresh_from_db()
    assert world.draft.status == VersionStatus.ADOPTED
    assert world.adopted.status == VersionStatus.REPEALED
    change = world.draft.status_changes.get(to_status=VersionStatus.ADOPTED)
    assert (change.paragraph, change.case_number, change.recorded_by) == (
        "134",
        "KS 2023/474",
        coordinator,
    )
    assert change.decision_date == datetime.date(2024, 5, 22)
    assert Event.objects.filter(verb="version_status_changed").count() == 2


def test_an_adopted_version_cannot_go_back_to_draft(client, world):
    before = VersionStatusChange.objects.count()

    response = client.post(
        reverse("web:version_status", args=[world.adopted.pk]),
        {"to_status": VersionStatus.DRAFT},
    )

    assert response.status_code == 200
    with pytest.raises(ValidationError) as refusal:
        services.check_transition(world.adopted, VersionStatus.DRAFT)
    assert errors(response, "to_status") == [swedish(refusal.value.messages[0])]
    assert 'href="#id_to_status"' in response.text
    world.adopted.refresh_from_db()
    assert world.adopted.status == VersionStatus.ADOPTED
    assert VersionStatusChange.objects.count() == before


def test_an_adoption_without_the_deciding_body_is_refused(client, world):
    response = client.post(
        reverse("web:version_status", args=[world.draft.pk]),
        {"to_status": VersionStatus.ADOPTED, "decision_date": "2024-05-22"},
    )

    assert response.status_code == 200
    assert errors(response, "to_status")
    world.draft.refresh_from_db()
    assert world.draft.status == VersionStatus.DRAFT


def test_a_repealed_version_offers_no_status_form(client, world):
    Version.objects.filter(pk=world.adopted.pk).update(status=VersionStatus.REPEALED)

    response = client.get(reverse("web:version_status", args=[world.adopted.pk]))

    assert response.status_code == 200
    assert 'class="edit-form"' not in response.text


# --- decisions -------------------------------------------------------------------------------


def test_coordinator_records_a_decision_about_a_document(client, world, orgs):
    response = client.post(
        reverse("web:decision_create", args=[world.document.pk]),
        {
            "decided_by": orgs["kommun"].pk,
            "decision_date": "2023-05-22",
            "paragraph": "134",
            "case_number": "KS 2023/474",
            "text": "Strategin ska revideras.",
            "version": world.adopted.pk,
        },
    )

    assert response.status_code == 302
    assert response.url == f"/dokument/{world.document.pk}/"
    decision = Decision.objects.get()
    assert (decision.document, decision.version, decision.paragraph) == (
        world.document,
        world.adopted,
        "134",
    )
    assert Event.objects.filter(verb="decision_recorded").exists()


def test_a_decision_in_the_future_is_refused(client, world, orgs):
    response = client.post(
        reverse("web:decision_create", args=[world.document.pk]),
        {"decided_by": orgs["kommun"].pk, "decision_date": "2999-01-01", "text": "Senare."},
    )

    assert response.status_code == 200
    assert errors(response, "decision_date")
    assert not Decision.objects.exists()
