"""Who may give an indicator's values, one rule per test."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from riktning.accounts.access import LoginRequired
from riktning.accounts.constants import OrganisationKind
from riktning.accounts.tests.factories import OrganisationFactory
from riktning.indicators import access
from riktning.strategy.tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db


class Anonymous:
    is_authenticated = False


def _indicator(responsible):
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
    indicator = _indicator(orgs["social"])
    assert access.get_indicator_for_data_entry(social_editor, indicator.pk) == indicator
    with pytest.raises(LoginRequired):
        access.get_indicator_for_data_entry(Anonymous(), indicator.pk)
    with pytest.raises(PermissionDenied):
        access.get_indicator_for_data_entry(bildning_editor, indicator.pk)
    with pytest.raises(Http404):
        access.get_indicator_for_data_entry(social_editor, 99999)
