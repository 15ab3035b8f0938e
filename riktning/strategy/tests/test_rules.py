"""The steering model's rules: status transitions, adopted versions frozen, mapping rules."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from riktning.accounts.constants import OrganisationKind
from riktning.accounts.tests.factories import OrganisationFactory
from riktning.audit.models import Event
from riktning.indicators.constants import SourceKind
from riktning.indicators.models import Indicator
from riktning.strategy import services
from riktning.strategy.constants import CarryOverKind, IndicatorRole, VersionStatus
from riktning.strategy.models import (
    AreaCarryOver,
    DevelopmentArea,
    Goal,
    GoalIndicator,
    Section,
    Version,
    VersionStatusChange,
)

from .factories import (
    AreaFactory,
    GoalFactory,
    GoalIndicatorFactory,
    IndicatorFactory,
    VersionFactory,
    strategy_with_content,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def council():
    return OrganisationFactory(
        name="Kommunfullmäktige", short_name="KF", kind=OrganisationKind.COUNCIL
    )


def test_a_draft_goes_to_consultation_and_is_adopted_with_its_decision_logged(council):
    version = VersionFactory()
    services.change_version_status(version, VersionStatus.CONSULTATION, note="Svar senast 1 dec")
    services.change_version_status(
        version,
        VersionStatus.ADOPTED,
        decided_by=council,
        decision_date=datetime.date(2023, 5, 22),
        paragraph="134",
        case_number="KS 2023/474",
    )
    version.refresh_from_db()
    assert version.status == VersionStatus.ADOPTED
    log = list(version.status_log().values_list("from_status", "to_status"))
    assert log == [("draft", "consultation"), ("consultation", "adopted")]
    adoption = version.status_log().last()
    assert adoption.decision_reference == "KF 2023-05-22 § 134, KS 2023/474"
    assert (
        Event.objects.filter(verb="version_status_changed", object_id=str(version.pk)).count() == 2
    )


@pytest.mark.parametrize(
    "start, target",
    [
        (VersionStatus.ADOPTED, VersionStatus.DRAFT),
        (VersionStatus.ADOPTED, VersionStatus.CONSULTATION),
        (VersionStatus.CONSULTATION, VersionStatus.DRAFT),
        (VersionStatus.REPEALED, VersionStatus.ADOPTED),
        (VersionStatus.DRAFT, VersionStatus.DRAFT),
    ],
)
def test_an_impossible_status_move_is_refused_and_logs_nothing(start, target, council):
    version = VersionFactory(status=start)
    with pytest.raises(ValidationError):
        services.change_version_status(version, target, decided_by=council)
    version.refresh_from_db()
    assert version.status == start
    assert not VersionStatusChange.objects.filter(version=version).exists()


def test_adoption_needs_the_deciding_body():
    version = VersionFactory()
    with pytest.raises(ValidationError, match="vilket organ som fattade beslutet"):
        services.change_version_status(version, VersionStatus.ADOPTED)
    assert Version.objects.get(pk=version.pk).status == VersionStatus.DRAFT


def test_a_decision_date_in_the_future_is_refused(council):
    version = VersionFactory()
    with pytest.raises(ValidationError):
        services.change_version_status(
            version,
            VersionStatus.ADOPTED,
            decided_by=council,
            decision_date=datetime.date.today() + datetime.timedelta(days=3),  # noqa: DTZ011
        )


def test_adopting_a_new_version_repeals_the_one_it_replaces(council):
    old = strategy_with_content(VersionStatus.ADOPTED)
    new = services.create_version_from(old, title="Reviderad strategi")
    services.change_version_status(new, VersionStatus.ADOPTED, decided_by=council)
    old.refresh_from_db()
    assert old.status == VersionStatus.REPEALED
    assert "Reviderad strategi" in old.status_log().last().note


def test_an_adopted_version_and_its_content_cannot_be_changed_in_place():
    version = strategy_with_content(VersionStatus.ADOPTED)
    area = version.areas.get()
    goal = area.goals.get()
    version.title = "Nytt namn"
    with pytest.raises(ValidationError, match="Skapa en ny version"):
        version.save()
    area.title = "Ändrat område"
    with pytest.raises(ValidationError):
        area.save()
    with pytest.raises(ValidationError):
        DevelopmentArea.objects.create(version=version, title="Nytt område")
    with pytest.raises(ValidationError):
        Goal.objects.create(area=area, title="Nytt mål")
    with pytest.raises(ValidationError):
        goal.delete()
    with pytest.raises(ValidationError):
        Section.objects.create(version=version, heading="Nytt avsnitt")
    with pytest.raises(ValidationError):
        GoalIndicatorFactory(goal=goal)
    assert Version.objects.get(pk=version.pk).title != "Nytt namn"
    assert DevelopmentArea.objects.get(pk=area.pk).title == "Föräldrastöd"
    assert Goal.objects.filter(pk=goal.pk).exists()


def test_a_draft_can_be_edited():
    version = strategy_with_content(VersionStatus.DRAFT)
    area = version.areas.get()
    area.title = "Stöd och relationer genom livet"
    area.save()
    assert DevelopmentArea.objects.get(pk=area.pk).title == "Stöd och relationer genom livet"


def test_a_new_version_copies_the_content_and_maps_every_area_one_to_one():
    old = strategy_with_content(VersionStatus.ADOPTED)
    new = services.create_version_from(old, title="Strategi 2024–2030")
    assert new.status == VersionStatus.DRAFT
    assert new.based_on == old
    assert new.number == old.number + 1
    assert [a.title for a in new.areas.all()] == [a.title for a in old.areas.all()]
    new_goal = Goal.objects.get(area__version=new)
    assert (
        new_goal.indicator_links.get().indicator
        == old.areas.get().goals.get().indicator_links.get().indicator
    )
    carry = AreaCarryOver.objects.get(to_area__version=new)
    assert carry.from_area.version == old and carry.kind == CarryOverKind.ONE_TO_ONE
    assert new.sections.count() == old.sections.count()
    # the old version is untouched
    assert Version.objects.get(pk=old.pk).status == VersionStatus.ADOPTED


def test_a_goal_needs_an_area():
    goal = Goal(title="Mål utan område")
    with pytest.raises(ValidationError) as error:
        goal.full_clean()
    assert "area" in error.value.message_dict


def test_a_target_year_before_the_baseline_is_refused():
    link = GoalIndicatorFactory.build(
        goal=GoalFactory(), indicator=IndicatorFactory(), baseline_year=2021, target_year=2019
    )
    with pytest.raises(ValidationError) as error:
        link.full_clean()
    assert "target_year" in error.value.message_dict


def test_only_a_proposed_indicator_may_lack_a_definition_in_the_catalogue():
    goal = GoalFactory()
    proposed = GoalIndicator(goal=goal, role=IndicatorRole.PROPOSED, proposal="Tas fram senare")
    proposed.full_clean()
    primary = GoalIndicator(goal=goal, role=IndicatorRole.PRIMARY)
    with pytest.raises(ValidationError) as error:
        primary.full_clean()
    assert "indicator" in error.value.message_dict


def test_a_carry_over_between_areas_of_the_same_version_is_refused():
    version = VersionFactory()
    a, b = AreaFactory(version=version), AreaFactory(version=version)
    carry = AreaCarryOver(from_area=a, to_area=b, kind=CarryOverKind.ONE_TO_ONE)
    with pytest.raises(ValidationError) as error:
        carry.full_clean()
    assert "to_area" in error.value.message_dict


def test_a_carry_over_goes_to_a_later_version_of_the_same_document():
    old = VersionFactory(number=1)
    new = VersionFactory(document=old.document, number=2)
    backwards = AreaCarryOver(
        from_area=AreaFactory(version=new),
        to_area=AreaFactory(version=old),
        kind=CarryOverKind.ONE_TO_ONE,
    )
    with pytest.raises(ValidationError):
        backwards.full_clean()
    forwards = AreaCarryOver(
        from_area=AreaFactory(version=old),
        to_area=AreaFactory(version=new),
        kind=CarryOverKind.MANY_TO_ONE,
    )
    forwards.full_clean()


def test_an_area_can_live_on_inside_a_goal_of_another_document():
    old = VersionFactory()
    goal = GoalFactory()
    carry = AreaCarryOver(
        from_area=AreaFactory(version=old, title="Lyssna på barn och unga"),
        to_goal=goal,
        kind=CarryOverKind.AREA_TO_GOAL,
    )
    carry.full_clean()
    carry.kind = CarryOverKind.ONE_TO_ONE
    with pytest.raises(ValidationError):
        carry.full_clean()


def test_the_catalogue_holds_one_indicator_per_kolada_kpi():
    Indicator.objects.create(
        title="Åk 9 alla ämnen", source_kind=SourceKind.KOLADA, source_key="N15418"
    )
    duplicate = Indicator(title="Samma igen", source_kind=SourceKind.KOLADA, source_key="n15418")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "Åk 9 alla ämnen" in str(error.value)


def test_a_kolada_indicator_needs_its_kpi_id():
    with pytest.raises(ValidationError):
        Indicator(title="Utan nyckel", source_kind=SourceKind.KOLADA).full_clean()


def test_one_indicator_serves_several_goals():
    indicator = IndicatorFactory()
    GoalIndicatorFactory(indicator=indicator)
    GoalIndicatorFactory(indicator=indicator)
    assert indicator.goal_links.count() == 2
    assert Indicator.objects.count() == 1


def test_history_records_who_changed_what():
    area = AreaFactory(title="Före")
    area.title = "Efter"
    area.save()
    assert [h.title for h in area.history.all()] == ["Efter", "Före"]


def test_status_change_rows_are_never_updated(council):
    version = VersionFactory()
    change = services.change_version_status(version, VersionStatus.CONSULTATION)
    change.note = "ändrad"
    with pytest.raises(RuntimeError):
        change.save()
