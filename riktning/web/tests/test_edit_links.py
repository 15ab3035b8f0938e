"""The coordinator links versions and documents: carry-over of areas between versions,
contributions to goals of other documents, and the indicator catalogue (one entry per KPI)."""

import pytest
from django.urls import reverse

from riktning.indicators.constants import Direction, SourceKind
from riktning.indicators.models import Indicator
from riktning.strategy.constants import CarryOverKind
from riktning.strategy.models import AreaCarryOver, Contribution
from riktning.web.revisions import current_revision

from .edit_support import errors, two_versions


@pytest.fixture
def world(db):
    return two_versions()


@pytest.fixture
def client(personas):
    return personas["coordinator"]


# --- carry-over ------------------------------------------------------------------------------


def test_coordinator_maps_an_area_of_the_adopted_version_into_the_draft(client, world):
    response = client.post(
        reverse("web:carryover_create", args=[world.draft.pk]),
        {
            "from_area": world.old_area.pk,
            "kind": CarryOverKind.ONE_TO_ONE,
            "to_area": world.area.pk,
            "note": "Målgruppen vidgas till alla invånare.",
        },
    )

    assert response.status_code == 302
    carry = AreaCarryOver.objects.get()
    assert (carry.from_area, carry.to_area, carry.note) == (
        world.old_area,
        world.area,
        "Målgruppen vidgas till alla invånare.",
    )
    page = client.get(reverse("web:carryover", args=[world.draft.pk])).content.decode()
    assert world.old_area.title in page and "Fortsätter som" in page


def test_a_carry_over_between_areas_of_the_same_version_is_refused(client, world):
    response = client.post(
        reverse("web:carryover_create", args=[world.draft.pk]),
        {
            "from_area": world.spare_area.pk,
            "kind": CarryOverKind.ONE_TO_ONE,
            "to_area": world.area.pk,
        },
    )

    assert response.status_code == 200
    assert errors(response, "from_area") == [
        "Välj ett område i en annan version av samma dokument: en överföring kopplar samman "
        "områden i två olika versioner."
    ]
    assert AreaCarryOver.objects.count() == 0


def test_an_area_taken_up_in_a_goal_needs_the_goal(client, world):
    response = client.post(
        reverse("web:carryover_create", args=[world.draft.pk]),
        {"from_area": world.old_area.pk, "kind": CarryOverKind.AREA_TO_GOAL},
    )

    assert response.status_code == 200
    assert response.context["form"].errors
    assert AreaCarryOver.objects.count() == 0


# --- contributions ---------------------------------------------------------------------------


def test_coordinator_records_that_an_area_contributes_to_a_goal(client, world):
    response = client.post(
        reverse("web:contribution_create", args=[world.draft.pk]),
        {"from_area": world.spare_area.pk, "to_goal": world.old_goal.pk},
    )

    assert response.status_code == 302
    link = Contribution.objects.get()
    assert (link.from_area, link.to_goal) == (world.spare_area, world.old_goal)


def test_a_contribution_needs_a_source(client, world):
    response = client.post(
        reverse("web:contribution_create", args=[world.draft.pk]), {"to_goal": world.old_goal.pk}
    )

    assert response.status_code == 200
    assert response.context["form"].errors
    assert Contribution.objects.count() == 0


# --- the indicator catalogue -----------------------------------------------------------------


def indicator_form(**fields) -> dict:
    data = {
        "title": "Deltagartillfällen i idrottsföreningar",
        "definition": "Antal deltagartillfällen per invånare 7–20 år.",
        "source_kind": SourceKind.KOLADA,
        "source_key": "u09800",
        "unit": "antal/inv",
        "direction": Direction.INCREASE,
        "decimals": 1,
        "gender_split": "on",
        "frequency": "yearly",
        "comparison_areas": "0012,0000",
    }
    return data | fields


def test_coordinator_adds_a_kolada_indicator_to_the_catalogue(client, world):
    response = client.post(reverse("web:indicator_create"), indicator_form())

    assert response.status_code == 302
    indicator = Indicator.objects.get(source_key="U09800")
    assert indicator.direction == Direction.INCREASE
    assert response["Location"] == reverse("web:indicator_detail", args=[indicator.pk])


def test_a_second_indicator_for_the_same_kolada_kpi_is_refused(client, world):
    Indicator.objects.create(
        title="Idrott 7–20", source_kind=SourceKind.KOLADA, source_key="U09800"
    )

    response = client.post(reverse("web:indicator_create"), indicator_form())

    assert response.status_code == 200
    assert errors(response, "source_key") == [
        "Katalogen har redan en indikator för U09800: ”Idrott 7–20”. Koppla den i stället "
        "för att lägga till en dubblett."
    ]
    assert Indicator.objects.filter(source_key="U09800").count() == 1


def test_a_kolada_indicator_without_its_kpi_is_refused(client, world):
    response = client.post(reverse("web:indicator_create"), indicator_form(source_key=""))

    assert response.status_code == 200
    assert errors(response, "source_key")
    assert not Indicator.objects.filter(title="Deltagartillfällen i idrottsföreningar").exists()


def test_coordinator_changes_an_indicators_direction(client, world):
    indicator = world.link.indicator

    response = client.post(
        reverse("web:indicator_edit", args=[indicator.pk]),
        indicator_form(
            title=indicator.title,
            source_kind=SourceKind.SURVEY,
            source_key="",
            direction="decrease",
            revision=current_revision(indicator),
        ),
    )

    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.direction == Direction.DECREASE
    assert indicator.history.count() == 2
