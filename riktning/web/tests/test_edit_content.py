"""The coordinator adds, changes and deletes a draft version's areas, goals, text sections and
goal indicators. An adopted version's content is never changed; impossible input saves nothing."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from riktning.strategy.constants import IndicatorRole, VersionStatus
from riktning.strategy.models import (
    DevelopmentArea,
    Goal,
    GoalIndicator,
    Section,
    Version,
    locked_message,
)
from riktning.strategy.tests.factories import IndicatorFactory, SectionFactory
from riktning.web import forms
from riktning.web.revisions import current_revision

from .edit_support import edit_form_html, errors, swedish, two_versions


@pytest.fixture
def world(db):
    return two_versions()


@pytest.fixture
def client(personas):
    return personas["coordinator"]


# --- areas -----------------------------------------------------------------------------------


def test_coordinator_adds_an_area_to_a_draft(client, world, coordinator):
    response = client.post(
        reverse("web:area_create", args=[world.draft.pk]),
        {"title": "Utbildning och sysselsättning", "description": "", "order": 3},
    )

    area = DevelopmentArea.objects.get(title="Utbildning och sysselsättning")
    assert response.status_code == 302
    assert response.url == f"/omraden/{area.pk}/"
    assert area.version == world.draft
    assert area.history.first().history_user == coordinator


def test_coordinator_renames_an_area(client, world):
    response = client.post(
        reverse("web:area_edit", args=[world.area.pk]),
        {
            "title": "Boende och trygg närmiljö",
            "description": "",
            "order": 1,
            "revision": current_revision(world.area),
        },
    )

    assert response.status_code == 302
    assert response.url == f"/omraden/{world.area.pk}/"
    world.area.refresh_from_db()
    assert world.area.title == "Boende och trygg närmiljö"


# --- an adopted version's content is locked ----------------------------------------------------


def _locked_requests(world):
    """(URL, data) for every change to the adopted version's content."""
    return {
        "area_create": (
            reverse("web:area_create", args=[world.adopted.pk]),
            {"title": "Nytt", "order": 1},
        ),
        "area_edit": (
            reverse("web:area_edit", args=[world.old_area.pk]),
            {"title": "Ändrat", "order": 1},
        ),
        "goal_create": (
            reverse("web:goal_create", args=[world.old_area.pk]),
            {"area": world.old_area.pk, "title": "Nytt mål", "order": 1},
        ),
        "goal_edit": (
            reverse("web:goal_edit", args=[world.old_goal.pk]),
            {"area": world.old_area.pk, "title": "Ändrat mål", "order": 1},
        ),
        "section_create": (
            reverse("web:section_create", args=[world.adopted.pk]),
            {"heading": "Nytt", "body": "Text.", "order": 1},
        ),
        "section_edit": (
            reverse("web:section_edit", args=[world.old_section.pk]),
            {"heading": "Ändrat", "body": "Text.", "order": 1},
        ),
        "goal_indicator_create": (
            reverse("web:goal_indicator_create", args=[world.old_goal.pk]),
            {"role": IndicatorRole.PROPOSED, "proposal": "Något nytt", "order": 1},
        ),
        "goal_indicator_edit": (
            reverse("web:goal_indicator_edit", args=[world.old_link.pk]),
            {"role": IndicatorRole.PROPOSED, "proposal": "Ändrat", "order": 1},
        ),
        "area_delete": (reverse("web:area_delete", args=[world.old_area.pk]), {}),
        "goal_delete": (reverse("web:goal_delete", args=[world.old_goal.pk]), {}),
        "section_delete": (reverse("web:section_delete", args=[world.old_section.pk]), {}),
        "goal_indicator_delete": (
            reverse("web:goal_indicator_delete", args=[world.old_link.pk]),
            {},
        ),
        "carryover_create": (reverse("web:carryover_create", args=[world.adopted.pk]), {}),
        "contribution_create": (reverse("web:contribution_create", args=[world.adopted.pk]), {}),
    }


def _content_snapshot(version):
    return (
        list(version.areas.values_list("title", "order")),
        list(Goal.objects.filter(area__version=version).values_list("title", flat=True)),
        list(version.sections.values_list("heading", flat=True)),
        list(
            GoalIndicator.objects.filter(goal__area__version=version).values_list(
                "proposal", "indicator_id"
            )
        ),
    )


@pytest.mark.parametrize(
    "name",
    [
        "area_create",
        "area_edit",
        "goal_create",
        "goal_edit",
        "section_create",
        "section_edit",
        "goal_indicator_create",
        "goal_indicator_edit",
        "area_delete",
        "goal_delete",
        "section_delete",
        "goal_indicator_delete",
        "carryover_create",
        "contribution_create",
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_the_content_of_an_adopted_version_cannot_be_changed(client, world, name, method):
    url, data = _locked_requests(world)[name]
    before = _content_snapshot(world.adopted)

    response = client.post(url, data) if method == "post" else client.get(url)

    assert response.status_code == 409
    assert response.context["message"] == swedish(locked_message(world.adopted))
    assert _content_snapshot(world.adopted) == before


def test_a_version_adopted_while_the_form_was_open_is_not_changed(client, world):
    """The view's check comes first, but the model's lock is the last word."""
    url = reverse("web:area_edit", args=[world.area.pk])
    client.get(url)
    Version.objects.filter(pk=world.draft.pk).update(status=VersionStatus.ADOPTED)

    response = client.post(url, {"title": "För sent", "order": 1})

    assert response.status_code == 409
    world.area.refresh_from_db()
    assert world.area.title == "Boende och närmiljö"


def test_the_models_lock_shows_on_the_form_when_it_is_the_one_that_refuses(world):
    world.draft.status = VersionStatus.DRAFT
    area = DevelopmentArea(version=world.draft, title="Område", order=1)
    form = forms.AreaForm({"title": "Område", "order": 1}, instance=area)
    assert form.is_valid()
    Version.objects.filter(pk=world.draft.pk).update(status=VersionStatus.ADOPTED)

    with pytest.raises(ValidationError) as refusal:
        area.save()
    form.add_validation_error(refusal.value)

    assert form.non_field_errors() == refusal.value.messages


# --- goals -----------------------------------------------------------------------------------


def test_coordinator_adds_a_goal_to_an_area(client, world):
    response = client.post(
        reverse("web:goal_create", args=[world.area.pk]),
        {"area": world.area.pk, "title": "Fler ska känna sig trygga", "note": "", "order": 2},
    )

    goal = Goal.objects.get(title="Fler ska känna sig trygga")
    assert response.status_code == 302
    assert response.url == f"/mal/{goal.pk}/"
    assert goal.area == world.area


def test_the_goal_form_offers_only_the_same_versions_areas(client, world):
    response = client.get(reverse("web:goal_create", args=[world.area.pk]))

    assert set(response.context["form"].fields["area"].queryset) == {
        world.area,
        world.spare_area,
    }
    assert response.context["form"]["area"].value() == world.area.pk


def test_a_goal_without_an_area_is_refused(client, world):
    before = Goal.objects.count()

    response = client.post(
        reverse("web:goal_create", args=[world.area.pk]),
        {"area": "", "title": "Mål utan område", "order": 1},
    )

    assert response.status_code == 200
    assert errors(response, "area") == [
        swedish(forms.GoalForm.base_fields["area"].error_messages["required"])
    ]
    assert 'href="#id_area"' in response.text
    assert 'aria-describedby="id_area_error"' in response.text
    assert Goal.objects.count() == before


def test_a_goal_cannot_move_to_an_area_of_another_version(client, world):
    response = client.post(
        reverse("web:goal_edit", args=[world.goal.pk]),
        {"area": world.old_area.pk, "title": world.goal.title, "order": 1},
    )

    assert response.status_code == 200
    assert errors(response, "area")
    world.goal.refresh_from_db()
    assert world.goal.area == world.area


def test_coordinator_moves_a_goal_to_another_area_of_the_version(client, world):
    response = client.post(
        reverse("web:goal_edit", args=[world.goal.pk]),
        {
            "area": world.spare_area.pk,
            "title": world.goal.title,
            "order": 1,
            "revision": current_revision(world.goal),
        },
    )

    assert response.status_code == 302
    assert response.url == f"/mal/{world.goal.pk}/"
    world.goal.refresh_from_db()
    assert world.goal.area == world.spare_area


# --- sections --------------------------------------------------------------------------------


def test_coordinator_adds_a_subsection(client, world):
    response = client.post(
        reverse("web:section_create", args=[world.draft.pk]),
        {
            "heading": "Bakgrund",
            "body": "Första stycket.\n\nAndra stycket.",
            "parent": world.section.pk,
            "area": world.area.pk,
            "order": 2,
        },
    )

    section = Section.objects.get(heading="Bakgrund")
    assert response.status_code == 302
    assert response.url == f"/versioner/{world.draft.pk}/"
    assert (section.version, section.parent, section.area) == (
        world.draft,
        world.section,
        world.area,
    )


def test_a_section_cannot_be_placed_inside_another_version_or_itself(client, world):
    child = SectionFactory(version=world.draft, parent=world.section, heading="Under")
    url = reverse("web:section_edit", args=[world.section.pk])

    for parent in (world.old_section, world.section, child):
        response = client.post(url, {"heading": "Inledning", "parent": parent.pk, "order": 1})

        assert response.status_code == 200
        assert errors(response, "parent")
    world.section.refresh_from_db()
    assert world.section.parent is None


def test_an_empty_section_is_refused(client, world):
    before = Section.objects.count()

    response = client.post(
        reverse("web:section_create", args=[world.draft.pk]), {"heading": " ", "order": 1}
    )

    assert response.status_code == 200
    assert errors(response)
    assert Section.objects.count() == before


def test_coordinator_changes_a_section(client, world):
    response = client.post(
        reverse("web:section_edit", args=[world.section.pk]),
        {
            "heading": "Inledning och syfte",
            "body": "Ny text.",
            "order": 1,
            "revision": current_revision(world.section),
        },
    )

    assert response.status_code == 302
    world.section.refresh_from_db()
    assert (world.section.heading, world.section.body) == ("Inledning och syfte", "Ny text.")


# --- goal indicators -------------------------------------------------------------------------


def test_coordinator_links_a_catalogue_indicator_with_a_target(client, world):
    indicator = IndicatorFactory(title="Andel som känner sig trygga ute på kvällen")

    response = client.post(
        reverse("web:goal_indicator_create", args=[world.goal.pk]),
        {
            "indicator": indicator.pk,
            "role": IndicatorRole.ADDITIONAL,
            "baseline_year": 2021,
            "target_value": "75.5",
            "target_year": 2030,
            "order": 2,
        },
    )

    assert response.status_code == 302
    assert response.url == f"/mal/{world.goal.pk}/"
    link = world.goal.indicator_links.get(indicator=indicator)
    assert (link.role, link.target_value, link.target_year) == (
        IndicatorRole.ADDITIONAL,
        Decimal("75.5"),
        2030,
    )


def test_coordinator_adds_a_proposed_indicator_not_yet_defined(client, world):
    response = client.post(
        reverse("web:goal_indicator_create", args=[world.goal.pk]),
        {"indicator": "", "role": IndicatorRole.PROPOSED, "proposal": "Mått på delaktighet"},
    )

    assert response.status_code == 302
    link = world.goal.indicator_links.get(proposal="Mått på delaktighet")
    assert link.indicator is None


def test_a_target_year_before_the_baseline_is_refused(client, world):
    before = GoalIndicator.objects.count()

    response = client.post(
        reverse("web:goal_indicator_create", args=[world.goal.pk]),
        {
            "indicator": IndicatorFactory().pk,
            "role": IndicatorRole.PRIMARY,
            "baseline_year": 2024,
            "target_value": "80",
            "target_year": 2020,
        },
    )

    assert response.status_code == 200
    expected = GoalIndicator(baseline_year=2024, target_year=2020, role=IndicatorRole.PROPOSED)
    with pytest.raises(ValidationError) as refusal:
        expected.clean()
    assert errors(response, "target_year") == [
        swedish(refusal.value.message_dict["target_year"][0])
    ]
    assert GoalIndicator.objects.count() == before


def test_a_target_year_before_the_baseline_is_refused_when_editing(client, world):
    response = client.post(
        reverse("web:goal_indicator_edit", args=[world.link.pk]),
        {
            "indicator": world.link.indicator_id,
            "role": IndicatorRole.PRIMARY,
            "baseline_year": 2024,
            "target_year": 2023,
        },
    )

    assert response.status_code == 200
    assert errors(response, "target_year")
    world.link.refresh_from_db()
    assert (world.link.baseline_year, world.link.target_year) == (None, None)


def test_an_indicator_the_goal_already_uses_is_refused(client, world):
    response = client.post(
        reverse("web:goal_indicator_create", args=[world.goal.pk]),
        {"indicator": world.link.indicator_id, "role": IndicatorRole.ADDITIONAL},
    )

    assert response.status_code == 200
    assert errors(response, "indicator") == ["Målet använder redan den här indikatorn."]
    assert world.goal.indicator_links.count() == 1


def test_a_primary_indicator_needs_a_catalogue_entry(client, world):
    response = client.post(
        reverse("web:goal_indicator_create", args=[world.goal.pk]),
        {"indicator": "", "role": IndicatorRole.PRIMARY, "proposal": "Något"},
    )

    assert response.status_code == 200
    assert errors(response, "indicator")
    assert world.goal.indicator_links.count() == 1


# --- deleting --------------------------------------------------------------------------------


def test_coordinator_deletes_an_empty_area_after_confirming(client, world):
    url = reverse("web:area_delete", args=[world.spare_area.pk])

    confirm = client.get(url)
    response = client.post(url)

    assert confirm.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in edit_form_html(confirm)
    assert response.status_code == 302
    assert response.url == f"/versioner/{world.draft.pk}/"
    assert not DevelopmentArea.objects.filter(pk=world.spare_area.pk).exists()


def test_an_area_that_still_has_goals_is_not_deleted(client, world):
    url = reverse("web:area_delete", args=[world.area.pk])

    confirm = client.get(url)
    response = client.post(url)

    assert confirm.status_code == 200
    assert 'class="edit-form"' not in confirm.text
    assert response.status_code == 409
    assert world.area.title in response.context["problem"]
    assert DevelopmentArea.objects.filter(pk=world.area.pk).exists()


def test_a_goal_that_still_has_indicators_is_not_deleted(client, world):
    response = client.post(reverse("web:goal_delete", args=[world.goal.pk]))

    assert response.status_code == 409
    assert response.context["problem"]
    assert Goal.objects.filter(pk=world.goal.pk).exists()


def test_coordinator_deletes_a_goal_its_indicator_link_and_a_section(client, world):
    link = client.post(reverse("web:goal_indicator_delete", args=[world.link.pk]))
    goal = client.post(reverse("web:goal_delete", args=[world.goal.pk]))
    section = client.post(reverse("web:section_delete", args=[world.section.pk]))

    assert (link.status_code, link.url) == (302, f"/mal/{world.goal.pk}/")
    assert (goal.status_code, goal.url) == (302, f"/omraden/{world.area.pk}/")
    assert (section.status_code, section.url) == (302, f"/versioner/{world.draft.pk}/")
    assert not GoalIndicator.objects.filter(pk=world.link.pk).exists()
    assert not Goal.objects.filter(pk=world.goal.pk).exists()
    assert not Section.objects.filter(pk=world.section.pk).exists()


def test_a_section_with_subsections_is_not_deleted(client, world):
    SectionFactory(version=world.draft, parent=world.section)

    response = client.post(reverse("web:section_delete", args=[world.section.pk]))

    assert response.status_code == 409
    assert Section.objects.filter(pk=world.section.pk).exists()
