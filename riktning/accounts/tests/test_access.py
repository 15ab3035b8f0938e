"""Who may do what, one rule per test."""

import pytest

from riktning.accounts import access
from riktning.accounts.constants import OrganisationKind
from riktning.accounts.tests.factories import OrganisationFactory
from riktning.strategy.constants import VersionStatus
from riktning.strategy.tests.factories import VersionFactory

pytestmark = pytest.mark.django_db


class Anonymous:
    is_authenticated = False


@pytest.mark.parametrize(
    "status, anonymous_sees",
    [
        (VersionStatus.ADOPTED, True),
        (VersionStatus.REPEALED, True),
        (VersionStatus.CONSULTATION, False),
        (VersionStatus.DRAFT, False),
    ],
)
def test_the_public_sees_adopted_versions_only(status, anonymous_sees, reader):
    version = VersionFactory(status=status)
    assert access.can_view_version(Anonymous(), version) is anonymous_sees
    assert access.can_view_version(reader, version) is True
    assert (version in access.visible_versions(Anonymous())) is anonymous_sees


def test_a_fetch_of_a_draft_by_an_anonymous_visitor_asks_for_a_login():
    version = VersionFactory(status=VersionStatus.DRAFT)
    with pytest.raises(access.LoginRequired):
        access.get_version_for_view(Anonymous(), version.pk)


def test_only_coordinators_manage_the_strategy(coordinator, social_editor, reader):
    assert access.can_manage_strategy(coordinator)
    assert not access.can_manage_strategy(social_editor)
    assert not access.can_manage_strategy(reader)
    assert not access.can_manage_strategy(Anonymous())


def test_even_a_coordinator_cannot_edit_an_adopted_version(coordinator):
    assert access.can_edit_version(coordinator, VersionFactory(status=VersionStatus.DRAFT))
    assert not access.can_edit_version(coordinator, VersionFactory(status=VersionStatus.ADOPTED))


def test_an_editor_acts_for_their_own_organisation_only(orgs, social_editor, bildning_editor):
    assert access.can_act_for(social_editor, orgs["social"])
    assert not access.can_act_for(social_editor, orgs["bildning"])
    assert access.can_act_for(bildning_editor, orgs["bildning"])


def test_a_reader_acts_for_no_one(orgs, reader):
    assert not access.can_act_for(reader, orgs["kommun"])


def test_a_coordinator_acts_for_any_organisation(orgs, coordinator):
    other = OrganisationFactory(name="AB TrelleborgsHem", kind=OrganisationKind.COMPANY)
    assert access.can_act_for(coordinator, other)
    assert access.can_act_for(coordinator, orgs["social"])


# --- indicator values -------------------------------------------------------------------------


def _indicator(responsible):
    from riktning.strategy.tests.factories import IndicatorFactory

    return IndicatorFactory(responsible=responsible)


def test_the_coordinator_enters_values_for_every_indicator(orgs, coordinator):
    assert access.can_enter_data(coordinator, _indicator(orgs["bildning"]))
    assert access.can_enter_data(coordinator, _indicator(None))


def test_an_editor_enters_values_for_their_own_organisations_indicators_only(
    orgs, social_editor, bildning_editor
):
    theirs = _indicator(orgs["social"])
    assert access.can_enter_data(social_editor, theirs)
    assert not access.can_enter_data(bildning_editor, theirs)
    assert not access.can_enter_data(social_editor, _indicator(None))


def test_an_editor_enters_values_for_a_unit_of_their_organisation(
    orgs, social_editor, bildning_editor
):
    unit = OrganisationFactory(
        name="Familjecentralen", kind=OrganisationKind.DEPARTMENT, parent=orgs["social"]
    )
    assert access.can_enter_data(social_editor, _indicator(unit))
    assert not access.can_enter_data(bildning_editor, _indicator(unit))


def test_readers_and_anonymous_visitors_never_enter_values(orgs, reader):
    indicator = _indicator(orgs["kommun"])
    assert not access.can_enter_data(reader, indicator)
    assert not access.can_enter_data(Anonymous(), indicator)


def test_the_data_entry_fetcher_asks_for_a_login_refuses_or_finds_nothing(
    orgs, social_editor, bildning_editor
):
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    indicator = _indicator(orgs["social"])
    assert access.get_indicator_for_data_entry(social_editor, indicator.pk) == indicator
    with pytest.raises(access.LoginRequired):
        access.get_indicator_for_data_entry(Anonymous(), indicator.pk)
    with pytest.raises(PermissionDenied):
        access.get_indicator_for_data_entry(bildning_editor, indicator.pk)
    with pytest.raises(Http404):
        access.get_indicator_for_data_entry(social_editor, 99999)
